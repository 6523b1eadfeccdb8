/* cache.h: a bounded, thread-safe cache of rendered answers, kept per index
 * revision.
 *
 * Search traffic repeats itself (the same few hundred queries make most of
 * a portal's searches), so the server keeps the bytes it answered, keyed by
 * what determines them (route and parameters), in a least-recently-used
 * list bounded in bytes.  Answers never outlive the revision they were
 * computed on: the cache carries an epoch, which the server bumps whenever
 * one of its index handles moves to a new commit (tc_cache_bump), and an
 * entry is only found under the epoch it was stored with.  How to read the
 * epoch so that no stale answer is ever served is the caller's business
 * (see thread_index() in server.c): read it before bringing the handle up
 * to date, bump when the handle moved.
 *
 * One mutex guards the whole cache: a lookup is a hash and a copy, far
 * shorter than the search it saves.  Knows nothing of HTTP. */
#ifndef TRACUU_CACHE_H
#define TRACUU_CACHE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_cache tc_cache;

typedef struct tc_cache_stats {
    uint64_t hits, misses, stores, evictions;
    size_t entries, bytes, max_bytes;
} tc_cache_stats;

/* A cache of at most max_bytes (keys, values and bookkeeping).  An entry
 * over an eighth of that is never kept.  NULL when out of memory; a cache
 * of 0 bytes is valid and keeps nothing. */
tc_cache *tc_cache_new(size_t max_bytes);
void tc_cache_free(tc_cache *c);           /* NULL: no-op */

/* The current epoch. */
uint64_t tc_cache_epoch(tc_cache *c);

/* Start a new epoch: every entry stored before is gone for lookups (their
 * memory is given back as they are met or evicted). */
void tc_cache_bump(tc_cache *c);

/* The value stored under key in epoch: a fresh malloc'd copy in *val (the
 * caller frees it), its length in *len, and its tag (say, a content type:
 * a static string the caller gave to tc_cache_put) in *tag.  Returns 1 when
 * found, 0 when not (or out of memory). */
int tc_cache_get(tc_cache *c, const char *key, size_t klen, uint64_t epoch,
                 char **val, size_t *len, const char **tag);

/* Store a copy of val under key for epoch, replacing what was there and
 * evicting the least recently used entries to stay under the bound.
 * Nothing is stored when epoch is no longer current, the entry is too big,
 * or memory runs out: a cache may always forget. */
void tc_cache_put(tc_cache *c, const char *key, size_t klen, uint64_t epoch,
                  const char *tag, const char *val, size_t len);

void tc_cache_stats_get(tc_cache *c, tc_cache_stats *out);

#ifdef __cplusplus
}
#endif

#endif
