/* didyoumean.c: whether to offer the restored query (didyoumean.h).
 *
 * The restoration is parsed as a query would be; its exact filter (every
 * word as written, XE terms, the same test its exact tier applies) with
 * the restoration as a phrase is what "writes it" means.  The page's results are found again by their
 * id terms (Q), so no document is read. */
#include "didyoumean.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "tracuu/terms.h"

/* The page's results as one OR of their id terms; NULL when out of
 * memory. */
static tc_xquery *page_ids(const tc_results *r)
{
    tc_xquery **ids = calloc(r->n + 1, sizeof *ids);
    size_t n = 0;
    int oom = !ids;
    for (size_t i = 0; !oom && i < r->n; i++) {
        char term[TC_TERM_MAX + 1];
        const char *id = r->items[i].id;
        size_t len = id ? tc_term_make(term, sizeof term, TC_PREFIX_ID, id,
                                       strlen(id)) : 0;
        if (len && !(ids[n++] = tc_xquery_boolean_term(term, len)))
            oom = 1;
    }
    tc_xquery *q = oom ? NULL : tc_xquery_combine(TC_QOP_OR, ids, n, 0);
    for (size_t i = 0; i < n; i++)
        tc_xquery_free(ids[i]);
    free(ids);
    return q;
}

/* a FILTER b (NULL when out of memory). */
static tc_xquery *filter(const tc_xquery *a, const tc_xquery *b)
{
    tc_xquery *parts[2] = {(tc_xquery *)a, (tc_xquery *)b};
    return tc_xquery_combine(TC_QOP_FILTER, parts, 2, 0);
}

/* writes[i] = 1 when the page's result i writes the restoration; the
 * number that do in *nw. */
static int page_writes(tc_db *db, const tc_results *r, const tc_xquery *exact,
                       unsigned char *writes, size_t *nw, tc_error *err)
{
    tc_search_opts opts;
    tc_mset *ms = NULL;
    tc_xquery *ids = page_ids(r);
    tc_xquery *q = ids ? filter(ids, exact) : NULL;
    tc_xquery_free(ids);
    if (!q)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    tc_search_opts_init(&opts);
    opts.limit = (uint32_t)r->n;
    opts.unweighted = 1;
    opts.skip_data = 1;
    opts.value_slots = 1u << TC_SLOT_ID;
    int rc = tc_db_search(db, q, &opts, &ms, err);
    tc_xquery_free(q);
    *nw = 0;
    for (uint32_t k = 0; rc == TC_OK && k < tc_mset_size(ms); k++)
        for (size_t i = 0; i < r->n; i++)
            if (r->items[i].docid == tc_mset_docid(ms, k) && !writes[i]) {
                writes[i] = 1;
                (*nw)++;
            }
    tc_mset_free(ms);
    return rc;
}

/* *more = 1 when more than nw matches of used write the restoration. */
static int more_write(tc_db *db, const tc_xquery *used,
                      const tc_search_opts *base, const tc_xquery *exact,
                      size_t nw, int *more, tc_error *err)
{
    tc_search_opts opts = *base;
    tc_mset *ms = NULL;
    tc_xquery *q = filter(used, exact);
    if (!q)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    opts.offset = 0;
    opts.limit = 0;
    opts.skip_data = 1;
    opts.value_slots = 1u << TC_SLOT_ID;
    opts.check_at_least = (uint32_t)nw + 1;
    int rc = tc_db_search(db, q, &opts, &ms, err);
    tc_xquery_free(q);
    *more = rc == TC_OK && tc_mset_lower_bound(ms) > nw;
    tc_mset_free(ms);
    return rc;
}

/* What "writes the restoration" means: every word as restored (its exact
 * filter, XE) and the words side by side in that order (the restoration
 * as a phrase), so that a long law with "trần", "văn" and "bình" apart
 * does not write "trần văn bình".  NULL in *out for an OR (no exact tier
 * to rank by). */
static int writes_query(const char *restored, tc_xquery **out)
{
    tc_parsed_query pq, pp;
    size_t len = strlen(restored);
    char *quoted = malloc(len + 3);
    int rc = TC_ENOMEM;
    *out = NULL;
    if (!quoted)
        return TC_ENOMEM;
    quoted[0] = '"';
    memcpy(quoted + 1, restored, len);
    memcpy(quoted + 1 + len, "\"", 2);
    if (tc_query_parse(restored, len, &pq) == TC_OK) {
        if (tc_query_parse(quoted, len + 2, &pp) == TC_OK) {
            rc = TC_OK;
            if (pq.exact && !(*out = filter(pp.query, pq.exact)))
                rc = TC_ENOMEM;
            tc_parsed_query_clear(&pp);
        }
        tc_parsed_query_clear(&pq);
    }
    free(quoted);
    return rc;
}

int tc_did_you_mean(tc_db *db, const tc_xquery *used,
                    const tc_search_opts *base, const char *restored,
                    const tc_results *r, int *offer, tc_error *err)
{
    tc_xquery *writes_q = NULL;
    unsigned char *writes = NULL;
    size_t nw = 0;
    int rc;
    *offer = 0;
    if (!restored || r->n == 0 || r->relaxed || r->offset > 0)
        return TC_OK;
    if (writes_query(restored, &writes_q) != TC_OK)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    if (!writes_q)                 /* an OR: no exact tier to rank by */
        return TC_OK;
    if (!(writes = calloc(r->n, 1))) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    rc = page_writes(db, r, writes_q, writes, &nw, err);
    if (rc != TC_OK || nw == r->n)
        goto done;                 /* every result writes it already */
    /* a look-alike above a result that writes it */
    size_t first = 0;
    while (writes[first])
        first++;
    for (size_t i = first + 1; i < r->n; i++)
        if (writes[i]) {
            *offer = 1;
            goto done;
        }
    /* or above one beyond the page */
    rc = more_write(db, used, base, writes_q, nw, offer, err);
done:
    free(writes);
    tc_xquery_free(writes_q);
    return rc;
}
