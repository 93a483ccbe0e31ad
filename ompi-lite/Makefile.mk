# ompi-lite/: the MPI API (the only place MPI_* and PMPI_* symbols live) and libmpi.
include_HEADERS += ompi-lite/include/mpi.h
lib_LTLIBRARIES += libmpi.la
libmpi_la_SOURCES = ompi-lite/oml_impl.h ompi-lite/oml_init.c ompi-lite/oml_err.c \
	ompi-lite/oml_dtype.c ompi-lite/oml_dtengine.c ompi-lite/oml_type.c ompi-lite/oml_pt2pt.c \
	ompi-lite/oml_bsend.c ompi-lite/oml_greq.c ompi-lite/oml_coll.c ompi-lite/oml_coll_c.c ompi-lite/oml_op.c ompi-lite/oml_comm.c ompi-lite/oml_group.c \
	ompi-lite/oml_attr.c ompi-lite/oml_info.c ompi-lite/oml_topo.c ompi-lite/oml_rma.c ompi-lite/oml_io.c ompi-lite/oml_part.c ompi-lite/oml_session.c ompi-lite/oml_mpit.c ompi-lite/oml_removed.c \
	ompi-lite/oml_thread.c ompi-lite/oml_fortran.h ompi-lite/oml_fortran.c ompi-lite/oml_abi.c \
	$(COLLECTIVES_SOURCES) $(TRANSPORT_SOURCES) $(RUNTIME_SOURCES)
nodist_libmpi_la_SOURCES = ompi-lite/fortran/mpi_fortran.c ompi-lite/oml_entry.c
libmpi_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ompi-lite
libmpi_la_CFLAGS = $(AM_CFLAGS) $(OML_SIMD_CFLAGS) -fvisibility=hidden $(FABRIC_CFLAGS) $(PMIX_CFLAGS)
libmpi_la_LIBADD = $(FABRIC_LIBS) $(PMIX_LIBS) -lm
libmpi_la_LDFLAGS = -version-info 0:0:0
pkgconfig_DATA += ompi-lite/ompi-lite.pc
EXTRA_DIST += ompi-lite/ompi-lite.pc.in

# The Fortran bindings, generated from mpi.h: the C wrappers (in libmpi), mpif.h, and the
# modules mpi and mpi_f08 (libmpi_usempif08 holds the little code the modules have).
OML_F_GEN = ompi-lite/fortran/mpi_fortran.c ompi-lite/fortran/mpif.h \
	ompi-lite/fortran/mpi.f90 ompi-lite/fortran/mpi_f08.f90
$(OML_F_GEN): ompi-lite/fortran/gen.stamp
ompi-lite/fortran/gen.stamp: $(top_srcdir)/ompi-lite/fortran/gen-fortran.py \
		$(top_srcdir)/ompi-lite/include/mpi.h
	$(AM_V_GEN)$(MKDIR_P) ompi-lite/fortran && \
	$(PYTHON3) $(top_srcdir)/ompi-lite/fortran/gen-fortran.py \
		$(top_srcdir)/ompi-lite/include/mpi.h ompi-lite/fortran && touch $@

# The entry layer, generated from mpi.h: PMPI_<name> and MPI_<name> around oml_impl_<name>,
# taking the lock at MPI_THREAD_MULTIPLE (oml_thread.c).
ompi-lite/oml_entry.c ompi-lite/oml_entry.h: ompi-lite/entry.stamp
ompi-lite/entry.stamp: $(top_srcdir)/ompi-lite/gen-entry.py $(top_srcdir)/ompi-lite/include/mpi.h \
		$(top_srcdir)/ompi-lite/fortran/gen-fortran.py
	$(AM_V_GEN)$(MKDIR_P) ompi-lite && \
	$(PYTHON3) $(top_srcdir)/ompi-lite/gen-entry.py $(top_srcdir)/ompi-lite/include/mpi.h \
		ompi-lite && touch $@
EXTRA_DIST += ompi-lite/gen-entry.py
BUILT_SOURCES = ompi-lite/fortran/gen.stamp ompi-lite/entry.stamp
CLEANFILES += ompi-lite/oml_entry.c ompi-lite/oml_entry.h ompi-lite/entry.stamp
CLEANFILES += $(OML_F_GEN) ompi-lite/fortran/gen.stamp ompi-lite/fortran/mpi.mod \
	ompi-lite/fortran/mpi_f08.mod
EXTRA_DIST += ompi-lite/fortran/gen-fortran.py
nodist_include_HEADERS = ompi-lite/fortran/mpif.h
lib_LTLIBRARIES += libmpi_usempif08.la
nodist_libmpi_usempif08_la_SOURCES = ompi-lite/fortran/mpi.f90 ompi-lite/fortran/mpi_f08.f90
libmpi_usempif08_la_FCFLAGS = $(AM_FCFLAGS) -Jompi-lite/fortran $(OML_SAN_CFLAGS)
libmpi_usempif08_la_LIBADD = libmpi.la
libmpi_usempif08_la_LDFLAGS = -version-info 0:0:0
install-data-local:
	$(MKDIR_P) $(DESTDIR)$(includedir)
	$(INSTALL_DATA) ompi-lite/fortran/mpi.mod ompi-lite/fortran/mpi_f08.mod $(DESTDIR)$(includedir)
uninstall-local:
	rm -f $(DESTDIR)$(includedir)/mpi.mod $(DESTDIR)$(includedir)/mpi_f08.mod
