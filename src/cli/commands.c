#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/log.h"

/*
 * The subcommands of flow.md section 7.  A command whose run is NULL is
 * listed by --help as not built yet.
 */
const struct cli_cmd cli_cmds[] = {
	{ "run", "FLOW [--var K=V]... [--var-file F]... [-j N] [--dry-run] [--stream]",
	    "run a flow", cli_run },
	{ "plan", "FLOW [options of run]", "print the commands a run would start (run --dry-run)", cli_plan },
	{ "visualize", "FLOW [--output graph.svg|graph.png|graph.dot]",
	    "draw the task graph", cli_visualize },
	{ "hcl2json", "[--eval] [--vars FILE.json] FILE",
	    "print an HCL file's body as JSON", cli_hcl2json },
	{ "eval", "[--vars FILE.json] [--template] [--compact] FILE",
	    "evaluate one expression and print it as JSON", cli_eval },
	{ "cleanup", "[--run ID] [--docker BIN]",
	    "remove containers a run left behind", cli_cleanup },
	{ NULL, NULL, NULL, NULL },
};

/* Report an error that is not a diagnostic of a file. */
void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline("runflow: ", "\n", fmt, ap);
	va_end(ap);
}

/* Report a usage error. */
int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline("runflow: ", "\nTry 'runflow --help' for more information.\n",
	    fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}
