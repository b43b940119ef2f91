#ifndef NOTEGRAPH_PARSE_ARENA_H
#define NOTEGRAPH_PARSE_ARENA_H
/*
 * A bump allocator per thread, for the memory one cmark-gfm parse makes and drops.
 *
 * A parse allocates hundreds of small blocks (nodes, strings, buffers that grow line by line)
 * and frees each again, one by one; through the system allocator that was about a tenth of the
 * instructions of `notegraph check`. Here every block comes from chunks the thread keeps from
 * parse to parse, freeing one is (almost always) nothing, and the whole parse is dropped at once.
 *
 * The three allocation functions have the shape of cmark's `cmark_mem` (calloc, realloc, free),
 * which carries no context pointer: they find the calling thread's arena in thread-local storage.
 *
 * Ownership, written down:
 * - Memory is handed out only between `parse_arena_enter` and the matching `parse_arena_leave`
 *   on the same thread (scopes nest, last in first out); leave takes back everything handed out
 *   since its enter. Nothing from the arena may be used after that, nor on another thread.
 * - Calling an allocation function on a thread with no scope open is a bug: it aborts.
 * - Blocks from the arena go back only through `parse_arena_realloc`/`parse_arena_free` (or
 *   leave); blocks from malloc never go through them.
 * - A thread keeps at most `PARSE_ARENA_RETAINED_BYTES` of chunks between scopes (a huge note's
 *   chunks are returned to the system when it is done), and frees them when it exits.
 */
#include <stddef.h>
#include <stdint.h>

/* Where a scope began: returned by enter, given back to leave. Opaque to callers. */
typedef struct parse_arena_mark {
    void *chunk;
    char *next;
    uint64_t large_serial;
} parse_arena_mark;

/* Chunk bytes a thread keeps between scopes. */
#define PARSE_ARENA_RETAINED_BYTES ((size_t)256 * 1024)

/* Opens a scope on the calling thread (making its arena on first use). */
parse_arena_mark parse_arena_enter(void);
/* Closes the scope `mark` opened: every block handed out since is taken back. */
void parse_arena_leave(parse_arena_mark mark);

/* The three functions of a `cmark_mem`. Out of memory aborts, as cmark's own allocator does. */
void *parse_arena_calloc(size_t count, size_t size);
void *parse_arena_realloc(void *pointer, size_t size);
void parse_arena_free(void *pointer);

/* What the calling thread's arena holds, for tests. */
typedef struct parse_arena_stats {
    /* Open scopes. */
    size_t depth;
    /* Chunks in use (between the first scope's start and now) and kept for reuse, in bytes. */
    size_t used_chunk_bytes;
    size_t spare_chunk_bytes;
    /* Blocks too large for a chunk, held directly from the system. */
    size_t large_blocks;
    size_t large_bytes;
} parse_arena_stats;

parse_arena_stats parse_arena_current_stats(void);

#endif
