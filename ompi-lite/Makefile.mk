# ompi-lite/: the MPI API (the only place MPI_* and PMPI_* symbols live) and libmpi.
include_HEADERS += ompi-lite/include/mpi.h
lib_LTLIBRARIES += libmpi.la
libmpi_la_SOURCES = ompi-lite/oml_impl.h ompi-lite/oml_init.c ompi-lite/oml_err.c \
	ompi-lite/oml_dtype.c ompi-lite/oml_dtengine.c ompi-lite/oml_type.c ompi-lite/oml_pt2pt.c \
	ompi-lite/oml_bsend.c ompi-lite/oml_coll.c ompi-lite/oml_op.c ompi-lite/oml_comm.c ompi-lite/oml_group.c \
	ompi-lite/oml_attr.c ompi-lite/oml_info.c ompi-lite/oml_topo.c \
	$(COLLECTIVES_SOURCES) $(TRANSPORT_SOURCES) $(RUNTIME_SOURCES)
libmpi_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(FABRIC_CFLAGS) $(PMIX_CFLAGS)
libmpi_la_LIBADD = $(FABRIC_LIBS) $(PMIX_LIBS) -lm
libmpi_la_LDFLAGS = -version-info 0:0:0
pkgconfig_DATA += ompi-lite/ompi-lite.pc
EXTRA_DIST += ompi-lite/ompi-lite.pc.in
