# collectives/: algorithms on the transport's p2p API only.
COLLECTIVES_SOURCES = collectives/coll.h collectives/coll_impl.h collectives/coll_sched.c \
	collectives/coll_select.c collectives/coll_barrier.c collectives/coll_bcast.c \
	collectives/coll_allreduce.c collectives/coll_reduce.c collectives/coll_allgather.c \
	collectives/coll_alltoall.c collectives/coll_gather.c collectives/coll_redscat.c \
	collectives/coll_neighbor.c collectives/coll_node.c collectives/coll_inter.c \
	collectives/coll_layout.c
