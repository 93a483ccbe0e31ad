! Attributes set in one language and read in the other (MPI-4.1 19.3.7), through `use mpi` and
! the C functions called with bind(C): a value set from Fortran (MPI_COMM_SET_ATTR,
! MPI_ATTR_PUT, MPI_TYPE_SET_ATTR) reads in C as the address of the stored integer; a C
! pointer reads in Fortran as that address; C callbacks get a Fortran value by its address,
! Fortran callbacks get a C pointer as an integer. One rank is enough; rank 0 prints
! " No Errors" when all agree.
module f90attrlang_c
    use, intrinsic :: iso_c_binding
    implicit none
    interface
        function c_comm_f2c(f) bind(C, name="MPI_Comm_f2c")
            import :: c_ptr, c_int
            integer(c_int), value :: f
            type(c_ptr) :: c_comm_f2c
        end function
        function c_type_f2c(f) bind(C, name="MPI_Type_f2c")
            import :: c_ptr, c_int
            integer(c_int), value :: f
            type(c_ptr) :: c_type_f2c
        end function
        function c_comm_get_attr(comm, keyval, val, flag) bind(C, name="MPI_Comm_get_attr")
            import :: c_ptr, c_int
            type(c_ptr), value :: comm
            integer(c_int), value :: keyval
            type(c_ptr) :: val
            integer(c_int) :: flag
            integer(c_int) :: c_comm_get_attr
        end function
        function c_type_get_attr(dt, keyval, val, flag) bind(C, name="MPI_Type_get_attr")
            import :: c_ptr, c_int
            type(c_ptr), value :: dt
            integer(c_int), value :: keyval
            type(c_ptr) :: val
            integer(c_int) :: flag
            integer(c_int) :: c_type_get_attr
        end function
        function c_comm_set_attr(comm, keyval, val) bind(C, name="MPI_Comm_set_attr")
            import :: c_ptr, c_int
            type(c_ptr), value :: comm, val
            integer(c_int), value :: keyval
            integer(c_int) :: c_comm_set_attr
        end function
        function c_comm_create_keyval(copy, del, keyval, extra) &
            bind(C, name="MPI_Comm_create_keyval")
            import :: c_ptr, c_int, c_funptr
            type(c_funptr), value :: copy, del
            integer(c_int) :: keyval
            type(c_ptr), value :: extra
            integer(c_int) :: c_comm_create_keyval
        end function
    end interface
end module

! Callbacks of both languages, and what they saw.
module f90attrlang_cb
    use mpi
    use, intrinsic :: iso_c_binding
    implicit none
    integer(kind=MPI_ADDRESS_KIND) :: c_copy_saw = -1, c_delete_saw = -1
    integer(kind=MPI_ADDRESS_KIND) :: f_copy_saw = -1, f_delete_saw = -1
    integer :: bad_args = 0 ! callbacks given a null handle, an invalid keyval, a wrong extra
contains
    ! C callbacks (keyval made with the C function): a Fortran value comes by its address. The
    ! copy keeps the kind of its original: a copy of a Fortran value is the new integer itself.
    function c_copy(comm, keyval, extra, inval, outval, flag) bind(C)
        type(c_ptr), value :: comm, extra, inval
        integer(c_int), value :: keyval
        type(c_ptr) :: outval
        integer(c_int) :: flag, c_copy
        integer(kind=MPI_ADDRESS_KIND), pointer :: v
        if (.not. c_associated(comm) .or. keyval == MPI_KEYVAL_INVALID .or. c_associated(extra)) &
            bad_args = bad_args + 1
        call c_f_pointer(inval, v)
        c_copy_saw = v
        outval = transfer(v + 1, outval)
        flag = 1
        c_copy = MPI_SUCCESS
    end function

    function c_delete(comm, keyval, val, extra) bind(C)
        type(c_ptr), value :: comm, val, extra
        integer(c_int), value :: keyval
        integer(c_int) :: c_delete
        integer(kind=MPI_ADDRESS_KIND), pointer :: v
        if (.not. c_associated(comm) .or. keyval == MPI_KEYVAL_INVALID .or. c_associated(extra)) &
            bad_args = bad_args + 1
        call c_f_pointer(val, v)
        c_delete_saw = v
        c_delete = MPI_SUCCESS
    end function

    ! Fortran callbacks: a C pointer comes as an integer.
    subroutine f_copy(comm, keyval, extra, valin, valout, flag, ierror)
        integer :: comm, keyval, ierror
        integer(kind=MPI_ADDRESS_KIND) :: extra, valin, valout
        logical :: flag
        if (comm == MPI_COMM_NULL .or. keyval == MPI_KEYVAL_INVALID .or. extra /= 5) &
            bad_args = bad_args + 1
        f_copy_saw = valin
        valout = valin
        flag = .true.
        ierror = MPI_SUCCESS
    end subroutine

    subroutine f_delete(comm, keyval, val, extra, ierror)
        integer :: comm, keyval, ierror
        integer(kind=MPI_ADDRESS_KIND) :: val, extra
        if (comm == MPI_COMM_NULL .or. keyval == MPI_KEYVAL_INVALID .or. extra /= 5) &
            bad_args = bad_args + 1
        f_delete_saw = val
        ierror = MPI_SUCCESS
    end subroutine
end module

program f90attrlang
    use mpi
    use f90attrlang_c
    use f90attrlang_cb
    use, intrinsic :: iso_c_binding
    implicit none
    integer :: ierr, rank, errs, fkey, ckey, tkey, dup, dtype, ilegacy
    integer(c_int) :: cflag, rc
    integer(kind=MPI_ADDRESS_KIND) :: val, extra, big
    integer(kind=MPI_ADDRESS_KIND), pointer :: seen
    integer(c_int), pointer :: seen_int
    integer(c_int), target :: cdata
    type(c_ptr) :: p
    logical :: flag

    errs = 0
    call MPI_Init(ierr)
    call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
    extra = 0
    big = huge(big) - 5

    ! 1. Fortran sets an address-sized integer; C reads the address of the stored value.
    call MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN, fkey, extra, ierr)
    val = big
    call MPI_Comm_set_attr(MPI_COMM_WORLD, fkey, val, ierr)
    rc = c_comm_get_attr(c_comm_f2c(MPI_COMM_WORLD), fkey, p, cflag)
    if (rc /= MPI_SUCCESS .or. cflag == 0 .or. .not. c_associated(p)) then
        errs = errs + 1
        print *, 'C did not find the attribute Fortran set'
    else
        call c_f_pointer(p, seen)
        if (seen /= big) then
            errs = errs + 1
            print *, 'C read', seen, ' expected', big
        end if
    end if
    call MPI_Comm_get_attr(MPI_COMM_WORLD, fkey, val, flag, ierr)
    if (.not. flag .or. val /= big) then
        errs = errs + 1
        print *, 'Fortran read', val, ' expected', big
    end if

    ! 2. MPI-1's INTEGER value: C reads its address; the low int is the value, sign-extended.
    call MPI_Attr_put(MPI_COMM_WORLD, fkey, -7, ierr)
    rc = c_comm_get_attr(c_comm_f2c(MPI_COMM_WORLD), fkey, p, cflag)
    call c_f_pointer(p, seen_int)
    call c_f_pointer(p, seen)
    if (cflag == 0 .or. seen_int /= -7 .or. seen /= -7) then
        errs = errs + 1
        print *, 'C read an MPI_ATTR_PUT value of -7 as', seen
    end if
    call MPI_Attr_get(MPI_COMM_WORLD, fkey, ilegacy, flag, ierr)
    if (.not. flag .or. ilegacy /= -7) then
        errs = errs + 1
        print *, 'MPI_ATTR_GET read', ilegacy, ' expected -7'
    end if
    call MPI_Comm_free_keyval(fkey, ierr)

    ! 3. C sets a pointer; Fortran reads the address as an integer.
    extra = 5
    call MPI_Comm_create_keyval(f_copy, f_delete, fkey, extra, ierr)
    extra = 0
    cdata = 42
    rc = c_comm_set_attr(c_comm_f2c(MPI_COMM_WORLD), fkey, c_loc(cdata))
    call MPI_Comm_get_attr(MPI_COMM_WORLD, fkey, val, flag, ierr)
    if (rc /= MPI_SUCCESS .or. .not. flag .or. val /= transfer(c_loc(cdata), val)) then
        errs = errs + 1
        print *, 'Fortran read a C pointer as', val
    end if

    ! 4. Fortran callbacks on the C value: the address, as an integer.
    call MPI_Comm_dup(MPI_COMM_WORLD, dup, ierr)
    if (f_copy_saw /= transfer(c_loc(cdata), val)) then
        errs = errs + 1
        print *, 'the Fortran copy callback saw', f_copy_saw
    end if
    call MPI_Comm_free(dup, ierr)
    if (f_delete_saw /= transfer(c_loc(cdata), val)) then
        errs = errs + 1
        print *, 'the Fortran delete callback saw', f_delete_saw
    end if
    call MPI_Comm_delete_attr(MPI_COMM_WORLD, fkey, ierr)
    call MPI_Comm_free_keyval(fkey, ierr)

    ! 5. C callbacks on a Fortran value: the address of the stored integer.
    rc = c_comm_create_keyval(c_funloc(c_copy), c_funloc(c_delete), ckey, c_null_ptr)
    val = 1234567
    call MPI_Comm_set_attr(MPI_COMM_WORLD, ckey, val, ierr)
    call MPI_Comm_dup(MPI_COMM_WORLD, dup, ierr)
    if (c_copy_saw /= 1234567) then
        errs = errs + 1
        print *, 'the C copy callback saw', c_copy_saw, ' expected 1234567'
    end if
    call MPI_Comm_get_attr(dup, ckey, val, flag, ierr)
    if (.not. flag .or. val /= 1234568) then
        errs = errs + 1
        print *, 'the copy made in C reads in Fortran as', val, ' expected 1234568'
    end if
    call MPI_Comm_free(dup, ierr)
    if (c_delete_saw /= 1234568) then
        errs = errs + 1
        print *, 'the C delete callback saw', c_delete_saw, ' expected 1234568'
    end if
    c_delete_saw = -1
    val = 99
    call MPI_Comm_set_attr(MPI_COMM_WORLD, ckey, val, ierr) ! replaces: deletes the old one
    if (c_delete_saw /= 1234567) then
        errs = errs + 1
        print *, 'replacing: the C delete callback saw', c_delete_saw, ' expected 1234567'
    end if
    call MPI_Comm_delete_attr(MPI_COMM_WORLD, ckey, ierr)
    if (c_delete_saw /= 99) then
        errs = errs + 1
        print *, 'deleting: the C delete callback saw', c_delete_saw, ' expected 99'
    end if
    call MPI_Comm_free_keyval(ckey, ierr)

    ! 6. Datatypes: the same rule.
    call MPI_Type_contiguous(2, MPI_INTEGER, dtype, ierr)
    call MPI_Type_create_keyval(MPI_TYPE_NULL_COPY_FN, MPI_TYPE_NULL_DELETE_FN, tkey, extra, ierr)
    val = -123456789012_MPI_ADDRESS_KIND
    call MPI_Type_set_attr(dtype, tkey, val, ierr)
    rc = c_type_get_attr(c_type_f2c(dtype), tkey, p, cflag)
    call c_f_pointer(p, seen)
    if (cflag == 0 .or. seen /= val) then
        errs = errs + 1
        print *, 'C read a datatype attribute as', seen, ' expected', val
    end if
    call MPI_Type_free(dtype, ierr)
    call MPI_Type_free_keyval(tkey, ierr)

    if (bad_args /= 0) then
        errs = errs + 1
        print *, bad_args, ' callbacks had wrong arguments'
    end if
    call MPI_Allreduce(MPI_IN_PLACE, errs, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
    if (rank == 0) then
        if (errs == 0) then
            print '(a)', ' No Errors'
        else
            print *, 'Found', errs, ' errors'
        end if
    end if
    call MPI_Finalize(ierr)
end program
