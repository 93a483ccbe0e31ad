# tests/: unit tests (each links only the layer it tests) and MPI programs.
check_PROGRAMS += tests/unit/test_match
tests_unit_test_match_SOURCES = tests/unit/test_match.c tests/unit/unit.h transport/tp_match.c
check_PROGRAMS += tests/unit/test_map
tests_unit_test_map_SOURCES = tests/unit/test_map.c tests/unit/unit.h mpirun/hosts.c mpirun/map.c
check_PROGRAMS += tests/unit/test_layout
tests_unit_test_layout_SOURCES = tests/unit/test_layout.c tests/unit/unit.h collectives/coll_layout.c
check_PROGRAMS += tests/unit/test_dtype
tests_unit_test_dtype_SOURCES = tests/unit/test_dtype.c tests/unit/unit.h ompi-lite/oml_dtype.c \
	ompi-lite/oml_dtengine.c
