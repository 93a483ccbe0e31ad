/*
 * mpirun/mpirun.c: command line of the launcher. Option names follow Open MPI's, which is
 * what users type.
 */
#include "mpirun/run.h"
#include "oml_config.h"

#include <errno.h>
#include <fcntl.h>
#include <hwloc.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void run_usage(FILE *f)
{
    fprintf(f, "Usage: mpirun [options] program [args...]\n"
               "  -n, -np, --np N         number of ranks (default: one per core)\n"
               "  --oversubscribe         allow more ranks than cores\n"
               "  --allow-run-as-root     allow running as root\n"
               "  -x VAR[=value]          export VAR to the ranks\n"
               "  --tag-output            prefix each output line with [job,rank]<stream>:\n"
               "  --timeout SECONDS       end the job if it runs longer\n"
               "  -h, --help              this text\n"
               "  --version               print the version\n");
}

static void run_die(const char *fmt, const char *arg)
{
    fprintf(stderr, "mpirun: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static int run_parse_int(const char *opt, const char *val, int min)
{
    char *end;
    errno = 0;
    long v = val != NULL ? strtol(val, &end, 10) : 0;
    if (val == NULL || *val == '\0' || *end != '\0' || errno != 0 || v < min || v > INT_MAX) {
        fprintf(stderr, "mpirun: %s needs an integer >= %d, not '%s'\n", opt, min,
                val != NULL ? val : "");
        exit(1);
    }
    return (int)v;
}

/* Finds the program the way execvp would, so a missing one is reported before anything runs. */
static const char *run_resolve(const char *prog)
{
    static char path[PATH_MAX];
    struct stat sb;
    if (strchr(prog, '/') != NULL) {
        snprintf(path, sizeof(path), "%s", prog);
    } else {
        const char *p = getenv("PATH");
        bool found = false;
        char *copy = strdup(p != NULL ? p : "/usr/bin:/bin"), *save = NULL;
        for (char *dir = strtok_r(copy, ":", &save); dir != NULL && !found;
             dir = strtok_r(NULL, ":", &save)) {
            snprintf(path, sizeof(path), "%s/%s", *dir ? dir : ".", prog);
            found = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        }
        free(copy);
        if (!found) {
            fprintf(stderr,
                    "mpirun: program '%s' was not found in PATH; give its path (./%s) "
                    "or add its directory to PATH\n",
                    prog, prog);
            exit(127);
        }
    }
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "mpirun: program '%s' does not exist\n", prog);
        exit(127);
    }
    if (!S_ISREG(sb.st_mode) || access(path, X_OK) != 0) {
        fprintf(stderr, "mpirun: program '%s' is not an executable file\n", prog);
        exit(126);
    }
    return path;
}

static int run_count_cores(void)
{
    hwloc_topology_t topo;
    int n = 0;
    if (hwloc_topology_init(&topo) == 0 && hwloc_topology_load(topo) == 0)
        n = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    hwloc_topology_destroy(topo);
    if (n <= 0)
        n = (int)sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

static bool run_env_true(const char *name)
{
    const char *v = getenv(name);
    return v != NULL &&
           (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0);
}

/* Options of Open MPI's mpirun that need the multi-node launcher, not built yet. */
static const char *const run_later[] = {
    "--hostfile", "-hostfile", "--machinefile", "-machinefile",      "-H",
    "--host",     "-host",     "--map-by",      "-map-by",           "--bind-to",
    "-bind-to",   "--rank-by", "-rank-by",      "--report-bindings", "-report-bindings",
    NULL};

void oml_run_parse(int argc, char **argv, oml_run_opts_t *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->xvars = calloc((size_t)argc, sizeof(char *));
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-')
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (!strcmp(a, "-n") || !strcmp(a, "-np") || !strcmp(a, "--np") || !strcmp(a, "-c")) {
            opts->np = run_parse_int(a, next, 1);
            i++;
        } else if (!strncmp(a, "--np=", 5) || !strncmp(a, "-np=", 4)) {
            opts->np = run_parse_int("--np", strchr(a, '=') + 1, 1);
        } else if (!strcmp(a, "--oversubscribe") || !strcmp(a, "-oversubscribe")) {
            opts->oversubscribe = true;
        } else if (!strcmp(a, "--allow-run-as-root") || !strcmp(a, "-allow-run-as-root")) {
            opts->allow_root = true;
        } else if (!strcmp(a, "--tag-output") || !strcmp(a, "-tag-output")) {
            opts->tag_output = true;
        } else if (!strcmp(a, "--timeout") || !strcmp(a, "-timeout")) {
            opts->timeout_s = run_parse_int(a, next, 1);
            i++;
        } else if (!strcmp(a, "-x")) {
            if (next == NULL || next[0] == '\0' || next[0] == '=')
                run_die("-x needs VAR or VAR=value", "");
            opts->xvars[opts->nxvars++] = (char *)next;
            i++;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            run_usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
            printf("mpirun (ompi-lite) " PACKAGE_VERSION "\n");
            exit(0);
        } else {
            for (int k = 0; run_later[k] != NULL; k++) {
                if (strcmp(a, run_later[k]) == 0)
                    run_die("%s is not supported yet: this mpirun runs jobs on one node "
                            "only, so far",
                            a);
            }
            fprintf(stderr, "mpirun: unknown option '%s'; see mpirun --help\n", a);
            exit(1);
        }
    }
    if (i >= argc) {
        fprintf(stderr, "mpirun: no program given; usage: mpirun [options] program [args]\n");
        exit(1);
    }

    if (geteuid() == 0 && !opts->allow_root &&
        !(run_env_true("OMPI_ALLOW_RUN_AS_ROOT") &&
          run_env_true("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"))) {
        fprintf(stderr, "mpirun: refusing to run as root: a mistake can damage the system. "
                        "Add --allow-run-as-root (or set both OMPI_ALLOW_RUN_AS_ROOT=1 and "
                        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1) if you mean it.\n");
        exit(1);
    }

    int cores = run_count_cores();
    if (opts->np == 0)
        opts->np = cores;
    if (opts->np > cores && !opts->oversubscribe) {
        fprintf(stderr,
                "mpirun: %d ranks requested but this node has %d cores; add "
                "--oversubscribe to run more ranks than cores.\n",
                opts->np, cores);
        exit(1);
    }
    opts->program = run_resolve(argv[i]);
    opts->argv = &argv[i];
}

/*
 * A closed stdin, stdout or stderr would make the next pipe() return that descriptor, and a
 * rank would inherit one of mpirun's pipe ends in its place: open /dev/null there instead.
 */
static void run_sane_stdio(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
    }
}

int main(int argc, char **argv)
{
    run_sane_stdio();
    oml_run_opts_t opts;
    oml_run_parse(argc, argv, &opts);
    int status = oml_run_job(&opts);
    free(opts.xvars);
    return status;
}
