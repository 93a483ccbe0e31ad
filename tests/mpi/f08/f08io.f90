! MPI I/O through mpi_f08, as a Fortran solver writes its fields: a 2-D array decomposed in
! column blocks written with a subarray view (MPI_File_write_all), read back by each rank from
! the other end with MPI_File_read_at; a header by rank 0 and MPI_File_get_size; ordered records
! at the shared pointer; MPI_DISPLACEMENT_CURRENT in a sequential file; a Fortran file error
! handler. Any number of ranks; rank 0 prints " No Errors" when all agree.
module f08io_cb
    use mpi_f08
    implicit none
    integer :: handler_calls = 0, handler_code = 0
contains
    subroutine on_error(fh, code)
        type(MPI_File) :: fh
        integer :: code
        handler_calls = handler_calls + 1
        handler_code = code
        if (fh == MPI_FILE_NULL) handler_calls = -1000
    end subroutine
end module

program f08io
    use mpi_f08
    use f08io_cb
    implicit none
    integer, parameter :: nx = 12, ncol = 5
    integer :: rank, nprocs, errs, i, j, other, cnt, ierr, cls, amode
    integer :: gsizes(2), lsizes(2), starts(2)
    double precision :: a(nx, ncol), b(nx, ncol)
    integer :: rec(3)
    character(len=256) :: fname
    character(len=MPI_MAX_DATAREP_STRING) :: rep
    type(MPI_File) :: fh
    type(MPI_Datatype) :: ftype, et, ft
    type(MPI_Status) :: st
    type(MPI_Errhandler) :: eh
    integer(kind=MPI_OFFSET_KIND) :: hdr, fsize, pos, disp

    errs = 0
    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Comm_size(MPI_COMM_WORLD, nprocs)
    i = 0
    if (rank == 0) i = getpid_()
    call MPI_Bcast(i, 1, MPI_INTEGER, 0, MPI_COMM_WORLD)
    write (fname, '(a,i0)') '/tmp/oml-f08io-', i

    ! columns rank*ncol+1 .. of a global nx x (ncol*nprocs) array, after a 16-byte header
    do j = 1, ncol
        do i = 1, nx
            a(i, j) = 1000.0d0 * (rank * ncol + j) + i
        end do
    end do
    gsizes = [nx, ncol * nprocs]
    lsizes = [nx, ncol]
    starts = [0, rank * ncol]
    call MPI_Type_create_subarray(2, gsizes, lsizes, starts, MPI_ORDER_FORTRAN, &
                                  MPI_DOUBLE_PRECISION, ftype)
    call MPI_Type_commit(ftype)
    call MPI_File_open(MPI_COMM_WORLD, fname, ior(MPI_MODE_CREATE, MPI_MODE_RDWR), &
                       MPI_INFO_NULL, fh)
    hdr = 16
    if (rank == 0) then
        rec = [nx, ncol * nprocs, 42]
        call MPI_File_write_at(fh, 0_MPI_OFFSET_KIND, rec, 3, MPI_INTEGER, st)
    end if
    call MPI_File_set_view(fh, hdr, MPI_DOUBLE_PRECISION, ftype, 'native', MPI_INFO_NULL)
    call MPI_File_write_all(fh, a, nx * ncol, MPI_DOUBLE_PRECISION, st)
    call MPI_Get_count(st, MPI_DOUBLE_PRECISION, cnt)
    if (cnt /= nx * ncol) errs = errs + 1
    call MPI_File_get_view(fh, disp, et, ft, rep)
    if (disp /= hdr .or. et /= MPI_DOUBLE_PRECISION .or. rep /= 'native') errs = errs + 1
    call MPI_Type_free(ft)
    call MPI_File_set_view(fh, 0_MPI_OFFSET_KIND, MPI_BYTE, MPI_BYTE, 'native', MPI_INFO_NULL)
    call MPI_Barrier(MPI_COMM_WORLD)
    call MPI_File_get_size(fh, fsize)
    if (fsize /= hdr + 8_MPI_OFFSET_KIND * nx * ncol * nprocs) errs = errs + 1
    ! the neighbour's columns are contiguous in the file: one explicit-offset read
    other = nprocs - 1 - rank
    call MPI_File_read_at(fh, hdr + 8_MPI_OFFSET_KIND * nx * ncol * other, b, nx * ncol, &
                          MPI_DOUBLE_PRECISION, st)
    do j = 1, ncol
        do i = 1, nx
            if (b(i, j) /= 1000.0d0 * (other * ncol + j) + i) errs = errs + 1
        end do
    end do
    rec = 0
    call MPI_File_read_at(fh, 0_MPI_OFFSET_KIND, rec, 3, MPI_INTEGER, st)
    if (any(rec /= [nx, ncol * nprocs, 42])) errs = errs + 1
    ! ordered records after the data
    call MPI_File_seek_shared(fh, fsize, MPI_SEEK_SET)
    rec = [rank, rank * 2, rank * 3]
    call MPI_File_write_ordered(fh, rec, 3, MPI_INTEGER, st)
    call MPI_File_get_position_shared(fh, pos)
    if (pos /= fsize + 12_MPI_OFFSET_KIND * nprocs) errs = errs + 1
    call MPI_Barrier(MPI_COMM_WORLD)
    rec = -1
    call MPI_File_read_at_all(fh, fsize + 12_MPI_OFFSET_KIND * other, rec, 3, MPI_INTEGER, st)
    if (any(rec /= [other, other * 2, other * 3])) errs = errs + 1
    ! a Fortran error handler on the file
    call MPI_File_create_errhandler(on_error, eh)
    call MPI_File_set_errhandler(fh, eh)
    call MPI_File_seek(fh, -1_MPI_OFFSET_KIND, MPI_SEEK_SET, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_ARG .or. handler_calls /= 1 .or. handler_code /= MPI_ERR_ARG) &
        errs = errs + 1
    call MPI_Errhandler_free(eh)
    call MPI_File_close(fh)
    if (fh /= MPI_FILE_NULL) errs = errs + 1

    ! sequential and appending: the view starts where the file ends
    call MPI_File_open(MPI_COMM_WORLD, fname, &
                       ior(ior(MPI_MODE_WRONLY, MPI_MODE_SEQUENTIAL), &
                           ior(MPI_MODE_APPEND, MPI_MODE_DELETE_ON_CLOSE)), MPI_INFO_NULL, fh)
    call MPI_File_get_amode(fh, amode)
    if (iand(amode, MPI_MODE_SEQUENTIAL) == 0) errs = errs + 1
    call MPI_File_set_view(fh, MPI_DISPLACEMENT_CURRENT, MPI_INTEGER, MPI_INTEGER, 'native', &
                           MPI_INFO_NULL)
    call MPI_File_get_view(fh, disp, et, ft, rep)
    if (disp /= fsize + 12_MPI_OFFSET_KIND * nprocs) errs = errs + 1
    call MPI_File_close(fh)
    ! gone (delete on close): opening it fails with the default handler, MPI_ERRORS_RETURN
    call MPI_File_open(MPI_COMM_WORLD, fname, MPI_MODE_RDONLY, MPI_INFO_NULL, fh, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_NO_SUCH_FILE) errs = errs + 1
    call MPI_Type_free(ftype)

    call MPI_Allreduce(MPI_IN_PLACE, errs, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    call MPI_Finalize()
    if (rank == 0 .and. errs == 0) print '(a)', ' No Errors'
    if (rank == 0 .and. errs /= 0) print '(a,i0)', ' Found errors: ', errs
contains
    integer function getpid_()
        interface
            integer(c_int) function c_getpid() bind(C, name='getpid')
                use, intrinsic :: iso_c_binding, only: c_int
            end function
        end interface
        getpid_ = int(c_getpid())
    end function
end program
