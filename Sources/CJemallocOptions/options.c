#include "JemallocOptions.h"

/*
 * jemalloc reads its options, once, as the process starts, from a global named `malloc_conf`
 * before /etc/malloc.conf and the MALLOC_CONF environment variable, which can still override
 * them.
 *
 * thp:never: jemalloc asks the kernel for no transparent huge pages (MADV_NOHUGEPAGE) on the
 * memory it maps. An earlier round asked for them (thp:always): a 10,000-note build touches about
 * 400 MB, 2 MiB pages cost about 4,600 page faults where 4 KiB pages cost about 92,000, and the
 * user time fell by about 6 % (fewer TLB misses). But the time that matters is the wall's, and on
 * the machines we build on (virtual machines whose free memory goes back to the host) a huge page
 * is slow to come: the kernel zeroes 2 MiB at once in the faulting thread, after compacting memory
 * to find them when it must. Alternating runs of the 10,000-note build, same binary, thp:always
 * against thp:never, medians of 5 to 8 rounds each: with concepts 4.84 -> 4.08 s, 5.46 -> 4.92 s,
 * 4.96 -> 4.52 s; without concepts 2.20 -> 1.76 s, 2.40 -> 1.89 s; system time about halved
 * (2.6-3.2 s -> 1.6-1.8 s), user time up by 0-6 %, peak memory 10-15 MB lower; `notegraph check`
 * 1.27 -> 1.02 s. MALLOC_CONF=thp:always,metadata_thp:always still asks for them.
 *
 * narenas:1: one arena for every thread. jemalloc's default is four arenas per core, and the
 * build's threads (the parallel maps' workers, the background jobs that free big structures,
 * the graph-file writers) were spread over eight of them on two cores: memory one thread freed
 * sat dirty in its arena while another thread's arena touched fresh pages, each a page the
 * kernel must zero. With one arena that memory is reused. On the 10,000-note build, best of
 * four alternating runs: peak 0.60 GB instead of 0.66 GB, system time 1.4-1.9 s instead of
 * 2.2-3.7 s, wall 4.3 s instead of 4.5 s (median 4.3 s against 5.4 s). Small allocations still
 * come from each thread's own cache (tcache), so threads meet at the arena's lock only when a
 * cache is refilled or flushed; on a machine with many cores that lock could become a cost,
 * and MALLOC_CONF=narenas:N sets the count back.
 */
const char *malloc_conf = "thp:never,narenas:1";

const char *notegraph_jemalloc_options(void) { return malloc_conf; }
