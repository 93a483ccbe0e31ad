! The process-management calls through `use mpi_f08`: MPI_Comm_disconnect of a duplicate, the
! parent that is MPI_COMM_NULL, and MPI_Comm_spawn (with MPI_ARGV_NULL), MPI_Comm_spawn_multiple
! and MPI_Open_port failing with MPI_ERR_UNSUPPORTED_OPERATION (not built) under
! MPI_ERRORS_RETURN. Rank 0 prints " No Errors".
program f08dynamic
    use mpi_f08
    implicit none
    integer :: rank, errs, total, ierr, cls, np(1)
    type(MPI_Comm) :: dup, parent, ic
    type(MPI_Info) :: infos(1)
    character(len=MPI_MAX_PORT_NAME) :: port
    character(len=8) :: cmds(1)

    call MPI_Init()
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    errs = 0
    call MPI_Comm_get_parent(parent)
    if (parent /= MPI_COMM_NULL) errs = errs + 1
    call MPI_Comm_dup(MPI_COMM_WORLD, dup)
    call MPI_Comm_disconnect(dup, ierr)
    if (ierr /= MPI_SUCCESS .or. dup /= MPI_COMM_NULL) errs = errs + 1

    call MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)
    ic = MPI_COMM_WORLD
    call MPI_Comm_spawn('./x', MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, ic, &
                        MPI_ERRCODES_IGNORE, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_UNSUPPORTED_OPERATION .or. ic /= MPI_COMM_NULL) errs = errs + 1
    cmds(1) = './x'
    np(1) = 1
    infos(1) = MPI_INFO_NULL
    call MPI_Comm_spawn_multiple(1, cmds, MPI_ARGVS_NULL, np, infos, 0, MPI_COMM_WORLD, ic, &
                                 MPI_ERRCODES_IGNORE, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_UNSUPPORTED_OPERATION) errs = errs + 1
    call MPI_Open_port(MPI_INFO_NULL, port, ierr)
    call MPI_Error_class(ierr, cls)
    if (cls /= MPI_ERR_UNSUPPORTED_OPERATION) errs = errs + 1
    call MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL)

    call MPI_Allreduce(errs, total, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD)
    if (rank == 0 .and. total == 0) print '(a)', ' No Errors'
    call MPI_Finalize()
end program
