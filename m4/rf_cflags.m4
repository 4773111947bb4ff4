# RF_CHECK_CFLAG(FLAGS, [ACTION-IF-OK], [ACTION-IF-NOT])
# -----------------------------------------------------
# Run ACTION-IF-OK when the C compiler accepts FLAGS (warnings as errors,
# so a flag the compiler only warns about counts as unsupported).
AC_DEFUN([RF_CHECK_CFLAG], [
	AS_VAR_PUSHDEF([rf_var], [rf_cv_cflag_$1])
	AC_CACHE_CHECK([whether $CC accepts $1], [rf_var], [
		rf_save_CFLAGS=$CFLAGS
		rf_save_LDFLAGS=$LDFLAGS
		CFLAGS="$CFLAGS -Werror $1"
		LDFLAGS="$LDFLAGS $1"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
			[AS_VAR_SET([rf_var], [yes])], [AS_VAR_SET([rf_var], [no])])
		CFLAGS=$rf_save_CFLAGS
		LDFLAGS=$rf_save_LDFLAGS
	])
	AS_VAR_IF([rf_var], [yes], [$2], [$3])
	AS_VAR_POPDEF([rf_var])
])
