/* search.c: one search end to end (search.h).
 *
 * Sanitize and parse the query (query.c), run it through the Xapian
 * wrapper, retry with any-word matching when every-word matching finds
 * nothing, then read each result's stored record and build its snippet
 * (snippet.c).  Shared by tracuu-search and the HTTP server, so both
 * answer with the same results and the same JSON. */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query.h"
#include "tracuu/analysis.h"
#include "tracuu/docrec.h"
#include "tracuu/terms.h"

void tc_search_request_init(tc_search_request *req)
{
    memset(req, 0, sizeof *req);
    req->limit = 10;
    req->snippet_format = TC_SNIPPET_HTML;
    req->want_snippets = 1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void tc_results_free(tc_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        tc_result *it = &r->items[i];
        free(it->id);
        free(it->title);
        free(it->url);
        free(it->date);
        free(it->snippet);
    }
    free(r->items);
    free(r->query);
    free(r);
}

static int check_request(const tc_search_request *req, tc_error *err)
{
    if (!req->query && req->query_len)
        return tc_error_set(err, TC_EINVAL, "no query");
    if (req->query_len > TC_QUERY_MAX_BYTES)
        return tc_error_set(err, TC_ETOOBIG,
                            "query too long (%zu bytes, limit %d)",
                            req->query_len, TC_QUERY_MAX_BYTES);
    if (req->limit > TC_SEARCH_MAX_LIMIT)
        return tc_error_set(err, TC_EINVAL, "limit must be 0 to %d",
                            TC_SEARCH_MAX_LIMIT);
    if (req->offset > TC_SEARCH_MAX_OFFSET)
        return tc_error_set(err, TC_EINVAL, "offset must be 0 to %d",
                            TC_SEARCH_MAX_OFFSET);
    return TC_OK;
}

/* Fill one result from the match set: the id only, or the whole record
 * and its snippet. */
static int fill_result(const tc_mset *ms, uint32_t i,
                       const tc_search_request *req, const tc_highlight *hl,
                       tc_result *it, tc_error *err)
{
    it->docid = tc_mset_docid(ms, i);
    it->score = tc_mset_weight(ms, i);
    if (!req->want_snippets) {
        size_t len;
        return tc_mset_value(ms, i, TC_SLOT_ID, &it->id, &len, err);
    }
    char *data = NULL;
    size_t len = 0;
    tc_doc d = {0};
    int rc = tc_mset_document_data(ms, i, &data, &len, err);
    if (rc != TC_OK)
        return rc;
    rc = tc_doc_from_json(data, len, &d, err);
    free(data);
    if (rc != TC_OK)
        return rc;
    it->id = d.id;
    it->title = d.title;
    it->url = d.url;
    it->date = d.date;
    d.id = d.title = d.url = d.date = NULL;
    size_t slen = req->snippet_len ? req->snippet_len : TC_SNIPPET_DEFAULT_LEN;
    rc = tc_snippet(d.body ? d.body : "", d.body ? d.body_len : 0, hl, slen,
                    req->snippet_format, &it->snippet);
    tc_doc_clear(&d);
    if (rc != TC_OK)
        return tc_error_set(err, rc, "cannot build a snippet");
    return TC_OK;
}

/* The results of a search: one or two match sets read in order. */
typedef struct matches {
    tc_mset *ms[2];
    uint32_t total;
    int relaxed;
} matches;

static void matches_free(matches *m)
{
    tc_mset_free(m->ms[0]);
    tc_mset_free(m->ms[1]);
}

static int run_one(tc_db *db, const tc_search_request *req,
                   const tc_xquery *q, uint32_t offset, uint32_t limit,
                   uint32_t check, tc_mset **ms, tc_error *err)
{
    tc_search_opts opts;
    tc_search_opts_init(&opts);
    opts.offset = offset;
    opts.limit = limit;
    opts.check_at_least = check;
    opts.skip_data = !req->want_snippets;
    return tc_db_search(db, q, &opts, ms, err);
}

/* q with the exact filter applied (op FILTER) or taken away (AND_NOT). */
static tc_xquery *tier(const tc_parsed_query *pq, enum tc_qop op)
{
    tc_xquery *parts[2] = {pq->query, pq->exact};
    return tc_xquery_combine(op, parts, 2, 0);
}

/* Exact matches first: tier 1 is the query filtered by every word as
 * typed, tier 2 the rest.  The page starts in tier 1 and goes on into
 * tier 2 when tier 1 runs out; counting tier 1 exactly up to the end of
 * the page tells where that is. */
static int run_tiers(tc_db *db, const tc_search_request *req,
                     const tc_parsed_query *pq, matches *m, tc_error *err)
{
    tc_xquery *t1 = tier(pq, TC_QOP_FILTER), *t2 = tier(pq, TC_QOP_AND_NOT);
    uint32_t end = req->offset + req->limit, n1, total1;
    int rc;
    if (!t1 || !t2) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    rc = run_one(db, req, t1, req->offset, req->limit, end + 1, &m->ms[0], err);
    if (rc != TC_OK)
        goto done;
    n1 = tc_mset_size(m->ms[0]);
    total1 = tc_mset_estimated(m->ms[0]);
    if (n1 == req->limit || total1 > end) {
        /* the page is all tier 1: tier 2 only counts */
        rc = run_one(db, req, t2, 0, 0, 0, &m->ms[1], err);
    } else {
        uint32_t off2 = req->offset > total1 ? req->offset - total1 : 0;
        rc = run_one(db, req, t2, off2, req->limit - n1, 0, &m->ms[1], err);
    }
    if (rc == TC_OK)
        m->total = total1 + tc_mset_estimated(m->ms[1]);
done:
    tc_xquery_free(t1);
    tc_xquery_free(t2);
    return rc;
}

/* Run pq: in tiers when it has an exact filter, else in one match; with
 * its relaxed form when nothing matches every word. */
static int run_match(tc_db *db, const tc_search_request *req,
                     const tc_parsed_query *pq, matches *m, tc_error *err)
{
    int rc;
    memset(m, 0, sizeof *m);
    if (pq->exact)
        rc = run_tiers(db, req, pq, m, err);
    else if ((rc = run_one(db, req, pq->query, req->offset, req->limit, 0,
                           &m->ms[0], err)) == TC_OK)
        m->total = tc_mset_estimated(m->ms[0]);
    if (rc != TC_OK || m->total > 0 || !pq->relaxed)
        return rc;
    matches_free(m);
    memset(m, 0, sizeof *m);
    m->relaxed = 1;
    rc = run_one(db, req, pq->relaxed, req->offset, req->limit, 0, &m->ms[0],
                 err);
    if (rc == TC_OK)
        m->total = tc_mset_estimated(m->ms[0]);
    return rc;
}

int tc_search(tc_db *db, const tc_search_request *req, tc_results **out,
              tc_error *err)
{
    double t0 = now_ms();
    tc_parsed_query pq;
    matches m;
    tc_results *r = NULL;
    size_t qlen;
    int rc = check_request(req, err);
    *out = NULL;
    if (rc != TC_OK)
        return rc;
    memset(&pq, 0, sizeof pq);
    memset(&m, 0, sizeof m);
    r = calloc(1, sizeof *r);
    if (!r)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    rc = tc_utf8_sanitize(req->query ? req->query : "", req->query_len,
                          &r->query, &qlen, NULL);
    if (rc == TC_OK)
        rc = tc_query_parse(r->query, qlen, &pq);
    if (rc != TC_OK) {
        tc_error_set(err, rc, "out of memory");
        goto done;
    }
    r->offset = req->offset;
    r->limit = req->limit;
    rc = run_match(db, req, &pq, &m, err);
    if (rc != TC_OK)
        goto done;
    r->total_estimated = m.total;
    r->relaxed = m.relaxed;
    r->items = calloc(req->limit + 1, sizeof *r->items);
    if (!r->items) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    for (int k = 0; k < 2 && m.ms[k]; k++)
        for (uint32_t i = 0; i < tc_mset_size(m.ms[k]) && r->n < req->limit;
             i++) {
            rc = fill_result(m.ms[k], i, req, &pq.hl, &r->items[r->n], err);
            r->n++;
            if (rc != TC_OK)
                goto done;
        }
    r->took_ms = now_ms() - t0;
done:
    matches_free(&m);
    tc_parsed_query_clear(&pq);
    if (rc != TC_OK) {
        tc_results_free(r);
        return rc;
    }
    *out = r;
    return TC_OK;
}

/* A JSON string from s, or null when s is NULL. */
static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *tc_results_to_json(const tc_results *r)
{
    json_t *items = json_array();
    json_t *o = json_object();
    if (!items || !o)
        goto fail;
    for (size_t i = 0; i < r->n; i++) {
        const tc_result *it = &r->items[i];
        json_t *j = json_object();
        if (!j || json_array_append_new(items, j) != 0)
            goto fail;
        json_object_set_new(j, "id", str_or_null(it->id));
        json_object_set_new(j, "title", str_or_null(it->title));
        json_object_set_new(j, "url", str_or_null(it->url));
        json_object_set_new(j, "date", str_or_null(it->date));
        json_object_set_new(j, "score", json_real(it->score));
        json_object_set_new(j, "snippet", str_or_null(it->snippet));
    }
    json_object_set_new(o, "query", json_string(r->query));
    json_object_set_new(o, "total_estimated",
                        json_integer(r->total_estimated));
    json_object_set_new(o, "took_ms", json_real(r->took_ms));
    json_object_set_new(o, "offset", json_integer(r->offset));
    json_object_set_new(o, "limit", json_integer(r->limit));
    json_object_set_new(o, "relaxed", json_boolean(r->relaxed));
    json_object_set_new(o, "results", items);
    return o;
fail:
    json_decref(items);
    json_decref(o);
    return NULL;
}
