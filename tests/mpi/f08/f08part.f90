! Partitioned communication through `use mpi_f08`: a ring where the sender has 6 partitions
! and the receiver 3 (counts of KIND=MPI_COUNT_KIND), two rounds, partitions made ready by
! MPI_Pready_list and MPI_Pready in a scrambled order, arrival polled with MPI_Parrived.
! Rank 0 prints " No Errors" when all ranks agree.
program f08part
    use mpi_f08
    implicit none
    integer, parameter :: n = 600
    integer :: rank, size, right, left, round, i, p, errs, total
    integer :: sbuf(n), rbuf(n)
    integer(kind=MPI_COUNT_KIND) :: scount, rcount
    type(MPI_Request) :: req(2)
    logical :: flag

    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Comm_size(MPI_COMM_WORLD, size)
    right = mod(rank + 1, size)
    left = mod(rank + size - 1, size)
    errs = 0
    sbuf = 0
    scount = n / 6
    rcount = n / 3
    call MPI_Psend_init(sbuf, 6, scount, MPI_INTEGER, right, 4, MPI_COMM_WORLD, MPI_INFO_NULL, req(1))
    call MPI_Precv_init(rbuf, 3, rcount, MPI_INTEGER, left, 4, MPI_COMM_WORLD, MPI_INFO_NULL, req(2))
    do round = 1, 2
        rbuf = -1
        call MPI_Startall(2, req)
        do i = 1, n
            sbuf(i) = round * 100000 + rank * 1000 + i
        end do
        call MPI_Pready_list(3, [5, 1, 3], req(1))
        call MPI_Pready(0, req(1))
        call MPI_Pready_range(2, 2, req(1))
        call MPI_Pready(4, req(1))
        do p = 2, 0, -1
            flag = .false.
            do while (.not. flag)
                call MPI_Parrived(req(2), p, flag)
            end do
        end do
        call MPI_Waitall(2, req, MPI_STATUSES_IGNORE)
        do i = 1, n
            if (rbuf(i) /= round * 100000 + left * 1000 + i) errs = errs + 1
        end do
    end do
    call MPI_Request_free(req(1))
    call MPI_Request_free(req(2))
    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
    if (rank == 0 .and. total /= 0) print '(a,i0)', ' Errors: ', total
    call MPI_Finalize()
end program
