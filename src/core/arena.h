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
/* A copy of the n bytes at p (a growing array, frozen), or NULL when n is
 * 0. */
void *eiti_arena_memdup(struct eiti_arena *a, const void *p, size_t n);
char *eiti_arena_strndup(struct eiti_arena *a, const char *s, size_t n);
char *eiti_arena_printf(struct eiti_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* n zeroed bytes for a large table: from 2 MiB on, 2 MiB-aligned pages
 * with MADV_HUGEPAGE (fewer TLB misses for random access), below that
 * calloc().  Free with eiti_bigfree() and the same n. */
void *eiti_bigalloc(size_t n);
void eiti_bigfree(void *p, size_t n); /* accepts NULL */

/* Give the memory of the bytes [0, upto) of p, a table of n bytes from
 * eiti_bigalloc(), back to the system, as far as whole pages allow
 * (nothing below 2 MiB).  What was there reads as zeros afterwards. */
void eiti_bigtrim(void *p, size_t n, size_t upto);

/* After large frees: give the free memory of the heap back to the system
 * (glibc keeps it otherwise, when it lies below memory still in use). */
void eiti_heap_trim(void);

#endif
