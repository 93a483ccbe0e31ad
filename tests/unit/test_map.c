/*
 * Unit tests of the launcher's pure logic: hostfile and -H parsing, topology text, and the map
 * of ranks to hosts and cpus on synthetic topologies. Links mpirun/hosts.c and mpirun/map.c.
 */
#include "mpirun/map.h"
#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* pkgs packages of cores cores each, threads hardware threads per core (os index of thread t
   of core c is c + t * total cores, as Linux numbers them), one NUMA node per package. */
static void make_topo(oml_run_topo_t *t, int pkgs, int cores, int threads)
{
    t->npkgs = pkgs;
    t->nnumas = pkgs;
    t->ncores = pkgs * cores;
    t->cores = calloc((size_t)t->ncores, sizeof(oml_run_core_t));
    for (int c = 0; c < t->ncores; c++) {
        t->cores[c].pkg = c / cores;
        t->cores[c].numa = c / cores;
        t->cores[c].npus = threads;
        t->cores[c].pus = calloc((size_t)threads, sizeof(int));
        for (int k = 0; k < threads; k++)
            t->cores[c].pus[k] = c + k * t->ncores;
    }
}

static int line(oml_run_hosts_t *h, const char *text, char *err)
{
    return oml_run_hostfile_line(text, "hf", 7, h, err, 256);
}

static void test_hostfile(void)
{
    oml_run_hosts_t h = {0};
    char err[256];
    CHECK(line(&h, "", err) == 0 && h.n == 0);
    CHECK(line(&h, "   # a comment", err) == 0 && h.n == 0);
    CHECK(line(&h, "node1", err) == 0 && h.n == 1 && !h.v[0].slots_given);
    CHECK(line(&h, "node2 slots=4 max_slots=8  # two sockets", err) == 0 && h.n == 2);
    CHECK(h.v[1].slots == 4 && h.v[1].slots_given && h.v[1].max_slots == 8);
    CHECK(line(&h, "node2 slots=2", err) == 0 && h.n == 2 && h.v[1].slots == 6);
    CHECK(line(&h, "root@node3 max_slots=3", err) == 0 && h.n == 3);
    CHECK(strcmp(h.v[2].name, "node3") == 0 && strcmp(h.v[2].dest, "root@node3") == 0);
    CHECK(h.v[2].slots == 3 && h.v[2].max_slots == 3);
    CHECK(line(&h, "node4\tslots:2", err) == 0 && h.v[3].slots == 2);
    CHECK(line(&h, "node1 slots=2", err) == 0 && h.n == 4 && h.v[0].slots == 2);

    CHECK(line(&h, "node5 slots=x", err) != 0 && strstr(err, "hf:7") != NULL &&
          strstr(err, "slots=x") != NULL);
    CHECK(line(&h, "node5 sluts=2", err) != 0 && strstr(err, "sluts") != NULL);
    CHECK(line(&h, "node5 slots=-1", err) != 0);
    CHECK(line(&h, "node5 slots=4 max_slots=2", err) != 0 && strstr(err, "max_slots") != NULL);
    CHECK(line(&h, "no/de", err) != 0 && strstr(err, "not a host name") != NULL);
    CHECK(line(&h, "^node1", err) != 0);
    CHECK(h.n == 4);
    oml_run_hosts_free(&h);

    char path[] = "/tmp/oml-test-hf-XXXXXX";
    int fd = mkstemp(path);
    const char *text = "# cluster\n\nnodeA slots=2\nnodeB\nnodeA\nnodeC slots=two\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    CHECK(oml_run_hostfile_parse(path, &h, err, sizeof(err)) != 0);
    char want[300];
    snprintf(want, sizeof(want), "%s:6:", path);
    CHECK(strstr(err, want) != NULL);
    oml_run_hosts_free(&h);
    FILE *f = fopen(path, "w");
    fputs("# only comments\n\n", f);
    fclose(f);
    CHECK(oml_run_hostfile_parse(path, &h, err, sizeof(err)) != 0 &&
          strstr(err, "names no host") != NULL);
    unlink(path);
    CHECK(oml_run_hostfile_parse(path, &h, err, sizeof(err)) != 0 &&
          strstr(err, "cannot open") != NULL);
    oml_run_hosts_free(&h);

    CHECK(oml_run_hostlist_parse("a,b:4,a", &h, err, sizeof(err)) == 0 && h.n == 2);
    CHECK(h.v[0].slots == 2 && h.v[1].slots == 4);
    CHECK(oml_run_hostlist_parse("c:0", &h, err, sizeof(err)) != 0);
    CHECK(oml_run_hostlist_parse("", &h, err, sizeof(err)) != 0);
    oml_run_hosts_free(&h);
}

static void test_topo_text(void)
{
    oml_run_topo_t t, u;
    make_topo(&t, 2, 3, 2);
    char *s = oml_run_topo_encode(&t);
    CHECK(oml_run_topo_decode(s, &u) == 0);
    CHECK(u.ncores == 6 && u.npkgs == 2 && u.nnumas == 2);
    CHECK(u.cores[4].pkg == 1 && u.cores[4].npus == 2 && u.cores[4].pus[1] == 10);
    char *s2 = oml_run_topo_encode(&u);
    CHECK(strcmp(s, s2) == 0);
    free(s), free(s2);
    oml_run_topo_free(&u);
    CHECK(oml_run_topo_decode("2 1 1;0 0 0", &u) != 0);       /* one core missing */
    CHECK(oml_run_topo_decode("1 1 1;0 0 0;0 0 1", &u) != 0); /* one too many */
    CHECK(oml_run_topo_decode("1 1 1;3 0 0", &u) != 0);       /* package out of range */
    oml_run_topo_free(&t);
}

/* n hosts named h0.., each with the same topology; slots -1 = not given. */
static void make_hosts(oml_run_hosts_t *h, int n, int slots, int pkgs, int cores, int threads)
{
    char name[16];
    memset(h, 0, sizeof(*h));
    for (int i = 0; i < n; i++) {
        char err[64];
        if (slots > 0)
            snprintf(name, sizeof(name), "h%d:%d", i, slots);
        else
            snprintf(name, sizeof(name), "h%d", i);
        oml_run_hostlist_parse(name, h, err, sizeof(err));
        if (slots < 0)
            h->v[i].slots_given = false;
        make_topo(&h->v[i].topo, pkgs, cores, threads);
    }
}

static int map(oml_run_hosts_t *h, const char *map_by, const char *bind_to, const char *rank_by,
               int np, oml_run_place_t **pl, int **counts, char *err)
{
    oml_run_map_opts_t o = {0};
    o.np = np;
    if (map_by != NULL && oml_run_map_by_parse(map_by, &o, err, 256) != 0)
        return -2;
    if (bind_to != NULL && oml_run_bind_to_parse(bind_to, &o, err, 256) != 0)
        return -2;
    if (rank_by != NULL && oml_run_rank_by_parse(rank_by, &o, err, 256) != 0)
        return -2;
    int rc = oml_run_map(h, &o, pl, counts, err, 256);
    return rc == 0 ? o.np : -1;
}

static void test_map_ppr_node(void)
{
    oml_run_hosts_t h;
    oml_run_place_t *pl;
    int *cnt;
    char err[256];
    /* the shape users type: 3 hosts of 4 cores, ppr:2:node, bind to core */
    make_hosts(&h, 3, -1, 1, 4, 1);
    CHECK(map(&h, "ppr:2:node", "core", NULL, 6, &pl, &cnt, err) == 6);
    for (int r = 0; r < 6; r++) {
        CHECK(pl[r].host == r / 2); /* blocks per host */
        CHECK(pl[r].local_rank == r % 2);
        char want[8];
        snprintf(want, sizeof(want), "%d", r % 2);
        CHECK(strcmp(pl[r].cpus, want) == 0);
    }
    CHECK(strcmp(pl[3].what, "core 1") == 0);
    CHECK(cnt[0] == 2 && cnt[1] == 2 && cnt[2] == 2);
    free(pl), free(cnt);
    /* without --np: fill the pattern */
    CHECK(map(&h, "ppr:2:node", NULL, NULL, 0, &pl, &cnt, err) == 6);
    free(pl), free(cnt);
    /* fewer than the pattern: the first hosts fill */
    CHECK(map(&h, "ppr:2:node", NULL, NULL, 3, &pl, &cnt, err) == 3);
    CHECK(cnt[0] == 2 && cnt[1] == 1 && cnt[2] == 0);
    free(pl), free(cnt);
    /* more than it can place: an error with the numbers */
    CHECK(map(&h, "ppr:2:node", NULL, NULL, 7, &pl, &cnt, err) == -1);
    CHECK(strstr(err, "at most 6") != NULL && strstr(err, "--np 7") != NULL);
    /* --rank-by node: round robin */
    CHECK(map(&h, "ppr:2:node", "core", "node", 6, &pl, &cnt, err) == 6);
    CHECK(pl[0].host == 0 && pl[1].host == 1 && pl[2].host == 2 && pl[3].host == 0);
    CHECK(pl[3].local_rank == 1 && strcmp(pl[3].cpus, "1") == 0);
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
    /* ppr beyond a host's slots */
    make_hosts(&h, 2, 1, 1, 4, 1);
    CHECK(map(&h, "ppr:2:node", NULL, NULL, 4, &pl, &cnt, err) == -1 &&
          strstr(err, "oversubscribe") != NULL);
    CHECK(map(&h, "ppr:2:node:oversubscribe", NULL, NULL, 4, &pl, &cnt, err) == 4);
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
}

static void test_map_ppr_socket(void)
{
    oml_run_hosts_t h;
    oml_run_place_t *pl;
    int *cnt;
    char err[256];
    make_hosts(&h, 2, -1, 2, 4, 2); /* 2 packages x 4 cores x 2 threads: PUs 0-15 */
    CHECK(map(&h, "ppr:2:socket", "core", NULL, 0, &pl, &cnt, err) == 8);
    /* host 0: local 0,1 on package 0 (cores 0,1), local 2,3 on package 1 (cores 4,5) */
    CHECK(pl[0].host == 0 && strcmp(pl[0].cpus, "0,8") == 0);
    CHECK(strcmp(pl[1].cpus, "1,9") == 0);
    CHECK(strcmp(pl[2].cpus, "4,12") == 0 && strcmp(pl[2].what, "core 4") == 0);
    CHECK(strcmp(pl[3].cpus, "5,13") == 0);
    CHECK(pl[4].host == 1 && strcmp(pl[4].cpus, "0,8") == 0);
    free(pl), free(cnt);
    /* default binding for ppr:N:socket is the package */
    CHECK(map(&h, "ppr:1:package", NULL, NULL, 0, &pl, &cnt, err) == 4);
    CHECK(strcmp(pl[1].cpus, "4-7,12-15") == 0 && strcmp(pl[1].what, "package 1") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, "ppr:1:core", NULL, NULL, 0, &pl, &cnt, err) == 16);
    CHECK(strcmp(pl[7].cpus, "7,15") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, "ppr:3:core", NULL, NULL, 0, &pl, &cnt, err) == -1); /* 24 > 8 slots */
    CHECK(map(&h, "ppr:1:numa", "hwthread", NULL, 0, &pl, &cnt, err) == 4);
    CHECK(strcmp(pl[1].cpus, "4") == 0);
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
}

static void test_map_slot_node(void)
{
    oml_run_hosts_t h;
    oml_run_place_t *pl;
    int *cnt;
    char err[256];
    make_hosts(&h, 2, 3, 1, 4, 1); /* 2 hosts of 3 slots, 4 cores each */
    CHECK(map(&h, NULL, NULL, NULL, 0, &pl, &cnt, err) == 6);
    CHECK(cnt[0] == 3 && cnt[1] == 3 && pl[3].host == 1 && pl[3].local_rank == 0);
    CHECK(strcmp(pl[0].what, "package 0") == 0 && strcmp(pl[0].cpus, "0-3") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, NULL, NULL, NULL, 2, &pl, &cnt, err) == 2);
    CHECK(cnt[0] == 2 && cnt[1] == 0 && strcmp(pl[1].cpus, "1") == 0); /* np<=2: core */
    free(pl), free(cnt);
    CHECK(map(&h, NULL, NULL, NULL, 7, &pl, &cnt, err) == -1 && strstr(err, "7 ranks") != NULL &&
          strstr(err, "6 slots") != NULL);
    CHECK(map(&h, "node", NULL, NULL, 5, &pl, &cnt, err) == 5);
    CHECK(cnt[0] == 3 && cnt[1] == 2);
    CHECK(pl[0].host == 0 && pl[1].host == 1 && pl[2].host == 0 && pl[4].host == 0);
    free(pl), free(cnt);
    /* oversubscribed: extra ranks spread, binding off by default, core binding refused */
    oml_run_map_opts_t o = {0};
    o.np = 12;
    o.oversubscribe = true;
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == 0);
    CHECK(cnt[0] == 6 && cnt[1] == 6 && pl[5].cpus[0] == '\0');
    free(pl), free(cnt);
    o.np = 12;
    o.bind = OML_RUN_BIND_CORE;
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == -1);
    CHECK(strstr(err, "6 ranks on host h0") != NULL && strstr(err, "4 cores") != NULL);
    o.overload_allowed = true;
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == 0);
    CHECK(strcmp(pl[4].cpus, "0") == 0);
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
    /* max_slots caps oversubscription */
    memset(&h, 0, sizeof(h));
    CHECK(line(&h, "m0 slots=1 max_slots=2", err) == 0);
    make_topo(&h.v[0].topo, 1, 2, 1);
    o = (oml_run_map_opts_t){.np = 3, .oversubscribe = true};
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == -1 &&
          strstr(err, "max_slots") != NULL);
    o = (oml_run_map_opts_t){.np = 2, .oversubscribe = true};
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == 0);
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
}

/* PE=n: n cores per rank, for ranks that run threads. */
static void test_map_pe(void)
{
    oml_run_hosts_t h;
    oml_run_place_t *pl;
    int *cnt;
    char err[256];
    make_hosts(&h, 2, -1, 1, 8, 1); /* 2 hosts of 8 cores */
    CHECK(map(&h, "ppr:2:node:PE=4", NULL, NULL, 0, &pl, &cnt, err) == 4);
    CHECK(pl[0].host == 0 && strcmp(pl[0].cpus, "0-3") == 0 &&
          strcmp(pl[0].what, "cores 0-3") == 0);
    CHECK(strcmp(pl[1].cpus, "4-7") == 0 && strcmp(pl[1].what, "cores 4-7") == 0);
    CHECK(pl[2].host == 1 && strcmp(pl[2].cpus, "0-3") == 0 && cnt[0] == 2 && cnt[1] == 2);
    free(pl), free(cnt);
    /* three ranks of four cores do not fit eight: the numbers and the ways out */
    CHECK(map(&h, "ppr:3:node:PE=4", NULL, NULL, 0, &pl, &cnt, err) == -1);
    CHECK(strstr(err, "PE=4") != NULL && strstr(err, "8 cores") != NULL &&
          strstr(err, "overload-allowed") != NULL);
    CHECK(map(&h, "ppr:3:node:PE=4", "core:overload-allowed", NULL, 0, &pl, &cnt, err) == 6);
    CHECK(strcmp(pl[2].cpus, "0-3") == 0); /* wraps around */
    free(pl), free(cnt);
    /* by slot: a rank takes PE slots (8 slots: 4 ranks of 2) */
    CHECK(map(&h, "slot:PE=2", NULL, NULL, 0, &pl, &cnt, err) == 8);
    CHECK(cnt[0] == 4 && strcmp(pl[3].cpus, "6-7") == 0 && pl[4].host == 1);
    free(pl), free(cnt);
    CHECK(map(&h, "node:PE=4", NULL, NULL, 3, &pl, &cnt, err) == 3);
    CHECK(cnt[0] == 2 && cnt[1] == 1 && pl[1].host == 1 && strcmp(pl[2].cpus, "4-7") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, "slot:PE=4", NULL, NULL, 5, &pl, &cnt, err) == -1);
    CHECK(strstr(err, "5 ranks") != NULL && strstr(err, "hold 4") != NULL);
    /* --cpus-per-rank is the same field */
    oml_run_map_opts_t o = {.np = 2, .pe = 8};
    CHECK(oml_run_map(&h, &o, &pl, &cnt, err, sizeof(err)) == 0);
    CHECK(cnt[0] == 1 && cnt[1] == 1 && strcmp(pl[1].cpus, "0-7") == 0);
    free(pl), free(cnt);
    /* binding: core (the default) or none; nothing else */
    CHECK(map(&h, "ppr:2:node:PE=4", "socket", NULL, 0, &pl, &cnt, err) == -1 &&
          strstr(err, "--bind-to core") != NULL);
    CHECK(map(&h, "ppr:2:node:PE=4", "none", NULL, 0, &pl, &cnt, err) == 4);
    CHECK(pl[1].cpus[0] == '\0');
    free(pl), free(cnt);
    oml_run_hosts_free(&h);
    /* per socket: the cores of that socket, every thread of each */
    make_hosts(&h, 1, -1, 2, 4, 2); /* 2 packages x 4 cores x 2 threads: PUs 0-15 */
    CHECK(map(&h, "ppr:1:socket:PE=2", NULL, NULL, 0, &pl, &cnt, err) == 2);
    CHECK(strcmp(pl[0].cpus, "0-1,8-9") == 0 && strcmp(pl[1].cpus, "4-5,12-13") == 0);
    CHECK(strcmp(pl[1].what, "cores 4-5") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, "ppr:2:socket:PE=2", NULL, NULL, 0, &pl, &cnt, err) == 4);
    CHECK(strcmp(pl[1].cpus, "2-3,10-11") == 0 && strcmp(pl[2].cpus, "4-5,12-13") == 0);
    free(pl), free(cnt);
    CHECK(map(&h, "ppr:1:socket:PE=5", NULL, NULL, 0, &pl, &cnt, err) == -1 &&
          strstr(err, "4 cores") != NULL);
    oml_run_hosts_free(&h);
}

static void test_parse_opts(void)
{
    oml_run_map_opts_t o = {0};
    char err[256];
    CHECK(oml_run_map_by_parse("ppr:2:node", &o, err, sizeof(err)) == 0);
    CHECK(o.policy == OML_RUN_MAP_PPR && o.ppr_n == 2 && o.ppr_obj == OML_RUN_OBJ_NODE);
    CHECK(oml_run_map_by_parse("ppr:1:socket:OVERSUBSCRIBE", &o, err, sizeof(err)) == 0);
    CHECK(o.oversubscribe && o.ppr_obj == OML_RUN_OBJ_PKG);
    CHECK(oml_run_map_by_parse("ppr:0:node", &o, err, sizeof(err)) != 0);
    CHECK(oml_run_map_by_parse("ppr:2", &o, err, sizeof(err)) != 0);
    CHECK(oml_run_map_by_parse("ppr:2:board", &o, err, sizeof(err)) != 0);
    CHECK(oml_run_map_by_parse("slot:pe=3", &o, err, sizeof(err)) == 0 && o.pe == 3);
    CHECK(oml_run_map_by_parse("ppr:2:node:PE=0", &o, err, sizeof(err)) != 0 &&
          strstr(err, "PE=0") != NULL);
    CHECK(oml_run_map_by_parse("slot:PE=x", &o, err, sizeof(err)) != 0);
    CHECK(oml_run_map_by_parse("slot:span", &o, err, sizeof(err)) != 0 &&
          strstr(err, "span") != NULL);
    CHECK(oml_run_map_by_parse("banana", &o, err, sizeof(err)) != 0 &&
          strstr(err, "banana") != NULL);
    CHECK(oml_run_bind_to_parse("socket", &o, err, sizeof(err)) == 0 && o.bind == OML_RUN_BIND_PKG);
    CHECK(oml_run_bind_to_parse("core:overload-allowed", &o, err, sizeof(err)) == 0 &&
          o.overload_allowed);
    CHECK(oml_run_bind_to_parse("l3cache", &o, err, sizeof(err)) != 0);
    CHECK(oml_run_rank_by_parse("node", &o, err, sizeof(err)) == 0 &&
          o.rank_by == OML_RUN_RANK_NODE);
    CHECK(oml_run_rank_by_parse("fill", &o, err, sizeof(err)) != 0);
}

int main(void)
{
    test_hostfile();
    test_topo_text();
    test_map_ppr_node();
    test_map_ppr_socket();
    test_map_slot_node();
    test_map_pe();
    test_parse_opts();
    return unit_report();
}
