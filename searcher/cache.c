/* cache.c: the answer cache (cache.h): a chained hash table over a
 * doubly linked least-recently-used list, bounded in bytes, behind one
 * mutex.  Entries of past epochs are dropped when a lookup meets them and
 * otherwise age out through the LRU end like any other. */
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/docrec.h"

typedef struct entry {
    struct entry *hnext;          /* hash chain */
    struct entry *prev, *next;    /* LRU list: head is the most recent */
    uint64_t hash, epoch;
    const char *tag;
    size_t klen, vlen;
    char bytes[];                 /* key, then value */
} entry;

struct tc_cache {
    pthread_mutex_t mu;
    entry **buckets;
    size_t nbuckets;              /* a power of two */
    entry *head, *tail;
    size_t bytes, max_bytes, entries;
    uint64_t epoch;
    uint64_t hits, misses, stores, evictions;
};

static size_t entry_cost(size_t klen, size_t vlen)
{
    return sizeof(entry) + klen + vlen;
}

tc_cache *tc_cache_new(size_t max_bytes)
{
    tc_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    /* about one bucket per 4 KiB answer the bound holds */
    c->nbuckets = 64;
    while (c->nbuckets < max_bytes / 4096 && c->nbuckets < (1u << 20))
        c->nbuckets <<= 1;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (!c->buckets || pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c->buckets);
        free(c);
        return NULL;
    }
    c->max_bytes = max_bytes;
    c->epoch = 1;
    return c;
}

void tc_cache_free(tc_cache *c)
{
    if (!c)
        return;
    for (entry *e = c->head, *next; e; e = next) {
        next = e->next;
        free(e);
    }
    pthread_mutex_destroy(&c->mu);
    free(c->buckets);
    free(c);
}

uint64_t tc_cache_epoch(tc_cache *c)
{
    pthread_mutex_lock(&c->mu);
    uint64_t e = c->epoch;
    pthread_mutex_unlock(&c->mu);
    return e;
}

void tc_cache_bump(tc_cache *c)
{
    pthread_mutex_lock(&c->mu);
    c->epoch++;
    pthread_mutex_unlock(&c->mu);
}

/* ---- list and table, under the mutex ------------------------------------ */

static void lru_unlink(tc_cache *c, entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(tc_cache *c, entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
}

/* The chain link that points at the entry for key, or at the chain's end. */
static entry **find_slot(tc_cache *c, uint64_t h, const char *key,
                         size_t klen)
{
    entry **p = &c->buckets[h & (c->nbuckets - 1)];
    while (*p && !((*p)->hash == h && (*p)->klen == klen &&
                   memcmp((*p)->bytes, key, klen) == 0))
        p = &(*p)->hnext;
    return p;
}

static void drop(tc_cache *c, entry *e)
{
    entry **p = find_slot(c, e->hash, e->bytes, e->klen);
    if (*p == e)
        *p = e->hnext;
    lru_unlink(c, e);
    c->bytes -= entry_cost(e->klen, e->vlen);
    c->entries--;
    free(e);
}

/* ---- lookups and stores ------------------------------------------------- */

int tc_cache_get(tc_cache *c, const char *key, size_t klen, uint64_t epoch,
                 char **val, size_t *len, const char **tag)
{
    uint64_t h = tc_hash64(TC_HASH_INIT, key, klen);
    int found = 0;
    *val = NULL;
    pthread_mutex_lock(&c->mu);
    entry *e = *find_slot(c, h, key, klen);
    if (e && e->epoch != c->epoch) {      /* computed on an older revision */
        drop(c, e);
        e = NULL;
    }
    if (e && e->epoch == epoch && (*val = malloc(e->vlen + 1))) {
        memcpy(*val, e->bytes + e->klen, e->vlen);
        (*val)[e->vlen] = '\0';
        *len = e->vlen;
        *tag = e->tag;
        lru_unlink(c, e);
        lru_push_front(c, e);
        found = 1;
    }
    if (found)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->mu);
    return found;
}

void tc_cache_put(tc_cache *c, const char *key, size_t klen, uint64_t epoch,
                  const char *tag, const char *val, size_t len)
{
    size_t cost = entry_cost(klen, len);
    if (cost > c->max_bytes / 8)
        return;
    entry *e = malloc(cost);
    if (!e)
        return;
    memset(e, 0, sizeof *e);
    e->hash = tc_hash64(TC_HASH_INIT, key, klen);
    e->epoch = epoch;
    e->tag = tag;
    e->klen = klen;
    e->vlen = len;
    memcpy(e->bytes, key, klen);
    if (len)
        memcpy(e->bytes + klen, val, len);
    pthread_mutex_lock(&c->mu);
    if (epoch != c->epoch) {
        pthread_mutex_unlock(&c->mu);
        free(e);
        return;
    }
    entry *old = *find_slot(c, e->hash, key, klen);
    if (old)
        drop(c, old);
    while (c->tail && c->bytes + cost > c->max_bytes) {
        drop(c, c->tail);
        c->evictions++;
    }
    entry **p = &c->buckets[e->hash & (c->nbuckets - 1)];
    e->hnext = *p;
    *p = e;
    lru_push_front(c, e);
    c->bytes += cost;
    c->entries++;
    c->stores++;
    pthread_mutex_unlock(&c->mu);
}

void tc_cache_stats_get(tc_cache *c, tc_cache_stats *out)
{
    pthread_mutex_lock(&c->mu);
    out->hits = c->hits;
    out->misses = c->misses;
    out->stores = c->stores;
    out->evictions = c->evictions;
    out->entries = c->entries;
    out->bytes = c->bytes;
    out->max_bytes = c->max_bytes;
    pthread_mutex_unlock(&c->mu);
}
