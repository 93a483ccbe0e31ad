# mpirun/: the launcher (embedded PMIx server) and the compiler wrappers.
bin_PROGRAMS += mpirun/mpirun
mpirun_mpirun_SOURCES = mpirun/run.h mpirun/mpirun.c mpirun/run_job.c
mpirun_mpirun_CFLAGS = $(AM_CFLAGS) $(PMIX_CFLAGS) $(HWLOC_CFLAGS) $(EVENT_CFLAGS)
mpirun_mpirun_LDADD = $(PMIX_LIBS) $(HWLOC_LIBS) $(EVENT_LIBS) -lpthread
bin_SCRIPTS += mpirun/mpicc mpirun/mpicxx
EXTRA_DIST += mpirun/mpicc.in
