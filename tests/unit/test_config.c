#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/config.h"
#include "diag/diag.h"
#include "util/log.h"

/* Write text to a temporary file; returns its malloc'd path. */
static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/runflow-config-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_defaults(void **state)
{
	struct config cfg;

	(void)state;
	config_init(&cfg);
	assert_int_equal(cfg.jobs, 0);
	assert_int_equal(cfg.output_cap, 64 << 20);
	assert_null(cfg.docker_binary);
	assert_true(cfg.cleanup_timeout == 0);
	config_release(&cfg);
}

static void
test_full_file(void **state)
{
	char *path = write_tmp("; comment\n[run]\njobs = 3\nlog_level = warning\n"
	    "stream = yes\noutput_cap = 1MiB\nkill_grace = 2.5\n"
	    "diagnostics_format = json\n\n[docker]\nbinary = /usr/bin/podman\n"
	    "cleanup_timeout = 2.5\n");
	struct config cfg;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, path), 0);
	assert_int_equal(cfg.jobs, 3);
	assert_int_equal(cfg.log_level, LOG_WARNING);
	assert_true(cfg.stream);
	assert_int_equal(cfg.output_cap, 1 << 20);
	assert_true(cfg.kill_grace == 2.5);
	assert_int_equal(cfg.diag_format, DIAG_FORMAT_JSON);
	assert_string_equal(cfg.docker_binary, "/usr/bin/podman");
	assert_true(cfg.cleanup_timeout == 2.5);
	assert_string_equal(cfg.path, path);
	config_release(&cfg);
	unlink(path);
	free(path);
}

static void
test_errors(void **state)
{
	static const char *const bad[] = {
		"[run]\njobs = 0\n",
		"[run]\njobs = many\n",
		"[run]\nfoo = 1\n",
		"[nosuch]\nx = 1\n",
		"[run]\nstream = maybe\n",
		"[run]\noutput_cap = 12q\n",
		"[run]\nkill_grace = -1\n",
		"[docker]\nbinary =\n",
		"[docker]\ncleanup_timeout = 0\n",
		"[docker]\ncleanup_timeout = 1e9\n",
		"[docker]\ncleanup_timeout = soon\n",
		"[docker]\nnosuch = 1\n",
	};
	struct config cfg;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = write_tmp(bad[i]);

		config_init(&cfg);
		assert_int_equal(config_load(&cfg, path), -1);
		config_release(&cfg);
		unlink(path);
		free(path);
	}
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/runflow.ini"), -1);
	config_release(&cfg);
}

static void
test_search_xdg(void **state)
{
	char dir[] = "/tmp/runflow-xdg-XXXXXX";
	char sub[256], file[300];
	struct config cfg;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/runflow", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(file, sizeof(file), "%s/config.ini", sub);
	f = fopen(file, "w");
	fputs("[run]\njobs = 7\n", f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", dir, 1);
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, NULL), 0);
	assert_int_equal(cfg.jobs, 7);
	config_release(&cfg);
	unlink(file);
	rmdir(sub);
	/* No file in the searched places: defaults, no error. */
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, NULL), 0);
	assert_null(cfg.path);
	config_release(&cfg);
	rmdir(dir);
}

static void
test_sizes(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(config_parse_size("1024", &n), 0);
	assert_int_equal(n, 1024);
	assert_int_equal(config_parse_size("2k", &n), 0);
	assert_int_equal(n, 2048);
	assert_int_equal(config_parse_size("3GiB", &n), 0);
	assert_int_equal(n, (size_t)3 << 30);
	assert_int_equal(config_parse_size("5mb", &n), 0);
	assert_int_equal(n, (size_t)5 << 20);
	assert_int_equal(config_parse_size("", &n), -1);
	assert_int_equal(config_parse_size("-1", &n), -1);
	assert_int_equal(config_parse_size("1t", &n), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_search_xdg),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
