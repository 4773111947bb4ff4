#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "diag/diag.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Set the built-in defaults. */
void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->jobs = 0;
	cfg->log_level = LOG_INFO;
	cfg->output_cap = CONFIG_DEFAULT_OUTPUT_CAP;
	cfg->kill_grace = CONFIG_DEFAULT_KILL_GRACE;
	cfg->diag_format = DIAG_FORMAT_TEXT;
}

/* Free the owned strings. */
void
config_release(struct config *cfg)
{
	free(cfg->path);
	free(cfg->docker_binary);
	engine_set_free(cfg->engines);
	config_init(cfg);
}

/* Parse "64MiB", "512k", "1048576" into bytes. */
int
config_parse_size(const char *s, size_t *out)
{
	unsigned long long n, mul = 1;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'k':
		mul = 1ULL << 10;
		end++;
		break;
	case 'm':
		mul = 1ULL << 20;
		end++;
		break;
	case 'g':
		mul = 1ULL << 30;
		end++;
		break;
	}
	if (mul != 1 && tolower((unsigned char)*end) == 'i')
		end++;
	if (tolower((unsigned char)*end) == 'b')
		end++;
	if (*end != '\0' || n > SIZE_MAX / mul)
		return -1;
	*out = (size_t)(n * mul);
	return 0;
}

/* Parse "true"/"false" (and yes/no, on/off, 1/0). */
static int
config_parse_bool(const char *s, bool *out)
{
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") ||
	    !strcasecmp(s, "on") || !strcmp(s, "1"))
		*out = true;
	else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") ||
	    !strcasecmp(s, "off") || !strcmp(s, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

/*
 * The engine a section `engine "NAME"` defines, made on its first key;
 * NULL with *err when the section name is malformed.
 */
static struct engine *
config_engine(struct config *cfg, const char *section, char **err)
{
	size_t n = strlen(section);
	struct engine *e;
	char *name;

	if (n < 9 || section[7] != '"' || section[n - 1] != '"') {
		*err = xasprintf("section '[%s]' must be written [engine "
		    "\"NAME\"]", section);
		return NULL;
	}
	name = xstrndup(section + 8, n - 9);
	if (!engine_name_ok(name)) {
		*err = xasprintf("invalid engine name '%s': use letters, "
		    "digits, '.', '_' and '-'", name);
		free(name);
		return NULL;
	}
	if (cfg->engines == NULL)
		cfg->engines = engine_set_new();
	if ((e = engine_find(cfg->engines, name)) == NULL)
		e = engine_define(cfg->engines, name);
	free(name);
	return e;
}

/* One key of an [engine "NAME"] section; 1, or 0 with st->error. */
static int
config_engine_key(struct config *cfg, const char *section, const char *name,
    const char *value, char **err)
{
	struct engine *e = config_engine(cfg, section, err);
	const char *errstr = NULL;
	char **slot = NULL;

	if (e == NULL)
		return 0;
	if (strcmp(name, "host") == 0 || strcmp(name, "context") == 0) {
		bool host = name[0] == 'h';

		if ((host ? e->context : e->host) != NULL) {
			*err = xasprintf("engine '%s' has both 'host' and "
			    "'context': give one of them", e->name);
			return 0;
		}
		slot = host ? &e->host : &e->context;
	} else if (strcmp(name, "binary") == 0) {
		slot = &e->binary;
	} else if (strcmp(name, "kind") == 0) {
		if (engine_kind_parse(value, &e->kind) == -1) {
			*err = xasprintf("invalid value '%s' for 'kind' in "
			    "section '[%s]': docker or swarm", value, section);
			return 0;
		}
		return 1;
	} else if (strcmp(name, "slots") == 0) {
		e->slots = (unsigned)strtonum(value, 1, ENGINE_MAX_SLOTS,
		    &errstr);
		if (errstr != NULL) {
			*err = xasprintf("invalid value '%s' for 'slots' in "
			    "section '[%s]': a whole number from 1 to %d",
			    value, section, ENGINE_MAX_SLOTS);
			return 0;
		}
		return 1;
	} else {
		*err = xasprintf("unknown key '%s' in section '[%s]' (host, "
		    "context, kind, slots, binary)", name, section);
		return 0;
	}
	if (*value == '\0') {
		*err = xasprintf("invalid value '' for '%s' in section '[%s]'",
		    name, section);
		return 0;
	}
	free(*slot);
	*slot = xstrdup(value);
	return 1;
}

/* What went wrong on the current line, for the message after ini_parse. */
struct config_state {
	struct config *cfg;
	char *error;
};

/* Handle one "key = value" of the file; 0 stops with an error. */
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_state *st = user;
	struct config *cfg = st->cfg;
	const char *errstr = NULL;
	double d;
	char *end;
	int v;

	if (strcmp(section, "run") == 0) {
		if (strcmp(name, "jobs") == 0) {
			cfg->jobs = (long)strtonum(value, 1, 100000, &errstr);
			if (errstr != NULL)
				goto bad;
		} else if (strcmp(name, "log_level") == 0) {
			if ((v = log_level_parse(value)) < 0)
				goto bad;
			cfg->log_level = v;
		} else if (strcmp(name, "stream") == 0) {
			if (config_parse_bool(value, &cfg->stream) < 0)
				goto bad;
		} else if (strcmp(name, "output_cap") == 0) {
			if (config_parse_size(value, &cfg->output_cap) < 0 ||
			    cfg->output_cap == 0)
				goto bad;
		} else if (strcmp(name, "kill_grace") == 0) {
			errno = 0;
			d = strtod(value, &end);
			if (errno != 0 || *end != '\0' || end == value ||
			    !isfinite(d) || d < 0)
				goto bad;
			cfg->kill_grace = d;
		} else if (strcmp(name, "diagnostics_format") == 0) {
			if ((v = diag_format_parse(value)) < 0)
				goto bad;
			cfg->diag_format = v;
		} else
			goto unknown;
		return 1;
	}
	if (strcmp(section, "docker") == 0) {
		if (strcmp(name, "binary") == 0) {
			if (*value == '\0')
				goto bad;
			free(cfg->docker_binary);
			cfg->docker_binary = xstrdup(value);
		} else if (strcmp(name, "cleanup_timeout") == 0) {
			errno = 0;
			d = strtod(value, &end);
			/* At least a millisecond, at most a day. */
			if (errno != 0 || *end != '\0' || end == value ||
			    !isfinite(d) || d < 0.001 || d > 86400)
				goto bad;
			cfg->cleanup_timeout = d;
		} else
			goto unknown;
		return 1;
	}
	if (strncmp(section, "engine ", 7) == 0)
		return config_engine_key(cfg, section, name, value, &st->error);
	st->error = xasprintf("unknown section '[%s]'", section);
	return 0;
unknown:
	st->error = xasprintf("unknown key '%s' in section '[%s]'", name,
	    section);
	return 0;
bad:
	st->error = xasprintf("invalid value '%s' for '%s' in section '[%s]'",
	    value, name, section);
	return 0;
}

/* Read the settings file, explicit or found in the default places. */
int
config_load(struct config *cfg, const char *explicit_path)
{
	struct config_state st = { cfg, NULL };
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *candidates[2] = { NULL, NULL };
	char *path = NULL;
	FILE *f = NULL;
	int rc, line;

	if (explicit_path != NULL) {
		path = xstrdup(explicit_path);
		if ((f = fopen(path, "re")) == NULL) {
			cli_error("cannot read config file '%s': %s",
			    path, strerror(errno));
			free(path);
			return -1;
		}
	} else {
		if (xdg != NULL && *xdg == '/')
			candidates[0] = xasprintf("%s/runflow/config.ini", xdg);
		else if (home != NULL && *home == '/')
			candidates[0] = xasprintf("%s/.config/runflow/config.ini", home);
		candidates[1] = xstrdup("/etc/runflow/config.ini");
		for (int i = 0; i < 2 && f == NULL; i++) {
			if (candidates[i] == NULL)
				continue;
			if ((f = fopen(candidates[i], "re")) != NULL) {
				path = candidates[i];
				candidates[i] = NULL;
			} else if (errno != ENOENT) {
				cli_error("cannot read config file '%s': %s",
				    candidates[i], strerror(errno));
				free(candidates[0]);
				free(candidates[1]);
				return -1;
			}
		}
		free(candidates[0]);
		free(candidates[1]);
		if (f == NULL)
			return 0;
	}
	rc = ini_parse_file(f, config_handler, &st);
	fclose(f);
	if (rc != 0) {
		line = rc;
		if (rc < 0)
			cli_error("cannot read config file '%s'", path);
		else
			fprintf(stderr, "%s:%d: error: %s\n", path, line,
			    st.error != NULL ? st.error : "syntax error");
		free(st.error);
		free(path);
		return -1;
	}
	free(cfg->path);
	cfg->path = path;
	return 0;
}
