# RF_REQUIRE_PKG(VARIABLE-PREFIX, MODULE, DEBIAN-PACKAGE)
# ------------------------------------------------------
# Look MODULE up with pkg-config; stop with a message naming the module and
# the Debian package that provides it when it is missing.
AC_DEFUN([RF_REQUIRE_PKG], [
	PKG_CHECK_MODULES([$1], [$2], [],
		[AC_MSG_ERROR([pkg-config module '$2' not found: install the Debian package $3 (or run scripts/setup)])])
])
