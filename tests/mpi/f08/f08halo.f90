! A Cartesian halo exchange through `use mpi_f08`: a 2-D periodic grid of ranks, each owning a
! block of a global field with one ghost layer; rows are contiguous in Fortran order, columns
! go through a vector datatype. After the exchange every ghost cell must hold the value its
! neighbour owns. Rank 0 prints " No Errors" when all ranks agree.
program f08halo
    use mpi_f08
    implicit none
    integer, parameter :: nx = 6, ny = 5
    type(MPI_Comm) :: cart
    type(MPI_Datatype) :: column
    type(MPI_Status) :: st
    type(MPI_Request) :: reqs(8)
    integer :: dims(2), coords(2), ncoords(2), nbr(4), rank, nproc, crank, errs, total, i, j
    integer :: ierr, ndims, n
    logical :: periods(2), gperiods(2)
    double precision :: u(0:nx + 1, 0:ny + 1), t0, s, gs
    type(MPI_Request) :: preq

    errs = 0
    call MPI_Init()
    t0 = MPI_Wtime()
    call MPI_Comm_size(MPI_COMM_WORLD, nproc)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank)
    dims = 0
    call MPI_Dims_create(nproc, 2, dims)
    if (dims(1) * dims(2) /= nproc) errs = errs + 1
    periods = [.true., .true.]
    call MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, .true., cart)
    call MPI_Comm_rank(cart, crank)
    call MPI_Cartdim_get(cart, ndims)
    call MPI_Cart_get(cart, 2, dims, gperiods, coords)
    if (ndims /= 2 .or. .not. all(gperiods)) errs = errs + 1
    call MPI_Cart_shift(cart, 0, 1, nbr(1), nbr(2)) ! west, east
    call MPI_Cart_shift(cart, 1, 1, nbr(3), nbr(4)) ! south, north
    call MPI_Cart_rank(cart, coords, n)
    if (n /= crank) errs = errs + 1

    ! Interior: a value that names the owner's global cell; ghosts: a poison value.
    u = -1d0
    do j = 1, ny
        do i = 1, nx
            u(i, j) = cell(coords, i, j)
        end do
    end do
    ! MPI_Sizeof: the bytes of one element, any rank, ierror optional
    call MPI_Sizeof(u, n)
    if (n /= 8) errs = errs + 1
    call MPI_Sizeof(periods(1), n, ierr)
    if (n /= 4 .or. ierr /= MPI_SUCCESS) errs = errs + 1
    ! A column of the interior: ny values nx+2 apart.
    call MPI_Type_vector(ny, 1, nx + 2, MPI_DOUBLE_PRECISION, column)
    call MPI_Type_commit(column)
    ! x direction: columns, nonblocking
    call MPI_Irecv(u(0, 1), 1, column, nbr(1), 1, cart, reqs(1))
    call MPI_Irecv(u(nx + 1, 1), 1, column, nbr(2), 2, cart, reqs(2))
    call MPI_Isend(u(nx, 1), 1, column, nbr(2), 1, cart, reqs(3))
    call MPI_Isend(u(1, 1), 1, column, nbr(1), 2, cart, reqs(4))
    call MPI_Waitall(4, reqs, MPI_STATUSES_IGNORE)
    call MPI_F_sync_reg(u)
    ! y direction: rows are contiguous, Sendrecv
    call MPI_Sendrecv(u(1, ny), nx, MPI_DOUBLE_PRECISION, nbr(4), 3, &
                      u(1, 0), nx, MPI_DOUBLE_PRECISION, nbr(3), 3, cart, st)
    if (st%MPI_SOURCE /= nbr(3) .or. st%MPI_TAG /= 3) errs = errs + 1
    call MPI_Sendrecv(u(1, 1), nx, MPI_DOUBLE_PRECISION, nbr(3), 4, &
                      u(1, ny + 1), nx, MPI_DOUBLE_PRECISION, nbr(4), 4, cart, MPI_STATUS_IGNORE, ierr)
    if (ierr /= MPI_SUCCESS) errs = errs + 1

    do j = 1, ny
        call MPI_Cart_coords(cart, nbr(1), 2, ncoords)
        if (u(0, j) /= cell(ncoords, nx, j)) errs = errs + 1
        call MPI_Cart_coords(cart, nbr(2), 2, ncoords)
        if (u(nx + 1, j) /= cell(ncoords, 1, j)) errs = errs + 1
    end do
    do i = 1, nx
        call MPI_Cart_coords(cart, nbr(3), 2, ncoords)
        if (u(i, 0) /= cell(ncoords, i, ny)) errs = errs + 1
        call MPI_Cart_coords(cart, nbr(4), 2, ncoords)
        if (u(i, ny + 1) /= cell(ncoords, i, 1)) errs = errs + 1
    end do
    ! Corners were never sent
    if (u(0, 0) /= -1d0 .or. u(nx + 1, ny + 1) /= -1d0) errs = errs + 1

    ! A persistent allreduce of the field's sum, started twice
    s = sum(u(1:nx, 1:ny))
    call MPI_Allreduce_init(s, gs, 1, MPI_DOUBLE_PRECISION, MPI_SUM, cart, MPI_INFO_NULL, preq)
    do i = 1, 2
        call MPI_Start(preq)
        call MPI_Wait(preq, st)
        call MPI_F_sync_reg(gs)
        if (gs /= total_sum()) errs = errs + 1
        s = s + 1d0
    end do
    call MPI_Request_free(preq)
    if (preq /= MPI_REQUEST_NULL) errs = errs + 1

    if (MPI_Wtime() < t0 .or. MPI_Wtick() <= 0d0) errs = errs + 1
    call MPI_Type_free(column)
    if (column /= MPI_DATATYPE_NULL) errs = errs + 1
    call MPI_Comm_free(cart)
    if (cart /= MPI_COMM_NULL) errs = errs + 1
    call MPI_Reduce(errs, total, 1, MPI_INTEGER, MPI_SUM, 0, MPI_COMM_WORLD)
    if (rank == 0) then
        if (total == 0) then
            write (*, '(A)') ' No Errors'
        else
            write (*, '(A,I6)') ' Found errors: ', total
        end if
    end if
    call MPI_Finalize()
contains
    ! What the allreduce must give: every cell of every rank, plus the round (i - 1) per rank
    double precision function total_sum()
        integer :: r, ii, jj, cc(2)
        total_sum = 0d0
        do r = 0, nproc - 1
            call MPI_Cart_coords(cart, r, 2, cc)
            do jj = 1, ny
                do ii = 1, nx
                    total_sum = total_sum + cell(cc, ii, jj)
                end do
            end do
        end do
        total_sum = total_sum + dble((i - 1) * nproc)
    end function
    double precision function cell(c, i, j)
        integer, intent(in) :: c(2), i, j
        cell = dble((c(1) * nx + i) * 1000 + c(2) * ny + j)
    end function
end program
