#include "ParseArena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Layout. Small blocks are carved one after another out of chunks of CHUNK_BYTES; each block is
 * a size word (its capacity) followed by the payload, which starts on a 16-byte boundary as
 * malloc's does. Blocks above LARGE_MIN come from the system one by one, behind a `large`
 * header whose last word has the low bit set (a small block's size word, a capacity of 8 more
 * than a multiple of 16, never has), so that
 * realloc and free can tell the two kinds apart from the word just before the payload.
 *
 * Freeing a small block gives its space back only when it is the last one handed out (a
 * temporary buffer); otherwise the space waits for the scope's end. Growing the last block
 * extends it where it lies while the chunk has room (cmark's buffers grow line by line); any
 * other growth copies. Large blocks are freed and grown by the system at once, so a huge note's
 * big buffers cost no more memory than they did before.
 */

enum {
    ALIGNMENT = 16,
    SIZE_WORD = sizeof(size_t),
    CHUNK_BYTES = 64 * 1024,
    /* At most a quarter of a chunk is left unused when a block does not fit its rest. */
    LARGE_MIN = 16 * 1024,
};

_Static_assert(ALIGNMENT <= alignof(max_align_t), "malloc's alignment must cover the payloads'");
#define LARGE_FLAG ((size_t)1)

typedef struct chunk {
    struct chunk *prev;
    size_t unused;
} chunk;

/* The first size word of a chunk sits here, so that its payload is aligned. */
#define CHUNK_FIRST_BLOCK (sizeof(chunk) + ALIGNMENT - SIZE_WORD)
_Static_assert(sizeof(chunk) % ALIGNMENT == 0, "a chunk's header keeps its data aligned");

typedef struct large {
    struct large *newer, *older;
    uint64_t serial;
    size_t size;      /* as requested */
    size_t unused;
    size_t size_word; /* LARGE_FLAG, where a small block's size word is: right before the payload */
} large;

_Static_assert(sizeof(large) % ALIGNMENT == 0, "a large block's header keeps its payload aligned");

typedef struct arena {
    /* Chunks in use, newest first, and the free rest of the newest. */
    chunk *current;
    char *next, *end;
    /* The payload last handed out in `current`, and where its block (size word) starts. */
    char *last, *last_start;
    /* Chunks kept for reuse. */
    chunk *spare;
    size_t spare_bytes, used_bytes;
    /* Large blocks in use, newest first; `large_serial` numbers the next one. */
    large *large_newest;
    uint64_t large_serial;
    size_t large_count, large_bytes;
    /* Open scopes; allocating with none open is a bug. */
    size_t depth;
    /* Whether the thread-exit destructor knows this arena. */
    int registered;
} arena;

static _Thread_local arena thread_arena;

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static __attribute__((noreturn, cold)) void out_of_memory(void) {
    fputs("notegraph: out of memory while parsing Markdown, aborting\n", stderr);
    abort();
}

static __attribute__((noreturn, cold)) void misuse(const char *what) {
    fprintf(stderr, "notegraph: %s outside a parse arena scope, aborting\n", what);
    abort();
}

static void release_large_newer_than(arena *a, uint64_t serial) {
    while (a->large_newest && a->large_newest->serial >= serial) {
        large *l = a->large_newest;
        a->large_newest = l->older;
        if (l->older) l->older->newer = NULL;
        a->large_count -= 1;
        a->large_bytes -= l->size;
        free(l);
    }
}

/* At thread exit: everything the thread's arena holds goes back to the system. */
static void thread_exit(void *value) {
    arena *a = value;
    release_large_newer_than(a, 0);
    while (a->current) {
        chunk *c = a->current;
        a->current = c->prev;
        free(c);
    }
    while (a->spare) {
        chunk *c = a->spare;
        a->spare = c->prev;
        free(c);
    }
    memset(a, 0, sizeof *a);
}

static void make_exit_key(void) {
    if (pthread_key_create(&exit_key, thread_exit) != 0) out_of_memory();
}

parse_arena_mark parse_arena_enter(void) {
    arena *a = &thread_arena;
    if (!a->registered) {
        pthread_once(&exit_key_once, make_exit_key);
        if (pthread_setspecific(exit_key, a) != 0) out_of_memory();
        a->registered = 1;
    }
    a->depth += 1;
    /* Blocks of an enclosing scope are never grown in place from this one. */
    a->last = NULL;
    return (parse_arena_mark){ .chunk = a->current, .next = a->next, .large_serial = a->large_serial };
}

void parse_arena_leave(parse_arena_mark mark) {
    arena *a = &thread_arena;
    if (a->depth == 0) misuse("parse_arena_leave");
    while (a->current != mark.chunk) {
        chunk *c = a->current;
        a->current = c->prev;
        a->used_bytes -= CHUNK_BYTES;
        if (a->spare_bytes + CHUNK_BYTES <= PARSE_ARENA_RETAINED_BYTES) {
            c->prev = a->spare;
            a->spare = c;
            a->spare_bytes += CHUNK_BYTES;
        } else {
            free(c);
        }
    }
    a->next = mark.next;
    a->end = a->current ? (char *)a->current + CHUNK_BYTES : NULL;
    release_large_newer_than(a, mark.large_serial);
    a->last = NULL;
    a->depth -= 1;
}

static inline size_t size_word(const void *pointer) {
    return *(const size_t *)((const char *)pointer - SIZE_WORD);
}

static arena *open_arena(const char *what) {
    arena *a = &thread_arena;
    if (a->depth == 0) misuse(what);
    return a;
}

#define LIKELY(condition) __builtin_expect(!!(condition), 1)
#define UNLIKELY(condition) __builtin_expect(!!(condition), 0)

static void *large_alloc(arena *a, size_t size, int zeroed) {
    if (size > SIZE_MAX - sizeof(large)) out_of_memory();
    large *l = zeroed ? calloc(1, sizeof(large) + size) : malloc(sizeof(large) + size);
    if (!l) out_of_memory();
    l->newer = NULL;
    l->older = a->large_newest;
    if (l->older) l->older->newer = l;
    a->large_newest = l;
    l->serial = a->large_serial++;
    l->size = size;
    l->size_word = LARGE_FLAG;
    a->large_count += 1;
    a->large_bytes += size;
    return l + 1;
}

static void new_chunk(arena *a) {
    chunk *c = a->spare;
    if (c) {
        a->spare = c->prev;
        a->spare_bytes -= CHUNK_BYTES;
    } else {
        c = malloc(CHUNK_BYTES);
        if (!c) out_of_memory();
    }
    c->prev = a->current;
    a->current = c;
    a->used_bytes += CHUNK_BYTES;
    a->next = (char *)c + CHUNK_FIRST_BLOCK;
    a->end = (char *)c + CHUNK_BYTES;
    a->last = NULL;
}

/* The bytes a small block of `size` takes, size word included: its payload and the next
   block's stay aligned. */
static inline size_t footprint(size_t size) {
    return (size + SIZE_WORD + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

/* Hands out `bytes` (a footprint) at the chunk's free start, which has room for them. */
static inline char *carve(arena *a, size_t bytes) {
    char *start = a->next;
    *(size_t *)start = bytes - SIZE_WORD;
    a->next = start + bytes;
    a->last_start = start;
    a->last = start + SIZE_WORD;
    return a->last;
}

/* Any size, in a scope: a large block, or a small one in a new chunk when this one is full. */
static __attribute__((noinline)) void *alloc_slow(arena *a, size_t size, int zeroed) {
    if (size > LARGE_MIN) return large_alloc(a, size, zeroed);
    size_t bytes = footprint(size);
    if ((size_t)(a->end - a->next) < bytes) new_chunk(a);
    char *block = carve(a, bytes);
    if (zeroed) memset(block, 0, size);
    return block;
}

static __attribute__((noinline)) void *calloc_slow(size_t count, size_t size) {
    arena *a = open_arena("parse_arena_calloc");
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) out_of_memory();
    return alloc_slow(a, bytes, 1);
}

void *parse_arena_calloc(size_t count, size_t size) {
    arena *a = &thread_arena;
    size_t bytes;
    /* The common case in a few instructions: a small block that fits the current chunk. */
    if (LIKELY(a->depth != 0 && !__builtin_mul_overflow(count, size, &bytes) && bytes <= LARGE_MIN)) {
        size_t footprint_bytes = footprint(bytes);
        if (LIKELY((size_t)(a->end - a->next) >= footprint_bytes)) {
            return memset(carve(a, footprint_bytes), 0, bytes);
        }
    }
    return calloc_slow(count, size);
}

static __attribute__((noinline)) void *realloc_large(arena *a, void *pointer, size_t size) {
    if (size > SIZE_MAX - sizeof(large)) out_of_memory();
    large *l = realloc((large *)pointer - 1, sizeof(large) + size);
    if (!l) out_of_memory();
    /* The block may have moved: its neighbours in the list point at it again. */
    if (l->newer) l->newer->older = l; else a->large_newest = l;
    if (l->older) l->older->newer = l;
    a->large_bytes = a->large_bytes - l->size + size;
    l->size = size;
    return l + 1;
}

/* A small block that must move: copied to a new one (in a new chunk, or large). */
static __attribute__((noinline)) void *realloc_move(arena *a, char *block, size_t size) {
    size_t capacity = size_word(block);
    void *moved = alloc_slow(a, size, 0);
    /* A small block's capacity can pass LARGE_MIN by a few bytes: a large block a little
       smaller than it takes only what fits. */
    memcpy(moved, block, capacity < size ? capacity : size);
    /* A last block that moved to the system (leaving `last` as it was) gives its chunk space
       back. */
    if (a->last == block) {
        a->next = a->last_start;
        a->last = NULL;
    }
    return moved;
}

void *parse_arena_realloc(void *pointer, size_t size) {
    arena *a = open_arena("parse_arena_realloc");
    if (!pointer) return size <= LARGE_MIN && (size_t)(a->end - a->next) >= footprint(size)
                         ? carve(a, footprint(size)) : alloc_slow(a, size, 0);
    size_t word = size_word(pointer);
    if (UNLIKELY(word & LARGE_FLAG)) return realloc_large(a, pointer, size);
    char *block = pointer;
    if (size <= LARGE_MIN) {
        /* The last block grows (or shrinks) where it lies while the chunk has room. */
        size_t bytes = footprint(size);
        if (block == a->last && (size_t)(a->end - a->last_start) >= bytes) {
            *(size_t *)a->last_start = bytes - SIZE_WORD;
            a->next = a->last_start + bytes;
            return block;
        }
        if (size <= word) return block;
        /* Not the last block: a copy at the chunk's free start, when it has room. */
        if ((size_t)(a->end - a->next) >= bytes) {
            char *moved = carve(a, bytes);
            memcpy(moved, block, word);
            return moved;
        }
    }
    return realloc_move(a, block, size);
}

void parse_arena_free(void *pointer) {
    if (!pointer) return;
    arena *a = open_arena("parse_arena_free");
    size_t word = size_word(pointer);
    if (UNLIKELY(word & LARGE_FLAG)) {
        large *l = (large *)pointer - 1;
        if (l->newer) l->newer->older = l->older; else a->large_newest = l->older;
        if (l->older) l->older->newer = l->newer;
        a->large_count -= 1;
        a->large_bytes -= l->size;
        free(l);
        return;
    }
    /* Only the last block's space can be given back at once; the rest waits for the scope. */
    if (pointer == a->last) {
        a->next = a->last_start;
        a->last = NULL;
    }
}

parse_arena_stats parse_arena_current_stats(void) {
    arena *a = &thread_arena;
    return (parse_arena_stats){
        .depth = a->depth,
        .used_chunk_bytes = a->used_bytes,
        .spare_chunk_bytes = a->spare_bytes,
        .large_blocks = a->large_count,
        .large_bytes = a->large_bytes,
    };
}
