librunflow_a_SOURCES += \
	src/cli/cli.h src/cli/commands.c
