#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tasks/task.h"
#include "util/shquote.h"
#include "util/xmalloc.h"

/* Registry: a handful of types, registered once at start-up. */
#define TASK_MAX_TYPES 32

static const struct task_type *registry[TASK_MAX_TYPES];
static const char *registry_names[TASK_MAX_TYPES];
static size_t nregistry;

/* Add a type to the registry. */
void
task_register(const struct task_type *type)
{
	if (task_lookup(type->name) != NULL)
		fatal("task type '%s' registered twice", type->name);
	if (nregistry == TASK_MAX_TYPES)
		fatal("too many task types");
	registry_names[nregistry] = type->name;
	registry[nregistry++] = type;
}

/* Register the types built into runflow. */
void
task_register_builtins(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	task_register(&task_type_bash_run);
	task_register(&task_type_file_write);
	task_register(&task_type_file_read);
	task_register(&task_type_hcl2_template);
	task_register(&task_type_docker_run);
	task_register(&task_type_flow_run);
}

/* Find a type by name. */
const struct task_type *
task_lookup(const char *name)
{
	for (size_t i = 0; i < nregistry; i++)
		if (strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

/* Every registered type name. */
const char *const *
task_type_names(size_t *n)
{
	*n = nregistry;
	return registry_names;
}

/* Checks. */

/* Find an argument of the check by name. */
const struct task_argval *
task_check_find(const struct task_check *c, const char *name)
{
	for (size_t i = 0; i < c->nargs; i++)
		if (strcmp(c->args[i].name, name) == 0)
			return &c->args[i];
	return NULL;
}

/* Report an error about one argument, or the task when a is NULL. */
struct diag *
task_check_error(struct task_check *c, const struct task_argval *a,
    const char *fmt, ...)
{
	struct diag *d;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	d = diag_error(c->diags, c->src,
	    a != NULL ? a->name_span : c->block_span, "%s", msg);
	free(msg);
	return d;
}

/* The names of a mask of kinds, as "a string or a number". */
static void
kinds_text(struct buf *b, unsigned kinds)
{
	bool first = true;

	for (int k = VAL_BOOL; k <= VAL_OBJECT; k++) {
		if (!(kinds & TASK_KIND(k)))
			continue;
		buf_printf(b, "%s%s %s", first ? "" : " or ",
		    k == VAL_OBJECT ? "an" : "a",
		    k == VAL_OBJECT ? "object" : val_kind_name((enum val_kind)k));
		first = false;
	}
}

/* Whether v fits the kinds, with HCL's conversions to string. */
static bool
kind_ok(const struct value *v, unsigned kinds)
{
	if (kinds == TASK_KIND_ANY || (kinds & TASK_KIND(v->kind)))
		return true;
	/* HCL converts numbers and bools to strings where one is asked. */
	if ((kinds & TASK_KIND(VAL_STRING)) &&
	    (v->kind == VAL_NUMBER || v->kind == VAL_BOOL))
		return true;
	return false;
}

/* Check the schema, then the type's own rules. */
void
task_check_args(struct task_check *c)
{
	const struct task_type *t = c->type;
	const char *names[64];
	size_t nnames = 0;

	for (const struct task_arg *a = t->args; a != NULL && a->name != NULL;
	    a++)
		if (nnames < sizeof(names) / sizeof(names[0]))
			names[nnames++] = a->name;
	for (size_t i = 0; i < c->nargs; i++) {
		const struct task_argval *av = &c->args[i];
		const struct task_arg *spec = NULL;

		if (av->name[0] == '_')
			continue;	/* _depends_on, _retry, _timeout */
		for (const struct task_arg *a = t->args;
		    a != NULL && a->name != NULL; a++)
			if (strcmp(a->name, av->name) == 0)
				spec = a;
		if (spec == NULL) {
			const char *near;
			struct diag *d;

			if (t->open_args)
				continue;
			near = diag_suggest(av->name, names, nnames);
			d = task_check_error(c, av,
			    "unknown argument '%s' for task type '%s'",
			    av->name, t->name);
			if (near != NULL)
				diag_set_detail(d, "did you mean '%s'?", near);
			continue;
		}
		if (av->val == NULL || val_is_unknown(av->val))
			continue;
		if (av->val->kind == VAL_NULL) {
			if (spec->required)
				task_check_error(c, av,
				    "argument '%s' of task type '%s' must "
				    "not be null", av->name, t->name);
			continue;
		}
		if (!kind_ok(av->val, spec->kinds)) {
			struct buf b = BUF_INIT;

			kinds_text(&b, spec->kinds);
			task_check_error(c, av, "argument '%s' must be %s, "
			    "not %s %s", av->name, buf_str(&b),
			    av->val->kind == VAL_OBJECT ? "an" : "a",
			    val_kind_name(av->val->kind));
			buf_release(&b);
		}
	}
	for (const struct task_arg *a = t->args; a != NULL && a->name != NULL;
	    a++)
		if (a->required && task_check_find(c, a->name) == NULL)
			task_check_error(c, NULL,
			    "missing required argument '%s' for task type "
			    "'%s'", a->name, t->name);
	if (t->check != NULL)
		t->check(c);
}

/* Check an evaluated argument object; messages joined on failure. */
int
task_check_value(const struct task_type *type, const char *task_id,
    const struct value *args, char **err)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct task_argval *av;
	struct task_check c;
	size_t n = args != NULL && args->kind == VAL_OBJECT ? args->u.obj.n : 0;
	int rc = 0;

	av = xcalloc(n ? n : 1, sizeof(*av));
	for (size_t i = 0; i < n; i++) {
		av[i].name = args->u.obj.members[i].key;
		av[i].val = args->u.obj.members[i].val;
	}
	memset(&c, 0, sizeof(c));
	c.type = type;
	c.task_id = task_id;
	c.args = av;
	c.nargs = n;
	c.diags = &dl;
	task_check_args(&c);
	if (diag_has_errors(&dl)) {
		struct buf b = BUF_INIT;

		for (size_t i = 0; i < dl.n; i++) {
			if (dl.v[i].severity != DIAG_ERROR)
				continue;
			if (b.len > 0)
				buf_putc(&b, '\n');
			buf_puts(&b, dl.v[i].summary);
			if (dl.v[i].detail != NULL)
				buf_printf(&b, " (%s)", dl.v[i].detail);
		}
		*err = buf_detach(&b, NULL);
		rc = -1;
	}
	diag_list_release(&dl);
	free(av);
	return rc;
}

/* Plans. */

/* Make an empty plan. */
void
task_plan_init(struct task_plan *p)
{
	struct task_plan init = TASK_PLAN_INIT;

	*p = init;
}

/* Free a plan's contents. */
void
task_plan_release(struct task_plan *p)
{
	strvec_release(&p->argv);
	strvec_release(&p->env);
	strvec_release(&p->unset);
	buf_release(&p->input);
	free(p->describe);
	task_plan_init(p);
}

/* Format a plan as one shell line. */
int
task_plan_format(const struct task_plan *p, struct buf *out)
{
	int rc = 0;

	if (p->describe != NULL)
		return buf_puts(out, p->describe);
	if (p->unset.n > 0) {
		rc |= buf_puts(out, "env");
		for (size_t i = 0; i < p->unset.n; i++) {
			rc |= buf_puts(out, " -u ");
			rc |= shquote_append(out, p->unset.v[i],
			    strlen(p->unset.v[i]));
		}
		rc |= buf_putc(out, ' ');
	}
	for (size_t i = 0; i < p->env.n; i++) {
		const char *kv = p->env.v[i];
		const char *eq = strchr(kv, '=');

		/* NAME=value: the name is a plain word, the value quoted. */
		rc |= buf_append(out, kv, (size_t)(eq - kv + 1));
		rc |= shquote_append(out, eq + 1, strlen(eq + 1));
		rc |= buf_putc(out, ' ');
	}
	for (size_t i = 0; i < p->argv.n; i++) {
		if (i > 0)
			rc |= buf_putc(out, ' ');
		rc |= shquote_append(out, p->argv.v[i], strlen(p->argv.v[i]));
	}
	if (p->has_input)
		rc |= buf_printf(out, " < (%zu bytes on standard input)",
		    p->input.len);
	return rc != 0 ? -1 : 0;
}

/* Whether "NAME=..." entry kv has the name of length n at name. */
static bool
env_has_name(const char *kv, const char *name, size_t n)
{
	return strncmp(kv, name, n) == 0 && kv[n] == '=';
}

/* Whether the environment entry kv is overridden or removed by the plan. */
static bool
env_dropped(const struct task_plan *p, const char *kv)
{
	for (size_t i = 0; i < p->unset.n; i++)
		if (env_has_name(kv, p->unset.v[i], strlen(p->unset.v[i])))
			return true;
	for (size_t i = 0; i < p->env.n; i++) {
		const char *eq = strchr(p->env.v[i], '=');

		if (env_has_name(kv, p->env.v[i], (size_t)(eq - p->env.v[i])))
			return true;
	}
	return false;
}

/* Build the child's whole environment. */
void
task_plan_environ(const struct task_plan *p, char *const *base,
    struct strvec *out)
{
	for (size_t i = 0; base != NULL && base[i] != NULL; i++)
		if (!env_dropped(p, base[i]))
			strvec_push(out, base[i]);
	for (size_t i = 0; i < p->env.n; i++)
		strvec_push(out, p->env.v[i]);
}

/* Runs. */

/* Make a run for one attempt. */
struct task_run *
task_run_new(const struct task_type *type, const struct task_ctx *ctx,
    const char *id, const char *display, const struct value *args,
    struct arena *arena, unsigned attempt)
{
	struct task_run *run = xcalloc(1, sizeof(*run));

	run->type = type;
	run->ctx = ctx;
	run->id = id;
	run->display = display;
	run->args = args;
	run->arena = arena;
	run->attempt = attempt;
	task_plan_init(&run->plan);
	return run;
}

/* Hand a finished run to the engine. */
static void
deliver(struct task_run *run)
{
	if (run->on_done != NULL) {
		task_done_cb cb = run->on_done;

		run->on_done = NULL;
		cb(run, run->done_arg);
	}
}

/* Loop timer: deliver a completion that came from inside start. */
static void
deliver_deferred(struct loop *loop, void *arg)
{
	struct task_run *run = arg;

	(void)loop;
	run->defer = NULL;
	deliver(run);
}

/* Mark finished; deliver now, or from the loop when inside start. */
static void
complete(struct task_run *run)
{
	if (run->finished)
		fatal("task %s completed twice", run->id);
	run->finished = true;
	if (run->in_start) {
		if (run->defer == NULL)
			run->defer = loop_timer_add(run->ctx->loop,
			    loop_now_ms(), deliver_deferred, run);
		return;
	}
	deliver(run);
}

/* Merge the arguments with the type's attributes. */
void
task_run_succeed(struct task_run *run, const struct value *attrs)
{
	size_t na = run->args != NULL && run->args->kind == VAL_OBJECT ?
	    run->args->u.obj.n : 0;
	size_t nb = attrs != NULL ? attrs->u.obj.n : 0;
	struct val_member *m = xcalloc(na + nb + 1, sizeof(*m));
	size_t n = 0, dup;

	for (size_t i = 0; i < nb; i++)
		m[n++] = attrs->u.obj.members[i];
	for (size_t i = 0; i < na; i++) {
		const struct val_member *am = &run->args->u.obj.members[i];

		if (attrs == NULL ||
		    val_object_get(attrs, am->key, am->keylen) == NULL)
			m[n++] = *am;
	}
	run->result = val_object(run->arena, m, n, &dup);
	if (run->result == NULL)
		fatal("task_run_succeed: duplicate key");
	free(m);
	complete(run);
}

/* Record a failure message. */
void
task_run_fail(struct task_run *run, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(run->error);
	run->error = xvasprintf(fmt, ap);
	va_end(ap);
	complete(run);
}

/* Make the plan only. */
int
task_run_plan(struct task_run *run, char **err)
{
	task_plan_release(&run->plan);
	if (run->type->plan == NULL) {
		run->plan.describe = xasprintf("%s", run->type->name);
		return 0;
	}
	return run->type->plan(run, &run->plan, err);
}

/* Check, plan and start one attempt. */
int
task_run_start(struct task_run *run, task_done_cb on_done, void *arg)
{
	char *err = NULL;

	run->on_done = on_done;
	run->done_arg = arg;
	run->in_start = true;
	if (task_check_value(run->type, run->id, run->args, &err) == -1 ||
	    task_run_plan(run, &err) == -1) {
		task_run_fail(run, "%s", err);
		free(err);
	} else if (run->type->start(run) == -1 && !run->finished) {
		task_run_fail(run, "task type '%s' could not start",
		    run->type->name);
	}
	run->in_start = false;
	return 0;
}

/* Ask the run to stop. */
void
task_run_cancel(struct task_run *run, enum task_cancel_why why)
{
	if (run->finished)
		return;
	run->canceled = true;
	if (run->type->cancel != NULL)
		run->type->cancel(run, why);
	else
		task_run_default_cancel(run, why);
}

/* Signal the run's process group. */
void
task_run_default_cancel(struct task_run *run, enum task_cancel_why why)
{
	if (run->proc == NULL)
		return;
	if (why == TASK_CANCEL_FORCE)
		proc_kill(run->proc, SIGKILL);
	else
		proc_terminate(run->proc, SIGTERM, run->ctx->grace_ms);
}

/* task_run_spawn's state: the type's callback and live output lines. */
struct live {
	proc_done_cb done;
	bool stream;		/* print lines live */
	struct buf line[2];	/* partial line of stdout, stderr */
};

/* Print the complete lines of one stream as "display | line". */
static void
live_flush(struct task_run *run, struct buf *b, bool all)
{
	struct buf out = BUF_INIT;
	size_t start = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] != '\n')
			continue;
		buf_printf(&out, "%s | ", run->display);
		buf_append(&out, b->data + start, i - start + 1);
		start = i + 1;
	}
	if (all && start < b->len) {
		buf_printf(&out, "%s | ", run->display);
		buf_append(&out, b->data + start, b->len - start);
		buf_putc(&out, '\n');
		start = b->len;
	}
	if (out.len > 0)
		task_print(run->ctx, out.data, out.len);
	buf_release(&out);
	if (start == 0)
		return;		/* nothing printed (b may have no storage) */
	memmove(b->data, b->data + start, b->len - start);
	b->len -= start;
	b->data[b->len] = '\0';
}

/* proc chunk callback: print lines as they come. */
static void
on_chunk(struct proc *p, enum proc_stream stream, const char *data,
    size_t len, void *arg)
{
	struct task_run *run = arg;
	struct live *lv = run->priv;
	struct buf *b = &lv->line[stream == PROC_STDERR];

	(void)p;
	buf_append(b, data, len);
	live_flush(run, b, false);
}

/* proc completion: print what is left of live lines, then the type's. */
static void
on_proc_done(struct proc *p, const struct proc_result *r, void *arg)
{
	struct task_run *run = arg;
	struct live *lv = run->priv;

	if (lv->stream) {
		live_flush(run, &lv->line[0], true);
		live_flush(run, &lv->line[1], true);
	}
	lv->done(p, r, arg);
}

/* Free a run. */
void
task_run_free(struct task_run *run)
{
	if (run == NULL)
		return;
	if (run->defer != NULL)
		loop_timer_cancel(run->ctx->loop, run->defer);
	if (run->type->free_state != NULL)
		run->type->free_state(run);
	if (run->proc != NULL)
		proc_free(run->proc);
	if (run->priv != NULL) {
		struct live *lv = run->priv;

		buf_release(&lv->line[0]);
		buf_release(&lv->line[1]);
		free(lv);
	}
	task_plan_release(&run->plan);
	free(run->error);
	free(run);
}

/* Spawn the plan with captured output. */
int
task_run_spawn(struct task_run *run, proc_done_cb done)
{
	return task_run_spawn_opts(run, NULL, done);
}

/* Spawn the plan with captured output, as ts says. */
int
task_run_spawn_opts(struct task_run *run, const struct task_spawn *ts,
    proc_done_cb done)
{
	struct strvec env = STRVEC_INIT;
	struct proc_opts o;
	struct live *lv;

	if (run->plan.argv.n == 0 && (ts == NULL || ts->argv == NULL))
		fatal("task_run_spawn: %s has no argv", run->id);
	memset(&o, 0, sizeof(o));
	task_plan_environ(&run->plan, ts != NULL && ts->environ != NULL ?
	    ts->environ : run->ctx->environ, &env);
	o.spawn.argv = ts != NULL && ts->argv != NULL ? ts->argv :
	    strvec_argv(&run->plan.argv);
	o.spawn.envp = strvec_argv(&env);
	o.spawn.in = SPAWN_STDIN_NULL;
	o.spawn.stdin_fd = -1;
	o.out_max = run->ctx->capture_max;
	o.err_max = run->ctx->capture_max;
	if (ts != NULL && ts->combined) {
		o.combined = 1;
		o.combined_max = o.out_max > 0 ? 2 * o.out_max : 0;
	}
	if (run->plan.has_input) {
		o.input = run->plan.input.data != NULL ? run->plan.input.data :
		    "";
		o.input_len = run->plan.input.len;
	}
	if (run->priv == NULL)
		run->priv = xcalloc(1, sizeof(struct live));
	lv = run->priv;
	lv->done = done;
	lv->stream = run->ctx->stream || (ts != NULL && ts->stream);
	if (lv->stream)
		o.on_chunk = on_chunk;
	o.on_done = on_proc_done;
	o.arg = run;
	run->proc = proc_new(run->ctx->loop, &o);
	strvec_release(&env);
	return run->proc != NULL ? 0 : -1;
}

/* Print to the task output stream between the hooks. */
void
task_print(const struct task_ctx *ctx, const char *data, size_t len)
{
	FILE *out = ctx->out != NULL ? ctx->out : stdout;

	if (ctx->before_output != NULL)
		ctx->before_output(ctx->hook_arg);
	fwrite(data, 1, len, out);
	fflush(out);
	if (ctx->after_output != NULL)
		ctx->after_output(ctx->hook_arg);
}

/* Whether c is whitespace to Python's str.strip() (ASCII part). */
static bool
py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* A stripped copy of s as a string value. */
const struct value *
task_strip(struct arena *a, const char *s, size_t len)
{
	size_t start = 0;

	if (s == NULL)
		return val_string(a, "", 0);
	while (start < len && py_space((unsigned char)s[start]))
		start++;
	while (len > start && py_space((unsigned char)s[len - 1]))
		len--;
	return val_string(a, s + start, len - start);
}

/* Describe how a process ended. */
char *
task_proc_status_text(const struct proc_result *r, size_t cap)
{
	if (r->error == EFBIG)
		return xasprintf("%s passed the capture limit of %zu bytes "
		    "(raise 'output_cap' in the [run] section of the settings file)",
		    r->over == PROC_STDERR ? "stderr" : "stdout", cap);
	if (r->error != 0)
		return xasprintf("reading its output failed: %s",
		    strerror(r->error));
	if (r->status.signo > 0) {
		const char *abbrev = sigabbrev_np(r->status.signo);

		return xasprintf("was killed by signal %d (SIG%s)",
		    r->status.signo, abbrev != NULL ? abbrev : "?");
	}
	return xasprintf("exited with status %d", r->status.code);
}

/* Point at the start of the last n lines of s. */
const char *
task_last_lines(const char *s, size_t len, size_t n)
{
	size_t i = len;

	if (s == NULL)
		return "";
	if (i > 0 && s[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (s[i - 1] == '\n' && --n == 0)
			break;
		i--;
	}
	return s + i;
}

/* A value as plan text, unknown values as their reference. */
const struct value *
task_plan_text(struct arena *a, const struct value *v)
{
	if (v == NULL)
		return NULL;
	if (v->kind == VAL_UNKNOWN) {
		char *t = xasprintf("${%s}", v->u.unknown.ref != NULL ?
		    v->u.unknown.ref : "...");
		const struct value *r = val_cstring(a, t);

		free(t);
		return r;
	}
	return val_to_string(a, v);
}

/* An argument value, NULL when absent or null. */
const struct value *
task_arg(const struct task_run *run, const char *name)
{
	const struct value *v;

	if (run->args == NULL || run->args->kind != VAL_OBJECT)
		return NULL;
	v = val_object_cget(run->args, name);
	return v != NULL && v->kind != VAL_NULL ? v : NULL;
}
