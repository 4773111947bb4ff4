#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "eval/eval.h"
#include "eval/scope.h"
#include "hcl/json.h"
#include "hcl/parse.h"
#include "util/arena.h"

/* Print the usage of hcl2json. */
static void
hcl2json_usage(FILE *out)
{
	fprintf(out, "Usage: runflow hcl2json [--eval] [--vars FILE.json] "
	    "[--diagnostics-format=text|json] FILE\n"
	    "Print the body of an HCL file (- for standard input) as JSON.\n"
	    "  --eval            evaluate every attribute (built-in functions,\n"
	    "                    the variables of --vars)\n"
	    "  --vars FILE.json  each key of a JSON object becomes a variable\n");
}

/* Render the diagnostics, if any, to stderr. */
static void
hcl2json_report(const struct diag_list *dl, enum diag_format fmt)
{
	if (dl->n != 0)
		diag_render(stderr, dl, fmt, fmt == DIAG_FORMAT_TEXT &&
		    isatty(STDERR_FILENO));
}

/* runflow hcl2json: parse a file and print its body as JSON. */
int
cli_hcl2json(int argc, char **argv)
{
	enum diag_format fmt = DIAG_FORMAT_TEXT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	const char *path = NULL, *vars = NULL;
	struct source *src, *vsrc = NULL;
	struct ast_body *body;
	struct json_out out;
	struct scope scope;
	struct eval_ctx ec;
	bool eval = false;
	int i, status = EXIT_OK;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = NULL;
		int f;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			hcl2json_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(arg, "--eval") == 0) {
			eval = true;
			continue;
		}
		if (strncmp(arg, "--vars=", 7) == 0 || strcmp(arg, "--vars") == 0) {
			if (arg[6] == '=')
				vars = arg + 7;
			else if (++i == argc)
				return cli_usage_error("hcl2json: '--vars' needs "
				    "a value");
			else
				vars = argv[i];
			continue;
		}
		if (strncmp(arg, "--diagnostics-format=", 21) == 0)
			val = arg + 21;
		else if (strcmp(arg, "--diagnostics-format") == 0) {
			if (++i == argc)
				return cli_usage_error("hcl2json: "
				    "'--diagnostics-format' needs a value");
			val = argv[i];
		} else if (strcmp(arg, "--") == 0) {
			if (++i < argc && path == NULL)
				path = argv[i++];
			if (i < argc)
				return cli_usage_error("hcl2json: too many "
				    "arguments");
			break;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return cli_usage_error("hcl2json: unknown option '%s'",
			    arg);
		} else if (path != NULL) {
			return cli_usage_error("hcl2json: too many arguments");
		} else {
			path = arg;
			continue;
		}
		if ((f = diag_format_parse(val)) < 0)
			return cli_usage_error("hcl2json: unknown diagnostics "
			    "format '%s' (use text or json)", val);
		fmt = (enum diag_format)f;
	}
	if (path == NULL)
		return cli_usage_error("hcl2json: missing FILE");
	if (vars != NULL && !eval)
		return cli_usage_error("hcl2json: '--vars' goes with '--eval'");
	if ((src = source_map_file(path)) == NULL) {
		cli_error("cannot read '%s': %s", path,
		    strerror(errno));
		return EXIT_USAGE;
	}
	source_guard_mapped(src, EXIT_USAGE);
	body = parse_file(&a, src, &dl);
	if (!diag_has_errors(&dl))
		json_check_body(body, src, &dl);
	scope_init(&scope, NULL, &a);
	eval_init(&ec, &a, &scope, &dl, src);
	if (eval && vars != NULL &&
	    scope_set_json_file(&scope, vars, &dl, &vsrc) < 0) {
		cli_error("cannot read '%s': %s", vars,
		    strerror(errno));
		status = EXIT_USAGE;
		goto out;
	}
	/* Every error is found before anything is written. */
	if (eval && !diag_has_errors(&dl))
		eval_body_check(&ec, body);
	hcl2json_report(&dl, fmt);
	if (diag_has_errors(&dl)) {
		status = EXIT_USAGE;
	} else {
		json_out_init(&out, stdout, src);
		if (eval) {
			out.attr_cb = eval_json_attr;
			out.attr_arg = &ec;
		}
		json_write_body(&out, body);
		if (json_out_finish(&out) != 0) {
			cli_error("cannot write the output: %s",
			    strerror(errno));
			status = EXIT_TASK_FAILED;
		}
	}
out:
	scope_release(&scope);
	diag_list_release(&dl);
	arena_release(&a);
	source_free(vsrc);
	source_free(src);
	return status;
}
