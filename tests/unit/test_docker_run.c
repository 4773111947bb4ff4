#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "tasks/docker_run.h"
#include "tasks/task.h"
#include "util/xmalloc.h"

/*
 * The docker_run runtime against the fake docker of tests/bin, which
 * records every call's argv and environment and plays scripted output.
 */

extern char **environ;

/* The id the fake gives the container of call n (tests/bin/README.md). */
#define FAKE_CID(n) "fa4ed0c4" \
	"0000000000000000000000000000000000000000000000000000000" n

struct fx {
	struct loop *loop;
	struct arena values;
	struct task_ctx ctx;
	FILE *out;
	char *outbuf;
	size_t outlen;
	char dir[64];
	char *log, *script, *tmp, *docker;
	struct strvec env;
	struct task_run *run;
	int done;
	enum task_cancel_why why;
};

/* Make a directory, asserting success. */
static void
mkdir_ok(const char *path)
{
	assert_int_equal(mkdir(path, 0700), 0);
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	const char *testbin = getenv("TESTBIN");

	assert_non_null(testbin);
	task_register_builtins();
	fx->loop = loop_new();
	assert_non_null(fx->loop);
	arena_init(&fx->values);
	fx->out = open_memstream(&fx->outbuf, &fx->outlen);
	strcpy(fx->dir, "/tmp/rf-drun.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	fx->log = xasprintf("%s/log", fx->dir);
	fx->script = xasprintf("%s/script", fx->dir);
	fx->tmp = xasprintf("%s/tmp", fx->dir);
	mkdir_ok(fx->script);
	mkdir_ok(fx->tmp);
	setenv("TMPDIR", fx->tmp, 1);
	fx->docker = xasprintf("%s/docker", testbin);
	for (size_t i = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "FAKE_DOCKER_", 12) != 0 &&
		    strncmp(environ[i], "DOCKER_", 7) != 0)
			strvec_push(&fx->env, environ[i]);
	strvec_pushf(&fx->env, "FAKE_DOCKER_LOG=%s", fx->log);
	strvec_pushf(&fx->env, "FAKE_DOCKER_SCRIPT=%s", fx->script);
	fx->ctx.loop = fx->loop;
	fx->ctx.environ = strvec_argv(&fx->env);
	fx->ctx.out = fx->out;
	fx->ctx.capture_max = 1 << 20;
	fx->ctx.grace_ms = 3000;
	fx->ctx.docker = fx->docker;
	fx->ctx.run_id = "20260101-abc";
	*state = fx;
	return 0;
}

static int tmp_entries(struct fx *fx);

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	task_run_free(fx->run);
	/* The end of the run: its private folder goes. */
	docker_run_finish(&fx->ctx);
	assert_int_equal(tmp_entries(fx), 0);
	arena_release(&fx->values);
	fclose(fx->out);
	free(fx->outbuf);
	loop_free(fx->loop);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	strvec_release(&fx->env);
	free(fx->log);
	free(fx->script);
	free(fx->tmp);
	free(fx->docker);
	free(fx);
	return 0;
}

/* An object from name/value pairs ending with NULL. */
static const struct value *
obj(struct fx *fx, ...)
{
	struct val_member m[16];
	size_t n = 0, dup;
	va_list ap;
	const char *k;

	va_start(ap, fx);
	while ((k = va_arg(ap, const char *)) != NULL) {
		m[n].key = k;
		m[n].keylen = strlen(k);
		m[n].val = va_arg(ap, const struct value *);
		n++;
	}
	va_end(ap);
	return val_object(&fx->values, m, n, &dup);
}

/* A list of strings ending with NULL. */
static const struct value *
strs(struct fx *fx, ...)
{
	const struct value *items[16];
	size_t n = 0;
	va_list ap;
	const char *s;

	va_start(ap, fx);
	while ((s = va_arg(ap, const char *)) != NULL)
		items[n++] = val_cstring(&fx->values, s);
	va_end(ap);
	return val_list(&fx->values, items, n);
}

static const struct value *
str(struct fx *fx, const char *s)
{
	return val_cstring(&fx->values, s);
}

/* Write a script part for the fake docker. */
static void
script(struct fx *fx, const char *part, const char *text)
{
	char *path = xasprintf("%s/%s", fx->script, part);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* A recorded file of call n (malloc'd), or NULL when there is none. */
static char *
record(struct fx *fx, int n, const char *ext, size_t *len)
{
	char *path = xasprintf("%s/%04d.%s", fx->log, n, ext);
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t k;

	free(path);
	if (fp == NULL)
		return NULL;
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, k);
	fclose(fp);
	if (b.data == NULL) {
		if (len != NULL)
			*len = 0;
		return xstrdup("");
	}
	return buf_detach(&b, len);
}

/* The number of calls the fake docker saw. */
static int
calls(struct fx *fx)
{
	char *path = xasprintf("%s/seq", fx->log);
	FILE *fp = fopen(path, "r");
	int n = 0;

	free(path);
	if (fp == NULL)
		return 0;
	assert_int_equal(fscanf(fp, "%d", &n), 1);
	fclose(fp);
	return n;
}

/* The argv of call n, split. */
static void
argv_of(struct fx *fx, int n, struct strvec *sv)
{
	size_t len;
	char *a = record(fx, n, "argv", &len);

	assert_non_null(a);
	for (size_t i = 0; i < len; i += strlen(a + i) + 1)
		strvec_push(sv, a + i);
	free(a);
}

/*
 * Whether arg is --cidfile=<TMPDIR>/runflow-docker.XXXXXX/N.cid, with N a
 * number; its path is put in *path (malloc'd) when path is not NULL.
 */
static bool
is_cidfile_arg(struct fx *fx, const char *arg, char **path)
{
	char *pre = xasprintf("--cidfile=%s/runflow-docker.", fx->tmp);
	size_t n = strlen(pre);
	const char *name;
	bool ok;

	ok = strncmp(arg, pre, n) == 0 && strlen(arg + n) > 7 &&
	    arg[n + 6] == '/';
	name = arg + n + 7;
	ok = ok && strspn(name, "0123456789") > 0 &&
	    strcmp(name + strspn(name, "0123456789"), ".cid") == 0;
	if (ok && path != NULL)
		*path = xstrdup(arg + strlen("--cidfile="));
	free(pre);
	return ok;
}

/*
 * Check the argv of call n against the NULL-ended list; an item "@CID"
 * matches --cidfile=<TMPDIR>/runflow-docker.XXXXXX/N.cid.
 */
static void
expect_argv(struct fx *fx, int n, ...)
{
	struct strvec sv = STRVEC_INIT;
	const char *want;
	size_t i = 0;
	va_list ap;

	argv_of(fx, n, &sv);
	va_start(ap, n);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < sv.n);
		if (strcmp(want, "@CID") == 0) {
			if (!is_cidfile_arg(fx, sv.v[i], NULL))
				fail_msg("not a cidfile in the run's folder: "
				    "%s", sv.v[i]);
		} else {
			assert_string_equal(sv.v[i], want);
		}
		i++;
	}
	va_end(ap);
	assert_int_equal(i, sv.n);
	strvec_release(&sv);
}

/* Whether call n's environment has the entry kv exactly. */
static bool
env_has(struct fx *fx, int n, const char *kv)
{
	size_t len;
	char *e = record(fx, n, "env", &len);
	bool found = false;

	assert_non_null(e);
	for (size_t i = 0; i < len; i += strlen(e + i) + 1)
		if (strcmp(e + i, kv) == 0)
			found = true;
	free(e);
	return found;
}

/* Whether the NUL-separated record holds the bytes s anywhere. */
static bool
record_contains(struct fx *fx, int n, const char *ext, const char *s)
{
	size_t len;
	char *r = record(fx, n, ext, &len);
	bool found;

	assert_non_null(r);
	found = memmem(r, len, s, strlen(s)) != NULL;
	free(r);
	return found;
}

static void
on_done(struct task_run *run, void *arg)
{
	struct fx *fx = arg;

	(void)run;
	fx->done++;
	loop_stop(fx->loop);
}

/* Timer: cancel the running task. */
static void
on_cancel(struct loop *loop, void *arg)
{
	struct fx *fx = arg;

	(void)loop;
	task_run_cancel(fx->run, fx->why);
}

/* Start a docker_run task called name with args. */
static void
start_task(struct fx *fx, const char *name, const struct value *args)
{
	char *id = arena_printf(&fx->values, "task.docker_run.%s", name);

	fx->run = task_run_new(&task_type_docker_run, &fx->ctx, id, name, args,
	    &fx->values, 1);
	task_run_start(fx->run, on_done, fx);
	assert_int_equal(fx->done, 0);
}

/* Run the loop until the task completed; 0 success, -1 failure. */
static int
finish_task(struct fx *fx)
{
	while (fx->done == 0)
		assert_int_equal(loop_run(fx->loop), 0);
	assert_int_equal(fx->done, 1);
	fflush(fx->out);
	return fx->run->error == NULL ? 0 : -1;
}

/* Run a task to its end. */
static int
run_task(struct fx *fx, const char *name, const struct value *args)
{
	start_task(fx, name, args);
	return finish_task(fx);
}

/* Run a task and cancel it after ms milliseconds. */
static int
run_and_cancel(struct fx *fx, const struct value *args, uint64_t ms,
    enum task_cancel_why why)
{
	fx->why = why;
	start_task(fx, "sleep", args);
	loop_timer_add(fx->loop, loop_now_ms() + ms, on_cancel, fx);
	return finish_task(fx);
}

/* Send stderr to a file of the fixture until stderr_end(); the old fd. */
static int
stderr_begin(struct fx *fx)
{
	char *path = xasprintf("%s/stderr", fx->dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int old;

	assert_true(fd >= 0);
	fflush(stderr);
	old = dup(STDERR_FILENO);
	assert_true(old >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
	free(path);
	return old;
}

/* Give stderr back (old from stderr_begin); what was written (malloc'd). */
static char *
stderr_end(struct fx *fx, int old)
{
	char *path = xasprintf("%s/stderr", fx->dir);
	FILE *fp;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t k;

	fflush(stderr);
	assert_int_equal(dup2(old, STDERR_FILENO), STDERR_FILENO);
	close(old);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, k);
	fclose(fp);
	free(path);
	return buf_detach(&b, NULL);
}

/* A result attribute as a C string. */
static const char *
attr(struct fx *fx, const char *name)
{
	const struct value *v;

	assert_non_null(fx->run->result);
	v = val_object_cget(fx->run->result, name);
	assert_non_null(v);
	assert_int_equal(v->kind, VAL_STRING);
	return v->u.str.s;
}

/* The dry-run line of a task. */
static char *
plan_line(struct fx *fx, const struct value *args)
{
	struct buf b = BUF_INIT;
	char *err = NULL;

	fx->ctx.docker = "docker";
	fx->run = task_run_new(&task_type_docker_run, &fx->ctx,
	    "task.docker_run.echo", "echo", args, &fx->values, 1);
	if (task_run_plan(fx->run, &err) == -1) {
		buf_puts(&b, "ERROR: ");
		buf_puts(&b, err);
		free(err);
	} else {
		assert_int_equal(task_plan_format(&fx->run->plan, &b), 0);
	}
	task_run_free(fx->run);
	fx->run = NULL;
	return buf_detach(&b, NULL);
}

/* Entries in the private temporary folder's parent. */
static int
tmp_entries(struct fx *fx)
{
	DIR *d = opendir(fx->tmp);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/*
 * The run's private folder: the one entry of TMPDIR, with a mkdtemp name
 * and mode 0700 (malloc'd path).
 */
static char *
run_dir(struct fx *fx)
{
	DIR *d = opendir(fx->tmp);
	struct dirent *de;
	struct stat st;
	char *path = NULL;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		assert_int_equal(strncmp(de->d_name, "runflow-docker.", 15), 0);
		assert_int_equal(strlen(de->d_name), 21);
		free(path);
		path = xasprintf("%s/%s", fx->tmp, de->d_name);
	}
	closedir(d);
	assert_int_equal(n, 1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	return path;
}

/* After an attempt: the run's folder is there and holds nothing. */
static void
assert_run_dir_empty(struct fx *fx)
{
	char *path = run_dir(fx);
	DIR *d = opendir(path);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			fail_msg("left in the run's folder: %s", de->d_name);
	closedir(d);
	free(path);
}

/* ---- dry run: the four documented examples ---- */

static void
test_plan_examples(void **state)
{
	struct fx *fx = *state;
	char *line;

	line = plan_line(fx, obj(fx, "image", str(fx, "ubuntu:latest"),
	    "command", str(fx, "echo hello world"), NULL));
	assert_string_equal(line,
	    "docker run --rm ubuntu:latest echo hello world");
	free(line);
	line = plan_line(fx, obj(fx, "image", str(fx, "ubuntu:latest"),
	    "command", str(fx, "env"), "environment",
	    obj(fx, "greeter", str(fx, "world"), NULL), NULL));
	assert_string_equal(line,
	    "greeter=world docker run --rm --env=greeter ubuntu:latest env");
	free(line);
	line = plan_line(fx, obj(fx, "image", str(fx, "ubuntu:latest"),
	    "entrypoint", strs(fx, "/bin/bash", "-c", NULL),
	    "command", strs(fx, "echo runflow is awesome", NULL), NULL));
	assert_string_equal(line, "docker run --rm --entrypoint=/bin/bash "
	    "ubuntu:latest -c 'echo runflow is awesome'");
	free(line);
	line = plan_line(fx, obj(fx, "image", str(fx, "ubuntu:latest"),
	    "command", str(fx, "/bin/bash -c 'exit 1'"), NULL));
	assert_string_equal(line,
	    "docker run --rm ubuntu:latest /bin/bash -c 'exit 1'");
	free(line);
}

/* The dry run shows values with quotes, and remove = false. */
static void
test_plan_quoting_and_keep(void **state)
{
	struct fx *fx = *state;
	char *line;

	line = plan_line(fx, obj(fx, "image", str(fx, "alpine"),
	    "remove", val_bool(false), "environment",
	    obj(fx, "A", str(fx, "it's a \"b\""), NULL),
	    "command", strs(fx, "sh", "-c", "echo $A", NULL), NULL));
	assert_string_equal(line, "A='it'\\''s a \"b\"' docker run "
	    "--env=A alpine sh -c 'echo $A'");
	free(line);
}

/* Unknown names are errors with a suggestion, before anything runs. */
static void
test_check_unknown_argument(void **state)
{
	struct fx *fx = *state;
	char *err = NULL;

	(void)fx;
	assert_int_equal(task_check_value(&task_type_docker_run, "t",
	    obj(fx, "image", str(fx, "a"), "enviroment",
	    obj(fx, NULL), NULL), &err), -1);
	assert_string_equal(err, "unknown argument 'enviroment' (did you "
	    "mean 'environment'?)");
	free(err);
	assert_int_equal(task_check_value(&task_type_docker_run, "t",
	    obj(fx, "command", str(fx, "x"), "_timeout",
	    val_int(&fx->values, 3), NULL), &err), -1);
	assert_string_equal(err, "missing required argument 'image'");
	free(err);
	assert_int_equal(task_check_value(&task_type_docker_run, "t",
	    obj(fx, "image", str(fx, "a"), "_timeout",
	    val_int(&fx->values, 3), NULL), &err), 0);
}

/* ---- runs ---- */

static void
test_run_hello(void **state)
{
	struct fx *fx = *state;
	const struct value *ec;

	script(fx, "run.stdout", "hello world\n");
	assert_int_equal(run_task(fx, "echo", obj(fx,
	    "image", str(fx, "ubuntu:latest"),
	    "command", str(fx, "echo hello world"), NULL)), 0);
	assert_int_equal(calls(fx), 1);
	expect_argv(fx, 1, "run", "--rm", "@CID",
	    "--label=runflow.run=20260101-abc",
	    "--label=runflow.task=task.docker_run.echo",
	    "ubuntu:latest", "echo", "hello", "world", NULL);
	assert_string_equal(attr(fx, "stdout"), "hello world");
	assert_string_equal(attr(fx, "stderr"), "");
	assert_string_equal(attr(fx, "container_id"), FAKE_CID("1"));
	assert_string_equal(attr(fx, "image"), "ubuntu:latest");
	ec = val_object_cget(fx->run->result, "exit_code");
	assert_non_null(ec);
	assert_int_equal(ec->u.num.i, 0);
	/* Captured, not printed; the cidfile is gone. */
	assert_int_equal(fx->outlen, 0);
	assert_run_dir_empty(fx);
	/* No `--version`: nothing here depends on docker vs podman. */
	assert_false(env_has(fx, 1, "DOCKER_DEFAULT_PLATFORM=x"));
}

/* The cidfile path of call n's argv (malloc'd). */
static char *
cidfile_of(struct fx *fx, int n)
{
	struct strvec sv = STRVEC_INIT;
	char *path = NULL;

	argv_of(fx, n, &sv);
	for (size_t i = 0; i < sv.n && path == NULL; i++)
		if (strncmp(sv.v[i], "--cidfile=", 10) == 0 &&
		    !is_cidfile_arg(fx, sv.v[i], &path))
			fail_msg("not a cidfile in the run's folder: %s",
			    sv.v[i]);
	assert_non_null(path);
	strvec_release(&sv);
	return path;
}

/* Timer: while call 1 runs, its cidfile holds the container's id. */
static void
on_check_cidfile(struct loop *loop, void *arg)
{
	struct fx *fx = arg;
	char *path = cidfile_of(fx, 1);
	char text[128] = "";
	FILE *fp = fopen(path, "r");

	(void)loop;
	assert_non_null(fp);
	assert_non_null(fgets(text, sizeof(text), fp));
	fclose(fp);
	assert_string_equal(text, FAKE_CID("1"));
	free(path);
	fx->why = TASK_CANCEL_TIMEOUT;	/* marks the check as done */
}

/*
 * The tasks of a run share one private folder (0700), each attempt with a
 * cidfile of its own that is removed when it ends; the folder goes at the
 * end of the run.
 */
static void
test_run_dir_shared(void **state)
{
	struct fx *fx = *state;
	char *c1, *c2, *dir;

	script(fx, "1.delay", "0.4");
	start_task(fx, "a", obj(fx, "image", str(fx, "i"), NULL));
	fx->why = TASK_CANCEL_SIGNAL;
	loop_timer_add(fx->loop, loop_now_ms() + 150, on_check_cidfile, fx);
	assert_int_equal(finish_task(fx), 0);
	assert_int_equal(fx->why, TASK_CANCEL_TIMEOUT);
	assert_run_dir_empty(fx);
	task_run_free(fx->run);
	fx->run = NULL;
	fx->done = 0;
	assert_int_equal(run_task(fx, "b", obj(fx, "image", str(fx, "i"),
	    NULL)), 0);
	assert_string_equal(attr(fx, "container_id"), FAKE_CID("2"));
	assert_run_dir_empty(fx);
	c1 = cidfile_of(fx, 1);
	c2 = cidfile_of(fx, 2);
	dir = run_dir(fx);
	assert_string_not_equal(c1, c2);
	assert_int_equal(strncmp(c1, dir, strlen(dir)), 0);
	assert_int_equal(strncmp(c2, dir, strlen(dir)), 0);
	assert_int_equal(docker_run_finish(&fx->ctx), 0);
	assert_int_equal(tmp_entries(fx), 0);
	/* A run after it makes a folder of its own. */
	task_run_free(fx->run);
	fx->run = NULL;
	fx->done = 0;
	assert_int_equal(run_task(fx, "c", obj(fx, "image", str(fx, "i"),
	    NULL)), 0);
	free(c1);
	c1 = run_dir(fx);
	assert_string_not_equal(c1, dir);
	free(c1);
	free(c2);
	free(dir);
}

/* Environment values go to the CLI's environment, never its argv. */
static void
test_run_env_not_in_argv(void **state)
{
	struct fx *fx = *state;
	const char *secret = "s3cr=t \"q\" 'x'\nline2 \xc3\xbc";
	char *kv = xasprintf("SECRET=%s", secret);

	assert_int_equal(run_task(fx, "echo", obj(fx,
	    "image", str(fx, "ubuntu:latest"), "command", str(fx, "env"),
	    "environment", obj(fx, "SECRET", str(fx, secret),
	    "greeter", str(fx, "world"), "GONE", val_null(), NULL), NULL)), 0);
	expect_argv(fx, 1, "run", "--rm", "@CID",
	    "--label=runflow.run=20260101-abc",
	    "--label=runflow.task=task.docker_run.echo",
	    "--env=GONE", "--env=SECRET", "--env=greeter",
	    "ubuntu:latest", "env", NULL);
	assert_true(env_has(fx, 1, kv));
	assert_true(env_has(fx, 1, "greeter=world"));
	assert_false(record_contains(fx, 1, "argv", "s3cr"));
	assert_false(record_contains(fx, 1, "argv", "world"));
	assert_false(record_contains(fx, 1, "env", "GONE="));
	free(kv);
}

static void
test_run_failure_message(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.stderr", "one\nboom\n");
	script(fx, "run.exit", "1");
	assert_int_equal(run_task(fx, "exit", obj(fx,
	    "image", str(fx, "ubuntu:latest"),
	    "command", str(fx, "/bin/bash -c 'exit 1'"), NULL)), -1);
	assert_string_equal(fx->run->error, "Command \"/bin/bash -c 'exit "
	    "1'\" in image 'ubuntu:latest' returned non-zero exit status 1\n"
	    "one\nboom");
}

/* Only the last 20 lines of stderr are quoted. */
static void
test_run_failure_last_lines(void **state)
{
	struct fx *fx = *state;
	struct buf steps = BUF_INIT, want = BUF_INIT;

	for (int i = 1; i <= 30; i++)
		buf_printf(&steps, "err line %d\n", i);
	buf_puts(&want, "Command \"[\"sh\", \"-c\", \"exit 3\"]\" in image "
	    "'i' returned non-zero exit status 3");
	for (int i = 11; i <= 30; i++)
		buf_printf(&want, "\nline %d", i);
	script(fx, "run.steps", buf_str(&steps));
	script(fx, "run.exit", "3");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    "command", strs(fx, "sh", "-c", "exit 3", NULL), NULL)), -1);
	assert_string_equal(fx->run->error, buf_str(&want));
	buf_release(&steps);
	buf_release(&want);
}

/* Exit 125 without a container: docker's own failure, in its words. */
static void
test_run_docker_failed(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.stderr", "docker: Error response from daemon: pull "
	    "access denied for nope.  \r\n \t\n\nRun 'docker run --help' "
	    "for more information\n\n");
	script(fx, "run.exit", "125");
	script(fx, "run.no-cid", "");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "nope"),
	    NULL)), -1);
	/* Blank lines and trailing blanks dropped: no line of spaces. */
	assert_string_equal(fx->run->error, "docker could not run the "
	    "container of image 'nope' (exit status 125)\ndocker: Error "
	    "response from daemon: pull access denied for nope.\nRun "
	    "'docker run --help' for more information");
}

/*
 * The daemon died after the container was made (the CLI exits 125 with
 * "unexpected EOF"): the container may go on under containerd, and the
 * message says how to remove it.
 */
static void
test_run_daemon_lost(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.stderr", "docker: error waiting for container: "
	    "unexpected EOF\n");
	script(fx, "run.exit", "125");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	assert_string_equal(fx->run->error, "docker could not run the "
	    "container of image 'i' (exit status 125)\ndocker: error waiting "
	    "for container: unexpected EOF\ncontainer fa4ed0c40000 may still "
	    "be running: once the daemon answers, remove it with 'docker rm "
	    "-f fa4ed0c40000' or 'runflow cleanup --run 20260101-abc'");
	/* Made, but refused for another reason: no such hint. */
	task_run_free(fx->run);
	fx->run = NULL;
	fx->done = 0;
	script(fx, "run.stderr", "docker: Error response from daemon: failed "
	    "to create task for container: OCI runtime create failed\n");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	assert_string_equal(fx->run->error, "docker could not run the "
	    "container of image 'i' (exit status 125)\ndocker: Error response "
	    "from daemon: failed to create task for container: OCI runtime "
	    "create failed");
}

/* 127 from the CLI (a `docker:` line) versus 127 from the container. */
static void
test_run_127(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.stderr", "docker: Error response from daemon: exec: "
	    "\"nope\": executable file not found in $PATH\n");
	script(fx, "run.exit", "127");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    "command", str(fx, "nope"), NULL)), -1);
	assert_int_equal(strncmp(fx->run->error, "docker could not run the "
	    "container of image 'i' (exit status 127)\ndocker: ", 70), 0);
}

static void
test_run_127_container(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.stderr", "bash: nope: command not found\n");
	script(fx, "run.exit", "127");
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    "command", str(fx, "bash -c nope"), NULL)), -1);
	assert_string_equal(fx->run->error, "Command \"bash -c nope\" in "
	    "image 'i' returned non-zero exit status 127\nbash: nope: "
	    "command not found");
}

static void
test_run_missing_binary(void **state)
{
	struct fx *fx = *state;

	/*
	 * Under valgrind posix_spawn reports a missing program as a child
	 * exiting 127, not as ENOENT: nothing to check there.
	 */
	if (getenv("LD_PRELOAD") != NULL &&
	    strstr(getenv("LD_PRELOAD"), "vgpreload") != NULL)
		skip();
	fx->ctx.docker = "/nonexistent/docker";
	assert_int_equal(run_task(fx, "x", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	assert_string_equal(fx->run->error, "cannot run '/nonexistent/docker':"
	    " No such file or directory\nchoose the docker program with "
	    "--docker=BIN, the RUNFLOW_DOCKER environment variable or "
	    "'binary' in the [docker] section of the settings file");
	assert_run_dir_empty(fx);
}

/* Past the cap: a clear failure, and the container is removed. */
static void
test_run_output_cap(void **state)
{
	struct fx *fx = *state;

	fx->ctx.capture_max = 1000;
	script(fx, "run.stdout-bytes", "5000");
	script(fx, "run.delay", "20");
	assert_int_equal(run_task(fx, "big", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	assert_string_equal(fx->run->error, "the container's stdout passed "
	    "the capture cap of 1000 bytes; nothing was cut: raise "
	    "'output_cap' in the [run] section of the settings file");
	assert_int_equal(calls(fx), 3);
	expect_argv(fx, 2, "kill", FAKE_CID("1"), NULL);
	expect_argv(fx, 3, "rm", "-f", FAKE_CID("1"), NULL);
}

/* A removal the daemon already does is asked again until it is over. */
static void
test_rm_retried(void **state)
{
	struct fx *fx = *state;

	fx->ctx.capture_max = 1000;
	script(fx, "run.stdout-bytes", "5000");
	script(fx, "run.delay", "20");
	script(fx, "3.stderr", "Error response from daemon: removal of "
	    "container x is already in progress\n");
	script(fx, "3.exit", "1");
	assert_int_equal(run_task(fx, "big", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	assert_int_equal(calls(fx), 4);
	expect_argv(fx, 3, "rm", "-f", FAKE_CID("1"), NULL);
	expect_argv(fx, 4, "rm", "-f", FAKE_CID("1"), NULL);
}

/* Byte-exact capture of a large stdout (only leading/trailing space cut). */
static void
test_run_large_output(void **state)
{
	struct fx *fx = *state;
	const struct value *v;
	const char *pat = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
	    "rstuvwxyz\n";
	size_t n = 3000000;

	fx->ctx.capture_max = 4 << 20;
	script(fx, "run.stdout-bytes", "3000000");
	assert_int_equal(run_task(fx, "big", obj(fx, "image", str(fx, "i"),
	    NULL)), 0);
	v = val_object_cget(fx->run->result, "stdout");
	/* 3000000 % 63 = 27: the output ends inside a line, no space. */
	assert_int_equal(v->u.str.len, n);
	for (size_t i = 0; i < n; i++)
		if (v->u.str.s[i] != pat[i % 63])
			fail_msg("byte %zu differs", i);
}

/* stream = true: lines printed live as "name | line", still captured. */
static void
test_run_stream(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.steps", "outn first \nsleep 0.1\nout half\n"
	    "err warn\nsleep 0.1\noutn no newline\n");
	assert_int_equal(run_task(fx, "echo", obj(fx, "image", str(fx, "i"),
	    "stream", val_bool(true), NULL)), 0);
	assert_string_equal(fx->outbuf, "echo | first half\necho | warn\n"
	    "echo | no newline\n");
	assert_string_equal(attr(fx, "stdout"), "first half\nno newline");
	assert_string_equal(attr(fx, "stderr"), "warn");
}

/* --stream applies to every task. */
static void
test_run_stream_ctx(void **state)
{
	struct fx *fx = *state;

	fx->ctx.stream = true;
	script(fx, "run.stdout", "a\nb\n");
	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "i"),
	    NULL)), 0);
	assert_string_equal(fx->outbuf, "t | a\nt | b\n");
}

/* stderr = true: both streams in arrival order; stdout = false: stderr. */
static void
test_run_result_streams(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.steps", "out o1\nsleep 0.05\nerr e1\nsleep 0.05\n"
	    "out o2\n");
	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "i"),
	    "stderr", val_bool(true), NULL)), 0);
	assert_string_equal(attr(fx, "stdout"), "o1\ne1\no2");
	assert_string_equal(attr(fx, "stderr"), "e1");
	task_run_free(fx->run);
	fx->run = NULL;
	fx->done = 0;
	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "i"),
	    "stdout", val_bool(false), "stderr", val_bool(true), NULL)), 0);
	assert_string_equal(attr(fx, "stdout"), "e1");
}

/* remove = false: no --rm, and the container id is reported. */
static void
test_run_keep(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "i"),
	    "remove", val_bool(false), NULL)), 0);
	expect_argv(fx, 1, "run", "@CID", "--label=runflow.run=20260101-abc",
	    "--label=runflow.task=task.docker_run.t", "i", NULL);
	assert_string_equal(attr(fx, "container_id"), FAKE_CID("1"));
}

/* Cancel with a container: docker kill, then docker rm -f, by id. */
static void
test_cancel_kills_container(void **state)
{
	struct fx *fx = *state;
	uint64_t t0 = loop_now_ms();

	script(fx, "run.delay", "30");
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    NULL), 300, TASK_CANCEL_TIMEOUT), -1);
	assert_true(loop_now_ms() - t0 < 5000);
	assert_string_equal(fx->run->error,
	    "timed out: the container was stopped");
	assert_int_equal(calls(fx), 3);
	expect_argv(fx, 2, "kill", FAKE_CID("1"), NULL);
	expect_argv(fx, 3, "rm", "-f", FAKE_CID("1"), NULL);
	assert_true(record_contains(fx, 1, "signal", "container KILL"));
	assert_run_dir_empty(fx);
	/* The sweep: `docker ps` lists nothing left. */
	assert_int_equal(docker_run_finish(&fx->ctx), 0);
	expect_argv(fx, 4, "ps", "-aq", "--no-trunc", "--filter",
	    "label=runflow.run=20260101-abc", NULL);
}

/* remove = false: killed, not removed. */
static void
test_cancel_keep(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.delay", "30");
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    "remove", val_bool(false), NULL), 300, TASK_CANCEL_SIGNAL), -1);
	assert_string_equal(fx->run->error,
	    "stopped: runflow was interrupted");
	assert_int_equal(calls(fx), 2);
	expect_argv(fx, 2, "kill", FAKE_CID("1"), NULL);
	/* The sweep keeps it too. */
	script(fx, "ps.stdout", FAKE_CID("1") "\nabc\n");
	script(fx, "rm.exit", "0");
	assert_int_equal(docker_run_finish(&fx->ctx), 1);
	expect_argv(fx, 4, "rm", "-f", "abc", NULL);
}

/* Cancel before the container exists: SIGTERM to the CLI, no kill. */
static void
test_cancel_without_container(void **state)
{
	struct fx *fx = *state;
	char *sig;

	script(fx, "run.delay", "30");
	script(fx, "run.no-cid", "");
	/* The second look finds a container created after the stop. */
	script(fx, "3.stdout", "c0ffee\n");
	script(fx, "rm.exit", "0");
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    NULL), 300, TASK_CANCEL_SIGNAL), -1);
	sig = record(fx, 1, "signal", NULL);
	assert_non_null(sig);
	assert_string_equal(sig, "TERM\n");
	free(sig);
	/* No id to kill: the task's containers are looked for, twice. */
	assert_int_equal(calls(fx), 4);
	expect_argv(fx, 2, "ps", "-aq", "--no-trunc", "--filter",
	    "label=runflow.run=20260101-abc", "--filter",
	    "label=runflow.task=task.docker_run.sleep", NULL);
	expect_argv(fx, 3, "ps", "-aq", "--no-trunc", "--filter",
	    "label=runflow.run=20260101-abc", "--filter",
	    "label=runflow.task=task.docker_run.sleep", NULL);
	expect_argv(fx, 4, "rm", "-f", "c0ffee", NULL);
}

/* A CLI that ignores SIGTERM gets SIGKILL after the grace time. */
static void
test_cancel_escalates(void **state)
{
	struct fx *fx = *state;
	uint64_t t0;

	fx->ctx.grace_ms = 300;
	script(fx, "run.delay", "30");
	script(fx, "run.no-cid", "");
	script(fx, "run.ignore-term", "");
	t0 = loop_now_ms();
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    NULL), 100, TASK_CANCEL_TIMEOUT), -1);
	assert_true(loop_now_ms() - t0 < 3000);
	assert_true(record_contains(fx, 1, "signal", "TERM ignored"));
}

/* A second signal: everything killed at once, the sweep removes. */
static void
test_cancel_force(void **state)
{
	struct fx *fx = *state;

	script(fx, "run.delay", "30");
	script(fx, "run.ignore-term", "");
	start_task(fx, "t", obj(fx, "image", str(fx, "i"), NULL));
	fx->why = TASK_CANCEL_FORCE;
	loop_timer_add(fx->loop, loop_now_ms() + 300, on_cancel, fx);
	assert_int_equal(finish_task(fx), -1);
	assert_int_equal(calls(fx), 1);
	script(fx, "ps.stdout", FAKE_CID("1") "\n");
	assert_int_equal(docker_run_finish(&fx->ctx), 1);
	expect_argv(fx, 3, "rm", "-f", FAKE_CID("1"), NULL);
}

/*
 * A frozen daemon: `docker kill` gets no answer.  At the time limit it is
 * killed, a warning names the container and how to remove it, nothing
 * more is asked of that daemon (no rm, no end-of-run sweep), the CLI is
 * stopped and the task ends.
 */
static void
test_kill_no_answer(void **state)
{
	struct fx *fx = *state;
	uint64_t t0 = loop_now_ms();
	char *err, *sig;
	int old;

	docker_run_set_cleanup_limit(300);
	script(fx, "run.delay", "30");
	script(fx, "kill.delay", "30");
	old = stderr_begin(fx);
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    NULL), 200, TASK_CANCEL_TIMEOUT), -1);
	err = stderr_end(fx, old);
	docker_run_set_cleanup_limit(0);
	assert_true(loop_now_ms() - t0 < 5000);
	assert_string_equal(err, "runflow: warning: task 'sleep': 'docker kill "
	    "fa4ed0c40000' got no answer from the daemon in 0.3 s and was "
	    "stopped; container fa4ed0c40000 may still be running: once the "
	    "daemon answers, remove it with 'docker rm -f fa4ed0c40000' or "
	    "'runflow cleanup --run 20260101-abc'\n");
	free(err);
	assert_string_equal(fx->run->error, "timed out: the daemon did not "
	    "answer, the container may still be running");
	assert_int_equal(calls(fx), 2);
	expect_argv(fx, 2, "kill", FAKE_CID("1"), NULL);
	/* The kill was killed, then the CLI got SIGTERM. */
	sig = record(fx, 2, "meta", NULL);
	assert_null(strstr(sig, "\nexit="));
	free(sig);
	sig = record(fx, 1, "signal", NULL);
	assert_string_equal(sig, "TERM\n");
	free(sig);
	/* The end of the run does not ask that daemon again. */
	old = stderr_begin(fx);
	assert_int_equal(docker_run_finish(&fx->ctx), -1);
	err = stderr_end(fx, old);
	assert_string_equal(err, "runflow: warning: the daemon did not answer "
	    "the clean-up of run '20260101-abc': its containers were not "
	    "looked for; once it answers, remove them with 'runflow cleanup "
	    "--run 20260101-abc'\n");
	free(err);
	assert_int_equal(calls(fx), 2);
	assert_int_equal(tmp_entries(fx), 0);
}

/* Without a container id: the task's `docker ps` gets no answer. */
static void
test_ps_no_answer(void **state)
{
	struct fx *fx = *state;
	char *err;
	int old;

	docker_run_set_cleanup_limit(300);
	script(fx, "run.delay", "30");
	script(fx, "run.no-cid", "");
	script(fx, "ps.delay", "30");
	old = stderr_begin(fx);
	assert_int_equal(run_and_cancel(fx, obj(fx, "image", str(fx, "i"),
	    NULL), 200, TASK_CANCEL_SIGNAL), -1);
	err = stderr_end(fx, old);
	docker_run_set_cleanup_limit(0);
	assert_string_equal(err, "runflow: warning: task 'sleep': 'docker ps' "
	    "got no answer from the daemon in 0.3 s and was stopped; a "
	    "container of the task may still be running: once the daemon "
	    "answers, remove it with 'runflow cleanup --run 20260101-abc'\n");
	free(err);
	assert_string_equal(fx->run->error, "stopped: runflow was interrupted");
	/* The run, one `docker ps`, no second look, no end-of-run sweep. */
	old = stderr_begin(fx);
	assert_int_equal(docker_run_finish(&fx->ctx), -1);
	err = stderr_end(fx, old);
	assert_non_null(strstr(err, "the daemon did not answer the clean-up"));
	free(err);
	assert_int_equal(calls(fx), 2);
}

/*
 * A refused kill or removal is a warning with docker's words; one that
 * says the container is gone already is not.
 */
static void
test_rm_refused(void **state)
{
	struct fx *fx = *state;
	char *err;
	int old;

	fx->ctx.capture_max = 1000;
	script(fx, "run.stdout-bytes", "5000");
	script(fx, "run.delay", "20");
	script(fx, "rm.stderr", "Error response from daemon: could not kill: "
	    "tried to kill container, but did not receive an exit event\n"
	    "  \nsecond line\n\n");
	script(fx, "rm.exit", "1");
	old = stderr_begin(fx);
	assert_int_equal(run_task(fx, "big", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	err = stderr_end(fx, old);
	assert_string_equal(err, "runflow: warning: task 'big': 'docker rm -f "
	    "fa4ed0c40000' failed with exit status 1:\n    Error response "
	    "from daemon: could not kill: tried to kill container, but did not "
	    "receive an exit event\n    second line\n");
	free(err);
	task_run_free(fx->run);
	fx->run = NULL;
	fx->done = 0;
	script(fx, "rm.stderr", "Error response from daemon: No such "
	    "container: fa4ed0c4\n");
	old = stderr_begin(fx);
	assert_int_equal(run_task(fx, "big", obj(fx, "image", str(fx, "i"),
	    NULL)), -1);
	err = stderr_end(fx, old);
	assert_string_equal(err, "");
	free(err);
	assert_int_equal(calls(fx), 6);
}

/* The end-of-run sweep and docker_run_cleanup have the limit too. */
static void
test_cleanup_no_answer(void **state)
{
	struct fx *fx = *state;
	size_t removed = 9;
	char *err = NULL;
	uint64_t t0 = loop_now_ms();

	docker_run_set_cleanup_limit(300);
	script(fx, "ps.delay", "30");
	assert_int_equal(docker_run_cleanup(fx->loop, fx->docker,
	    fx->ctx.environ, "r1", &removed, &err), -1);
	docker_run_set_cleanup_limit(0);
	assert_true(loop_now_ms() - t0 < 5000);
	assert_string_equal(err, "'docker ps' got no answer from the daemon "
	    "in 0.3 s and was stopped");
	assert_int_equal(removed, 0);
	free(err);
}

/* No sweep when nothing was stopped. */
static void
test_no_sweep_when_clean(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "i"),
	    NULL)), 0);
	assert_int_equal(docker_run_finish(&fx->ctx), 0);
	assert_int_equal(calls(fx), 1);
}

/* docker_run_cleanup: every labelled container, of one run or all. */
static void
test_cleanup(void **state)
{
	struct fx *fx = *state;
	size_t removed = 9;
	char *err = NULL;

	script(fx, "ps.stdout", "");
	assert_int_equal(docker_run_cleanup(fx->loop, fx->docker,
	    fx->ctx.environ, NULL, &removed, &err), 0);
	assert_int_equal(removed, 0);
	expect_argv(fx, 1, "ps", "-aq", "--no-trunc", "--filter",
	    "label=runflow.run", NULL);
	script(fx, "ps.stdout", "a1\nb2\n");
	script(fx, "rm.exit", "0");
	assert_int_equal(docker_run_cleanup(fx->loop, fx->docker,
	    fx->ctx.environ, "r1", &removed, &err), 0);
	assert_int_equal(removed, 2);
	expect_argv(fx, 3, "rm", "-f", "a1", "b2", NULL);
	script(fx, "ps.stderr", "Cannot connect to the Docker daemon\n");
	script(fx, "ps.exit", "1");
	assert_int_equal(docker_run_cleanup(fx->loop, fx->docker,
	    fx->ctx.environ, "r1", &removed, &err), -1);
	assert_string_equal(err, "'docker ps' exited with status 1: Cannot "
	    "connect to the Docker daemon");
	free(err);
}

/* Empty entrypoint, no command: the image's CMD is asked for first. */
static void
test_image_cmd(void **state)
{
	struct fx *fx = *state;

	script(fx, "image.stdout", "[\"/bin/sh\",\"-c\",\"echo hi\"]\n");
	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "img"),
	    "entrypoint", str(fx, ""), NULL)), 0);
	expect_argv(fx, 1, "image", "inspect", "-f", "{{json .Config.Cmd}}",
	    "img", NULL);
	expect_argv(fx, 2, "run", "--rm", "@CID",
	    "--label=runflow.run=20260101-abc",
	    "--label=runflow.task=task.docker_run.t", "--entrypoint=", "img",
	    "/bin/sh", "-c", "echo hi", NULL);
}

/* ... and pulled when it is not there. */
static void
test_image_cmd_pull(void **state)
{
	struct fx *fx = *state;

	script(fx, "1.exit", "1");
	script(fx, "1.stderr", "Error: No such image: img\n");
	script(fx, "3.stdout", "null\n");
	assert_int_equal(run_task(fx, "t", obj(fx, "image", str(fx, "img"),
	    "entrypoint", strs(fx, NULL), NULL)), 0);
	expect_argv(fx, 2, "pull", "img", NULL);
	expect_argv(fx, 3, "image", "inspect", "-f", "{{json .Config.Cmd}}",
	    "img", NULL);
	expect_argv(fx, 4, "run", "--rm", "@CID",
	    "--label=runflow.run=20260101-abc",
	    "--label=runflow.task=task.docker_run.t", "--entrypoint=", "img",
	    NULL);
}

/* podman: learned from --version, only when it matters. */
static void
test_podman(void **state)
{
	struct fx *fx = *state;
	char *link = xasprintf("%s/podman", fx->dir);
	char *err = NULL;

	assert_int_equal(symlink(fx->docker, link), 0);
	setenv("FAKE_DOCKER_VERSION", "podman version 4.9.3", 1);
	fx->ctx.docker = link;
	fx->run = task_run_new(&task_type_docker_run, &fx->ctx, "t", "t",
	    obj(fx, "image", str(fx, "i"), "domainname", str(fx, "x"), NULL),
	    &fx->values, 1);
	assert_int_equal(task_run_plan(fx->run, &err), -1);
	assert_int_equal(strncmp(err, "argument 'domainname' is not supported "
	    "by '", 43), 0);
	assert_string_equal(err + 43 + strlen(link), "' (set sysctls = { \"kernel.domainname\" = \"...\" } "
	    "instead)");
	free(err);
	assert_true(docker_run_is_podman(link));
	unsetenv("FAKE_DOCKER_VERSION");
	assert_false(docker_run_is_podman(fx->docker));
	free(link);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_plan_examples),
		T(test_plan_quoting_and_keep),
		T(test_check_unknown_argument),
		T(test_run_hello),
		T(test_run_dir_shared),
		T(test_run_env_not_in_argv),
		T(test_run_failure_message),
		T(test_run_failure_last_lines),
		T(test_run_docker_failed),
		T(test_run_daemon_lost),
		T(test_run_127),
		T(test_run_127_container),
		T(test_run_missing_binary),
		T(test_run_output_cap),
		T(test_rm_retried),
		T(test_run_large_output),
		T(test_run_stream),
		T(test_run_stream_ctx),
		T(test_run_result_streams),
		T(test_run_keep),
		T(test_cancel_kills_container),
		T(test_cancel_keep),
		T(test_cancel_without_container),
		T(test_cancel_escalates),
		T(test_cancel_force),
		T(test_kill_no_answer),
		T(test_ps_no_answer),
		T(test_rm_refused),
		T(test_cleanup_no_answer),
		T(test_no_sweep_when_clean),
		T(test_cleanup),
		T(test_image_cmd),
		T(test_image_cmd_pull),
		T(test_podman),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
