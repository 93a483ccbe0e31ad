/*
 * ompi-lite/oml_io.c: MPI I/O (MPI-4.1 chapter 14) on the POSIX file interface.
 *
 * A file handle holds one descriptor per process (every process of the communicator opens the
 * file itself; the first creates it), a private communicator for the collective calls, the
 * process's view and its individual file pointer, and a one-int64 window at rank 0 that holds
 * the shared file pointer (moved with MPI_Fetch_and_op, so it needs no lock file; on one node the
 * window is shared memory and the update an atomic operation).
 *
 * Data access. The view is a displacement, an etype and a filetype tiled from the displacement
 * on. An access of count elements of a memory datatype is a stream of count * size bytes (packed
 * from the user's buffer when the datatype is not contiguous, one copy); stream byte b of the
 * view lies in tile b / S (S the filetype's size) at the filetype's segment holding byte b % S,
 * found by a binary search over the segments' byte counts. The access walks the stream run by
 * run (a run is a filetype block) and reads or writes each with one pread/pwrite, a contiguous
 * view in one call. Costs: one system call per block of the filetype touched (no data sieving),
 * O(log segments) to find each block.
 *
 * Collective calls (_all, _at_all, split collectives) do what their independent twins do: the
 * standard allows it, and a file system with many ranks per node would profit from two-phase
 * aggregation, which is not built (docs/io.md). The ordered calls compute each rank's place
 * with MPI_Exscan and move the shared pointer once. Nonblocking calls do their work at once and
 * return a completed request (a generalized request whose status is the access's).
 *
 * Representations: "native" (and "internal", the same), and "external32" for types whose basic
 * elements keep their size in it (everything but C long, unsigned long and wchar_t): the view
 * maps bytes as in "native" and each access converts the stream in a copy (writes) or in place
 * (reads) with the datatype engine.
 *
 * Consistency: data written by one process is visible to the others once the write has returned
 * (the same node's page cache, or a file system with POSIX semantics); MPI_File_sync adds
 * fsync. Atomic mode (MPI_File_set_atomicity) takes a POSIX byte-range lock over the bytes an
 * access spans, shared for reads and exclusive for writes.
 */
#include "oml_fortran.h"
#include "oml_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OML_FILE_MAGIC 0xf11eu

/* What an access does. */
enum {
    IO_WRITE = 1,
    IO_AT = 2,      /* at an explicit offset */
    IO_SHARED = 4,  /* at the shared file pointer */
    IO_ORDERED = 8, /* collective, in rank order at the shared file pointer */
    IO_COLL = 16,   /* collective */
    IO_BEGIN = 32,  /* split collective: begin, status kept for the end */
    IO_NB = 64,     /* nonblocking: a request carries the status */
};

typedef struct oml_file {
    uint32_t magic;
    oml_comm_t *comm; /* private: the collective calls' traffic */
    MPI_Comm handle_comm;
    int rank, size;
    int fd;
    int amode;
    char *filename;
    MPI_Errhandler errhandler;
    char *perm; /* the file_perm hint used at creation, for MPI_File_get_info */
    bool atomic;
    /* the view */
    MPI_Offset disp;
    oml_dtype_t *etype, *ftype;
    MPI_Datatype etype_h, ftype_h;
    size_t esz;     /* etype size */
    size_t tsz;     /* filetype size: data bytes per tile */
    MPI_Offset ext; /* filetype extent: tile to tile */
    bool contig;    /* the view is one contiguous run from disp + ftype->true_lb */
    size_t *pre;    /* data bytes before each filetype segment, nsegs + 1 entries */
    char datarep[MPI_MAX_DATAREP_STRING];
    bool x32;       /* datarep "external32": the file's bytes are big-endian */
    MPI_Offset fp;  /* the individual file pointer, in etypes */
    MPI_Win shwin;  /* the shared file pointer: an int64 at rank 0, in etypes */
    bool split;     /* a split collective has begun */
    int split_kind; /* its IO_* flags */
    MPI_Status split_status;
    int split_rc;
} oml_file_t;

/* The error handler of MPI_FILE_NULL: open and delete errors, and new files start with it. */
static MPI_Errhandler io_default_eh = MPI_ERRORS_RETURN;

/* ---- errors and handles ---- */

static int io_verror(oml_file_t *f, int errclass, const char *fn, const char *fmt, va_list ap)
{
    if (f == NULL)
        return oml_raise(io_default_eh, OML_FH_FILE, (void *)MPI_FILE_NULL, errclass, fn, fmt, ap);
    return oml_raise(f->errhandler, OML_FH_FILE, f, errclass, fn, fmt, ap);
}

/* Raises errclass on file f (NULL: MPI_FILE_NULL, whose handler open and delete use). */
static int io_error(oml_file_t *f, int errclass, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int io_error(oml_file_t *f, int errclass, const char *fn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = io_verror(f, errclass, fn, fmt, ap);
    va_end(ap);
    return rc;
}

/* The error class of a failed system call. */
static int io_errno_class(int err)
{
    switch (err) {
    case ENOENT:
        return MPI_ERR_NO_SUCH_FILE;
    case EEXIST:
        return MPI_ERR_FILE_EXISTS;
    case EACCES:
    case EPERM:
        return MPI_ERR_ACCESS;
    case EROFS:
        return MPI_ERR_READ_ONLY;
    case ENOSPC:
        return MPI_ERR_NO_SPACE;
    case EDQUOT:
        return MPI_ERR_QUOTA;
    case ENAMETOOLONG:
    case ENOTDIR:
    case EISDIR:
    case ELOOP:
        return MPI_ERR_BAD_FILE;
    default:
        return MPI_ERR_IO;
    }
}

static oml_file_t *io_get(MPI_File fh)
{
    if ((uintptr_t)fh < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_file_t *f = (oml_file_t *)fh;
    return f->magic == OML_FILE_MAGIC ? f : NULL;
}

static int io_check(const char *fn, MPI_File fh, oml_file_t **f_p)
{
    OML_CHECK_INIT(fn);
    *f_p = io_get(fh);
    if (*f_p == NULL)
        return io_error(NULL, MPI_ERR_FILE, fn, "invalid file handle%s",
                        fh == MPI_FILE_NULL ? " (MPI_FILE_NULL)" : "");
    return MPI_SUCCESS;
}

/* io_check, then the output argument out (named name) of a query. */
static int io_query(const char *fn, MPI_File fh, const void *out, const char *name,
                    oml_file_t **f_p)
{
    int rc = io_check(fn, fh, f_p);
    if (rc == MPI_SUCCESS && out == NULL)
        rc = io_error(*f_p, MPI_ERR_ARG, fn, "%s is NULL", name);
    return rc;
}

/* Do all processes of f pass the same value? (collective) */
static bool io_same(oml_file_t *f, long long v)
{
    long long mm[2] = {v, -v}, r[2];
    PMPI_Allreduce(mm, r, 2, MPI_LONG_LONG, MPI_MAX, f->handle_comm);
    return r[0] == v && r[1] == -v;
}

/* ---- views ---- */

/* Sets f's view; MPI_SUCCESS or an error class with why filled. The types are checked. */
static int view_set(oml_file_t *f, MPI_Offset disp, MPI_Datatype etype, MPI_Datatype ftype,
                    const char *datarep)
{
    oml_dtype_t *e = oml_dtype_get(etype), *t = oml_dtype_get(ftype);
    size_t *pre = malloc((t->nsegs + 1) * sizeof(size_t));
    if (pre == NULL)
        return MPI_ERR_NO_MEM;
    pre[0] = 0;
    for (size_t k = 0; k < t->nsegs; k++)
        pre[k + 1] = pre[k] + t->segs[k].len * t->segs[k].count;
    oml_dtype_retain(e);
    oml_dtype_retain(t);
    if (f->etype != NULL) {
        oml_dtype_release(f->etype);
        oml_dtype_release(f->ftype);
    }
    free(f->pre);
    f->disp = disp;
    f->etype = e;
    f->ftype = t;
    f->etype_h = etype;
    f->ftype_h = ftype;
    f->esz = e->size;
    f->tsz = t->size;
    f->ext = oml_dt_extent(t);
    f->contig = t->contig;
    f->pre = pre;
    snprintf(f->datarep, sizeof(f->datarep), "%s", datarep);
    f->x32 = strcmp(datarep, "external32") == 0;
    f->fp = 0;
    return MPI_SUCCESS;
}

/*
 * Why data of type d cannot go through an "external32" view (NULL: it can). Types whose basic
 * elements keep their sizes in external32 keep their layout in the file, so the view maps file
 * bytes as in "native" and only the bytes of each element are converted; a C long, unsigned
 * long or wchar_t would need every displacement recomputed.
 */
static const char *view_x32_bad(const oml_dtype_t *d)
{
    for (size_t k = 0; k < d->nsegs; k++) {
        oml_x32_t x = (oml_x32_t)d->segs[k].x32;
        if (x == OML_X32_LONG || x == OML_X32_ULONG || x == OML_X32_WCHAR || x == OML_X32_NONE)
            return oml_dt_x32_name(x);
    }
    return NULL;
}

/* Why ftype cannot be a filetype over etype (NULL: it can). */
static const char *view_bad(const oml_dtype_t *e, const oml_dtype_t *t)
{
    if (e->size == 0)
        return "the etype holds no data";
    if (t->size == 0)
        return "the filetype holds no data";
    if (t->size % e->size != 0)
        return "the filetype's size is not a multiple of the etype's (it must be built of etypes)";
    if (oml_dt_extent(t) <= 0)
        return "the filetype's extent is not positive";
    return NULL;
}

/*
 * Why t's layout cannot be an etype or filetype (NULL: it can): its displacements must be
 * nonnegative and monotonically nondecreasing, and for a file opened for writing its blocks
 * must not overlap (MPI-4.1 14.3).
 */
static const char *view_bad_layout(const oml_dtype_t *t, bool writable)
{
    if (t->true_lb < 0)
        return "negative displacements";
    MPI_Aint last = 0, end = 0;
    for (size_t k = 0; k < t->nsegs; k++) {
        const oml_dt_seg_t *s = &t->segs[k];
        if (s->len == 0 || s->count == 0)
            continue;
        if (s->disp < last || (s->count > 1 && s->stride < 0))
            return "displacements that are not monotonically nondecreasing";
        if (writable && (s->disp < end || (s->count > 1 && s->stride < (MPI_Aint)s->len)))
            return "overlapping blocks, which only a file opened MPI_MODE_RDONLY may have";
        last = s->disp + (MPI_Aint)(s->count - 1) * s->stride;
        end = last + (MPI_Aint)s->len;
    }
    return NULL;
}

/* Where stream byte b of f's view lies in the file; *run the bytes contiguous from there. */
static MPI_Offset view_map(const oml_file_t *f, MPI_Offset b, size_t *run)
{
    if (f->contig) {
        *run = SIZE_MAX;
        return f->disp + f->ftype->true_lb + b;
    }
    MPI_Offset tile = b / (MPI_Offset)f->tsz;
    size_t r = (size_t)(b % (MPI_Offset)f->tsz);
    /* the last segment whose first byte is at or before r */
    size_t lo = 0, hi = f->ftype->nsegs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->pre[mid] <= r)
            lo = mid;
        else
            hi = mid;
    }
    while (f->pre[lo + 1] <= r) /* empty segments */
        lo++;
    const oml_dt_seg_t *s = &f->ftype->segs[lo];
    size_t q = r - f->pre[lo], blk = q / s->len, inner = q % s->len;
    *run = s->len - inner;
    return f->disp + tile * f->ext + s->disp + (MPI_Offset)blk * s->stride + (MPI_Offset)inner;
}

/* Stream bytes of f's view that lie before file byte fsize (MPI_SEEK_END, end of file). */
static MPI_Offset view_bytes_below(const oml_file_t *f, MPI_Offset fsize)
{
    MPI_Offset rel = fsize - f->disp;
    const oml_dtype_t *t = f->ftype;
    if (rel <= t->true_lb)
        return 0;
    if (f->contig)
        return rel - t->true_lb;
    MPI_Offset full = rel < t->true_ub ? 0 : (rel - t->true_ub) / f->ext + 1;
    MPI_Offset rem = rel - full * f->ext, n = full * (MPI_Offset)f->tsz;
    for (size_t k = 0; k < t->nsegs; k++) {
        const oml_dt_seg_t *s = &t->segs[k];
        if (s->len == 0 || s->count == 0 || rem <= s->disp)
            continue;
        MPI_Offset started =
            s->count == 1 || s->stride == 0 ? 1 : (rem - s->disp + s->stride - 1) / s->stride;
        if (started > (MPI_Offset)s->count)
            started = (MPI_Offset)s->count;
        MPI_Offset last = s->disp + (started - 1) * s->stride;
        MPI_Offset tail = rem - last < (MPI_Offset)s->len ? rem - last : (MPI_Offset)s->len;
        n += (started - 1) * (MPI_Offset)s->len + tail;
    }
    return n;
}

/* The file's size in bytes, or -1 with errno. */
static MPI_Offset io_fsize(const oml_file_t *f)
{
    struct stat sb;
    if (fstat(f->fd, &sb) != 0)
        return -1;
    return (MPI_Offset)sb.st_size;
}

/* End of file as a view position: etypes before it, a partial one counted. */
static MPI_Offset view_eof(const oml_file_t *f, MPI_Offset fsize)
{
    MPI_Offset b = view_bytes_below(f, fsize);
    return (b + (MPI_Offset)f->esz - 1) / (MPI_Offset)f->esz;
}

/* ---- the shared file pointer ---- */

/* Adds n etypes to the shared pointer; its value before. (MPI_NO_OP with n 0: reads it) */
static MPI_Offset shared_add(oml_file_t *f, int64_t n, bool replace)
{
    int64_t old = 0;
    PMPI_Win_lock(MPI_LOCK_SHARED, 0, 0, f->shwin);
    PMPI_Fetch_and_op(&n, &old, MPI_INT64_T, 0, 0,
                      replace ? MPI_REPLACE : (n == 0 ? MPI_NO_OP : MPI_SUM), f->shwin);
    PMPI_Win_unlock(0, f->shwin);
    return old;
}

/* ---- opening and closing ---- */

static const char *io_strip_prefix(const char *name)
{
    /* ROMIO's file-system prefixes, which scripts written for other MPIs carry */
    static const char *const prefixes[] = {
        "ufs:", "nfs:", "lustre:", "gpfs:", "pvfs2:", "xfs:", "panfs:", "daos:"};
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(name, prefixes[i], n) == 0)
            return name + n;
    }
    return name;
}

/* Why amode is not a valid access mode (NULL: it is). */
static const char *io_amode_bad(int amode)
{
    int access = (amode & MPI_MODE_RDONLY ? 1 : 0) + (amode & MPI_MODE_RDWR ? 1 : 0) +
                 (amode & MPI_MODE_WRONLY ? 1 : 0);
    int known = MPI_MODE_APPEND | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE | MPI_MODE_EXCL |
                MPI_MODE_RDONLY | MPI_MODE_RDWR | MPI_MODE_SEQUENTIAL | MPI_MODE_UNIQUE_OPEN |
                MPI_MODE_WRONLY;
    if (amode & ~known)
        return "it holds bits that are no MPI_MODE_ open flag";
    if (access != 1)
        return "it must hold exactly one of MPI_MODE_RDONLY, MPI_MODE_RDWR and MPI_MODE_WRONLY";
    if ((amode & MPI_MODE_RDONLY) && (amode & (MPI_MODE_CREATE | MPI_MODE_EXCL)))
        return "MPI_MODE_RDONLY cannot go with MPI_MODE_CREATE or MPI_MODE_EXCL";
    if ((amode & MPI_MODE_RDWR) && (amode & MPI_MODE_SEQUENTIAL))
        return "MPI_MODE_RDWR cannot go with MPI_MODE_SEQUENTIAL";
    return NULL;
}

static void io_destroy(oml_file_t *f)
{
    if (f->etype != NULL) {
        oml_dtype_release(f->etype);
        oml_dtype_release(f->ftype);
    }
    if (f->fd >= 0)
        close(f->fd);
    oml_errhandler_release(f->errhandler);
    if (f->comm != NULL)
        oml_comm_release(f->comm);
    free(f->pre);
    free(f->filename);
    free(f->perm);
    f->magic = 0;
    free(f);
}

OML_API int PMPI_File_open(MPI_Comm comm, const char *filename, int amode, MPI_Info info,
                           MPI_File *fh)
{
    static const char fn[] = "MPI_File_open";
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return io_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (c->inter)
        return io_error(NULL, MPI_ERR_COMM, fn, "files are opened on intracommunicators");
    if (filename == NULL || fh == NULL)
        return io_error(NULL, MPI_ERR_ARG, fn, "filename or fh is NULL");
    if (!oml_info_valid(info))
        return io_error(NULL, MPI_ERR_INFO, fn, "invalid info object");
    const char *bad = io_amode_bad(amode);
    if (bad != NULL)
        return io_error(NULL, MPI_ERR_AMODE, fn, "access mode %d for \"%s\": %s", amode, filename,
                        bad);
    *fh = MPI_FILE_NULL;
    oml_file_t *f = calloc(1, sizeof(*f));
    int n = c->coll.size;
    int *world = malloc((size_t)n * sizeof(int));
    char *name = strdup(filename);
    if (f == NULL || world == NULL || name == NULL) {
        free(f);
        free(world);
        free(name);
        return io_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    for (int i = 0; i < n; i++)
        world[i] = c->coll.world != NULL ? c->coll.world[i] : i;
    int rc = oml_comm_make(fn, c, world, n, c->coll.rank, false, 0, &f->comm);
    if (rc != MPI_SUCCESS) {
        free(f);
        free(name);
        return rc;
    }
    f->magic = OML_FILE_MAGIC;
    f->filename = name;
    f->handle_comm = oml_comm_handle(f->comm);
    f->rank = c->coll.rank;
    f->size = n;
    f->fd = -1;
    f->amode = amode;
    f->errhandler = io_default_eh;
    oml_errhandler_retain(f->errhandler);
    f->shwin = MPI_WIN_NULL;
    const char *path = io_strip_prefix(filename);
    if (!io_same(f, amode)) {
        io_destroy(f);
        return io_error(NULL, MPI_ERR_NOT_SAME, fn,
                        "the processes passed different access modes for \"%s\"", filename);
    }
    /* file_perm: the permissions of a file this call creates (octal, as chmod takes them) */
    mode_t perm = 0666;
    char val[MPI_MAX_INFO_VAL + 1];
    int flag = 0, len = (int)sizeof(val);
    if (info != MPI_INFO_NULL)
        PMPI_Info_get_string(info, "file_perm", &len, val, &flag);
    if (flag) {
        char *end;
        unsigned long p = strtoul(val, &end, 8);
        if (*val != '\0' && *end == '\0' && p <= 07777) {
            perm = (mode_t)p;
            f->perm = strdup(val);
        }
    }
    int flags = amode & MPI_MODE_RDONLY ? O_RDONLY : amode & MPI_MODE_WRONLY ? O_WRONLY : O_RDWR;
    /* the first process creates the file, then the others open what it made */
    int err = 0, cls = 0;
    if (f->rank == 0) {
        int cflags = flags | (amode & MPI_MODE_CREATE ? O_CREAT : 0) |
                     (amode & MPI_MODE_EXCL ? O_EXCL | O_CREAT : 0);
        f->fd = open(path, cflags | O_CLOEXEC, perm);
        err = f->fd < 0 ? errno : 0;
    }
    PMPI_Bcast(&err, 1, MPI_INT, 0, f->handle_comm);
    if (err == 0 && f->rank != 0) {
        f->fd = open(path, flags | O_CLOEXEC);
        err = f->fd < 0 ? errno : 0;
    }
    cls = err != 0 ? io_errno_class(err) : 0;
    int worst[2] = {cls, err}, all[2];
    PMPI_Allreduce(worst, all, 2, MPI_INT, MPI_MAX, f->handle_comm);
    if (all[0] != 0) {
        io_destroy(f);
        return io_error(NULL, all[0], fn, "cannot open \"%s\"%s: %s", filename,
                        amode & MPI_MODE_CREATE ? " (creating it)" : "",
                        strerror(err != 0 ? err : all[1]));
    }
    MPI_Aint mine = f->rank == 0 ? (MPI_Aint)sizeof(int64_t) : 0;
    int64_t *base = NULL;
    PMPI_Win_allocate(mine, sizeof(int64_t), MPI_INFO_NULL, f->handle_comm, &base, &f->shwin);
    if (f->rank == 0)
        *base = 0;
    view_set(f, 0, MPI_BYTE, MPI_BYTE, "native");
    if (amode & MPI_MODE_APPEND) {
        f->fp = io_fsize(f);
        if (f->rank == 0)
            *base = f->fp;
    }
    PMPI_Barrier(f->handle_comm); /* the shared pointer is set before anyone moves it */
    *fh = (MPI_File)f;
    return MPI_SUCCESS;
}
OML_ALIAS(File_open)

OML_API int PMPI_File_close(MPI_File *fh)
{
    static const char fn[] = "MPI_File_close";
    oml_file_t *f;
    if (fh == NULL) {
        OML_CHECK_INIT(fn);
        return io_error(NULL, MPI_ERR_ARG, fn, "fh is NULL");
    }
    int rc = io_check(fn, *fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (f->split)
        return io_error(f, MPI_ERR_FILE, fn, "a split collective access has begun and not ended");
    PMPI_Win_free(&f->shwin); /* collective: every process is done with the file */
    close(f->fd);
    f->fd = -1;
    int err = 0;
    if ((f->amode & MPI_MODE_DELETE_ON_CLOSE) && f->rank == 0 &&
        unlink(io_strip_prefix(f->filename)) != 0 && errno != ENOENT)
        err = errno;
    if (f->amode & MPI_MODE_DELETE_ON_CLOSE)
        PMPI_Bcast(&err, 1, MPI_INT, 0, f->handle_comm);
    /* the error goes to the file's handler, with the handle the caller passed */
    if (err != 0)
        rc = io_error(f, io_errno_class(err), fn, "removing \"%s\" (MPI_MODE_DELETE_ON_CLOSE): %s",
                      f->filename, strerror(err));
    io_destroy(f);
    *fh = MPI_FILE_NULL;
    return rc;
}
OML_ALIAS(File_close)

OML_API int PMPI_File_delete(const char *filename, MPI_Info info)
{
    static const char fn[] = "MPI_File_delete";
    OML_CHECK_INIT(fn);
    if (filename == NULL)
        return io_error(NULL, MPI_ERR_ARG, fn, "filename is NULL");
    if (!oml_info_valid(info))
        return io_error(NULL, MPI_ERR_INFO, fn, "invalid info object");
    if (unlink(io_strip_prefix(filename)) != 0)
        return io_error(NULL, io_errno_class(errno), fn, "cannot delete \"%s\": %s", filename,
                        strerror(errno));
    return MPI_SUCCESS;
}
OML_ALIAS(File_delete)

/* ---- file properties ---- */

/* MPI_File_set_size and MPI_File_preallocate (grow only), collective. */
static int io_resize(const char *fn, MPI_File fh, MPI_Offset size, bool grow_only)
{
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size < 0)
        return io_error(f, MPI_ERR_ARG, fn, "size %lld is negative", (long long)size);
    if (f->amode & MPI_MODE_SEQUENTIAL)
        return io_error(f, MPI_ERR_UNSUPPORTED_OPERATION, fn,
                        "the file was opened with MPI_MODE_SEQUENTIAL");
    if (!io_same(f, size))
        return io_error(f, MPI_ERR_NOT_SAME, fn, "the processes passed different sizes");
    int err = 0;
    if (f->rank == 0) {
        if (f->amode & MPI_MODE_RDONLY) {
            err = EBADF;
        } else if (grow_only) {
            MPI_Offset cur = io_fsize(f);
            if (cur < 0)
                err = errno;
            else if (size > cur)
                err = posix_fallocate(f->fd, 0, (off_t)size);
            if (err == EOPNOTSUPP || err == EINVAL) /* a file system without it */
                err = size > cur && ftruncate(f->fd, (off_t)size) != 0 ? errno : 0;
        } else if (ftruncate(f->fd, (off_t)size) != 0) {
            err = errno;
        }
    }
    PMPI_Bcast(&err, 1, MPI_INT, 0, f->handle_comm);
    if (err == EBADF)
        return io_error(f, MPI_ERR_READ_ONLY, fn, "the file was opened MPI_MODE_RDONLY");
    if (err != 0)
        return io_error(f, io_errno_class(err), fn, "setting the size of \"%s\" to %lld: %s",
                        f->filename, (long long)size, strerror(err));
    return MPI_SUCCESS;
}

OML_API int PMPI_File_set_size(MPI_File fh, MPI_Offset size)
{
    return io_resize("MPI_File_set_size", fh, size, false);
}
OML_ALIAS(File_set_size)

OML_API int PMPI_File_preallocate(MPI_File fh, MPI_Offset size)
{
    return io_resize("MPI_File_preallocate", fh, size, true);
}
OML_ALIAS(File_preallocate)

OML_API int PMPI_File_get_size(MPI_File fh, MPI_Offset *size)
{
    static const char fn[] = "MPI_File_get_size";
    oml_file_t *f;
    int rc = io_query(fn, fh, size, "size", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    MPI_Offset s = io_fsize(f);
    if (s < 0)
        return io_error(f, MPI_ERR_IO, fn, "%s", strerror(errno));
    *size = s;
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_size)

OML_API int PMPI_File_get_group(MPI_File fh, MPI_Group *group)
{
    static const char fn[] = "MPI_File_get_group";
    oml_file_t *f;
    int rc = io_query(fn, fh, group, "group", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    return PMPI_Comm_group(f->handle_comm, group);
}
OML_ALIAS(File_get_group)

OML_API int PMPI_File_get_amode(MPI_File fh, int *amode)
{
    static const char fn[] = "MPI_File_get_amode";
    oml_file_t *f;
    int rc = io_query(fn, fh, amode, "amode", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    *amode = f->amode;
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_amode)

OML_API int PMPI_File_set_info(MPI_File fh, MPI_Info info)
{
    static const char fn[] = "MPI_File_set_info";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!oml_info_valid(info))
        return io_error(f, MPI_ERR_INFO, fn, "invalid info object");
    return MPI_SUCCESS; /* no hint changes what an open file does here */
}
OML_ALIAS(File_set_info)

OML_API int PMPI_File_get_info(MPI_File fh, MPI_Info *info_used)
{
    static const char fn[] = "MPI_File_get_info";
    oml_file_t *f;
    int rc = io_query(fn, fh, info_used, "info_used", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    /* the hints in use: only file_perm, when it set the permissions of a file created here */
    PMPI_Info_create(info_used);
    if (f->perm != NULL)
        PMPI_Info_set(*info_used, "file_perm", f->perm);
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_info)

OML_API int PMPI_File_set_view(MPI_File fh, MPI_Offset disp, MPI_Datatype etype,
                               MPI_Datatype filetype, const char *datarep, MPI_Info info)
{
    static const char fn[] = "MPI_File_set_view";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *e = oml_dtype_get(etype), *t = oml_dtype_get(filetype);
    if (e == NULL || t == NULL)
        return io_error(f, MPI_ERR_TYPE, fn, "invalid %s", e == NULL ? "etype" : "filetype");
    if (!e->committed || !t->committed)
        return io_error(f, MPI_ERR_TYPE, fn, "the %s is not committed",
                        !e->committed ? "etype" : "filetype");
    const char *why = view_bad(e, t);
    if (why != NULL)
        return io_error(f, MPI_ERR_TYPE, fn, "%s", why);
    /* MPI_ERR_IO as ROMIO (MPICH's and Open MPI's) reports it, which programs test for */
    bool writable = !(f->amode & MPI_MODE_RDONLY);
    const char *ewhy = view_bad_layout(e, writable);
    why = ewhy != NULL ? ewhy : view_bad_layout(t, writable);
    if (why != NULL)
        return io_error(f, MPI_ERR_IO, fn, "the %s has %s", ewhy != NULL ? "etype" : "filetype",
                        why);
    if (datarep == NULL)
        return io_error(f, MPI_ERR_ARG, fn, "datarep is NULL");
    bool x32 = strcmp(datarep, "external32") == 0;
    if (strcmp(datarep, "native") != 0 && strcmp(datarep, "internal") != 0 && !x32)
        return io_error(f, MPI_ERR_UNSUPPORTED_DATAREP, fn,
                        "data representation \"%s\": ompi-lite has \"native\", \"internal\" "
                        "(the same) and \"external32\"; MPI_Register_datarep is not built",
                        datarep);
    ewhy = x32 ? view_x32_bad(e) : NULL;
    why = ewhy != NULL ? ewhy : x32 ? view_x32_bad(t) : NULL;
    if (why != NULL)
        return io_error(f, MPI_ERR_UNSUPPORTED_DATAREP, fn,
                        "the %s holds %s: an \"external32\" view takes types whose elements keep "
                        "their size in external32 (not C long, unsigned long or wchar_t)",
                        ewhy != NULL ? "etype" : "filetype", why);
    if (!oml_info_valid(info))
        return io_error(f, MPI_ERR_INFO, fn, "invalid info object");
    if (f->split)
        return io_error(f, MPI_ERR_FILE, fn, "a split collective access has begun and not ended");
    if (disp == MPI_DISPLACEMENT_CURRENT && !(f->amode & MPI_MODE_SEQUENTIAL))
        return io_error(f, MPI_ERR_ARG, fn,
                        "MPI_DISPLACEMENT_CURRENT is for files opened MPI_MODE_SEQUENTIAL");
    if (disp < 0 && disp != MPI_DISPLACEMENT_CURRENT)
        return io_error(f, MPI_ERR_ARG, fn, "displacement %lld is negative", (long long)disp);
    /* the displacement and filetype are each process's own; the etype and datarep are shared */
    if (!io_same(f, (long long)e->size))
        return io_error(f, MPI_ERR_NOT_SAME, fn, "the processes passed etypes of different sizes");
    /* every process is done with the old view's shared pointer before it goes back to 0 */
    PMPI_Barrier(f->handle_comm);
    if (disp == MPI_DISPLACEMENT_CURRENT) {
        MPI_Offset cur = f->rank == 0 ? shared_add(f, 0, false) : 0;
        PMPI_Bcast(&cur, 1, MPI_INT64_T, 0, f->handle_comm);
        size_t run;
        disp = view_map(f, cur * (MPI_Offset)f->esz, &run);
    }
    if (view_set(f, disp, etype, filetype, datarep) != MPI_SUCCESS)
        return io_error(f, MPI_ERR_NO_MEM, fn, "out of memory");
    if (f->rank == 0)
        shared_add(f, 0, true);
    PMPI_Barrier(f->handle_comm);
    return MPI_SUCCESS;
}
OML_ALIAS(File_set_view)

OML_API int PMPI_File_get_view(MPI_File fh, MPI_Offset *disp, MPI_Datatype *etype,
                               MPI_Datatype *filetype, char *datarep)
{
    static const char fn[] = "MPI_File_get_view";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (disp == NULL || etype == NULL || filetype == NULL || datarep == NULL)
        return io_error(f, MPI_ERR_ARG, fn, "an output argument is NULL");
    *disp = f->disp;
    /* derived types come back as new handles the caller frees */
    *etype = f->etype_h;
    *filetype = f->ftype_h;
    if (!f->etype->predefined)
        PMPI_Type_dup(f->etype_h, etype);
    if (!f->ftype->predefined)
        PMPI_Type_dup(f->ftype_h, filetype);
    snprintf(datarep, MPI_MAX_DATAREP_STRING, "%s", f->datarep);
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_view)

/* The extent of datatype in the file, for fn: as in memory ("native", and "external32" for the
 * derived types its views take, which keep their layout); a predefined type's external32 size. */
static int io_type_extent(const char *fn, MPI_File fh, MPI_Datatype datatype, const void *out,
                          MPI_Aint *extent)
{
    oml_file_t *f;
    int rc = io_query(fn, fh, out, "extent", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return io_error(f, MPI_ERR_TYPE, fn, "invalid datatype");
    *extent = oml_dt_extent(d);
    if (f->x32 && d->predefined && d->combiner == MPI_COMBINER_NAMED) {
        oml_x32_t bad = OML_X32_COUNT;
        size_t n = oml_dt_x32_size(d, &bad);
        if (bad == OML_X32_COUNT)
            *extent = (MPI_Aint)n;
    } else if (f->x32 && view_x32_bad(d) != NULL) {
        return io_error(f, MPI_ERR_UNSUPPORTED_DATAREP, fn,
                        "the datatype holds %s: its external32 layout is not built",
                        view_x32_bad(d));
    }
    return MPI_SUCCESS;
}

OML_API int PMPI_File_get_type_extent(MPI_File fh, MPI_Datatype datatype, MPI_Aint *extent)
{
    MPI_Aint e = 0;
    int rc = io_type_extent("MPI_File_get_type_extent", fh, datatype, extent, &e);
    if (rc == MPI_SUCCESS)
        *extent = e;
    return rc;
}
OML_ALIAS(File_get_type_extent)

OML_API int PMPI_File_get_type_extent_c(MPI_File fh, MPI_Datatype datatype, MPI_Count *extent)
{
    MPI_Aint e = 0;
    int rc = io_type_extent("MPI_File_get_type_extent_c", fh, datatype, extent, &e);
    if (rc == MPI_SUCCESS)
        *extent = e;
    return rc;
}
OML_ALIAS(File_get_type_extent_c)

OML_API int PMPI_File_set_atomicity(MPI_File fh, int flag)
{
    static const char fn[] = "MPI_File_set_atomicity";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!io_same(f, flag != 0))
        return io_error(f, MPI_ERR_NOT_SAME, fn, "the processes passed different flags");
    f->atomic = flag != 0;
    return MPI_SUCCESS;
}
OML_ALIAS(File_set_atomicity)

OML_API int PMPI_File_get_atomicity(MPI_File fh, int *flag)
{
    static const char fn[] = "MPI_File_get_atomicity";
    oml_file_t *f;
    int rc = io_query(fn, fh, flag, "flag", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    *flag = f->atomic;
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_atomicity)

OML_API int PMPI_File_sync(MPI_File fh)
{
    static const char fn[] = "MPI_File_sync";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    int err = fsync(f->fd) != 0 && errno != EINVAL ? errno : 0;
    PMPI_Barrier(f->handle_comm);
    if (err != 0)
        return io_error(f, io_errno_class(err), fn, "fsync of \"%s\": %s", f->filename,
                        strerror(err));
    return MPI_SUCCESS;
}
OML_ALIAS(File_sync)

/* ---- file pointers ---- */

/* The position whence and offset name (etypes); -1 when it would be negative. */
static MPI_Offset io_seek_pos(oml_file_t *f, MPI_Offset cur, MPI_Offset offset, int whence)
{
    MPI_Offset base = whence == MPI_SEEK_SET   ? 0
                      : whence == MPI_SEEK_CUR ? cur
                                               : view_eof(f, io_fsize(f));
    MPI_Offset pos = base + offset;
    return pos < 0 ? -1 : pos;
}

static int io_seek_args(oml_file_t *f, const char *fn, int whence)
{
    if (whence != MPI_SEEK_SET && whence != MPI_SEEK_CUR && whence != MPI_SEEK_END)
        return io_error(f, MPI_ERR_ARG, fn,
                        "whence %d is none of MPI_SEEK_SET, MPI_SEEK_CUR, MPI_SEEK_END", whence);
    return MPI_SUCCESS;
}

OML_API int PMPI_File_seek(MPI_File fh, MPI_Offset offset, int whence)
{
    static const char fn[] = "MPI_File_seek";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc == MPI_SUCCESS)
        rc = io_seek_args(f, fn, whence);
    if (rc != MPI_SUCCESS)
        return rc;
    if (f->amode & MPI_MODE_SEQUENTIAL)
        return io_error(f, MPI_ERR_UNSUPPORTED_OPERATION, fn,
                        "the file was opened with MPI_MODE_SEQUENTIAL: only the shared file "
                        "pointer moves");
    MPI_Offset pos = io_seek_pos(f, f->fp, offset, whence);
    if (pos < 0)
        return io_error(f, MPI_ERR_ARG, fn, "the pointer would go before the view's start");
    f->fp = pos;
    return MPI_SUCCESS;
}
OML_ALIAS(File_seek)

OML_API int PMPI_File_get_position(MPI_File fh, MPI_Offset *offset)
{
    static const char fn[] = "MPI_File_get_position";
    oml_file_t *f;
    int rc = io_query(fn, fh, offset, "offset", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    *offset = f->fp;
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_position)

OML_API int PMPI_File_get_byte_offset(MPI_File fh, MPI_Offset offset, MPI_Offset *disp)
{
    static const char fn[] = "MPI_File_get_byte_offset";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (offset < 0)
        return io_error(f, MPI_ERR_ARG, fn, "offset %lld is negative", (long long)offset);
    if (disp == NULL)
        return io_error(f, MPI_ERR_ARG, fn, "disp is NULL");
    size_t run;
    *disp = view_map(f, offset * (MPI_Offset)f->esz, &run);
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_byte_offset)

OML_API int PMPI_File_seek_shared(MPI_File fh, MPI_Offset offset, int whence)
{
    static const char fn[] = "MPI_File_seek_shared";
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc == MPI_SUCCESS)
        rc = io_seek_args(f, fn, whence);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!io_same(f, offset) || !io_same(f, whence))
        return io_error(f, MPI_ERR_NOT_SAME, fn,
                        "the processes passed different offsets or "
                        "whence values");
    PMPI_Barrier(f->handle_comm);
    int bad = 0;
    if (f->rank == 0) {
        MPI_Offset pos = io_seek_pos(f, shared_add(f, 0, false), offset, whence);
        bad = pos < 0;
        if (!bad)
            shared_add(f, pos, true);
    }
    PMPI_Bcast(&bad, 1, MPI_INT, 0, f->handle_comm);
    if (bad)
        return io_error(f, MPI_ERR_ARG, fn, "the pointer would go before the view's start");
    return MPI_SUCCESS;
}
OML_ALIAS(File_seek_shared)

OML_API int PMPI_File_get_position_shared(MPI_File fh, MPI_Offset *offset)
{
    static const char fn[] = "MPI_File_get_position_shared";
    oml_file_t *f;
    int rc = io_query(fn, fh, offset, "offset", &f);
    if (rc != MPI_SUCCESS)
        return rc;
    *offset = shared_add(f, 0, false);
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_position_shared)

/* ---- data access ---- */

/* Locks (type F_RDLCK/F_WRLCK) or unlocks (F_UNLCK) bytes [from, to) of f. */
static int io_lock(const oml_file_t *f, short type, MPI_Offset from, MPI_Offset to)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = from, .l_len = to - from};
    while (fcntl(f->fd, F_SETLKW, &fl) != 0) {
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

/*
 * Moves len stream bytes at stream position b of f's view between the file and mem; the bytes
 * moved (a read stops at end of file), or -1 with *err.
 */
static MPI_Offset io_move(oml_file_t *f, bool write, MPI_Offset b, unsigned char *mem, size_t len,
                          int *err)
{
    size_t done = 0;
    while (done < len) {
        size_t run;
        MPI_Offset off = view_map(f, b + (MPI_Offset)done, &run);
        size_t n = len - done < run ? len - done : run;
        ssize_t k = write ? pwrite(f->fd, mem + done, n, (off_t)off)
                          : pread(f->fd, mem + done, n, (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            *err = errno;
            return -1;
        }
        if (k == 0) /* end of file (a write of n > 0 bytes never returns 0) */
            break;
        done += (size_t)k;
    }
    return (MPI_Offset)done;
}

/* Status of a completed nonblocking access: what its generalized request reports. */
static int io_req_query(void *extra, MPI_Status *status)
{
    int err = status->MPI_ERROR;
    *status = *(MPI_Status *)extra;
    status->MPI_ERROR = err;
    return MPI_SUCCESS;
}

static int io_req_free(void *extra)
{
    free(extra);
    return MPI_SUCCESS;
}

static int io_req_cancel(void *extra, int complete)
{
    (void)extra, (void)complete;
    return MPI_SUCCESS;
}

/* A completed request whose status is st. */
static int io_request(oml_file_t *f, const char *fn, const MPI_Status *st, MPI_Request *request)
{
    MPI_Status *keep = malloc(sizeof(*keep));
    if (keep == NULL)
        return io_error(f, MPI_ERR_NO_MEM, fn, "out of memory");
    *keep = *st;
    int rc = PMPI_Grequest_start(io_req_query, io_req_free, io_req_cancel, keep, request);
    if (rc != MPI_SUCCESS) {
        free(keep);
        return rc;
    }
    return PMPI_Grequest_complete(*request);
}

static const char *io_kind_name(int kind)
{
    return kind & IO_WRITE ? "write" : "read";
}

/*
 * Every data access call: what (IO_*), at offset (IO_AT), count elements of dt at buf. status
 * gets the result; request (nonblocking) a completed request carrying it.
 */
static int io_access(const char *fn, MPI_File fh, int what, MPI_Offset offset, void *buf,
                     MPI_Count count, MPI_Datatype dt, MPI_Status *status, MPI_Request *request)
{
    oml_file_t *f;
    if (request != NULL)
        *request = MPI_REQUEST_NULL;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if ((what & IO_NB) && request == NULL)
        return io_error(f, MPI_ERR_ARG, fn, "request is NULL");
    oml_dtype_t *d = oml_dtype_get(dt);
    int err = 0, cls = MPI_SUCCESS;
    char why[200] = "";
    bool write = what & IO_WRITE;
    if (d == NULL || !d->committed)
        cls = MPI_ERR_TYPE, snprintf(why, sizeof(why), "invalid or uncommitted datatype");
    else if (count < 0)
        cls = MPI_ERR_COUNT, snprintf(why, sizeof(why), "count %lld is negative", (long long)count);
    else if (buf == NULL && count > 0 && d->size > 0 && d->true_lb == 0)
        cls = MPI_ERR_BUFFER, snprintf(why, sizeof(why), "buffer is NULL");
    else if (f->x32 && view_x32_bad(d) != NULL)
        cls = MPI_ERR_UNSUPPORTED_DATAREP,
        snprintf(why, sizeof(why),
                 "the datatype holds %s, which the \"external32\" view does not take (not C "
                 "long, unsigned long or wchar_t)",
                 view_x32_bad(d));
    else if (d->size % f->esz != 0)
        cls = MPI_ERR_TYPE,
        snprintf(why, sizeof(why),
                 "the datatype's size (%zu bytes) is not a multiple of the view's etype (%zu)",
                 d->size, f->esz);
    else if (write && (f->amode & MPI_MODE_RDONLY))
        cls = MPI_ERR_READ_ONLY, snprintf(why, sizeof(why), "the file was opened MPI_MODE_RDONLY");
    else if (!write && (f->amode & MPI_MODE_WRONLY))
        cls = MPI_ERR_ACCESS, snprintf(why, sizeof(why), "the file was opened MPI_MODE_WRONLY");
    else if ((f->amode & MPI_MODE_SEQUENTIAL) && !(what & (IO_SHARED | IO_ORDERED)))
        cls = MPI_ERR_UNSUPPORTED_OPERATION,
        snprintf(why, sizeof(why),
                 "the file was opened MPI_MODE_SEQUENTIAL: only the shared file pointer calls "
                 "access it");
    else if ((what & IO_AT) && offset < 0)
        cls = MPI_ERR_ARG, snprintf(why, sizeof(why), "offset %lld is negative", (long long)offset);
    else if ((what & IO_BEGIN) && f->split)
        cls = MPI_ERR_FILE,
        snprintf(why, sizeof(why), "a split collective access has begun already on this file");
    size_t bytes = cls == MPI_SUCCESS ? (size_t)count * d->size : 0;
    /* the position, in etypes */
    MPI_Offset pos = offset;
    if (what & IO_ORDERED) {
        /* every process takes part, also one whose arguments failed (it adds nothing) */
        int64_t mine = (int64_t)(bytes / f->esz), before = 0, total = 0, base = 0;
        PMPI_Exscan(&mine, &before, 1, MPI_INT64_T, MPI_SUM, f->handle_comm);
        PMPI_Allreduce(&mine, &total, 1, MPI_INT64_T, MPI_SUM, f->handle_comm);
        if (f->rank == 0) {
            before = 0;
            base = shared_add(f, total, false);
        }
        PMPI_Bcast(&base, 1, MPI_INT64_T, 0, f->handle_comm);
        pos = base + before;
    } else if (cls == MPI_SUCCESS && (what & IO_SHARED)) {
        pos = shared_add(f, (int64_t)(bytes / f->esz), false);
    } else if (!(what & IO_AT)) {
        pos = f->fp;
    }
    if (cls != MPI_SUCCESS)
        return io_error(f, cls, fn, "%s", why);

    oml_dbuf_t db = {0};
    rc = write ? oml_dbuf_send(&db, d, buf, (size_t)count)
               : oml_dbuf_recv(&db, d, buf, (size_t)count);
    if (rc == MPI_SUCCESS && write && f->x32 && bytes > 0) {
        /* the user's buffer stays as it is: convert a copy */
        if (db.tmp == NULL && (db.tmp = malloc(bytes)) != NULL)
            db.ptr = memcpy(db.tmp, db.ptr, bytes);
        if (db.tmp == NULL)
            rc = MPI_ERR_NO_MEM;
        else
            oml_dt_x32_stream(d, bytes, db.ptr, true);
    }
    if (rc != MPI_SUCCESS) {
        oml_dbuf_free(&db);
        return io_error(f, MPI_ERR_NO_MEM, fn, "no memory to pack %zu bytes", bytes);
    }
    MPI_Offset b = pos * (MPI_Offset)f->esz, got = 0, lo = 0, hi = 0;
    if (f->atomic && bytes > 0) {
        size_t run;
        lo = view_map(f, b, &run);
        hi = view_map(f, b + (MPI_Offset)bytes - 1, &run) + 1;
        err = io_lock(f, write ? F_WRLCK : F_RDLCK, lo, hi);
    }
    if (err == 0) {
        got = io_move(f, write, b, db.ptr, bytes, &err);
        if (f->atomic && bytes > 0)
            io_lock(f, F_UNLCK, lo, hi);
    }
    if (got < 0) {
        oml_dbuf_free(&db);
        return io_error(f, io_errno_class(err), fn,
                        "%s of %zu bytes at view offset %lld of \"%s\": %s", io_kind_name(what),
                        bytes, (long long)pos, f->filename, strerror(err));
    }
    if (!write && f->x32)
        oml_dt_x32_stream(d, (size_t)got, db.ptr, false);
    if (!write)
        oml_dbuf_unpack(&db, d, buf, (size_t)count, (size_t)got);
    oml_dbuf_free(&db);
    if (!(what & (IO_AT | IO_SHARED | IO_ORDERED)))
        f->fp = pos + got / (MPI_Offset)f->esz;
    MPI_Status st;
    st.MPI_ERROR = MPI_SUCCESS;
    oml_status_set(&st, MPI_ANY_SOURCE, MPI_ANY_TAG, (size_t)got);
    if (what & IO_BEGIN) {
        f->split = true;
        f->split_kind = what & ~IO_BEGIN;
        f->split_status = st;
        return MPI_SUCCESS;
    }
    if (what & IO_NB)
        return io_request(f, fn, &st, request);
    if (status != MPI_STATUS_IGNORE) {
        int keep = status->MPI_ERROR;
        *status = st;
        status->MPI_ERROR = keep;
    }
    return MPI_SUCCESS;
}

/* The end of a split collective begun with kind (IO_* without IO_BEGIN). */
static int io_split_end(const char *fn, MPI_File fh, int kind, MPI_Status *status)
{
    oml_file_t *f;
    int rc = io_check(fn, fh, &f);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!f->split || f->split_kind != kind)
        return io_error(f, MPI_ERR_FILE, fn, "no matching split collective access has begun");
    f->split = false;
    if (status != MPI_STATUS_IGNORE && status != NULL) {
        int keep = status->MPI_ERROR;
        *status = f->split_status;
        status->MPI_ERROR = keep;
    }
    return MPI_SUCCESS;
}

/* The blocking and nonblocking calls of one kind, with their large-count twins. */
#define IO_RW(Name, what, Const)                                                                   \
    OML_API int PMPI_File_##Name(MPI_File fh, Const void *buf, int count, MPI_Datatype datatype,   \
                                 MPI_Status *status)                                               \
    {                                                                                              \
        return io_access("MPI_File_" #Name, fh, what, 0, (void *)buf, count, datatype, status,     \
                         NULL);                                                                    \
    }                                                                                              \
    OML_ALIAS(File_##Name)                                                                         \
    OML_API int PMPI_File_##Name##_c(MPI_File fh, Const void *buf, MPI_Count count,                \
                                     MPI_Datatype datatype, MPI_Status *status)                    \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_c", fh, what, 0, (void *)buf, count, datatype,        \
                         status, NULL);                                                            \
    }                                                                                              \
    OML_ALIAS(File_##Name##_c)

#define IO_RW_AT(Name, what, Const)                                                                \
    OML_API int PMPI_File_##Name(MPI_File fh, MPI_Offset offset, Const void *buf, int count,       \
                                 MPI_Datatype datatype, MPI_Status *status)                        \
    {                                                                                              \
        return io_access("MPI_File_" #Name, fh, (what) | IO_AT, offset, (void *)buf, count,        \
                         datatype, status, NULL);                                                  \
    }                                                                                              \
    OML_ALIAS(File_##Name)                                                                         \
    OML_API int PMPI_File_##Name##_c(MPI_File fh, MPI_Offset offset, Const void *buf,              \
                                     MPI_Count count, MPI_Datatype datatype, MPI_Status *status)   \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_c", fh, (what) | IO_AT, offset, (void *)buf, count,   \
                         datatype, status, NULL);                                                  \
    }                                                                                              \
    OML_ALIAS(File_##Name##_c)

#define IO_IRW(Name, what, Const)                                                                  \
    OML_API int PMPI_File_##Name(MPI_File fh, Const void *buf, int count, MPI_Datatype datatype,   \
                                 MPI_Request *request)                                             \
    {                                                                                              \
        return io_access("MPI_File_" #Name, fh, (what) | IO_NB, 0, (void *)buf, count, datatype,   \
                         MPI_STATUS_IGNORE, request);                                              \
    }                                                                                              \
    OML_ALIAS(File_##Name)                                                                         \
    OML_API int PMPI_File_##Name##_c(MPI_File fh, Const void *buf, MPI_Count count,                \
                                     MPI_Datatype datatype, MPI_Request *request)                  \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_c", fh, (what) | IO_NB, 0, (void *)buf, count,        \
                         datatype, MPI_STATUS_IGNORE, request);                                    \
    }                                                                                              \
    OML_ALIAS(File_##Name##_c)

#define IO_IRW_AT(Name, what, Const)                                                               \
    OML_API int PMPI_File_##Name(MPI_File fh, MPI_Offset offset, Const void *buf, int count,       \
                                 MPI_Datatype datatype, MPI_Request *request)                      \
    {                                                                                              \
        return io_access("MPI_File_" #Name, fh, (what) | IO_AT | IO_NB, offset, (void *)buf,       \
                         count, datatype, MPI_STATUS_IGNORE, request);                             \
    }                                                                                              \
    OML_ALIAS(File_##Name)                                                                         \
    OML_API int PMPI_File_##Name##_c(MPI_File fh, MPI_Offset offset, Const void *buf,              \
                                     MPI_Count count, MPI_Datatype datatype, MPI_Request *request) \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_c", fh, (what) | IO_AT | IO_NB, offset, (void *)buf,  \
                         count, datatype, MPI_STATUS_IGNORE, request);                             \
    }                                                                                              \
    OML_ALIAS(File_##Name##_c)

#define IO_SPLIT(Name, what, Const)                                                                \
    OML_API int PMPI_File_##Name##_begin(MPI_File fh, Const void *buf, int count,                  \
                                         MPI_Datatype datatype)                                    \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_begin", fh, (what) | IO_BEGIN, 0, (void *)buf, count, \
                         datatype, MPI_STATUS_IGNORE, NULL);                                       \
    }                                                                                              \
    OML_ALIAS(File_##Name##_begin)                                                                 \
    OML_API int PMPI_File_##Name##_begin_c(MPI_File fh, Const void *buf, MPI_Count count,          \
                                           MPI_Datatype datatype)                                  \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_begin_c", fh, (what) | IO_BEGIN, 0, (void *)buf,      \
                         count, datatype, MPI_STATUS_IGNORE, NULL);                                \
    }                                                                                              \
    OML_ALIAS(File_##Name##_begin_c)                                                               \
    OML_API int PMPI_File_##Name##_end(MPI_File fh, Const void *buf, MPI_Status *status)           \
    {                                                                                              \
        (void)buf;                                                                                 \
        return io_split_end("MPI_File_" #Name "_end", fh, what, status);                           \
    }                                                                                              \
    OML_ALIAS(File_##Name##_end)

#define IO_SPLIT_AT(Name, what, Const)                                                             \
    OML_API int PMPI_File_##Name##_begin(MPI_File fh, MPI_Offset offset, Const void *buf,          \
                                         int count, MPI_Datatype datatype)                         \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_begin", fh, (what) | IO_AT | IO_BEGIN, offset,        \
                         (void *)buf, count, datatype, MPI_STATUS_IGNORE, NULL);                   \
    }                                                                                              \
    OML_ALIAS(File_##Name##_begin)                                                                 \
    OML_API int PMPI_File_##Name##_begin_c(MPI_File fh, MPI_Offset offset, Const void *buf,        \
                                           MPI_Count count, MPI_Datatype datatype)                 \
    {                                                                                              \
        return io_access("MPI_File_" #Name "_begin_c", fh, (what) | IO_AT | IO_BEGIN, offset,      \
                         (void *)buf, count, datatype, MPI_STATUS_IGNORE, NULL);                   \
    }                                                                                              \
    OML_ALIAS(File_##Name##_begin_c)                                                               \
    OML_API int PMPI_File_##Name##_end(MPI_File fh, Const void *buf, MPI_Status *status)           \
    {                                                                                              \
        (void)buf;                                                                                 \
        return io_split_end("MPI_File_" #Name "_end", fh, (what) | IO_AT, status);                 \
    }                                                                                              \
    OML_ALIAS(File_##Name##_end)

#define IO_NOCONST
IO_RW(read, 0, IO_NOCONST)
IO_RW(write, IO_WRITE, const)
IO_RW(read_all, IO_COLL, IO_NOCONST)
IO_RW(write_all, IO_WRITE | IO_COLL, const)
IO_RW(read_shared, IO_SHARED, IO_NOCONST)
IO_RW(write_shared, IO_WRITE | IO_SHARED, const)
IO_RW(read_ordered, IO_ORDERED | IO_COLL, IO_NOCONST)
IO_RW(write_ordered, IO_WRITE | IO_ORDERED | IO_COLL, const)
IO_RW_AT(read_at, 0, IO_NOCONST)
IO_RW_AT(write_at, IO_WRITE, const)
IO_RW_AT(read_at_all, IO_COLL, IO_NOCONST)
IO_RW_AT(write_at_all, IO_WRITE | IO_COLL, const)
IO_IRW(iread, 0, IO_NOCONST)
IO_IRW(iwrite, IO_WRITE, const)
IO_IRW(iread_all, IO_COLL, IO_NOCONST)
IO_IRW(iwrite_all, IO_WRITE | IO_COLL, const)
IO_IRW(iread_shared, IO_SHARED, IO_NOCONST)
IO_IRW(iwrite_shared, IO_WRITE | IO_SHARED, const)
IO_IRW_AT(iread_at, 0, IO_NOCONST)
IO_IRW_AT(iwrite_at, IO_WRITE, const)
IO_IRW_AT(iread_at_all, IO_COLL, IO_NOCONST)
IO_IRW_AT(iwrite_at_all, IO_WRITE | IO_COLL, const)
IO_SPLIT(read_all, IO_COLL, IO_NOCONST)
IO_SPLIT(write_all, IO_WRITE | IO_COLL, const)
IO_SPLIT(read_ordered, IO_ORDERED | IO_COLL, IO_NOCONST)
IO_SPLIT(write_ordered, IO_WRITE | IO_ORDERED | IO_COLL, const)
IO_SPLIT_AT(read_at_all, IO_COLL, IO_NOCONST)
IO_SPLIT_AT(write_at_all, IO_WRITE | IO_COLL, const)

/* ---- error handlers ---- */

OML_API int PMPI_File_create_errhandler(MPI_File_errhandler_function *file_errhandler_fn,
                                        MPI_Errhandler *errhandler)
{
    return oml_errhandler_new("MPI_File_create_errhandler", OML_FH_FILE,
                              (MPI_Comm_errhandler_function *)file_errhandler_fn, false,
                              errhandler);
}
OML_ALIAS(File_create_errhandler)

OML_API int PMPI_File_set_errhandler(MPI_File file, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_File_set_errhandler";
    OML_CHECK_INIT(fn);
    oml_file_t *f = io_get(file);
    if (f == NULL && file != MPI_FILE_NULL)
        return io_error(NULL, MPI_ERR_FILE, fn, "invalid file handle");
    if (!oml_errhandler_valid_for(errhandler, OML_FH_FILE))
        return io_error(f, MPI_ERR_ARG, fn,
                        "invalid error handler (or one made for communicators or windows)");
    MPI_Errhandler *slot = f != NULL ? &f->errhandler : &io_default_eh;
    oml_errhandler_retain(errhandler);
    oml_errhandler_release(*slot);
    *slot = errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(File_set_errhandler)

OML_API int PMPI_File_get_errhandler(MPI_File file, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_File_get_errhandler";
    OML_CHECK_INIT(fn);
    oml_file_t *f = io_get(file);
    if (f == NULL && file != MPI_FILE_NULL)
        return io_error(NULL, MPI_ERR_FILE, fn, "invalid file handle");
    if (errhandler == NULL)
        return io_error(f, MPI_ERR_ARG, fn, "errhandler is NULL");
    *errhandler = f != NULL ? f->errhandler : io_default_eh;
    oml_errhandler_retain(*errhandler);
    return MPI_SUCCESS;
}
OML_ALIAS(File_get_errhandler)

OML_API int PMPI_File_call_errhandler(MPI_File fh, int errorcode)
{
    static const char fn[] = "MPI_File_call_errhandler";
    OML_CHECK_INIT(fn);
    oml_file_t *f = io_get(fh);
    if (f == NULL && fh != MPI_FILE_NULL)
        return io_error(NULL, MPI_ERR_FILE, fn, "invalid file handle");
    io_error(f, errorcode, fn, "error code %d raised by the application", errorcode);
    return MPI_SUCCESS;
}
OML_ALIAS(File_call_errhandler)

void oml_io_finalize(void)
{
    oml_errhandler_release(io_default_eh);
    io_default_eh = MPI_ERRORS_RETURN;
}
