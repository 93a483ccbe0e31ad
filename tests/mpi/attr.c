/*
 * attr.c: attributes and info: predefined attributes, user keyvals on communicators and
 * datatypes with copy callbacks (run by dup) and delete callbacks (run by delete, free, and
 * replacing a value), MPI_COMM_DUP_FN / NULL_COPY_FN, freeing a keyval in use (its attributes
 * still readable and deletable through a copy of the handle), MPI_COMM_SELF's attributes
 * deleted at MPI_Finalize in the reverse order of setting, and the info calls including
 * MPI_INFO_ENV and MPI_Info_create_env (before MPI_Init too); a failing copy callback fails the
 * dup, which leaves MPI_COMM_NULL.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int errs, rank, size, deletes, copies;

static int copy_plus1(MPI_Comm c, int kv, void *extra, void *in, void *out, int *flag)
{
    (void)c;
    (void)kv;
    EXPECT(extra == (void *)&copies);
    copies++;
    *(void **)out = (void *)((intptr_t)in + 1);
    *flag = 1;
    return MPI_SUCCESS;
}

static int del_count(MPI_Comm c, int kv, void *val, void *extra)
{
    (void)c;
    (void)kv;
    (void)val;
    (void)extra;
    deletes++;
    return MPI_SUCCESS;
}

static int tdel_count(MPI_Datatype t, int kv, void *val, void *extra)
{
    (void)t;
    (void)kv;
    (void)val;
    (void)extra;
    deletes++;
    return MPI_SUCCESS;
}

/* The order in which MPI_COMM_SELF's attributes are deleted at MPI_Finalize. */
static int self_order[3], self_deleted;

static int del_self(MPI_Comm c, int kv, void *val, void *extra)
{
    (void)c;
    (void)kv;
    (void)extra;
    if (self_deleted < 3)
        self_order[self_deleted] = (int)(intptr_t)val;
    self_deleted++;
    return MPI_SUCCESS;
}

static void test_predefined(void)
{
    int *v, flag;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &v, &flag);
    EXPECT(flag && *v >= 32767);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &v, &flag);
    EXPECT(flag && *v >= size);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_WTIME_IS_GLOBAL, &v, &flag);
    EXPECT(flag && (*v == 0 || *v == 1));
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_HOST, &v, &flag);
    EXPECT(flag && (*v == MPI_PROC_NULL || (*v >= 0 && *v < size)));
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_IO, &v, &flag);
    EXPECT(flag && (*v == MPI_ANY_SOURCE || *v == MPI_PROC_NULL || (*v >= 0 && *v < size)));
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &v, &flag);
    EXPECT(flag && *v == 0);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_LASTUSEDCODE, &v, &flag);
    EXPECT(flag && *v >= MPI_ERR_LASTCODE);
}

static void test_comm_attrs(void)
{
    int kv, kv_dup, kv_null, flag;
    void *val;
    MPI_Comm_create_keyval(copy_plus1, del_count, &kv, &copies);
    MPI_Comm_create_keyval(MPI_COMM_DUP_FN, MPI_COMM_NULL_DELETE_FN, &kv_dup, NULL);
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del_count, &kv_null, NULL);
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_set_attr(c, kv, (void *)(intptr_t)10);
    MPI_Comm_set_attr(c, kv_dup, (void *)(intptr_t)20);
    MPI_Comm_set_attr(c, kv_null, (void *)(intptr_t)30);
    MPI_Comm_get_attr(c, kv, &val, &flag);
    EXPECT(flag && (intptr_t)val == 10);
    MPI_Comm d;
    MPI_Comm_dup(c, &d);
    EXPECT(copies == 1);
    MPI_Comm_get_attr(d, kv, &val, &flag);
    EXPECT(flag && (intptr_t)val == 11);
    MPI_Comm_get_attr(d, kv_dup, &val, &flag);
    EXPECT(flag && (intptr_t)val == 20);
    MPI_Comm_get_attr(d, kv_null, &val, &flag);
    EXPECT(!flag);
    /* replacing runs the delete callback of the old value */
    MPI_Comm_set_attr(c, kv, (void *)(intptr_t)12);
    EXPECT(deletes == 1);
    MPI_Comm_delete_attr(c, kv);
    EXPECT(deletes == 2);
    MPI_Comm_get_attr(c, kv, &val, &flag);
    EXPECT(!flag);
    /* a freed keyval stays valid for the attributes that use it */
    MPI_Comm_free_keyval(&kv);
    EXPECT(kv == MPI_KEYVAL_INVALID);
    MPI_Comm_free(&d); /* deletes d's kv attribute */
    EXPECT(deletes == 3);
    MPI_Comm_free(&c); /* deletes c's kv_null attribute */
    EXPECT(deletes == 4);
    MPI_Comm_free_keyval(&kv_dup);
    MPI_Comm_free_keyval(&kv_null);
    /* a copy of a freed keyval's handle still reads and deletes its attributes */
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del_count, &kv, NULL);
    int saved = kv;
    MPI_Comm_set_attr(MPI_COMM_WORLD, kv, (void *)(intptr_t)40);
    MPI_Comm_free_keyval(&kv);
    MPI_Comm_get_attr(MPI_COMM_WORLD, saved, &val, &flag);
    EXPECT(flag && (intptr_t)val == 40);
    EXPECT(MPI_Comm_delete_attr(MPI_COMM_WORLD, saved) == MPI_SUCCESS);
    EXPECT(deletes == 5);
    /*
     * attributes on MPI_COMM_SELF are deleted at MPI_Finalize (checked by the count there),
     * in the reverse order of setting; the keys can be freed before
     */
    for (int i = 0; i < 3; i++) {
        int kv_self;
        MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del_self, &kv_self, NULL);
        MPI_Comm_set_attr(MPI_COMM_SELF, kv_self, (void *)(intptr_t)i);
        if (i != 1)
            MPI_Comm_free_keyval(&kv_self);
    }
    /* errors: predefined keys are read-only, unknown keys are MPI_ERR_KEYVAL */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rc = MPI_Comm_set_attr(MPI_COMM_WORLD, MPI_TAG_UB, NULL), cls;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_KEYVAL);
    rc = MPI_Comm_get_attr(MPI_COMM_WORLD, 123456, &val, &flag);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_KEYVAL);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

static void test_type_attrs(void)
{
    int kv, flag;
    void *val;
    MPI_Type_create_keyval(MPI_TYPE_DUP_FN, tdel_count, &kv, NULL);
    MPI_Datatype t, u;
    MPI_Type_contiguous(3, MPI_INT, &t);
    MPI_Type_set_attr(t, kv, (void *)(intptr_t)7);
    MPI_Type_dup(t, &u);
    MPI_Type_get_attr(u, kv, &val, &flag);
    EXPECT(flag && (intptr_t)val == 7);
    int before = deletes;
    MPI_Type_free(&t);
    MPI_Type_free(&u);
    EXPECT(deletes == before + 2);
    MPI_Type_free_keyval(&kv);
}

static int env_argc;
static char **env_argv;
static MPI_Info env_before; /* MPI_Info_create_env's answer before MPI_Init */
static int info_same(MPI_Info a, MPI_Info b);

static void test_info(void)
{
    MPI_Info info, dup;
    int n, flag, len;
    char key[MPI_MAX_INFO_KEY], val[64];
    MPI_Info_create(&info);
    MPI_Info_set(info, "alpha", "1");
    MPI_Info_set(info, "beta", "two");
    MPI_Info_set(info, "alpha", "one"); /* replaces */
    MPI_Info_get_nkeys(info, &n);
    EXPECT(n == 2);
    MPI_Info_get_nthkey(info, 1, key);
    EXPECT(strcmp(key, "beta") == 0);
    MPI_Info_get(info, "alpha", sizeof(val) - 1, val, &flag);
    EXPECT(flag && strcmp(val, "one") == 0);
    MPI_Info_get_valuelen(info, "beta", &len, &flag);
    EXPECT(flag && len == 3);
    len = 2;
    MPI_Info_get_string(info, "beta", &len, val, &flag);
    EXPECT(flag && len == 4 && strcmp(val, "t") == 0); /* truncated, full length returned */
    MPI_Info_dup(info, &dup);
    MPI_Info_delete(info, "alpha");
    MPI_Info_get(info, "alpha", sizeof(val) - 1, val, &flag);
    EXPECT(!flag);
    MPI_Info_get(dup, "alpha", sizeof(val) - 1, val, &flag);
    EXPECT(flag);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rc = MPI_Info_delete(info, "nosuchkey"), cls;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_INFO_NOKEY);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Info_free(&info);
    MPI_Info_free(&dup);
    EXPECT(info == MPI_INFO_NULL);
    MPI_Info_get(MPI_INFO_ENV, "maxprocs", sizeof(val) - 1, val, &flag);
    EXPECT(flag && atoi(val) == size);
    /* MPI_Info_create_env after MPI_Init gives what it gave before (see main) */
    MPI_Info_create_env(env_argc, env_argv, &info);
    EXPECT(info_same(info, env_before));
    MPI_Info_free(&info);
    MPI_Info_free(&env_before);
}

/* Whether two info objects hold the same keys with the same values. */
static int info_same(MPI_Info a, MPI_Info b)
{
    int na, nb, flag;
    char key[MPI_MAX_INFO_KEY], va[MPI_MAX_INFO_VAL], vb[MPI_MAX_INFO_VAL];
    MPI_Info_get_nkeys(a, &na);
    MPI_Info_get_nkeys(b, &nb);
    for (int i = 0; i < na && na == nb; i++) {
        MPI_Info_get_nthkey(a, i, key);
        MPI_Info_get(a, key, MPI_MAX_INFO_VAL - 1, va, &flag);
        MPI_Info_get(b, key, MPI_MAX_INFO_VAL - 1, vb, &flag);
        if (!flag || strcmp(va, vb) != 0)
            return 0;
    }
    return na == nb;
}

/* A copy callback that fails: the dup fails and leaves MPI_COMM_NULL, the source keeps its
 * attribute. */
static int copy_fails(MPI_Comm c, int kv, void *extra, void *in, void *out, int *flag)
{
    (void)c, (void)kv, (void)extra, (void)in, (void)out;
    *flag = 0;
    return MPI_ERR_OTHER;
}

static void test_failed_copy(void)
{
    MPI_Comm c, d = MPI_COMM_WORLD;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    int kv;
    MPI_Comm_create_keyval(copy_fails, MPI_COMM_NULL_DELETE_FN, &kv, NULL);
    MPI_Comm_set_attr(c, kv, (void *)(intptr_t)5);
    EXPECT(MPI_Comm_dup(c, &d) != MPI_SUCCESS && d == MPI_COMM_NULL);
    void *v = NULL;
    int flag = 0;
    EXPECT(MPI_Comm_get_attr(c, kv, &v, &flag) == MPI_SUCCESS && flag && v == (void *)5);
    MPI_Comm_free_keyval(&kv);
    MPI_Comm_free(&c);
}

int main(int argc, char **argv)
{
    /* the info calls work before MPI_Init (MPI-4.0) */
    env_argc = argc;
    env_argv = argv;
    MPI_Info_create_env(argc, argv, &env_before);
    char cmd[MPI_MAX_INFO_VAL];
    int flag;
    MPI_Info_get(env_before, "command", MPI_MAX_INFO_VAL - 1, cmd, &flag);
    EXPECT(flag && strcmp(cmd, argv[0]) == 0);
    MPI_Info_get(env_before, "wdir", MPI_MAX_INFO_VAL - 1, cmd, &flag);
    EXPECT(flag && cmd[0] == '/');
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_predefined();
    test_comm_attrs();
    test_type_attrs();
    test_failed_copy();
    test_info();
    int total;
    MPI_Allreduce(&errs, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Finalize();
    if (self_deleted != 3 || self_order[0] != 2 || self_order[1] != 1 || self_order[2] != 0)
        fprintf(stderr,
                "rank %d: MPI_Finalize deleted %d of MPI_COMM_SELF's 3 attributes, in the order "
                "%d %d %d (want 2 1 0, the reverse of setting)\n",
                rank, self_deleted, self_order[0], self_order[1], self_order[2]),
            total++;
    if (rank == 0 && total == 0)
        printf(" No Errors\n");
    return total != 0;
}
