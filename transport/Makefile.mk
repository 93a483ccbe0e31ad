# transport/: matching engine, eager and rendezvous protocols, wires (ofi, shm, self).
TRANSPORT_SOURCES = transport/tp.h transport/tp_impl.h transport/tp_match.c \
	transport/tp_proto.c transport/tp_ofi.c transport/tp_shm.c transport/tp_self.c
