#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flow/dag.h"
#include "util/xmalloc.h"

/* Make a graph of n isolated nodes. */
void
dag_init(struct dag *d, size_t n)
{
	d->n = n;
	d->nodes = n > 0 ? xcalloc(n, sizeof(*d->nodes)) : NULL;
}

/* Free every adjacency list. */
void
dag_release(struct dag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->nodes[i].deps);
		free(d->nodes[i].users);
	}
	free(d->nodes);
	d->nodes = NULL;
	d->n = 0;
}

/* Insert x into the sorted array *v unless present; true when inserted. */
static bool
sorted_insert(size_t **v, size_t *n, size_t *alloc, size_t x)
{
	size_t lo = 0, hi = *n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((*v)[mid] == x)
			return false;
		if ((*v)[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 4;
		*v = xreallocarray(*v, *alloc, sizeof(**v));
	}
	memmove(*v + lo + 1, *v + lo, (*n - lo) * sizeof(**v));
	(*v)[lo] = x;
	(*n)++;
	return true;
}

/* Record that `to` depends on `from`. */
bool
dag_add_edge(struct dag *d, size_t from, size_t to)
{
	struct dag_node *f, *t;

	if (from >= d->n || to >= d->n)
		fatal("dag_add_edge: node out of range");
	f = &d->nodes[from];
	t = &d->nodes[to];
	if (!sorted_insert(&t->deps, &t->ndeps, &t->adeps, from))
		return false;
	sorted_insert(&f->users, &f->nusers, &f->ausers, to);
	return true;
}

/* Whether `to` depends on `from` directly. */
bool
dag_has_edge(const struct dag *d, size_t from, size_t to)
{
	const struct dag_node *t = &d->nodes[to];
	size_t lo = 0, hi = t->ndeps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->deps[mid] == from)
			return true;
		if (t->deps[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Push x on the min-heap. */
void
dag_heap_push(struct dag_heap *h, size_t x)
{
	size_t i;

	if (h->n == h->alloc) {
		h->alloc = h->alloc ? h->alloc * 2 : 16;
		h->v = xreallocarray(h->v, h->alloc, sizeof(*h->v));
	}
	i = h->n++;
	while (i > 0 && h->v[(i - 1) / 2] > x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

/* Pop the smallest element. */
size_t
dag_heap_pop(struct dag_heap *h)
{
	size_t top, last, i = 0;

	if (h->n == 0)
		fatal("dag_heap_pop: empty heap");
	top = h->v[0];
	last = h->v[--h->n];
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= last)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n > 0)
		h->v[i] = last;
	return top;
}

/* Free the heap's storage. */
void
dag_heap_release(struct dag_heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->alloc = 0;
}

/*
 * Find one cycle among the nodes Kahn's algorithm could not order (left[]
 * true).  Each of them has a dependency that is also left, so walking
 * dependencies from any of them must come back to a node already seen.
 */
static void
find_cycle(const struct dag *d, const bool *left, size_t **cycle,
    size_t *ncycle)
{
	size_t *pos = xmalloc(d->n * sizeof(*pos));
	size_t *path = xmalloc(d->n * sizeof(*path));
	size_t npath = 0, start = 0, low, n;
	size_t *out;

	for (size_t i = 0; i < d->n; i++)
		pos[i] = SIZE_MAX;
	while (!left[start])
		start++;
	for (size_t v = start;;) {
		const struct dag_node *nd = &d->nodes[v];
		size_t next = SIZE_MAX;

		if (pos[v] != SIZE_MAX) {
			start = pos[v];
			break;
		}
		pos[v] = npath;
		path[npath++] = v;
		for (size_t k = 0; k < nd->ndeps; k++)
			if (left[nd->deps[k]]) {
				next = nd->deps[k];
				break;
			}
		if (next == SIZE_MAX)
			fatal("dag: node %zu left without a left dependency", v);
		v = next;
	}
	/* path[start..npath) is the cycle; rotate it to its lowest node. */
	n = npath - start;
	low = 0;
	for (size_t k = 1; k < n; k++)
		if (path[start + k] < path[start + low])
			low = k;
	out = xmalloc(n * sizeof(*out));
	for (size_t k = 0; k < n; k++)
		out[k] = path[start + (low + k) % n];
	*cycle = out;
	*ncycle = n;
	free(pos);
	free(path);
}

/* Order the nodes, dependencies first, ties by index. */
int
dag_order(const struct dag *d, size_t *order, size_t **cycle, size_t *ncycle)
{
	size_t *indeg = d->n ? xmalloc(d->n * sizeof(*indeg)) : NULL;
	struct dag_heap ready = DAG_HEAP_INIT;
	size_t done = 0;

	for (size_t i = 0; i < d->n; i++) {
		indeg[i] = d->nodes[i].ndeps;
		if (indeg[i] == 0)
			dag_heap_push(&ready, i);
	}
	while (ready.n > 0) {
		size_t v = dag_heap_pop(&ready);
		const struct dag_node *nd = &d->nodes[v];

		order[done++] = v;
		for (size_t k = 0; k < nd->nusers; k++)
			if (--indeg[nd->users[k]] == 0)
				dag_heap_push(&ready, nd->users[k]);
	}
	dag_heap_release(&ready);
	if (done < d->n) {
		bool *left = xcalloc(d->n, sizeof(*left));

		for (size_t i = 0; i < d->n; i++)
			left[i] = indeg[i] > 0;
		find_cycle(d, left, cycle, ncycle);
		free(left);
		free(indeg);
		return -1;
	}
	free(indeg);
	return 0;
}
