#include "config.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag/diag.h"
#include "eval/value.h"
#include "tasks/docker_args.h"
#include "tasks/docker_emit.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/shquote.h"
#include "util/xmalloc.h"

/*
 * One translation.  json holds the arguments as a JSON object, with `
 * written for " to keep the table readable; {"$unknown": "ref"} stands for
 * an unknown value with that reference ({"$unknown": null}: a failed
 * expression).  image = "alpine" is added unless the object names image
 * or T_NO_IMAGE is set.
 *
 * argv is the plan's argv as shell words (shquote_argv); env the env_set
 * entries then "-NAME" per env_unset entry, DOCKER_DEFAULT_PLATFORM left
 * out (NULL: none); bits the plan's true flags (NULL: "rm stdout"); diags
 * one line per diagnostic, "E@arg: summary" or "W@arg: summary", with the
 * detail on the next line after two spaces (NULL: none).
 */
struct tcase {
	const char *json;
	unsigned opts;
	const char *argv;
	const char *env;
	const char *bits;
	const char *diags;
};

#define T_PODMAN	0x1u
#define T_NO_IMAGE	0x2u

/* Replace {"$unknown": ...} objects by unknown values, recursively. */
static const struct value *
with_unknowns(struct arena *a, const struct value *v)
{
	const struct value *u, **items;
	struct val_member *ms;
	size_t dup;

	if (v->kind == VAL_OBJECT && v->u.obj.n == 1 &&
	    strcmp(v->u.obj.members[0].key, "$unknown") == 0) {
		u = v->u.obj.members[0].val;
		return u->kind == VAL_STRING ? val_unknown_ref(a, u->u.str.s) :
		    val_unknown();
	}
	if (v->kind == VAL_LIST) {
		items = arena_calloc(a, v->u.list.n + 1, sizeof(*items));
		for (size_t i = 0; i < v->u.list.n; i++)
			items[i] = with_unknowns(a, v->u.list.items[i]);
		return val_list(a, items, v->u.list.n);
	}
	if (v->kind == VAL_OBJECT) {
		ms = arena_calloc(a, v->u.obj.n + 1, sizeof(*ms));
		for (size_t i = 0; i < v->u.obj.n; i++) {
			ms[i] = v->u.obj.members[i];
			ms[i].val = with_unknowns(a, ms[i].val);
		}
		return val_object(a, ms, v->u.obj.n, &dup);
	}
	return v;
}

/* The source-less spans of argument i's name and value; the block has its
 * own. */
static struct span
arg_span(size_t i)
{
	return span_make(i * 100, i * 100 + 10);
}

static struct span
value_span(size_t i)
{
	return span_make(i * 100 + 50, i * 100 + 60);
}

static const struct span block_span = { 9000, 9010 };

struct run {
	struct arena arena;
	struct docker_arg args[100];
	size_t nargs;
	struct docker_plan plan;
	struct diag_list dl;
	int rc;
};

/* Translate the arguments of a JSON object. */
static void
run_json(struct run *r, const char *json, unsigned opts)
{
	char *text = xstrdup(json), *p;
	const struct value *obj;
	struct docker_opts o = { NULL, block_span, false, NULL };
	const char *err;
	int line, col;

	for (p = text; *p != '\0'; p++)
		if (*p == '`')
			*p = '"';
	arena_init(&r->arena);
	obj = val_from_json(&r->arena, text, strlen(text), &err, &line, &col);
	if (obj == NULL)
		fail_msg("bad test JSON <%s>: %s", json, err);
	free(text);
	obj = with_unknowns(&r->arena, obj);
	assert_int_equal(obj->kind, VAL_OBJECT);
	r->nargs = 0;
	for (size_t i = 0; i < obj->u.obj.n; i++) {
		r->args[r->nargs].name = obj->u.obj.members[i].key;
		r->args[r->nargs].val = obj->u.obj.members[i].val;
		r->args[r->nargs].name_span = arg_span(r->nargs);
		r->args[r->nargs].span = value_span(r->nargs);
		r->nargs++;
	}
	if (!(opts & T_NO_IMAGE) && val_object_cget(obj, "image") == NULL) {
		r->args[r->nargs].name = "image";
		r->args[r->nargs].val = val_cstring(&r->arena, "alpine");
		r->args[r->nargs].name_span = arg_span(r->nargs);
		r->args[r->nargs].span = value_span(r->nargs);
		r->nargs++;
	}
	o.podman = (opts & T_PODMAN) != 0;
	docker_plan_init(&r->plan);
	diag_list_init(&r->dl);
	r->rc = docker_plan_build(&r->plan, r->args, r->nargs, &o, &r->dl);
}

static void
run_release(struct run *r)
{
	docker_plan_release(&r->plan);
	diag_list_release(&r->dl);
	arena_release(&r->arena);
}

/* The plan's argv as shell words. */
static char *
argv_text(struct run *r)
{
	struct buf b = BUF_INIT;

	shquote_argv(&b, strvec_argv(&r->plan.argv));
	return buf_detach(&b, NULL);
}

/* env_set as words, then -NAME per unset name. */
static char *
env_text(struct run *r)
{
	struct buf b = BUF_INIT;
	const char *s;

	for (size_t i = 0; i < r->plan.env_set.n; i++) {
		if (b.len > 0)
			buf_putc(&b, ' ');
		s = r->plan.env_set.v[i];
		shquote_append(&b, s, strlen(s));
	}
	for (size_t i = 0; i < r->plan.env_unset.n; i++) {
		s = r->plan.env_unset.v[i];
		if (strcmp(s, "DOCKER_DEFAULT_PLATFORM") == 0)
			continue;
		buf_printf(&b, "%s-%s", b.len > 0 ? " " : "", s);
	}
	return buf_detach(&b, NULL);
}

/* The plan's true flags. */
static char *
bits_text(struct run *r)
{
	struct buf b = BUF_INIT;
	const struct docker_plan *p = &r->plan;
	const struct {
		bool on;
		const char *name;
	} bits[] = {
		{ p->rm, "rm" }, { p->keep_container, "keep" },
		{ p->stream, "stream" }, { p->result_stdout, "stdout" },
		{ p->result_stderr, "stderr" },
		{ p->need_image_cmd, "need_cmd" },
		{ p->no_config_proxy, "no_proxy" },
		{ p->has_unknown, "unknown" },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (bits[i].on)
			buf_printf(&b, "%s%s", b.len > 0 ? " " : "",
			    bits[i].name);
	return buf_detach(&b, NULL);
}

/* The diagnostics, one per line, each naming its argument. */
static char *
diags_text(struct run *r)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < r->dl.n; i++) {
		const struct diag *d = &r->dl.v[i];
		const char *where = "?";

		if (d->subject.start == block_span.start &&
		    d->subject.end == block_span.end)
			where = "block";
		else if (d->subject.start / 100 < r->nargs &&
		    d->subject.start % 100 == 0)
			where = r->args[d->subject.start / 100].name;
		else if (d->subject.start / 100 < r->nargs &&
		    d->subject.start % 100 == 50)
			where = r->args[d->subject.start / 100].name;
		buf_printf(&b, "%s%c@%s: %s", i > 0 ? "\n" : "",
		    d->severity == DIAG_ERROR ? 'E' : 'W', where, d->summary);
		if (d->detail != NULL)
			buf_printf(&b, "\n  %s", d->detail);
	}
	return buf_detach(&b, NULL);
}

/* Compare one rendered part of a case; report the case on mismatch. */
static bool
same(size_t i, const struct tcase *t, const char *what, char *got,
    const char *want)
{
	bool ok = strcmp(got, want) == 0;

	if (!ok)
		print_error("case %zu %s\n  %s\n  got:  %s\n  want: %s\n", i,
		    t->json, what, got, want);
	free(got);
	return ok;
}

/* Run every case of a table; fail once at the end, listing them all. */
static void
run_cases(const struct tcase *cases, size_t n)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		const struct tcase *t = &cases[i];
		struct run r;
		bool ok = true;

		run_json(&r, t->json, t->opts);
		ok &= same(i, t, "argv", argv_text(&r), t->argv);
		ok &= same(i, t, "env", env_text(&r), t->env ? t->env : "");
		ok &= same(i, t, "bits", bits_text(&r),
		    t->bits ? t->bits : "rm stdout");
		ok &= same(i, t, "diags", diags_text(&r),
		    t->diags ? t->diags : "");
		if (r.rc != (diag_has_errors(&r.dl) ? -1 : 0)) {
			print_error("case %zu: return %d\n", i, r.rc);
			ok = false;
		}
		bad += !ok;
		run_release(&r);
	}
	if (bad > 0)
		fail_msg("%zu of %zu cases failed", bad, n);
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

#include "docker_args_cases.h"

/* The table holds exactly the 88 names of the mapping and the docs. */
static void
test_names(void **state)
{
	/*
	 * docker-run-mapping.md §3, one row each, and the argument list of
	 * the runflow docs page: the keyword arguments of docker-py 5's
	 * ContainerCollection.run plus detach and remove.
	 */
	static const char *const names[] = {
		"auto_remove", "blkio_weight", "blkio_weight_device", "cap_add",
		"cap_drop", "cgroup_parent", "command", "cpu_count",
		"cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
		"cpu_rt_runtime", "cpu_shares", "cpuset_cpus", "cpuset_mems",
		"detach", "device_cgroup_rules", "device_read_bps",
		"device_read_iops", "device_requests", "device_write_bps",
		"device_write_iops", "devices", "dns", "dns_opt", "dns_search",
		"domainname", "entrypoint", "environment", "extra_hosts",
		"group_add", "healthcheck", "hostname", "image", "init",
		"init_path", "ipc_mode", "isolation", "kernel_memory", "labels",
		"links", "log_config", "lxc_conf", "mac_address", "mem_limit",
		"mem_reservation", "mem_swappiness", "memswap_limit", "mounts",
		"name", "nano_cpus", "network", "network_disabled",
		"network_mode", "oom_kill_disable", "oom_score_adj", "pid_mode",
		"pids_limit", "platform", "ports", "privileged",
		"publish_all_ports", "read_only", "remove", "restart_policy",
		"runtime", "security_opt", "shm_size", "stderr", "stdin_open",
		"stdout", "stop_signal", "storage_opt", "stream", "sysctls",
		"tmpfs", "tty", "ulimits", "use_config_proxy", "user",
		"userns_mode", "uts_mode", "version", "volume_driver",
		"volumes", "volumes_from", "working_dir",
	};

	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]), 88);
	assert_int_equal(docker_arg_count(), 88);
	for (size_t i = 0; i < 88; i++) {
		assert_string_equal(docker_arg_name(i), names[i]);
		assert_true(docker_arg_known(names[i]));
	}
	assert_false(docker_arg_known("enviroment"));
	assert_false(docker_arg_known("cgroupns"));
	assert_false(docker_arg_known("networking_config"));
	assert_false(docker_arg_known(""));
}

/* docs/docker_run.md has one "### `name`" section per argument, in order. */
static void
test_docs_cover_table(void **state)
{
	const char *top = getenv("top_srcdir");
	char *path, line[512];
	size_t n = 0;
	FILE *f;

	(void)state;
	path = xasprintf("%s/docs/docker_run.md", top != NULL ? top : ".");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *end;

		if (strncmp(line, "### `", 5) != 0)
			continue;
		end = strchr(line + 5, '`');
		assert_non_null(end);
		*end = '\0';
		assert_true(n < docker_arg_count());
		assert_string_equal(line + 5, docker_arg_name(n));
		n++;
	}
	fclose(f);
	free(path);
	assert_int_equal(n, docker_arg_count());
}

/* docker-py's parse_bytes, checked against Python. */
static void
test_parse_bytes(void **state)
{
	static const struct {
		const char *s;
		enum demit_bytes_err err;
		int64_t n;
	} cases[] = {
		{ "128m", DEMIT_BYTES_OK, 134217728 },
		{ "1.5g", DEMIT_BYTES_OK, 1610612736 },
		{ "100000b", DEMIT_BYTES_OK, 100000 },
		{ "1kb", DEMIT_BYTES_OK, 1024 },
		{ "1KB", DEMIT_BYTES_OK, 1024 },
		{ "1Kb", DEMIT_BYTES_OK, 1024 },
		{ "1024", DEMIT_BYTES_OK, 1024 },
		{ "-1", DEMIT_BYTES_OK, -1 },
		{ "", DEMIT_BYTES_OK, 0 },
		{ "0", DEMIT_BYTES_OK, 0 },
		{ "1b", DEMIT_BYTES_OK, 1 },
		{ "1B", DEMIT_BYTES_OK, 1 },
		{ "1e3k", DEMIT_BYTES_OK, 1024000 },
		{ "1_000", DEMIT_BYTES_OK, 1000 },
		{ " 12k", DEMIT_BYTES_OK, 12288 },
		{ "+2M", DEMIT_BYTES_OK, 2097152 },
		{ ".5k", DEMIT_BYTES_OK, 512 },
		{ "5.k", DEMIT_BYTES_OK, 5120 },
		{ "0.3k", DEMIT_BYTES_OK, 307 },
		{ "-1.5k", DEMIT_BYTES_OK, -1536 },
		{ "1.9", DEMIT_BYTES_OK, 1 },
		{ "8g", DEMIT_BYTES_OK, 8589934592 },
		{ "1t", DEMIT_BYTES_UNIT, 0 },
		{ "1tb", DEMIT_BYTES_UNIT, 0 },
		{ "abc", DEMIT_BYTES_UNIT, 0 },
		{ "nan", DEMIT_BYTES_UNIT, 0 },
		{ "12 ", DEMIT_BYTES_UNIT, 0 },
		{ "b", DEMIT_BYTES_NUMBER, 0 },
		{ "kb", DEMIT_BYTES_NUMBER, 0 },
		{ "xk", DEMIT_BYTES_NUMBER, 0 },
		{ "1__0", DEMIT_BYTES_NUMBER, 0 },
		{ "_1", DEMIT_BYTES_NUMBER, 0 },
		{ "1e", DEMIT_BYTES_UNIT, 0 },
		{ " 1 ", DEMIT_BYTES_UNIT, 0 },
		{ "\x1c" "5k", DEMIT_BYTES_NUMBER, 0 },
		{ "\v5\tk", DEMIT_BYTES_OK, 5120 },
		{ "0x10", DEMIT_BYTES_NUMBER, 0 },
		{ "1 2k", DEMIT_BYTES_NUMBER, 0 },
		{ "infk", DEMIT_BYTES_RANGE, 0 },
		{ "nank", DEMIT_BYTES_RANGE, 0 },
		{ "9999999999g", DEMIT_BYTES_RANGE, 0 },
		{ "8589934591.999g", DEMIT_BYTES_OK, 9223372036853701632 },
	};
	int64_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum demit_bytes_err e = demit_parse_bytes(cases[i].s,
		    strlen(cases[i].s), &n);

		if (e != cases[i].err || (e == DEMIT_BYTES_OK &&
		    n != cases[i].n))
			fail_msg("parse_bytes(\"%s\"): %d %" PRId64
			    ", want %d %" PRId64, cases[i].s, (int)e, n,
			    (int)cases[i].err, cases[i].n);
	}
}

/* Go encoding/csv quoting of --mount and --gpus fields. */
static void
test_csv_field(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	demit_csv_field(&b, "type=bind", true);
	demit_csv_field(&b, "target=/a b", false);
	demit_csv_field(&b, "target=/a,b", false);
	demit_csv_field(&b, "x=\"q\"", false);
	demit_csv_field(&b, " lead", false);
	demit_csv_field(&b, "\tlead", false);
	demit_csv_field(&b, "", false);
	demit_csv_field(&b, "\\.", false);
	demit_csv_field(&b, "l\nf", false);
	assert_string_equal(buf_str(&b), "type=bind,target=/a b,"
	    "\"target=/a,b\",\"x=\"\"q\"\"\",\" lead\",\"\tlead\",,"
	    "\"\\.\",\"l\nf\"");
	buf_release(&b);
}

/* Fields of the plan beyond argv: image, command text, insert point. */
static void
test_plan_fields(void **state)
{
	struct run r;

	(void)state;
	run_json(&r, "{`command`: `/bin/bash -c 'exit 1'`, "
	    "`image`: `ubuntu:latest`}", 0);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.plan.image, "ubuntu:latest");
	assert_string_equal(r.plan.command_text, "/bin/bash -c 'exit 1'");
	assert_int_equal(r.plan.insert_at, 2);
	assert_string_equal(r.plan.argv.v[0], "run");
	assert_string_equal(r.plan.argv.v[1], "--rm");
	assert_string_equal(r.plan.env_unset.v[0], "DOCKER_DEFAULT_PLATFORM");
	run_release(&r);

	run_json(&r, "{`command`: [`sh`, `-c`, `exit 2`], `remove`: false}", 0);
	assert_string_equal(r.plan.command_text,
	    "[\"sh\", \"-c\", \"exit 2\"]");
	assert_int_equal(r.plan.insert_at, 1);
	assert_string_equal(r.plan.argv.v[1], "alpine");
	run_release(&r);

	run_json(&r, "{`command`: [`a`, {`$unknown`: `task.t.x.stdout`}]}", 0);
	assert_string_equal(r.plan.command_text,
	    "[\"a\", \"${task.t.x.stdout}\"]");
	run_release(&r);

	run_json(&r, "{`cpu_shares`: 2}", 0);
	assert_null(r.plan.command_text);
	run_release(&r);

	run_json(&r, "{}", T_NO_IMAGE);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.plan.image, "");
	run_release(&r);

	run_json(&r, "{`command`: ``}", 0);
	assert_string_equal(r.plan.command_text, "");
	run_release(&r);
}

/*
 * The diagnostics carry the source, and the span of the argument's value,
 * or of its name when the argument itself is wrong (unknown, unsupported).
 */
static void
test_diag_location(void **state)
{
	const char text[] = "task \"docker_run\" \"x\" {\n"
	    "  image = \"alpine\"\n  enviroment = {}\n  mem_limit = \"1t\"\n"
	    "  links = {}\n}\n";
	struct source *src = source_new("f.hcl", text, sizeof(text) - 1);
	struct docker_arg args[4];
	struct docker_opts o = { src, { 0, 48 }, false, NULL };
	struct docker_plan plan;
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;

	(void)state;
	args[0].name = "image";
	args[0].val = val_cstring(&a, "alpine");
	args[0].name_span = span_make(26, 31);
	args[0].span = span_make(34, 42);
	args[1].name = "enviroment";
	args[1].val = val_cstring(&a, "x");
	args[1].name_span = span_make(45, 55);
	args[1].span = span_make(58, 60);
	args[2].name = "mem_limit";
	args[2].val = val_cstring(&a, "1t");
	args[2].name_span = span_make(63, 72);
	args[2].span = span_make(75, 79);
	args[3].name = "links";
	args[3].val = val_object(&a, NULL, 0, NULL);
	args[3].name_span = span_make(82, 87);
	args[3].span = span_make(90, 92);
	docker_plan_init(&plan);
	assert_int_equal(docker_plan_build(&plan, args, 3, &o, &dl), -1);
	assert_int_equal(dl.n, 2);
	assert_ptr_equal(dl.v[0].src, src);
	assert_int_equal(dl.v[0].subject.start, 45);
	assert_int_equal(dl.v[0].subject.end, 55);
	assert_string_equal(dl.v[0].summary,
	    "unknown argument 'enviroment' (did you mean 'environment'?)");
	assert_int_equal(dl.v[1].subject.start, 75);
	assert_int_equal(dl.v[1].subject.end, 79);
	assert_string_equal(dl.v[1].summary, "invalid size '1t' for "
	    "'mem_limit': the unit must be b, k, m or g");
	docker_plan_release(&plan);
	diag_list_release(&dl);
	/* An argument podman does not have: its name. */
	o.podman = true;
	docker_plan_init(&plan);
	assert_int_equal(docker_plan_build(&plan, (struct docker_arg[]){
	    args[0], args[3] }, 2, &o, &dl), -1);
	assert_int_equal(dl.n, 1);
	assert_int_equal(dl.v[0].subject.start, 82);
	assert_int_equal(dl.v[0].subject.end, 87);
	assert_string_equal(dl.v[0].summary,
	    "argument 'links' is not supported by 'podman'");
	docker_plan_release(&plan);
	diag_list_release(&dl);
	arena_release(&a);
	source_free(src);
}

/* A NULL value is null; the binary's name appears in podman messages. */
static void
test_null_and_binary(void **state)
{
	struct docker_arg args[2];
	struct docker_opts o = { NULL, { 0, 1 }, true, "/opt/bin/podman" };
	struct docker_plan plan;
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;

	(void)state;
	args[0].name = "image";
	args[0].val = val_cstring(&a, "alpine");
	args[0].span = span_make(1, 2);
	args[1].name = "links";
	args[1].val = NULL;
	args[1].span = span_make(3, 4);
	docker_plan_init(&plan);
	assert_int_equal(docker_plan_build(&plan, args, 2, &o, &dl), -1);
	assert_int_equal(dl.n, 1);
	assert_string_equal(dl.v[0].summary,
	    "argument 'links' is not supported by '/opt/bin/podman'");
	docker_plan_release(&plan);
	diag_list_release(&dl);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_docs_cover_table),
		cmocka_unit_test(test_parse_bytes),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_plan_fields),
		cmocka_unit_test(test_diag_location),
		cmocka_unit_test(test_null_and_binary),
		CASE_TESTS
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
