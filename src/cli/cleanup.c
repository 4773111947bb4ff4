#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "exec/loop.h"
#include "exec/proc.h"
#include "tasks/docker_run.h"
#include "util/buf.h"
#include "util/strvec.h"
#include "util/xmalloc.h"

/*
 * runflow cleanup [--run ID] [--docker BIN] [--config FILE]: remove the
 * containers that runs labelled runflow.run=<id> (docker-run-decisions.md
 * §1) and left behind, which only happens when runflow itself was killed
 * with SIGKILL: timeouts, interrupts and failures remove their containers
 * themselves.
 *
 *   docker ps -aq --filter label=runflow.run=ID    (or label=runflow.run)
 *   docker rm -f ID...                             (CLEANUP_BATCH at most)
 *
 * Every id removed is printed on stdout, one a line.  Exit status 0 when
 * nothing labelled is left to remove, 1 when docker failed (with its
 * words), 2 for a usage error.
 */

extern char **environ;

/* Cap on what one docker command may print: ids are 13 bytes a line. */
#define CLEANUP_OUT_MAX ((size_t)16 << 20)
/* Ids per `docker rm -f`, so the command line stays far below ARG_MAX. */
#define CLEANUP_BATCH 100

/* One docker command, run to completion. */
struct cleanup_cmd {
	bool done;
	struct proc_result r;
	struct buf out;
	struct buf err;
};

/* Completion of a docker command: keep its result and output. */
static void
cleanup_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct cleanup_cmd *c = arg;
	size_t len;
	char *data;

	c->done = true;
	c->r = *r;
	if ((data = buf_detach(proc_stdout(p), &len)) != NULL) {
		buf_append(&c->out, data, len);
		free(data);
	}
	if ((data = buf_detach(proc_stderr(p), &len)) != NULL) {
		buf_append(&c->err, data, len);
		free(data);
	}
}

/*
 * Run argv (argv[0] looked up in PATH) with our environment and wait for
 * it.  Returns 0 with c filled, or -1 with errno when it could not start
 * or the loop failed.
 */
static int
cleanup_exec(struct loop *loop, char *const *argv, struct cleanup_cmd *c)
{
	struct proc_opts o;
	struct proc *p;
	int e;

	memset(c, 0, sizeof(*c));
	buf_init(&c->out, 0);
	buf_init(&c->err, 0);
	memset(&o, 0, sizeof(o));
	o.spawn.argv = argv;
	o.spawn.envp = environ;
	o.spawn.in = SPAWN_STDIN_NULL;
	o.spawn.stdin_fd = -1;
	o.out_max = CLEANUP_OUT_MAX;
	o.err_max = CLEANUP_OUT_MAX;
	o.on_done = cleanup_done;
	o.arg = c;
	if ((p = proc_new(loop, &o)) == NULL)
		return -1;
	while (!c->done) {
		if (loop_run(loop) == -1) {
			e = errno;
			proc_free(p);
			errno = e;
			return -1;
		}
	}
	proc_free(p);
	return 0;
}

/* Free what a command captured. */
static void
cleanup_cmd_release(struct cleanup_cmd *c)
{
	buf_release(&c->out);
	buf_release(&c->err);
}

/* Whether the command exited 0 with everything read. */
static bool
cleanup_ok(const struct cleanup_cmd *c)
{
	return c->r.error == 0 && c->r.status.signo == 0 &&
	    c->r.status.code == 0;
}

/* Report a failed command with docker's words (stderr, else stdout). */
static void
cleanup_report(const char *what, const struct cleanup_cmd *c)
{
	const struct buf *b = c->err.len > 0 ? &c->err : &c->out;
	size_t n = b->len;

	while (n > 0 && strchr(" \t\r\n", b->data[n - 1]) != NULL)
		n--;
	if (c->r.error == EFBIG)
		cli_error("'%s' printed more than %zu bytes",
		    what, CLEANUP_OUT_MAX);
	else if (c->r.error != 0)
		cli_error("reading from '%s' failed: %s", what,
		    strerror(c->r.error));
	else if (c->r.status.signo != 0)
		cli_error("'%s' was killed by signal %d", what,
		    c->r.status.signo);
	else
		cli_error("'%s' failed with exit status %d%s%.*s",
		    what, c->r.status.code, n > 0 ? ": " : "", (int)n,
		    n > 0 ? b->data : "");
}

/* Whether s is a container id as `docker ps -q` prints it: hex digits. */
static bool
cleanup_is_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (strchr("0123456789abcdef", *s) == NULL)
			return false;
	return true;
}

/*
 * Whether one line of `docker rm` errors says the container is gone or
 * going: it exited and was removed (--rm) between ps and rm, or the daemon
 * is removing it already.  Either way nothing is left to do.
 */
static bool
cleanup_benign(const char *line, size_t n)
{
	static const char *const gone[] = { "No such container",
		"is already in progress" };

	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(gone[i]);

		for (size_t j = 0; j + k <= n; j++)
			if (memcmp(line + j, gone[i], k) == 0)
				return true;
	}
	return n == 0;
}

/* Whether every line of text is benign (see cleanup_benign). */
static bool
cleanup_all_benign(const struct buf *text)
{
	const char *p = buf_str(text), *nl;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (!cleanup_benign(p, (size_t)(nl - p)))
			return false;
		if (*nl == '\0')
			break;
	}
	return true;
}

/* Whether rm's stdout has line id: docker prints each name it removed. */
static bool
cleanup_confirmed(const struct buf *out, const char *id)
{
	size_t n = strlen(id);
	const char *p = buf_str(out);

	for (const char *q = p; (q = strstr(q, id)) != NULL; q += n)
		if ((q == p || q[-1] == '\n') &&
		    (q[n] == '\n' || q[n] == '\r' || q[n] == '\0'))
			return true;
	return false;
}

/*
 * Remove ids[from..to) with one `docker rm -f`; print the ones removed.
 * Returns 0, or -1 after a message.
 */
static int
cleanup_rm(struct loop *loop, const char *docker, char *const *ids,
    size_t from, size_t to)
{
	struct strvec argv = STRVEC_INIT;
	struct cleanup_cmd c;
	int rc = 0;

	strvec_push(&argv, docker);
	strvec_push(&argv, "rm");
	strvec_push(&argv, "-f");
	for (size_t i = from; i < to; i++)
		strvec_push(&argv, ids[i]);
	if (cleanup_exec(loop, strvec_argv(&argv), &c) == -1) {
		cli_error("cannot run '%s': %s", docker,
		    strerror(errno));
		strvec_release(&argv);
		return -1;
	}
	for (size_t i = from; i < to; i++)
		if (cleanup_confirmed(&c.out, ids[i]))
			printf("%s\n", ids[i]);
	if (!cleanup_ok(&c) && (c.r.error != 0 || c.r.status.signo != 0 ||
	    !cleanup_all_benign(&c.err))) {
		cleanup_report("docker rm", &c);
		rc = -1;
	}
	cleanup_cmd_release(&c);
	strvec_release(&argv);
	return rc;
}

/* List the labelled containers into ids.  Returns 0, or -1 after a message. */
static int
cleanup_ps(struct loop *loop, const char *docker, const char *run_id,
    struct strvec *ids)
{
	struct strvec argv = STRVEC_INIT;
	struct cleanup_cmd c;
	char *tok, *save = NULL;
	int rc = 0;

	strvec_push(&argv, docker);
	strvec_push(&argv, "ps");
	strvec_push(&argv, "-aq");
	strvec_push(&argv, "--filter");
	if (run_id != NULL)
		strvec_pushf(&argv, "label=%s=%s", DOCKER_RUN_LABEL_RUN, run_id);
	else
		strvec_pushf(&argv, "label=%s", DOCKER_RUN_LABEL_RUN);
	if (cleanup_exec(loop, strvec_argv(&argv), &c) == -1) {
		cli_error("cannot run '%s': %s", docker,
		    strerror(errno));
		strvec_release(&argv);
		return -1;
	}
	strvec_release(&argv);
	if (!cleanup_ok(&c)) {
		cleanup_report("docker ps", &c);
		cleanup_cmd_release(&c);
		return -1;
	}
	for (char *p = c.out.data; c.out.data != NULL &&
	    (tok = strtok_r(p, " \t\r\n", &save)) != NULL; p = NULL) {
		if (!cleanup_is_id(tok)) {
			cli_error("'docker ps' printed '%s', "
			    "which is not a container id", tok);
			rc = -1;
			break;
		}
		strvec_push(ids, tok);
	}
	cleanup_cmd_release(&c);
	return rc;
}

/* Print the usage of cleanup. */
static void
cleanup_usage(FILE *out)
{
	fputs("Usage: runflow cleanup [options]\n"
	    "Remove the containers runflow started and left behind (after "
	    "runflow was\nkilled with SIGKILL).\n"
	    "      --run ID          only those of run ID (default: of every "
	    "run)\n"
	    "      --docker BIN      the docker program to run\n"
	    "      --config FILE     settings file (see runflow(1))\n"
	    "  -h, --help            show this help\n", out);
}

/* runflow cleanup */
int
cli_cleanup(int argc, char **argv)
{
	enum { OPT_RUN = 256, OPT_DOCKER, OPT_CONFIG };
	static const struct option longopts[] = {
		{ "run", required_argument, NULL, OPT_RUN },
		{ "docker", required_argument, NULL, OPT_DOCKER },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *run_id = NULL, *docker_opt = NULL, *config = NULL;
	const char *docker;
	struct strvec ids = STRVEC_INIT;
	struct config cfg;
	struct loop *loop;
	int c, rc = EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_RUN:
			if (*optarg == '\0')
				return cli_usage_error("--run needs a run id");
			run_id = optarg;
			break;
		case OPT_DOCKER:
			docker_opt = optarg;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case 'h':
			cleanup_usage(stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return cli_usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);

	config_init(&cfg);
	if (config_load(&cfg, config) < 0) {
		config_release(&cfg);
		return EXIT_USAGE;
	}
	docker = docker_opt != NULL ? docker_opt : getenv("RUNFLOW_DOCKER");
	if (docker == NULL || *docker == '\0')
		docker = cfg.docker_binary != NULL ? cfg.docker_binary : "docker";
	if ((loop = loop_new()) == NULL)
		fatal("cannot make the event loop: %s", strerror(errno));

	if (cleanup_ps(loop, docker, run_id, &ids) == -1) {
		rc = EXIT_TASK_FAILED;
	} else if (ids.n == 0) {
		if (run_id != NULL)
			cli_error("no container of run '%s' to remove",
			    run_id);
		else
			cli_error("no container of any run to remove");
	} else {
		for (size_t i = 0; i < ids.n; i += CLEANUP_BATCH) {
			size_t to = ids.n - i > CLEANUP_BATCH ?
			    i + CLEANUP_BATCH : ids.n;

			if (cleanup_rm(loop, docker, ids.v, i, to) == -1)
				rc = EXIT_TASK_FAILED;
			fflush(stdout);
		}
	}
	loop_free(loop);
	strvec_release(&ids);
	config_release(&cfg);
	fflush(stdout);
	return rc;
}
