/*
 * mpirun/mpirun.c: command line of the launcher. Option names follow Open MPI's, which is
 * what users type.
 */
#include "mpirun/run.h"
#include "oml_config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void run_usage(FILE *f)
{
    fprintf(f,
            "Usage: mpirun [options] program [args...]\n"
            "       mpirun [options] -n N prog1 [args...] : -n M prog2 [args...]   (MPMD)\n"
            "  -n, -np, --np N         number of ranks (default: every slot, or the ppr pattern)\n"
            "  --hostfile, --machinefile FILE\n"
            "                          hosts to run on: 'host [slots=N] [max_slots=M]' lines\n"
            "  -H, --host a,b:4        hosts to run on (':N' slots, 1 without)\n"
            "  --map-by slot|node|ppr:N:node|socket|package|numa|core[:PE=n][:oversubscribe]\n"
            "                          PE=n: n cores per rank, bound to them (OpenMP threads)\n"
            "  --cpus-per-rank N       the same as :PE=N (also --cpus-per-proc)\n"
            "  --rank-by slot|node     rank numbering (default: blocks per host)\n"
            "  --bind-to core|socket|package|numa|hwthread|none[:overload-allowed]\n"
            "                          (default: core for 2 ranks or fewer, else package;\n"
            "                          none when a host has more ranks than cores)\n"
            "  --report-bindings       print each rank's host and cpus\n"
            "  --oversubscribe         allow more ranks than slots\n"
            "  --mca plm_rsh_agent CMD how other hosts are reached (default: ssh; also\n"
            "                          OMPI_MCA_plm_rsh_agent or OMPI_LITE_RSH_AGENT)\n"
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

static bool run_env_true(const char *name)
{
    const char *v = getenv(name);
    return v != NULL &&
           (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0);
}

/* The default launch agent: never prompt (a prompt would hang the job), give up on a dead
   host in seconds, no X11. */
#define RUN_DEFAULT_AGENT "ssh -x -o BatchMode=yes -o ConnectTimeout=10"

static void run_hosts_or_die(int rc, const char *err)
{
    if (rc != 0) {
        fprintf(stderr, "mpirun: %s\n", err);
        exit(1);
    }
}

/*
 * Parses options from argv[i] up to the program of one part of the command line; returns the
 * index of the program (argc: none). -n sets that part's rank count; every other option is the
 * job's, wherever it stands (as with Open MPI).
 */
static int run_parse_options(int argc, char **argv, int i, oml_run_opts_t *opts, int *np)
{
    char err[1024];
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
            *np = run_parse_int(a, next, 1);
            i++;
        } else if (!strncmp(a, "--np=", 5) || !strncmp(a, "-np=", 4)) {
            *np = run_parse_int("--np", strchr(a, '=') + 1, 1);
        } else if (!strcmp(a, "--hostfile") || !strcmp(a, "-hostfile") ||
                   !strcmp(a, "--machinefile") || !strcmp(a, "-machinefile") ||
                   !strcmp(a, "--default-hostfile")) {
            if (next == NULL)
                run_die("%s needs a file name", a);
            run_hosts_or_die(oml_run_hostfile_parse(next, &opts->hosts, err, sizeof(err)), err);
            i++;
        } else if (!strcmp(a, "-H") || !strcmp(a, "--host") || !strcmp(a, "-host")) {
            if (next == NULL)
                run_die("%s needs a list of hosts: a,b:4", a);
            run_hosts_or_die(oml_run_hostlist_parse(next, &opts->hosts, err, sizeof(err)), err);
            i++;
        } else if (!strcmp(a, "--map-by") || !strcmp(a, "-map-by")) {
            if (next == NULL)
                run_die("%s needs a value, such as ppr:2:node", a);
            run_hosts_or_die(oml_run_map_by_parse(next, &opts->map, err, sizeof(err)), err);
            i++;
        } else if (!strcmp(a, "--cpus-per-rank") || !strcmp(a, "-cpus-per-rank") ||
                   !strcmp(a, "--cpus-per-proc") || !strcmp(a, "-cpus-per-proc")) {
            opts->map.pe = run_parse_int(a, next, 1);
            i++;
        } else if (!strcmp(a, "--bind-to") || !strcmp(a, "-bind-to")) {
            if (next == NULL)
                run_die("%s needs a value, such as core", a);
            run_hosts_or_die(oml_run_bind_to_parse(next, &opts->map, err, sizeof(err)), err);
            i++;
        } else if (!strcmp(a, "--rank-by") || !strcmp(a, "-rank-by")) {
            if (next == NULL)
                run_die("%s needs a value, such as slot", a);
            run_hosts_or_die(oml_run_rank_by_parse(next, &opts->map, err, sizeof(err)), err);
            i++;
        } else if (!strcmp(a, "--report-bindings") || !strcmp(a, "-report-bindings")) {
            opts->report_bindings = true;
        } else if (!strcmp(a, "--mca") || !strcmp(a, "-mca") || !strcmp(a, "--gmca")) {
            if (next == NULL || i + 2 >= argc)
                run_die("%s needs a name and a value", a);
            if (!strcmp(next, "plm_rsh_agent") || !strcmp(next, "orte_rsh_agent"))
                opts->agent = argv[i + 2];
            else
                fprintf(stderr,
                        "mpirun: warning: MCA parameter '%s' means nothing to ompi-lite and is "
                        "ignored\n",
                        next);
            i += 2;
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
            fprintf(stderr, "mpirun: unknown option '%s'; see mpirun --help\n", a);
            exit(1);
        }
    }
    return i;
}

void oml_run_parse(int argc, char **argv, oml_run_opts_t *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->xvars = calloc((size_t)argc, sizeof(char *));
    opts->apps = calloc((size_t)argc, sizeof(oml_run_app_t));
    /* Parts separated by a lone ':' (MPMD: mpirun -n 4 ./atm : -n 2 ./ocn). */
    for (int i = 1;;) {
        oml_run_app_t *app = &opts->apps[opts->napps];
        i = run_parse_options(argc, argv, i, opts, &app->np);
        if (i >= argc || strcmp(argv[i], ":") == 0) {
            if (opts->napps == 0 && i >= argc)
                fprintf(stderr,
                        "mpirun: no program given; usage: mpirun [options] program [args]\n");
            else
                fprintf(stderr,
                        "mpirun: no program given %s ':'; an MPMD line is "
                        "mpirun -n 4 prog1 args : -n 2 prog2 args\n",
                        i >= argc ? "after the last" : "before a");
            exit(1);
        }
        app->argv = &argv[i];
        app->program = argv[i]; /* resolved below, after the root check */
        opts->napps++;
        while (i < argc && strcmp(argv[i], ":") != 0)
            i++;
        if (i >= argc)
            break;
        argv[i++] = NULL; /* ends this part's argv */
    }
    opts->np = opts->apps[0].np;
    if (opts->napps > 1) {
        opts->np = 0;
        for (int a = 0; a < opts->napps; a++) {
            if (opts->apps[a].np == 0) {
                fprintf(stderr,
                        "mpirun: program %d of the MPMD line (%s) has no -n; every part of "
                        "'a : b' needs its own rank count\n",
                        a + 1, opts->apps[a].argv[0]);
                exit(1);
            }
            if (opts->np > INT_MAX - opts->apps[a].np)
                run_die("%s: too many ranks in all", "the MPMD line");
            opts->np += opts->apps[a].np;
        }
    }

    if (geteuid() == 0 && !opts->allow_root &&
        !(run_env_true("OMPI_ALLOW_RUN_AS_ROOT") &&
          run_env_true("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"))) {
        fprintf(stderr, "mpirun: refusing to run as root: a mistake can damage the system. "
                        "Add --allow-run-as-root (or set both OMPI_ALLOW_RUN_AS_ROOT=1 and "
                        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1) if you mean it.\n");
        exit(1);
    }

    if (opts->agent == NULL)
        opts->agent = getenv("OMPI_LITE_RSH_AGENT");
    if (opts->agent == NULL)
        opts->agent = getenv("OMPI_MCA_plm_rsh_agent");
    if (opts->agent == NULL || *opts->agent == '\0')
        opts->agent = RUN_DEFAULT_AGENT;
    for (int a = 0; a < opts->napps; a++)
        opts->apps[a].program = strdup(run_resolve(opts->apps[a].program));
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
    for (int a = 0; a < opts.napps; a++)
        free((char *)opts.apps[a].program);
    free(opts.apps);
    oml_run_hosts_free(&opts.hosts);
    return status;
}
