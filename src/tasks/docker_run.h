/*
 * The docker_run task type's runtime (docker-run-decisions.md): one
 * `docker run` per attempt, its output captured, its container stopped
 * and removed on timeout or interrupt, and a sweep at the end of the run
 * for anything a run left labelled with its id.
 *
 * The translation of the arguments is docker_args.h's; the type itself is
 * task_type_docker_run (tasks/task.h).  What the engine adds around it:
 *
 * - docker_run_set_binary() before a flow is loaded, so the load-time
 *   checks reject the arguments podman lacks when the binary is podman;
 * - docker_run_finish() once after the run, which removes the containers
 *   an interrupted run may have left and frees the per-run state.
 *
 * Whether a binary is podman is learned from `BIN --version`, at most once
 * per binary and process, and only when a task uses an argument whose
 * translation depends on it.
 *
 * Functions that run docker synchronously (docker_run_finish,
 * docker_run_cleanup) drive the loop themselves and must not be called
 * from inside a loop callback.
 */
#ifndef RF_TASKS_DOCKER_RUN_H
#define RF_TASKS_DOCKER_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "exec/loop.h"
#include "tasks/task.h"

/* The label keys put on every container (decisions §1). */
#define DOCKER_RUN_LABEL_RUN	"runflow.run"
#define DOCKER_RUN_LABEL_TASK	"runflow.task"

/*
 * The time limit of each clean-up command docker_run runs (docker kill,
 * rm, ps; a Swarm job's service ps, inspect, service rm), also in
 * docker_run_finish() and docker_run_cleanup().  A daemon that does not
 * answer in time (frozen) gets a warning naming what may be left and how
 * to remove it, and the run goes on.  A busy daemon on a small machine
 * (dozens of containers starting at once on two cores) can take more than
 * ten seconds to answer a kill: the limit leaves it room.
 */
#define DOCKER_RUN_CLEANUP_LIMIT_MS 30000

/* Change that limit for the process (tests; 0: back to the default). */
void docker_run_set_cleanup_limit(unsigned ms);

/*
 * The binary the load-time checks assume (copied; NULL: "docker").  The
 * run itself uses ctx->docker.
 */
void docker_run_set_binary(const char *binary);

/*
 * The engines load-time checks know (`_engine` names one of them); the
 * set is borrowed until the next call (NULL: none).  The run itself uses
 * ctx->engines.
 */
struct engine_set;
void docker_run_set_engines(const struct engine_set *engines);

/*
 * Whether binary is podman: `binary --version` is run (blocking, a few
 * milliseconds) the first time and the answer remembered.  A binary that
 * cannot be run counts as docker; running it later reports the problem.
 */
bool docker_run_is_podman(const char *binary);

/*
 * End of a run: remove the run's private folder (the cidfiles' one in
 * TMPDIR); then, when any docker_run task of the run ctx->run_id was
 * stopped (timeout, signal, a capture cap) or its CLI died, remove every
 * container still labelled runflow.run=<run id>, except those of tasks
 * with `remove = false` that ended normally.  Then free what the type kept
 * for the run.  Returns the number of containers removed, or -1 when
 * docker could not be asked or did not answer (a warning is logged).
 *
 * From the run's first docker_run attempt until here, SIGINT and SIGTERM
 * stay caught on ctx->loop, so that a signal after the scheduler let go
 * of them cannot end the process before the folder is gone.  One that
 * comes (or came) then stops the sweep, and this function ends the
 * process by it (raise(3), ctx->out flushed) after the clean-up.
 */
int docker_run_finish(const struct task_ctx *ctx);

/*
 * Remove every container labelled runflow.run=<run_id> (NULL: labelled by
 * any run), running binary (NULL: "docker") with environment envp on loop.
 * Sets *removed to the number removed.  Returns 0, or -1 with *err
 * (malloc'd): docker's words.
 */
int docker_run_cleanup(struct loop *loop, const char *binary,
    char *const *envp, const char *run_id, size_t *removed, char **err);

#endif
