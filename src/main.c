#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* Print the top-level help: every subcommand, marking those not built. */
static void
usage(FILE *out)
{
	fprintf(out, "Usage: runflow COMMAND [ARGS]...\n"
	    "Run workflows written as HCL2 flow files.\n\nCommands:\n");
	for (const struct cli_cmd *c = cli_cmds; c->name != NULL; c++)
		fprintf(out, "  %-10s %s%s\n", c->name, c->summary,
		    c->run == NULL ? " (not built yet)" : "");
	fprintf(out, "\nOptions:\n"
	    "  -h, --help     show this help and exit\n"
	    "  -V, --version  show the version and exit\n"
	    "\nRun 'runflow COMMAND --help' for a command's options; "
	    "see runflow(1).\n");
}

int
main(int argc, char **argv)
{
	const char *name;

	if (argc < 2)
		return cli_usage_error("missing command");
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (const struct cli_cmd *c = cli_cmds; c->name != NULL; c++) {
		if (strcmp(c->name, name) != 0)
			continue;
		if (c->run == NULL) {
			cli_error("'%s' is not built yet", name);
			return EXIT_USAGE;
		}
		return c->run(argc - 1, argv + 1);
	}
	return cli_usage_error("unknown command '%s'", name);
}
