/* search.h: one search, from the user's query string to ranked results
 * with snippets; shared by tracuu-search and (later) the HTTP server.
 *
 * tc_search() parses the query (query.h), runs it through the Xapian
 * wrapper, reads each result's stored record and builds its snippet.
 * tc_results_to_json() gives the schema both front ends print:
 *
 *   {"query", "total_estimated", "took_ms", "offset", "limit", "relaxed",
 *    "restored", "did_you_mean", "alternatives", "also_searched",
 *    "results": [{"id", "title", "url", "date", "score", "snippet",
 *    "similar"}]}
 *
 * "similar" is the number of near duplicates of a result (the same story
 * republished: dedup.h) that the answer leaves out for it; with collapse
 * off, every copy is a result and "similar" is 0.
 *
 * Each result also has "entities" (what the indexer extracted: officials,
 * legal_refs, figures, places, date) and, when asked, the whole answer has
 * "facets" (facets.h), and a question about a figure has "answers"
 * (answers.h).
 *
 * "alternatives" lists the words typed in Telex or VNI that were also
 * searched as the syllable they spell ([{"typed": "vieejt", "as":
 * "việt"}], see query.h), "also_searched" is the query with them in
 * ("việt nam"), null when there are none.
 *
 * "restored" is the query as the results write it, when it was typed
 * without diacritics and they write it with some ("thue bao" ->
 * "thuê bao": see restore.h), else null.
 *
 * "did_you_mean" is that restored query when searching it would rank
 * better: the documents that write it above the look-alikes this page
 * ranks before some of them (didyoumean.h); else null.
 *
 * "total_estimated" is the number of matches: exact up to
 * TC_SEARCH_EXACT_COUNT (and whenever Xapian saw every match), Xapian's
 * estimate beyond. */
#ifndef TRACUU_SEARCH_H
#define TRACUU_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"
#include "snippet.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_SEARCH_MAX_LIMIT 100
#define TC_SEARCH_MAX_OFFSET 10000
#define TC_QUERY_MAX_BYTES 4096
#define TC_SEARCH_EXACT_COUNT 100

typedef struct tc_search_request {
    const char *query;     /* UTF-8, need not be valid: it is sanitized */
    size_t query_len;
    uint32_t offset;
    uint32_t limit;
    enum tc_snippet_format snippet_format;
    size_t snippet_len;    /* 0: TC_SNIPPET_DEFAULT_LEN */
    int want_snippets;     /* 0 to skip reading records (benchmarks) */
    int want_facets;       /* count the entities of the matches */
    int sort_by_date;      /* newest first instead of by relevance */
    int collapse;          /* near duplicates as one result, with the
                            * number of others in "similar" (1 by
                            * default; see dedup.h) */
    /* Filters, NULL when absent: what the fields official:, doc:, type:,
     * place: match (fields.h); from and to bound the document's day
     * (YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or MM/YYYY, either may be
     * absent; anything else makes tc_search fail with TC_EPARSE). */
    const char *official, *doc, *type, *place, *from, *to;
} tc_search_request;

void tc_search_request_init(tc_search_request *req);

typedef struct tc_result {
    char *id, *title, *url, *date;
    double score;
    char *snippet;
    char *entities;        /* JSON: {"officials", "legal_refs", "figures",
                            * "places", "date"}, or NULL */
    uint32_t similar;      /* near duplicates collapsed into this one */
    tc_docid docid;
} tc_result;

typedef struct tc_results {
    char *query;            /* the query as searched (sanitized) */
    uint32_t total_estimated;
    uint32_t offset, limit;
    double took_ms;
    int relaxed;            /* 1 when no document had every word and the
                             * search fell back to any word */
    char *restored;         /* the query as the results write it, or NULL */
    json_t *alternatives;   /* [{"typed", "as"}]: words also searched as
                             * the syllable their Telex or VNI keys spell */
    char *also_searched;    /* the query with those syllables, or NULL */
    char *did_you_mean;     /* restored, when searching it finds better
                             * results (didyoumean.h), else NULL */
    json_t *facets;         /* with want_facets: see facets.h; else NULL */
    json_t *answers;        /* a question about a figure ("doanh thu bao
                             * nhiêu"), on the first page: its answers
                             * (answers.h), JSON null when none; NULL when
                             * the query is not such a question */
    int partial;            /* 1 when shards were left out (down or slow):
                             * the results are those of the shards that
                             * answered */
    char **missing;         /* the names of those shards (tc_db_missing) */
    size_t nmissing;
    tc_result *items;
    size_t n;
} tc_results;

int tc_search(tc_db *db, const tc_search_request *req, tc_results **out,
              tc_error *err);
void tc_results_free(tc_results *r);

/* The JSON object above (a new reference), NULL when out of memory. */
json_t *tc_results_to_json(const tc_results *r);

#ifdef __cplusplus
}
#endif

#endif
