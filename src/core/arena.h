/*
 * arena.h - a bump allocator: loaded data lives in one arena freed in one
 * call; and large zeroed tables on huge pages.  Allocation failure aborts
 * (err.h).
 */
#ifndef EITI_CORE_ARENA_H
#define EITI_CORE_ARENA_H

#include <stddef.h>

struct eiti_arena;

struct eiti_arena *eiti_arena_new(void);
void eiti_arena_free(struct eiti_arena *a); /* accepts NULL */
/* n bytes, aligned for any type, zero-filled. */
void *eiti_arena_alloc(struct eiti_arena *a, size_t n);
char *eiti_arena_strdup(struct eiti_arena *a, const char *s); /* NULL -> NULL */
char *eiti_arena_strndup(struct eiti_arena *a, const char *s, size_t n);
char *eiti_arena_printf(struct eiti_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* n zeroed bytes for a large table: from 2 MiB on, 2 MiB-aligned pages
 * with MADV_HUGEPAGE (fewer TLB misses for random access), below that
 * calloc().  Free with eiti_bigfree() and the same n. */
void *eiti_bigalloc(size_t n);
void eiti_bigfree(void *p, size_t n); /* accepts NULL */

#endif
