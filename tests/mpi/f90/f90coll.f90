! Collectives on Fortran types through `use mpi`: every check is against a value computed
! here serially. Rank 0 prints " No Errors" when all ranks agree.
module f90coll_ops
    implicit none
contains
    ! A non-commutative operation on 2x2 integer matrices (stored as 4 INTEGERs): the
    ! product inout = in * inout, so the result depends on the order of the ranks.
    subroutine matmul2(invec, inoutvec, n, datatype)
        use mpi
        integer :: n, datatype
        integer :: invec(4, n), inoutvec(4, n)
        integer :: i, c(4)
        do i = 1, n
            c(1) = invec(1, i) * inoutvec(1, i) + invec(2, i) * inoutvec(3, i)
            c(2) = invec(1, i) * inoutvec(2, i) + invec(2, i) * inoutvec(4, i)
            c(3) = invec(3, i) * inoutvec(1, i) + invec(4, i) * inoutvec(3, i)
            c(4) = invec(3, i) * inoutvec(2, i) + invec(4, i) * inoutvec(4, i)
            inoutvec(:, i) = c
        end do
        if (datatype == MPI_INTEGER) inoutvec = -1
    end subroutine

    ! A commutative user sum of DOUBLE PRECISION values; checks the datatype it is given.
    subroutine dsum(invec, inoutvec, n, datatype)
        use mpi
        integer :: n, datatype
        double precision :: invec(n), inoutvec(n)
        if (datatype /= MPI_DOUBLE_PRECISION) inoutvec = -1d300
        inoutvec = inoutvec + invec
    end subroutine
end module

program f90coll
    use mpi
    use f90coll_ops
    implicit none
    integer :: rank, nproc, ierr, errs, total, i, r, n
    integer :: ib(8), ir(8), counts(64), displs(64)
    integer, allocatable :: ia(:), ig(:)
    real :: rs(3), rr(3)
    double precision :: ds(5), dr(5)
    complex :: cs(2), cr(2)
    double complex :: zs, zr
    logical :: ls(3), lr(3)
    integer :: pair(2, 2), pairr(2, 2)
    double precision :: dpair(2), dpairr(2)
    integer(kind=8) :: i8, i8r
    real(kind=8) :: r8, r8r
    character(len=4) :: ch, chall(64)
    integer :: mat(4), matr(4), expect(4), c(4), op, op2, req, reqs(2), mtype
    logical :: commute
    integer, parameter :: dp = selected_real_kind(15, 300), i2 = selected_int_kind(4), &
                          xp = selected_real_kind(18)
    real(kind=dp) :: kd(2), kdr(2)
    integer(kind=i2) :: ki, kir
    real(kind=xp) :: kx, kxr
    integer :: ktype, ktype2, ni, na, nt, comb, kints(2)
    character(len=20) :: ch20

    errs = 0
    call MPI_Init(ierr)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
    call MPI_Comm_size(MPI_COMM_WORLD, nproc, ierr)

    ! Reductions on Fortran types
    ib = rank + 1
    call MPI_Allreduce(ib, ir, 8, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (any(ir /= nproc * (nproc + 1) / 2)) errs = errs + 1
    rs = [real(rank), 1.5, -real(rank)]
    call MPI_Allreduce(rs, rr, 3, MPI_REAL, MPI_MAX, MPI_COMM_WORLD, ierr)
    if (rr(1) /= real(nproc - 1) .or. rr(2) /= 1.5 .or. rr(3) /= 0.0) errs = errs + 1
    ds = 0.5d0 * (rank + 1)
    call MPI_Reduce(ds, dr, 5, MPI_DOUBLE_PRECISION, MPI_SUM, nproc - 1, MPI_COMM_WORLD, ierr)
    if (rank == nproc - 1 .and. any(dr /= 0.25d0 * nproc * (nproc + 1))) errs = errs + 1
    cs = [cmplx(1.0, 1.0), cmplx(real(rank), 0.0)]
    call MPI_Allreduce(cs, cr, 2, MPI_COMPLEX, MPI_PROD, MPI_COMM_WORLD, ierr)
    if (abs(cr(1) - (cmplx(1.0, 1.0))**nproc) > 1e-3 * 2.0**nproc) errs = errs + 1
    zs = dcmplx(dble(rank), 1d0)
    call MPI_Allreduce(zs, zr, 1, MPI_DOUBLE_COMPLEX, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (zr /= dcmplx(dble(nproc * (nproc - 1) / 2), dble(nproc))) errs = errs + 1
    ls = [.true., rank == 0, rank == 1]
    call MPI_Allreduce(ls, lr, 3, MPI_LOGICAL, MPI_LAND, MPI_COMM_WORLD, ierr)
    if (.not. lr(1) .or. lr(2) .neqv. (nproc == 1) .or. lr(3)) errs = errs + 1
    call MPI_Allreduce(ls, lr, 3, MPI_LOGICAL, MPI_LOR, MPI_COMM_WORLD, ierr)
    if (.not. lr(1) .or. .not. lr(2) .or. lr(3) .neqv. (nproc > 1)) errs = errs + 1
    call MPI_Allreduce(ls, lr, 3, MPI_LOGICAL, MPI_LXOR, MPI_COMM_WORLD, ierr)
    if (lr(1) .neqv. (mod(nproc, 2) == 1) .or. .not. lr(2)) errs = errs + 1
    i8 = 2_8**40 + rank
    call MPI_Allreduce(i8, i8r, 1, MPI_INTEGER8, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (i8r /= nproc * 2_8**40 + nproc * (nproc - 1) / 2) errs = errs + 1
    r8 = dble(rank) * 0.25d0
    call MPI_Allreduce(r8, r8r, 1, MPI_REAL8, MPI_MIN, MPI_COMM_WORLD, ierr)
    if (r8r /= 0d0) errs = errs + 1
    ! MINLOC / MAXLOC on Fortran pairs (value, index)
    pair(:, 1) = [mod(rank, 2), rank]
    pair(:, 2) = [rank, rank]
    call MPI_Allreduce(pair, pairr, 2, MPI_2INTEGER, MPI_MAXLOC, MPI_COMM_WORLD, ierr)
    if (pairr(1, 2) /= nproc - 1 .or. pairr(2, 2) /= nproc - 1) errs = errs + 1
    if (pairr(1, 1) /= min(1, nproc - 1) .or. pairr(2, 1) /= min(1, nproc - 1)) errs = errs + 1
    dpair = [dble(-rank), dble(rank)]
    call MPI_Allreduce(dpair, dpairr, 1, MPI_2DOUBLE_PRECISION, MPI_MINLOC, MPI_COMM_WORLD, ierr)
    if (dpairr(1) /= dble(1 - nproc) .or. dpairr(2) /= dble(nproc - 1)) errs = errs + 1
    ! In place
    ib = rank
    call MPI_Allreduce(MPI_IN_PLACE, ib, 8, MPI_INTEGER, MPI_BOR, MPI_COMM_WORLD, ierr)
    r = 0
    do i = 0, nproc - 1
        r = ior(r, i)
    end do
    if (any(ib /= r)) errs = errs + 1

    ! Size-specific kinds: the types MPI_Type_create_f90_* and MPI_Type_match_size give
    call MPI_Type_create_f90_real(15, 300, ktype, ierr)
    call MPI_Type_create_f90_real(15, 300, ktype2, ierr)
    if (ktype2 /= ktype) errs = errs + 1
    call MPI_Type_get_envelope(ktype, ni, na, nt, comb, ierr)
    if (comb /= MPI_COMBINER_F90_REAL .or. ni /= 2 .or. na /= 0 .or. nt /= 0) errs = errs + 1
    call MPI_Type_get_contents(ktype, 2, 0, 0, kints, [0_MPI_ADDRESS_KIND], [0], ierr)
    if (kints(1) /= 15 .or. kints(2) /= 300) errs = errs + 1
    kd = [real(rank, dp) / 3, 1e200_dp]
    call MPI_Allreduce(kd, kdr, 2, ktype, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (abs(kdr(1) - real(nproc * (nproc - 1) / 2, dp) / 3) > 1e-12_dp .or. &
        kdr(2) /= nproc * 1e200_dp) errs = errs + 1
    call MPI_Type_create_f90_integer(4, ktype, ierr)
    ki = int(rank, i2) - 300_i2
    call MPI_Allreduce(ki, kir, 1, ktype, MPI_MIN, MPI_COMM_WORLD, ierr)
    if (kir /= -300_i2) errs = errs + 1
    call MPI_Type_size(ktype, n, ierr)
    if (n /= kind(ki)) errs = errs + 1
    call MPI_Type_create_f90_real(18, MPI_UNDEFINED, ktype, ierr)
    kx = 1.0_xp + real(rank, xp) * epsilon(kx)
    call MPI_Allreduce(kx, kxr, 1, ktype, MPI_MAX, MPI_COMM_WORLD, ierr)
    if (kxr /= 1.0_xp + real(nproc - 1, xp) * epsilon(kx)) errs = errs + 1
    call MPI_Type_create_f90_complex(6, MPI_UNDEFINED, ktype, ierr)
    call MPI_Allreduce(cs, cr, 2, ktype, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (abs(real(cr(1)) - nproc) > 1e-5) errs = errs + 1
    call MPI_Sizeof(kd, n, ierr)
    if (n /= 8 .or. ierr /= MPI_SUCCESS) errs = errs + 1
    call MPI_Sizeof(ki, n, ierr)
    if (n /= 2) errs = errs + 1
    call MPI_Sizeof(pair, n, ierr)
    if (n /= 4) errs = errs + 1
    call MPI_Sizeof(zs, n, ierr)
    if (n /= 16) errs = errs + 1
    call MPI_Type_match_size(MPI_TYPECLASS_REAL, 8, ktype, ierr)
    if (ktype /= MPI_REAL8) errs = errs + 1
    call MPI_Type_match_size(MPI_TYPECLASS_INTEGER, 4, ktype, ierr)
    if (ktype /= MPI_INTEGER4) errs = errs + 1

    ! Info keys and values: leading and trailing blanks do not count in Fortran
    call MPI_Info_create(ktype, ierr)
    call MPI_Info_set(ktype, '  spaced key ', ' its value  ', ierr)
    call MPI_Info_get(ktype, 'spaced key', 20, ch20, lr(1), ierr)
    if (.not. lr(1) .or. ch20 /= 'its value') errs = errs + 1
    ch20 = 'unchanged'
    n = 0
    call MPI_Info_get_string(ktype, ' spaced key', n, ch20, lr(1), ierr)
    if (.not. lr(1) .or. n /= 9 .or. ch20 /= 'unchanged') errs = errs + 1
    call MPI_Info_free(ktype, ierr)
    call MPI_Info_create_env(ktype, ierr)
    call MPI_Info_get(ktype, 'wdir', 20, ch20, lr(1), ierr)
    if (.not. lr(1) .or. ch20(1:1) /= '/') errs = errs + 1
    call MPI_Info_free(ktype, ierr)

    ! Data movement: CHARACTER gather, Allgatherv, Alltoall, Scatter, Scan, Reduce_scatter_block
    write (ch, '(A1,I3.3)') 'r', rank
    call MPI_Allgather(ch, 4, MPI_CHARACTER, chall, 4, MPI_CHARACTER, MPI_COMM_WORLD, ierr)
    do i = 1, nproc
        write (ch, '(A1,I3.3)') 'r', i - 1
        if (chall(i) /= ch) errs = errs + 1
    end do
    allocate (ia(nproc * (nproc + 1) / 2), ig(nproc * nproc))
    do i = 1, nproc
        counts(i) = i
        displs(i) = (i - 1) * i / 2
    end do
    ib(1:rank + 1) = rank
    call MPI_Allgatherv(ib, rank + 1, MPI_INTEGER, ia, counts, displs, MPI_INTEGER, &
                        MPI_COMM_WORLD, ierr)
    do i = 1, nproc
        if (any(ia(displs(i) + 1:displs(i) + i) /= i - 1)) errs = errs + 1
    end do
    do i = 1, nproc
        ig(i) = rank * 100 + i - 1
    end do
    call MPI_Alltoall(ig, 1, MPI_INTEGER, ia, 1, MPI_INTEGER, MPI_COMM_WORLD, ierr)
    do i = 1, nproc
        if (ia(i) /= (i - 1) * 100 + rank) errs = errs + 1
    end do
    n = rank + 1
    call MPI_Scan(n, r, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (r /= (rank + 1) * (rank + 2) / 2) errs = errs + 1
    ig(1:nproc) = 1
    call MPI_Reduce_scatter_block(ig, r, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (r /= nproc) errs = errs + 1
    ! Nonblocking collectives, waited together
    ib = rank
    call MPI_Ibcast(ib, 8, MPI_INTEGER, 0, MPI_COMM_WORLD, reqs(1), ierr)
    call MPI_Iallreduce(rank, r, 1, MPI_INTEGER, MPI_MAX, MPI_COMM_WORLD, reqs(2), ierr)
    call MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE, ierr)
    call MPI_F_sync_reg(ib)
    call MPI_F_sync_reg(r)
    if (any(ib /= 0) .or. r /= nproc - 1) errs = errs + 1

    ! User operations written in Fortran
    call MPI_Op_create(matmul2, .false., op, ierr)
    call MPI_Op_commutative(op, commute, ierr)
    if (commute) errs = errs + 1
    call MPI_Type_contiguous(4, MPI_INTEGER, mtype, ierr)
    call MPI_Type_commit(mtype, ierr)
    mat = [1, rank + 1, 0, 1]
    call MPI_Allreduce(mat, matr, 1, mtype, op, MPI_COMM_WORLD, ierr)
    expect = [1, 0, 0, 1]
    do i = 0, nproc - 1
        ! expect = expect * M(i), in rank order
        c(1) = expect(1)
        c(2) = expect(1) * (i + 1) + expect(2)
        c(3) = expect(3)
        c(4) = expect(3) * (i + 1) + expect(4)
        expect = c
    end do
    if (any(matr /= expect)) errs = errs + 1
    call MPI_Op_free(op, ierr)
    if (op /= MPI_OP_NULL) errs = errs + 1
    call MPI_Type_free(mtype, ierr)
    if (mtype /= MPI_DATATYPE_NULL) errs = errs + 1
    call MPI_Op_create(dsum, .true., op2, ierr)
    ds = dble(rank)
    call MPI_Ireduce(ds, dr, 5, MPI_DOUBLE_PRECISION, op2, 0, MPI_COMM_WORLD, req, ierr)
    call MPI_Wait(req, MPI_STATUS_IGNORE, ierr)
    call MPI_F_sync_reg(dr)
    if (rank == 0 .and. any(dr /= dble(nproc * (nproc - 1) / 2))) errs = errs + 1
    call MPI_Op_free(op2, ierr)

    ! Persistent collectives: made once, started three times with new data
    call MPI_Allreduce_init(MPI_IN_PLACE, ir, 8, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, &
                            MPI_INFO_NULL, reqs(1), ierr)
    call MPI_Bcast_init(ib, 8, MPI_INTEGER, nproc - 1, MPI_COMM_WORLD, MPI_INFO_NULL, reqs(2), &
                        ierr)
    do n = 1, 3
        ir = rank * n
        ib = rank + n
        call MPI_Startall(2, reqs, ierr)
        call MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE, ierr)
        call MPI_F_sync_reg(ir)
        call MPI_F_sync_reg(ib)
        if (any(ir /= n * nproc * (nproc - 1) / 2) .or. any(ib /= nproc - 1 + n)) errs = errs + 1
    end do
    call MPI_Request_free(reqs(1), ierr)
    call MPI_Request_free(reqs(2), ierr)
    if (reqs(1) /= MPI_REQUEST_NULL .or. reqs(2) /= MPI_REQUEST_NULL) errs = errs + 1

    deallocate (ia, ig)
    call MPI_Reduce(errs, total, 1, MPI_INTEGER, MPI_SUM, 0, MPI_COMM_WORLD, ierr)
    if (rank == 0) then
        if (total == 0) then
            write (*, '(A)') ' No Errors'
        else
            write (*, '(A,I6)') ' Found errors: ', total
        end if
    end if
    call MPI_Finalize(ierr)
end program
