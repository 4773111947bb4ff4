/*
 * Settings from the INI file (runflow(1), FILES): --config FILE, else
 * $XDG_CONFIG_HOME/runflow/config.ini (default ~/.config/...), else
 * /etc/runflow/config.ini.  Command-line options override the file.
 *
 *   [run]
 *   jobs = 8                  ; -j
 *   log_level = info          ; --log-level
 *   stream = false            ; --stream
 *   output_cap = 64MiB        ; per-stream capture cap
 *   kill_grace = 10           ; seconds between SIGTERM and SIGKILL
 *   diagnostics_format = text ; --diagnostics-format
 *
 *   [docker]
 *   binary = docker           ; --docker, RUNFLOW_DOCKER
 *   cleanup_timeout = 30      ; seconds for each docker kill, rm, ps
 *
 *   [engine "NAME"]           ; one per engine (docs/engines.md)
 *   host = ssh://build1       ; DOCKER_HOST for it, or
 *   context = build1          ; a docker context (not both)
 *   kind = docker             ; or swarm
 *   slots = 4                 ; its containers of a run at once
 *   binary = docker           ; its docker program, if not the run's
 */
#ifndef RF_CLI_CONFIG_H
#define RF_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tasks/engine.h"

struct config {
	char *path;		/* the file read, or NULL; owned */
	long jobs;		/* 0: the number of online CPUs */
	int log_level;		/* enum log_level */
	bool stream;
	size_t output_cap;	/* bytes per stream */
	double kill_grace;	/* seconds */
	int diag_format;	/* enum diag_format */
	char *docker_binary;	/* owned; NULL: "docker" on PATH */
	double cleanup_timeout;	/* seconds; 0: docker_run's default */
	struct engine_set *engines; /* owned; NULL until an [engine "NAME"]
				   section defines one */
};

#define CONFIG_DEFAULT_OUTPUT_CAP ((size_t)64 << 20)
#define CONFIG_DEFAULT_KILL_GRACE 10.0

/* Fill in the defaults. */
void config_init(struct config *cfg);
void config_release(struct config *cfg);
/*
 * Read the settings file: explicit is the --config argument (NULL: search
 * the default places; a missing default file is not an error).  Returns 0,
 * or -1 after printing "FILE:LINE: message" to stderr.
 */
int config_load(struct config *cfg, const char *explicit_path);
/*
 * Parse a byte size: a whole number with an optional unit k, m, g (powers
 * of 1024; "KiB", "KB" and "K" alike) and an optional "b".  Returns 0 or -1.
 */
int config_parse_size(const char *s, size_t *out);

#endif
