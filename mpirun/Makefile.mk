# mpirun/: the launcher (mpirun, ompi-lite-daemon: node servers with embedded PMIx servers)
# and the compiler wrappers.
bin_PROGRAMS += mpirun/mpirun mpirun/ompi-lite-daemon
OML_RUN_COMMON = mpirun/map.h mpirun/hosts.c mpirun/map.c mpirun/link.h mpirun/link.c \
	mpirun/node.h mpirun/node.c
mpirun_mpirun_SOURCES = mpirun/run.h mpirun/mpirun.c mpirun/run_job.c $(OML_RUN_COMMON)
mpirun_mpirun_CFLAGS = $(AM_CFLAGS) $(PMIX_CFLAGS) $(HWLOC_CFLAGS) $(EVENT_CFLAGS)
mpirun_mpirun_LDADD = $(PMIX_LIBS) $(HWLOC_LIBS) $(EVENT_LIBS) -lpthread
mpirun_ompi_lite_daemon_SOURCES = mpirun/daemon.c $(OML_RUN_COMMON)
mpirun_ompi_lite_daemon_CFLAGS = $(mpirun_mpirun_CFLAGS)
mpirun_ompi_lite_daemon_LDADD = $(mpirun_mpirun_LDADD)
bin_SCRIPTS += mpirun/mpicc mpirun/mpicxx mpirun/mpifort
# mpif90 and mpif77 are mpifort under the names older build systems look for; mpiexec is mpirun
# under the standard's name (what HDF5's and CMake's tests run, as with Open MPI and MPICH).
install-exec-hook:
	cd $(DESTDIR)$(bindir) && ln -sf mpifort mpif90 && ln -sf mpifort mpif77 && ln -sf mpirun mpiexec
EXTRA_DIST += mpirun/mpicc.in
