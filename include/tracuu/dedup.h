/* dedup.h: near-duplicate documents, found while indexing.
 *
 * The same story republished by several papers, or a page that is another
 * page with a different menu, should be one result, with "n similar".
 * Each body (boilerplate blanked: boiler.h) gets a MinHash signature of
 * TC_MINHASH_K values over its shingles (TC_SHINGLE consecutive folded
 * syllables); two documents whose signatures agree in at least
 * TC_DUP_MIN_EQUAL of the K places (an estimated Jaccard similarity of
 * their shingle sets of 0.7 or more) are near duplicates.  Candidates are
 * found by locality-sensitive hashing: the signature cut into
 * TC_MINHASH_BANDS bands, any equal band makes a candidate.
 *
 * A document joins the cluster of the first near duplicate the index or
 * the run already holds, else starts its own, keyed by its own id.  The
 * key goes into TC_SLOT_DUP, which the searcher collapses on (Xapian's
 * collapse key: one result per cluster, the best ranked, with the number
 * of others); the signature and key go into TC_SLOT_SIG, from which a
 * later run loads the index's clusters (tc_dedup_load). */
#ifndef TRACUU_DEDUP_H
#define TRACUU_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_MINHASH_K 20
#define TC_MINHASH_BANDS 5          /* of TC_MINHASH_K / BANDS values */
#define TC_SHINGLE 3
#define TC_DUP_MIN_EQUAL 14         /* of TC_MINHASH_K */
#define TC_DUP_MIN_SHINGLES 30      /* shorter bodies are never collapsed */

typedef struct tc_minhash {
    uint64_t win[TC_SHINGLE];       /* the last syllables' hashes */
    size_t seen;                    /* syllables added */
    size_t shingles;
    uint32_t sig[TC_MINHASH_K];
} tc_minhash;

void tc_minhash_init(tc_minhash *mh);
/* Add the next folded syllable. */
void tc_minhash_add(tc_minhash *mh, const char *folded, size_t len);
/* How many of the K places two signatures agree in. */
unsigned tc_minhash_equal(const uint32_t *a, const uint32_t *b);

typedef struct tc_dedup tc_dedup;

tc_dedup *tc_dedup_new(void);          /* NULL when out of memory */
void tc_dedup_free(tc_dedup *d);

/* Load the clusters of an index (its values in slot: TC_SLOT_SIG). */
int tc_dedup_load(tc_dedup *d, tc_db *db, unsigned slot, tc_error *err);

/* The cluster of document id with signature mh (malloc'd in *cluster):
 * the first near duplicate's, else id itself (also when the body is too
 * short); remembered for the documents that follow.  Thread-safe.
 * TC_OK or TC_ENOMEM. */
int tc_dedup_assign(tc_dedup *d, const char *id, const tc_minhash *mh,
                    char **cluster);

/* TC_SLOT_SIG's value: the signature in hex, a tab, the hash of the
 * document's id (16 hex digits), a tab, the cluster key (malloc'd; NULL
 * when out of memory), and back (TC_EINVAL when it is not one). */
char *tc_dedup_format(const tc_minhash *mh, const char *id,
                      const char *cluster);
int tc_dedup_parse(const char *val, size_t len, uint32_t *sig,
                   uint64_t *idh, const char **cluster, size_t *cluster_len);

#ifdef __cplusplus
}
#endif

#endif
