! Error handlers, attributes, info strings, communicator and window handles through `use mpi_f08`.
! Rank 0 prints " No Errors" when all ranks agree.
module f08errh_cb
    use mpi_f08
    implicit none
    integer :: calls = 0, last_code = 0, copies = 0, deletes = 0
    integer :: queries = 0, frees = 0, cancels = 0
    logical :: told_complete = .false.
contains
    subroutine on_error(comm, code)
        type(MPI_Comm) :: comm
        integer :: code
        integer :: r
        calls = calls + 1
        last_code = code
        call MPI_Comm_rank(comm, r) ! the handle it gets is usable
    end subroutine

    subroutine copy_attr(oldcomm, keyval, extra, valin, valout, flag, ierror)
        type(MPI_Comm) :: oldcomm
        integer :: keyval, ierror
        integer(kind=MPI_ADDRESS_KIND) :: extra, valin, valout
        logical :: flag
        copies = copies + 1
        valout = valin + extra
        flag = oldcomm /= MPI_COMM_NULL .and. keyval /= MPI_KEYVAL_INVALID
        ierror = MPI_SUCCESS
    end subroutine

    subroutine delete_attr(comm, keyval, val, extra, ierror)
        type(MPI_Comm) :: comm
        integer :: keyval, ierror
        integer(kind=MPI_ADDRESS_KIND) :: val, extra
        deletes = deletes + 1
        if (comm == MPI_COMM_NULL .or. keyval == MPI_KEYVAL_INVALID .or. extra /= 5) deletes = -1000
        if (val < 0) deletes = -1000
        ierror = MPI_SUCCESS
    end subroutine

    ! Generalized request callbacks: extra state is the tag the query puts in the status.
    subroutine greq_query(extra, status, ierror)
        integer(kind=MPI_ADDRESS_KIND) :: extra
        type(MPI_Status) :: status
        integer :: ierror
        queries = queries + 1
        status%MPI_SOURCE = 3
        status%MPI_TAG = int(extra)
        call MPI_Status_set_elements(status, MPI_DOUBLE_PRECISION, 5)
        call MPI_Status_set_cancelled(status, .false.)
        ierror = MPI_SUCCESS
    end subroutine

    subroutine greq_free(extra, ierror)
        integer(kind=MPI_ADDRESS_KIND) :: extra
        integer :: ierror
        frees = frees + 1
        ierror = MPI_SUCCESS
        if (extra == 99) ierror = MPI_ERR_OTHER
    end subroutine

    subroutine greq_cancel(extra, complete, ierror)
        integer(kind=MPI_ADDRESS_KIND) :: extra
        logical :: complete
        integer :: ierror
        cancels = cancels + 1
        if (extra /= 17) cancels = -1000
        told_complete = complete
        ierror = MPI_SUCCESS
    end subroutine
end module

program f08errh
    use, intrinsic :: iso_c_binding, only: c_ptr, c_associated
    use mpi_f08
    use f08errh_cb
    implicit none
    type(MPI_Comm) :: dup, dup2
    type(MPI_Errhandler) :: eh, got
    type(MPI_Info) :: info
    type(MPI_Win) :: win
    type(MPI_Request) :: greq, reqs(2)
    type(MPI_Status) :: st
    type(c_ptr) :: base
    integer :: rank, nproc, ierr, errs, total, cls, n, keyval, buf(4), nkeys
    integer(kind=MPI_ADDRESS_KIND) :: val, tagub, xs(4)
    logical :: flag
    character(len=MPI_MAX_ERROR_STRING) :: msg
    character(len=MPI_MAX_INFO_VAL) :: value
    character(len=MPI_MAX_INFO_KEY) :: key
    character(len=MPI_MAX_OBJECT_NAME) :: name

    errs = 0
    call MPI_Init(ierr)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    call MPI_Comm_size(MPI_COMM_WORLD, nproc)

    ! MPI_ERRORS_RETURN: the error comes back in ierror, with its class and text
    call MPI_Comm_dup(MPI_COMM_WORLD, dup)
    if (dup == MPI_COMM_WORLD) errs = errs + 1
    call MPI_Comm_set_errhandler(dup, MPI_ERRORS_RETURN)
    call MPI_Send(buf, 1, MPI_INTEGER, nproc + 3, 0, dup, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_RANK) errs = errs + 1
    call MPI_Error_string(ierr, msg, n)
    if (n <= 0 .or. len_trim(msg) /= n) errs = errs + 1
    call MPI_Send(buf, -1, MPI_INTEGER, 0, 0, dup, ierr)
    if (ierr /= MPI_ERR_COUNT) errs = errs + 1

    ! Windows through mpi_f08: errors come back under the window's own handler
    call MPI_Win_create(buf, 16_MPI_ADDRESS_KIND, 4, MPI_INFO_NULL, dup, win, ierr)
    if (ierr /= MPI_SUCCESS .or. win == MPI_WIN_NULL) errs = errs + 1
    call MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN)
    call MPI_Put(buf, 1, MPI_INTEGER, 0, 0_MPI_ADDRESS_KIND, 1, MPI_INTEGER, win, ierr)
    if (ierr /= MPI_ERR_RMA_SYNC) errs = errs + 1
    call MPI_Win_free(win)
    if (win /= MPI_WIN_NULL) errs = errs + 1
    call MPI_Win_allocate(16_MPI_ADDRESS_KIND, 4, MPI_INFO_NULL, dup, base, win, ierr)
    if (ierr /= MPI_SUCCESS .or. .not. c_associated(base)) errs = errs + 1
    call MPI_Win_fence(0, win)
    call MPI_Win_fence(MPI_MODE_NOSUCCEED, win)
    call MPI_Win_free(win)

    ! A user error handler written in Fortran
    call MPI_Comm_create_errhandler(on_error, eh)
    call MPI_Comm_set_errhandler(dup, eh)
    call MPI_Comm_get_errhandler(dup, got)
    if (got /= eh) errs = errs + 1
    call MPI_Errhandler_free(got)
    call MPI_Send(buf, 1, MPI_INTEGER, 0, -5, dup, ierr)
    if (calls /= 1 .or. last_code /= MPI_ERR_TAG .or. ierr /= MPI_ERR_TAG) errs = errs + 1
    call MPI_Comm_call_errhandler(dup, MPI_ERR_OTHER)
    if (calls /= 2 .or. last_code /= MPI_ERR_OTHER) errs = errs + 1
    call MPI_Errhandler_free(eh)
    if (eh /= MPI_ERRHANDLER_NULL) errs = errs + 1

    ! Attributes: Fortran callbacks run on MPI_Comm_dup and MPI_Comm_free
    call MPI_Comm_create_keyval(copy_attr, delete_attr, keyval, 5_MPI_ADDRESS_KIND)
    call MPI_Comm_set_attr(dup, keyval, 37_MPI_ADDRESS_KIND)
    call MPI_Comm_get_attr(dup, keyval, val, flag)
    if (.not. flag .or. val /= 37) errs = errs + 1
    call MPI_Comm_dup(dup, dup2)
    call MPI_Comm_get_attr(dup2, keyval, val, flag)
    if (copies /= 1 .or. .not. flag .or. val /= 42) errs = errs + 1
    call MPI_Comm_free(dup2)
    if (deletes /= 1 .or. dup2 /= MPI_COMM_NULL) errs = errs + 1
    call MPI_Comm_delete_attr(dup, keyval)
    if (deletes /= 2) errs = errs + 1
    call MPI_Comm_free_keyval(keyval)
    ! Generalized requests: query at completion (status), free after it, cancel told the state;
    ! the callbacks get the extra state variables themselves (they must outlive the requests)
    xs = [17, 1, 99, 2]
    call MPI_Grequest_start(greq_query, greq_free, greq_cancel, xs(1), greq)
    call MPI_Test(greq, flag, st)
    if (flag .or. queries /= 0) errs = errs + 1
    call MPI_Cancel(greq)
    if (cancels /= 1 .or. told_complete) errs = errs + 1
    call MPI_Grequest_complete(greq)
    call MPI_Wait(greq, st)
    call MPI_Get_count(st, MPI_DOUBLE_PRECISION, n)
    if (queries /= 1 .or. frees /= 1 .or. greq /= MPI_REQUEST_NULL) errs = errs + 1
    if (st%MPI_TAG /= 17 .or. st%MPI_SOURCE /= 3 .or. n /= 5) errs = errs + 1
    call MPI_Grequest_start(greq_query, greq_free, greq_cancel, xs(2), reqs(1))
    call MPI_Grequest_start(greq_query, greq_free, greq_cancel, xs(3), reqs(2))
    call MPI_Grequest_complete(reqs(2))
    call MPI_Grequest_complete(reqs(1))
    call MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)
    call MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE, ierr)
    call MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL)
    if (ierr /= MPI_ERR_IN_STATUS .or. queries /= 3 .or. frees /= 3) errs = errs + 1
    ! freed before it completes: free_fn runs at MPI_Grequest_complete
    call MPI_Grequest_start(greq_query, greq_free, greq_cancel, xs(4), greq)
    reqs(1) = greq
    call MPI_Request_free(greq)
    if (frees /= 3) errs = errs + 1
    call MPI_Grequest_complete(reqs(1))
    if (frees /= 4 .or. queries /= 3) errs = errs + 1

    ! Predefined attribute: MPI_TAG_UB as a value
    call MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, tagub, flag)
    if (.not. flag .or. tagub < 32767) errs = errs + 1

    ! Info strings with Fortran lengths
    call MPI_Info_create(info)
    call MPI_Info_set(info, 'cb_nodes ', '4   ')
    call MPI_Info_set(info, 'striping_unit', '1048576')
    call MPI_Info_get_nkeys(info, nkeys)
    call MPI_Info_get_nthkey(info, 1, key)
    if (nkeys /= 2 .or. key /= 'striping_unit') errs = errs + 1
    call MPI_Info_get(info, 'cb_nodes', MPI_MAX_INFO_VAL, value, flag)
    if (.not. flag .or. value /= '4') errs = errs + 1
    call MPI_Info_get(info, 'nosuchkey', MPI_MAX_INFO_VAL, value, flag)
    if (flag) errs = errs + 1
    call MPI_Info_get_valuelen(info, 'striping_unit', n, flag)
    if (.not. flag .or. n /= 7) errs = errs + 1
    call MPI_Info_free(info)
    if (info /= MPI_INFO_NULL) errs = errs + 1

    ! Names, with trailing blanks trimmed
    call MPI_Comm_set_name(dup, 'solver comm   ')
    call MPI_Comm_get_name(dup, name, n)
    if (name /= 'solver comm' .or. n /= 11) errs = errs + 1
    call MPI_Comm_free(dup)

    call MPI_Reduce(errs, total, 1, MPI_INTEGER, MPI_SUM, 0, MPI_COMM_WORLD)
    if (rank == 0) then
        if (total == 0) then
            write (*, '(A)') ' No Errors'
        else
            write (*, '(A,I6)') ' Found errors: ', total
        end if
    end if
    call MPI_Finalize()
end program
