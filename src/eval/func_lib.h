/*
 * Inside the built-in function library: the tables each func_<family>.c
 * exports, and the argument helpers they share (func.c).  Nothing outside
 * src/eval/func*.c includes this header.
 *
 * Every helper that can fail adds a located diagnostic through
 * func_error and returns NULL (or false); results live in call->arena.
 */
#ifndef RF_EVAL_FUNC_LIB_H
#define RF_EVAL_FUNC_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/func.h"

/* One table per family; func.c merges them. */
extern const struct func_def func_string_defs[];
extern const size_t func_string_ndefs;
extern const struct func_def func_collection_defs[];
extern const size_t func_collection_ndefs;
extern const struct func_def func_number_defs[];
extern const size_t func_number_ndefs;
extern const struct func_def func_encoding_defs[];
extern const size_t func_encoding_ndefs;
extern const struct func_def func_time_defs[];
extern const size_t func_time_ndefs;
extern const struct func_def func_file_defs[];
extern const size_t func_file_ndefs;

/* Argument i as a string; numbers and bools convert (HCL). */
const struct value *func_arg_string(struct func_call *call, size_t i);
/* Argument i as a number; strings that read as numbers convert (HCL). */
const struct value *func_arg_number(struct func_call *call, size_t i);
/* Argument i as a whole number that fits int64. */
bool func_arg_int(struct func_call *call, size_t i, int64_t *out);
/* Argument i as a bool; "true" and "false" convert (HCL). */
const struct value *func_arg_bool(struct func_call *call, size_t i);
/* Argument i, which must be of kind (list or object: no conversion). */
const struct value *func_arg_kind(struct func_call *call, size_t i,
    enum val_kind kind);

/* The option called name, or NULL when the call does not give it. */
const struct value *func_opt(const struct func_call *call, const char *name);
/*
 * Report a bad option value ("invalid value for option 'NAME' in 'FUNC':
 * ...", located on the call) and return NULL.
 */
const struct value *func_opt_error(struct func_call *call, const char *name,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * UTF-8 characters: the length of the character at s[0] (1 for a byte
 * that is not UTF-8, so every byte string has a length), and the number
 * of characters in n bytes.
 */
size_t func_char_len(const char *s, size_t n);
size_t func_char_count(const char *s, size_t n);

/* A value described for messages: "number", "list", ... */
#define func_kind(v) val_kind_name((v)->kind)

#endif
