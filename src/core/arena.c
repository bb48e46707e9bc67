/*
 * arena.c - bump allocator.
 *
 * Memory comes in blocks that double in size (from 4 KiB up to 1 MiB);
 * a request larger than a quarter of the current block size gets its own
 * block so a few big strings never waste a half-filled block.  Every
 * allocation is zero-filled and aligned to max_align_t.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim() */
#endif

#include "core/arena.h"
#include "core/err.h"

#define ALIGN (_Alignof(max_align_t))
#define MIN_BLOCK 4096
#define MAX_BLOCK (1024 * 1024)

struct block {
	struct block *next;
	size_t size, used;
	/* data follows, aligned */
	_Alignas(max_align_t) unsigned char data[];
};

struct eiti_arena {
	struct block *head; /* current block, the others follow */
	size_t next_size;
};

struct eiti_arena *
eiti_arena_new(void)
{
	struct eiti_arena *a = eiti_xcalloc(1, sizeof(*a));

	a->next_size = MIN_BLOCK;
	return a;
}

void
eiti_arena_free(struct eiti_arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static struct block *
new_block(size_t size)
{
	struct block *b;

	if (size > SIZE_MAX - sizeof(*b))
		return eiti_xmalloc(SIZE_MAX); /* aborts with the message */
	b = eiti_xcalloc(1, sizeof(*b) + size);
	b->size = size;
	return b;
}

void *
eiti_arena_alloc(struct eiti_arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN)
		return eiti_xmalloc(SIZE_MAX);
	need = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (b != NULL && b->size - b->used >= need) {
		p = b->data + b->used;
		b->used += need;
		return p;
	}
	if (need > a->next_size / 4) {
		/* A dedicated block, linked behind the current one so the
		 * current block's free space stays usable. */
		struct block *big = new_block(need);

		big->used = need;
		if (b != NULL) {
			big->next = b->next;
			b->next = big;
		} else {
			a->head = big;
		}
		return big->data;
	}
	b = new_block(a->next_size);
	if (a->next_size < MAX_BLOCK)
		a->next_size *= 2;
	b->next = a->head;
	a->head = b;
	b->used = need;
	return b->data;
}

char *
eiti_arena_strndup(struct eiti_arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = eiti_arena_alloc(a, len + 1);

	memcpy(p, s, len);
	return p; /* zero-filled: already terminated */
}

void *
eiti_arena_memdup(struct eiti_arena *a, const void *p, size_t n)
{
	void *out;

	if (n == 0)
		return NULL;
	out = eiti_arena_alloc(a, n);
	memcpy(out, p, n);
	return out;
}

char *
eiti_arena_strdup(struct eiti_arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return eiti_arena_strndup(a, s, strlen(s));
}

char *
eiti_arena_printf(struct eiti_arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return eiti_arena_strdup(a, "");
	p = eiti_arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* --- large tables ---------------------------------------------------- */

#define HUGE_SIZE ((size_t)2 << 20)

static size_t
huge_round(size_t n)
{
	return (n + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

void *
eiti_bigalloc(size_t n)
{
	size_t len;
	char *p, *a, *end;

	if (n < HUGE_SIZE)
		return eiti_xcalloc(1, n);
	if (n > SIZE_MAX - 2 * HUGE_SIZE)
		return eiti_xmalloc(SIZE_MAX); /* aborts */
	len = huge_round(n) + HUGE_SIZE;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return eiti_xmalloc(SIZE_MAX); /* aborts: out of memory */
	a = (char *)(((uintptr_t)p + HUGE_SIZE - 1) &
		     ~(uintptr_t)(HUGE_SIZE - 1));
	end = a + huge_round(n);
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + len > end)
		munmap(end, (size_t)(p + len - end));
	/* Advice only: without THP the table works the same. */
	(void)madvise(a, huge_round(n), MADV_HUGEPAGE);
	return a;
}

void
eiti_heap_trim(void)
{
#ifdef __GLIBC__
	(void)malloc_trim(0);
#endif
}

void
eiti_bigtrim(void *p, size_t n, size_t upto)
{
	if (p == NULL || n < HUGE_SIZE)
		return;
	upto = upto < n ? upto & ~(HUGE_SIZE - 1) : huge_round(n);
	if (upto > 0)
		(void)madvise(p, upto, MADV_DONTNEED);
}

void
eiti_bigfree(void *p, size_t n)
{
	if (p == NULL)
		return;
	if (n < HUGE_SIZE)
		free(p);
	else
		munmap(p, huge_round(n));
}
