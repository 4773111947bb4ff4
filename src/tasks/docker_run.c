#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "exec/proc.h"
#include "exec/spawn.h"
#include "tasks/docker_args.h"
#include "tasks/docker_run.h"
#include "tasks/docker_swarm.h"
#include "tasks/engine.h"
#include "tasks/task.h"
#include "util/log.h"
#include "util/xmalloc.h"

extern char **environ;

/*
 * docker_run (docker-run-decisions.md): the arguments become one
 * `docker run` (docker_args.h); this file runs it.
 *
 * An attempt goes through these steps, each a child process on the loop:
 *
 *   [docker image inspect IMAGE [docker pull IMAGE, inspect again]]
 *       only when the entrypoint is empty and there is no command: the
 *       image's CMD is appended, as docker-py keeps it (mapping, entrypoint)
 *   docker run --rm --cidfile=DIR/N.cid --label=... FLAGS IMAGE [ARGS]
 *       the task's own process; stdout and stderr captured, streamed live
 *       when asked
 *   [docker kill ID, docker rm -f ID]
 *       only when the attempt is stopped (timeout, signal) or the CLI died
 *       while its container may still run (a capture cap, a signal)
 *
 * DIR is the run's private mkdtemp(3) directory (0700): made by the first
 * attempt that needs it, removed by docker_run_finish() at the end of the
 * run.  N counts the attempts of the run, so every attempt has a cidfile
 * of its own; it is unlinked when the attempt ends.  One directory per run
 * rather than per attempt: on a disk file system the mkdir, the rmdir and
 * the walk that removes them cost more than spawning the CLI.
 *
 * The attempt completes when the CLI was reaped and the clean-up commands
 * finished, so a stopped task is reported only once its container is gone.
 */

/* Lines of stderr quoted in a failure message (decisions §4). */
#define DRUN_ERR_LINES 20
/* Cap on what the helper commands (inspect, pull, kill, rm, ps) print. */
#define DRUN_AUX_MAX ((size_t)4 << 20)
/*
 * `docker rm -f` of a container the daemon is already removing (--rm)
 * fails; it is asked again until the container is gone, so that nothing
 * labelled with the run is left when the task ends.
 */
#define DRUN_RM_RETRY_MS 100
#define DRUN_RM_TRIES 100
/*
 * A CLI stopped before it wrote the cidfile may have had its create
 * request in flight: the daemon finishes it after the CLI is gone.  The
 * containers labelled with the task are then looked for twice, this long
 * after the CLI ended (decisions §4, "check again").
 */
static const unsigned drun_sweep_ms[] = { 300, 1000 };
/*
 * Longest wait for a clean-up command (docker kill, rm and ps, and a Swarm
 * job's service ps, inspect and service rm): DOCKER_RUN_CLEANUP_LIMIT_MS
 * unless docker_run_set_cleanup_limit() changed it.  A frozen daemon
 * (SIGSTOP, a hung disk) accepts the connection and never answers, and
 * the CLI waits with it: past this limit the CLI is killed, a warning says
 * what may be left and how to remove it, and the run goes on to its end.
 * A removal of many containers at once gets DRUN_LIMIT_PER_ID_MS more for
 * each.
 */
static uint64_t drun_limit_ms = DOCKER_RUN_CLEANUP_LIMIT_MS;
#define DRUN_LIMIT_PER_ID_MS 500
/* Slice size when moving a large capture into the value arena. */
#define DRUN_SLICE ((size_t)4 << 20)

static const char drun_binary_hint[] =
    "choose the docker program with --docker=BIN, the RUNFLOW_DOCKER "
    "environment variable or 'binary' in the [docker] section of the "
    "settings file";

/* ---- which binary: docker or podman ---- */

struct flavor {
	char *binary;
	bool podman;
	struct flavor *next;
};

static struct flavor *flavors;
static char *check_binary;

/* Set the time limit of clean-up commands (0: the default). */
void
docker_run_set_cleanup_limit(unsigned ms)
{
	drun_limit_ms = ms > 0 ? ms : DOCKER_RUN_CLEANUP_LIMIT_MS;
}

/* Remember the binary load-time checks assume. */
void
docker_run_set_binary(const char *binary)
{
	free(check_binary);
	check_binary = binary != NULL ? xstrdup(binary) : NULL;
}

/* Read everything fd gives until EOF (fd is non-blocking), up to max bytes. */
static void
read_all(int fd, struct buf *b, size_t max)
{
	char chunk[4096];
	struct pollfd pfd = { fd, POLLIN, 0 };

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n > 0) {
			if (b->len < max)
				buf_append(b, chunk, (size_t)n);
			continue;
		}
		if (n == 0)
			return;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
	}
}

/*
 * Run `binary --version` and say whether it names podman.  It waits for
 * its own child by pid, which a loop may exist beside: the loop reaps with
 * waitpid(-1, WNOHANG) later and never sees this pid.
 */
static bool
detect_podman(const char *binary)
{
	struct spawn_opts so = SPAWN_OPTS_INIT;
	char *argv[] = { (char *)binary, (char *)"--version", NULL };
	struct spawn sp;
	struct buf out = BUF_INIT;
	bool podman;
	int st;

	so.argv = argv;
	so.envp = environ;
	so.merge_stderr = 1;
	if (spawn_start(&so, &sp) == -1)
		return false;
	read_all(sp.out_fd, &out, 4096);
	close(sp.out_fd);
	while (waitpid(sp.pid, &st, 0) == -1 && errno == EINTR)
		;
	podman = strcasestr(buf_str(&out), "podman") != NULL;
	buf_release(&out);
	return podman;
}

/* Whether binary is podman, asked once per binary. */
bool
docker_run_is_podman(const char *binary)
{
	struct flavor *f;

	if (binary == NULL)
		binary = "docker";
	for (f = flavors; f != NULL; f = f->next)
		if (strcmp(f->binary, binary) == 0)
			return f->podman;
	f = xcalloc(1, sizeof(*f));
	f->binary = xstrdup(binary);
	f->podman = detect_podman(binary);
	f->next = flavors;
	flavors = f;
	return f->podman;
}

/* ---- per-run state: what the final sweep needs ---- */

struct world {
	char *run_id;
	char *dir;		/* the run's private 0700 directory, or NULL */
	unsigned long files;	/* names handed out in dir */
	bool dirty;		/* something may have left a container on the
				   CLI's default engine */
	struct strvec dirty_engines;	/* names of engines where that holds */
	struct strvec keep;	/* ids of remove = false containers */
	/* The engine each task's last failed attempt ran on. */
	struct strvec failed_task, failed_engine;
	/*
	 * A clean-up command got no answer in time: from the CLI's default
	 * engine (stuck), from the engines named in stuck_engines.
	 */
	bool stuck;
	struct strvec stuck_engines;
	/*
	 * SIGINT and SIGTERM stay caught from the first attempt until the
	 * run's folder is gone (see world_signal).
	 */
	struct loop *loop;
	struct loop_signal *sigint, *sigterm;
	bool finishing;		/* docker_run_finish() is at work */
	struct world *next;
};

static struct world *worlds;
/* The synchronous command of the end-of-run sweep running, or NULL. */
static struct proc *sync_proc;
/* SIGINT or SIGTERM that came while the run's end was cleaned up, or 0. */
static int sync_signo;

/* nftw callback: remove one entry of a private directory. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == -1 ? -1 : 0;
	return unlink(path) == -1 ? -1 : 0;
}

/* Remove directory path and everything in it; a warning when that fails. */
static void
rm_tree(const char *path)
{
	if (nftw(path, rm_entry, 8, FTW_DEPTH | FTW_PHYS) == -1 &&
	    errno != ENOENT)
		log_warn("cannot remove '%s': %s", path, strerror(errno));
}

/*
 * The run's private directory in TMPDIR (else /tmp), made on first use:
 * mode 0700 and an unpredictable name (mkdtemp(3)), so no other user can
 * plant or read a cidfile.  Returns it, or NULL with *err (malloc'd).
 */
static const char *
world_dir(struct world *w, char **err)
{
	const char *tmp;

	if (w->dir != NULL)
		return w->dir;
	tmp = getenv("TMPDIR");
	w->dir = xasprintf("%s/runflow-docker.XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(w->dir) == NULL) {
		*err = xasprintf("cannot make a private directory '%s': %s",
		    w->dir, strerror(errno));
		free(w->dir);
		w->dir = NULL;
		return NULL;
	}
	return w->dir;
}

/*
 * A name of its own in the run's directory: DIR/N.suffix, N counting up
 * through the run (malloc'd).  Returns NULL with *err when there is no
 * directory.
 */
static char *
world_path(struct world *w, const char *suffix, char **err)
{
	const char *dir = world_dir(w, err);

	if (dir == NULL)
		return NULL;
	return xasprintf("%s/%lu.%s", dir, ++w->files, suffix);
}

/* Remove the run's private directory, if it was made. */
static void
world_rmdir(struct world *w)
{
	if (w->dir == NULL)
		return;
	rm_tree(w->dir);
	free(w->dir);
	w->dir = NULL;
}

/* The run id of ctx, never NULL. */
static const char *
ctx_run_id(const struct task_ctx *ctx)
{
	return ctx->run_id != NULL ? ctx->run_id : "";
}

/* The docker binary of ctx. */
static const char *
ctx_binary(const struct task_ctx *ctx)
{
	return ctx->docker != NULL && *ctx->docker != '\0' ? ctx->docker :
	    "docker";
}

/* The environment children get. */
static char *const *
ctx_environ(const struct task_ctx *ctx)
{
	return ctx->environ != NULL ? ctx->environ : environ;
}

/*
 * SIGINT or SIGTERM.  During the run the scheduler's own watcher acts and
 * this one does nothing; it is there so that the signal stays caught
 * after the scheduler let go of it, until docker_run_finish() removed the
 * run's folder: dying of the signal in between would leave the folder in
 * TMPDIR.  While the end of the run is cleaned up, the signal stops the
 * sweep (the command running is killed), and docker_run_finish() dies of
 * it once the folder is gone.
 */
static void
world_signal(struct loop *loop, int signo, void *arg)
{
	struct world *w = arg;

	(void)loop;
	if (!w->finishing)
		return;
	if (sync_signo == 0)
		sync_signo = signo;
	if (sync_proc != NULL)
		proc_kill(sync_proc, SIGKILL);
}

/* The state of ctx's run, made on first use. */
static struct world *
world_get(const struct task_ctx *ctx)
{
	const char *run_id = ctx_run_id(ctx);
	struct world *w;

	for (w = worlds; w != NULL; w = w->next)
		if (strcmp(w->run_id, run_id) == 0)
			return w;
	w = xcalloc(1, sizeof(*w));
	w->run_id = xstrdup(run_id);
	strvec_init(&w->keep);
	strvec_init(&w->dirty_engines);
	strvec_init(&w->failed_task);
	strvec_init(&w->failed_engine);
	strvec_init(&w->stuck_engines);
	if ((w->loop = ctx->loop) != NULL) {
		w->sigint = loop_signal_add(w->loop, SIGINT, world_signal, w);
		w->sigterm = loop_signal_add(w->loop, SIGTERM, world_signal,
		    w);
	}
	w->next = worlds;
	worlds = w;
	return w;
}

/* Forget the state of run id. */
static void
world_drop(const char *run_id)
{
	for (struct world **pw = &worlds; *pw != NULL; pw = &(*pw)->next) {
		struct world *w = *pw;

		if (strcmp(w->run_id, run_id) != 0)
			continue;
		*pw = w->next;
		world_rmdir(w);
		if (w->loop != NULL) {
			loop_signal_del(w->loop, w->sigint);
			loop_signal_del(w->loop, w->sigterm);
		}
		free(w->run_id);
		strvec_release(&w->keep);
		strvec_release(&w->dirty_engines);
		strvec_release(&w->failed_task);
		strvec_release(&w->failed_engine);
		strvec_release(&w->stuck_engines);
		free(w);
		return;
	}
}

/* The index of s in v, or -1. */
static ptrdiff_t
strvec_find(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* Remember the engine a task's attempt failed on (NULL: forget). */
static void
world_set_failed(struct world *w, const char *task, const struct engine *e)
{
	ptrdiff_t i = strvec_find(&w->failed_task, task);

	if (i < 0) {
		strvec_push(&w->failed_task, task);
		strvec_push(&w->failed_engine, "");
		i = (ptrdiff_t)w->failed_task.n - 1;
	}
	free(w->failed_engine.v[i]);
	w->failed_engine.v[i] = xstrdup(e != NULL ? e->name : "");
}

/* The engine a task's last attempt failed on, or NULL. */
static const struct engine *
world_failed(const struct world *w, const struct engine_set *set,
    const char *task)
{
	ptrdiff_t i = strvec_find(&w->failed_task, task);

	return i < 0 ? NULL : engine_find(set, w->failed_engine.v[i]);
}

/* ---- engines ---- */

/* The engines load-time checks know (run.c sets them before loading). */
static const struct engine_set *check_engines;

/* Remember the engines load-time checks know. */
void
docker_run_set_engines(const struct engine_set *engines)
{
	check_engines = engines;
}

/* The engine pinned with `_engine` in args (by name), or NULL. */
static const char *
pinned_name(const struct value *args)
{
	const struct value *v = args != NULL && args->kind == VAL_OBJECT ?
	    val_object_cget(args, "_engine") : NULL;

	return v != NULL && v->kind == VAL_STRING ? v->u.str.s : NULL;
}

/* The message for an engine name the settings file does not define. */
static char *
unknown_engine_text(const char *name, const struct engine_set *set)
{
	struct engine *const *all;
	const char **names;
	const char *near;
	size_t n;
	char *t;

	all = engine_list(set, &n);
	names = xcalloc(n ? n : 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = all[i]->name;
	near = diag_suggest(name, names, n);
	if (near != NULL)
		t = xasprintf("unknown engine '%s' (did you mean '%s'?)", name,
		    near);
	else
		t = xasprintf("unknown engine '%s': define it in an [engine "
		    "\"%s\"] section of the settings file", name, name);
	free(names);
	return t;
}

/* Whether text holds any of signs (ends with NULL), ignoring case. */
static bool
has_sign(const char *text, const char *const *signs)
{
	for (size_t i = 0; signs[i] != NULL; i++)
		if (strcasestr(text, signs[i]) != NULL)
			return true;
	return false;
}

/*
 * Whether the CLI's stderr says the engine could not be reached (the
 * docker CLI's words for a missing socket, a refused or broken
 * connection, an ssh:// helper that failed).
 */
static bool
engine_unreachable(const char *err)
{
	static const char *const signs[] = {
		"Cannot connect to the Docker daemon",
		"error during connect",
		"connection refused",
		"connection reset by peer",
		"unexpected EOF",
		"broken pipe",
		NULL,
	};

	return has_sign(err, signs);
}

/* ---- translation ---- */

/* Whether two string vectors are equal. */
static bool
strvec_same(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/* Whether two strings (either may be NULL) are equal. */
static bool
str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether two translations are the same plan. */
static bool
plans_same(const struct docker_plan *a, const struct docker_plan *b)
{
	return strvec_same(&a->argv, &b->argv) &&
	    strvec_same(&a->env_set, &b->env_set) &&
	    strvec_same(&a->env_unset, &b->env_unset) &&
	    a->insert_at == b->insert_at &&
	    a->need_image_cmd == b->need_image_cmd &&
	    a->no_config_proxy == b->no_config_proxy;
}

/* Whether two lists hold the same diagnostics. */
static bool
diags_same(const struct diag_list *a, const struct diag_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].severity != b->v[i].severity ||
		    !str_same(a->v[i].summary, b->v[i].summary) ||
		    !str_same(a->v[i].detail, b->v[i].detail))
			return false;
	return true;
}

/* Copy every diagnostic of from into to. */
static void
diags_copy(struct diag_list *to, const struct diag_list *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct diag *d = &from->v[i];
		struct diag *nd;

		nd = diag_add(to, d->severity, d->src, d->subject, "%s",
		    d->summary);
		if (d->detail != NULL)
			diag_set_detail(nd, "%s", d->detail);
	}
}

/*
 * Translate args into dp for binary, diagnostics into dl.  The arguments
 * are translated for docker and for podman; only when the two differ (an
 * argument podman lacks or spells otherwise) is the binary asked what it
 * is, so most runs never pay for `BIN --version`.  Returns 0, or -1 when
 * an error was reported.
 */
static int
drun_translate(const struct docker_arg *args, size_t n, const char *binary,
    const struct source *src, struct span block, struct docker_plan *dp,
    struct diag_list *dl)
{
	struct docker_plan p[2];
	struct diag_list l[2] = { DIAG_LIST_INIT, DIAG_LIST_INIT };
	struct docker_opts o;
	int rc[2], pick = 0;

	memset(&o, 0, sizeof(o));
	o.src = src;
	o.block = block;
	o.binary = binary;
	for (int i = 0; i < 2; i++) {
		o.podman = i == 1;
		docker_plan_init(&p[i]);
		rc[i] = docker_plan_build(&p[i], args, n, &o, &l[i]);
	}
	if (rc[0] != rc[1] || !plans_same(&p[0], &p[1]) ||
	    !diags_same(&l[0], &l[1]))
		pick = docker_run_is_podman(binary) ? 1 : 0;
	diags_copy(dl, &l[pick]);
	*dp = p[pick];
	docker_plan_release(&p[1 - pick]);
	diag_list_release(&l[0]);
	diag_list_release(&l[1]);
	return rc[pick];
}

/* The task's own arguments (no _depends_on, _retry, _timeout) of args. */
static size_t
args_of_value(const struct value *args, struct docker_arg **out)
{
	size_t n = args != NULL && args->kind == VAL_OBJECT ? args->u.obj.n : 0;
	struct docker_arg *a = xcalloc(n ? n : 1, sizeof(*a));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct val_member *m = &args->u.obj.members[i];

		if (m->key[0] == '_')
			continue;
		a[k].name = m->key;
		a[k].val = m->val;
		k++;
	}
	*out = a;
	return k;
}

/* The error diagnostics of dl as one message, one per line (malloc'd). */
static char *
diags_text(const struct diag_list *dl)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < dl->n; i++) {
		if (dl->v[i].severity != DIAG_ERROR)
			continue;
		if (b.len > 0)
			buf_putc(&b, '\n');
		buf_puts(&b, dl->v[i].summary);
		if (dl->v[i].detail != NULL)
			buf_printf(&b, " (%s)", dl->v[i].detail);
	}
	return buf_detach(&b, NULL);
}

/* The `_engine` argument: a string naming an engine of the settings. */
static void
check_engine(struct task_check *c)
{
	const struct task_argval *av = task_check_find(c, "_engine");
	struct diag *dg;

	if (av == NULL || av->val == NULL || val_is_unknown(av->val))
		return;
	if (av->val->kind != VAL_STRING) {
		task_check_error(c, av, "'_engine' must be the name of an "
		    "engine, not %s %s", av->val->kind == VAL_OBJECT ? "an" :
		    "a", val_kind_name(av->val->kind));
		return;
	}
	if (engine_find(check_engines, av->val->u.str.s) == NULL) {
		char *t = unknown_engine_text(av->val->u.str.s, check_engines);
		char *paren = strstr(t, " (did you mean");

		if (paren != NULL) {
			*paren = '\0';
			dg = task_check_error(c, av, "%s", t);
			paren[strlen(paren) - 1] = '\0';
			diag_set_detail(dg, "%s", paren + 2);
		} else {
			task_check_error(c, av, "%s", t);
		}
		free(t);
	}
}

/*
 * The arguments a Swarm job cannot express, for every swarm engine the
 * task may run on: its pinned engine, else each of the pool.
 */
static void
check_swarm(struct task_check *c, const struct docker_arg *a, size_t n)
{
	const struct task_argval *av = task_check_find(c, "_engine");
	struct engine *const *all;
	size_t ne;

	if (av != NULL && (av->val == NULL || val_is_unknown(av->val) ||
	    av->val->kind != VAL_STRING))
		return;
	all = engine_list(check_engines, &ne);
	for (size_t i = 0; i < ne; i++) {
		const struct engine *e = all[i];

		if (e->kind != ENGINE_SWARM || (av != NULL ?
		    strcmp(e->name, av->val->u.str.s) != 0 : !e->in_pool))
			continue;
		if (docker_swarm_check(a, n, e->name, c->src, c->diags) > 0)
			break;	/* once is enough to name every argument */
	}
}

/* check hook: the translation's diagnostics, located at load time. */
static void
drun_check(struct task_check *c)
{
	struct docker_arg *a = xcalloc(c->nargs ? c->nargs : 1, sizeof(*a));
	struct docker_plan dp;
	size_t n = 0;

	for (size_t i = 0; i < c->nargs; i++) {
		const struct task_argval *av = &c->args[i];

		if (av->name[0] == '_')
			continue;
		a[n].name = av->name;
		/* Not known yet (needs a task's result): not null. */
		a[n].val = av->val != NULL ? av->val : val_unknown();
		a[n].name_span = av->name_span;
		a[n].span = av->value_span.end > av->value_span.start ?
		    av->value_span : av->name_span;
		n++;
	}
	drun_translate(a, n, check_binary != NULL ? check_binary : "docker",
	    c->src, c->block_span, &dp, c->diags);
	docker_plan_release(&dp);
	check_swarm(c, a, n);
	free(a);
	check_engine(c);
}

/* ---- the attempt's state ---- */

enum aux_kind {
	AUX_NONE,
	AUX_INSPECT,
	AUX_PULL,
	AUX_KILL,
	AUX_RM,
	AUX_PS,		/* containers of this task, after a stop */
	AUX_RM_FOUND,	/* remove what AUX_PS found */
	AUX_SW_PS,	/* the Swarm job's task and its state */
	AUX_SW_INSPECT,	/* the job's task: exit status, container */
	AUX_SW_RMC,	/* docker rm -f of the job's container */
	AUX_SW_RM,	/* docker service rm */
};

struct drun {
	struct task_run *run;
	struct docker_plan dp;	/* the translation */
	bool have_dp;
	struct world *world;
	char *cidfile;		/* in the run's directory, or NULL */
	char *confdir;		/* a docker configuration without proxies */
	char *cid;		/* the container's id once known */
	struct proc *aux;	/* the helper command running, or NULL */
	enum aux_kind aux_kind;
	struct loop_timer *aux_timer;	/* its time limit, or NULL */
	bool aux_late;		/* it was killed at its time limit */
	bool stuck;		/* a clean-up command got no answer: no
				   more of them */
	bool pulled;
	bool cli_started, cli_done;
	bool stream;
	struct engine *engine;	/* where the attempt runs; NULL: the CLI's
				   default engine */
	bool has_slot;		/* holds one of the engine's slots */
	struct engine_wait *wait;	/* waiting for a slot, or NULL */
	struct strvec env;	/* the CLI's environment for the engine */
	char *where;		/* " on engine 'NAME'" or "" */
	bool canceling, forced;
	enum task_cancel_why why;
	bool need_kill, need_rm;	/* clean-up still to do by cid */
	bool killed, removed;		/* clean-up commands issued */
	unsigned rm_tries;
	struct loop_timer *retry;	/* the next helper to start, or NULL */
	unsigned sweeps;		/* task sweeps done */
	/* A Swarm job (docs/swarm.md). */
	bool swarm;
	char *service;			/* its unique name */
	struct proc *create;		/* docker service create, running */
	bool create_done, create_ok;
	char *create_words;		/* what a failed create said */
	struct loop_timer *poll;	/* the next `service ps` */
	char *sw_task, *sw_state;	/* its task id and state, once ended */
	bool logs_started, logs_done, inspected, sw_removed;
	bool sw_asked, cid_removed;
	uint64_t cli_end_ms;
	bool finished;
	/* The outcome, reported once clean-up is over. */
	const struct value *attrs;
	char *fail;
};

/* The attempt's state, made on first use. */
static struct drun *
drun_state(struct task_run *run)
{
	struct drun *d = run->state;

	if (d == NULL) {
		d = xcalloc(1, sizeof(*d));
		d->run = run;
		docker_plan_init(&d->dp);
		strvec_init(&d->env);
		run->state = d;
	}
	return d;
}

/* Remove what the attempt put in the run's directory. */
static void
drun_unlink(struct drun *d)
{
	if (d->cidfile != NULL && unlink(d->cidfile) == -1 && errno != ENOENT)
		log_warn("cannot remove '%s': %s", d->cidfile, strerror(errno));
	free(d->cidfile);
	d->cidfile = NULL;
	if (d->confdir != NULL)
		rm_tree(d->confdir);
	free(d->confdir);
	d->confdir = NULL;
}

/* free_state hook. */
static void
drun_free(struct task_run *run)
{
	struct drun *d = run->state;

	if (d == NULL)
		return;
	if (d->aux != NULL)
		proc_free(d->aux);
	if (d->aux_timer != NULL)
		loop_timer_cancel(run->ctx->loop, d->aux_timer);
	if (d->retry != NULL)
		loop_timer_cancel(run->ctx->loop, d->retry);
	if (d->wait != NULL)
		engine_wait_cancel(run->ctx->engines, d->wait);
	if (d->create != NULL)
		proc_free(d->create);
	if (d->poll != NULL)
		loop_timer_cancel(run->ctx->loop, d->poll);
	free(d->service);
	free(d->create_words);
	free(d->sw_task);
	free(d->sw_state);
	if (d->has_slot)
		engine_release(run->ctx->engines, d->engine);
	drun_unlink(d);
	docker_plan_release(&d->dp);
	strvec_release(&d->env);
	free(d->where);
	free(d->cidfile);
	free(d->cid);
	free(d->fail);
	free(d);
	run->state = NULL;
}

/* The docker program for engine e (NULL: the CLI's default engine). */
static const char *
engine_binary(const struct task_ctx *ctx, const struct engine *e)
{
	return e != NULL && e->binary != NULL ? e->binary : ctx_binary(ctx);
}

/* The docker program of the attempt. */
static const char *
drun_binary(const struct drun *d)
{
	return engine_binary(d->run->ctx, d->engine);
}

/* The environment of the attempt's helper commands. */
static char *const *
drun_environ(struct drun *d)
{
	return d->engine != NULL ? strvec_argv(&d->env) :
	    ctx_environ(d->run->ctx);
}

/* " on engine 'NAME'" for messages, "" on the default engine. */
static const char *
drun_where(const struct drun *d)
{
	return d->where != NULL ? d->where : "";
}

/* ---- plans ---- */

/* Whether the environment env has a variable called name. */
static bool
env_has(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; env != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return true;
	return false;
}

/*
 * The environment part of a plan: the translation's variables and the
 * engine's address as the CLI reads it (DOCKER_HOST...).  A real plan
 * removes every variable it must; the dry plan only those the runner's
 * environment has (decisions §7).
 */
static void
plan_env(const struct task_run *run, const struct engine *e,
    const struct docker_plan *dp, bool real, struct task_plan *plan)
{
	struct strvec eset = STRVEC_INIT, eunset = STRVEC_INIT;

	for (size_t i = 0; i < dp->env_set.n; i++)
		strvec_push(&plan->env, dp->env_set.v[i]);
	for (size_t i = 0; i < dp->env_unset.n; i++)
		if (real || env_has(ctx_environ(run->ctx), dp->env_unset.v[i]))
			strvec_push(&plan->unset, dp->env_unset.v[i]);
	engine_plan_env(e, &eset, &eunset);
	for (size_t i = 0; i < eset.n; i++)
		strvec_push(&plan->env, eset.v[i]);
	for (size_t i = 0; i < eunset.n; i++)
		if (real || env_has(ctx_environ(run->ctx), eunset.v[i]))
			strvec_push(&plan->unset, eunset.v[i]);
	strvec_release(&eset);
	strvec_release(&eunset);
}

/*
 * Fill plan from the translation: the one code path for the dry run and
 * the run (architecture.md section 1).  The real plan carries the
 * bookkeeping flags (--cidfile and the two labels) where the translation
 * left room for them; the dry plan leaves them out so the line is the
 * command a person would type, and removes from the environment only what
 * the runner's environment has (decisions §7).
 */
static void
drun_fill(const struct task_run *run, const struct engine *e,
    const struct docker_plan *dp, const char *cidfile, struct task_plan *plan)
{
	bool real = cidfile != NULL;

	strvec_push(&plan->argv, engine_binary(run->ctx, e));
	for (size_t i = 0; i <= dp->argv.n; i++) {
		if (real && i == dp->insert_at) {
			strvec_pushf(&plan->argv, "--cidfile=%s", cidfile);
			strvec_pushf(&plan->argv, "--label=%s=%s",
			    DOCKER_RUN_LABEL_RUN, ctx_run_id(run->ctx));
			strvec_pushf(&plan->argv, "--label=%s=%s",
			    DOCKER_RUN_LABEL_TASK, run->id);
		}
		if (i < dp->argv.n)
			strvec_push(&plan->argv, dp->argv.v[i]);
	}
	plan_env(run, e, dp, real, plan);
}

/* Translate run->args into the state's plan; 0, or -1 with *err. */
static int
drun_prepare(struct task_run *run, const struct engine *e, char **err)
{
	struct drun *d = drun_state(run);
	struct diag_list dl = DIAG_LIST_INIT;
	struct docker_arg *a;
	size_t n = args_of_value(run->args, &a);
	int rc;

	docker_plan_release(&d->dp);
	rc = drun_translate(a, n, engine_binary(run->ctx, e), NULL,
	    span_make(0, 0), &d->dp, &dl);
	free(a);
	if (rc == -1) {
		*err = diags_text(&dl);
		if (**err == '\0') {
			free(*err);
			*err = xstrdup("the arguments of docker_run are not "
			    "valid");
		}
	}
	d->have_dp = rc == 0;
	diag_list_release(&dl);
	return rc;
}

static int sw_describe(const struct task_run *run, const struct engine *e,
    const struct docker_plan *dp, struct task_plan *plan, char **err);

/* plan hook: the command as a person would type it (the dry run's). */
static int
drun_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	const char *name = pinned_name(run->args);
	struct engine *pinned = NULL, *e;
	struct drun *d;

	if (name != NULL &&
	    (pinned = engine_find(run->ctx->engines, name)) == NULL) {
		*err = unknown_engine_text(name, run->ctx->engines);
		return -1;
	}
	/* A dry run shows the engine the task would get in an idle pool. */
	e = engine_preview(run->ctx->engines, pinned);
	if (drun_prepare(run, e, err) == -1)
		return -1;
	d = run->state;
	if (e != NULL && e->kind == ENGINE_SWARM)
		return sw_describe(run, e, &d->dp, plan, err);
	drun_fill(run, e, &d->dp, NULL, plan);
	return 0;
}

/* ---- completion ---- */

/* Report the outcome once nothing of the attempt runs any more. */
static void
drun_maybe_finish(struct drun *d)
{
	struct task_run *run = d->run;

	if (d->finished || d->aux != NULL || d->retry != NULL ||
	    (d->cli_started && !d->cli_done))
		return;
	if (d->attrs == NULL && d->fail == NULL)
		return;
	d->finished = true;
	drun_unlink(d);
	if (d->has_slot) {
		d->has_slot = false;
		engine_release(run->ctx->engines, d->engine);
	}
	if (d->engine != NULL && d->world != NULL)
		world_set_failed(d->world, run->id,
		    d->fail != NULL ? d->engine : NULL);
	if (d->fail != NULL)
		task_run_fail(run, "%s", d->fail);
	else
		task_run_succeed(run, d->attrs);
}

/* Set the failure (the first one wins). */
static void
drun_set_fail(struct drun *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
drun_set_fail(struct drun *d, const char *fmt, ...)
{
	va_list ap;

	if (d->fail != NULL)
		return;
	va_start(ap, fmt);
	d->fail = xvasprintf(fmt, ap);
	va_end(ap);
}

/*
 * The message for a stopped attempt; stuck: a clean-up command got no
 * answer, so the container may not have stopped.
 */
static const char *
cancel_text(enum task_cancel_why why, bool stuck)
{
	switch (why) {
	case TASK_CANCEL_TIMEOUT:
		return stuck ? "timed out: the daemon did not answer, the "
		    "container may still be running" :
		    "timed out: the container was stopped";
	case TASK_CANCEL_SIGNAL:
		return "stopped: runflow was interrupted";
	case TASK_CANCEL_FORCE:
		break;
	}
	return "stopped at once: runflow was interrupted twice";
}

/* ---- helper commands ---- */

static void aux_done(struct proc *p, const struct proc_result *r, void *arg);

/*
 * Whether a helper command is clean-up, with a time limit.  Looking at
 * and pulling the image are the task's own work: a pull may take long.
 */
static bool
aux_limited(enum aux_kind kind)
{
	return kind != AUX_INSPECT && kind != AUX_PULL && kind != AUX_NONE;
}

/* Timer: a clean-up command got no answer in time; kill its CLI. */
static void
aux_expire(struct loop *loop, void *arg)
{
	struct drun *d = arg;

	(void)loop;
	d->aux_timer = NULL;
	if (d->aux == NULL)
		return;
	d->aux_late = true;
	proc_kill(d->aux, SIGKILL);
}

/*
 * The options of a helper command: argv in environment envp, stdin from
 * /dev/null, what it prints kept up to DRUN_AUX_MAX, done called at the
 * end with arg.
 */
static void
helper_opts(struct proc_opts *o, char *const *argv, char *const *envp,
    proc_done_cb done, void *arg)
{
	memset(o, 0, sizeof(*o));
	o->spawn.argv = argv;
	o->spawn.envp = envp;
	o->spawn.in = SPAWN_STDIN_NULL;
	o->spawn.stdin_fd = -1;
	o->out_max = DRUN_AUX_MAX;
	o->err_max = DRUN_AUX_MAX;
	o->on_done = done;
	o->arg = arg;
}

/* Start a helper command (argv without the binary); 0 or -1 with errno. */
static int
aux_start(struct drun *d, enum aux_kind kind, const char *const *args)
{
	struct task_run *run = d->run;
	struct strvec argv = STRVEC_INIT;
	struct proc_opts o;
	uint64_t limit = drun_limit_ms;

	strvec_push(&argv, drun_binary(d));
	for (size_t i = 0; args[i] != NULL; i++)
		strvec_push(&argv, args[i]);
	helper_opts(&o, strvec_argv(&argv), drun_environ(d), aux_done, d);
	d->aux = proc_new(run->ctx->loop, &o);
	if (kind == AUX_RM_FOUND)
		limit += (uint64_t)(argv.n - 3) * DRUN_LIMIT_PER_ID_MS;
	strvec_release(&argv);
	if (d->aux == NULL)
		return -1;
	d->aux_kind = kind;
	d->aux_late = false;
	if (aux_limited(kind))
		d->aux_timer = loop_timer_add(run->ctx->loop,
		    loop_now_ms() + limit, aux_expire, d);
	return 0;
}

/* Read the container id from the cidfile once it is there. */
static void
read_cid(struct drun *d)
{
	char text[256];
	ssize_t n;
	size_t len = 0;
	int fd;

	if (d->cid != NULL || d->cidfile == NULL)
		return;
	fd = open(d->cidfile, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return;
	while (len < sizeof(text) - 1 &&
	    (n = read(fd, text + len, sizeof(text) - 1 - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	text[len] = '\0';
	if (len > 0 && strspn(text, "0123456789abcdefABCDEF") == len)
		d->cid = xstrdup(text);
}

/*
 * Issue the next clean-up command by container id: `docker kill`, then
 * `docker rm -f` unless the container is to be kept.  Returns true when
 * one was started.
 */
static bool
cleanup_next(struct drun *d)
{
	if (d->aux != NULL || d->forced || d->stuck)
		return d->aux != NULL;
	read_cid(d);
	if (d->cid == NULL)
		return false;
	if (d->need_kill && !d->killed) {
		const char *args[] = { "kill", d->cid, NULL };

		d->killed = true;
		if (aux_start(d, AUX_KILL, args) == 0)
			return true;
	}
	if (d->need_rm && !d->removed && !d->dp.keep_container) {
		const char *args[] = { "rm", "-f", d->cid, NULL };

		d->removed = true;
		if (aux_start(d, AUX_RM, args) == 0)
			return true;
	}
	return false;
}

/* Timer: ask for the removal again. */
static void
rm_again(struct loop *loop, void *arg)
{
	struct drun *d = arg;
	const char *args[] = { "rm", "-f", d->cid, NULL };

	(void)loop;
	d->retry = NULL;
	if (aux_start(d, AUX_RM, args) == -1)
		drun_maybe_finish(d);
}

/* Timer: list the containers labelled with this task. */
static void
sweep_task(struct loop *loop, void *arg)
{
	struct drun *d = arg;
	struct task_run *run = d->run;
	char *flt[2];
	const char *args[8];

	(void)loop;
	d->retry = NULL;
	d->sweeps++;
	flt[0] = xasprintf("label=%s=%s", DOCKER_RUN_LABEL_RUN,
	    ctx_run_id(run->ctx));
	flt[1] = xasprintf("label=%s=%s", DOCKER_RUN_LABEL_TASK, run->id);
	args[0] = "ps";
	args[1] = "-aq";
	args[2] = "--no-trunc";
	args[3] = "--filter";
	args[4] = flt[0];
	args[5] = "--filter";
	args[6] = flt[1];
	args[7] = NULL;
	if (aux_start(d, AUX_PS, args) == -1)
		drun_maybe_finish(d);
	free(flt[0]);
	free(flt[1]);
}

/* Plan the next task sweep, if one is due; true when planned. */
static bool
sweep_next(struct drun *d)
{
	uint64_t due;

	if (d->forced || d->stuck || d->dp.keep_container || d->cid != NULL ||
	    !d->canceling || d->sweeps >= sizeof(drun_sweep_ms) /
	    sizeof(drun_sweep_ms[0]))
		return false;
	due = d->cli_end_ms + drun_sweep_ms[d->sweeps];
	d->retry = loop_timer_add(d->run->ctx->loop, due, sweep_task, d);
	return true;
}

/* Remove the containers a task sweep found (ids one a line in out). */
static void
sweep_found(struct drun *d, struct buf *out)
{
	struct strvec argv = STRVEC_INIT;
	char *save = NULL;

	strvec_push(&argv, "rm");
	strvec_push(&argv, "-f");
	for (char *p = out->data, *tok; out->data != NULL &&
	    (tok = strtok_r(p, " \t\r\n", &save)) != NULL; p = NULL)
		strvec_push(&argv, tok);
	if (argv.n > 2 && aux_start(d, AUX_RM_FOUND,
	    (const char *const *)strvec_argv(&argv)) == 0)
		log_msg(LOG_DEBUG, "task %s: removing %zu container%s created "
		    "after it was stopped", d->run->id, argv.n - 2,
		    argv.n == 3 ? "" : "s");
	else
		sweep_next(d);
	strvec_release(&argv);
}

/*
 * Note that the attempt may leave something labelled with the run on its
 * engine, for the end-of-run sweep.
 */
static void
mark_dirty(struct drun *d)
{
	struct world *w = d->world;

	if (d->engine == NULL)
		w->dirty = true;
	else if (strvec_find(&w->dirty_engines, d->engine->name) < 0)
		strvec_push(&w->dirty_engines, d->engine->name);
}

/* Ask for the container to be killed and removed (decisions §4). */
static void
want_cleanup(struct drun *d)
{
	d->need_kill = true;
	d->need_rm = true;
	mark_dirty(d);
}

static int cli_start(struct drun *d);
static void sw_advance(struct drun *d);
static void sw_ps_done(struct drun *d, bool ok, struct buf *out);
static void sw_inspect_done(struct drun *d, bool ok, struct buf *out,
    const char *words);

/* The image's CMD (JSON from inspect) appended to the run's argv. */
static int
append_image_cmd(struct drun *d, const char *json, size_t len, char **err)
{
	struct arena a = ARENA_INIT;
	const struct value *v;
	const char *jerr;
	int line, col, rc = 0;

	v = val_from_json(&a, json, len, &jerr, &line, &col);
	if (v == NULL || (v->kind != VAL_LIST && v->kind != VAL_NULL)) {
		*err = xasprintf("cannot read the CMD of image '%s': %s",
		    d->dp.image, v == NULL ? jerr : "not a list");
		rc = -1;
	} else if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.n; i++) {
			const struct value *s = v->u.list.items[i];

			if (s->kind != VAL_STRING) {
				*err = xasprintf("cannot read the CMD of image "
				    "'%s': not a list of strings", d->dp.image);
				rc = -1;
				break;
			}
		}
		for (size_t i = 0; rc == 0 && i < v->u.list.n; i++)
			strvec_push(&d->run->plan.argv,
			    v->u.list.items[i]->u.str.s);
	}
	arena_release(&a);
	return rc;
}

/* Whether c is a blank that ends a line of text. */
static bool
line_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * What a docker CLI printed, tidied for a message: each line without its
 * trailing blanks, blank lines dropped (docker prints an empty line before
 * "Run 'docker run --help'", which an indented block would show as a line
 * of spaces).  Returns malloc'd text, "" for nothing.
 */
static char *
tidy_lines(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;

	while (s != NULL && i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl != NULL ? (size_t)(nl - s) : len, t = e;

		while (t > i && line_blank(s[t - 1]))
			t--;
		if (t > i) {
			if (b.len > 0)
				buf_putc(&b, '\n');
			buf_append(&b, s + i, t - i);
		}
		i = e + 1;
	}
	return buf_detach(&b, NULL);
}

/* The tidied text of a helper's stderr (or stdout), for messages. */
static char *
aux_words(struct proc *p)
{
	struct buf *b = proc_stderr(p)->len > 0 ? proc_stderr(p) :
	    proc_stdout(p);

	return tidy_lines(b->data, b->len);
}

/* Lines of text indented as the continuation of a warning (malloc'd). */
static char *
indent_lines(const char *text)
{
	struct buf b = BUF_INIT;

	for (const char *p = text; *p != '\0'; p++) {
		buf_putc(&b, *p);
		if (*p == '\n')
			buf_puts(&b, "    ");
	}
	return buf_detach(&b, NULL);
}

/* A clean-up command of the attempt as a person would type it (malloc'd). */
static char *
aux_label(const struct drun *d, enum aux_kind kind)
{
	const char *cid = d->cid != NULL ? d->cid : "";

	switch (kind) {
	case AUX_KILL:
		return xasprintf("docker kill %.12s", cid);
	case AUX_RM:
	case AUX_SW_RMC:
		return xasprintf("docker rm -f %.12s", cid);
	case AUX_PS:
		return xstrdup("docker ps");
	case AUX_RM_FOUND:
		return xstrdup("docker rm -f");
	case AUX_SW_PS:
		return xasprintf("docker service ps %s", d->service);
	case AUX_SW_INSPECT:
		return xasprintf("docker inspect %s", d->sw_task != NULL ?
		    d->sw_task : "");
	case AUX_SW_RM:
		return xasprintf("docker service rm %s", d->service);
	case AUX_NONE:
	case AUX_INSPECT:
	case AUX_PULL:
		break;
	}
	return xstrdup("docker");
}

/*
 * What the attempt may have left running and how to remove it once the
 * daemon answers again, for warnings and failures (malloc'd).
 */
static char *
leftover_hint(const struct drun *d)
{
	const char *rid = ctx_run_id(d->run->ctx);
	const char *cid = d->cid;

	if (d->swarm && d->service != NULL)
		return xasprintf("the Swarm job '%s' may still be running%s: "
		    "once the daemon answers, remove it with 'docker service "
		    "rm %s'", d->service, drun_where(d), d->service);
	if (cid != NULL && d->dp.keep_container)
		return xasprintf("container %.12s may still be running%s: "
		    "once the daemon answers, stop it with 'docker kill "
		    "%.12s'", cid, drun_where(d), cid);
	if (cid != NULL && d->engine != NULL)
		return xasprintf("container %.12s may still be running%s: "
		    "once the daemon answers, remove it there with 'docker rm "
		    "-f %.12s'", cid, drun_where(d), cid);
	if (cid != NULL)
		return xasprintf("container %.12s may still be running: once "
		    "the daemon answers, remove it with 'docker rm -f %.12s' "
		    "or 'runflow cleanup --run %s'", cid, cid, rid);
	if (d->engine != NULL)
		return xasprintf("a container of the task may still be "
		    "running%s: once the daemon answers, remove the containers "
		    "labelled runflow.run=%s there", drun_where(d), rid);
	return xasprintf("a container of the task may still be running: once "
	    "the daemon answers, remove it with 'runflow cleanup --run %s'",
	    rid);
}

/*
 * A clean-up command got no answer within its limit and was killed: no
 * more clean-up for the attempt, the engine is noted for the end-of-run
 * sweep, and a warning says what may be left.
 */
static void
aux_no_answer(struct drun *d, enum aux_kind kind)
{
	struct world *w = d->world;
	char *what = aux_label(d, kind), *hint = leftover_hint(d);

	d->stuck = true;
	if (w != NULL && d->engine == NULL)
		w->stuck = true;
	else if (w != NULL && strvec_find(&w->stuck_engines,
	    d->engine->name) < 0)
		strvec_push(&w->stuck_engines, d->engine->name);
	log_warn("task '%s': '%s'%s got no answer from the daemon in %g s "
	    "and was stopped; %s", d->run->display, what, drun_where(d),
	    (double)drun_limit_ms / 1000, hint);
	free(what);
	free(hint);
}

/*
 * Whether docker's words for a refused clean-up command only say that
 * there is nothing left to do: the container or service is gone, or the
 * container is not running any more.
 */
static bool
refusal_harmless(const char *words)
{
	static const char *const signs[] = {
		"No such container",
		"is not running",
		"No such service",
		"not found",
		NULL,
	};

	return has_sign(words, signs);
}

/*
 * A clean-up command exited non-zero: a warning with docker's words, or a
 * debug line when they say the work was done already.
 */
static void
aux_refused(struct drun *d, enum aux_kind kind, int code, const char *words)
{
	char *what = aux_label(d, kind), *quoted = indent_lines(words);

	if (refusal_harmless(words))
		log_msg(LOG_DEBUG, "task %s: '%s' exited with status %d: %s",
		    d->run->id, what, code, words);
	else
		log_warn("task '%s': '%s'%s failed with exit status %d%s%s",
		    d->run->display, what, drun_where(d), code,
		    *quoted != '\0' ? ":\n    " : "", quoted);
	free(what);
	free(quoted);
}

/* A helper command ended. */
static void
aux_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct drun *d = arg;
	enum aux_kind kind = d->aux_kind;
	bool ok = r->error == 0 && r->status.code == 0;
	bool late = d->aux_late;
	/* Refused by docker, not stopped by runflow. */
	bool refused = !ok && !late && !d->forced && r->status.code > 0;
	char *words = aux_words(p), *err = NULL;

	d->aux = NULL;
	d->aux_kind = AUX_NONE;
	d->aux_late = false;
	if (d->aux_timer != NULL) {
		loop_timer_cancel(d->run->ctx->loop, d->aux_timer);
		d->aux_timer = NULL;
	}
	if (late && (d->canceling || (kind != AUX_SW_PS &&
	    kind != AUX_SW_INSPECT)))
		aux_no_answer(d, kind);
	switch (kind) {
	case AUX_INSPECT:
		if (d->canceling) {
			drun_set_fail(d, "%s", cancel_text(d->why, d->stuck));
		} else if (ok) {
			if (append_image_cmd(d, proc_stdout(p)->data,
			    proc_stdout(p)->len, &err) == -1)
				drun_set_fail(d, "%s", err);
			else
				cli_start(d);	/* sets the failure itself */
		} else if (!d->pulled) {
			const char *args[] = { "pull", d->dp.image, NULL };

			d->pulled = true;
			if (aux_start(d, AUX_PULL, args) == -1)
				drun_set_fail(d, "cannot run '%s': %s",
				    drun_binary(d), strerror(errno));
		} else {
			drun_set_fail(d, "docker could not inspect image "
			    "'%s'%s%s%s", d->dp.image, drun_where(d),
			    *words ? "\n" : "", words);
		}
		break;
	case AUX_PULL:
		if (d->canceling) {
			drun_set_fail(d, "%s", cancel_text(d->why, d->stuck));
		} else if (ok) {
			const char *args[] = { "image", "inspect", "-f",
			    "{{json .Config.Cmd}}", d->dp.image, NULL };

			if (aux_start(d, AUX_INSPECT, args) == -1)
				drun_set_fail(d, "cannot run '%s': %s",
				    drun_binary(d), strerror(errno));
		} else {
			drun_set_fail(d, "docker could not pull image '%s'%s%s%s",
			    d->dp.image, drun_where(d), *words ? "\n" : "",
			    words);
		}
		break;
	case AUX_KILL:
	case AUX_RM:
		if (kind == AUX_RM && refused &&
		    strstr(words, "already in progress") != NULL &&
		    ++d->rm_tries < DRUN_RM_TRIES) {
			d->retry = loop_timer_add(d->run->ctx->loop,
			    loop_now_ms() + DRUN_RM_RETRY_MS, rm_again, d);
			break;
		}
		if (refused)
			aux_refused(d, kind, r->status.code, words);
		if (!cleanup_next(d) && !sweep_next(d) && d->canceling &&
		    d->cli_started &&
		    !d->cli_done && d->run->proc != NULL)
			/* The container is gone; the CLI should follow. */
			proc_terminate(d->run->proc, SIGTERM,
			    d->run->ctx->grace_ms);
		break;
	case AUX_PS:
		if (ok)
			sweep_found(d, proc_stdout(p));
		else
			sweep_next(d);
		break;
	case AUX_RM_FOUND:
		if (refused)
			aux_refused(d, kind, r->status.code, words);
		sweep_next(d);
		break;
	case AUX_SW_PS:
		sw_ps_done(d, ok, proc_stdout(p));
		break;
	case AUX_SW_INSPECT:
		sw_inspect_done(d, ok, proc_stdout(p), words);
		break;
	case AUX_SW_RMC:
		d->cid_removed = true;
		if (refused)
			aux_refused(d, kind, r->status.code, words);
		break;
	case AUX_SW_RM:
		d->sw_removed = true;
		if (refused)
			aux_refused(d, kind, r->status.code, words);
		break;
	case AUX_NONE:
		fatal("docker_run: helper of no kind ended");
	}
	free(err);
	free(words);
	proc_free(p);
	if (d->swarm)
		sw_advance(d);
	drun_maybe_finish(d);
}

/* ---- the docker run process ---- */

/* Whether c is white space to Python's str.strip() (as task_strip). */
static bool
py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/*
 * Take the bytes of b (which is left empty) as a stripped string value.
 * A capture may be hundreds of megabytes: the bytes move into the arena
 * in slices from the end while the source shrinks behind them, so the
 * peak is one copy plus a slice, not two copies.  The value is built as
 * val_string() builds it.
 */
static const struct value *
take_stripped(struct arena *a, struct buf *b)
{
	size_t len, start = 0, n, left;
	char *data = buf_detach(b, &len);
	struct value *v;
	char *dst;

	if (data == NULL)
		return val_string(a, "", 0);
	while (start < len && py_space((unsigned char)data[start]))
		start++;
	while (len > start && py_space((unsigned char)data[len - 1]))
		len--;
	n = len - start;
	dst = arena_alloc(a, n + 1);
	left = n;
	while (left > 0) {
		size_t k = left < DRUN_SLICE ? left : DRUN_SLICE;

		memcpy(dst + left - k, data + start + left - k, k);
		left -= k;
		if (left > 0)
			data = xreallocarray(data, start + left, 1);
	}
	dst[n] = '\0';
	free(data);
	v = arena_calloc(a, 1, sizeof(*v));
	v->kind = VAL_STRING;
	v->u.str.s = dst;
	v->u.str.len = n;
	return v;
}

/* A byte count as text: "64 MiB" when whole mebibytes, else bytes. */
static char *
size_text(size_t n)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		return xasprintf("%zu MiB", n >> 20);
	return xasprintf("%zu bytes", n);
}

/* The failure for a capture past the cap, of the container or job. */
static void
fail_capped(struct drun *d, const char *whose, enum proc_stream over)
{
	char *cap = size_text(d->run->ctx->capture_max);

	drun_set_fail(d, "the %s's %s passed the capture cap of %s; nothing "
	    "was cut: raise 'output_cap' in the [run] section of the settings "
	    "file", whose, over == PROC_STDERR ? "stderr" : "stdout", cap);
	free(cap);
}

/*
 * The stdout result of a finished capture (which moves into the run's
 * arena): stdout, stderr (verr, already taken) or both in arrival order,
 * as the stdout and stderr arguments ask.
 */
static const struct value *
result_stdout(struct drun *d, struct proc *p, const struct value *verr)
{
	struct arena *a = d->run->arena;

	if (d->dp.result_stdout && d->dp.result_stderr)
		return take_stripped(a, proc_combined(p));
	if (d->dp.result_stderr)
		return verr;
	return take_stripped(a, proc_stdout(p));
}

/* Whether stderr text holds a line from the docker CLI itself. */
static bool
has_docker_line(const char *s)
{
	for (const char *p = s; p != NULL && *p != '\0';) {
		if (strncmp(p, "docker: ", 8) == 0)
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

/* The CLI ended: decide the outcome, then clean up what needs it. */
static void
cli_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct task_run *run = arg;
	struct drun *d = run->state;
	struct arena *a = run->arena;
	const struct docker_plan *dp = &d->dp;
	const struct value *verr, *vout;
	struct val_member m[5];
	size_t dup;

	d->cli_done = true;
	read_cid(d);
	if (d->canceling) {
		drun_set_fail(d, "%s", cancel_text(d->why, d->stuck));
		if (d->cid != NULL && !d->killed)
			want_cleanup(d);	/* created after the signal */
	} else if (r->error == EFBIG) {
		fail_capped(d, "container", r->over);
		want_cleanup(d);	/* the CLI got SIGKILL, not its container */
	} else if (r->error != 0) {
		drun_set_fail(d, "reading the output of docker failed: %s",
		    strerror(r->error));
		want_cleanup(d);
	} else if (r->status.signo > 0) {
		const char *ab = sigabbrev_np(r->status.signo);

		drun_set_fail(d, "docker was killed by signal %d (SIG%s)",
		    r->status.signo, ab != NULL ? ab : "?");
		want_cleanup(d);
	} else {
		int code = r->status.code;

		verr = take_stripped(a, proc_stderr(p));
		if (code == 0) {
			vout = result_stdout(d, p, verr);
			m[0] = (struct val_member){ "stdout", 6, vout };
			m[1] = (struct val_member){ "stderr", 6, verr };
			m[2] = (struct val_member){ "exit_code", 9,
			    val_int(a, 0) };
			m[3] = (struct val_member){ "container_id", 12,
			    val_cstring(a, d->cid != NULL ? d->cid : "") };
			m[4] = (struct val_member){ "engine", 6,
			    val_cstring(a, d->engine != NULL ?
			    d->engine->name : "") };
			d->attrs = val_object(a, m, 5, &dup);
		} else if (code == 125 || d->cid == NULL ||
		    ((code == 126 || code == 127) &&
		    has_docker_line(verr->u.str.s))) {
			const char *last = task_last_lines(verr->u.str.s,
			    verr->u.str.len, DRUN_ERR_LINES);
			char *tail = tidy_lines(last, strlen(last));
			bool lost = engine_unreachable(verr->u.str.s);
			/*
			 * The daemon went away after the container was made:
			 * the container may run on under containerd.
			 */
			char *hint = lost && d->cid != NULL ?
			    leftover_hint(d) : NULL;

			if (d->engine != NULL && lost)
				engine_mark_down(run->ctx->engines, d->engine);
			drun_set_fail(d, "docker could not run the container "
			    "of image '%s'%s (exit status %d)%s%s%s%s", dp->image,
			    drun_where(d), code, *tail ? "\n" : "", tail,
			    hint != NULL ? "\n" : "", hint != NULL ? hint : "");
			free(tail);
			free(hint);
		} else {
			const char *tail = task_last_lines(verr->u.str.s,
			    verr->u.str.len, DRUN_ERR_LINES);

			if (d->engine != NULL && engine_unreachable(verr->u.str.s))
				engine_mark_down(run->ctx->engines, d->engine);
			drun_set_fail(d, "Command \"%s\" in image '%s'%s "
			    "returned non-zero exit status %d%s%s",
			    dp->command_text != NULL ? dp->command_text : "None",
			    dp->image, drun_where(d), code, *tail ? "\n" : "",
			    tail);
		}
	}
	if (dp->keep_container && d->cid != NULL)
		strvec_push(&d->world->keep, d->cid);
	d->cli_end_ms = loop_now_ms();
	if (!cleanup_next(d))
		sweep_next(d);
	drun_maybe_finish(d);
}

/* Spawn the docker run CLI; 0, or -1 after setting the failure. */
static int
cli_start(struct drun *d)
{
	struct task_run *run = d->run;
	struct task_spawn ts;

	memset(&ts, 0, sizeof(ts));
	ts.environ = ctx_environ(run->ctx);
	ts.combined = d->dp.result_stdout && d->dp.result_stderr;
	ts.stream = d->stream;
	if (task_run_spawn_opts(run, &ts, cli_done) == -1) {
		int e = errno;

		if (e == ENOENT)
			drun_set_fail(d, "cannot run '%s': %s\n%s",
			    drun_binary(d), strerror(e), drun_binary_hint);
		else
			drun_set_fail(d, "cannot run '%s': %s", drun_binary(d),
			    strerror(e));
		return -1;
	}
	d->cli_started = true;
	return 0;
}

/* ---- a Swarm job (docs/swarm.md) ---- */

/*
 * How often `docker service ps` looks at a job while `docker service
 * create --detach=false` waits for it.  The CLI's wait never ends for a
 * job whose task failed under --restart-condition none (it waits for a
 * completion that cannot come), so the job's state is watched beside it
 * and the CLI is stopped once the task has ended.
 */
#define SW_POLL_MS 250
/* Longest service name the engine takes. */
#define SW_NAME_MAX 63

/* The task states of a Swarm task that are final. */
static bool
sw_final(const char *state)
{
	static const char *const finals[] = { "complete", "failed",
		"rejected", "shutdown", "orphaned", "remove" };

	for (size_t i = 0; i < sizeof(finals) / sizeof(finals[0]); i++)
		if (strcasecmp(state, finals[i]) == 0)
			return true;
	return false;
}

/* A service name of its own for each attempt: rf-RUN-N-TASK. */
static char *
sw_name(const struct task_run *run)
{
	static unsigned long serial;
	const char *dot = strrchr(run->id, '.');
	char *name;

	name = xasprintf("rf-%s-%lu-%s", run->ctx->run_id != NULL &&
	    *run->ctx->run_id != '\0' ? run->ctx->run_id : "dry", ++serial,
	    dot != NULL ? dot + 1 : run->id);
	for (char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '-';
	if (strlen(name) > SW_NAME_MAX)
		name[SW_NAME_MAX] = '\0';
	return name;
}

/*
 * The plan of a Swarm job: `docker service create` with the job's flags,
 * its labels (on the service and on its container) and the converted
 * translation.  Returns 0, or -1 with *err.
 */
static int
sw_fill(const struct task_run *run, const struct engine *e,
    const struct docker_plan *dp, const char *service, bool real,
    struct task_plan *plan, char **err)
{
	const char *lab[2] = { DOCKER_RUN_LABEL_RUN, DOCKER_RUN_LABEL_TASK };
	const char *val[2] = { ctx_run_id(run->ctx), run->id };

	strvec_push(&plan->argv, engine_binary(run->ctx, e));
	strvec_push(&plan->argv, "service");
	strvec_push(&plan->argv, "create");
	strvec_push(&plan->argv, "--quiet");
	strvec_push(&plan->argv, "--detach=false");
	strvec_push(&plan->argv, "--mode=replicated-job");
	strvec_push(&plan->argv, "--restart-condition=none");
	/* No registry is asked for a digest: nodes use the image they hold. */
	strvec_push(&plan->argv, "--no-resolve-image");
	/* A stopped job's container is killed, as `docker kill` does. */
	strvec_push(&plan->argv, "--stop-grace-period=0s");
	strvec_pushf(&plan->argv, "--name=%s", service);
	for (int k = 0; real && k < 2; k++) {
		strvec_pushf(&plan->argv, "--label=%s=%s", lab[k], val[k]);
		strvec_pushf(&plan->argv, "--container-label=%s=%s", lab[k],
		    val[k]);
	}
	if (docker_swarm_args(dp, &plan->argv, err) == -1)
		return -1;
	plan_env(run, e, dp, real, plan);
	return 0;
}

/*
 * The dry run's text for a Swarm job: the create command, then the
 * commands that follow it (the task id is known only when it ran).
 */
static int
sw_describe(const struct task_run *run, const struct engine *e,
    const struct docker_plan *dp, struct task_plan *plan, char **err)
{
	struct task_plan create = TASK_PLAN_INIT, tail = TASK_PLAN_INIT;
	const char *service = "rf-RUN-N-TASK";
	const char *bin = engine_binary(run->ctx, e);
	const char *const rest[][5] = {
		{ "service", "logs", "--raw", service, NULL },
		{ "inspect", "--type=task", "{{...}}", "TASK", NULL },
		{ "service", "rm", service, NULL, NULL },
	};
	struct buf b = BUF_INIT;

	if (sw_fill(run, e, dp, service, false, &create, err) == -1) {
		task_plan_release(&create);
		return -1;
	}
	task_plan_format(&create, &b);
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++) {
		task_plan_release(&tail);
		strvec_push(&tail.argv, bin);
		for (size_t k = 0; rest[i][k] != NULL; k++)
			strvec_push(&tail.argv, rest[i][k]);
		for (size_t k = 0; k < create.env.n; k++)
			if (strncmp(create.env.v[k], "DOCKER_", 7) == 0)
				strvec_push(&tail.env, create.env.v[k]);
		buf_putc(&b, '\n');
		task_plan_format(&tail, &b);
	}
	task_plan_release(&create);
	task_plan_release(&tail);
	plan->describe = buf_detach(&b, NULL);
	return 0;
}

/* The create CLI ended. */
static void
sw_create_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct drun *d = arg;

	d->create_done = true;
	d->create_ok = r->error == 0 && r->status.signo == 0 &&
	    r->status.code == 0;
	if (!d->create_ok) {
		char *words = aux_words(p);

		if (r->status.signo > 0 && *words == '\0') {
			free(words);
			words = xasprintf("killed by signal %d",
			    r->status.signo);
		}
		d->create_words = words;
	}
	proc_free(p);
	d->create = NULL;
	sw_advance(d);
	drun_maybe_finish(d);
}

/* Timer: look at the job's state. */
static void
sw_poll(struct loop *loop, void *arg)
{
	struct drun *d = arg;
	const char *args[] = { "service", "ps", "--no-trunc", "--format",
		"{{.ID}} {{.CurrentState}}", d->service, NULL };

	(void)loop;
	d->poll = NULL;
	if (d->aux != NULL)
		return;		/* sw_advance arms it again */
	if (aux_start(d, AUX_SW_PS, args) == -1)
		drun_set_fail(d, "cannot run '%s': %s", drun_binary(d),
		    strerror(errno));
}

/* `docker service ps` answered: note a task that has ended. */
static void
sw_ps_done(struct drun *d, bool ok, struct buf *out)
{
	char id[128], state[64];
	const char *first = out->data != NULL ? out->data : "";

	/* The newest task comes first; a job has exactly one here. */
	if (!ok || sscanf(first, "%127s %63s", id, state) != 2)
		return;
	free(d->sw_task);
	d->sw_task = xstrdup(id);
	if (!sw_final(state))
		return;
	free(d->sw_state);
	d->sw_state = xstrdup(state);
	for (char *c = d->sw_state; *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
}

/* The logs CLI ended: the job's output is the task's. */
static void
sw_logs_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct task_run *run = arg;
	struct drun *d = run->state;
	struct arena *a = run->arena;
	const struct value *verr, *vout;

	d->logs_done = true;
	if (r->error == EFBIG) {
		fail_capped(d, "job", r->over);
	} else if (r->error != 0 || r->status.signo > 0 ||
	    r->status.code != 0) {
		char *st = task_proc_status_text(r, run->ctx->capture_max);
		char *words = aux_words(p);

		if (!d->canceling)
			drun_set_fail(d, "docker service logs%s %s%s%s",
			    drun_where(d), st, *words ? "\n" : "", words);
		free(st);
		free(words);
	} else {
		verr = take_stripped(a, proc_stderr(p));
		vout = result_stdout(d, p, verr);
		/* Kept for the outcome, which the task's exit status decides. */
		d->attrs = val_object(a, (struct val_member[]){
		    { "stdout", 6, vout }, { "stderr", 6, verr } }, 2, NULL);
	}
	sw_advance(d);
	drun_maybe_finish(d);
}

/* `docker inspect` of the job's task: decide the outcome. */
static void
sw_inspect_done(struct drun *d, bool ok, struct buf *out, const char *words)
{
	struct task_run *run = d->run;
	struct arena *a = run->arena;
	const struct value *vout, *verr;
	char *text = xstrndup(out->data != NULL ? out->data : "", out->len);
	char *fields[4] = { NULL, NULL, NULL, NULL }, *p = text;
	struct val_member m[5];
	size_t n = 0;
	int code;

	d->inspected = true;
	while (n < 4 && (fields[n] = strsep(&p, "|")) != NULL)
		n++;
	if ((!ok || n < 4) && d->canceling) {
		free(text);
		return;
	}
	if (!ok || n < 4) {
		drun_set_fail(d, "docker could not inspect the task of Swarm job "
		    "'%s'%s%s%s", d->service, drun_where(d), *words ? "\n" : "",
		    words);
		free(text);
		return;
	}
	fields[3][strcspn(fields[3], "\r\n")] = '\0';
	code = atoi(fields[1]);
	if (*fields[2] != '\0' && d->cid == NULL)
		d->cid = xstrdup(fields[2]);
	if (d->canceling || d->attrs == NULL || d->fail != NULL) {
		free(text);
		return;		/* the logs failed already */
	}
	vout = val_object_cget(d->attrs, "stdout");
	verr = val_object_cget(d->attrs, "stderr");
	if (strcmp(fields[0], "complete") == 0 && code == 0) {
		m[0] = (struct val_member){ "stdout", 6, vout };
		m[1] = (struct val_member){ "stderr", 6, verr };
		m[2] = (struct val_member){ "exit_code", 9, val_int(a, 0) };
		m[3] = (struct val_member){ "container_id", 12,
		    val_cstring(a, fields[2]) };
		m[4] = (struct val_member){ "engine", 6,
		    val_cstring(a, d->engine->name) };
		d->attrs = val_object(a, m, 5, NULL);
	} else if (strcmp(fields[0], "failed") == 0 && *fields[2] != '\0') {
		const char *tail = task_last_lines(verr->u.str.s,
		    verr->u.str.len, DRUN_ERR_LINES);

		d->attrs = NULL;
		drun_set_fail(d, "Command \"%s\" in image '%s'%s returned "
		    "non-zero exit status %d%s%s", d->dp.command_text != NULL ?
		    d->dp.command_text : "None", d->dp.image, drun_where(d),
		    code, *tail ? "\n" : "", tail);
	} else {
		d->attrs = NULL;
		drun_set_fail(d, "Swarm could not run the job of image '%s'%s "
		    "(task %s)%s%s", d->dp.image, drun_where(d), fields[0],
		    *fields[3] ? ": " : "", fields[3]);
	}
	free(text);
}

/*
 * The next step of a Swarm job, once nothing of it runs: wait for the
 * create CLI (watching the job), then the logs, the task's inspection,
 * the service's removal; a stop goes straight to the removal.
 */
static void
sw_advance(struct drun *d)
{
	struct task_run *run = d->run;

	if (d->aux != NULL || (d->logs_started && !d->logs_done) ||
	    d->cli_done)
		return;
	if (d->create != NULL) {
		if (d->sw_state != NULL || d->canceling)
			proc_terminate(d->create, SIGTERM, run->ctx->grace_ms);
		else if (d->poll == NULL)
			d->poll = loop_timer_add(run->ctx->loop,
			    loop_now_ms() + SW_POLL_MS, sw_poll, d);
		return;
	}
	if (d->poll != NULL) {
		loop_timer_cancel(run->ctx->loop, d->poll);
		d->poll = NULL;
	}
	if (d->canceling && !d->forced && !d->stuck && d->sw_task == NULL &&
	    !d->sw_asked) {
		/* The job's task and then its container, to remove it. */
		const char *args[] = { "service", "ps", "--no-trunc",
			"--format", "{{.ID}} {{.CurrentState}}", d->service,
			NULL };

		d->sw_asked = true;
		if (aux_start(d, AUX_SW_PS, args) == 0)
			return;
	}
	if (d->canceling && !d->forced && !d->stuck && d->sw_task != NULL &&
	    !d->inspected) {
		const char *args[] = { "inspect", "--type=task", "--format",
			"{{.Status.State}}|{{.Status.ContainerStatus.ExitCode}}|"
			"{{.Status.ContainerStatus.ContainerID}}|{{.Status.Err}}",
			d->sw_task, NULL };

		d->inspected = true;
		if (aux_start(d, AUX_SW_INSPECT, args) == 0)
			return;
	}
	if (d->canceling) {
		drun_set_fail(d, "%s", cancel_text(d->why, d->stuck));
	} else if (d->fail == NULL && d->sw_state == NULL && !d->create_ok) {
		const char *w = d->create_words != NULL ? d->create_words : "";

		if (engine_unreachable(w))
			engine_mark_down(run->ctx->engines, d->engine);
		drun_set_fail(d, "docker could not create the Swarm job of "
		    "image '%s'%s%s%s", d->dp.image, drun_where(d),
		    *w ? "\n" : "", w);
	} else if (d->fail == NULL && d->sw_state == NULL) {
		/* The CLI saw the job complete; ask for its task. */
		const char *args[] = { "service", "ps", "--no-trunc",
			"--format", "{{.ID}} {{.CurrentState}}", d->service,
			NULL };

		if (aux_start(d, AUX_SW_PS, args) == 0)
			return;
		drun_set_fail(d, "cannot run '%s': %s", drun_binary(d),
		    strerror(errno));
	} else if (d->fail == NULL && !d->logs_started) {
		struct task_spawn ts;
		char *argv[] = { (char *)drun_binary(d), (char *)"service",
			(char *)"logs", (char *)"--raw", d->service, NULL };

		memset(&ts, 0, sizeof(ts));
		ts.argv = argv;
		ts.environ = ctx_environ(run->ctx);
		ts.combined = d->dp.result_stdout && d->dp.result_stderr;
		ts.stream = d->stream;
		d->logs_started = true;
		if (task_run_spawn_opts(run, &ts, sw_logs_done) == 0)
			return;
		d->logs_done = true;
		drun_set_fail(d, "cannot run '%s': %s", drun_binary(d),
		    strerror(errno));
	} else if (d->fail == NULL && !d->inspected) {
		const char *args[] = { "inspect", "--type=task", "--format",
			"{{.Status.State}}|{{.Status.ContainerStatus.ExitCode}}|"
			"{{.Status.ContainerStatus.ContainerID}}|{{.Status.Err}}",
			d->sw_task, NULL };

		if (aux_start(d, AUX_SW_INSPECT, args) == 0)
			return;
		drun_set_fail(d, "cannot run '%s': %s", drun_binary(d),
		    strerror(errno));
	}
	/*
	 * Removing a job's service leaves its container (engine 20.10 keeps
	 * the tasks of a removed job, running or not): it is removed first,
	 * through the engine runflow talks to.
	 */
	if (d->cid != NULL && !d->cid_removed && !d->forced && !d->stuck) {
		const char *args[] = { "rm", "-f", d->cid, NULL };

		d->cid_removed = true;
		if (aux_start(d, AUX_SW_RMC, args) == 0) {
			d->cid_removed = false;
			return;
		}
	}
	if (!d->sw_removed && !d->forced && !d->stuck) {
		const char *args[] = { "service", "rm", d->service, NULL };

		d->sw_removed = true;
		if (aux_start(d, AUX_SW_RM, args) == 0) {
			d->sw_removed = false;
			return;
		}
	}
	d->cli_done = true;	/* the whole job is over */
}

/* Begin a Swarm job: the create CLI, and its watch. */
static void
sw_start(struct drun *d)
{
	struct task_run *run = d->run;
	struct strvec env = STRVEC_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct docker_arg *a;
	struct proc_opts o;
	size_t n = args_of_value(run->args, &a);
	char *err = NULL;

	d->swarm = true;
	if (docker_swarm_check(a, n, d->engine->name, NULL, &dl) > 0) {
		free(a);
		err = diags_text(&dl);
		diag_list_release(&dl);
		drun_set_fail(d, "%s", err);
		free(err);
		return;
	}
	free(a);
	diag_list_release(&dl);
	d->service = sw_name(run);
	task_plan_release(&run->plan);
	if (sw_fill(run, d->engine, &d->dp, d->service, true, &run->plan,
	    &err) == -1) {
		drun_set_fail(d, "%s", err);
		free(err);
		return;
	}
	task_plan_environ(&run->plan, ctx_environ(run->ctx), &env);
	helper_opts(&o, strvec_argv(&run->plan.argv), strvec_argv(&env),
	    sw_create_done, d);
	d->create = proc_new(run->ctx->loop, &o);
	strvec_release(&env);
	if (d->create == NULL) {
		drun_set_fail(d, "cannot run '%s': %s%s%s", drun_binary(d),
		    strerror(errno), errno == ENOENT ? "\n" : "",
		    errno == ENOENT ? drun_binary_hint : "");
		return;
	}
	d->cli_started = true;
	sw_advance(d);
}

/* ---- DOCKER_CONFIG without proxies (use_config_proxy = false) ---- */

/* The value of name in env, or NULL. */
static const char *
env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; env != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return env[i] + n + 1;
	return NULL;
}

/*
 * When the docker configuration has proxies, give the CLI a configuration
 * directory of its own: config.json without "proxies" (credentials and
 * the rest kept), every other entry a symbolic link to the original
 * (mapping, use_config_proxy row).  Returns 0, or -1 with *err.
 */
static int
drun_config_copy(struct drun *d, char **err)
{
	struct task_run *run = d->run;
	char *const *env = ctx_environ(run->ctx);
	const char *src = env_get(env, "DOCKER_CONFIG");
	char *srcdir, *path, *dst;
	json_error_t je;
	json_t *root;
	DIR *dir;
	struct dirent *de;
	int rc = 0;

	if (src != NULL && *src != '\0')
		srcdir = xstrdup(src);
	else if (env_get(env, "HOME") != NULL)
		srcdir = xasprintf("%s/.docker", env_get(env, "HOME"));
	else
		return 0;
	path = xasprintf("%s/config.json", srcdir);
	root = json_load_file(path, 0, &je);
	free(path);
	if (root == NULL || !json_is_object(root) ||
	    json_object_get(root, "proxies") == NULL) {
		json_decref(root);
		free(srcdir);
		return 0;	/* no proxies to leave out */
	}
	json_object_del(root, "proxies");
	if ((dst = world_path(d->world, "config", err)) == NULL) {
		rc = -1;
		goto out;
	}
	if (mkdir(dst, 0700) == -1) {
		*err = xasprintf("cannot make '%s': %s", dst, strerror(errno));
		free(dst);
		rc = -1;
		goto out;
	}
	d->confdir = dst;
	if ((dir = opendir(srcdir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			char *from, *to;

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0 ||
			    strcmp(de->d_name, "config.json") == 0)
				continue;
			from = xasprintf("%s/%s", srcdir, de->d_name);
			to = xasprintf("%s/%s", dst, de->d_name);
			if (symlink(from, to) == -1)
				log_warn("cannot link '%s': %s", to,
				    strerror(errno));
			free(from);
			free(to);
		}
		closedir(dir);
	}
	path = xasprintf("%s/config.json", dst);
	if (json_dump_file(root, path, JSON_INDENT(1)) == -1) {
		*err = xasprintf("cannot write '%s'", path);
		rc = -1;
	}
	free(path);
	strvec_pushf(&run->plan.env, "DOCKER_CONFIG=%s", dst);
out:
	free(srcdir);
	json_decref(root);
	return rc;
}

/* ---- the hooks ---- */

/* The attempt has its engine (NULL: the default): begin the work. */
static void
drun_go(struct drun *d, struct engine *e)
{
	struct task_run *run = d->run;
	char *err = NULL;

	d->engine = e;
	if (e != NULL) {
		d->has_slot = true;
		d->where = xasprintf(" on engine '%s'", e->name);
		engine_environ(e, ctx_environ(run->ctx), &d->env);
		log_msg(LOG_INFO, "Task \"%s\" runs on engine \"%s\".",
		    run->display, e->name);
	}
	if ((!d->have_dp || e != NULL) && drun_prepare(run, e, &err) == -1) {
		drun_set_fail(d, "%s", err);
		free(err);
		drun_maybe_finish(d);
		return;
	}
	if (d->dp.has_unknown) {
		drun_set_fail(d, "some arguments of docker_run are still "
		    "unknown");
		drun_maybe_finish(d);
		return;
	}
	d->stream = d->dp.stream || run->ctx->stream;
	if (e != NULL && e->kind == ENGINE_SWARM) {
		sw_start(d);
		drun_maybe_finish(d);
		return;
	}
	if ((d->cidfile = world_path(d->world, "cid", &err)) == NULL) {
		drun_set_fail(d, "%s", err);
		free(err);
		drun_maybe_finish(d);
		return;
	}
	task_plan_release(&run->plan);
	drun_fill(run, e, &d->dp, d->cidfile, &run->plan);
	if (d->dp.no_config_proxy && drun_config_copy(d, &err) == -1) {
		drun_set_fail(d, "%s", err);
		free(err);
	} else if (d->dp.need_image_cmd) {
		const char *args[] = { "image", "inspect", "-f",
		    "{{json .Config.Cmd}}", d->dp.image, NULL };

		if (aux_start(d, AUX_INSPECT, args) == -1)
			drun_set_fail(d, "cannot run '%s': %s%s%s",
			    drun_binary(d), strerror(errno),
			    errno == ENOENT ? "\n" : "",
			    errno == ENOENT ? drun_binary_hint : "");
	} else {
		cli_start(d);
	}
	drun_maybe_finish(d);
}

/* A slot of engine e was taken for the waiting attempt arg. */
static void
drun_granted(struct engine *e, void *arg)
{
	struct drun *d = arg;

	d->wait = NULL;
	drun_go(d, e);
}

/*
 * start hook: place the attempt (docs/engines.md), then make a private
 * directory and the real plan, and start the first process.  Without a
 * pool and a pinned engine, nothing changes: the CLI's default engine.
 */
static int
drun_start(struct task_run *run)
{
	struct drun *d = drun_state(run);
	struct engine_set *set = run->ctx->engines;
	const char *name = pinned_name(run->args);
	struct engine *pinned = NULL, *e = NULL;

	d->world = world_get(run->ctx);
	if (name != NULL && (pinned = engine_find(set, name)) == NULL) {
		char *err = unknown_engine_text(name, set);

		drun_set_fail(d, "%s", err);
		free(err);
		drun_maybe_finish(d);
		return 0;
	}
	if (pinned == NULL && !engine_pool_active(set)) {
		drun_go(d, NULL);
		return 0;
	}
	d->wait = engine_acquire(set, run->ctx->loop, pinned,
	    world_failed(d->world, set, run->id), drun_granted, d, &e);
	if (e != NULL)
		drun_go(d, e);
	else
		log_msg(LOG_DEBUG, "task %s waits for a free slot on %s%s%s",
		    run->id, pinned != NULL ? "engine '" : "the pool",
		    pinned != NULL ? pinned->name : "",
		    pinned != NULL ? "'" : "");
	return 0;
}

/*
 * Stop a Swarm job: its CLIs get SIGTERM and the service is removed,
 * which stops its container; a second signal kills the CLIs and leaves
 * the service to the end-of-run sweep.
 */
static void
sw_cancel(struct drun *d, enum task_cancel_why why)
{
	struct task_run *run = d->run;
	int sig = why == TASK_CANCEL_FORCE ? SIGKILL : SIGTERM;

	if (d->canceling && why != TASK_CANCEL_FORCE)
		return;
	if (!d->canceling)
		d->why = why;
	d->canceling = true;
	d->forced = why == TASK_CANCEL_FORCE;
	if (d->create != NULL)
		proc_terminate(d->create, sig, run->ctx->grace_ms);
	if (d->logs_started && !d->logs_done && run->proc != NULL)
		proc_terminate(run->proc, sig, run->ctx->grace_ms);
	if (d->aux != NULL && d->forced)
		proc_kill(d->aux, SIGKILL);
}

/*
 * cancel hook (decisions §4): stop the container itself, not only the
 * CLI.  With its id from the cidfile: `docker kill`, then `docker rm -f`
 * (unless remove = false), then the CLI ends on its own (it is given
 * SIGTERM if it does not).  Without an id yet: SIGTERM to the CLI's
 * process group (SIGKILL after the grace), and the cidfile is read again
 * when it ends.  A second signal kills every process of the attempt at
 * once and leaves the containers to the end-of-run sweep.
 */
static void
drun_cancel(struct task_run *run, enum task_cancel_why why)
{
	struct drun *d = drun_state(run);

	if (d->finished)
		return;
	if (d->world == NULL)
		d->world = world_get(run->ctx);
	if (d->wait != NULL) {
		/* Still waiting for a slot: nothing runs yet. */
		engine_wait_cancel(run->ctx->engines, d->wait);
		d->wait = NULL;
		d->canceling = true;
		d->why = why;
		drun_set_fail(d, "%s", cancel_text(why, false));
		drun_maybe_finish(d);
		return;
	}
	mark_dirty(d);
	if (d->swarm) {
		sw_cancel(d, why);
		return;
	}
	if (why == TASK_CANCEL_FORCE) {
		d->why = why;
		d->canceling = true;
		d->forced = true;
		if (run->proc != NULL)
			proc_kill(run->proc, SIGKILL);
		if (d->aux != NULL)
			proc_kill(d->aux, SIGKILL);
		return;
	}
	if (d->canceling)
		return;
	d->canceling = true;
	d->why = why;
	if (d->aux != NULL && (d->aux_kind == AUX_INSPECT ||
	    d->aux_kind == AUX_PULL)) {
		proc_terminate(d->aux, SIGTERM, run->ctx->grace_ms);
		return;
	}
	if (!d->cli_started || d->cli_done)
		return;
	read_cid(d);
	if (d->cid != NULL) {
		want_cleanup(d);
		cleanup_next(d);
	} else {
		proc_terminate(run->proc, SIGTERM, run->ctx->grace_ms);
	}
}

static const struct task_arg drun_args[] = {
	{ NULL, 0, false },
};

const struct task_type task_type_docker_run = {
	.name = "docker_run",
	.results = (const char *const[]){ "stdout", "stderr", "exit_code",
	    "container_id", "engine", NULL },
	.args = drun_args,
	.check = drun_check,
	.plan = drun_plan,
	.start = drun_start,
	.cancel = drun_cancel,
	.free_state = drun_free,
	.open_args = true,
	.takes_engine = true,
};

/* ---- the sweep ---- */

struct syncrun {
	struct loop *loop;
	struct proc *p;
	struct loop_timer *timer;	/* the time limit, until it fires */
	bool done;
	bool late;		/* killed at its time limit */
	uint64_t limit_ms;
	struct proc_result r;
	struct buf out, err;
};

/* Timer: a synchronous command got no answer in time; kill it. */
static void
sync_expire(struct loop *loop, void *arg)
{
	struct syncrun *s = arg;

	(void)loop;
	s->timer = NULL;
	if (s->done)
		return;
	s->late = true;
	proc_kill(s->p, SIGKILL);
}

/* Completion of a synchronous command: keep its output, stop the loop. */
static void
sync_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct syncrun *s = arg;

	s->done = true;
	s->r = *r;
	s->out.data = buf_detach(proc_stdout(p), &s->out.len);
	s->err.data = buf_detach(proc_stderr(p), &s->err.len);
	loop_stop(s->loop);
}

/*
 * Run argv on loop until it ends, killing it after limit_ms; 0 with *s
 * filled (s->late when it was killed), or -1 with errno.
 */
static int
run_sync(struct loop *loop, char *const *argv, char *const *envp,
    uint64_t limit_ms, struct syncrun *s)
{
	struct proc_opts o;
	struct proc *p;

	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->limit_ms = limit_ms;
	if (sync_signo != 0) {
		errno = EINTR;
		return -1;
	}
	helper_opts(&o, argv, envp, sync_done, s);
	if ((p = proc_new(loop, &o)) == NULL)
		return -1;
	s->p = p;
	s->timer = loop_timer_add(loop, loop_now_ms() + limit_ms, sync_expire,
	    s);
	sync_proc = p;
	while (!s->done)
		if (loop_run(loop) == -1)
			break;
	sync_proc = NULL;
	if (s->timer != NULL)
		loop_timer_cancel(loop, s->timer);
	s->timer = NULL;
	proc_free(p);
	if (!s->done || sync_signo != 0) {
		if (s->done) {
			buf_release(&s->out);
			buf_release(&s->err);
			errno = EINTR;
		}
		errno = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

/* Docker's words from a failed synchronous command (malloc'd). */
static char *
sync_words(const struct syncrun *s, const char *what)
{
	const struct buf *b = s->err.len > 0 ? &s->err : &s->out;
	size_t e = b->len;

	while (e > 0 && strchr(" \t\r\n", b->data[e - 1]) != NULL)
		e--;
	if (s->late)
		return xasprintf("'%s' got no answer from the daemon in %g s "
		    "and was stopped", what, (double)s->limit_ms / 1000);
	if (s->r.status.signo > 0)
		return xasprintf("'%s' was killed by signal %d", what,
		    s->r.status.signo);
	return xasprintf("'%s' exited with status %d%s%.*s", what,
	    s->r.status.code, e > 0 ? ": " : "", (int)e,
	    b->data != NULL ? b->data : "");
}

/* Why run_sync() failed, for messages (malloc'd). */
static char *
sync_error(const char *binary)
{
	if (errno == EINTR && sync_signo != 0)
		return xasprintf("interrupted by SIG%s",
		    sigabbrev_np(sync_signo));
	return xasprintf("cannot run '%s': %s", binary, strerror(errno));
}

/*
 * Run `binary ARGS...` (args ends with NULL) and add the words of its
 * stdout (ids, one a line) to ids, except those in keep (may be NULL).
 * Returns 0, or -1 with *err (malloc'd): what went wrong, named after
 * what (e.g. "docker ps").
 */
static int
sync_list(struct loop *loop, const char *binary, char *const *envp,
    const char *const *args, const char *what, const struct strvec *keep,
    struct strvec *ids, char **err)
{
	struct strvec argv = STRVEC_INIT;
	struct syncrun s;
	int rc = 0;

	strvec_push(&argv, binary);
	for (size_t i = 0; args[i] != NULL; i++)
		strvec_push(&argv, args[i]);
	if (run_sync(loop, strvec_argv(&argv), envp, drun_limit_ms,
	    &s) == -1) {
		*err = sync_error(binary);
		strvec_release(&argv);
		return -1;
	}
	strvec_release(&argv);
	if (s.r.error != 0 || s.r.status.code != 0) {
		*err = sync_words(&s, what);
		rc = -1;
	}
	for (char *tok, *save = NULL, *p = s.out.data; rc == 0 &&
	    s.out.data != NULL &&
	    (tok = strtok_r(p, " \t\r\n", &save)) != NULL; p = NULL)
		if (keep == NULL || strvec_find(keep, tok) < 0)
			strvec_push(ids, tok);
	buf_release(&s.out);
	buf_release(&s.err);
	return rc;
}

/*
 * Run `binary CMD... IDS...` (cmd ends with NULL), with time for each id.
 * Returns 0, or -1 with *err (malloc'd) as sync_list().
 */
static int
sync_remove(struct loop *loop, const char *binary, char *const *envp,
    const char *const *cmd, const char *what, const struct strvec *ids,
    char **err)
{
	struct strvec argv = STRVEC_INIT;
	struct syncrun s;
	int rc = 0;

	strvec_push(&argv, binary);
	for (size_t i = 0; cmd[i] != NULL; i++)
		strvec_push(&argv, cmd[i]);
	for (size_t i = 0; i < ids->n; i++)
		strvec_push(&argv, ids->v[i]);
	if (run_sync(loop, strvec_argv(&argv), envp, drun_limit_ms +
	    (uint64_t)ids->n * DRUN_LIMIT_PER_ID_MS, &s) == -1) {
		*err = sync_error(binary);
		rc = -1;
	} else {
		if (s.r.error != 0 || s.r.status.code != 0) {
			*err = sync_words(&s, what);
			rc = -1;
		}
		buf_release(&s.out);
		buf_release(&s.err);
	}
	strvec_release(&argv);
	return rc;
}

/* Remove labelled containers, except the ids in keep. */
static int
cleanup_except(struct loop *loop, const char *binary, char *const *envp,
    const char *run_id, const struct strvec *keep, size_t *removed,
    char **err)
{
	static const char *const rm[] = { "rm", "-f", NULL };
	struct strvec ids = STRVEC_INIT;
	char *filter;
	int rc;

	*removed = 0;
	if (binary == NULL)
		binary = "docker";
	if (run_id != NULL)
		filter = xasprintf("label=%s=%s", DOCKER_RUN_LABEL_RUN, run_id);
	else
		filter = xasprintf("label=%s", DOCKER_RUN_LABEL_RUN);
	rc = sync_list(loop, binary, envp, (const char *const[]){ "ps", "-aq",
	    "--no-trunc", "--filter", filter, NULL }, "docker ps", keep, &ids,
	    err);
	free(filter);
	if (rc == 0 && ids.n > 0) {
		rc = sync_remove(loop, binary, envp, rm, "docker rm", &ids, err);
		if (rc == 0)
			*removed = ids.n;
	}
	strvec_release(&ids);
	return rc;
}

/* Remove the Swarm services labelled with a run. */
static int
cleanup_services(struct loop *loop, const char *binary, char *const *envp,
    const char *run_id, size_t *removed, char **err)
{
	static const char *const rm[] = { "service", "rm", NULL };
	struct strvec ids = STRVEC_INIT;
	char *filter = xasprintf("label=%s=%s", DOCKER_RUN_LABEL_RUN, run_id);
	int rc;

	*removed = 0;
	rc = sync_list(loop, binary, envp, (const char *const[]){ "service",
	    "ls", "-q", "--filter", filter, NULL }, "docker service ls", NULL,
	    &ids, err);
	free(filter);
	if (rc == 0 && ids.n > 0) {
		rc = sync_remove(loop, binary, envp, rm, "docker service rm",
		    &ids, err);
		if (rc == 0)
			*removed = ids.n;
	}
	strvec_release(&ids);
	return rc;
}

/* Remove the containers of a run (or of every run). */
int
docker_run_cleanup(struct loop *loop, const char *binary, char *const *envp,
    const char *run_id, size_t *removed, char **err)
{
	return cleanup_except(loop, binary, envp, run_id, NULL, removed,
	    err);
}

/* The end-of-run sweep. */
int
docker_run_finish(const struct task_ctx *ctx)
{
	const char *id = ctx_run_id(ctx);
	struct world *w;
	size_t removed = 0;
	char *err = NULL;
	int rc = 0;

	for (w = worlds; w != NULL; w = w->next)
		if (strcmp(w->run_id, id) == 0)
			break;
	if (w == NULL)
		return 0;
	w->finishing = true;
	sync_signo = 0;
	/* Every attempt has ended: the directory goes before any sweep. */
	world_rmdir(w);
	/*
	 * A daemon that left a clean-up command of this run unanswered is
	 * not asked again: it would hold the end of the run as long.
	 */
	if (w->dirty && *id != '\0' && w->stuck) {
		log_warn("the daemon did not answer the clean-up of run '%s': "
		    "its containers were not looked for; once it answers, "
		    "remove them with 'runflow cleanup --run %s'", id, id);
		rc = -1;
	} else if (w->dirty && *id != '\0') {
		if (cleanup_except(ctx->loop, ctx_binary(ctx),
		    ctx_environ(ctx), id, &w->keep, &removed, &err) == -1) {
			log_warn("cannot remove the containers of run '%s': "
			    "%s; remove them later with 'runflow cleanup --run "
			    "%s'", id, err, id);
			free(err);
			rc = -1;
		} else {
			rc = (int)removed;
		}
	}
	for (size_t i = 0; *id != '\0' && i < w->dirty_engines.n; i++) {
		const struct engine *e = engine_find(ctx->engines,
		    w->dirty_engines.v[i]);
		struct strvec env = STRVEC_INIT;

		if (e == NULL)
			continue;
		if (strvec_find(&w->stuck_engines, e->name) >= 0) {
			log_warn("engine '%s' did not answer the clean-up of run "
			    "'%s': its containers were not looked for; once it "
			    "answers, remove those labelled runflow.run=%s there",
			    e->name, id, id);
			rc = -1;
			continue;
		}
		engine_environ(e, ctx_environ(ctx), &env);
		/* A Swarm job's container outlives its service: both go. */
		if ((e->kind == ENGINE_SWARM && cleanup_services(ctx->loop,
		    engine_binary(ctx, e), strvec_argv(&env), id, &removed,
		    &err) == -1) || cleanup_except(ctx->loop,
		    engine_binary(ctx, e), strvec_argv(&env), id, &w->keep,
		    &removed, &err) == -1) {
			log_warn("cannot remove the containers of run '%s' on "
			    "engine '%s': %s; remove those labelled "
			    "runflow.run=%s there later", id, e->name, err, id);
			free(err);
			rc = -1;
		} else if (rc >= 0) {
			rc += (int)removed;
		}
		strvec_release(&env);
	}
	world_drop(id);
	if (sync_signo != 0) {
		/* Die of it, as the signal's default action would have. */
		int signo = sync_signo;

		sync_signo = 0;
		if (ctx->out != NULL)
			fflush(ctx->out);
		raise(signo);
	}
	return rc;
}
