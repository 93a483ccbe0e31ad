/*
 * io: MPI I/O. Opening (create, exclusive, append, delete on close, sequential) and its errors;
 * explicit offsets, individual and shared file pointers, ordered and split collective calls,
 * nonblocking calls, each read back and checked byte by byte; views (interleaved vectors, a 2-D
 * block decomposition written with subarray filetypes and read back in another decomposition,
 * derived memory types); end of file, seeks, sizes, byte offsets; atomic mode under concurrent
 * overlapping writes; file error handlers (default MPI_ERRORS_RETURN, MPI_FILE_NULL's, user
 * ones), the "external32" representation, and the error classes of bad input. Any number of ranks.
 * IO_FATAL=1: a write to a read-only file under MPI_ERRORS_ARE_FATAL.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rank, size, errs;
static char dir[200];

/* A file name unique to this run (rank 0's pid goes to everyone). */
static void fname(char *out, size_t n, const char *what)
{
    snprintf(out, n, "%s/%s", dir, what);
}

static int eclass(int rc)
{
    int c = rc;
    MPI_Error_class(rc, &c);
    return c;
}

static int count_of(MPI_Status *st, MPI_Datatype t)
{
    int c = -2;
    MPI_Get_count(st, t, &c);
    return c;
}

static void check_explicit_offsets(void)
{
    char name[256];
    fname(name, sizeof(name), "explicit");
    MPI_File fh;
    EXPECT(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL,
                         &fh) == MPI_SUCCESS);
    int n = 1000, buf[1000], got[1000];
    for (int i = 0; i < n; i++)
        buf[i] = rank * 100000 + i;
    MPI_Status st;
    EXPECT(MPI_File_write_at(fh, (MPI_Offset)rank * n * 4, buf, n, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == n);
    MPI_Barrier(MPI_COMM_WORLD);
    int other = (rank + 1) % size;
    memset(got, 0, sizeof(got));
    EXPECT(MPI_File_read_at(fh, (MPI_Offset)other * n * 4, got, n, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == n);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += got[i] != other * 100000 + i;
    EXPECT(bad == 0);
    MPI_Offset sz = -1;
    MPI_File_get_size(fh, &sz);
    EXPECT(sz == (MPI_Offset)size * n * 4);
    /* past the end: a short read, then nothing */
    EXPECT(MPI_File_read_at(fh, sz - 8, got, 10, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == 2);
    EXPECT(MPI_File_read_at(fh, sz + 100, got, 10, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == 0);
    /* a partial element: MPI_UNDEFINED */
    EXPECT(MPI_File_read_at(fh, sz - 6, got, 2, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == MPI_UNDEFINED);
    int amode = 0;
    MPI_File_get_amode(fh, &amode);
    EXPECT(amode == (MPI_MODE_CREATE | MPI_MODE_RDWR));
    MPI_Group g, wg;
    int cmp = -1;
    MPI_File_get_group(fh, &g);
    MPI_Comm_group(MPI_COMM_WORLD, &wg);
    MPI_Group_compare(g, wg, &cmp);
    EXPECT(cmp == MPI_IDENT);
    MPI_Group_free(&g);
    MPI_Group_free(&wg);
    /* Fortran handle round trip */
    EXPECT(MPI_File_f2c(MPI_File_c2f(fh)) == fh);
    /* collective forms and the nonblocking ones */
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < n; i++)
        buf[i] = -(rank * 100000 + i);
    EXPECT(MPI_File_write_at_all(fh, (MPI_Offset)rank * n * 4, buf, n / 2, MPI_INT, &st) ==
           MPI_SUCCESS);
    MPI_Request rq[2];
    EXPECT(MPI_File_iwrite_at(fh, (MPI_Offset)rank * n * 4 + n / 2 * 4, buf + n / 2, n / 2, MPI_INT,
                              &rq[0]) == MPI_SUCCESS);
    MPI_Wait(&rq[0], &st);
    EXPECT(count_of(&st, MPI_INT) == n / 2);
    MPI_File_sync(fh);
    MPI_Barrier(MPI_COMM_WORLD);
    memset(got, 0, sizeof(got));
    EXPECT(MPI_File_iread_at_all(fh, (MPI_Offset)other * n * 4, got, n / 2, MPI_INT, &rq[0]) ==
           MPI_SUCCESS);
    EXPECT(MPI_File_iread_at(fh, (MPI_Offset)other * n * 4 + n / 2 * 4, got + n / 2, n / 2, MPI_INT,
                             &rq[1]) == MPI_SUCCESS);
    MPI_Status sts[2];
    MPI_Waitall(2, rq, sts);
    EXPECT(count_of(&sts[0], MPI_INT) == n / 2 && count_of(&sts[1], MPI_INT) == n / 2);
    bad = 0;
    for (int i = 0; i < n; i++)
        bad += got[i] != -(other * 100000 + i);
    EXPECT(bad == 0);
    /* split collective */
    memset(got, 0, sizeof(got));
    EXPECT(MPI_File_read_at_all_begin(fh, (MPI_Offset)other * n * 4, got, n, MPI_INT) ==
           MPI_SUCCESS);
    EXPECT(MPI_File_read_at_all_end(fh, got, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == n && got[n - 1] == -(other * 100000 + n - 1));
    EXPECT(MPI_File_close(&fh) == MPI_SUCCESS);
    EXPECT(fh == MPI_FILE_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        EXPECT(MPI_File_delete(name, MPI_INFO_NULL) == MPI_SUCCESS);
}

static void check_individual_pointers(void)
{
    char name[256];
    fname(name, sizeof(name), "indiv");
    MPI_File fh;
    MPI_File_open(MPI_COMM_SELF, name, MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE,
                  MPI_INFO_NULL, &fh);
    /* each rank its own file: the name carries the rank */
    (void)name;
    double d[50], e[50];
    for (int i = 0; i < 50; i++)
        d[i] = rank + i * 0.5;
    MPI_Status st;
    MPI_File_write(fh, d, 20, MPI_DOUBLE, &st);
    MPI_File_write(fh, d + 20, 30, MPI_DOUBLE, &st);
    MPI_Offset pos = -1;
    MPI_File_get_position(fh, &pos);
    EXPECT(pos == 50 * 8);
    MPI_File_seek(fh, 10 * 8, MPI_SEEK_SET);
    MPI_File_read(fh, e, 5, MPI_DOUBLE, &st);
    EXPECT(e[0] == d[10] && e[4] == d[14]);
    MPI_File_seek(fh, 8, MPI_SEEK_CUR); /* skip one */
    MPI_File_read(fh, e, 1, MPI_DOUBLE, &st);
    EXPECT(e[0] == d[16]);
    MPI_File_seek(fh, -16, MPI_SEEK_END);
    MPI_File_read(fh, e, 5, MPI_DOUBLE, &st);
    EXPECT(count_of(&st, MPI_DOUBLE) == 2 && e[0] == d[48] && e[1] == d[49]);
    MPI_File_get_position(fh, &pos);
    EXPECT(pos == 50 * 8);
    EXPECT(eclass(MPI_File_seek(fh, -1, MPI_SEEK_SET)) == MPI_ERR_ARG);
    EXPECT(eclass(MPI_File_seek(fh, 0, 12345)) == MPI_ERR_ARG);
    /* nonblocking and split collectives on the individual pointer (on COMM_SELF) */
    MPI_Request rq;
    MPI_File_seek(fh, 0, MPI_SEEK_SET);
    MPI_File_iread(fh, e, 3, MPI_DOUBLE, &rq);
    int flag = 0;
    MPI_Test(&rq, &flag, &st);
    EXPECT(flag && count_of(&st, MPI_DOUBLE) == 3 && e[2] == d[2]);
    MPI_File_read_all_begin(fh, e, 2, MPI_DOUBLE);
    EXPECT(eclass(MPI_File_read_all_begin(fh, e, 2, MPI_DOUBLE)) == MPI_ERR_FILE);
    MPI_File_read_all_end(fh, e, &st);
    EXPECT(e[0] == d[3] && e[1] == d[4]);
    EXPECT(eclass(MPI_File_read_all_end(fh, e, &st)) == MPI_ERR_FILE);
    MPI_File_iwrite_all(fh, d, 1, MPI_DOUBLE, &rq);
    MPI_Wait(&rq, MPI_STATUS_IGNORE);
    MPI_File_get_position(fh, &pos);
    EXPECT(pos == 6 * 8);
    /* set_size truncates, preallocate only grows */
    MPI_Offset sz = 0;
    MPI_File_set_size(fh, 80);
    MPI_File_get_size(fh, &sz);
    EXPECT(sz == 80);
    MPI_File_preallocate(fh, 40);
    MPI_File_get_size(fh, &sz);
    EXPECT(sz == 80);
    MPI_File_preallocate(fh, 4096);
    MPI_File_get_size(fh, &sz);
    EXPECT(sz == 4096);
    MPI_File_close(&fh);
    EXPECT(access(name, F_OK) != 0); /* deleted on close */
}

/* Interleaved vector views: rank r owns blocks r, r + size, ... of 3 ints. */
static void check_views(void)
{
    char name[256];
    fname(name, sizeof(name), "views");
    MPI_File fh;
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh);
    enum { B = 3, NB = 40 };
    MPI_Datatype blk, ftype;
    MPI_Type_contiguous(B, MPI_INT, &blk);
    MPI_Type_create_resized(blk, 0, (MPI_Aint)size * B * 4, &ftype);
    MPI_Type_commit(&ftype);
    MPI_Offset hdr = 64; /* a header before the data */
    EXPECT(MPI_File_set_view(fh, hdr + (MPI_Offset)rank * B * 4, MPI_INT, ftype, "native",
                             MPI_INFO_NULL) == MPI_SUCCESS);
    int buf[B * NB], got[B * NB];
    for (int i = 0; i < B * NB; i++)
        buf[i] = rank * 10000 + i;
    MPI_Status st;
    EXPECT(MPI_File_write_all(fh, buf, B * NB, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == B * NB);
    MPI_Offset pos = -1, off = -1;
    MPI_File_get_position(fh, &pos);
    EXPECT(pos == B * NB);
    /* etype 5 of this view: block 1, element 2 */
    MPI_File_get_byte_offset(fh, 5, &off);
    EXPECT(off == hdr + (MPI_Offset)rank * B * 4 + (MPI_Offset)size * B * 4 + 2 * 4);
    /* the view's end of file: all its blocks are there */
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File_seek(fh, 0, MPI_SEEK_END);
    MPI_File_get_position(fh, &pos);
    EXPECT(pos == B * NB);
    /* the view as given back */
    MPI_Offset disp;
    MPI_Datatype et, ft;
    char rep[MPI_MAX_DATAREP_STRING];
    MPI_File_get_view(fh, &disp, &et, &ft, rep);
    EXPECT(disp == hdr + (MPI_Offset)rank * B * 4 && et == MPI_INT && strcmp(rep, "native") == 0);
    MPI_Aint lb, ext;
    MPI_Type_get_extent(ft, &lb, &ext);
    EXPECT(ext == (MPI_Aint)size * B * 4);
    MPI_Type_free(&ft);
    /* overlapping blocks are no view for a file opened for writing */
    int bl[2] = {3, 1}, dl[2] = {0, 1};
    MPI_Datatype overlap;
    MPI_Type_indexed(2, bl, dl, MPI_INT, &overlap);
    MPI_Type_commit(&overlap);
    EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_INT, overlap, "native", MPI_INFO_NULL)) ==
           MPI_ERR_IO);
    MPI_Type_free(&overlap);
    /* read it all back through the default view, as one process */
    MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    int *all = malloc((size_t)size * B * NB * sizeof(int));
    MPI_File_read_at(fh, hdr, all, size * B * NB, MPI_INT, &st);
    int bad = 0;
    for (int k = 0; k < NB * size; k++) {
        int owner = k % size, j = k / size;
        for (int e = 0; e < B; e++)
            bad += all[k * B + e] != owner * 10000 + j * B + e;
    }
    EXPECT(bad == 0);
    /* a strided memory type into the view: every other int of a 2x buffer */
    MPI_File_set_view(fh, hdr + (MPI_Offset)rank * B * 4, MPI_INT, ftype, "native", MPI_INFO_NULL);
    int wide[2 * B * NB];
    MPI_Datatype every2;
    MPI_Type_vector(B * NB, 1, 2, MPI_INT, &every2);
    MPI_Type_commit(&every2);
    memset(wide, 0, sizeof(wide));
    EXPECT(MPI_File_read_at_all(fh, 0, wide, 1, every2, &st) == MPI_SUCCESS);
    bad = 0;
    for (int i = 0; i < B * NB; i++)
        bad += wide[2 * i] != buf[i] || wide[2 * i + 1] != 0;
    EXPECT(bad == 0);
    /* reading from the middle of a block */
    memset(got, 0, sizeof(got));
    MPI_File_read_at(fh, 4, got, 4, MPI_INT, &st);
    EXPECT(got[0] == buf[4] && got[3] == buf[7]);
    MPI_Type_free(&every2);
    MPI_Type_free(&ftype);
    MPI_Type_free(&blk);
    free(all);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        MPI_File_delete(name, MPI_INFO_NULL);
}

/* A 2-D global array in row-major order, written by blocks of rows x columns, read by rows. */
static void check_subarray(void)
{
    char name[256];
    fname(name, sizeof(name), "grid");
    enum { NX = 24, NY = 30 };
    int px = size % 2 == 0 ? 2 : 1, py = size / px;
    int cx = rank % px, cy = rank / px;
    int gsz[2] = {NY, NX}, lsz[2] = {NY / py, NX / px}, st0[2] = {cy * (NY / py), cx * (NX / px)};
    /* the last row of ranks takes the remainder */
    if (cy == py - 1)
        lsz[0] = NY - st0[0];
    if (cx == px - 1)
        lsz[1] = NX - st0[1];
    MPI_Datatype ft;
    MPI_Type_create_subarray(2, gsz, lsz, st0, MPI_ORDER_C, MPI_DOUBLE, &ft);
    MPI_Type_commit(&ft);
    /* local array with a halo of 1 all round: the interior as a memory subarray */
    int msz[2] = {lsz[0] + 2, lsz[1] + 2}, mst[2] = {1, 1};
    MPI_Datatype mt;
    MPI_Type_create_subarray(2, msz, lsz, mst, MPI_ORDER_C, MPI_DOUBLE, &mt);
    MPI_Type_commit(&mt);
    double *local = malloc((size_t)msz[0] * msz[1] * sizeof(double));
    for (int y = 0; y < msz[0]; y++)
        for (int x = 0; x < msz[1]; x++)
            local[y * msz[1] + x] = (y == 0 || x == 0 || y == msz[0] - 1 || x == msz[1] - 1)
                                        ? -1.0
                                        : (st0[0] + y - 1) * 1000.0 + (st0[1] + x - 1);
    MPI_File fh;
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, 0, MPI_DOUBLE, ft, "native", MPI_INFO_NULL);
    MPI_Status st;
    EXPECT(MPI_File_write_all(fh, local, 1, mt, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, mt) == 1);
    MPI_File_close(&fh);
    /* read back by whole rows, rows spread over the ranks */
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    MPI_Offset sz = 0;
    MPI_File_get_size(fh, &sz);
    EXPECT(sz == (MPI_Offset)NX * NY * 8);
    double row[NX];
    int bad = 0;
    for (int y = rank; y < NY; y += size) {
        MPI_File_read_at(fh, (MPI_Offset)y * NX * 8, row, NX, MPI_DOUBLE, &st);
        for (int x = 0; x < NX; x++)
            bad += row[x] != y * 1000.0 + x;
    }
    EXPECT(bad == 0);
    MPI_File_close(&fh);
    MPI_Type_free(&ft);
    MPI_Type_free(&mt);
    free(local);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        MPI_File_delete(name, MPI_INFO_NULL);
}

static void check_shared_and_ordered(void)
{
    char name[256];
    fname(name, sizeof(name), "shared");
    MPI_File fh;
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL);
    /* three shared writes per rank: every record lands exactly once */
    MPI_Status st;
    for (int k = 0; k < 3; k++) {
        int rec[2] = {rank, k};
        EXPECT(MPI_File_write_shared(fh, rec, 2, MPI_INT, &st) == MPI_SUCCESS);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Offset pos = -1;
    MPI_File_get_position_shared(fh, &pos);
    EXPECT(pos == 6 * size);
    int *all = malloc((size_t)size * 6 * sizeof(int));
    MPI_File_read_at(fh, 0, all, 6 * size, MPI_INT, &st);
    int *seen = calloc((size_t)size * 3, sizeof(int));
    for (int i = 0; i < 3 * size; i++) {
        int r = all[2 * i], k = all[2 * i + 1];
        if (r >= 0 && r < size && k >= 0 && k < 3)
            seen[r * 3 + k]++;
    }
    int bad = 0;
    for (int i = 0; i < 3 * size; i++)
        bad += seen[i] != 1;
    EXPECT(bad == 0);
    /* ordered: rank r writes r + 1 ints after the shared records, in rank order */
    int mine[64];
    for (int i = 0; i <= rank; i++)
        mine[i] = rank * 100 + i;
    EXPECT(MPI_File_write_ordered(fh, mine, rank + 1, MPI_INT, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_INT) == rank + 1);
    MPI_File_get_position_shared(fh, &pos);
    EXPECT(pos == 6 * size + size * (size + 1) / 2);
    MPI_Barrier(MPI_COMM_WORLD);
    int at = 6 * size, got[64];
    for (int r = 0; r < rank; r++)
        at += r + 1;
    MPI_File_read_at(fh, at, got, rank + 1, MPI_INT, &st);
    bad = 0;
    for (int i = 0; i <= rank; i++)
        bad += got[i] != rank * 100 + i;
    EXPECT(bad == 0);
    /* back to the start: ordered reads give each rank its place */
    EXPECT(MPI_File_seek_shared(fh, 6 * size, MPI_SEEK_SET) == MPI_SUCCESS);
    memset(got, 0, sizeof(got));
    EXPECT(MPI_File_read_ordered(fh, got, rank + 1, MPI_INT, &st) == MPI_SUCCESS);
    bad = 0;
    for (int i = 0; i <= rank; i++)
        bad += got[i] != rank * 100 + i;
    EXPECT(bad == 0);
    /* split ordered and nonblocking shared */
    MPI_File_seek_shared(fh, 6 * size, MPI_SEEK_SET);
    memset(got, 0, sizeof(got));
    MPI_File_read_ordered_begin(fh, got, rank + 1, MPI_INT);
    MPI_File_read_ordered_end(fh, got, &st);
    EXPECT(got[rank] == rank * 100 + rank && count_of(&st, MPI_INT) == rank + 1);
    MPI_File_seek_shared(fh, 0, MPI_SEEK_END);
    MPI_File_get_position_shared(fh, &pos);
    EXPECT(pos == 6 * size + size * (size + 1) / 2);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Request rq;
    int one = 7000 + rank;
    MPI_File_iwrite_shared(fh, &one, 1, MPI_INT, &rq);
    MPI_Wait(&rq, &st);
    EXPECT(count_of(&st, MPI_INT) == 1);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File_get_position_shared(fh, &pos);
    EXPECT(pos == 6 * size + size * (size + 1) / 2 + size);
    free(all);
    free(seen);
    MPI_File_close(&fh);
    /* sequential mode: only shared pointers; MPI_DISPLACEMENT_CURRENT */
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_WRONLY | MPI_MODE_SEQUENTIAL | MPI_MODE_APPEND,
                  MPI_INFO_NULL, &fh);
    MPI_File_get_position_shared(fh, &pos);
    EXPECT(pos == (MPI_Offset)(6 * size + size * (size + 1) / 2 + size) * 4);
    EXPECT(eclass(MPI_File_write_at(fh, 0, &one, 1, MPI_INT, &st)) ==
           MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(MPI_File_set_view(fh, MPI_DISPLACEMENT_CURRENT, MPI_INT, MPI_INT, "native",
                             MPI_INFO_NULL) == MPI_SUCCESS);
    MPI_Offset disp = 0;
    MPI_Datatype et, ft;
    char rep[MPI_MAX_DATAREP_STRING];
    MPI_File_get_view(fh, &disp, &et, &ft, rep);
    EXPECT(disp == pos);
    MPI_File_write_ordered(fh, &one, 1, MPI_INT, &st);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    struct stat sb;
    EXPECT(stat(name, &sb) == 0 && sb.st_size == pos + 4 * size);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        MPI_File_delete(name, MPI_INFO_NULL);
}

/* Atomic mode: every rank writes the same 64 KiB again and again with its own byte value. */
static void check_atomic(void)
{
    char name[256];
    fname(name, sizeof(name), "atomic");
    MPI_File fh;
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh);
    EXPECT(MPI_File_set_atomicity(fh, 1) == MPI_SUCCESS);
    int flag = 0;
    MPI_File_get_atomicity(fh, &flag);
    EXPECT(flag == 1);
    enum { N = 65536 };
    unsigned char *mine = malloc(N), *got = malloc(N);
    memset(mine, 'a' + rank, N);
    int bad = 0;
    for (int k = 0; k < 20; k++) {
        MPI_File_write_at(fh, 0, mine, N, MPI_BYTE, MPI_STATUS_IGNORE);
        MPI_File_read_at(fh, 0, got, N, MPI_BYTE, MPI_STATUS_IGNORE);
        for (int i = 1; i < N; i++)
            bad += got[i] != got[0];
    }
    EXPECT(bad == 0);
    MPI_File_set_atomicity(fh, 0);
    free(mine);
    free(got);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        MPI_File_delete(name, MPI_INFO_NULL);
}

/* Big-endian bytes of a double, as external32 has them. */
static void be_double(double v, unsigned char out[8])
{
    uint64_t u;
    memcpy(&u, &v, 8);
    for (int i = 7; i >= 0; i--, u >>= 8)
        out[i] = (unsigned char)u;
}

/*
 * The "external32" representation: ranks interleave doubles (one per rank per row) through a
 * vector filetype, written from a strided memory type and from a contiguous buffer (which must
 * stay as it was); the file's bytes, read back through a "native" byte view, are big-endian;
 * reading through the external32 view gives the values back; ints after them; the extents
 * File_get_type_extent reports; and the types such a view refuses (C long).
 */
static void check_external32(void)
{
    char name[256];
    fname(name, sizeof(name), "x32");
    MPI_File fh;
    EXPECT(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL,
                         &fh) == MPI_SUCCESS);
    enum { ROWS = 6 };
    MPI_Datatype col, tile, every2;
    MPI_Type_vector(ROWS, 1, size, MPI_DOUBLE, &col);
    MPI_Type_create_resized(col, 0, (MPI_Aint)(ROWS * size * sizeof(double)), &tile);
    MPI_Type_commit(&tile);
    MPI_Type_vector(ROWS / 2, 1, 2, MPI_DOUBLE, &every2);
    MPI_Type_commit(&every2);
    EXPECT(MPI_File_set_view(fh, (MPI_Offset)(rank * sizeof(double)), MPI_DOUBLE, tile,
                             "external32", MPI_INFO_NULL) == MPI_SUCCESS);
    char rep[MPI_MAX_DATAREP_STRING];
    MPI_Offset disp;
    MPI_Datatype et, ft;
    MPI_File_get_view(fh, &disp, &et, &ft, rep);
    EXPECT(strcmp(rep, "external32") == 0);
    if (ft != tile)
        MPI_Type_free(&ft);
    MPI_Aint ext = 0;
    EXPECT(MPI_File_get_type_extent(fh, MPI_DOUBLE_INT, &ext) == MPI_SUCCESS && ext == 12);
    EXPECT(MPI_File_get_type_extent(fh, MPI_LONG, &ext) == MPI_SUCCESS && ext == 4);
    EXPECT(MPI_File_get_type_extent(fh, tile, &ext) == MPI_SUCCESS &&
           ext == (MPI_Aint)(ROWS * size * sizeof(double)));
    double v[ROWS], mem[ROWS], copy[ROWS];
    for (int i = 0; i < ROWS; i++) {
        v[i] = rank * 100.0 + i + 0.125;
        mem[i] = -1.0;
    }
    /* rows 0, 2, 4 from the strided memory type, then rows 3.. from a contiguous buffer */
    double strided[ROWS];
    for (int i = 0; i < ROWS / 2; i++)
        strided[2 * i] = v[i];
    EXPECT(MPI_File_write_at_all(fh, 0, strided, 1, every2, MPI_STATUS_IGNORE) == MPI_SUCCESS);
    memcpy(copy, v, sizeof(v));
    EXPECT(MPI_File_write_at_all(fh, ROWS / 2, v + ROWS / 2, ROWS / 2, MPI_DOUBLE,
                                 MPI_STATUS_IGNORE) == MPI_SUCCESS);
    EXPECT(memcmp(copy, v, sizeof(v)) == 0); /* the buffer written was not converted in place */
    MPI_File_sync(fh);
    MPI_Barrier(MPI_COMM_WORLD);
    /* the raw bytes: row r, rank q at (r * size + q) * 8, big-endian */
    MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    size_t nbytes = (size_t)(ROWS * size) * 8;
    unsigned char *raw = malloc(nbytes), want[8];
    MPI_Status st;
    EXPECT(MPI_File_read_at(fh, 0, raw, (int)nbytes, MPI_BYTE, &st) == MPI_SUCCESS);
    EXPECT(count_of(&st, MPI_BYTE) == (int)nbytes);
    for (int r = 0; r < ROWS; r++) {
        for (int q = 0; q < size; q++) {
            be_double(q * 100.0 + r + 0.125, want);
            EXPECT(memcmp(raw + (size_t)(r * size + q) * 8, want, 8) == 0);
        }
    }
    free(raw);
    /* back through the external32 view: rank's own column, then its right neighbour's */
    MPI_File_set_view(fh, (MPI_Offset)(rank * sizeof(double)), MPI_DOUBLE, tile, "external32",
                      MPI_INFO_NULL);
    EXPECT(MPI_File_read_at(fh, 0, mem, ROWS, MPI_DOUBLE, &st) == MPI_SUCCESS);
    EXPECT(memcmp(mem, v, sizeof(v)) == 0);
    int q = (rank + 1) % size;
    MPI_File_set_view(fh, (MPI_Offset)(q * sizeof(double)), MPI_DOUBLE, tile, "external32",
                      MPI_INFO_NULL);
    memset(mem, 0, sizeof(mem));
    EXPECT(MPI_File_read_at(fh, 1, mem + 1, 1, every2, &st) == MPI_SUCCESS); /* rows 1, 2, 3 */
    EXPECT(mem[1] == q * 100.0 + 1.125 && mem[2] == 0.0 && mem[3] == q * 100.0 + 2.125 &&
           mem[5] == q * 100.0 + 3.125);
    /* ints after the doubles, one per rank */
    MPI_File_set_view(fh, (MPI_Offset)nbytes, MPI_INT, MPI_INT, "external32", MPI_INFO_NULL);
    int iv = 0x0a0b0c00 + rank, ib = 0;
    EXPECT(MPI_File_write_at_all(fh, rank, &iv, 1, MPI_INT, MPI_STATUS_IGNORE) == MPI_SUCCESS);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    unsigned char ib4[4];
    MPI_File_read_at(fh, (MPI_Offset)nbytes + 4 * q, ib4, 4, MPI_BYTE, &st);
    EXPECT(ib4[0] == 0x0a && ib4[1] == 0x0b && ib4[2] == 0x0c && ib4[3] == q);
    MPI_File_set_view(fh, (MPI_Offset)nbytes, MPI_INT, MPI_INT, "external32", MPI_INFO_NULL);
    MPI_File_read_at(fh, q, &ib, 1, MPI_INT, &st);
    EXPECT(ib == 0x0a0b0c00 + q);
    /* C long changes size in external32: refused, with the view left as it was */
    if (sizeof(long) > 4) {
        long l = 1;
        EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_LONG, MPI_LONG, "external32", MPI_INFO_NULL)) ==
               MPI_ERR_UNSUPPORTED_DATAREP);
        MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "external32", MPI_INFO_NULL);
        EXPECT(eclass(MPI_File_write_at(fh, 0, &l, 1, MPI_LONG, MPI_STATUS_IGNORE)) ==
               MPI_ERR_UNSUPPORTED_DATAREP);
    }
    MPI_File_close(&fh);
    MPI_Type_free(&tile);
    MPI_Type_free(&col);
    MPI_Type_free(&every2);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        EXPECT(MPI_File_delete(name, MPI_INFO_NULL) == MPI_SUCCESS);
}

static int handler_calls, handler_code;
static void file_handler(MPI_File *fh, int *code, ...)
{
    (void)fh;
    handler_calls++;
    handler_code = *code;
}

static void check_errors(void)
{
    char name[256], missing[256];
    fname(name, sizeof(name), "errors");
    fname(missing, sizeof(missing), "no-such-file");
    MPI_File fh = MPI_FILE_NULL;
    /* the default file handler returns */
    MPI_Errhandler eh;
    MPI_File_get_errhandler(MPI_FILE_NULL, &eh);
    EXPECT(eh == MPI_ERRORS_RETURN);
    EXPECT(eclass(MPI_File_open(MPI_COMM_WORLD, missing, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh)) ==
           MPI_ERR_NO_SUCH_FILE);
    EXPECT(fh == MPI_FILE_NULL);
    EXPECT(eclass(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDONLY | MPI_MODE_RDWR,
                                MPI_INFO_NULL, &fh)) == MPI_ERR_AMODE);
    EXPECT(eclass(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDONLY | MPI_MODE_CREATE,
                                MPI_INFO_NULL, &fh)) == MPI_ERR_AMODE);
    EXPECT(eclass(MPI_File_open(MPI_COMM_WORLD, name, 0, MPI_INFO_NULL, &fh)) == MPI_ERR_AMODE);
    EXPECT(eclass(MPI_File_delete(missing, MPI_INFO_NULL)) == MPI_ERR_NO_SUCH_FILE);
    /* create with permissions from the file_perm hint */
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "file_perm", "640");
    EXPECT(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_WRONLY,
                         info, &fh) == MPI_SUCCESS);
    MPI_Info_free(&info);
    struct stat sb;
    EXPECT(stat(name, &sb) == 0 && (sb.st_mode & 0777) == 0640);
    MPI_Info used;
    MPI_File_get_info(fh, &used);
    char val[64];
    int flag = 0;
    MPI_Info_get(used, "file_perm", sizeof(val) - 1, val, &flag);
    EXPECT(flag && strcmp(val, "640") == 0);
    MPI_Info_free(&used);
    int x = 1;
    EXPECT(eclass(MPI_File_read(fh, &x, 1, MPI_INT, MPI_STATUS_IGNORE)) == MPI_ERR_ACCESS);
    MPI_File_close(&fh);
    /* exclusive creation of an existing file */
    EXPECT(
        eclass(MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_RDWR,
                             MPI_INFO_NULL, &fh)) == MPI_ERR_FILE_EXISTS);
    MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    EXPECT(eclass(MPI_File_write(fh, &x, 1, MPI_INT, MPI_STATUS_IGNORE)) == MPI_ERR_READ_ONLY);
    EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_LONG, MPI_LONG, "external32", MPI_INFO_NULL)) ==
           (sizeof(long) == 4 ? MPI_SUCCESS : MPI_ERR_UNSUPPORTED_DATAREP));
    EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_INT, MPI_DOUBLE, "nosuchrep", MPI_INFO_NULL)) ==
           MPI_ERR_UNSUPPORTED_DATAREP);
    EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_DOUBLE, MPI_INT, "native", MPI_INFO_NULL)) ==
           MPI_ERR_TYPE);
    /* a filetype going backwards */
    int bl[2] = {1, 1}, dl[2] = {4, 0};
    MPI_Datatype back;
    MPI_Type_indexed(2, bl, dl, MPI_INT, &back);
    MPI_Type_commit(&back);
    EXPECT(eclass(MPI_File_set_view(fh, 0, MPI_INT, back, "native", MPI_INFO_NULL)) == MPI_ERR_IO);
    MPI_Type_free(&back);
    /* overlapping blocks at nondecreasing displacements: a view a read-only file may have */
    int bl2[2] = {3, 1}, dl2[2] = {0, 1};
    MPI_Datatype overlap;
    MPI_Type_indexed(2, bl2, dl2, MPI_INT, &overlap);
    MPI_Type_commit(&overlap);
    EXPECT(MPI_File_set_view(fh, 0, MPI_INT, overlap, "native", MPI_INFO_NULL) == MPI_SUCCESS);
    MPI_Type_free(&overlap);
    EXPECT(eclass(MPI_File_set_view(fh, -8, MPI_INT, MPI_INT, "native", MPI_INFO_NULL)) ==
           MPI_ERR_ARG);
    /* a memory type that is no whole number of etypes */
    MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL);
    char c3[3];
    EXPECT(eclass(MPI_File_read_at(fh, 0, c3, 3, MPI_CHAR, MPI_STATUS_IGNORE)) == MPI_ERR_TYPE);
    EXPECT(eclass(MPI_File_read_at(fh, -1, &x, 1, MPI_INT, MPI_STATUS_IGNORE)) == MPI_ERR_ARG);
    EXPECT(eclass(MPI_File_read_at(fh, 0, &x, -1, MPI_INT, MPI_STATUS_IGNORE)) == MPI_ERR_COUNT);
    /* a user handler: on this file, then as the default for open errors */
    MPI_Errhandler mine;
    MPI_File_create_errhandler(file_handler, &mine);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    EXPECT(eclass(MPI_Comm_set_errhandler(MPI_COMM_SELF, mine)) == MPI_ERR_ARG);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_ARE_FATAL);
    MPI_File_set_errhandler(fh, mine);
    handler_calls = 0;
    EXPECT(eclass(MPI_File_write(fh, &x, 1, MPI_INT, MPI_STATUS_IGNORE)) == MPI_ERR_READ_ONLY);
    EXPECT(handler_calls == 1 && handler_code == MPI_ERR_READ_ONLY);
    MPI_File_call_errhandler(fh, MPI_ERR_IO);
    EXPECT(handler_calls == 2 && handler_code == MPI_ERR_IO);
    MPI_Errhandler got;
    MPI_File_get_errhandler(fh, &got);
    EXPECT(got == mine);
    MPI_Errhandler_free(&got);
    MPI_File_close(&fh);
    MPI_File_set_errhandler(MPI_FILE_NULL, mine);
    handler_calls = 0;
    EXPECT(eclass(MPI_File_open(MPI_COMM_WORLD, missing, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh)) ==
           MPI_ERR_NO_SUCH_FILE);
    EXPECT(handler_calls == 1 && handler_code == MPI_ERR_NO_SUCH_FILE);
    MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN);
    MPI_Errhandler_free(&mine);
    /* handles that are no files */
    EXPECT(eclass(MPI_File_get_size(MPI_FILE_NULL, &(MPI_Offset){0})) == MPI_ERR_FILE);
    EXPECT(eclass(MPI_File_close(&fh)) == MPI_ERR_FILE);
    /* different access modes on different ranks */
    if (size > 1)
        EXPECT(
            eclass(MPI_File_open(MPI_COMM_WORLD, name, rank == 0 ? MPI_MODE_RDONLY : MPI_MODE_RDWR,
                                 MPI_INFO_NULL, &fh)) == MPI_ERR_NOT_SAME);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        MPI_File_delete(name, MPI_INFO_NULL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int pid = (int)getpid();
    MPI_Bcast(&pid, 1, MPI_INT, 0, MPI_COMM_WORLD);
    const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof(dir), "%s/oml-io-%d", tmp, pid);
    if (rank == 0)
        mkdir(dir, 0700);
    MPI_Barrier(MPI_COMM_WORLD);
    if (getenv("IO_FATAL") != NULL) { /* a write to a read-only file, fatal handler */
        char name[256];
        fname(name, sizeof(name), "fatal");
        MPI_File fh;
        MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh);
        MPI_File_close(&fh);
        MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDONLY | MPI_MODE_DELETE_ON_CLOSE,
                      MPI_INFO_NULL, &fh);
        rmdir(dir); /* fails while the file is there; the job's end removes nothing else */
        MPI_File_set_errhandler(fh, MPI_ERRORS_ARE_FATAL);
        int x = 0;
        if (rank == size - 1) {
            unlink(name); /* nothing is left behind when the job dies */
            rmdir(dir);
            MPI_File_write(fh, &x, 1, MPI_INT, MPI_STATUS_IGNORE);
        }
        MPI_File_close(&fh);
        return mtest_finalize(1);
    }
    {
        /* each rank's own file name for the MPI_COMM_SELF test */
        char sub[160];
        snprintf(sub, sizeof(sub), "%.150s", dir);
        snprintf(dir, sizeof(dir), "%s/r%d", sub, rank);
        mkdir(dir, 0700);
        check_individual_pointers();
        rmdir(dir);
        snprintf(dir, sizeof(dir), "%s", sub);
    }
    check_explicit_offsets();
    check_views();
    check_subarray();
    check_shared_and_ordered();
    check_atomic();
    check_external32();
    check_errors();
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
        EXPECT(rmdir(dir) == 0); /* every test removed its files */
    return mtest_finalize(errs);
}
