#ifndef NOTEGRAPH_CJEMALLOC_SHIM_H
#define NOTEGRAPH_CJEMALLOC_SHIM_H
/* Debian's jemalloc, built without a prefix: linking it replaces malloc and free in the
   whole process. Only mallctl is used by name, to say which allocator is running. */
#include <stddef.h>
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
#endif
