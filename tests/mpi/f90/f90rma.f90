! One-sided communication through `use mpi`: a window on an array (put, get, accumulate between
! fences), MPI_Win_allocate's memory through c_f_pointer, passive-target fetch-and-op, window
! attributes, a keyval with Fortran callbacks, a Fortran error handler. Any number of ranks;
! rank 0 prints " No Errors" when all agree.
module f90rma_cb
    use mpi
    implicit none
    integer :: deletes = 0, handler_calls = 0, handler_code = 0
contains
    subroutine delete_attr(win, keyval, val, extra, ierror)
        integer :: win, keyval, ierror
        integer(kind=MPI_ADDRESS_KIND) :: val, extra
        if (win /= MPI_WIN_NULL .and. keyval /= MPI_KEYVAL_INVALID .and. extra == 3) &
            deletes = deletes + int(val)
        ierror = MPI_SUCCESS
    end subroutine

    subroutine on_error(win, code)
        integer :: win, code
        handler_calls = handler_calls + 1
        handler_code = code
        if (win == MPI_WIN_NULL) handler_calls = -1000
    end subroutine
end module

program f90rma
    use mpi
    use f90rma_cb
    use, intrinsic :: iso_c_binding
    implicit none
    integer :: ierr, rank, nprocs, right, left, errs, i, win, win2, key, eh, cls, rc
    integer :: buf(10), src(10), got(10)
    integer(kind=MPI_ADDRESS_KIND) :: disp, wsize, val, extra, baseptr
    integer(kind=8) :: one, old
    integer(kind=8), pointer :: counter(:)
    logical :: flag
    type(c_ptr) :: cp

    errs = 0
    call MPI_Init(ierr)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
    call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
    right = mod(rank + 1, nprocs)
    left = mod(rank + nprocs - 1, nprocs)

    ! a window on buf: put into the right neighbour, get from the left, sum from everyone
    buf = -1
    src = [(rank * 100 + i, i = 1, 10)]
    wsize = 10 * 4
    call MPI_Win_create(buf, wsize, 4, MPI_INFO_NULL, MPI_COMM_WORLD, win, ierr)
    call MPI_Win_fence(0, win, ierr)
    disp = 0
    call MPI_Put(src, 5, MPI_INTEGER, right, disp, 5, MPI_INTEGER, win, ierr)
    call MPI_Win_fence(0, win, ierr)
    do i = 1, 5
        if (buf(i) /= left * 100 + i) errs = errs + 1
    end do
    if (any(buf(6:10) /= -1)) errs = errs + 1
    ! everyone has looked before the next epoch's operations land
    call MPI_Win_fence(0, win, ierr)
    got = 0
    call MPI_Get(got, 5, MPI_INTEGER, left, disp, 5, MPI_INTEGER, win, ierr)
    disp = 5
    do i = 0, nprocs - 1
        call MPI_Accumulate(src(6:10), 5, MPI_INTEGER, i, disp, 5, MPI_INTEGER, MPI_SUM, win, ierr)
    end do
    call MPI_Win_fence(0, win, ierr)
    do i = 1, 5
        if (got(i) /= mod(left + nprocs - 1, nprocs) * 100 + i) errs = errs + 1
    end do
    ! -1 plus the sum over ranks r of r * 100 + 5 + i
    do i = 6, 10
        if (buf(i) /= -1 + 100 * (nprocs * (nprocs - 1) / 2) + nprocs * i) errs = errs + 1
    end do
    call MPI_Win_fence(MPI_MODE_NOSUCCEED, win, ierr)

    ! attributes: Fortran gets the values
    call MPI_Win_get_attr(win, MPI_WIN_SIZE, val, flag, ierr)
    if (.not. flag .or. val /= 40) errs = errs + 1
    call MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, val, flag, ierr)
    if (.not. flag .or. val /= 4) errs = errs + 1
    call MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, val, flag, ierr)
    if (.not. flag .or. val /= MPI_WIN_FLAVOR_CREATE) errs = errs + 1
    extra = 3
    call MPI_Win_create_keyval(MPI_WIN_NULL_COPY_FN, delete_attr, key, extra, ierr)
    val = 7
    call MPI_Win_set_attr(win, key, val, ierr)
    call MPI_Win_get_attr(win, key, val, flag, ierr)
    if (.not. flag .or. val /= 7) errs = errs + 1

    ! a Fortran error handler: an operation outside any epoch
    call MPI_Win_create_errhandler(on_error, eh, ierr)
    call MPI_Win_set_errhandler(win, eh, ierr)
    call MPI_Errhandler_free(eh, ierr)
    disp = 0
    call MPI_Put(src, 1, MPI_INTEGER, right, disp, 1, MPI_INTEGER, win, rc)
    call MPI_Error_class(rc, cls, ierr)
    if (handler_calls /= 1 .or. handler_code /= MPI_ERR_RMA_SYNC .or. cls /= MPI_ERR_RMA_SYNC) &
        errs = errs + 1
    call MPI_Win_free(win, ierr)
    if (win /= MPI_WIN_NULL .or. deletes /= 7) errs = errs + 1
    call MPI_Win_free_keyval(key, ierr)

    ! MPI_Win_allocate's memory, and a counter on rank 0 every rank increments
    wsize = 8
    call MPI_Win_allocate(wsize, 8, MPI_INFO_NULL, MPI_COMM_WORLD, baseptr, win2, ierr)
    cp = transfer(baseptr, cp)
    call c_f_pointer(cp, counter, [1])
    counter(1) = 0
    call MPI_Barrier(MPI_COMM_WORLD, ierr)
    one = 1
    disp = 0
    call MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win2, ierr)
    do i = 1, 10
        call MPI_Fetch_and_op(one, old, MPI_INTEGER8, 0, disp, MPI_SUM, win2, ierr)
    end do
    call MPI_Win_unlock(0, win2, ierr)
    call MPI_Barrier(MPI_COMM_WORLD, ierr)
    if (rank == 0) then
        call MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win2, ierr)
        if (counter(1) /= 10 * nprocs) errs = errs + 1
        call MPI_Win_unlock(0, win2, ierr)
    end if
    call MPI_Win_free(win2, ierr)

    call MPI_Allreduce(MPI_IN_PLACE, errs, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (rank == 0 .and. errs == 0) print '(A)', ' No Errors'
    if (rank == 0 .and. errs /= 0) print *, 'errors:', errs
    call MPI_Finalize(ierr)
end program
