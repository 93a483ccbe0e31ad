/*
 * rma: one-sided communication. Every window flavor (create, allocate, allocate_shared,
 * dynamic); put, get, accumulate, get_accumulate, fetch_and_op, compare_and_swap and their
 * request forms, with predefined and derived datatypes, small (in the header) and large
 * (separate messages) data; every synchronisation (fence, lock/unlock shared and exclusive,
 * lock_all, flush family, PSCW); atomicity of concurrent accumulates; window attributes,
 * keyvals, names, groups, info, error handlers; the errors of bad input. Data checked element by
 * element against what each rank computes on its own. Any number of ranks.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int rank, size, errs;

#define BIG (300 * 1000) /* ints: above the header's inline room, so data goes separately */

static void check_fence_put_get(void)
{
    int n = BIG + 16;
    int *buf = malloc((size_t)n * sizeof(int)), *got = malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        buf[i] = -1;
    MPI_Win win;
    MPI_Win_create(buf, (MPI_Aint)n * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD,
                   &win);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *src = malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++)
        src[i] = rank * 1000000 + i;
    MPI_Win_fence(MPI_MODE_NOPRECEDE, win);
    /* small put at 0..7, big put at 16.. */
    MPI_Put(src, 8, MPI_INT, right, 0, 8, MPI_INT, win);
    MPI_Put(src + 16, BIG, MPI_INT, right, 16, BIG, MPI_INT, win);
    MPI_Win_fence(0, win);
    for (int i = 0; i < 8; i++)
        EXPECT(buf[i] == left * 1000000 + i);
    for (int i = 8; i < 16; i++)
        EXPECT(buf[i] == -1);
    int bad = 0;
    for (int i = 16; i < n; i++)
        bad += buf[i] != left * 1000000 + i;
    EXPECT(bad == 0);
    /* get everything back from the left neighbour (which holds its left's data) */
    MPI_Get(got, n, MPI_INT, left, 0, n, MPI_INT, win);
    MPI_Get(got, 0, MPI_INT, MPI_PROC_NULL, 0, 0, MPI_INT, win);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);
    int ll = (left + size - 1) % size;
    bad = 0;
    for (int i = 0; i < n; i++)
        bad += got[i] != (i >= 8 && i < 16 ? -1 : ll * 1000000 + i);
    EXPECT(bad == 0);
    MPI_Win_free(&win);
    EXPECT(win == MPI_WIN_NULL);
    free(buf);
    free(got);
    free(src);
}

/* A vector target (every 3rd int) filled from an indexed origin; a struct-free derived get. */
static void check_derived(void)
{
    int buf[60], src[40], got[20];
    for (int i = 0; i < 60; i++)
        buf[i] = -1;
    for (int i = 0; i < 40; i++)
        src[i] = rank * 100 + i;
    MPI_Win win;
    MPI_Win_create(buf, sizeof(buf), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    MPI_Datatype vec, idx;
    MPI_Type_vector(20, 1, 3, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    int bl[2] = {10, 10}, dp[2] = {0, 20}; /* src[0..9] and src[20..29] */
    MPI_Type_indexed(2, bl, dp, MPI_INT, &idx);
    MPI_Type_commit(&idx);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    MPI_Win_fence(0, win);
    MPI_Put(src, 1, idx, right, 0, 1, vec, win);
    MPI_Win_fence(0, win);
    for (int i = 0; i < 20; i++) {
        int want = left * 100 + (i < 10 ? i : i + 10);
        EXPECT(buf[3 * i] == want);
        EXPECT(buf[3 * i + 1] == -1);
    }
    /* get the vector of the right neighbour into a contiguous buffer */
    MPI_Get(got, 20, MPI_INT, right, 0, 1, vec, win);
    MPI_Win_fence(0, win);
    for (int i = 0; i < 20; i++)
        EXPECT(got[i] == rank * 100 + (i < 10 ? i : i + 10));
    /* accumulate into the vector from everyone: sums */
    int ones[20];
    for (int i = 0; i < 20; i++)
        ones[i] = i + 1;
    for (int t = 0; t < size; t++)
        MPI_Accumulate(ones, 20, MPI_INT, t, 0, 1, vec, MPI_SUM, win);
    MPI_Win_fence(0, win);
    for (int i = 0; i < 20; i++)
        EXPECT(buf[3 * i] == left * 100 + (i < 10 ? i : i + 10) + size * (i + 1));
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);
    MPI_Type_free(&vec);
    MPI_Type_free(&idx);
    MPI_Win_free(&win);
}

/* Everyone adds into rank 0's counters under a shared lock, many times: atomic sums. */
static void check_atomic_counters(void)
{
    long *mem;
    MPI_Win win;
    MPI_Win_allocate(rank == 0 ? 4 * sizeof(long) : 0, sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD,
                     &mem, &win);
    if (rank == 0)
        memset(mem, 0, 4 * sizeof(long));
    MPI_Barrier(MPI_COMM_WORLD);
    int iters = 200;
    long one = 1, old, seen_max = -1;
    MPI_Win_lock_all(0, win);
    for (int i = 0; i < iters; i++) {
        MPI_Accumulate(&one, 1, MPI_LONG, 0, 0, 1, MPI_LONG, MPI_SUM, win);
        MPI_Fetch_and_op(&one, &old, MPI_LONG, 0, 1, MPI_SUM, win);
        MPI_Win_flush(0, win);
        EXPECT(old >= 0 && old < (long)iters * size);
        EXPECT(old > seen_max); /* our own increments are ordered */
        seen_max = old;
    }
    MPI_Win_unlock_all(win);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        EXPECT(mem[0] == (long)iters * size);
        EXPECT(mem[1] == (long)iters * size);
        MPI_Win_unlock(0, win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    /* a spin lock on mem[2] by compare-and-swap, guarding a read-modify-write of mem[3] */
    for (int i = 0; i < 20; i++) {
        long zero = 0, me = rank + 1, prev;
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        do {
            MPI_Compare_and_swap(&me, &zero, &prev, MPI_LONG, 0, 2, win);
            MPI_Win_flush(0, win);
        } while (prev != 0);
        long v;
        MPI_Get(&v, 1, MPI_LONG, 0, 3, 1, MPI_LONG, win);
        MPI_Win_flush(0, win);
        v += 1;
        MPI_Put(&v, 1, MPI_LONG, 0, 3, 1, MPI_LONG, win);
        MPI_Win_flush(0, win);
        MPI_Compare_and_swap(&zero, &me, &prev, MPI_LONG, 0, 2, win);
        MPI_Win_unlock(0, win);
        EXPECT(prev == me);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        EXPECT(mem[2] == 0);
        EXPECT(mem[3] == 20L * size);
        MPI_Win_unlock(0, win);
    }
    /* compare-and-swap refuses reals and derived types, on the window's error handler */
    MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
    double dv = 1, dc = 0, dr;
    int cls = 0;
    MPI_Error_class(MPI_Compare_and_swap(&dv, &dc, &dr, MPI_DOUBLE, 0, 4, win), &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    MPI_Datatype two;
    MPI_Type_contiguous(1, MPI_LONG, &two);
    MPI_Type_commit(&two);
    long lv = 1, lc = 0, lr;
    MPI_Error_class(MPI_Compare_and_swap(&lv, &lc, &lr, two, 0, 4, win), &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    MPI_Type_free(&two);
    MPI_Win_unlock(0, win);
    MPI_Win_free(&win);
}

/* Exclusive locks serialize whole read-modify-write epochs. */
static void check_exclusive(void)
{
    int *mem;
    MPI_Win win;
    MPI_Win_allocate(sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &mem, &win);
    *mem = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    int target = size - 1;
    for (int i = 0; i < 30; i++) {
        int v;
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, target, 0, win);
        MPI_Get(&v, 1, MPI_INT, target, 0, 1, MPI_INT, win);
        MPI_Win_flush(target, win);
        v++;
        MPI_Put(&v, 1, MPI_INT, target, 0, 1, MPI_INT, win);
        MPI_Win_unlock(target, win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == target) {
        MPI_Win_lock(MPI_LOCK_SHARED, target, 0, win);
        EXPECT(*mem == 30 * size);
        MPI_Win_unlock(target, win);
    }
    MPI_Win_free(&win);
}

/*
 * Large gets and whole-window puts under exclusive locks, from every rank to rank 0: a get is
 * answered straight from the window, so the next epoch's put must not land until the reply has
 * gone; each get must see one value throughout, and the count must end at rounds * size.
 */
static void check_get_then_put(void)
{
    enum { N = 256 * 1024, ROUNDS = 12 };
    int *mem = rank == 0 ? calloc(N, sizeof(int)) : NULL, *buf = malloc(N * sizeof(int));
    MPI_Win win;
    MPI_Win_create(mem, rank == 0 ? N * (MPI_Aint)sizeof(int) : 0, sizeof(int), MPI_INFO_NULL,
                   MPI_COMM_WORLD, &win);
    int torn = 0;
    for (int r = 0; r < ROUNDS; r++) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        MPI_Get(buf, N, MPI_INT, 0, 0, N, MPI_INT, win);
        MPI_Win_unlock(0, win);
        for (int i = 1; i < N; i++)
            torn += buf[i] != buf[0];
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        MPI_Get(buf, 1, MPI_INT, 0, 0, 1, MPI_INT, win);
        MPI_Win_flush(0, win);
        int v = buf[0] + 1;
        for (int i = 0; i < N; i++)
            buf[i] = v;
        MPI_Put(buf, N, MPI_INT, 0, 0, N, MPI_INT, win);
        MPI_Win_unlock(0, win);
    }
    EXPECT(torn == 0);
    MPI_Win_free(&win);
    if (rank == 0) {
        int bad = 0;
        for (int i = 0; i < N; i++)
            bad += mem[i] != ROUNDS * size;
        EXPECT(bad == 0);
    }
    free(buf);
    free(mem);
}

/* Request-based operations, MINLOC pairs, REPLACE and NO_OP, get_accumulate. */
static void check_requests_and_ops(void)
{
    struct {
        int v, i;
    } pairs[4];
    int ints[8];
    MPI_Win wp, wi;
    MPI_Win_create(pairs, sizeof(pairs), 1, MPI_INFO_NULL, MPI_COMM_WORLD, &wp);
    MPI_Win_create(ints, sizeof(ints), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &wi);
    for (int k = 0; k < 4; k++)
        pairs[k].v = 1000, pairs[k].i = -1;
    for (int k = 0; k < 8; k++)
        ints[k] = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    /* MINLOC on rank 0: value (rank - 1)^2 + k, index rank: minimum at rank 1 (or 0 alone) */
    struct {
        int v, i;
    } mine[4];
    for (int k = 0; k < 4; k++)
        mine[k].v = (rank - 1) * (rank - 1) + k, mine[k].i = rank;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, wp);
    MPI_Request r;
    MPI_Raccumulate(mine, 4, MPI_2INT, 0, 0, 4, MPI_2INT, MPI_MINLOC, wp, &r);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    EXPECT(r == MPI_REQUEST_NULL);
    MPI_Win_unlock(0, wp);
    /* REPLACE, then get_accumulate with NO_OP reads it atomically */
    int val[8], res[8];
    for (int k = 0; k < 8; k++)
        val[k] = 7 + k;
    int t = (rank + 1) % size;
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, t, 0, wi);
    MPI_Accumulate(val, 8, MPI_INT, t, 0, 8, MPI_INT, MPI_REPLACE, wi);
    MPI_Get_accumulate(NULL, 0, MPI_DATATYPE_NULL, res, 8, MPI_INT, t, 0, 8, MPI_INT, MPI_NO_OP,
                       wi);
    MPI_Win_flush(t, wi);
    for (int k = 0; k < 8; k++)
        EXPECT(res[k] == 7 + k);
    MPI_Get_accumulate(val, 8, MPI_INT, res, 8, MPI_INT, t, 0, 8, MPI_INT, MPI_PROD, wi);
    MPI_Win_unlock(t, wi);
    for (int k = 0; k < 8; k++)
        EXPECT(res[k] == 7 + k);
    MPI_Barrier(MPI_COMM_WORLD);
    for (int k = 0; k < 8; k++)
        EXPECT(ints[k] == (7 + k) * (7 + k));
    if (rank == 0) {
        int best = size > 1 ? 1 : 0;
        for (int k = 0; k < 4; k++) {
            EXPECT(pairs[k].v == (best - 1) * (best - 1) + k);
            EXPECT(pairs[k].i == best);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    /* Rput and Rget in a lock_all epoch; flush_local_all, flush_all */
    int out[4] = {rank, rank + 1, rank + 2, rank + 3}, in[4] = {0};
    MPI_Request rq[2];
    MPI_Win_lock_all(0, wi);
    MPI_Rput(out, 4, MPI_INT, t, 4, 4, MPI_INT, wi, &rq[0]);
    MPI_Waitall(1, rq, MPI_STATUSES_IGNORE);
    MPI_Win_flush_local_all(wi);
    MPI_Win_flush_all(wi);
    MPI_Rget(in, 4, MPI_INT, t, 4, 4, MPI_INT, wi, &rq[1]);
    MPI_Wait(&rq[1], MPI_STATUS_IGNORE);
    MPI_Win_unlock_all(wi);
    for (int k = 0; k < 4; k++)
        EXPECT(in[k] == rank + k);
    MPI_Win_free(&wp);
    MPI_Win_free(&wi);
}

/* Post-start-complete-wait: each rank exposes to its left, accesses its right. */
static void check_pscw(void)
{
    int buf[4] = {0};
    MPI_Win win;
    MPI_Win_create(buf, sizeof(buf), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    MPI_Group world, gl, gr;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int left = (rank + size - 1) % size, right = (rank + 1) % size;
    MPI_Group_incl(world, 1, &left, &gl);
    MPI_Group_incl(world, 1, &right, &gr);
    for (int round = 0; round < 3; round++) {
        MPI_Win_post(gl, 0, win);
        MPI_Win_start(gr, 0, win);
        int v[4] = {rank, round, rank * round, -rank};
        MPI_Put(v, 4, MPI_INT, right, 0, 4, MPI_INT, win);
        MPI_Win_complete(win);
        if (round == 2) {
            int flag = 0;
            while (!flag)
                MPI_Win_test(win, &flag);
        } else {
            MPI_Win_wait(win);
        }
        EXPECT(buf[0] == left && buf[1] == round && buf[2] == left * round && buf[3] == -left);
    }
    MPI_Group_free(&gl);
    MPI_Group_free(&gr);
    MPI_Group_free(&world);
    MPI_Win_free(&win);
}

/* A shared window: neighbours' memory through MPI_Win_shared_query, loads and stores. */
static void check_shared(void)
{
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int nr, ns;
    MPI_Comm_rank(node, &nr);
    MPI_Comm_size(node, &ns);
    int *mine;
    MPI_Win win;
    MPI_Win_allocate_shared((nr + 1) * sizeof(int), sizeof(int), MPI_INFO_NULL, node, &mine, &win);
    for (int i = 0; i <= nr; i++)
        mine[i] = nr * 10 + i;
    MPI_Win_lock_all(0, win);
    MPI_Win_sync(win);
    MPI_Barrier(node);
    MPI_Win_sync(win);
    for (int r = 0; r < ns; r++) {
        MPI_Aint sz;
        int du, *p;
        MPI_Win_shared_query(win, r, &sz, &du, &p);
        EXPECT(sz == (MPI_Aint)((r + 1) * sizeof(int)));
        EXPECT(du == (int)sizeof(int));
        for (int i = 0; i <= r; i++)
            EXPECT(p[i] == r * 10 + i);
    }
    /* contiguous by default: rank r's part follows rank r-1's */
    if (nr > 0) {
        MPI_Aint sz;
        int du, *prev;
        MPI_Win_shared_query(win, nr - 1, &sz, &du, &prev);
        EXPECT((char *)prev + sz == (char *)mine);
    }
    /* and one-sided calls work on it too, once everyone has read */
    MPI_Barrier(node);
    int v = -nr, got = 0;
    MPI_Put(&v, 1, MPI_INT, (nr + 1) % ns, 0, 1, MPI_INT, win);
    MPI_Win_flush_all(win);
    MPI_Barrier(node);
    MPI_Get(&got, 1, MPI_INT, nr, 0, 1, MPI_INT, win);
    MPI_Win_flush(nr, win);
    EXPECT(got == -((nr + ns - 1) % ns));
    MPI_Win_unlock_all(win);
    int flavor, *fp, flag;
    MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &fp, &flag);
    flavor = *fp;
    EXPECT(flag && flavor == MPI_WIN_FLAVOR_SHARED);
    MPI_Win_free(&win);
    MPI_Comm_free(&node);
}

/* A dynamic window: memory attached after creation, addressed by MPI_Get_address. */
static void check_dynamic(void)
{
    MPI_Win win;
    MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    int *mem = calloc(16, sizeof(int));
    MPI_Win_attach(win, mem, 16 * sizeof(int));
    MPI_Aint mine, *addrs = malloc((size_t)size * sizeof(MPI_Aint));
    MPI_Get_address(mem, &mine);
    MPI_Allgather(&mine, 1, MPI_AINT, addrs, 1, MPI_AINT, MPI_COMM_WORLD);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int v[3] = {rank, rank * 2, rank * 3};
    MPI_Win_fence(0, win);
    MPI_Put(v, 3, MPI_INT, right, MPI_Aint_add(addrs[right], 5 * sizeof(int)), 3, MPI_INT, win);
    MPI_Win_fence(0, win);
    EXPECT(mem[5] == left && mem[6] == left * 2 && mem[7] == left * 3 && mem[4] == 0);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);
    MPI_Win_detach(win, mem);
    MPI_Win_free(&win);
    free(mem);
    free(addrs);
}

static int deleted;
static int del_fn(MPI_Win w, int key, void *val, void *extra)
{
    (void)w, (void)key, (void)extra;
    deleted += (int)(intptr_t)val;
    return MPI_SUCCESS;
}

static int handler_calls, handler_code;
static void win_handler(MPI_Win *w, int *code, ...)
{
    (void)w;
    handler_calls++;
    handler_code = *code;
}

static void check_properties_and_errors(void)
{
    double buf[10];
    MPI_Win win;
    MPI_Win_create(buf, sizeof(buf), sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    void *base;
    MPI_Aint *wsize;
    int *unit, *model, flag;
    MPI_Win_get_attr(win, MPI_WIN_BASE, &base, &flag);
    EXPECT(flag && base == buf);
    MPI_Win_get_attr(win, MPI_WIN_SIZE, &wsize, &flag);
    EXPECT(flag && *wsize == (MPI_Aint)sizeof(buf));
    MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &unit, &flag);
    EXPECT(flag && *unit == (int)sizeof(double));
    MPI_Win_get_attr(win, MPI_WIN_MODEL, &model, &flag);
    EXPECT(flag && *model == MPI_WIN_UNIFIED);
    int key;
    MPI_Win_create_keyval(MPI_WIN_NULL_COPY_FN, del_fn, &key, NULL);
    MPI_Win_set_attr(win, key, (void *)(intptr_t)5);
    void *v;
    MPI_Win_get_attr(win, key, &v, &flag);
    EXPECT(flag && (intptr_t)v == 5);
    MPI_Win_set_name(win, "halo window");
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    MPI_Win_get_name(win, name, &len);
    EXPECT(strcmp(name, "halo window") == 0 && len == 11);
    MPI_Group g, wg;
    MPI_Win_get_group(win, &g);
    MPI_Comm_group(MPI_COMM_WORLD, &wg);
    int cmp;
    MPI_Group_compare(g, wg, &cmp);
    EXPECT(cmp == MPI_IDENT);
    MPI_Group_free(&g);
    MPI_Group_free(&wg);
    MPI_Info info;
    MPI_Win_get_info(win, &info);
    MPI_Info_free(&info);

    /* errors: returned under MPI_ERRORS_RETURN, with their classes */
    MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    int cls, rc;
    double d = 1;
    rc = MPI_Put(&d, 1, MPI_DOUBLE, 0, 0, 1, MPI_DOUBLE, win); /* no epoch */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RMA_SYNC);
    MPI_Win_fence(0, win);
    rc = MPI_Put(&d, 1, MPI_DOUBLE, 0, 10, 1, MPI_DOUBLE, win); /* past the end */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RMA_RANGE);
    rc = MPI_Put(&d, 1, MPI_DOUBLE, size, 0, 1, MPI_DOUBLE, win);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RANK);
    rc = MPI_Put(&d, 1, MPI_DOUBLE, 0, 0, 1, MPI_INT, win);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    rc = MPI_Accumulate(&d, 1, MPI_DOUBLE, 0, 0, 1, MPI_DOUBLE, MPI_BAND, win);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_OP);
    rc = MPI_Win_unlock(0, win);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RMA_SYNC);
    rc = MPI_Win_lock(77, 0, 0, win);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_LOCKTYPE);
    rc = MPI_Win_shared_query(win, 0, wsize, unit, &base);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RMA_FLAVOR);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);
    /* a user handler is called with the error code */
    MPI_Errhandler eh;
    MPI_Win_create_errhandler(win_handler, &eh);
    MPI_Win_set_errhandler(win, eh);
    MPI_Errhandler_free(&eh);
    rc = MPI_Get(&d, 1, MPI_DOUBLE, 0, 0, 1, MPI_DOUBLE, win);
    EXPECT(handler_calls == 1 && handler_code == MPI_ERR_RMA_SYNC && rc == MPI_ERR_RMA_SYNC);
    MPI_Win_call_errhandler(win, MPI_ERR_OTHER);
    EXPECT(handler_calls == 2 && handler_code == MPI_ERR_OTHER);
    /* a communicator's handler cannot go on a window */
    MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    MPI_Errhandler ceh;
    MPI_Comm_create_errhandler((MPI_Comm_errhandler_function *)win_handler, &ceh);
    rc = MPI_Win_set_errhandler(win, ceh);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Errhandler_free(&ceh);

    MPI_Win_free(&win);
    EXPECT(deleted == 5);
    MPI_Win_free_keyval(&key);
    /* invalid window handles: without an object, so MPI_COMM_WORLD's handler */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    rc = MPI_Win_fence(0, MPI_WIN_NULL);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_WIN);
    MPI_Win w2;
    rc = MPI_Win_create(buf, -1, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &w2);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_SIZE);
    rc = MPI_Win_create(buf, 8, 0, MPI_INFO_NULL, MPI_COMM_WORLD, &w2);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_DISP);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (getenv("RMA_FATAL") != NULL) { /* a put past the window's end under the default handler */
        int buf[4];
        MPI_Win win;
        MPI_Win_create(buf, sizeof(buf), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
        MPI_Win_fence(0, win);
        if (rank == 0)
            MPI_Put(buf, 2, MPI_INT, size - 1, 3, 2, MPI_INT, win);
        MPI_Win_fence(0, win);
        MPI_Win_free(&win);
        return mtest_finalize(1);
    }
    check_fence_put_get();
    check_derived();
    check_atomic_counters();
    check_exclusive();
    check_get_then_put();
    check_requests_and_ops();
    check_pscw();
    check_shared();
    check_dynamic();
    check_properties_and_errors();
    return mtest_finalize(errs);
}
