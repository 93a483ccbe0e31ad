# runtime/: PMIx client wire-up (rank, size, locality, modex, abort), singleton mode.
RUNTIME_SOURCES = runtime/rt.h runtime/rt_pmix.c
