/*
 * mpirun/hosts.c: host lists in Open MPI's formats (hostfile lines and -H lists), and the
 * text form of a node's topology that a daemon sends in its hello.
 */
#include "mpirun/map.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static oml_run_host_t *hosts_find(oml_run_hosts_t *hosts, const char *name)
{
    for (int i = 0; i < hosts->n; i++) {
        if (strcmp(hosts->v[i].name, name) == 0)
            return &hosts->v[i];
    }
    return NULL;
}

/* The host named dest ("user@name" or "name"), added if new. */
static oml_run_host_t *hosts_get(oml_run_hosts_t *hosts, const char *dest)
{
    const char *at = strchr(dest, '@');
    const char *name = at != NULL ? at + 1 : dest;
    oml_run_host_t *h = hosts_find(hosts, name);
    if (h != NULL)
        return h;
    oml_run_host_t *v = realloc(hosts->v, sizeof(*v) * (size_t)(hosts->n + 1));
    if (v == NULL)
        return NULL;
    hosts->v = v;
    h = &v[hosts->n++];
    memset(h, 0, sizeof(*h));
    h->name = strdup(name);
    h->dest = strdup(dest);
    h->slots = -1;
    return h;
}

static bool hosts_name_ok(const char *s)
{
    if (*s == '\0' || *s == '@')
        return false;
    for (; *s != '\0'; s++) {
        if (!isalnum((unsigned char)*s) && strchr(".-_:@[]", *s) == NULL)
            return false;
    }
    return true;
}

static int hosts_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

int oml_run_hostfile_line(const char *line, const char *file, int lineno, oml_run_hosts_t *hosts,
                          char *err, size_t errlen)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", line);
    char *hash = strchr(buf, '#');
    if (hash != NULL)
        *hash = '\0';
    char *save = NULL, *tok = strtok_r(buf, " \t\r", &save);
    if (tok == NULL)
        return 0; /* blank or comment */
    if (tok[0] == '^') {
        snprintf(err, errlen,
                 "%s:%d: excluding hosts ('%s') is not supported; remove the line instead", file,
                 lineno, tok);
        return -1;
    }
    if (!hosts_name_ok(tok) || strchr(tok, '=') != NULL) {
        snprintf(err, errlen,
                 "%s:%d: '%s' is not a host name; a line is 'host [slots=N] [max_slots=M]'", file,
                 lineno, tok);
        return -1;
    }
    int slots = -1, max_slots = -1;
    for (char *kv = strtok_r(NULL, " \t\r", &save); kv != NULL;
         kv = strtok_r(NULL, " \t\r", &save)) {
        char *sep = strpbrk(kv, "=:");
        int v;
        if (sep == NULL || hosts_int(sep + 1, &v) != 0) {
            snprintf(err, errlen,
                     "%s:%d: cannot read '%s'; a line is 'host [slots=N] [max_slots=M]' with N "
                     "and M non-negative integers",
                     file, lineno, kv);
            return -1;
        }
        size_t klen = (size_t)(sep - kv);
        if ((klen == 5 && strncmp(kv, "slots", 5) == 0) ||
            (klen == 5 && strncmp(kv, "count", 5) == 0) ||
            (klen == 3 && strncmp(kv, "cpu", 3) == 0))
            slots = (slots < 0 ? 0 : slots) + v;
        else if (klen == 9 &&
                 (strncmp(kv, "max_slots", 9) == 0 || strncmp(kv, "max-slots", 9) == 0))
            max_slots = v;
        else {
            snprintf(err, errlen,
                     "%s:%d: unknown keyword '%.*s'; known are slots= and max_slots=", file, lineno,
                     (int)klen, kv);
            return -1;
        }
    }
    if (slots >= 0 && max_slots >= 0 && max_slots < slots) {
        snprintf(err, errlen, "%s:%d: max_slots=%d is less than slots=%d", file, lineno, max_slots,
                 slots);
        return -1;
    }
    oml_run_host_t *h = hosts_get(hosts, tok);
    if (h == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (slots < 0 && max_slots >= 0)
        slots = max_slots; /* Open MPI: max_slots alone gives that many slots */
    if (slots >= 0) {
        h->slots = (h->slots_given ? h->slots : 0) + slots;
        h->slots_given = true;
    }
    if (max_slots >= 0)
        h->max_slots = max_slots;
    return 0;
}

int oml_run_hostfile_parse(const char *path, oml_run_hosts_t *hosts, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "cannot open hostfile %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int lineno = 0, rc = 0, before = hosts->n;
    while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            snprintf(err, errlen, "%s:%d: line longer than %zu characters", path, lineno,
                     sizeof(line) - 2);
            rc = -1;
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        rc = oml_run_hostfile_line(line, path, lineno, hosts, err, errlen);
    }
    fclose(f);
    if (rc == 0 && hosts->n == before) {
        snprintf(err, errlen, "hostfile %s names no host", path);
        rc = -1;
    }
    return rc;
}

int oml_run_hostlist_parse(const char *arg, oml_run_hosts_t *hosts, char *err, size_t errlen)
{
    char *copy = strdup(arg), *save = NULL;
    int rc = 0;
    if (*arg == '\0') {
        snprintf(err, errlen, "-H needs a list of hosts: a,b:4");
        rc = -1;
    }
    for (char *tok = strtok_r(copy, ",", &save); rc == 0 && tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        int slots = 1;
        char *colon = strrchr(tok, ':');
        if (colon != NULL && colon[1] != '\0' &&
            strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
            if (hosts_int(colon + 1, &slots) != 0 || slots == 0) {
                snprintf(err, errlen, "-H %s: '%s' needs a slot count of 1 or more", arg, tok);
                rc = -1;
                break;
            }
            *colon = '\0';
        }
        if (!hosts_name_ok(tok)) {
            snprintf(err, errlen, "-H %s: '%s' is not a host name", arg, tok);
            rc = -1;
            break;
        }
        oml_run_host_t *h = hosts_get(hosts, tok);
        h->slots = (h->slots_given ? h->slots : 0) + slots;
        h->slots_given = true;
    }
    free(copy);
    return rc;
}

void oml_run_topo_free(oml_run_topo_t *topo)
{
    for (int c = 0; c < topo->ncores; c++)
        free(topo->cores[c].pus);
    free(topo->cores);
    memset(topo, 0, sizeof(*topo));
}

void oml_run_hosts_free(oml_run_hosts_t *hosts)
{
    for (int i = 0; i < hosts->n; i++) {
        free(hosts->v[i].name);
        free(hosts->v[i].dest);
        oml_run_topo_free(&hosts->v[i].topo);
    }
    free(hosts->v);
    hosts->v = NULL;
    hosts->n = 0;
}

char *oml_run_topo_encode(const oml_run_topo_t *topo)
{
    size_t cap = 64, len = 0;
    for (int c = 0; c < topo->ncores; c++)
        cap += 32 + (size_t)topo->cores[c].npus * 12;
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    len += (size_t)snprintf(s, cap, "%d %d %d", topo->ncores, topo->npkgs, topo->nnumas);
    for (int c = 0; c < topo->ncores; c++) {
        const oml_run_core_t *k = &topo->cores[c];
        len += (size_t)snprintf(s + len, cap - len, ";%d %d ", k->pkg, k->numa);
        for (int p = 0; p < k->npus; p++)
            len += (size_t)snprintf(s + len, cap - len, p ? ",%d" : "%d", k->pus[p]);
    }
    return s;
}

int oml_run_topo_decode(const char *text, oml_run_topo_t *topo)
{
    memset(topo, 0, sizeof(*topo));
    int n = 0;
    if (sscanf(text, "%d %d %d%n", &topo->ncores, &topo->npkgs, &topo->nnumas, &n) != 3 ||
        topo->ncores <= 0 || topo->ncores > OML_RUN_MAX_PUS || topo->npkgs <= 0 ||
        topo->nnumas <= 0)
        return -1;
    topo->cores = calloc((size_t)topo->ncores, sizeof(oml_run_core_t));
    const char *p = text + n;
    for (int c = 0; c < topo->ncores; c++) {
        oml_run_core_t *k = &topo->cores[c];
        if (*p != ';' || sscanf(p + 1, "%d %d %n", &k->pkg, &k->numa, &n) != 2 || k->pkg < 0 ||
            k->pkg >= topo->npkgs || k->numa < 0 || k->numa >= topo->nnumas)
            goto fail;
        p += 1 + n;
        k->pus = calloc(OML_RUN_MAX_PUS, sizeof(int));
        while (k->npus < OML_RUN_MAX_PUS) {
            char *end;
            long pu = strtol(p, &end, 10);
            if (end == p || pu < 0 || pu >= OML_RUN_MAX_PUS)
                goto fail;
            k->pus[k->npus++] = (int)pu;
            p = end;
            if (*p != ',')
                break;
            p++;
        }
    }
    if (*p != '\0')
        goto fail;
    return 0;
fail:
    oml_run_topo_free(topo);
    return -1;
}
