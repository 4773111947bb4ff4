/* Subcommands: each takes its own argv (argv[0] is the subcommand name). */
#ifndef RF_CLI_CLI_H
#define RF_CLI_CLI_H

#include <stdbool.h>

/* Exit statuses (runflow(1), EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_TASK_FAILED = 1,
	EXIT_USAGE = 2,		/* usage error or invalid flow: nothing ran */
	EXIT_SIGINT = 130,
	EXIT_SIGTERM = 143,
};

typedef int (*cli_cmd_cb)(int argc, char **argv);

struct cli_cmd {
	const char *name;
	const char *synopsis;	/* arguments, for --help */
	const char *summary;	/* one line, for --help */
	cli_cmd_cb run;		/* NULL: not built yet */
};

/* The subcommand table, ending with a NULL name. */
extern const struct cli_cmd cli_cmds[];

int cli_hcl2json(int argc, char **argv);	/* src/cli/hcl2json.c */
int cli_eval(int argc, char **argv);		/* src/cli/eval.c */
int cli_run(int argc, char **argv);		/* src/cli/run.c */
int cli_plan(int argc, char **argv);		/* src/cli/run.c */
int cli_visualize(int argc, char **argv);	/* src/cli/run.c */
int cli_cleanup(int argc, char **argv);		/* src/cli/cleanup.c */
/* Print "runflow: message" to stderr, return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "runflow: MESSAGE" on stderr, control characters escaped. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
