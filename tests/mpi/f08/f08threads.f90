! mpif90 flags: -fopenmp
! MPI_THREAD_MULTIPLE through `use mpi_f08` from OpenMP threads: four threads per rank, each
! with its own duplicate of MPI_COMM_WORLD (made before the parallel region) and its own derived
! datatype, exchange around a ring and allreduce on it at the same time, so the Fortran glue and
! its handle tables are used from several threads at once. Rank 0 prints " No Errors" when all
! ranks agree.
program f08threads
    use mpi_f08
    use omp_lib
    implicit none
    integer, parameter :: nt = 4, rounds = 20
    integer :: provided, rank, t, errs, total
    type(MPI_Comm) :: comms(nt)

    call MPI_Init_thread(MPI_THREAD_MULTIPLE, provided)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    errs = 0
    if (provided /= MPI_THREAD_MULTIPLE) errs = errs + 1
    do t = 1, nt
        call MPI_Comm_dup(MPI_COMM_WORLD, comms(t))
    end do
    !$omp parallel num_threads(nt) private(t) reduction(+:errs)
    t = omp_get_thread_num() + 1
    errs = errs + work(comms(t), t)
    !$omp end parallel
    do t = 1, nt
        call MPI_Comm_free(comms(t))
    end do
    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
    if (rank == 0 .and. total /= 0) print '(a,i0)', ' Errors: ', total
    call MPI_Finalize()
contains
    integer function work(comm, t)
        type(MPI_Comm), intent(in) :: comm
        integer, intent(in) :: t
        integer :: r, n, right, left, i, s
        integer :: sbuf(8), rbuf(8)
        type(MPI_Request) :: req(2)
        type(MPI_Datatype) :: vec
        work = 0
        call MPI_Comm_rank(comm, r)
        call MPI_Comm_size(comm, n)
        right = mod(r + 1, n)
        left = mod(r + n - 1, n)
        call MPI_Type_contiguous(8, MPI_INTEGER, vec)
        call MPI_Type_commit(vec)
        do i = 1, rounds
            sbuf = r * 1000 + t * 100 + i
            rbuf = -1
            call MPI_Irecv(rbuf, 1, vec, left, t, comm, req(2))
            call MPI_Isend(sbuf, 1, vec, right, t, comm, req(1))
            call MPI_Waitall(2, req, MPI_STATUSES_IGNORE)
            if (any(rbuf /= left * 1000 + t * 100 + i)) work = work + 1
            call MPI_Allreduce(t, s, 1, MPI_INTEGER, MPI_SUM, comm)
            if (s /= t * n) work = work + 1
        end do
        call MPI_Type_free(vec)
    end function
end program
