/* dedup.c: MinHash signatures and the cluster table (dedup.h). */
#include "tracuu/dedup.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/buf.h"
#include "tracuu/docrec.h"

#define ROWS (TC_MINHASH_K / TC_MINHASH_BANDS)

/* The K hash functions: h * A[k] + B[k], high 32 bits (multiply-shift). */
static uint64_t coef_a(unsigned k)
{
    return tc_mix64(0x9e3779b97f4a7c15ULL * (k + 1)) | 1;
}

static uint64_t coef_b(unsigned k)
{
    return tc_mix64(0xc2b2ae3d27d4eb4fULL * (k + 7));
}

void tc_minhash_init(tc_minhash *mh)
{
    memset(mh, 0, sizeof *mh);
    for (unsigned k = 0; k < TC_MINHASH_K; k++)
        mh->sig[k] = UINT32_MAX;
}

void tc_minhash_add(tc_minhash *mh, const char *folded, size_t len)
{
    memmove(mh->win, mh->win + 1, (TC_SHINGLE - 1) * sizeof *mh->win);
    mh->win[TC_SHINGLE - 1] = tc_hash64(TC_HASH_INIT, folded, len);
    if (++mh->seen < TC_SHINGLE)
        return;
    uint64_t h = 0;
    for (unsigned i = 0; i < TC_SHINGLE; i++)
        h = tc_mix64(h ^ mh->win[i]);
    mh->shingles++;
    for (unsigned k = 0; k < TC_MINHASH_K; k++) {
        uint32_t v = (uint32_t)((h * coef_a(k) + coef_b(k)) >> 32);
        if (v < mh->sig[k])
            mh->sig[k] = v;
    }
}

unsigned tc_minhash_equal(const uint32_t *a, const uint32_t *b)
{
    unsigned n = 0;
    for (unsigned k = 0; k < TC_MINHASH_K; k++)
        n += a[k] == b[k];
    return n;
}

/* ---- the table ---------------------------------------------------------- */

typedef struct entry {
    uint32_t sig[TC_MINHASH_K];
    uint64_t idh;               /* hash of the document's id */
    char *cluster;
    size_t next[TC_MINHASH_BANDS];   /* the band's chain; 0: end */
} entry;

typedef struct band_slot {
    uint64_t key;               /* 0: empty */
    size_t head;                /* entry index + 1 */
} band_slot;

struct tc_dedup {
    pthread_mutex_t mu;
    entry *e;                   /* e[0] unused: index 0 ends chains */
    size_t n, cap;
    band_slot *bands[TC_MINHASH_BANDS];
    size_t bcap, bused;         /* per band table; cap a power of two */
};

tc_dedup *tc_dedup_new(void)
{
    tc_dedup *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    pthread_mutex_init(&d->mu, NULL);
    d->n = 1;
    d->bcap = 1024;
    int ok = 1;
    for (unsigned b = 0; b < TC_MINHASH_BANDS; b++)
        ok &= (d->bands[b] = calloc(d->bcap, sizeof *d->bands[b])) != NULL;
    if (!ok) {
        tc_dedup_free(d);
        return NULL;
    }
    return d;
}

void tc_dedup_free(tc_dedup *d)
{
    if (!d)
        return;
    for (size_t i = 1; i < d->n; i++)
        free(d->e[i].cluster);
    free(d->e);
    for (unsigned b = 0; b < TC_MINHASH_BANDS; b++)
        free(d->bands[b]);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

static uint64_t band_key(const uint32_t *sig, unsigned b)
{
    uint64_t h = tc_hash64(TC_HASH_INIT, &b, sizeof b);
    h = tc_hash64(h, sig + b * ROWS, ROWS * sizeof *sig);
    return tc_mix64(h) | 1;
}

static band_slot *band_find(band_slot *t, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key >> 5) & (cap - 1);
    while (t[i].key && t[i].key != key)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static int grow_bands(tc_dedup *d)
{
    if (2 * (d->bused + 1) <= d->bcap)
        return TC_OK;
    size_t ncap = 2 * d->bcap;
    for (unsigned b = 0; b < TC_MINHASH_BANDS; b++) {
        band_slot *nt = calloc(ncap, sizeof *nt);
        if (!nt)
            return TC_ENOMEM;    /* earlier bands are grown: still valid */
        for (size_t i = 0; i < d->bcap; i++)
            if (d->bands[b][i].key)
                *band_find(nt, ncap, d->bands[b][i].key) = d->bands[b][i];
        free(d->bands[b]);
        d->bands[b] = nt;
    }
    d->bcap = ncap;
    return TC_OK;
}

/* Remember a signature (under mu).  cluster is taken. */
static int insert(tc_dedup *d, const uint32_t *sig, uint64_t idh,
                  char *cluster)
{
    entry *ne = tc_grow(d->e, &d->cap, d->n + 1, sizeof *ne);
    if (!ne) {
        free(cluster);
        return TC_ENOMEM;
    }
    d->e = ne;
    /* each band table holds at most one slot per entry */
    if (grow_bands(d) != TC_OK) {
        free(cluster);
        return TC_ENOMEM;
    }
    size_t i = d->n++;
    entry *e = &d->e[i];
    memcpy(e->sig, sig, sizeof e->sig);
    e->idh = idh;
    e->cluster = cluster;
    d->bused++;
    for (unsigned b = 0; b < TC_MINHASH_BANDS; b++) {
        uint64_t key = band_key(sig, b);
        band_slot *s = band_find(d->bands[b], d->bcap, key);
        s->key = key;
        e->next[b] = s->head;
        s->head = i + 1;
    }
    return TC_OK;
}

/* The best near duplicate of sig other than the document idh (under mu),
 * or NULL. */
static const entry *nearest(const tc_dedup *d, const uint32_t *sig,
                            uint64_t idh)
{
    const entry *best = NULL;
    unsigned best_eq = TC_DUP_MIN_EQUAL - 1;
    for (unsigned b = 0; b < TC_MINHASH_BANDS; b++) {
        const band_slot *s = band_find(d->bands[b], d->bcap,
                                       band_key(sig, b));
        for (size_t i = s->head; i; i = d->e[i - 1].next[b]) {
            const entry *e = &d->e[i - 1];
            unsigned eq;
            if (e->idh == idh || (eq = tc_minhash_equal(sig, e->sig)) <=
                                     best_eq)
                continue;
            best = e;
            best_eq = eq;
        }
    }
    return best;
}

int tc_dedup_assign(tc_dedup *d, const char *id, const tc_minhash *mh,
                    char **cluster)
{
    size_t idlen = strlen(id);
    uint64_t idh = tc_hash64(TC_HASH_INIT, id, idlen);
    int rc = TC_OK;
    *cluster = NULL;
    if (mh->shingles < TC_DUP_MIN_SHINGLES)
        return (*cluster = strdup(id)) ? TC_OK : TC_ENOMEM;
    pthread_mutex_lock(&d->mu);
    const entry *e = nearest(d, mh->sig, idh);
    char *c = strdup(e ? e->cluster : id);
    char *kept = c ? strdup(c) : NULL;
    if (!c || !kept) {
        free(c);
        free(kept);
        rc = TC_ENOMEM;
    } else if ((rc = insert(d, mh->sig, idh, kept)) == TC_OK) {
        *cluster = c;
    } else {
        free(c);
    }
    pthread_mutex_unlock(&d->mu);
    return rc;
}

/* ---- the stored form ---------------------------------------------------- */

#define HEAD (TC_MINHASH_K * 8 + 1 + 16 + 1)   /* sig TAB idhash TAB */

char *tc_dedup_format(const tc_minhash *mh, const char *id,
                      const char *cluster)
{
    size_t clen = strlen(cluster);
    char *s = malloc(HEAD + clen + 1);
    if (!s)
        return NULL;
    for (unsigned k = 0; k < TC_MINHASH_K; k++)
        snprintf(s + 8 * k, 9, "%08x", (unsigned)mh->sig[k]);
    snprintf(s + TC_MINHASH_K * 8, 19, "\t%016llx\t",
             (unsigned long long)tc_hash64(TC_HASH_INIT, id, strlen(id)));
    memcpy(s + HEAD, cluster, clen + 1);
    return s;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* n hex digits at s into *out; 0 when one is not. */
static int hex_in(const char *s, unsigned n, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned j = 0; j < n; j++) {
        int h = hexval(s[j]);
        if (h < 0)
            return 0;
        v = v << 4 | (uint64_t)h;
    }
    *out = v;
    return 1;
}

int tc_dedup_parse(const char *val, size_t len, uint32_t *sig,
                   uint64_t *idh, const char **cluster, size_t *cluster_len)
{
    uint64_t v;
    if (len <= HEAD || val[TC_MINHASH_K * 8] != '\t' || val[HEAD - 1] != '\t')
        return TC_EINVAL;
    for (unsigned k = 0; k < TC_MINHASH_K; k++) {
        if (!hex_in(val + 8 * k, 8, &v))
            return TC_EINVAL;
        sig[k] = (uint32_t)v;
    }
    if (!hex_in(val + TC_MINHASH_K * 8 + 1, 16, idh))
        return TC_EINVAL;
    *cluster = val + HEAD;
    *cluster_len = len - HEAD;
    return TC_OK;
}

typedef struct loader {
    tc_dedup *d;
    int rc;
} loader;

static int load_one(void *ctx, tc_docid did, const char *val, size_t len)
{
    loader *l = ctx;
    uint32_t sig[TC_MINHASH_K];
    const char *c;
    size_t clen;
    uint64_t idh;
    (void)did;
    if (tc_dedup_parse(val, len, sig, &idh, &c, &clen) != TC_OK)
        return 0;               /* not ours: skip it */
    char *cluster = malloc(clen + 1);
    if (!cluster)
        return l->rc = TC_ENOMEM;
    memcpy(cluster, c, clen);
    cluster[clen] = '\0';
    if ((l->rc = insert(l->d, sig, idh, cluster)) != TC_OK)
        return l->rc;
    return 0;
}

int tc_dedup_load(tc_dedup *d, tc_db *db, unsigned slot, tc_error *err)
{
    loader l = {d, TC_OK};
    pthread_mutex_lock(&d->mu);
    int rc = tc_db_each_value(db, slot, load_one, &l, err);
    pthread_mutex_unlock(&d->mu);
    if (rc == TC_OK && l.rc != TC_OK)
        rc = tc_error_set(err, l.rc, "out of memory");
    return rc;
}
