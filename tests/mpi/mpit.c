/*
 * mpit: the tool information interface. Before MPI_Init, between MPI_Init and MPI_Finalize and
 * after it: every control variable listed, found by name and read (its value is the
 * environment's: the test list sets OMPI_LITE_MR_CACHE), strings cut to short buffers, writes
 * refused, the category holding them all, the performance variables (the matching engine's
 * counts, checked against messages queued on purpose), their sessions and handles, the empty
 * lists of events and sources, and the errors for bad indices, names and handles; a tool thread
 * reading every count while the main thread runs MPI at MPI_THREAD_SINGLE's lock-free level.
 */
#include "mtest.h"

#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rank, errs;

static void check_tool_interface(void)
{
    int num = -1;
    EXPECT(MPI_T_cvar_get_num(&num) == MPI_SUCCESS);
    EXPECT(num > 0);
    int found_mr_cache = 0;
    for (int i = 0; i < num; i++) {
        int name_len = 0, desc_len = 0, verbosity, bind, scope, index = -1, count = 0;
        MPI_Datatype type;
        MPI_T_enum et;
        EXPECT(MPI_T_cvar_get_info(i, NULL, &name_len, NULL, NULL, NULL, NULL, &desc_len, NULL,
                                   NULL) == MPI_SUCCESS);
        char *name = malloc((size_t)name_len), *desc = malloc((size_t)desc_len);
        EXPECT(MPI_T_cvar_get_info(i, name, &name_len, &verbosity, &type, &et, desc, &desc_len,
                                   &bind, &scope) == MPI_SUCCESS);
        EXPECT((int)strlen(name) + 1 == name_len && strlen(desc) > 0);
        EXPECT(type == MPI_CHAR && et == MPI_T_ENUM_NULL && bind == MPI_T_BIND_NO_OBJECT);
        EXPECT(scope == MPI_T_SCOPE_READONLY);
        EXPECT(MPI_T_cvar_get_index(name, &index) == MPI_SUCCESS && index == i);
        MPI_T_cvar_handle h;
        EXPECT(MPI_T_cvar_handle_alloc(i, NULL, &h, &count) == MPI_SUCCESS && count > 0);
        char *value = malloc((size_t)count);
        EXPECT(MPI_T_cvar_read(h, value) == MPI_SUCCESS);
        const char *env = getenv(name);
        EXPECT(strcmp(value, env != NULL ? env : "") == 0);
        if (strcmp(name, "OMPI_LITE_MR_CACHE") == 0) {
            found_mr_cache = 1;
            EXPECT(strcmp(value, "64k") == 0);
        }
        EXPECT(MPI_T_cvar_write(h, "1") == MPI_T_ERR_CVAR_SET_NEVER);
        EXPECT(MPI_T_cvar_handle_free(&h) == MPI_SUCCESS && h == MPI_T_CVAR_HANDLE_NULL);
        free(value);
        free(name);
        free(desc);
    }
    EXPECT(found_mr_cache);
    char small[4];
    int len = (int)sizeof(small);
    EXPECT(MPI_T_cvar_get_info(0, small, &len, NULL, NULL, NULL, NULL, NULL, NULL, NULL) ==
           MPI_SUCCESS);
    EXPECT(len == 4 && strlen(small) == 3);
    int index;
    EXPECT(MPI_T_cvar_get_info(num, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) ==
           MPI_T_ERR_INVALID_INDEX);
    EXPECT(MPI_T_cvar_get_index("NO_SUCH_VARIABLE", &index) == MPI_T_ERR_INVALID_NAME);
    EXPECT(MPI_T_cvar_read(MPI_T_CVAR_HANDLE_NULL, small) == MPI_T_ERR_INVALID_HANDLE);

    int ncat = 0, ncv = 0, npv = -1, nsub = -1, nev = -1, cat = -1;
    EXPECT(MPI_T_category_get_num(&ncat) == MPI_SUCCESS && ncat == 1);
    char cname[64];
    len = (int)sizeof(cname);
    EXPECT(MPI_T_category_get_info(0, cname, &len, NULL, NULL, &ncv, &npv, &nsub) == MPI_SUCCESS);
    EXPECT(ncv == num && npv > 0 && nsub == 0);
    EXPECT(MPI_T_category_get_index(cname, &cat) == MPI_SUCCESS && cat == 0);
    EXPECT(MPI_T_category_get_num_events(0, &nev) == MPI_SUCCESS && nev == 0);
    int *ids = malloc((size_t)num * sizeof(int));
    EXPECT(MPI_T_category_get_cvars(0, num, ids) == MPI_SUCCESS);
    for (int i = 0; i < num; i++)
        EXPECT(ids[i] == i);
    free(ids);
    EXPECT(MPI_T_category_get_cvars(1, 0, NULL) == MPI_T_ERR_INVALID_INDEX);

    int npvar = -1, nsrc = -1, nevents = -1, update = -1;
    EXPECT(MPI_T_pvar_get_num(&npvar) == MPI_SUCCESS && npvar == npv && npvar >= 5);
    int *pids = malloc((size_t)npvar * sizeof(int));
    EXPECT(MPI_T_category_get_pvars(0, npvar, pids) == MPI_SUCCESS);
    for (int i = 0; i < npvar; i++)
        EXPECT(pids[i] == i);
    free(pids);
    EXPECT(MPI_T_source_get_num(&nsrc) == MPI_SUCCESS && nsrc == 0);
    EXPECT(MPI_T_event_get_num(&nevents) == MPI_SUCCESS && nevents == 0);
    EXPECT(MPI_T_category_changed(&update) == MPI_SUCCESS);
    MPI_T_pvar_session ps;
    MPI_T_pvar_handle ph;
    int count;
    EXPECT(MPI_T_pvar_session_create(&ps) == MPI_SUCCESS);
    EXPECT(MPI_T_pvar_start(ps, MPI_T_PVAR_ALL_HANDLES) == MPI_SUCCESS);
    EXPECT(MPI_T_pvar_stop(ps, MPI_T_PVAR_ALL_HANDLES) == MPI_SUCCESS);
    for (int i = 0; i < npvar; i++) {
        char name[64];
        int name_len = (int)sizeof(name), cls, ro, cont, at, idx = -1;
        MPI_Datatype type;
        EXPECT(MPI_T_pvar_get_info(i, name, &name_len, NULL, &cls, &type, NULL, NULL, NULL, NULL,
                                   &ro, &cont, &at) == MPI_SUCCESS);
        EXPECT(type == MPI_UNSIGNED_LONG_LONG && ro && cont);
        EXPECT(MPI_T_pvar_get_index(name, cls, &idx) == MPI_SUCCESS && idx == i);
        EXPECT(MPI_T_pvar_handle_alloc(ps, i, NULL, &ph, &count) == MPI_SUCCESS && count == 1);
        unsigned long long v = ~0ull;
        EXPECT(MPI_T_pvar_read(ps, ph, &v) == MPI_SUCCESS && v != ~0ull);
        EXPECT(MPI_T_pvar_start(ps, ph) == MPI_T_ERR_PVAR_NO_STARTSTOP);
        EXPECT(MPI_T_pvar_write(ps, ph, &v) == MPI_T_ERR_PVAR_NO_WRITE);
        EXPECT(MPI_T_pvar_handle_free(ps, &ph) == MPI_SUCCESS && ph == MPI_T_PVAR_HANDLE_NULL);
    }
    EXPECT(MPI_T_pvar_handle_alloc(ps, npvar, NULL, &ph, &count) == MPI_T_ERR_INVALID_INDEX);
    EXPECT(MPI_T_pvar_read(ps, MPI_T_PVAR_ALL_HANDLES, &count) == MPI_T_ERR_INVALID_HANDLE);
    EXPECT(MPI_T_pvar_handle_alloc(ps, 0, NULL, &ph, &count) == MPI_SUCCESS);
    EXPECT(MPI_T_pvar_session_free(&ps) == MPI_SUCCESS && ps == MPI_T_PVAR_SESSION_NULL);
    EXPECT(MPI_T_pvar_session_free(&ps) == MPI_T_ERR_INVALID_SESSION);
}

/* The value of performance variable name (class cls) now. */
static unsigned long long pvar(const char *name, int cls)
{
    int idx, count;
    unsigned long long v = ~0ull;
    MPI_T_pvar_session ps;
    MPI_T_pvar_handle ph;
    EXPECT(MPI_T_pvar_get_index(name, cls, &idx) == MPI_SUCCESS);
    MPI_T_pvar_session_create(&ps);
    MPI_T_pvar_handle_alloc(ps, idx, NULL, &ph, &count);
    EXPECT(MPI_T_pvar_read(ps, ph, &v) == MPI_SUCCESS);
    MPI_T_pvar_session_free(&ps);
    return v;
}

/* Rank 0 sends 3 small messages and 1 of 4 MiB that rank 1 receives only after a barrier
 * behind them: rank 1's queue holds them meanwhile, and the counts say so. */
static void check_counts(void)
{
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2)
        return;
    /* the counts before the split: rank 0 leaves it first and may send while rank 1 is still in
     * it, so rank 1 may take the messages in before it returns */
    unsigned long long eager0 = pvar("eager_messages_sent", MPI_T_PVAR_CLASS_COUNTER);
    unsigned long long rndv0 = pvar("rndv_messages_sent", MPI_T_PVAR_CLASS_COUNTER);
    unsigned long long arrivals0 = pvar("unexpected_recvq_arrivals", MPI_T_PVAR_CLASS_COUNTER);
    MPI_Comm pair;
    MPI_Comm_split(MPI_COMM_WORLD, rank < 2 ? 0 : MPI_UNDEFINED, rank, &pair);
    if (pair == MPI_COMM_NULL)
        return;
    const int big = 4 << 20;
    char *buf = calloc(1, (size_t)big);
    if (rank == 0) {
        MPI_Request r[4];
        for (int i = 0; i < 3; i++)
            MPI_Isend(buf, 8, MPI_CHAR, 1, 5, pair, &r[i]);
        MPI_Isend(buf, big, MPI_CHAR, 1, 6, pair, &r[3]);
        MPI_Barrier(pair);
        MPI_Waitall(4, r, MPI_STATUSES_IGNORE);
        EXPECT(pvar("eager_messages_sent", MPI_T_PVAR_CLASS_COUNTER) >= eager0 + 3);
        EXPECT(pvar("eager_messages_sent", MPI_T_PVAR_CLASS_COUNTER) +
                   pvar("rndv_messages_sent", MPI_T_PVAR_CLASS_COUNTER) >=
               eager0 + rndv0 + 4);
    } else {
        MPI_Barrier(pair); /* the four came before rank 0's part of it */
        EXPECT(pvar("unexpected_recvq_length", MPI_T_PVAR_CLASS_LEVEL) >= 4);
        EXPECT(pvar("unexpected_recvq_arrivals", MPI_T_PVAR_CLASS_COUNTER) >= arrivals0 + 4);
        MPI_Request r;
        MPI_Irecv(buf, 8, MPI_CHAR, 0, 99, pair, &r); /* nothing matches it */
        EXPECT(pvar("posted_recvq_length", MPI_T_PVAR_CLASS_LEVEL) >= 1);
        MPI_Cancel(&r);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        for (int i = 0; i < 3; i++)
            MPI_Recv(buf, 8, MPI_CHAR, 0, 5, pair, MPI_STATUS_IGNORE);
        MPI_Recv(buf, big, MPI_CHAR, 0, 6, pair, MPI_STATUS_IGNORE);
        if (size == 2) /* else other ranks' later messages may be here already */
            EXPECT(pvar("unexpected_recvq_length", MPI_T_PVAR_CLASS_LEVEL) == 0);
        EXPECT(pvar("posted_recvq_length", MPI_T_PVAR_CLASS_LEVEL) == 0);
    }
    MPI_Comm_free(&pair);
    free(buf);
}

/* A tool thread: reads every performance variable in a loop, through its own sessions made and
 * freed as it goes, until told to stop; counts failed reads and impossible values. */
static int tool_stop, tool_bad;
static long tool_reads;

static void *tool_thread(void *arg)
{
    (void)arg;
    int num = 0;
    MPI_T_pvar_get_num(&num);
    while (!__atomic_load_n(&tool_stop, __ATOMIC_ACQUIRE)) {
        MPI_T_pvar_session ps;
        if (MPI_T_pvar_session_create(&ps) != MPI_SUCCESS) {
            tool_bad++;
            break;
        }
        for (int i = 0; i < num; i++) {
            MPI_T_pvar_handle ph;
            int count = 0;
            unsigned long long v = ~0ull;
            if (MPI_T_pvar_handle_alloc(ps, i, NULL, &ph, &count) != MPI_SUCCESS ||
                MPI_T_pvar_read(ps, ph, &v) != MPI_SUCCESS || v > (1ull << 40) ||
                MPI_T_pvar_handle_free(ps, &ph) != MPI_SUCCESS)
                tool_bad++;
            __atomic_fetch_add(&tool_reads, 1, __ATOMIC_RELAXED);
        }
        MPI_T_pvar_session_free(&ps);
    }
    return NULL;
}

/* While a tool thread reads the counts, this thread keeps the matching engine busy: bursts of
 * messages to the right neighbour received after a barrier (the unexpected queue grows and
 * shrinks), receives posted before their messages, and reads of its own. */
static void check_tool_thread(void)
{
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, tool_thread, NULL) == 0);
    int out[32], in[32];
    /* until every rank's tool thread has read a few hundred values (it may start late on a
     * crowded machine), 50 rounds at a time */
    int round = 0;
    for (;; round++) {
        MPI_Request r[64];
        for (int i = 0; i < 32; i++) {
            out[i] = round * 100 + i;
            MPI_Isend(&out[i], 1, MPI_INT, right, i, MPI_COMM_WORLD, &r[i]);
        }
        if (round % 2)
            MPI_Barrier(MPI_COMM_WORLD); /* odd rounds: the messages wait unexpected */
        for (int i = 0; i < 32; i++)
            MPI_Irecv(&in[i], 1, MPI_INT, left, i, MPI_COMM_WORLD, &r[32 + i]);
        MPI_Waitall(64, r, MPI_STATUSES_IGNORE);
        for (int i = 0; i < 32; i++)
            EXPECT(in[i] == round * 100 + i);
        if (round % 50 == 0)
            EXPECT(pvar("posted_recvq_length", MPI_T_PVAR_CLASS_LEVEL) < 64);
        if (round % 50 == 49) {
            int mine = __atomic_load_n(&tool_reads, __ATOMIC_RELAXED) >= 300 || round > 100000;
            int all = 0;
            MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
            if (all)
                break;
        }
    }
    __atomic_store_n(&tool_stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    EXPECT(tool_bad == 0 && tool_reads >= 300);
}

int main(int argc, char **argv)
{
    int provided, num;
    EXPECT(MPI_T_cvar_get_num(&num) == MPI_T_ERR_NOT_INITIALIZED);
    EXPECT(MPI_T_init_thread(MPI_THREAD_SINGLE, &provided) == MPI_SUCCESS);
    EXPECT(provided == MPI_THREAD_SINGLE);
    check_tool_interface(); /* before MPI_Init */
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    check_tool_interface();
    check_counts();
    check_tool_thread();
    char text[MPI_MAX_ERROR_STRING];
    int len;
    EXPECT(MPI_Error_string(MPI_T_ERR_INVALID_INDEX, text, &len) == MPI_SUCCESS && len > 0);
    int total = 0;
    MPI_Allreduce(&errs, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Finalize();
    check_tool_interface(); /* and after MPI_Finalize */
    EXPECT(MPI_T_finalize() == MPI_SUCCESS);
    EXPECT(MPI_T_cvar_get_num(&num) == MPI_T_ERR_NOT_INITIALIZED);
    if (rank == 0 && total + errs == 0)
        printf(" No Errors\n");
    return total + errs != 0;
}
