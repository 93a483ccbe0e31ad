/*
 * mpirun/map.c: places ranks on hosts and cpus the way Open MPI 4.1's mpirun does.
 *
 * Three steps: how many ranks each host gets (by slot, by node, or N per object), which
 * object of the host each of its ranks belongs to (the k-th rank of a host goes to its k-th
 * core, or for ppr to the k/N-th package, NUMA node or core), and the rank numbers (in blocks
 * per host, or round robin across hosts with --rank-by node). The binding is the cpus of the
 * object named by --bind-to that contains the rank's core.
 */
#include "mpirun/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int oml_run_map_by_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", val);
    char *save = NULL, *tok = strtok_r(buf, ":", &save);
    if (tok == NULL)
        goto bad;
    if (strcasecmp(tok, "slot") == 0 || strcasecmp(tok, "core") == 0) {
        opts->policy = OML_RUN_MAP_SLOT; /* one rank per core in core order = by slot here */
    } else if (strcasecmp(tok, "node") == 0) {
        opts->policy = OML_RUN_MAP_NODE;
    } else if (strcasecmp(tok, "ppr") == 0) {
        char *n = strtok_r(NULL, ":", &save), *obj = strtok_r(NULL, ":", &save), *end;
        long v = n != NULL ? strtol(n, &end, 10) : 0;
        if (n == NULL || *end != '\0' || v < 1 || v > 1 << 20 || obj == NULL)
            goto bad;
        opts->policy = OML_RUN_MAP_PPR;
        opts->ppr_n = (int)v;
        if (strcasecmp(obj, "node") == 0)
            opts->ppr_obj = OML_RUN_OBJ_NODE;
        else if (strcasecmp(obj, "socket") == 0 || strcasecmp(obj, "package") == 0)
            opts->ppr_obj = OML_RUN_OBJ_PKG;
        else if (strcasecmp(obj, "numa") == 0)
            opts->ppr_obj = OML_RUN_OBJ_NUMA;
        else if (strcasecmp(obj, "core") == 0)
            opts->ppr_obj = OML_RUN_OBJ_CORE;
        else
            goto bad;
    } else {
        goto bad;
    }
    for (char *mod = strtok_r(NULL, ":,", &save); mod != NULL; mod = strtok_r(NULL, ":,", &save)) {
        if (strcasecmp(mod, "oversubscribe") == 0) {
            opts->oversubscribe = true;
        } else if (strcasecmp(mod, "nooversubscribe") == 0) {
            opts->oversubscribe = false;
        } else if (strncasecmp(mod, "PE=", 3) == 0) {
            char *end;
            long pe = strtol(mod + 3, &end, 10);
            if (mod[3] == '\0' || *end != '\0' || pe < 1 || pe > OML_RUN_MAX_PUS) {
                snprintf(err, errlen,
                         "--map-by %s: '%s' needs a number of cores per rank, 1 to %d (PE=4)", val,
                         mod, OML_RUN_MAX_PUS);
                return -1;
            }
            opts->pe = (int)pe;
        } else {
            snprintf(err, errlen,
                     "--map-by %s: modifier '%s' is not supported (known: PE=n, oversubscribe, "
                     "nooversubscribe)",
                     val, mod);
            return -1;
        }
    }
    return 0;
bad:
    snprintf(err, errlen,
             "--map-by %s is not understood; use slot, node, or ppr:N:node|socket|package|numa|"
             "core, optionally followed by :PE=n and :oversubscribe",
             val);
    return -1;
}

int oml_run_bind_to_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", val);
    char *mod = strchr(buf, ':');
    if (mod != NULL)
        *mod++ = '\0';
    if (strcasecmp(buf, "none") == 0)
        opts->bind = OML_RUN_BIND_NONE;
    else if (strcasecmp(buf, "core") == 0)
        opts->bind = OML_RUN_BIND_CORE;
    else if (strcasecmp(buf, "socket") == 0 || strcasecmp(buf, "package") == 0)
        opts->bind = OML_RUN_BIND_PKG;
    else if (strcasecmp(buf, "numa") == 0)
        opts->bind = OML_RUN_BIND_NUMA;
    else if (strcasecmp(buf, "hwthread") == 0)
        opts->bind = OML_RUN_BIND_HWT;
    else {
        snprintf(err, errlen,
                 "--bind-to %s is not understood; use core, socket, package, numa, hwthread "
                 "or none",
                 val);
        return -1;
    }
    if (mod != NULL) {
        if (strcasecmp(mod, "overload-allowed") != 0) {
            snprintf(err, errlen,
                     "--bind-to %s: modifier '%s' is not supported (known: overload-allowed)", val,
                     mod);
            return -1;
        }
        opts->overload_allowed = true;
    }
    return 0;
}

int oml_run_rank_by_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen)
{
    if (strcasecmp(val, "slot") == 0 || strcasecmp(val, "core") == 0 ||
        strcasecmp(val, "socket") == 0 || strcasecmp(val, "package") == 0)
        opts->rank_by = OML_RUN_RANK_SLOT;
    else if (strcasecmp(val, "node") == 0)
        opts->rank_by = OML_RUN_RANK_NODE;
    else {
        snprintf(err, errlen, "--rank-by %s is not understood; use slot or node", val);
        return -1;
    }
    return 0;
}

/* ---- objects of a topology ---- */

static int map_nobjs(const oml_run_topo_t *t, oml_run_obj_t obj)
{
    switch (obj) {
    case OML_RUN_OBJ_PKG:
        return t->npkgs;
    case OML_RUN_OBJ_NUMA:
        return t->nnumas;
    case OML_RUN_OBJ_CORE:
        return t->ncores;
    default:
        return 1;
    }
}

static int map_obj_of(const oml_run_core_t *k, oml_run_obj_t obj, int core)
{
    return obj == OML_RUN_OBJ_PKG ? k->pkg : obj == OML_RUN_OBJ_NUMA ? k->numa : core;
}

/* The j-th core (in logical order) that belongs to object idx of kind obj; -1 if none. */
static int map_core_in(const oml_run_topo_t *t, oml_run_obj_t obj, int idx, int j)
{
    if (obj == OML_RUN_OBJ_NODE)
        return t->ncores > 0 ? j % t->ncores : -1;
    int n = 0, first = -1;
    for (int c = 0; c < t->ncores; c++) {
        if (map_obj_of(&t->cores[c], obj, c) != idx)
            continue;
        if (first < 0)
            first = c;
        if (n++ == j)
            return c;
    }
    if (n == 0)
        return -1;
    return map_core_in(t, obj, idx, j % n); /* more ranks than cores in it: wrap */
}

/* Formats a set of os indexes as ranges: "0-3,8". */
static void map_format_cpus(const unsigned char *set, char *out, size_t outlen)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < OML_RUN_MAX_PUS && len < outlen; i++) {
        if (!set[i])
            continue;
        int j = i;
        while (j + 1 < OML_RUN_MAX_PUS && set[j + 1])
            j++;
        len += (size_t)snprintf(out + len, outlen - len, "%s%d", len ? "," : "", i);
        if (j > i && len < outlen)
            len += (size_t)snprintf(out + len, outlen - len, "-%d", j);
        i = j;
    }
}

/* The binding of a rank whose core is core: cpus of the bind object that contains it. */
static void map_bind_one(const oml_run_topo_t *t, oml_run_bind_t bind, int core, int nth_pu,
                         oml_run_place_t *pl)
{
    static unsigned char set[OML_RUN_MAX_PUS];
    memset(set, 0, sizeof(set));
    const oml_run_core_t *k = &t->cores[core];
    const char *kind = "core";
    int idx = core;
    if (bind == OML_RUN_BIND_HWT) {
        set[k->pus[nth_pu % k->npus]] = 1;
        kind = "hwthread";
        idx = k->pus[nth_pu % k->npus];
    } else {
        oml_run_obj_t obj = bind == OML_RUN_BIND_PKG    ? OML_RUN_OBJ_PKG
                            : bind == OML_RUN_BIND_NUMA ? OML_RUN_OBJ_NUMA
                                                        : OML_RUN_OBJ_CORE;
        idx = map_obj_of(k, obj, core);
        kind = obj == OML_RUN_OBJ_PKG ? "package" : obj == OML_RUN_OBJ_NUMA ? "numa" : "core";
        for (int c = 0; c < t->ncores; c++) {
            if (map_obj_of(&t->cores[c], obj, c) != idx)
                continue;
            for (int p = 0; p < t->cores[c].npus; p++)
                set[t->cores[c].pus[p]] = 1;
        }
    }
    map_format_cpus(set, pl->cpus, sizeof(pl->cpus));
    snprintf(pl->what, sizeof(pl->what), "%s %d", kind, idx);
}

/* The binding of a rank of PE=n: every hardware thread of its n cores; "cores 4-7". */
static void map_bind_cores(const oml_run_topo_t *t, const int *cores, int n, oml_run_place_t *pl)
{
    static unsigned char set[OML_RUN_MAX_PUS], idx[OML_RUN_MAX_PUS];
    memset(set, 0, sizeof(set));
    memset(idx, 0, sizeof(idx));
    for (int i = 0; i < n; i++) {
        idx[cores[i]] = 1;
        for (int p = 0; p < t->cores[cores[i]].npus; p++)
            set[t->cores[cores[i]].pus[p]] = 1;
    }
    map_format_cpus(set, pl->cpus, sizeof(pl->cpus));
    char list[48];
    map_format_cpus(idx, list, sizeof(list));
    snprintf(pl->what, sizeof(pl->what), "cores %s", list);
}

/* ---- the map ---- */

/* A host without slots= has as many slots as cores (Open MPI 4.1's rule for hostfiles). */
static int map_slots(const oml_run_host_t *h)
{
    return h->slots_given ? h->slots : h->topo.ncores;
}

static int map_pe(const oml_run_map_opts_t *o)
{
    return o->pe > 1 ? o->pe : 1;
}

/* Ranks a host's slots hold when the map fills slots: a rank of PE=n cores takes n of them. */
static int map_rank_slots(const oml_run_host_t *h, const oml_run_map_opts_t *o)
{
    return map_slots(h) / map_pe(o);
}

static int map_counts(const oml_run_hosts_t *hosts, oml_run_map_opts_t *o, int *count, char *err,
                      size_t errlen)
{
    int nh = hosts->n;
    long total_slots = 0, cap = 0;
    for (int h = 0; h < nh; h++)
        total_slots += map_rank_slots(&hosts->v[h], o);

    if (o->policy == OML_RUN_MAP_PPR) {
        for (int h = 0; h < nh; h++)
            cap += (long)o->ppr_n * map_nobjs(&hosts->v[h].topo, o->ppr_obj);
        if (o->np == 0)
            o->np = (int)cap;
        if (o->np > cap) {
            snprintf(err, errlen,
                     "--map-by ppr:%d:%s places at most %ld ranks on %d host%s, but --np %d asks "
                     "for more; lower --np or raise N",
                     o->ppr_n,
                     o->ppr_obj == OML_RUN_OBJ_NODE   ? "node"
                     : o->ppr_obj == OML_RUN_OBJ_PKG  ? "socket"
                     : o->ppr_obj == OML_RUN_OBJ_NUMA ? "numa"
                                                      : "core",
                     cap, nh, nh == 1 ? "" : "s", o->np);
            return -1;
        }
        int left = o->np;
        for (int h = 0; h < nh; h++) {
            int want = o->ppr_n * map_nobjs(&hosts->v[h].topo, o->ppr_obj);
            count[h] = want < left ? want : left;
            left -= count[h];
            const oml_run_host_t *hp = &hosts->v[h];
            if (count[h] > map_slots(hp) && !o->oversubscribe) {
                snprintf(err, errlen,
                         "--map-by ppr:%d puts %d ranks on host %s, which has %d slot%s; add "
                         "--oversubscribe or give the host more slots",
                         o->ppr_n, count[h], hp->name, map_slots(hp),
                         map_slots(hp) == 1 ? "" : "s");
                return -1;
            }
        }
    } else {
        if (o->np == 0)
            o->np = (int)total_slots;
        if (o->np == 0) {
            snprintf(err, errlen, "the hosts have no %s; give --np or slots=N",
                     map_pe(o) > 1 ? "room for a rank of PE cores" : "slots");
            return -1;
        }
        if (o->np > total_slots && !o->oversubscribe) {
            if (map_pe(o) > 1)
                snprintf(err, errlen,
                         "%d ranks requested but with PE=%d (%d slots per rank) the %d host%s "
                         "hold%s %ld; lower --np or PE, add slots to the hostfile, or add "
                         "--oversubscribe",
                         o->np, map_pe(o), map_pe(o), nh, nh == 1 ? "" : "s", nh == 1 ? "s" : "",
                         total_slots);
            else
                snprintf(err, errlen,
                         "%d ranks requested but the %d host%s %s %ld slot%s in all; lower --np, "
                         "add slots to the hostfile, or add --oversubscribe",
                         o->np, nh, nh == 1 ? "" : "s", nh == 1 ? "has" : "have", total_slots,
                         total_slots == 1 ? "" : "s");
            return -1;
        }
        int left = o->np;
        if (o->policy == OML_RUN_MAP_SLOT) {
            for (int h = 0; h < nh && left > 0; h++) {
                int room = map_rank_slots(&hosts->v[h], o);
                int n = room < left ? room : left;
                count[h] = n;
                left -= n;
            }
        } else {
            for (bool moved = true; left > 0 && moved;) {
                moved = false;
                for (int h = 0; h < nh && left > 0; h++) {
                    if (count[h] < map_rank_slots(&hosts->v[h], o)) {
                        count[h]++;
                        left--;
                        moved = true;
                    }
                }
            }
        }
        /* Oversubscribed: one more rank per host in turn, never past max_slots. */
        for (bool moved = true; left > 0 && moved;) {
            moved = false;
            for (int h = 0; h < nh && left > 0; h++) {
                int max = hosts->v[h].max_slots;
                if (max == 0 || count[h] < max) {
                    count[h]++;
                    left--;
                    moved = true;
                }
            }
        }
        if (left > 0) {
            snprintf(err, errlen,
                     "%d ranks requested but max_slots of the hosts allows only %d; lower --np "
                     "or raise max_slots",
                     o->np, o->np - left);
            return -1;
        }
    }
    for (int h = 0; h < nh; h++) {
        int max = hosts->v[h].max_slots;
        if (max > 0 && count[h] > max) {
            snprintf(err, errlen, "%d ranks would run on host %s, more than its max_slots=%d",
                     count[h], hosts->v[h].name, max);
            return -1;
        }
    }
    return 0;
}

static oml_run_bind_t map_default_bind(const oml_run_hosts_t *hosts, const oml_run_map_opts_t *o,
                                       const int *count)
{
    for (int h = 0; h < hosts->n; h++) {
        if (count[h] > hosts->v[h].topo.ncores)
            return OML_RUN_BIND_NONE; /* oversubscribed: let the kernel spread them */
    }
    if (o->policy == OML_RUN_MAP_PPR && o->ppr_obj != OML_RUN_OBJ_NODE)
        return o->ppr_obj == OML_RUN_OBJ_CORE   ? OML_RUN_BIND_CORE
               : o->ppr_obj == OML_RUN_OBJ_NUMA ? OML_RUN_BIND_NUMA
                                                : OML_RUN_BIND_PKG;
    return o->np <= 2 ? OML_RUN_BIND_CORE : OML_RUN_BIND_PKG;
}

/*
 * PE=n: local rank l takes the n cores after those of the ranks before it in its object (the
 * node, or for ppr:N:obj its object's cores from (l mod N) * n on). Two ranks on one core is an
 * error with the numbers, unless --bind-to core:overload-allowed (then they wrap around).
 */
static int map_pe_cores(const oml_run_hosts_t *hosts, const oml_run_map_opts_t *o,
                        oml_run_place_t *pl, char *err, size_t errlen)
{
    int pe = map_pe(o), *cores = malloc((size_t)pe * sizeof(int));
    unsigned char **used = calloc((size_t)hosts->n, sizeof(*used));
    int rc = cores != NULL && used != NULL ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    for (int r = 0; r < o->np && rc == 0; r++) {
        int h = pl[r].host, l = pl[r].local_rank;
        const oml_run_topo_t *t = &hosts->v[h].topo;
        if (t->ncores == 0)
            continue;
        if (used[h] == NULL && (used[h] = calloc((size_t)t->ncores, 1)) == NULL) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        /* the object whose cores the rank takes (the node unless ppr:N:obj), and its place there */
        oml_run_obj_t obj = o->policy == OML_RUN_MAP_PPR ? o->ppr_obj : OML_RUN_OBJ_NODE;
        bool node = obj == OML_RUN_OBJ_NODE;
        int objidx = node ? 0 : l / o->ppr_n, first = (node ? l : l % o->ppr_n) * pe, avail = 0;
        for (int c = 0; c < t->ncores; c++)
            avail += node || map_obj_of(&t->cores[c], obj, c) == objidx;
        for (int i = 0; i < pe; i++) {
            cores[i] = map_core_in(t, obj, objidx, first + i);
            if (cores[i] < 0 ||
                ((first + i >= avail || used[h][cores[i]]) && !o->overload_allowed)) {
                char where[32] = "the host";
                if (obj == OML_RUN_OBJ_PKG || obj == OML_RUN_OBJ_NUMA)
                    snprintf(where, sizeof(where), "its %s %d",
                             obj == OML_RUN_OBJ_PKG ? "socket" : "NUMA node", objidx);
                snprintf(err, errlen,
                         "--map-by ...:PE=%d: rank %d on host %s needs cores %d-%d of %s, which "
                         "has %d core%s; lower --np or PE, or add :overload-allowed to --bind-to "
                         "core",
                         pe, r, hosts->v[h].name, first, first + pe - 1, where, avail,
                         avail == 1 ? "" : "s");
                rc = -1;
                break;
            }
            used[h][cores[i]] = 1;
        }
        if (rc == 0)
            map_bind_cores(t, cores, pe, &pl[r]);
    }
    for (int h = 0; used != NULL && h < hosts->n; h++)
        free(used[h]);
    free(used);
    free(cores);
    return rc;
}

int oml_run_map(const oml_run_hosts_t *hosts, oml_run_map_opts_t *o, oml_run_place_t **places_p,
                int **counts_p, char *err, size_t errlen)
{
    int nh = hosts->n;
    int *count = calloc((size_t)nh, sizeof(int));
    if (count == NULL || map_counts(hosts, o, count, err, errlen) != 0) {
        free(count);
        return -1;
    }
    int pe = map_pe(o);
    oml_run_bind_t bind = o->bind != OML_RUN_BIND_DEFAULT ? o->bind
                          : pe > 1                        ? OML_RUN_BIND_CORE
                                                          : map_default_bind(hosts, o, count);
    if (pe > 1 && bind != OML_RUN_BIND_CORE && bind != OML_RUN_BIND_NONE) {
        snprintf(err, errlen,
                 "--map-by ...:PE=%d binds each rank to %d cores; it goes with --bind-to core "
                 "(the default) or none, not %s",
                 pe, pe,
                 bind == OML_RUN_BIND_HWT   ? "hwthread"
                 : bind == OML_RUN_BIND_PKG ? "socket"
                                            : "numa");
        free(count);
        return -1;
    }
    if (pe == 1 && (bind == OML_RUN_BIND_CORE || bind == OML_RUN_BIND_HWT)) {
        for (int h = 0; h < nh && !o->overload_allowed; h++) {
            const oml_run_topo_t *t = &hosts->v[h].topo;
            int units = t->ncores;
            if (bind == OML_RUN_BIND_HWT) {
                units = 0;
                for (int c = 0; c < t->ncores; c++)
                    units += t->cores[c].npus;
            }
            bool ppr_core = o->policy == OML_RUN_MAP_PPR && o->ppr_obj == OML_RUN_OBJ_CORE;
            if (count[h] > units && !ppr_core) {
                snprintf(err, errlen,
                         "--bind-to %s cannot be satisfied: %d ranks on host %s, which has %d "
                         "%s%s; use --bind-to none, --bind-to %s:overload-allowed, or fewer "
                         "ranks per host",
                         bind == OML_RUN_BIND_HWT ? "hwthread" : "core", count[h], hosts->v[h].name,
                         units, bind == OML_RUN_BIND_HWT ? "hwthread" : "core",
                         units == 1 ? "" : "s", bind == OML_RUN_BIND_HWT ? "hwthread" : "core");
                free(count);
                return -1;
            }
        }
    }

    oml_run_place_t *pl = calloc((size_t)o->np, sizeof(*pl));
    int *next = calloc((size_t)nh, sizeof(int)); /* rank-by node: next local rank to number */
    if (pl == NULL || next == NULL) {
        free(pl), free(next), free(count);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    oml_run_rank_by_t rank_by = o->rank_by;
    if (rank_by == OML_RUN_RANK_DEFAULT)
        rank_by = o->policy == OML_RUN_MAP_NODE ? OML_RUN_RANK_NODE : OML_RUN_RANK_SLOT;
    if (rank_by == OML_RUN_RANK_SLOT) {
        for (int h = 0, r = 0; h < nh; h++) {
            for (int l = 0; l < count[h]; l++, r++) {
                pl[r].host = h;
                pl[r].local_rank = l;
            }
        }
    } else {
        for (int r = 0; r < o->np;) {
            for (int h = 0; h < nh && r < o->np; h++) {
                if (next[h] < count[h]) {
                    pl[r].host = h;
                    pl[r].local_rank = next[h]++;
                    r++;
                }
            }
        }
    }
    if (pe > 1 && bind == OML_RUN_BIND_CORE && map_pe_cores(hosts, o, pl, err, errlen) != 0) {
        free(pl), free(next), free(count);
        return -1;
    }
    for (int r = 0; r < o->np && pe == 1; r++) {
        const oml_run_topo_t *t = &hosts->v[pl[r].host].topo;
        int l = pl[r].local_rank, core;
        if (o->policy == OML_RUN_MAP_PPR)
            core = map_core_in(t, o->ppr_obj, l / o->ppr_n,
                               o->ppr_obj == OML_RUN_OBJ_NODE ? l : l % o->ppr_n);
        else
            core = t->ncores > 0 ? l % t->ncores : -1;
        if (bind != OML_RUN_BIND_NONE && core >= 0)
            map_bind_one(t, bind, core, l / (t->ncores > 0 ? t->ncores : 1), &pl[r]);
    }
    free(next);
    *places_p = pl;
    *counts_p = count;
    return 0;
}
