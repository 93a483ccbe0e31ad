! Point-to-point, requests, statuses and strings through mpif.h (fixed form).
! Every rank checks what it receives; rank 0 prints " No Errors" when all agree.
      program f77pt2pt
      implicit none
      include 'mpif.h'
      integer rank, nproc, ierr, i, j, n, errs, total, left, right
      integer ibuf(100), st(MPI_STATUS_SIZE), sts(MPI_STATUS_SIZE,4)
      integer reqs(4), idx, count, preq
      double precision dbuf(50), dsum
      character*(MPI_MAX_PROCESSOR_NAME) pname
      character*(MPI_MAX_OBJECT_NAME) cname
      character*(MPI_MAX_ERROR_STRING) estr
      logical flag
      double precision t0
      integer greq, nq, nf
      integer(kind=MPI_ADDRESS_KIND) extra
      external gquery, gfree, gcancel, onerr
      integer stype, htype, xtype, blens(2), disps(2), types(2), iaddr
      integer ext, lb, ub, eh, eh2, cls, nerr
      integer(kind=MPI_ADDRESS_KIND) gaddr
      common /errcount/ nerr
      common /gcount/ nq, nf
      errs = 0
      call MPI_INIT(ierr)
      call MPI_COMM_RANK(MPI_COMM_WORLD, rank, ierr)
      call MPI_COMM_SIZE(MPI_COMM_WORLD, nproc, ierr)
      t0 = MPI_WTIME()
      right = mod(rank + 1, nproc)
      left = mod(rank + nproc - 1, nproc)
! Send / Recv with a status, ANY_SOURCE, Get_count
      do i = 1, 100
         ibuf(i) = rank * 1000 + i
      end do
      if (rank .eq. 0) then
         do j = 1, nproc - 1
            call MPI_RECV(ibuf, 100, MPI_INTEGER, MPI_ANY_SOURCE, 7,
     &                    MPI_COMM_WORLD, st, ierr)
            call MPI_GET_COUNT(st, MPI_INTEGER, count, ierr)
            if (count .ne. 60 + st(MPI_SOURCE)) errs = errs + 1
            if (st(MPI_TAG) .ne. 7) errs = errs + 1
            do i = 1, count
               if (ibuf(i) .ne. st(MPI_SOURCE) * 1000 + i)
     &            errs = errs + 1
            end do
         end do
      else
         call MPI_SEND(ibuf, 60 + rank, MPI_INTEGER, 0, 7,
     &                 MPI_COMM_WORLD, ierr)
      end if
! Isend / Irecv around the ring, Waitall with MPI_STATUSES_IGNORE
      do i = 1, 50
         dbuf(i) = dble(rank) + dble(i) / 4d0
      end do
      call MPI_IRECV(ibuf, 50, MPI_DOUBLE_PRECISION, left, 3,
     &               MPI_COMM_WORLD, reqs(1), ierr)
      call MPI_ISEND(dbuf, 50, MPI_DOUBLE_PRECISION, right, 3,
     &               MPI_COMM_WORLD, reqs(2), ierr)
      call MPI_WAITALL(2, reqs, MPI_STATUSES_IGNORE, ierr)
      call MPI_F_SYNC_REG(ibuf)
      if (reqs(1) .ne. MPI_REQUEST_NULL) errs = errs + 1
      if (reqs(2) .ne. MPI_REQUEST_NULL) errs = errs + 1
      call MPI_SENDRECV(rank, 1, MPI_INTEGER, right, 4,
     &     ibuf, 1, MPI_INTEGER, left, 4,
     &     MPI_COMM_WORLD, MPI_STATUS_IGNORE, ierr)
      if (ibuf(1) .ne. left) errs = errs + 1
! Sendrecv_replace, then check the values that came from the left
      do i = 1, 50
         dbuf(i) = dble(rank) + dble(i) / 4d0
      end do
      call MPI_SENDRECV_REPLACE(dbuf, 50, MPI_DOUBLE_PRECISION, right,
     &     5, left, 5, MPI_COMM_WORLD, st, ierr)
      do i = 1, 50
         if (dbuf(i) .ne. dble(left) + dble(i) / 4d0) errs = errs + 1
      end do
      if (st(MPI_SOURCE) .ne. left) errs = errs + 1
! Waitany gives a Fortran (1-based) index; Testall a LOGICAL
      call MPI_IRECV(ibuf, 1, MPI_INTEGER, left, 11, MPI_COMM_WORLD,
     &               reqs(1), ierr)
      reqs(2) = MPI_REQUEST_NULL
      call MPI_ISEND(rank, 1, MPI_INTEGER, right, 11, MPI_COMM_WORLD,
     &               reqs(3), ierr)
      call MPI_WAITANY(2, reqs, idx, st, ierr)
      call MPI_F_SYNC_REG(ibuf)
      if (idx .ne. 1) errs = errs + 1
      if (ibuf(1) .ne. left) errs = errs + 1
      flag = .false.
      do while (.not. flag)
         call MPI_TESTALL(1, reqs(3), flag, sts, ierr)
      end do
! Persistent requests, Ssend and Probe
      call MPI_RECV_INIT(ibuf, 1, MPI_INTEGER, left, 12,
     &                   MPI_COMM_WORLD, preq, ierr)
      do j = 1, 3
         call MPI_START(preq, ierr)
         call MPI_SSEND(j * 10 + rank, 1, MPI_INTEGER, right, 12,
     &                  MPI_COMM_WORLD, ierr)
         call MPI_WAIT(preq, st, ierr)
         call MPI_F_SYNC_REG(ibuf)
         if (ibuf(1) .ne. j * 10 + left) errs = errs + 1
      end do
      call MPI_REQUEST_FREE(preq, ierr)
      if (preq .ne. MPI_REQUEST_NULL) errs = errs + 1
      call MPI_ISEND(dbuf, 7, MPI_DOUBLE_PRECISION, right, 13,
     &               MPI_COMM_WORLD, reqs(1), ierr)
      call MPI_PROBE(left, 13, MPI_COMM_WORLD, st, ierr)
      call MPI_GET_COUNT(st, MPI_DOUBLE_PRECISION, n, ierr)
      if (n .ne. 7) errs = errs + 1
      call MPI_RECV(dbuf, n, MPI_DOUBLE_PRECISION, left, 13,
     &              MPI_COMM_WORLD, MPI_STATUS_IGNORE, ierr)
      call MPI_WAIT(reqs(1), MPI_STATUS_IGNORE, ierr)
! A short receive buffer: MPI_ERR_TRUNCATE under MPI_ERRORS_RETURN
      call MPI_COMM_SET_ERRHANDLER(MPI_COMM_WORLD, MPI_ERRORS_RETURN,
     &                             ierr)
      call MPI_ISEND(ibuf, 5, MPI_INTEGER, right, 14, MPI_COMM_WORLD,
     &               reqs(1), ierr)
      call MPI_RECV(ibuf, 2, MPI_INTEGER, left, 14, MPI_COMM_WORLD, st,
     &              ierr)
      if (ierr .ne. MPI_ERR_TRUNCATE) errs = errs + 1
      call MPI_WAIT(reqs(1), MPI_STATUS_IGNORE, ierr)
      call MPI_ERROR_STRING(MPI_ERR_TRUNCATE, estr, n, ierr)
      if (n .le. 0 .or. n .ne. len_trim(estr)) errs = errs + 1
! Strings: processor name, communicator names, blank padding
      call MPI_GET_PROCESSOR_NAME(pname, n, ierr)
      if (n .le. 0 .or. pname(n+1:n+1) .ne. ' ') errs = errs + 1
      call MPI_COMM_SET_NAME(MPI_COMM_WORLD, 'the world   ', ierr)
      call MPI_COMM_GET_NAME(MPI_COMM_WORLD, cname, n, ierr)
      if (cname .ne. 'the world' .or. n .ne. 9) errs = errs + 1
! Bcast of CHARACTER, Allreduce of DOUBLE PRECISION with MPI_IN_PLACE
      if (rank .eq. 0) cname = 'from rank zero'
      call MPI_BCAST(cname, MPI_MAX_OBJECT_NAME, MPI_CHARACTER, 0,
     &               MPI_COMM_WORLD, ierr)
      if (cname .ne. 'from rank zero') errs = errs + 1
      dsum = dble(rank + 1)
      call MPI_ALLREDUCE(MPI_IN_PLACE, dsum, 1, MPI_DOUBLE_PRECISION,
     &                   MPI_SUM, MPI_COMM_WORLD, ierr)
      if (dsum .ne. dble(nproc * (nproc + 1) / 2)) errs = errs + 1
      if (MPI_WTIME() .lt. t0) errs = errs + 1
! A generalized request: the query fills the status at the wait
      nq = 0
      nf = 0
      extra = 12
      call MPI_GREQUEST_START(gquery, gfree, gcancel, extra, greq,
     &                        ierr)
      call MPI_TEST(greq, flag, st, ierr)
      if (flag .or. nq .ne. 0) errs = errs + 1
      call MPI_GREQUEST_COMPLETE(greq, ierr)
      call MPI_WAIT(greq, st, ierr)
      call MPI_GET_COUNT(st, MPI_INTEGER, count, ierr)
      if (nq .ne. 1 .or. nf .ne. 1 .or. count .ne. 4) errs = errs + 1
      if (st(MPI_TAG) .ne. 12 .or. greq .ne. MPI_REQUEST_NULL)
     &   errs = errs + 1
! The MPI-1 routines removed in MPI-3.0, with default INTEGER displacements
      blens(1) = 1
      blens(2) = 2
      disps(1) = 0
      disps(2) = 8
      types(1) = MPI_INTEGER
      types(2) = MPI_DOUBLE_PRECISION
      call MPI_TYPE_STRUCT(2, blens, disps, types, stype, ierr)
      call MPI_TYPE_EXTENT(stype, ext, ierr)
      call MPI_TYPE_LB(stype, lb, ierr)
      call MPI_TYPE_UB(stype, ub, ierr)
      if (ext .ne. 24 .or. lb .ne. 0 .or. ub .ne. 24) errs = errs + 1
      call MPI_TYPE_HVECTOR(3, 1, 16, MPI_INTEGER, htype, ierr)
      call MPI_TYPE_EXTENT(htype, ext, ierr)
      if (ierr .ne. MPI_SUCCESS .or. ext .ne. 36) errs = errs + 1
      disps(2) = 40
      call MPI_TYPE_HINDEXED(2, blens, disps, MPI_INTEGER, xtype, ierr)
      call MPI_TYPE_SIZE(xtype, n, ierr)
      call MPI_TYPE_EXTENT(xtype, ext, ierr)
      if (n .ne. 12 .or. ext .ne. 48) errs = errs + 1
      call MPI_TYPE_COMMIT(xtype, ierr)
      do i = 1, 12
         ibuf(i) = rank * 100 + i
      end do
      call MPI_SENDRECV(ibuf, 1, xtype, right, 21, ibuf(20), 3,
     &     MPI_INTEGER, left, 21, MPI_COMM_WORLD, st, ierr)
      if (ibuf(20) .ne. left * 100 + 1 .or. ibuf(21) .ne. left * 100
     &    + 11 .or. ibuf(22) .ne. left * 100 + 12) errs = errs + 1
      call MPI_TYPE_FREE(xtype, ierr)
      call MPI_TYPE_FREE(htype, ierr)
      call MPI_TYPE_FREE(stype, ierr)
! MPI_ADDRESS: an address that does not fit a default INTEGER is an error
      call MPI_ERRHANDLER_CREATE(onerr, eh, ierr)
      call MPI_ERRHANDLER_SET(MPI_COMM_WORLD, eh, ierr)
      call MPI_ERRHANDLER_GET(MPI_COMM_WORLD, eh2, ierr)
      if (eh2 .ne. eh) errs = errs + 1
      nerr = 0
      call MPI_GET_ADDRESS(ibuf, gaddr, ierr)
      call MPI_ADDRESS(ibuf, iaddr, ierr)
      if (gaddr .ge. -2147483647 - 1 .and. gaddr .le. 2147483647) then
         if (ierr .ne. MPI_SUCCESS .or. iaddr .ne. gaddr)
     &      errs = errs + 1
      else
         call MPI_ERROR_CLASS(ierr, cls, ierr)
         if (cls .ne. MPI_ERR_ARG .or. nerr .ne. 1) errs = errs + 1
      end if
      call MPI_ERRHANDLER_SET(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL,
     &     ierr)
      call MPI_ERRHANDLER_FREE(eh, ierr)
      call MPI_ERRHANDLER_FREE(eh2, ierr)
      call MPI_REDUCE(errs, total, 1, MPI_INTEGER, MPI_SUM, 0,
     &                MPI_COMM_WORLD, ierr)
      if (rank .eq. 0) then
         if (total .eq. 0) then
            write (*, '(A)') ' No Errors'
         else
            write (*, '(A,I6)') ' Found errors: ', total
         end if
      end if
      call MPI_FINALIZE(ierr)
      end

      subroutine gquery(extra, st, ierr)
      implicit none
      include 'mpif.h'
      integer(kind=MPI_ADDRESS_KIND) extra
      integer st(MPI_STATUS_SIZE), ierr, nq, nf
      common /gcount/ nq, nf
      nq = nq + 1
      st(MPI_SOURCE) = 0
      st(MPI_TAG) = int(extra)
      call MPI_STATUS_SET_ELEMENTS(st, MPI_INTEGER, 4, ierr)
      end

      subroutine gfree(extra, ierr)
      implicit none
      include 'mpif.h'
      integer(kind=MPI_ADDRESS_KIND) extra
      integer ierr, nq, nf
      common /gcount/ nq, nf
      nf = nf + 1
      if (extra .ne. 12) nf = -100
      ierr = MPI_SUCCESS
      end

      subroutine gcancel(extra, complete, ierr)
      implicit none
      include 'mpif.h'
      integer(kind=MPI_ADDRESS_KIND) extra
      logical complete
      integer ierr
      ierr = MPI_SUCCESS
      if (complete .or. extra .ne. 12) ierr = MPI_ERR_OTHER
      end

      subroutine onerr(comm, code)
      implicit none
      integer comm, code, nerr
      common /errcount/ nerr
      nerr = nerr + 1
      end
