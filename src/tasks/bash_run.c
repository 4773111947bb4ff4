#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tasks/task.h"
#include "util/xmalloc.h"

/*
 * bash_run (flow.md section 5): `command` run by /bin/bash -c, `env` added
 * to the runner's environment (runflow started it with an empty one; here
 * it inherits, see docs/compat.md).  Result: stdout and stderr stripped as
 * Python's str.strip() strips, and returncode (minus the signal number
 * when a signal killed it, as Python's subprocess reports).  The stripped
 * stdout is printed when the command ends, as runflow printed it.
 */

#define BASH_PATH "/bin/bash"

/* Lines of stderr quoted in a failure message. */
#define BASH_ERR_LINES 20

static const struct task_arg bash_args[] = {
	{ "command", TASK_KIND(VAL_STRING), true },
	{ "env", TASK_KIND(VAL_OBJECT), false },
	{ NULL, 0, false },
};

/*
 * The command and environment values reach the child as C strings, which
 * cannot hold NUL; environment values must be scalars and names usable.
 */
static void
bash_check(struct task_check *c)
{
	const struct task_argval *cmd = task_check_find(c, "command");
	const struct task_argval *env = task_check_find(c, "env");

	if (cmd != NULL && cmd->val != NULL && cmd->val->kind == VAL_STRING &&
	    memchr(cmd->val->u.str.s, '\0', cmd->val->u.str.len) != NULL)
		task_check_error(c, cmd, "argument 'command' holds a NUL byte");
	if (env == NULL || env->val == NULL || env->val->kind != VAL_OBJECT)
		return;
	for (size_t i = 0; i < env->val->u.obj.n; i++) {
		const struct val_member *m = &env->val->u.obj.members[i];
		enum val_kind k = m->val->kind;

		if (m->keylen == 0 || strchr(m->key, '=') != NULL)
			task_check_error(c, env, "environment variable name "
			    "'%s' in 'env' is empty or holds '='", m->key);
		else if (k != VAL_STRING && k != VAL_NUMBER &&
		    k != VAL_BOOL && k != VAL_UNKNOWN)
			task_check_error(c, env, "value of '%s' in 'env' "
			    "must be a string, number or bool, not %s",
			    m->key, val_kind_name(k));
		else if (k == VAL_STRING &&
		    memchr(m->val->u.str.s, '\0', m->val->u.str.len) != NULL)
			task_check_error(c, env, "value of '%s' in 'env' "
			    "holds a NUL byte", m->key);
	}
}

/* argv: /bin/bash -c COMMAND; env: each entry as NAME=VALUE. */
static int
bash_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	struct arena *a = run->arena;
	const struct value *cmd = task_plan_text(a, task_arg(run, "command"));
	const struct value *env = task_arg(run, "env");

	if (cmd == NULL) {
		*err = xstrdup("argument 'command' must be a string");
		return -1;
	}
	if (memchr(cmd->u.str.s, '\0', cmd->u.str.len) != NULL) {
		*err = xstrdup("argument 'command' holds a NUL byte");
		return -1;
	}
	strvec_push(&plan->argv, BASH_PATH);
	strvec_push(&plan->argv, "-c");
	strvec_push(&plan->argv, cmd->u.str.s);
	for (size_t i = 0; env != NULL && env->kind == VAL_OBJECT &&
	    i < env->u.obj.n; i++) {
		const struct val_member *m = &env->u.obj.members[i];
		const struct value *s = task_plan_text(a, m->val);

		if (s == NULL || memchr(s->u.str.s, '\0', s->u.str.len)) {
			*err = xasprintf("value of '%s' in 'env' is not a "
			    "string without NUL bytes", m->key);
			return -1;
		}
		strvec_pushf(&plan->env, "%s=%s", m->key, s->u.str.s);
	}
	return 0;
}

/* The child ended: build the result or the failure. */
static void
bash_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct task_run *run = arg;
	struct buf *out = proc_stdout(p), *errb = proc_stderr(p);
	const struct value *vout, *verr;
	struct val_member m[3];
	int64_t rc;
	size_t dup;

	if (r->error != 0) {
		char *why = task_proc_status_text(r, run->ctx->capture_max);

		task_run_fail(run, "command %s", why);
		free(why);
		return;
	}
	vout = task_strip(run->arena, out->data, out->len);
	verr = task_strip(run->arena, errb->data, errb->len);
	if (vout->u.str.len > 0 && !run->ctx->stream) {
		struct buf line = BUF_INIT;

		buf_append(&line, vout->u.str.s, vout->u.str.len);
		buf_putc(&line, '\n');
		task_print(run->ctx, line.data, line.len);
		buf_release(&line);
	}
	rc = r->status.signo > 0 ? -(int64_t)r->status.signo :
	    r->status.code;
	if (rc != 0) {
		char *why = task_proc_status_text(r, 0);
		const char *tail = task_last_lines(verr->u.str.s,
		    verr->u.str.len, BASH_ERR_LINES);

		task_run_fail(run, "command %s%s%s", why,
		    *tail != '\0' ? "\n" : "", tail);
		free(why);
		return;
	}
	m[0] = (struct val_member){ "stdout", 6, vout };
	m[1] = (struct val_member){ "stderr", 6, verr };
	m[2] = (struct val_member){ "returncode", 10, val_int(run->arena, rc) };
	task_run_succeed(run, val_object(run->arena, m, 3, &dup));
}

/* Spawn bash. */
static int
bash_start(struct task_run *run)
{
	if (task_run_spawn(run, bash_done) == -1) {
		task_run_fail(run, "cannot run '%s': %s", BASH_PATH,
		    strerror(errno));
		return -1;
	}
	return 0;
}

const struct task_type task_type_bash_run = {
	.name = "bash_run",
	.results = (const char *const[]){ "stdout", "stderr", "returncode", NULL },
	.args = bash_args,
	.check = bash_check,
	.plan = bash_plan,
	.start = bash_start,
};
