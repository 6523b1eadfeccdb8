/* facets.h: counts of the entities of the documents a query matches.
 *
 * tc_facets() runs the query again for up to TC_FACET_DOCS of its best
 * matches, reading only each one's facet value (TC_SLOT_FACETS, written by
 * the indexer: terms.h), and counts per kind the documents that have each
 * official, legal reference, reference type, place and year:
 *
 *   {"officials": [{"key", "name", "count"}], "legal_refs": [...],
 *    "types": [...], "places": [...], "years": [...],
 *    "documents": n, "exact": true}
 *
 * Each list holds the TC_FACET_TOP most counted (ties: the key's order).
 * "exact" is false when the query matched more documents than were
 * counted: the counts are then those of the best TC_FACET_DOCS, or of the
 * best TC_FACET_DOCS_REMOTE over remote shards, where Xapian 1.4 reads
 * each document with a round trip of its own (MSet::fetch does not batch
 * them): about 0.4 ms each on loopback, so 1,000 would add 300-700 ms to
 * every search. */
#ifndef TRACUU_FACETS_H
#define TRACUU_FACETS_H

#include <jansson.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_FACET_DOCS 1000
#define TC_FACET_DOCS_REMOTE 100
#define TC_FACET_TOP 10

/* The facets of q in *out (a new reference); base (may be NULL) gives the
 * match decider (range_*) the search used.  Returns TC_OK, TC_ENOMEM or
 * the wrapper's error. */
int tc_facets(tc_db *db, const tc_xquery *q, const tc_search_opts *base,
              json_t **out, tc_error *err);

#ifdef __cplusplus
}
#endif

#endif
