/*
 * The task graph: nodes are task indices in file order (0..n-1), an edge
 * from -> to means `to` depends on `from` (from must succeed first).
 *
 * Order is stable: among tasks whose dependencies are done, the one that
 * comes first in the file goes first (Kahn's algorithm with a min-heap).
 * The scheduler's -j 1 order and the dry run's order are both this order.
 */
#ifndef RF_FLOW_DAG_H
#define RF_FLOW_DAG_H

#include <stdbool.h>
#include <stddef.h>

struct dag_node {
	size_t *deps;		/* tasks this one depends on, ascending */
	size_t ndeps;
	size_t *users;		/* tasks that depend on this one, ascending */
	size_t nusers;
	size_t adeps, ausers;	/* allocated */
};

struct dag {
	struct dag_node *nodes;	/* owned, n of them */
	size_t n;
};

/* A graph of n nodes and no edges. */
void dag_init(struct dag *d, size_t n);
void dag_release(struct dag *d);
/*
 * Record that `to` depends on `from`.  Adding an edge twice is harmless;
 * from == to makes a cycle of one task.  Returns true when the edge is new.
 */
bool dag_add_edge(struct dag *d, size_t from, size_t to);
/* Whether `to` depends on `from` directly. */
bool dag_has_edge(const struct dag *d, size_t from, size_t to);

/*
 * Fill order (room for d->n entries) with every node, dependencies first,
 * ties in index order.  Returns 0, or -1 when the graph has a cycle: then
 * *cycle is a malloc'd array (the caller frees it) of *ncycle nodes where
 * each depends on the next and the last depends on the first, starting at
 * the cycle's lowest index, and order is unspecified.
 */
int dag_order(const struct dag *d, size_t *order, size_t **cycle,
    size_t *ncycle);

/*
 * A min-heap of node indices: the scheduler's ready queue, so the task
 * first in the file among the ready ones starts first.
 */
struct dag_heap {
	size_t *v;
	size_t n, alloc;
};

#define DAG_HEAP_INIT { NULL, 0, 0 }

void dag_heap_push(struct dag_heap *h, size_t x);
/* Remove and return the lowest index; the heap must not be empty. */
size_t dag_heap_pop(struct dag_heap *h);
void dag_heap_release(struct dag_heap *h);

#endif
