! MPI_Pack_external, MPI_Unpack_external and MPI_Pack_external_size through `use mpi_f08`:
! the external32 bytes of an INTEGER, a DOUBLE PRECISION and a COMPLEX (big-endian), the
! size, the round trip, and a representation that does not exist. Rank 0 prints " No Errors".
program f08packext
    use mpi_f08
    implicit none
    integer :: rank, errs, total, ierr, i, ival(2), iback(2)
    double precision :: d, dback
    complex :: z, zback
    character(len=1) :: buf(40)
    integer(kind=MPI_ADDRESS_KIND) :: pos, size
    integer, parameter :: want(24) = [1, 2, 3, 4, 255, 255, 255, 254, 192, 32, 128, 0, 0, 0, &
                                      0, 0, 63, 192, 0, 0, 192, 64, 0, 0]

    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    errs = 0

    call MPI_Pack_external_size('external32', 2, MPI_INTEGER, size)
    if (size /= 8) errs = errs + 1
    call MPI_Pack_external_size('external32', 3, MPI_DOUBLE_COMPLEX, size)
    if (size /= 48) errs = errs + 1

    ival = [16909060, -2]
    d = -8.25d0
    z = cmplx(1.5, -3.0)
    pos = 0
    call MPI_Pack_external('external32', ival, 2, MPI_INTEGER, buf, 40_MPI_ADDRESS_KIND, pos, ierr)
    if (ierr /= MPI_SUCCESS) errs = errs + 1
    call MPI_Pack_external('external32', d, 1, MPI_DOUBLE_PRECISION, buf, 40_MPI_ADDRESS_KIND, pos)
    call MPI_Pack_external('external32', z, 1, MPI_COMPLEX, buf, 40_MPI_ADDRESS_KIND, pos)
    if (pos /= 24) errs = errs + 1
    do i = 1, 24
        if (ichar(buf(i)) /= want(i)) then
            errs = errs + 1
            print *, 'rank', rank, ': byte', i, 'is', ichar(buf(i)), 'want', want(i)
        end if
    end do

    pos = 0
    call MPI_Unpack_external('external32', buf, 24_MPI_ADDRESS_KIND, pos, iback, 2, MPI_INTEGER)
    call MPI_Unpack_external('external32', buf, 24_MPI_ADDRESS_KIND, pos, dback, 1, &
                             MPI_DOUBLE_PRECISION)
    call MPI_Unpack_external('external32', buf, 24_MPI_ADDRESS_KIND, pos, zback, 1, MPI_COMPLEX)
    if (any(iback /= ival) .or. dback /= d .or. zback /= z .or. pos /= 24) errs = errs + 1

    call MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)
    pos = 0
    call MPI_Pack_external('native', ival, 2, MPI_INTEGER, buf, 40_MPI_ADDRESS_KIND, pos, ierr)
    if (ierr == MPI_SUCCESS .or. pos /= 0) errs = errs + 1

    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
    call MPI_Finalize()
end program
