#ifndef NOTEGRAPH_CCMARKGFM_SHIM_H
#define NOTEGRAPH_CCMARKGFM_SHIM_H
/* The public API only: the core parser/iterator and the GFM core extensions' accessors. */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
