/*
 * ompi-lite/oml_info.c: info objects: ordered (key, value) lists of strings. MPI_INFO_ENV is
 * a read-only object describing how the job was started; MPI_Info_create_env makes one with
 * the command line, the host and the working directory. As MPI-4.0 allows, the info calls work
 * before MPI_Init and after MPI_Finalize too.
 */
#include "oml_impl.h"
#include "runtime/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct info_ent {
    char *key, *val;
} info_ent_t;

typedef struct oml_info {
    uint32_t magic;
    int n, cap;
    info_ent_t *ents;
} oml_info_t;

#define INFO_MAGIC 0x1f0u

static oml_info_t info_env = {.magic = INFO_MAGIC};

static int info_put(oml_info_t *in, const char *key, const char *val)
{
    for (int i = 0; i < in->n; i++) {
        if (strcmp(in->ents[i].key, key) == 0) {
            char *v = strdup(val);
            if (v == NULL)
                return MPI_ERR_NO_MEM;
            free(in->ents[i].val);
            in->ents[i].val = v;
            return MPI_SUCCESS;
        }
    }
    if (in->n == in->cap) {
        int cap = in->cap ? in->cap * 2 : 8;
        info_ent_t *e = realloc(in->ents, (size_t)cap * sizeof(*e));
        if (e == NULL)
            return MPI_ERR_NO_MEM;
        in->ents = e;
        in->cap = cap;
    }
    char *k = strdup(key), *v = strdup(val);
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        return MPI_ERR_NO_MEM;
    }
    in->ents[in->n++] = (info_ent_t){k, v};
    return MPI_SUCCESS;
}

/* Fills MPI_INFO_ENV once: the keys the standard names that ompi-lite knows. */
static void info_env_fill(void)
{
    if (info_env.n > 0 || !oml_global.up)
        return;
    char buf[4096];
    snprintf(buf, sizeof(buf), "%d", oml_rt_job.size);
    info_put(&info_env, "maxprocs", buf);
    info_put(&info_env, "host", oml_rt_job.hostname);
    if (getcwd(buf, sizeof(buf)) != NULL)
        info_put(&info_env, "wdir", buf);
    info_put(&info_env, "thread_level",
             oml_global.thread_level == MPI_THREAD_MULTIPLE     ? "MPI_THREAD_MULTIPLE"
             : oml_global.thread_level == MPI_THREAD_SERIALIZED ? "MPI_THREAD_SERIALIZED"
             : oml_global.thread_level == MPI_THREAD_FUNNELED   ? "MPI_THREAD_FUNNELED"
                                                                : "MPI_THREAD_SINGLE");
}

static oml_info_t *info_get(MPI_Info info)
{
    if (info == MPI_INFO_ENV) {
        info_env_fill();
        return &info_env;
    }
    if ((uintptr_t)info < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_info_t *in = (oml_info_t *)info;
    return in->magic == INFO_MAGIC ? in : NULL;
}

bool oml_info_valid(MPI_Info info)
{
    return info == MPI_INFO_NULL || info_get(info) != NULL;
}

static int info_check(const char *fn, MPI_Info info, oml_info_t **in_p, bool writable)
{
    *in_p = info_get(info);
    if (*in_p == NULL)
        return oml_error(NULL, MPI_ERR_INFO, fn, "invalid info object%s",
                         info == MPI_INFO_NULL ? " (MPI_INFO_NULL)" : "");
    if (writable && *in_p == &info_env)
        return oml_error(NULL, MPI_ERR_INFO, fn, "MPI_INFO_ENV is read-only");
    return MPI_SUCCESS;
}

static int info_check_key(const char *fn, const char *key)
{
    if (key == NULL || key[0] == '\0' || strlen(key) >= MPI_MAX_INFO_KEY)
        return oml_error(NULL, MPI_ERR_INFO_KEY, fn,
                         "the key is NULL, empty or longer than MPI_MAX_INFO_KEY - 1 (%d)",
                         MPI_MAX_INFO_KEY - 1);
    return MPI_SUCCESS;
}

static const char *info_find(const oml_info_t *in, const char *key)
{
    for (int i = 0; i < in->n; i++) {
        if (strcmp(in->ents[i].key, key) == 0)
            return in->ents[i].val;
    }
    return NULL;
}

OML_API int PMPI_Info_create(MPI_Info *info)
{
    if (info == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Info_create", "info is NULL");
    oml_info_t *in = calloc(1, sizeof(*in));
    if (in == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, "MPI_Info_create", "out of memory");
    in->magic = INFO_MAGIC;
    *info = (MPI_Info)in;
    return MPI_SUCCESS;
}
OML_ALIAS(Info_create)

OML_API int PMPI_Info_set(MPI_Info info, const char *key, const char *value)
{
    static const char fn[] = "MPI_Info_set";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, true);
    if (rc == MPI_SUCCESS)
        rc = info_check_key(fn, key);
    if (rc != MPI_SUCCESS)
        return rc;
    if (value == NULL || strlen(value) >= MPI_MAX_INFO_VAL)
        return oml_error(NULL, MPI_ERR_INFO_VALUE, fn,
                         "the value is NULL or longer than MPI_MAX_INFO_VAL - 1 (%d)",
                         MPI_MAX_INFO_VAL - 1);
    if ((rc = info_put(in, key, value)) != MPI_SUCCESS)
        return oml_error(NULL, rc, fn, "out of memory");
    return MPI_SUCCESS;
}
OML_ALIAS(Info_set)

OML_API int PMPI_Info_get(MPI_Info info, const char *key, int valuelen, char *value, int *flag)
{
    static const char fn[] = "MPI_Info_get";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, false);
    if (rc == MPI_SUCCESS)
        rc = info_check_key(fn, key);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL || valuelen < 0 || (valuelen > 0 && value == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "flag or value is NULL, or valuelen < 0");
    const char *v = info_find(in, key);
    *flag = v != NULL;
    if (v != NULL) {
        /* valuelen excludes the terminating NUL, which value has room for */
        size_t n = strlen(v) < (size_t)valuelen ? strlen(v) : (size_t)valuelen;
        memcpy(value, v, n);
        value[n] = '\0';
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Info_get)

OML_API int PMPI_Info_get_string(MPI_Info info, const char *key, int *buflen, char *value,
                                 int *flag)
{
    static const char fn[] = "MPI_Info_get_string";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, false);
    if (rc == MPI_SUCCESS)
        rc = info_check_key(fn, key);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL || buflen == NULL || *buflen < 0 || (*buflen > 0 && value == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "flag, buflen or value is NULL or buflen < 0");
    const char *v = info_find(in, key);
    *flag = v != NULL;
    if (v == NULL)
        return MPI_SUCCESS;
    int need = (int)strlen(v) + 1;
    if (*buflen > 0) {
        size_t n = (size_t)(need < *buflen ? need : *buflen) - 1;
        memcpy(value, v, n);
        value[n] = '\0';
    }
    *buflen = need;
    return MPI_SUCCESS;
}
OML_ALIAS(Info_get_string)

OML_API int PMPI_Info_get_valuelen(MPI_Info info, const char *key, int *valuelen, int *flag)
{
    static const char fn[] = "MPI_Info_get_valuelen";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, false);
    if (rc == MPI_SUCCESS)
        rc = info_check_key(fn, key);
    if (rc != MPI_SUCCESS)
        return rc;
    if (valuelen == NULL || flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "valuelen or flag is NULL");
    const char *v = info_find(in, key);
    *flag = v != NULL;
    if (v != NULL)
        *valuelen = (int)strlen(v);
    return MPI_SUCCESS;
}
OML_ALIAS(Info_get_valuelen)

OML_API int PMPI_Info_delete(MPI_Info info, const char *key)
{
    static const char fn[] = "MPI_Info_delete";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, true);
    if (rc == MPI_SUCCESS)
        rc = info_check_key(fn, key);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int i = 0; i < in->n; i++) {
        if (strcmp(in->ents[i].key, key) == 0) {
            free(in->ents[i].key);
            free(in->ents[i].val);
            memmove(&in->ents[i], &in->ents[i + 1], (size_t)(in->n - i - 1) * sizeof(*in->ents));
            in->n--;
            return MPI_SUCCESS;
        }
    }
    return oml_error(NULL, MPI_ERR_INFO_NOKEY, fn, "the key '%s' is not set", key);
}
OML_ALIAS(Info_delete)

OML_API int PMPI_Info_dup(MPI_Info info, MPI_Info *newinfo)
{
    static const char fn[] = "MPI_Info_dup";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, false);
    if (rc != MPI_SUCCESS)
        return rc;
    if ((rc = PMPI_Info_create(newinfo)) != MPI_SUCCESS)
        return rc;
    oml_info_t *out = (oml_info_t *)*newinfo;
    for (int i = 0; i < in->n; i++) {
        if (info_put(out, in->ents[i].key, in->ents[i].val) != MPI_SUCCESS) {
            PMPI_Info_free(newinfo);
            return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
        }
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Info_dup)

OML_API int PMPI_Info_free(MPI_Info *info)
{
    static const char fn[] = "MPI_Info_free";
    oml_info_t *in;
    if (info == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "info is NULL");
    int rc = info_check(fn, *info, &in, true);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int i = 0; i < in->n; i++) {
        free(in->ents[i].key);
        free(in->ents[i].val);
    }
    free(in->ents);
    in->magic = 0;
    free(in);
    *info = MPI_INFO_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Info_free)

OML_API int PMPI_Info_get_nkeys(MPI_Info info, int *nkeys)
{
    oml_info_t *in;
    int rc = info_check("MPI_Info_get_nkeys", info, &in, false);
    if (rc != MPI_SUCCESS)
        return rc;
    if (nkeys == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Info_get_nkeys", "nkeys is NULL");
    *nkeys = in->n;
    return MPI_SUCCESS;
}
OML_ALIAS(Info_get_nkeys)

OML_API int PMPI_Info_get_nthkey(MPI_Info info, int n, char *key)
{
    static const char fn[] = "MPI_Info_get_nthkey";
    oml_info_t *in;
    int rc = info_check(fn, info, &in, false);
    if (rc != MPI_SUCCESS)
        return rc;
    if (key == NULL || n < 0 || n >= in->n)
        return oml_error(NULL, MPI_ERR_ARG, fn, "n is %d but the object has %d keys", n, in->n);
    snprintf(key, MPI_MAX_INFO_KEY, "%s", in->ents[n].key);
    return MPI_SUCCESS;
}
OML_ALIAS(Info_get_nthkey)

OML_API int PMPI_Info_create_env(int argc, char *argv[], MPI_Info *info)
{
    static const char fn[] = "MPI_Info_create_env";
    if (info == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "info is NULL");
    if (argc < 0 || (argc > 0 && argv == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "argc is %d with argv %s", argc,
                         argv == NULL ? "NULL" : "given");
    int rc = PMPI_Info_create(info);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_info_t *out = (oml_info_t *)*info;
    rc = MPI_SUCCESS;
    if (argc > 0 && argv[0] != NULL)
        rc = info_put(out, "command", argv[0]);
    /* the arguments after the command, separated by blanks */
    size_t len = 1;
    for (int i = 1; i < argc && argv[i] != NULL; i++)
        len += strlen(argv[i]) + 1;
    char *args = malloc(len);
    if (args == NULL)
        rc = MPI_ERR_NO_MEM;
    else if (rc == MPI_SUCCESS && argc > 1) {
        args[0] = '\0';
        for (int i = 1; i < argc && argv[i] != NULL; i++) {
            if (i > 1)
                strcat(args, " ");
            strcat(args, argv[i]);
        }
        rc = info_put(out, "argv", args);
    }
    free(args);
    /*
     * The keys known before MPI_Init as after it, so that the answer does not depend on when
     * it is asked (maxprocs and thread_level come with MPI_Init: MPI_INFO_ENV has them).
     */
    char buf[4096];
    if (rc == MPI_SUCCESS && gethostname(buf, sizeof(buf)) == 0)
        rc = info_put(out, "host", buf);
    if (rc == MPI_SUCCESS && getcwd(buf, sizeof(buf)) != NULL)
        rc = info_put(out, "wdir", buf);
    if (rc != MPI_SUCCESS) {
        PMPI_Info_free(info);
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Info_create_env)
