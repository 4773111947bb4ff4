#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval/func_lib.h"
#include "util/utf8.h"

/*
 * Read the whole file at path into b.  Returns 0, or -1 with errno set
 * (EISDIR for a directory, which read(2) reports).
 */
static int
read_all(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_append(b, chunk, (size_t)n) == -1) {
			n = -1;
			break;
		}
	}
	saved = errno;
	close(fd);
	errno = saved;
	return n == 0 ? 0 : -1;
}

/*
 * file(path): the contents of a file as a string; relative paths are
 * from the current directory.  The text must be UTF-8 (as in Terraform).
 */
static const struct value *
fn_file(struct func_call *call)
{
	const struct value *path = func_arg_string(call, 0), *r;
	struct buf b = BUF_INIT;
	size_t bad;

	if (path == NULL)
		return NULL;
	if (path->u.str.len == 0 || memchr(path->u.str.s, '\0',
	    path->u.str.len) != NULL)
		return func_error(call, 0, "a file name required, got '%s'",
		    path->u.str.s);
	if (read_all(path->u.str.s, &b) == -1) {
		r = func_error(call, 0, "cannot read '%s': %s", path->u.str.s,
		    strerror(errno));
		buf_release(&b);
		return r;
	}
	if ((bad = utf8_invalid_at(b.data != NULL ? b.data : "", b.len)) <
	    b.len) {
		buf_release(&b);
		return func_error(call, 0, "'%s' is not UTF-8 text (byte %zu)",
		    path->u.str.s, bad);
	}
	r = val_string(call->arena, b.data != NULL ? b.data : "", b.len);
	buf_release(&b);
	return r;
}

/* env(name[, default]): an environment variable's value, or the default. */
static const struct value *
fn_env(struct func_call *call)
{
	const struct value *name = func_arg_string(call, 0), *def = NULL;
	const char *v;

	if (name == NULL)
		return NULL;
	if (call->nargs == 2 && (def = func_arg_string(call, 1)) == NULL)
		return NULL;
	if (name->u.str.len == 0 || memchr(name->u.str.s, '=',
	    name->u.str.len) != NULL || memchr(name->u.str.s, '\0',
	    name->u.str.len) != NULL)
		return func_error(call, 0, "'%s' is not a variable name",
		    name->u.str.s);
	if ((v = getenv(name->u.str.s)) != NULL)
		return val_cstring(call->arena, v);
	if (def != NULL)
		return def;
	return func_error(call, 0, "environment variable '%s' is not set",
	    name->u.str.s);
}

static const char *const p_file[] = { "path", NULL };
static const char *const p_env[] = { "name", "default", NULL };

const struct func_def func_file_defs[] = {
	{ "env", 1, 2, NULL, fn_env, p_env },
	{ "file", 1, 1, NULL, fn_file, p_file },
};
const size_t func_file_ndefs = sizeof(func_file_defs) /
    sizeof(func_file_defs[0]);
