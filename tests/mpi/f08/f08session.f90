! The Sessions Model through `use mpi_f08`, without MPI_Init: a session error handler made
! before the session, the process sets listed (names and lengths), a communicator from the
! mpi://WORLD group used by an allreduce, an error raised on the session. Rank 0 prints
! " No Errors" when all ranks agree.
program f08session
    use mpi_f08
    implicit none
    type(MPI_Session) :: session
    type(MPI_Errhandler) :: eh
    type(MPI_Group) :: group
    type(MPI_Comm) :: comm
    integer :: npsets, i, plen, rank, size, gsize, total, errs, ierr
    character(len=MPI_MAX_PSET_NAME_LEN) :: name
    logical :: found_world
    integer, save :: calls = 0

    errs = 0
    call MPI_Session_create_errhandler(on_error, eh)
    call MPI_Session_init(MPI_INFO_NULL, eh, session)
    call MPI_Session_get_num_psets(session, MPI_INFO_NULL, npsets)
    if (npsets < 2) errs = errs + 1
    found_world = .false.
    do i = 0, npsets - 1
        plen = 0
        call MPI_Session_get_nth_pset(session, MPI_INFO_NULL, i, plen, name)
        if (plen <= 0) errs = errs + 1
        plen = len(name)
        call MPI_Session_get_nth_pset(session, MPI_INFO_NULL, i, plen, name)
        if (trim(name) == 'mpi://WORLD') found_world = .true.
        if (len_trim(name) /= plen) errs = errs + 1
    end do
    if (.not. found_world) errs = errs + 1
    call MPI_Group_from_session_pset(session, 'mpi://WORLD', group)
    call MPI_Group_size(group, gsize)
    call MPI_Comm_create_from_group(group, 'org.ompi-lite.test.f08', MPI_INFO_NULL, &
                                    MPI_ERRORS_ARE_FATAL, comm)
    call MPI_Group_free(group)
    call MPI_Comm_rank(comm, rank)
    call MPI_Comm_size(comm, size)
    if (size /= gsize) errs = errs + 1
    call MPI_Session_call_errhandler(session, MPI_ERR_OTHER, ierr)
    if (calls /= 1 .or. ierr /= MPI_SUCCESS) errs = errs + 1
    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, comm)
    call MPI_Comm_free(comm)
    call MPI_Errhandler_free(eh)
    call MPI_Session_finalize(session)
    if (session /= MPI_SESSION_NULL) total = total + 1
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
    if (rank == 0 .and. total /= 0) print '(a,i0)', ' Errors: ', total
contains
    subroutine on_error(s, code)
        type(MPI_Session) :: s
        integer :: code
        if (code == MPI_ERR_OTHER .and. s /= MPI_SESSION_NULL) calls = calls + 1
    end subroutine
end program
