! MPI-4.1's buffered-send buffers and status and pair-type calls through `use mpi_f08`: a buffer
! attached to a duplicate of MPI_COMM_WORLD carries rank 0's buffered sends to rank 1 and is
! detached (its size given back); MPI_BUFFER_AUTOMATIC on the process; MPI_Comm_iflush_buffer
! completed by MPI_Wait; MPI_Status_get_source/tag and set_error; MPI_Type_get_value_index for
! the Fortran pairs. Rank 0 prints " No Errors" when all ranks agree.
program f08bsendbuf
    use mpi_f08
    implicit none
    type(MPI_Comm) :: comm
    type(MPI_Status) :: st
    type(MPI_Request) :: req
    type(MPI_Datatype) :: pair
    integer, parameter :: n = 100
    integer :: rank, nranks, errs, total, k, bsize, v
    integer :: msg(n), got(n)
    integer, allocatable :: buf(:)
    real :: rin(2), rout(2)

    errs = 0
    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Comm_size(MPI_COMM_WORLD, nranks)
    call MPI_Comm_dup(MPI_COMM_WORLD, comm)

    ! a communicator's buffer, room for two messages
    allocate(buf((2 * (4 * n + MPI_BSEND_OVERHEAD)) / 4 + 1))
    call MPI_Comm_attach_buffer(comm, buf, 4 * size(buf))
    if (rank == 0) then
        do k = 1, 2
            msg = [(k * 1000 + v, v = 1, n)]
            call MPI_Bsend(msg, n, MPI_INTEGER, 1, k, comm)
        end do
    else if (rank == 1) then
        do k = 2, 1, -1
            call MPI_Recv(got, n, MPI_INTEGER, 0, k, comm, st)
            if (any(got /= [(k * 1000 + v, v = 1, n)])) errs = errs + 1
            call MPI_Status_get_source(st, v)
            if (v /= 0) errs = errs + 1
            call MPI_Status_get_tag(st, v)
            if (v /= k) errs = errs + 1
        end do
    end if
    call MPI_Comm_iflush_buffer(comm, req)
    call MPI_Wait(req, MPI_STATUS_IGNORE)
    bsize = -1
    call MPI_Comm_detach_buffer(comm, buf, bsize)
    if (bsize /= 4 * size(buf)) errs = errs + 1

    ! the process's buffer, automatic
    call MPI_Buffer_attach(MPI_BUFFER_AUTOMATIC, 0)
    if (rank == 0) then
        msg = 7
        call MPI_Bsend(msg, n, MPI_INTEGER, 1, 9, MPI_COMM_WORLD)
    else if (rank == 1) then
        call MPI_Recv(got, n, MPI_INTEGER, 0, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE)
        if (any(got /= 7)) errs = errs + 1
    end if
    call MPI_Buffer_flush()
    call MPI_Buffer_detach(buf, bsize)
    if (bsize /= 0) errs = errs + 1

    call MPI_Status_set_error(st, MPI_ERR_TAG)
    call MPI_Status_get_error(st, v)
    if (v /= MPI_ERR_TAG .or. st%MPI_ERROR /= MPI_ERR_TAG) errs = errs + 1

    call MPI_Type_get_value_index(MPI_REAL, MPI_REAL, pair)
    if (pair /= MPI_2REAL) errs = errs + 1
    call MPI_Type_get_value_index(MPI_INTEGER, MPI_INTEGER, pair)
    if (pair /= MPI_2INTEGER) errs = errs + 1
    call MPI_Type_get_value_index(MPI_REAL, MPI_INTEGER, pair)
    if (pair /= MPI_DATATYPE_NULL) errs = errs + 1
    call MPI_Type_get_value_index(MPI_DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, pair)
    rin = [real(mod(rank, 2)), real(rank)]
    call MPI_Type_get_value_index(MPI_REAL, MPI_REAL, pair)
    call MPI_Allreduce(rin, rout, 1, pair, MPI_MAXLOC, MPI_COMM_WORLD)
    if (rout(1) /= real(min(nranks - 1, 1)) .or. rout(2) /= real(min(nranks - 1, 1))) &
        errs = errs + 1

    call MPI_Comm_free(comm)
    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    call MPI_Finalize()
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
end program
