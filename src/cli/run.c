#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "diag/diag.h"
#include "exec/loop.h"
#include "exec/proc.h"
#include "flow/load.h"
#include "flow/sched.h"
#include "tasks/docker_run.h"
#include "tasks/engine.h"
#include "tasks/task.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/strvec.h"
#include "util/xmalloc.h"

extern char **environ;

enum run_mode {
	RUN_MODE_RUN,
	RUN_MODE_PLAN,
	RUN_MODE_VISUALIZE,
};

/* Everything the command line says, before the settings file is merged. */
struct run_args {
	enum run_mode mode;
	const char *flow;
	struct strvec vars;
	struct strvec var_files;
	struct strvec engines;	/* --engine NAME, in order */
	long jobs;		/* 0: not given */
	bool dry_run;
	bool stream;
	const char *docker;
	const char *config;
	int log_level;		/* -1: not given */
	int diag_format;	/* -1: not given */
	const char *output;	/* visualize */
};

/* Print the usage of run, plan or visualize. */
static void
run_usage(FILE *out, enum run_mode mode)
{
	static const char *const names[] = { "run", "plan", "visualize" };

	fprintf(out, "Usage: runflow %s FLOW [options]\n", names[mode]);
	if (mode == RUN_MODE_VISUALIZE)
		fputs("  -o, --output FILE          graph.svg, graph.png or graph.dot "
		    "(default: DOT on standard output)\n", out);
	fputs("      --var NAME=VALUE       set a variable (repeatable)\n"
	    "      --var-file FILE        variables from HCL attributes (repeatable)\n"
	    "      --config FILE          settings file (see runflow(1))\n"
	    "      --diagnostics-format text|json\n"
	    "      --log-level LEVEL      debug, info, warning, error or quiet\n", out);
	if (mode != RUN_MODE_VISUALIZE)
		fputs("  -j, --jobs N               run at most N tasks at once\n"
		    "      --dry-run              print the commands, run nothing\n"
		    "      --stream               show container output live\n"
		    "      --docker BIN           the docker program to run\n"
		    "      --engine NAME          run containers on this engine of the\n"
		    "                             settings file (repeatable)\n", out);
	fputs("  -h, --help                 show this help\n"
	    "FLOW may be '-' for standard input.\n", out);
}

/* Parse the options; returns -1 after a usage message. */
static int
run_parse_args(struct run_args *ra, int argc, char **argv)
{
	enum { OPT_VAR = 256, OPT_VAR_FILE, OPT_DRY_RUN, OPT_STREAM, OPT_DOCKER,
		OPT_CONFIG, OPT_LOG_LEVEL, OPT_DIAG, OPT_ENGINE };
	static const struct option longopts[] = {
		{ "var", required_argument, NULL, OPT_VAR },
		{ "var-file", required_argument, NULL, OPT_VAR_FILE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "stream", no_argument, NULL, OPT_STREAM },
		{ "docker", required_argument, NULL, OPT_DOCKER },
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
		{ "diagnostics-format", required_argument, NULL, OPT_DIAG },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *errstr;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_VAR:
			if (strchr(optarg, '=') == NULL || optarg[0] == '=') {
				cli_usage_error("--var '%s' needs the form NAME=VALUE",
				    optarg);
				return -1;
			}
			strvec_push(&ra->vars, optarg);
			break;
		case OPT_VAR_FILE:
			strvec_push(&ra->var_files, optarg);
			break;
		case 'j':
			ra->jobs = (long)strtonum(optarg, 1, 100000, &errstr);
			if (errstr != NULL) {
				cli_usage_error("-j '%s': the number of jobs is %s "
				    "(1 to 100000)", optarg, errstr);
				return -1;
			}
			break;
		case OPT_DRY_RUN:
			ra->dry_run = true;
			break;
		case OPT_STREAM:
			ra->stream = true;
			break;
		case OPT_DOCKER:
			ra->docker = optarg;
			break;
		case OPT_ENGINE:
			strvec_push(&ra->engines, optarg);
			break;
		case OPT_CONFIG:
			ra->config = optarg;
			break;
		case OPT_LOG_LEVEL:
			if ((ra->log_level = log_level_parse(optarg)) < 0) {
				cli_usage_error("unknown log level '%s' (debug, info, "
				    "warning, error or quiet)", optarg);
				return -1;
			}
			break;
		case OPT_DIAG:
			if ((ra->diag_format = diag_format_parse(optarg)) < 0) {
				cli_usage_error("unknown diagnostics format '%s' "
				    "(text or json)", optarg);
				return -1;
			}
			break;
		case 'o':
			if (ra->mode != RUN_MODE_VISUALIZE) {
				cli_usage_error("--output is an option of visualize");
				return -1;
			}
			ra->output = optarg;
			break;
		case 'h':
			run_usage(stdout, ra->mode);
			exit(EXIT_OK);
		case ':':
			cli_usage_error("option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			cli_usage_error("unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind >= argc) {
		cli_usage_error("missing FLOW file");
		return -1;
	}
	if (optind + 1 < argc) {
		cli_usage_error("unexpected argument '%s'", argv[optind + 1]);
		return -1;
	}
	ra->flow = argv[optind];
	return 0;
}

/* Whether diagnostics on stderr may use colour. */
static bool
run_color(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL &&
	    term != NULL && strcmp(term, "dumb") != 0;
}

/* A fresh run id: 12 hex digits, to label what the run starts. */
static char *
run_new_id(void)
{
	unsigned char r[6];
	char *id = xmalloc(2 * sizeof(r) + 1);

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		fatal("getrandom: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	return id;
}

/*
 * Put the engines named with --engine into the pool; 0, or -1 after a
 * usage message naming an engine the settings file does not define.
 */
static int
run_engines(const struct run_args *ra, struct config *cfg)
{
	for (size_t i = 0; i < ra->engines.n; i++) {
		const char *name = ra->engines.v[i];
		struct engine *const *all;
		const char **names;
		const char *near;
		size_t n;

		if (engine_pool_add(cfg->engines, name) == 0)
			continue;
		all = engine_list(cfg->engines, &n);
		names = xcalloc(n ? n : 1, sizeof(*names));
		for (size_t k = 0; k < n; k++)
			names[k] = all[k]->name;
		near = diag_suggest(name, names, n);
		cli_usage_error("--engine '%s': no such engine in the settings "
		    "file%s%s%s", name, near != NULL ? " (did you mean '" : "",
		    near != NULL ? near : "", near != NULL ? "'?)" :
		    "; define it in an [engine \"NAME\"] section");
		free(names);
		return -1;
	}
	return 0;
}

/* Print each task's plan in start order; 0, or EXIT_USAGE on errors. */
static int
run_dry(struct flow_file *ff, const struct task_ctx *ctx, struct diag_list *dl)
{
	struct flow *f = &ff->flow;
	struct buf out = BUF_INIT;
	int rc = EXIT_OK;

	for (size_t k = 0; k < f->ntasks; k++) {
		struct flow_task *t = flow_task_at(f, f->order[k]);
		const struct value *args = flow_eval_args_dry(ff, t, dl);
		struct task_run *run;
		char *err = NULL;

		if (diag_has_errors(dl)) {
			rc = EXIT_USAGE;
			break;
		}
		run = task_run_new(t->type, ctx, t->id, t->display, args,
		    ff->values, 1);
		buf_printf(&out, "# %s\n", t->id);
		if (task_run_plan(run, &err) < 0) {
			cli_error("%s: %s", t->id, err);
			free(err);
			rc = EXIT_USAGE;
		} else {
			task_plan_format(&run->plan, &out);
			buf_putc(&out, '\n');
		}
		task_run_free(run);
	}
	if (rc == EXIT_OK)
		fwrite(buf_str(&out), 1, out.len, stdout);
	buf_release(&out);
	return rc;
}

/* Append s as a DOT string literal. */
static void
run_dot_string(struct buf *b, const char *s)
{
	/* DOT strings take JSON's escapes for what matters here: \" and \\. */
	jsonw_string(b, s, strlen(s));
}

/* The task graph as Graphviz DOT. */
static void
run_dot(const struct flow *f, struct buf *b)
{
	buf_puts(b, "digraph ");
	run_dot_string(b, f->name);
	buf_puts(b, " {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n");
	for (size_t i = 0; i < f->ntasks; i++) {
		const struct flow_task *t = flow_task_at(f, i);
		char *label = xasprintf("%s\n%s", t->type_name, t->name);

		buf_puts(b, "  ");
		run_dot_string(b, t->id);
		buf_puts(b, " [label=");
		run_dot_string(b, label);
		buf_puts(b, "];\n");
		free(label);
	}
	for (size_t i = 0; i < f->ntasks; i++) {
		const struct flow_task *t = flow_task_at(f, i);

		for (size_t d = 0; d < t->ndeps; d++) {
			buf_puts(b, "  ");
			run_dot_string(b, flow_task_at(f, t->deps[d].task)->id);
			buf_puts(b, " -> ");
			run_dot_string(b, t->id);
			buf_puts(b, t->deps[d].explicit_dep ? " [style=dashed];\n" :
			    ";\n");
		}
	}
	buf_puts(b, "}\n");
}

/* Completion of the dot(1) child. */
static void
run_dot_done(struct proc *p, const struct proc_result *r, void *arg)
{
	int *status = arg;

	(void)p;
	*status = r->error == 0 && r->status.signo == 0 && r->status.code == 0 ?
	    0 : -1;
}

/* Write the graph: DOT ourselves, SVG or PNG through Graphviz. */
static int
run_visualize(const struct flow *f, const char *output)
{
	const char *ext = output != NULL ? strrchr(output, '.') : NULL;
	struct buf dot = BUF_INIT;
	struct loop *loop;
	struct proc_opts po;
	struct proc *p;
	char *argv[5];
	char *fmt;
	int status = -1;
	FILE *out;

	run_dot(f, &dot);
	if (output == NULL || strcmp(output, "-") == 0 ||
	    (ext != NULL && strcmp(ext, ".dot") == 0)) {
		out = output == NULL || strcmp(output, "-") == 0 ? stdout :
		    fopen(output, "we");
		if (out == NULL) {
			cli_error("cannot write '%s': %s", output,
			    strerror(errno));
			buf_release(&dot);
			return EXIT_USAGE;
		}
		fwrite(buf_str(&dot), 1, dot.len, out);
		status = out == stdout ? fflush(out) : fclose(out);
		buf_release(&dot);
		return status == 0 ? EXIT_OK : EXIT_TASK_FAILED;
	}
	if (ext == NULL || (strcmp(ext, ".svg") != 0 && strcmp(ext, ".png") != 0)) {
		buf_release(&dot);
		return cli_usage_error("--output '%s': the name must end in .svg, "
		    ".png or .dot", output);
	}
	fmt = xasprintf("-T%s", ext + 1);
	argv[0] = (char *)"dot";
	argv[1] = fmt;
	argv[2] = (char *)"-o";
	argv[3] = (char *)output;
	argv[4] = NULL;
	if ((loop = loop_new()) == NULL)
		fatal("cannot make the event loop: %s", strerror(errno));
	memset(&po, 0, sizeof(po));
	po.spawn.argv = argv;
	po.spawn.envp = environ;
	po.input = dot.data;
	po.input_len = dot.len;
	po.on_done = run_dot_done;
	po.arg = &status;
	p = proc_new(loop, &po);
	if (p == NULL) {
		if (errno == ENOENT)
			cli_error("drawing %s needs Graphviz's 'dot', "
			    "which is not installed (Debian: apt-get install "
			    "graphviz); '--output %.*s.dot' writes DOT without it",
			    ext + 1, (int)(ext - output), output);
		else
			cli_error("cannot run 'dot': %s",
			    strerror(errno));
		status = -2;
	} else {
		loop_run(loop);
		if (status != 0)
			cli_error("'dot' failed: %s",
			    buf_str(proc_stderr(p)));
		proc_free(p);
	}
	loop_free(loop);
	free(fmt);
	buf_release(&dot);
	return status == 0 ? EXIT_OK : status == -2 ? EXIT_USAGE :
	    EXIT_TASK_FAILED;
}

/* run, plan and visualize share option parsing and loading. */
static int
run_main(int argc, char **argv, enum run_mode mode)
{
	struct run_args ra;
	struct config cfg;
	struct flow_load_opts lo;
	struct flow_file ff;
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena values = ARENA_INIT;
	struct source *src;
	struct task_ctx ctx;
	struct sched_opts so = SCHED_OPTS_INIT;
	struct sched *s;
	struct loop *loop;
	const char *docker;
	char *run_id = NULL;
	int rc, diag_format;

	memset(&ra, 0, sizeof(ra));
	ra.mode = mode;
	ra.log_level = -1;
	ra.diag_format = -1;
	if (run_parse_args(&ra, argc, argv) < 0) {
		rc = EXIT_USAGE;
		goto out_args;
	}
	config_init(&cfg);
	if (config_load(&cfg, ra.config) < 0) {
		rc = EXIT_USAGE;
		goto out_cfg;
	}
	log_set_level(ra.log_level >= 0 ? ra.log_level : cfg.log_level);
	diag_format = ra.diag_format >= 0 ? ra.diag_format : cfg.diag_format;
	docker = ra.docker != NULL ? ra.docker : getenv("RUNFLOW_DOCKER");
	if (docker == NULL || *docker == '\0')
		docker = cfg.docker_binary != NULL ? cfg.docker_binary : "docker";
	docker_run_set_cleanup_limit((unsigned)(cfg.cleanup_timeout * 1000));

	if (run_engines(&ra, &cfg) < 0) {
		rc = EXIT_USAGE;
		goto out_cfg;
	}

	if ((src = source_read_file(ra.flow)) == NULL) {
		cli_error("cannot read flow file '%s': %s",
		    ra.flow, strerror(errno));
		rc = EXIT_USAGE;
		goto out_cfg;
	}
	memset(&lo, 0, sizeof(lo));
	lo.vars = ra.vars.v;
	lo.nvars = ra.vars.n;
	lo.var_files = ra.var_files.v;
	lo.nvar_files = ra.var_files.n;
	lo.environ = environ;
	docker_run_set_binary(docker);
	docker_run_set_engines(cfg.engines);
	rc = flow_load(&ff, src, &values, &lo, &dl);
	diag_sort(&dl);
	if (rc < 0 || dl.n > 0)
		diag_render(stderr, &dl, diag_format, diag_format ==
		    DIAG_FORMAT_TEXT && run_color());
	if (rc < 0) {
		rc = EXIT_USAGE;
		goto out_flow;
	}
	diag_list_release(&dl);

	if (mode == RUN_MODE_VISUALIZE) {
		rc = run_visualize(&ff.flow, ra.output);
		goto out_flow;
	}

	memset(&ctx, 0, sizeof(ctx));
	ctx.environ = environ;
	ctx.out = stdout;
	ctx.capture_max = cfg.output_cap;
	ctx.grace_ms = (uint64_t)(cfg.kill_grace * 1000);
	ctx.stream = ra.stream || cfg.stream;
	ctx.docker = docker;
	ctx.engines = cfg.engines;
	if (mode == RUN_MODE_PLAN || ra.dry_run) {
		rc = run_dry(&ff, &ctx, &dl);
		if (rc != EXIT_OK)
			diag_render(stderr, &dl, diag_format, diag_format ==
			    DIAG_FORMAT_TEXT && run_color());
		goto out_flow;
	}

	if ((loop = loop_new()) == NULL)
		fatal("cannot make the event loop: %s", strerror(errno));
	run_id = run_new_id();
	ctx.loop = loop;
	ctx.run_id = run_id;
	log_msg(LOG_DEBUG, "Run %s of flow \"%s\" is started.", run_id,
	    ff.flow.name);
	so.jobs = (unsigned)(ra.jobs > 0 ? ra.jobs : cfg.jobs);
	if (so.jobs == 0 && engine_pool_active(cfg.engines)) {
		/* Room for every slot of the pool, and -j's default. */
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		unsigned slots = engine_pool_slots(cfg.engines);

		so.jobs = ncpu > 0 && (unsigned long)ncpu > slots ?
		    (unsigned)ncpu : slots;
	}
	so.eval_args = flow_eval_args;
	so.eval_cond = flow_eval_cond;
	so.eval_arg = &ff;
	s = sched_new(&ff.flow, &ctx, &values, &so);
	rc = sched_run(s);
	if (rc < 0) {
		cli_error("the event loop failed: %s",
		    strerror(errno));
		rc = EXIT_TASK_FAILED;
	}
	sched_free(s);
	/* Remove what an interrupted run may have left labelled. */
	docker_run_finish(&ctx);
	loop_free(loop);
out_flow:
	flow_file_release(&ff);
out_cfg:
	docker_run_set_engines(NULL);
	config_release(&cfg);
out_args:
	diag_list_release(&dl);
	arena_release(&values);
	strvec_release(&ra.vars);
	strvec_release(&ra.var_files);
	strvec_release(&ra.engines);
	free(run_id);
	fflush(stdout);
	return rc;
}

/* runflow run */
int
cli_run(int argc, char **argv)
{
	return run_main(argc, argv, RUN_MODE_RUN);
}

/* runflow plan: the same as run --dry-run */
int
cli_plan(int argc, char **argv)
{
	return run_main(argc, argv, RUN_MODE_PLAN);
}

/* runflow visualize */
int
cli_visualize(int argc, char **argv)
{
	return run_main(argc, argv, RUN_MODE_VISUALIZE);
}
