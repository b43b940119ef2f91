#ifndef NOTEGRAPH_JEMALLOC_OPTIONS_H
#define NOTEGRAPH_JEMALLOC_OPTIONS_H
/* The options notegraph's executable gives jemalloc (see options.c), for `--verbose`. */
const char *notegraph_jemalloc_options(void);
#endif
