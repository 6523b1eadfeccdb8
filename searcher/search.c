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

#include "didyoumean.h"
#include "answers.h"
#include "facets.h"
#include "fields.h"
#include "query.h"
#include "restore.h"
#include "tracuu/analysis.h"
#include "tracuu/boiler.h"
#include "tracuu/buf.h"
#include "tracuu/docrec.h"
#include "tracuu/terms.h"

void tc_search_request_init(tc_search_request *req)
{
    memset(req, 0, sizeof *req);
    req->limit = 10;
    req->snippet_format = TC_SNIPPET_HTML;
    req->want_snippets = 1;
    req->collapse = 1;
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
        free(it->entities);
    }
    free(r->items);
    for (size_t i = 0; i < r->nmissing; i++)
        free(r->missing[i]);
    free(r->missing);
    free(r->query);
    free(r->restored);
    json_decref(r->alternatives);
    free(r->also_searched);
    free(r->did_you_mean);
    json_decref(r->facets);
    json_decref(r->answers);
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
    const char *dates[2][2] = {{"from", req->from}, {"to", req->to}};
    for (int i = 0; i < 2; i++) {
        char lo[9], hi[9];
        if (dates[i][1] &&
            tc_date_range(dates[i][1], strlen(dates[i][1]), lo, hi) != 0)
            return tc_error_set(err, TC_EPARSE, "%s: '%.64s' is not a date "
                                "(YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or "
                                "MM/YYYY)", dates[i][0], dates[i][1]);
    }
    return TC_OK;
}

/* Blank the boilerplate the indexer kept out of the index (boiler.h) in
 * result i's body, so that its snippet skips it too. */
static int blank_boilerplate(const tc_mset *ms, uint32_t i, tc_doc *d,
                             tc_error *err)
{
    char *v = NULL, *blanked;
    size_t vlen = 0, n = 0;
    tc_span *spans = NULL;
    int rc = tc_mset_value(ms, i, TC_SLOT_BOILER, &v, &vlen, err);
    if (rc != TC_OK || vlen == 0 || !d->body) {
        free(v);
        return rc;
    }
    rc = tc_spans_parse(v, vlen, d->body_len, &spans, &n);
    free(v);
    if (rc == TC_OK && n) {
        if ((blanked = tc_boiler_blank(d->body, d->body_len, spans, n))) {
            free(d->body);
            d->body = blanked;
        } else {
            rc = TC_ENOMEM;
        }
    }
    free(spans);
    return rc == TC_OK ? rc : tc_error_set(err, rc, "out of memory");
}

/* The typing alternatives of pq, as JSON and as the query q with them in
 * (also_searched). */
static int note_alternatives(const tc_parsed_query *pq, const char *q,
                             tc_results *r)
{
    tc_buf also = {0};
    size_t pos = 0;
    if (!(r->alternatives = json_array()))
        return TC_ENOMEM;
    for (size_t i = 0; i < pq->nalts; i++) {
        const tc_typing_alt *a = &pq->alts[i];
        json_t *o = json_pack("{s:s%,s:s}", "typed", q + a->start, a->len,
                              "as", a->as);
        if (!o || json_array_append_new(r->alternatives, o) != 0) {
            tc_buf_free(&also);
            return TC_ENOMEM;
        }
        tc_buf_put(&also, q + pos, a->start - pos);
        tc_buf_puts(&also, a->as);
        pos = a->start + a->len;
    }
    if (pq->nalts == 0)
        return TC_OK;
    tc_buf_puts(&also, q + pos);
    r->also_searched = tc_buf_finish(&also);
    return r->also_searched ? TC_OK : TC_ENOMEM;
}

/* Fill one result from the match set: the id only, or the whole record
 * and its snippet (and its figures that answer a question, with as). */
static int fill_result(const tc_mset *ms, uint32_t i,
                       const tc_search_request *req, const tc_highlight *hl,
                       tc_restorer *rs, tc_answer_set *as, tc_result *it,
                       tc_error *err)
{
    it->docid = tc_mset_docid(ms, i);
    it->score = tc_mset_weight(ms, i);
    it->similar = req->collapse ? tc_mset_collapse_count(ms, i) : 0;
    if (!req->want_snippets) {
        size_t len;
        return tc_mset_value(ms, i, TC_SLOT_ID, &it->id, &len, err);
    }
    size_t len;
    tc_doc d = {0};
    int rc = tc_doc_from_mset(ms, i, 0, &d, err);
    if (rc == TC_EPARSE) {
        /* not a record tracuu wrote: show the result, with what there is */
        it->snippet = strdup("");
        rc = tc_mset_value(ms, i, TC_SLOT_ID, &it->id, &len, err);
        return it->snippet ? rc : TC_ENOMEM;
    }
    if (rc != TC_OK)
        return rc;
    it->id = d.id;
    it->title = d.title;
    it->url = d.url;
    it->date = d.date;
    d.id = d.title = d.url = d.date = NULL;
    rc = tc_mset_value(ms, i, TC_SLOT_ENTITIES, &it->entities, &len, err);
    if (rc != TC_OK) {
        tc_doc_clear(&d);
        return rc;
    }
    if ((rc = blank_boilerplate(ms, i, &d, err)) != TC_OK) {
        tc_doc_clear(&d);
        return rc;
    }
    size_t slen = req->snippet_len ? req->snippet_len : TC_SNIPPET_DEFAULT_LEN;
    if (rs)
        tc_restorer_doc(rs, d.body);
    rc = tc_snippet_hits(d.body ? d.body : "", d.body ? d.body_len : 0, hl,
                         slen, req->snippet_format, &it->snippet,
                         rs ? tc_restorer_hit : NULL, rs);
    if (rc == TC_OK && as && i < TC_ANSWER_DOCS)
        rc = tc_answers_add_text(as, &(tc_answer_doc){it->id, it->title,
                                                     it->url, it->date},
                                 d.body, d.body_len);
    tc_doc_clear(&d);
    if (rc != TC_OK)
        return tc_error_set(err, rc, "cannot build a snippet");
    return TC_OK;
}

/* The options every match of pq shares: equal weights in id order (the
 * same order however the documents lie in shards), a figure range. */
static void base_opts(const tc_parsed_query *pq, tc_search_opts *opts)
{
    tc_search_opts_init(opts);
    opts->tie_slot = TC_SLOT_ID;
    if (pq->figure_unit[0]) {
        opts->range_slot = TC_SLOT_FIGURES;
        opts->range_key = pq->figure_unit;
        opts->range_lo = pq->figure_lo;
        opts->range_hi = pq->figure_hi;
    }
}

/* One match of q.  The count is exact up to TC_SEARCH_EXACT_COUNT: when
 * Xapian's bounds disagree and the set may be that small (its lower bound
 * is), the match is run again counting one past that (most queries match
 * far more, and keep the cheaper first match). */
static int match_one(tc_db *db, const tc_search_request *req,
                     const tc_parsed_query *pq, const tc_xquery *q,
                     tc_mset **ms, tc_error *err)
{
    tc_search_opts opts;
    base_opts(pq, &opts);
    opts.offset = req->offset;
    opts.limit = req->limit;
    opts.skip_data = !req->want_snippets;
    opts.value_slots = (1u << TC_SLOT_ID) |
                       (req->want_snippets ? (1u << TC_SLOT_ENTITIES) |
                                                 (1u << TC_SLOT_BOILER)
                                           : 0);
    if (req->collapse)
        opts.collapse_slot = TC_SLOT_DUP;
    if (req->sort_by_date) {
        opts.sort_slot = TC_SLOT_DAY;
        opts.sort_reverse = 1;
    }
    int rc = tc_db_search(db, q, &opts, ms, err);
    if (rc != TC_OK || tc_mset_lower_bound(*ms) == tc_mset_upper_bound(*ms) ||
        tc_mset_lower_bound(*ms) > TC_SEARCH_EXACT_COUNT)
        return rc;
    tc_mset_free(*ms);
    *ms = NULL;
    opts.check_at_least = TC_SEARCH_EXACT_COUNT + 1;
    return tc_db_search(db, q, &opts, ms, err);
}

/* The filters of req (NULL when none), one query to FILTER by. */
static int request_filters(const tc_search_request *req, tc_xquery **out)
{
    const struct { const char *field, *value; } f[] = {
        {"official", req->official}, {"doc", req->doc}, {"type", req->type},
        {"place", req->place}};
    tc_xquery *parts[5];
    size_t n = 0;
    int rc = TC_OK;
    *out = NULL;
    for (size_t i = 0; i < sizeof f / sizeof f[0] && rc == TC_OK; i++)
        if (f[i].value && !(parts[n++] = tc_query_filter(
                                f[i].field, f[i].value, strlen(f[i].value))))
            rc = TC_ENOMEM;
    if (rc == TC_OK && ((req->from && *req->from) || (req->to && *req->to))) {
        char range[64];
        snprintf(range, sizeof range, "%.20s..%.20s",
                 req->from ? req->from : "", req->to ? req->to : "");
        if (!(parts[n++] = tc_query_filter("date", range, strlen(range))))
            rc = TC_ENOMEM;
    }
    if (rc == TC_OK && n)
        *out = tc_xquery_combine(TC_QOP_AND, parts, n, 0);
    if (rc == TC_OK && n && !*out)
        rc = TC_ENOMEM;
    for (size_t i = 0; i < n; i++)
        tc_xquery_free(parts[i]);
    return rc;
}

/* q filtered by filter (consumes q); when the query had nothing to search
 * (nothing: not a query that cannot match, such as doc:notadoc), every
 * document the filter lets through. */
static tc_xquery *filtered(tc_xquery *q, int nothing, const tc_xquery *filter)
{
    if (!filter)
        return q;
    if (!q || nothing) {
        tc_xquery_free(q);
        q = tc_xquery_match_all();
    }
    tc_xquery *parts[2] = {q, (tc_xquery *)filter};
    tc_xquery *r = q ? tc_xquery_combine(TC_QOP_FILTER, parts, 2, 0) : NULL;
    tc_xquery_free(q);
    return r;
}

/* r->did_you_mean: the restored query, when it would rank better. */
static int offer_restored(tc_db *db, const tc_parsed_query *pq,
                          const tc_xquery *used, tc_results *r, tc_error *err)
{
    tc_search_opts base;
    int offer = 0;
    base_opts(pq, &base);
    int rc = tc_did_you_mean(db, used, &base, r->restored, r, &offer, err);
    if (rc == TC_OK && offer && !(r->did_you_mean = strdup(r->restored)))
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
    return rc;
}

/* Run pq, or its relaxed form when nothing matches every word; *used is
 * the query that ran (owned by pq: in date order pq->query may become the
 * query narrowed to the words as typed). */
static int run_match(tc_db *db, const tc_search_request *req,
                     tc_parsed_query *pq, tc_mset **ms, int *relaxed,
                     const tc_xquery **used, tc_error *err)
{
    *relaxed = 0;
    *used = pq->query;
    int rc;
    /* in date order the exact tier's bonus counts for nothing: the
     * documents with every word as typed, when there are any, are the
     * results, and look-alikes only when there are none */
    if (req->sort_by_date && pq->exact) {
        tc_xquery *parts[2] = {pq->query, pq->exact};
        tc_xquery *q = tc_xquery_combine(TC_QOP_FILTER, parts, 2, 0);
        if (!q)
            return tc_error_set(err, TC_ENOMEM, "out of memory");
        rc = match_one(db, req, pq, q, ms, err);
        if (rc != TC_OK || tc_mset_estimated(*ms) > 0) {
            /* the facets count the same set */
            tc_xquery_free(pq->query);
            pq->query = q;
            *used = q;
            return rc;
        }
        tc_xquery_free(q);
        tc_mset_free(*ms);
        *ms = NULL;
    }
    rc = match_one(db, req, pq, pq->query, ms, err);
    if (rc != TC_OK || tc_mset_estimated(*ms) > 0 || !pq->relaxed)
        return rc;
    tc_mset_free(*ms);
    *ms = NULL;
    *relaxed = 1;
    *used = pq->relaxed;
    return match_one(db, req, pq, pq->relaxed, ms, err);
}

int tc_search(tc_db *db, const tc_search_request *req, tc_results **out,
              tc_error *err)
{
    double t0 = now_ms();
    tc_parsed_query pq;
    tc_question qn = {0};
    tc_answer_set *as = NULL;
    tc_mset *ms = NULL;
    tc_results *r = NULL;
    tc_restorer *rs = NULL;
    tc_xquery *filter = NULL;
    const tc_xquery *used = NULL;
    size_t qlen;
    int rc = check_request(req, err);
    *out = NULL;
    if (rc != TC_OK)
        return rc;
    memset(&pq, 0, sizeof pq);
    r = calloc(1, sizeof *r);
    if (!r)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    rc = tc_utf8_sanitize(req->query ? req->query : "", req->query_len,
                          &r->query, &qlen, NULL);
    /* a question about a figure searches its subject */
    if (rc == TC_OK)
        rc = tc_question_parse(r->query, qlen, &qn);
    if (rc == TC_OK)
        rc = qn.subject ? tc_query_parse_db(qn.subject, qn.subject_len, db,
                                            &pq)
                        : tc_query_parse_db(r->query, qlen, db, &pq);
    if (rc == TC_OK)    /* the subject has the query's offsets */
        rc = note_alternatives(&pq, r->query, r);
    if (rc != TC_OK) {
        tc_error_set(err, rc, "out of memory");
        goto done;
    }
    r->offset = req->offset;
    r->limit = req->limit;
    rc = request_filters(req, &filter);
    if (rc == TC_OK && filter) {
        pq.query = filtered(pq.query, pq.nothing, filter);
        if (pq.relaxed)
            pq.relaxed = filtered(pq.relaxed, 0, filter);
        if (!pq.query)
            rc = TC_ENOMEM;
    }
    if (rc != TC_OK) {
        tc_error_set(err, rc, "out of memory");
        goto done;
    }
    rc = run_match(db, req, &pq, &ms, &r->relaxed, &used, err);
    if (rc != TC_OK)
        goto done;
    if (req->want_facets) {
        tc_search_opts base;
        base_opts(&pq, &base);
        if ((rc = tc_facets(db, used, &base, &r->facets, err)) != TC_OK)
            goto done;
    }
    r->total_estimated = tc_mset_estimated(ms);
    r->items = calloc(tc_mset_size(ms) + 1, sizeof *r->items);
    if (!r->items) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    /* a query typed without diacritics learns how the results write it */
    if (!pq.has_diacritics && req->want_snippets &&
        !(rs = tc_restorer_new(&pq.hl))) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    /* a question about a figure, on the first page: its documents'
     * figures are the answers */
    if (qn.subject && req->offset == 0 && req->want_snippets &&
        !(as = tc_answer_set_new(&qn))) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    for (uint32_t i = 0; i < tc_mset_size(ms); i++) {
        rc = fill_result(ms, i, req, &pq.hl, rs, as, &r->items[i], err);
        r->n = i + 1;
        if (rc != TC_OK)
            goto done;
    }
    if (as && !(r->answers = tc_answers_json(as))) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    if (rs && tc_restorer_rewrite(rs, r->query, qlen, &r->restored) != TC_OK) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = offer_restored(db, &pq, used, r, err)) != TC_OK)
        goto done;
    /* shards left out by any match of this request stay out until a
     * reopen, so those missing now are all that were */
    if (tc_db_missing(db)) {
        size_t n = tc_db_missing(db);
        r->partial = 1;
        if (!(r->missing = calloc(n, sizeof *r->missing))) {
            rc = tc_error_set(err, TC_ENOMEM, "out of memory");
            goto done;
        }
        for (; r->nmissing < n; r->nmissing++)
            if (!(r->missing[r->nmissing] =
                      strdup(tc_db_missing_name(db, r->nmissing)))) {
                rc = tc_error_set(err, TC_ENOMEM, "out of memory");
                goto done;
            }
    }
    r->took_ms = now_ms() - t0;
done:
    tc_restorer_free(rs);
    tc_xquery_free(filter);
    tc_mset_free(ms);
    tc_parsed_query_clear(&pq);
    tc_answer_set_free(as);
    tc_question_clear(&qn);
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
        json_object_set_new(j, "similar", json_integer(it->similar));
        json_t *ent = it->entities && *it->entities
                          ? json_loads(it->entities, 0, NULL) : NULL;
        json_object_set_new(j, "entities", ent ? ent : json_null());
    }
    json_object_set_new(o, "query", json_string(r->query));
    json_object_set_new(o, "total_estimated",
                        json_integer(r->total_estimated));
    json_object_set_new(o, "took_ms",
                        json_real((double)(long long)(r->took_ms * 1000) /
                                  1000));
    json_object_set_new(o, "offset", json_integer(r->offset));
    json_object_set_new(o, "limit", json_integer(r->limit));
    json_object_set_new(o, "relaxed", json_boolean(r->relaxed));
    json_object_set_new(o, "restored", str_or_null(r->restored));
    json_object_set(o, "alternatives", r->alternatives);
    json_object_set_new(o, "also_searched", str_or_null(r->also_searched));
    json_object_set_new(o, "did_you_mean", str_or_null(r->did_you_mean));
    json_object_set_new(o, "partial", json_boolean(r->partial));
    if (r->partial) {
        json_t *m = json_array();
        for (size_t i = 0; m && i < r->nmissing; i++)
            json_array_append_new(m, json_string(r->missing[i]));
        json_object_set_new(o, "missing_shards", m ? m : json_null());
    }
    if (r->facets)
        json_object_set(o, "facets", r->facets);
    if (r->answers)
        json_object_set(o, "answers", r->answers);
    json_object_set_new(o, "results", items);
    return o;
fail:
    json_decref(items);
    json_decref(o);
    return NULL;
}
