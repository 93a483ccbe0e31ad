! The standard ABI's calls through `use mpi_f08`: MPI_Abi_get_version before MPI_Init and after,
! MPI_Abi_get_info, and MPI_Abi_get_fortran_info, whose sizes must be those of this compiler's
! default LOGICAL, INTEGER, REAL and DOUBLE PRECISION; giving the object back with
! MPI_Abi_set_fortran_info is accepted. Rank 0 prints " No Errors" when all ranks agree.
program f08abi
    use mpi_f08
    implicit none
    type(MPI_Info) :: info
    integer :: major, minor, errs, total, rank
    logical :: l
    integer :: i
    real :: r
    double precision :: d

    errs = 0
    major = -1
    minor = -1
    call MPI_Abi_get_version(major, minor)
    if (major /= MPI_ABI_VERSION .or. minor /= MPI_ABI_SUBVERSION .or. major /= 1) errs = errs + 1
    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Abi_get_version(major, minor)
    if (major /= 1 .or. minor /= 0) errs = errs + 1

    call MPI_Abi_get_info(info)
    call expect(info, 'mpi_aint_size', MPI_ADDRESS_KIND)
    call expect(info, 'mpi_count_size', MPI_COUNT_KIND)
    call expect(info, 'mpi_offset_size', MPI_OFFSET_KIND)
    call MPI_Info_free(info)

    call MPI_Abi_get_fortran_info(info)
    call expect(info, 'mpi_logical_size', storage_size(l) / 8)
    call expect(info, 'mpi_integer_size', storage_size(i) / 8)
    call expect(info, 'mpi_real_size', storage_size(r) / 8)
    call expect(info, 'mpi_double_precision_size', storage_size(d) / 8)
    call MPI_Abi_set_fortran_info(info)
    call MPI_Info_free(info)

    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    call MPI_Finalize()
    if (rank == 0 .and. total == 0) print '(A)', ' No Errors'
    if (total /= 0) stop 1
contains
    subroutine expect(info, key, want)
        type(MPI_Info), intent(in) :: info
        character(len=*), intent(in) :: key
        integer, intent(in) :: want
        character(len=MPI_MAX_INFO_VAL) :: val
        integer :: vlen, got
        logical :: flag
        vlen = len(val)
        call MPI_Info_get_string(info, key, vlen, val, flag)
        got = -1
        if (flag) read (val(1:vlen), *) got
        if (got /= want) then
            errs = errs + 1
            print '(A,A,A,I0,A,I0)', 'rank: ', key, ' is ', got, ', expected ', want
        end if
    end subroutine
end program
