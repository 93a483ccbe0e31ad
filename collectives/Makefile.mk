# collectives/: algorithms on the transport's p2p API only.
COLLECTIVES_SOURCES = collectives/coll.h collectives/coll_barrier.c collectives/coll_bcast.c \
	collectives/coll_allreduce.c
