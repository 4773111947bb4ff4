#include "config.h"

#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tasks/task.h"
#include "util/shquote.h"
#include "util/xmalloc.h"

/*
 * file_write and file_read (flow.md section 5).
 *
 * file_write writes atomically: the bytes go to a new temporary file in
 * the target's folder (O_CREAT|O_EXCL|O_NOFOLLOW, an unpredictable name,
 * mode 0600 while it is being written), which is fsync'ed, given the
 * target's mode (or 0666 minus the umask for a new file) and renamed over
 * the target; then the folder is fsync'ed so the rename itself is durable.
 * Any failure removes the temporary file and leaves the old file whole.
 * A target that exists and is not a regular file (/dev/null, a FIFO) is
 * written in place, since renaming over it would replace the device;
 * "/dev/stdout" prints the content through the runner's output.  A
 * symbolic link is followed: the file it points to is replaced.
 */

static const struct task_arg write_args[] = {
	{ "filename", TASK_KIND(VAL_STRING), true },
	{ "content", TASK_KIND(VAL_STRING), false },
	{ "b64content", TASK_KIND(VAL_STRING), false },
	{ NULL, 0, false },
};

static const struct task_arg read_args[] = {
	{ "filename", TASK_KIND(VAL_STRING), true },
	{ "fs", TASK_KIND_ANY, false },
	{ NULL, 0, false },
};

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Append the standard base64 encoding (with padding) of s. */
static void
b64_encode(struct buf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = b64_alphabet[(v >> 18) & 63];
		q[1] = b64_alphabet[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64_alphabet[v & 63] : '=';
		buf_append(out, q, 4);
	}
}

/* Value of one base64 digit, or -1. */
static int
b64_digit(unsigned char c)
{
	const char *p = c != '\0' ? strchr(b64_alphabet, c) : NULL;

	return p != NULL ? (int)(p - b64_alphabet) : -1;
}

/*
 * Decode base64 as Python's b64decode does by default: whitespace is not
 * allowed, padding must be complete.  Returns 0, or -1 at a bad input.
 */
static int
b64_decode(struct buf *out, const char *s, size_t n)
{
	unsigned v = 0;
	int bits = 0;
	size_t i, pad = 0;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i++) {
		int d;

		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (d = b64_digit((unsigned char)s[i])) < 0)
			return -1;
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_putc(out, (int)((v >> bits) & 0xff));
		}
	}
	return pad <= 2 ? 0 : -1;
}

/* Exactly one of content and b64content; b64content must decode. */
static void
write_check(struct task_check *c)
{
	const struct task_argval *content = task_check_find(c, "content");
	const struct task_argval *b64 = task_check_find(c, "b64content");

	if (content != NULL && content->val != NULL &&
	    content->val->kind == VAL_NULL)
		content = NULL;
	if (b64 != NULL && b64->val != NULL && b64->val->kind == VAL_NULL)
		b64 = NULL;
	if (content != NULL && b64 != NULL) {
		task_check_error(c, b64, "give 'content' or 'b64content', "
		    "not both");
	} else if (content == NULL && b64 == NULL) {
		task_check_error(c, NULL, "task type 'file_write' needs "
		    "'content' or 'b64content'");
	} else if (b64 != NULL && b64->val != NULL &&
	    b64->val->kind == VAL_STRING) {
		struct buf tmp = BUF_INIT;

		if (b64_decode(&tmp, b64->val->u.str.s, b64->val->u.str.len))
			task_check_error(c, b64, "'b64content' is not valid "
			    "base64");
		buf_release(&tmp);
	}
}

/* The bytes file_write writes, decoded into out. */
static int
write_bytes(struct task_run *run, struct buf *out, char **err)
{
	const struct value *v = task_arg(run, "content");

	if (v != NULL) {
		v = val_to_string(run->arena, v);
		buf_append(out, v->u.str.s, v->u.str.len);
		return 0;
	}
	v = task_arg(run, "b64content");
	if (v == NULL || b64_decode(out, v->u.str.s, v->u.str.len) == -1) {
		*err = xstrdup("'b64content' is not valid base64");
		return -1;
	}
	return 0;
}

/* The file name argument, checked for NUL bytes. */
static const char *
file_name(struct task_run *run, char **err)
{
	const struct value *v = val_to_string(run->arena,
	    task_arg(run, "filename"));

	if (v == NULL || v->u.str.len == 0 ||
	    memchr(v->u.str.s, '\0', v->u.str.len) != NULL) {
		*err = xstrdup("argument 'filename' must be a non-empty "
		    "string without NUL bytes");
		return NULL;
	}
	return v->u.str.s;
}

/*
 * The plan: the bytes to write (kept as the run's input, which start
 * writes) and a description.  In a dry run the file name or the content
 * may be unknown yet; they are shown as their reference.
 */
static int
write_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	const struct value *name = task_plan_text(run->arena,
	    task_arg(run, "filename"));
	const struct value *data = task_arg(run, "content");
	struct buf d = BUF_INIT;

	if (data == NULL)
		data = task_arg(run, "b64content");
	if (name == NULL || data == NULL) {
		*err = xstrdup("file_write needs 'filename' and 'content' or "
		    "'b64content'");
		return -1;
	}
	if (data->kind == VAL_UNKNOWN)
		buf_puts(&d, task_plan_text(run->arena, data)->u.str.s);
	else if (write_bytes(run, &plan->input, err) == -1)
		return -1;
	else
		buf_printf(&d, "%zu bytes", plan->input.len);
	if (strcmp(name->u.str.s, "/dev/stdout") == 0) {
		plan->describe = xasprintf("# print %s to standard output",
		    buf_str(&d));
	} else {
		struct buf q = BUF_INIT;

		buf_printf(&q, "# write %s to ", buf_str(&d));
		shquote_append(&q, name->u.str.s, name->u.str.len);
		plan->describe = buf_detach(&q, NULL);
	}
	buf_release(&d);
	return 0;
}

/* Write all n bytes to fd. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The process umask, read without changing it for long. */
static mode_t
current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/*
 * Create a temporary file next to path with an unpredictable name.  On
 * success *tmp is the malloc'd name and the fd is returned; -1 with errno.
 */
static int
make_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	int dlen = slash != NULL ? (int)(slash - path + 1) : 0;
	const char *base = slash != NULL ? slash + 1 : path;

	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[9];
		struct buf suffix = BUF_INIT;
		int fd;

		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		b64_encode(&suffix, r, sizeof(r));
		/* '/' cannot be in a file name; '+' is fine but odd. */
		for (size_t i = 0; i < suffix.len; i++)
			if (suffix.data[i] == '/')
				suffix.data[i] = '_';
		*tmp = xasprintf("%.*s.%.200s.%s.tmp", dlen, path, base,
		    buf_str(&suffix));
		buf_release(&suffix);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd != -1)
			return fd;
		free(*tmp);
		*tmp = NULL;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/* fsync the folder holding path, so a rename in it is durable. */
static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
	    slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1, saved;

	free(dir);
	if (fd == -1)
		return -1;
	/* Some file systems refuse fsync on a folder; that is no error. */
	if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS)
		rc = 0;
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * Replace path with the n bytes at data atomically.  Returns 0, or -1 with
 * *what naming the step that failed and errno set.
 */
static int
write_atomic(const char *path, const char *data, size_t n, const char **what)
{
	struct stat st;
	mode_t mode;
	char *tmp = NULL;
	int fd, saved;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			/* A device or FIFO: write in place. */
			*what = "open";
			fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
			if (fd == -1)
				return -1;
			*what = "write";
			if (write_all(fd, data, n) == -1) {
				saved = errno;
				close(fd);
				errno = saved;
				return -1;
			}
			*what = "close";
			return close(fd);
		}
		mode = st.st_mode & 07777;
	} else if (errno == ENOENT) {
		mode = 0666 & ~current_umask();
	} else {
		*what = "stat";
		return -1;
	}
	*what = "create a temporary file for";
	fd = make_temp(path, &tmp);
	if (fd == -1)
		return -1;
	*what = "write";
	if (write_all(fd, data, n) == -1)
		goto fail;
	*what = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	*what = "set the mode of";
	if (fchmod(fd, mode) == -1)
		goto fail;
	*what = "close";
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	*what = "rename a temporary file over";
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	*what = "sync the folder of";
	return sync_dir(path);
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

/* Write the file (synchronously: local files are quick). */
static int
write_start(struct task_run *run)
{
	char *err = NULL;
	const char *name = file_name(run, &err);
	char *real = NULL;
	const char *what = "write";
	struct stat st;

	if (name == NULL) {
		task_run_fail(run, "%s", err);
		free(err);
		return -1;
	}
	if (strcmp(name, "/dev/stdout") == 0) {
		task_print(run->ctx, run->plan.input.data != NULL ?
		    run->plan.input.data : "", run->plan.input.len);
		task_run_succeed(run, NULL);
		return 0;
	}
	/* Follow a symbolic link so the file it names is replaced. */
	if (lstat(name, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(name, NULL)) != NULL)
		name = real;
	if (write_atomic(name, run->plan.input.data != NULL ?
	    run->plan.input.data : "", run->plan.input.len, &what) == -1) {
		task_run_fail(run, "cannot %s '%s': %s", what, name,
		    strerror(errno));
		free(real);
		return -1;
	}
	free(real);
	task_run_succeed(run, NULL);
	return 0;
}

/* file_read: reject runflow's remote file systems. */
static void
read_check(struct task_check *c)
{
	const struct task_argval *fs = task_check_find(c, "fs");

	if (fs != NULL) {
		struct diag *d = task_check_error(c, fs, "argument 'fs' "
		    "(remote file systems) is not supported");

		diag_set_detail(d, "read a local file by its path, or fetch "
		    "the remote file in an earlier bash_run task");
	}
}

/* The plan of a read: a description only. */
static int
read_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	const struct value *name = task_plan_text(run->arena,
	    task_arg(run, "filename"));
	struct buf q = BUF_INIT;

	if (name == NULL) {
		*err = xstrdup("argument 'filename' must be a string");
		return -1;
	}
	buf_puts(&q, "# read ");
	shquote_append(&q, name->u.str.s, name->u.str.len);
	plan->describe = buf_detach(&q, NULL);
	return 0;
}

/* Read the whole file into content and b64content. */
static int
read_start(struct task_run *run)
{
	char *err = NULL;
	const char *name = file_name(run, &err);
	struct buf data = BUF_INIT, b64 = BUF_INIT;
	struct val_member m[2];
	size_t cap = run->ctx->capture_max;
	int fd, saved = 0;
	size_t dup;

	if (name == NULL) {
		task_run_fail(run, "%s", err);
		free(err);
		return -1;
	}
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		task_run_fail(run, "cannot open '%s': %s", name,
		    strerror(errno));
		return -1;
	}
	buf_init(&data, cap);
	for (;;) {
		char chunk[65536];
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			saved = errno;
		if (r <= 0)
			break;
		if (buf_append(&data, chunk, (size_t)r) == -1) {
			saved = EFBIG;
			break;
		}
	}
	close(fd);
	if (saved != 0) {
		if (saved == EFBIG)
			task_run_fail(run, "'%s' is larger than the capture "
			    "limit of %zu bytes (raise 'output_cap' in the [run] section "
			    "of the settings file)", name,
			    cap);
		else
			task_run_fail(run, "cannot read '%s': %s", name,
			    strerror(saved));
		buf_release(&data);
		return -1;
	}
	b64_encode(&b64, (const unsigned char *)data.data, data.len);
	m[0] = (struct val_member){ "content", 7,
		val_string(run->arena, data.data != NULL ? data.data : "",
		    data.len) };
	m[1] = (struct val_member){ "b64content", 10,
		val_string(run->arena, buf_str(&b64), b64.len) };
	buf_release(&data);
	buf_release(&b64);
	task_run_succeed(run, val_object(run->arena, m, 2, &dup));
	return 0;
}

const struct task_type task_type_file_write = {
	.name = "file_write",
	.results = (const char *const[]){ NULL },
	.args = write_args,
	.check = write_check,
	.plan = write_plan,
	.start = write_start,
};

const struct task_type task_type_file_read = {
	.name = "file_read",
	.results = (const char *const[]){ "content", "b64content", NULL },
	.args = read_args,
	.check = read_check,
	.plan = read_plan,
	.start = read_start,
};
