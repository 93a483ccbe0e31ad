/*
 * session: the Sessions Model (MPI-4.0 11.3). Without an argument the program never calls
 * MPI_Init: an error handler and an info made before any session, process sets and their info,
 * groups and communicators from them (point-to-point and collectives checked), two
 * communicators made at once over disjoint groups with different string tags and an
 * intercommunicator joining them (MPI_Intercomm_create_from_groups), errors raised on
 * a session, and a second session opened after the first is finalized. With SESSION_TEST=mixed
 * (under MPI_Init_thread(MPI_THREAD_MULTIPLE), which the session reports as its thread level):
 * MPI_Init first, a session beside it whose communicator is congruent to MPI_COMM_WORLD,
 * MPI_Finalize while the session is open, and the session's communicator still working after
 * it. With SESSION_TEST=after: MPI_Session_init after MPI_Finalize ended MPI, which ompi-lite
 * refuses with a message (the job fails).
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rank = -1, errs;
static int handler_calls, handler_code;

static void on_session_error(MPI_Session *session, int *code, ...)
{
    (void)session;
    handler_calls++;
    handler_code = *code;
}

/* Checks ring point-to-point and an allreduce on comm, whose size is n. */
static void check_comm(MPI_Comm comm, int n)
{
    int r, size;
    MPI_Comm_rank(comm, &r);
    MPI_Comm_size(comm, &size);
    EXPECT(size == n);
    int right = (r + 1) % size, left = (r + size - 1) % size, got = -1;
    MPI_Sendrecv(&r, 1, MPI_INT, right, 7, &got, 1, MPI_INT, left, 7, comm, MPI_STATUS_IGNORE);
    EXPECT(got == left);
    int sum = 0;
    MPI_Allreduce(&r, &sum, 1, MPI_INT, MPI_SUM, comm);
    EXPECT(sum == size * (size - 1) / 2);
}

/* A communicator over pset's processes, and its size. */
static MPI_Comm comm_from_pset(MPI_Session s, const char *pset, const char *tag, int *n)
{
    MPI_Group g;
    MPI_Comm c = MPI_COMM_NULL;
    EXPECT(MPI_Group_from_session_pset(s, pset, &g) == MPI_SUCCESS);
    MPI_Group_size(g, n);
    EXPECT(MPI_Comm_create_from_group(g, tag, MPI_INFO_NULL, MPI_ERRORS_RETURN, &c) == MPI_SUCCESS);
    MPI_Group_free(&g);
    return c;
}

static int sessions_only(void)
{
    MPI_Errhandler eh;
    MPI_Info info;
    /* both may come before any session (MPI-4.0 11.4) */
    EXPECT(MPI_Session_create_errhandler(on_session_error, &eh) == MPI_SUCCESS);
    MPI_Info_create(&info);
    MPI_Info_set(info, "thread_level", "MPI_THREAD_FUNNELED");
    MPI_Session s;
    EXPECT(MPI_Session_init(info, MPI_ERRORS_RETURN, &s) == MPI_SUCCESS);
    MPI_Info_free(&info);
    int flag = 1;
    MPI_Initialized(&flag);
    EXPECT(!flag); /* the World Model was not started */

    int npsets = 0;
    EXPECT(MPI_Session_get_num_psets(s, MPI_INFO_NULL, &npsets) == MPI_SUCCESS);
    EXPECT(npsets >= 2);
    int seen_world = 0, seen_self = 0;
    for (int i = 0; i < npsets; i++) {
        int len = 0;
        EXPECT(MPI_Session_get_nth_pset(s, MPI_INFO_NULL, i, &len, NULL) == MPI_SUCCESS);
        char *name = malloc((size_t)len);
        EXPECT(MPI_Session_get_nth_pset(s, MPI_INFO_NULL, i, &len, name) == MPI_SUCCESS);
        EXPECT(strlen(name) + 1 == (size_t)len);
        seen_world += strcmp(name, "mpi://WORLD") == 0;
        seen_self += strcmp(name, "mpi://SELF") == 0;
        free(name);
    }
    EXPECT(seen_world == 1 && seen_self == 1);
    char small[5];
    int len = (int)sizeof(small);
    EXPECT(MPI_Session_get_nth_pset(s, MPI_INFO_NULL, 0, &len, small) == MPI_SUCCESS);
    EXPECT(strlen(small) == 4); /* cut to the buffer, terminated */

    MPI_Info pinfo;
    char value[64];
    EXPECT(MPI_Session_get_pset_info(s, "mpi://SELF", &pinfo) == MPI_SUCCESS);
    MPI_Info_get(pinfo, "mpi_size", (int)sizeof(value) - 1, value, &flag);
    EXPECT(flag && strcmp(value, "1") == 0);
    MPI_Info_free(&pinfo);

    MPI_Info used;
    EXPECT(MPI_Session_get_info(s, &used) == MPI_SUCCESS);
    MPI_Info_get(used, "thread_level", (int)sizeof(value) - 1, value, &flag);
    EXPECT(flag && strcmp(value, "MPI_THREAD_FUNNELED") == 0);
    MPI_Info_free(&used);

    int n = 0;
    MPI_Comm world = comm_from_pset(s, "mpi://WORLD", "org.ompi-lite.test.world", &n);
    MPI_Comm_rank(world, &rank);
    EXPECT(MPI_Session_get_pset_info(s, "mpi://WORLD", &pinfo) == MPI_SUCCESS);
    MPI_Info_get(pinfo, "mpi_size", (int)sizeof(value) - 1, value, &flag);
    EXPECT(flag && atoi(value) == n);
    MPI_Info_free(&pinfo);
    check_comm(world, n);

    int self_n = 0;
    MPI_Comm self = comm_from_pset(s, "mpi://SELF", "org.ompi-lite.test.self", &self_n);
    EXPECT(self_n == 1);
    check_comm(self, 1);

    /* evens and odds make theirs at once, with different tags */
    MPI_Group wg, half;
    MPI_Comm_group(world, &wg);
    int *members = malloc((size_t)n * sizeof(int)), m = 0;
    for (int i = rank % 2; i < n; i += 2)
        members[m++] = i;
    MPI_Group_incl(wg, m, members, &half);
    MPI_Comm hc = MPI_COMM_NULL;
    EXPECT(MPI_Comm_create_from_group(half, rank % 2 ? "odd" : "even", MPI_INFO_NULL,
                                      MPI_ERRORS_RETURN, &hc) == MPI_SUCCESS);
    check_comm(hc, m);
    if (n >= 2) { /* the halves joined: each group's first member leads */
        MPI_Group other;
        int om = 0;
        for (int i = 1 - rank % 2; i < n; i += 2)
            members[om++] = i;
        MPI_Group_incl(wg, om, members, &other);
        MPI_Comm ic = MPI_COMM_NULL, merged;
        EXPECT(MPI_Intercomm_create_from_groups(half, 0, other, 0, "org.ompi-lite.test.inter",
                                                MPI_INFO_NULL, MPI_ERRORS_RETURN,
                                                &ic) == MPI_SUCCESS);
        int rsize = 0, flag = 0, hr;
        MPI_Comm_test_inter(ic, &flag);
        MPI_Comm_remote_size(ic, &rsize);
        EXPECT(flag && rsize == om);
        MPI_Comm_rank(hc, &hr);
        if (hr < rsize) { /* partner: the same rank in the other half */
            int got = -1, mine = rank;
            MPI_Sendrecv(&mine, 1, MPI_INT, hr, 3, &got, 1, MPI_INT, hr, 3, ic, MPI_STATUS_IGNORE);
            EXPECT(got == (rank % 2 ? rank - 1 : rank + 1));
        }
        MPI_Intercomm_merge(ic, rank % 2, &merged);
        check_comm(merged, n);
        MPI_Comm_free(&merged);
        MPI_Comm_free(&ic);
        MPI_Group_free(&other);
    }
    MPI_Errhandler got;
    MPI_Comm_get_errhandler(hc, &got);
    EXPECT(got == MPI_ERRORS_RETURN);
    MPI_Errhandler_free(&got);
    free(members);
    MPI_Group_free(&half);
    MPI_Group_free(&wg);

    /* errors raised on the session */
    MPI_Group bad = MPI_GROUP_NULL;
    EXPECT(MPI_Group_from_session_pset(s, "mpi://NOWHERE", &bad) == MPI_ERR_ARG);
    EXPECT(MPI_Session_set_errhandler(s, eh) == MPI_SUCCESS);
    EXPECT(MPI_Session_call_errhandler(s, MPI_ERR_OTHER) == MPI_SUCCESS);
    EXPECT(handler_calls == 1 && handler_code == MPI_ERR_OTHER);
    MPI_Session_get_nth_pset(s, MPI_INFO_NULL, 99, &len, small);
    EXPECT(handler_calls == 2 && handler_code == MPI_ERR_ARG);
    MPI_Errhandler_free(&eh);

    MPI_Comm_free(&hc);
    MPI_Comm_free(&self);
    int total = 0;
    MPI_Allreduce(&errs, &total, 1, MPI_INT, MPI_SUM, world);
    MPI_Comm_free(&world);
    EXPECT(MPI_Session_finalize(&s) == MPI_SUCCESS);
    EXPECT(s == MPI_SESSION_NULL);

    /* a second session after the first ended */
    EXPECT(MPI_Session_init(MPI_INFO_NULL, MPI_ERRORS_RETURN, &s) == MPI_SUCCESS);
    world = comm_from_pset(s, "mpi://WORLD", "org.ompi-lite.test.again", &n);
    check_comm(world, n);
    int again = 0;
    MPI_Allreduce(&errs, &again, 1, MPI_INT, MPI_SUM, world);
    MPI_Comm_free(&world);
    MPI_Session_finalize(&s);
    if (rank == 0 && total + again == 0)
        printf(" No Errors\n");
    return total + again != 0;
}

static int mixed(int argc, char **argv)
{
    int provided = -1;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Session s;
    EXPECT(MPI_Session_init(MPI_INFO_NULL, MPI_ERRORS_RETURN, &s) == MPI_SUCCESS);
    /* the session has the level the library runs at (the default asks for less) */
    MPI_Info used;
    char value[64] = "";
    int has = 0;
    EXPECT(MPI_Session_get_info(s, &used) == MPI_SUCCESS);
    MPI_Info_get(used, "thread_level", (int)sizeof(value) - 1, value, &has);
    EXPECT(provided == MPI_THREAD_MULTIPLE && has && strcmp(value, "MPI_THREAD_MULTIPLE") == 0);
    MPI_Info_free(&used);
    int n = 0, result = MPI_UNEQUAL;
    MPI_Comm world = comm_from_pset(s, "mpi://WORLD", "org.ompi-lite.test.mixed", &n);
    MPI_Comm_compare(world, MPI_COMM_WORLD, &result);
    EXPECT(result == MPI_CONGRUENT);
    check_comm(world, n);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    int flag = 0;
    MPI_Finalized(&flag);
    EXPECT(flag);
    check_comm(world, n); /* the session's communicator outlives the World Model */
    int total = 0;
    MPI_Allreduce(&errs, &total, 1, MPI_INT, MPI_SUM, world);
    MPI_Comm_free(&world);
    EXPECT(MPI_Session_finalize(&s) == MPI_SUCCESS);
    if (rank == 0 && total == 0)
        printf(" No Errors\n");
    return total != 0;
}

int main(int argc, char **argv)
{
    const char *mode = getenv("SESSION_TEST");
    if (mode != NULL && strcmp(mode, "mixed") == 0)
        return mixed(argc, argv);
    if (mode != NULL && strcmp(mode, "after") == 0) {
        MPI_Init(&argc, &argv);
        MPI_Finalize();
        MPI_Session s;
        MPI_Session_init(MPI_INFO_NULL, MPI_ERRORS_RETURN, &s);
        return 0; /* not reached */
    }
    return sessions_only();
}
