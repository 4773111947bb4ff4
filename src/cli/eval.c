#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "eval/eval.h"
#include "eval/scope.h"
#include "eval/value.h"
#include "hcl/parse.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * runflow eval [--vars FILE.json] [--template] [--compact]
 * [--diagnostics-format=FMT] FILE|-
 *
 * Parses one expression (or, with --template, a bare template) filling the
 * file, evaluates it and prints the value as JSON with two-space indents
 * (as hcl2json does; --compact: on one line) and a final newline.  Each
 * key of the --vars JSON object is a variable of its own: {"var": {"x":
 * 1}} makes var.x.  A template's value is always a string: a lone "${x}"
 * is converted to one, as a file template must be.
 * Errors are diagnostics on stderr and exit status 2.
 */

/* Print the usage of eval to out. */
static void
eval_usage(FILE *out)
{
	fprintf(out, "Usage: runflow eval [--vars FILE.json] [--template] "
	    "[--compact]\n"
	    "                    [--diagnostics-format=text|json] FILE|-\n"
	    "Evaluate one expression (or a bare template) and print its "
	    "value as JSON.\n"
	    "Each key of the --vars JSON object is a variable: "
	    "{\"var\": {\"x\": 1}} gives var.x.\n");
}

/*
 * Print v as JSON with two-space indents (compact: on one line, no
 * spaces); an error diagnostic on failure.
 */
static int
eval_print(const struct value *v, bool compact, struct diag_list *dl,
    const struct source *src, struct span sp)
{
	struct val_json_opts opts = { .indent = compact ? -1 : 2 };
	struct buf b = BUF_INIT;
	int rc = 0;

	if (val_to_json(&b, v, &opts) != 0) {
		diag_error(dl, src, sp, "the value cannot be written as JSON: "
		    "%s", errno == EDOM ? "it holds an infinity or NaN" :
		    "it holds an unknown value");
		rc = -1;
	} else {
		buf_putc(&b, '\n');
		fwrite(buf_str(&b), 1, b.len, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("eval: writing the result: %s",
			    strerror(errno));
			rc = -2;
		}
	}
	buf_release(&b);
	return rc;
}

/* The eval subcommand. */
int
cli_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vars", required_argument, NULL, 'v' },
		{ "template", no_argument, NULL, 't' },
		{ "compact", no_argument, NULL, 'c' },
		{ "diagnostics-format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *vars = NULL, *path;
	enum diag_format fmt = DIAG_FORMAT_TEXT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct source *src = NULL, *vsrc = NULL;
	struct arena tree = ARENA_INIT, vals = ARENA_INIT;
	struct scope scope;
	struct eval_ctx ec;
	const struct ast_expr *e;
	const struct value *v;
	bool template = false, compact = false;
	int c, rc = EXIT_OK, f;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			vars = optarg;
			break;
		case 't':
			template = true;
			break;
		case 'c':
			compact = true;
			break;
		case 'f':
			f = diag_format_parse(optarg);
			if (f < 0)
				return cli_usage_error("eval: unknown "
				    "diagnostics format '%s' (use text or "
				    "json)", optarg);
			fmt = (enum diag_format)f;
			break;
		case 'h':
			eval_usage(stdout);
			return EXIT_OK;
		default:
			if (optopt != 0)
				return cli_usage_error("eval: option '-%c' "
				    "is not known", optopt);
			return cli_usage_error("eval: option '%s' is not "
			    "known or lacks its argument", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(optind >= argc ? "eval: missing FILE" :
		    "eval: one FILE only");
	path = argv[optind];
	if (vars != NULL && strcmp(vars, "-") == 0 && strcmp(path, "-") == 0)
		return cli_usage_error("eval: FILE and --vars cannot both be "
		    "standard input");

	scope_init(&scope, NULL, &vals);
	if (vars != NULL && scope_set_json_file(&scope, vars, &dl,
	    &vsrc) != 0) {
		cli_error("eval: %s: %s", vars,
		    strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	src = source_read_file(path);
	if (src == NULL) {
		cli_error("eval: %s: %s", path,
		    strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	e = template ? parse_template(&tree, src, &dl) :
	    parse_expr(&tree, src, &dl);
	if (!diag_has_errors(&dl)) {
		eval_init(&ec, &vals, &scope, &dl, src);
		v = template ? eval_string(&ec, e) : eval_expr(&ec, e);
		if (!diag_has_errors(&dl)) {
			f = eval_print(v, compact, &dl, src, e->span);
			if (f == -2)
				rc = EXIT_TASK_FAILED;
		}
	}
	if (diag_has_errors(&dl))
		rc = EXIT_USAGE;
	diag_render(stderr, &dl, fmt, fmt == DIAG_FORMAT_TEXT &&
	    isatty(STDERR_FILENO));
out:
	diag_list_release(&dl);
	scope_release(&scope);
	arena_release(&vals);
	arena_release(&tree);
	source_free(src);
	source_free(vsrc);
	return rc;
}
