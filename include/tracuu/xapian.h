/* xapian.h: tracuu's thin C wrapper over libxapian (C++).
 *
 * The wrapper is the only C++ in the tree (indexer/xapian.cc).  It exposes
 * opaque handles with _new/_free pairs; no Xapian type and no C++ exception
 * crosses this boundary.  Every function that can fail returns a tc_rc code
 * (see error.h) and, when given a tc_error, fills it with what Xapian said.
 *
 * What lives here: opening databases, building documents term by term,
 * building query trees node by node, running a match and reading its
 * results.  What does not: deciding which terms a text yields (analysis.h,
 * terms.h) or how a user's query becomes a tree (searcher/query.c).
 *
 * Ownership: every handle returned by a _new/_open/_search function is owned
 * by the caller and released with the matching _free; _free(NULL) is a
 * no-op.  Functions that take query handles as input copy what they need
 * (Xapian queries are reference counted), so the caller frees its own
 * handles whenever it likes.  Strings returned through char ** are malloc'd
 * and freed by the caller with free().
 *
 * Threads: a handle must not be used from two threads at once; give each
 * thread its own tc_db (as Xapian requires).  Handing a tc_xdoc built in one
 * thread to another thread that adds it to a tc_wdb is fine. */
#ifndef TRACUU_XAPIAN_H
#define TRACUU_XAPIAN_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t tc_docid;

typedef struct tc_db tc_db;          /* a database open for reading */
typedef struct tc_wdb tc_wdb;        /* a database open for writing */
typedef struct tc_xdoc tc_xdoc;      /* a document being built */
typedef struct tc_xquery tc_xquery;  /* a node of a query tree */
typedef struct tc_mset tc_mset;      /* the results of one match */
typedef struct tc_termiter tc_termiter; /* iterates over terms */

/* ---- reading --------------------------------------------------------- */

/* Open the database at path for reading: a directory (glass), or a stub
 * file listing several databases (Xapian's stub format), or a directory
 * holding one (DIR/XAPIANDB, a tracuu index).
 *
 * A stub whose lines name remote shards ("remote HOST:PORT", served by
 * xapian-tcpsrv; "remote PROGRAM ARGS") is opened shard by shard here
 * rather than by Xapian, and the shards reached are combined into one
 * database, so that a shard that is down or slow costs its documents, not
 * the search: a shard that cannot be reached when opened, or that fails
 * or times out during a search, is left out (the search is run again
 * without it) and tried again after opts->retry_ms, by tc_db_reopen().
 * tc_db_missing() says which shards are left out.  Every other database
 * is opened by Xapian as it is. */
typedef struct tc_db_open_opts {
    unsigned shard_timeout_ms;  /* remote shards: connecting, and each wait
                                 * for an answer (default 2000) */
    unsigned retry_ms;          /* a shard left out is tried again after
                                 * this long (default 5000) */
} tc_db_open_opts;

void tc_db_open_opts_init(tc_db_open_opts *opts);
int tc_db_open_with(const char *path, const tc_db_open_opts *opts,
                    tc_db **out, tc_error *err);
int tc_db_open(const char *path, tc_db **out, tc_error *err);  /* defaults */
void tc_db_free(tc_db *db);

/* Shards of a stub with remote shards that are left out now (see
 * tc_db_open_with), 0 for any other database; the name of the i-th one:
 * its stub line without the type ("127.0.0.1:9001", or a local path). */
size_t tc_db_missing(const tc_db *db);
const char *tc_db_missing_name(const tc_db *db, size_t i);

/* Number of shards the stub lists (1 for a single database). */
size_t tc_db_shards(const tc_db *db);

/* 1 when db has remote shards (opened by tc_db_open_with itself): reading
 * a result's document then costs a network round trip. */
int tc_db_remote(const tc_db *db);

/* Bring db up to the latest committed revision.  *changed (may be NULL) is
 * set to 1 when a newer revision was found.  When the stub file of a
 * sharded index was switched (a compaction) or its shards are gone, the
 * index is opened afresh from its path. */
int tc_db_reopen(tc_db *db, int *changed, tc_error *err);

/* Number of documents; 0 when it cannot be read. */
uint32_t tc_db_doccount(tc_db *db);

/* How many times db moved to another revision: in tc_db_reopen, or when a
 * search met a revision a writer had discarded and reopened to retry.  A
 * caller that keeps answers per revision compares it before and after. */
uint64_t tc_db_moves(const tc_db *db);

/* Write a compacted copy of the database src to the new directory dst, as
 * one database.  keep_docids keeps document ids (src must then be a single
 * database); otherwise the shards of a stub are merged, ids renumbered. */
int tc_db_compact(const char *src, const char *dst, int keep_docids,
                  tc_error *err);

/* Number of documents indexed by term (0 when absent). */
int tc_db_termfreq(tc_db *db, const char *term, size_t len, uint32_t *out,
                   tc_error *err);

/* The stored data of a document.  TC_ENOTFOUND when there is no such
 * document. */
int tc_db_document_data(tc_db *db, tc_docid did, char **data, size_t *len,
                        tc_error *err);

/* The docid of the (first) document indexed by term, TC_ENOTFOUND if none. */
int tc_db_find_by_term(tc_db *db, const char *term, size_t len,
                       tc_docid *out, tc_error *err);

/* Call fn for every document with a value in slot, in docid order (fn
 * returns non-zero to stop; that is returned).  Reads the value stream,
 * not the documents. */
typedef int (*tc_value_fn)(void *ctx, tc_docid did, const char *val,
                           size_t len);
int tc_db_each_value(tc_db *db, unsigned slot, tc_value_fn fn, void *ctx,
                     tc_error *err);

/* Iterate over all terms starting with prefix, in byte order. */
int tc_db_allterms(tc_db *db, const char *prefix, size_t prefix_len,
                   tc_termiter **out, tc_error *err);

/* Iterate over the terms of one document, in byte order. */
int tc_db_termlist(tc_db *db, tc_docid did, tc_termiter **out,
                   tc_error *err);

/* Advance the iterator: returns 1 and fills *term, *len and *freq (the
 * term's document frequency for allterms, its wdf for a termlist) while
 * there is a term, 0 at the end, a negative code on error.  *term stays
 * valid until the next call. */
int tc_termiter_next(tc_termiter *it, const char **term, size_t *len,
                     uint32_t *freq, tc_error *err);
void tc_termiter_free(tc_termiter *it);

/* ---- writing --------------------------------------------------------- */

enum tc_wdb_flags {
    TC_WDB_CREATE_OR_OPEN = 0,   /* create if absent, else open */
    TC_WDB_CREATE_OR_OVERWRITE = 1, /* start from an empty database */
    TC_WDB_OPEN = 2              /* must already exist */
};

int tc_wdb_open(const char *path, int flags, tc_wdb **out, tc_error *err);

/* Free the handle.  Changes not yet committed are discarded, not committed
 * (unlike Xapian's own destructor): a batch is either committed by
 * tc_wdb_commit() or lost whole. */
void tc_wdb_free(tc_wdb *wdb);

uint32_t tc_wdb_doccount(tc_wdb *wdb);

/* Add doc, replacing every document indexed by idterm (so a document that
 * is indexed again is replaced, never duplicated).  doc is not consumed. */
int tc_wdb_replace(tc_wdb *wdb, const char *idterm, size_t idlen,
                   const tc_xdoc *doc, tc_error *err);

/* Delete the documents indexed by idterm; *deleted (may be NULL) is set to
 * the number of documents that were there. */
int tc_wdb_delete(tc_wdb *wdb, const char *idterm, size_t idlen,
                  uint32_t *deleted, tc_error *err);

/* Value in slot of the document indexed by idterm, as of the last commit
 * plus this handle's pending changes.  TC_ENOTFOUND when no document has
 * that term; an empty value when the slot is empty. */
int tc_wdb_value_by_term(tc_wdb *wdb, const char *idterm, size_t idlen,
                         unsigned slot, char **val, size_t *len,
                         tc_error *err);

/* Make every change since the last commit durable, atomically. */
int tc_wdb_commit(tc_wdb *wdb, tc_error *err);

/* ---- documents ------------------------------------------------------- */

tc_xdoc *tc_xdoc_new(void);              /* NULL when out of memory */
void tc_xdoc_free(tc_xdoc *doc);

/* Index term at position pos (positions start at 1), adding wdfinc to its
 * within-document frequency. */
int tc_xdoc_add_posting(tc_xdoc *doc, const char *term, size_t len,
                        uint32_t pos, uint32_t wdfinc);
/* Index term without positional information. */
int tc_xdoc_add_term(tc_xdoc *doc, const char *term, size_t len,
                     uint32_t wdfinc);
/* Add a term with wdf 0: a boolean term (ids, filters), no effect on
 * ranking. */
int tc_xdoc_add_boolean_term(tc_xdoc *doc, const char *term, size_t len);
int tc_xdoc_set_data(tc_xdoc *doc, const char *data, size_t len);
int tc_xdoc_set_value(tc_xdoc *doc, unsigned slot, const char *val,
                      size_t len);

/* ---- queries --------------------------------------------------------- */

enum tc_qop {
    TC_QOP_AND,        /* all subqueries match */
    TC_QOP_OR,         /* any subquery matches */
    TC_QOP_AND_NOT,    /* the first, but none of the rest */
    TC_QOP_AND_MAYBE,  /* the first; the rest only add weight */
    TC_QOP_FILTER,     /* the first, filtered by the rest (no weight) */
    TC_QOP_PHRASE,     /* terms in order, within window (0: exact) */
    TC_QOP_NEAR,       /* terms within window positions, any order */
    TC_QOP_SYNONYM     /* one term whose frequencies are the union */
};

/* A single term, with query frequency wqf (1 if 0). NULL when out of
 * memory. */
tc_xquery *tc_xquery_term(const char *term, size_t len, uint32_t wqf);

/* A term that matches but adds no weight (a filter). */
tc_xquery *tc_xquery_boolean_term(const char *term, size_t len);

/* Combine n subqueries with op; window is used by PHRASE and NEAR.  NULL
 * subqueries are skipped; with none left the result matches nothing. */
tc_xquery *tc_xquery_combine(enum tc_qop op, tc_xquery *const *subs,
                             size_t n, uint32_t window);

/* Multiply the weight q contributes by factor (>= 0). */
tc_xquery *tc_xquery_scale(const tc_xquery *q, double factor);

/* Documents whose value in slot lies in [lo, hi] (byte order; an empty hi
 * means no upper bound). */
tc_xquery *tc_xquery_value_range(unsigned slot, const char *lo, size_t lolen,
                                 const char *hi, size_t hilen);

tc_xquery *tc_xquery_match_all(void);

/* Every document, each with the same weight (Xapian's
 * FixedWeightPostingSource): FILTER it by a query to give the documents
 * matching that query a fixed bonus. */
tc_xquery *tc_xquery_fixed_weight(double weight);
tc_xquery *tc_xquery_match_nothing(void);
int tc_xquery_empty(const tc_xquery *q);  /* 1 if it matches nothing */
void tc_xquery_free(tc_xquery *q);

/* Xapian's description of the tree, for --explain and tests (malloc'd). */
char *tc_xquery_describe(const tc_xquery *q);

/* ---- matching -------------------------------------------------------- */

typedef struct tc_search_opts {
    uint32_t offset;          /* results to skip */
    uint32_t limit;           /* results to return */
    int sort_slot;            /* -1: by relevance; else by this value slot */
    int sort_reverse;         /* with sort_slot: 1 for descending */
    int collapse_slot;        /* -1: none; else one result per value */
    uint32_t check_at_least;  /* look at this many to improve estimates */
    int skip_data;            /* 1: read only the results' values, not their
                               * stored data (tc_mset_document_data then
                               * gives empty data) */
    int unweighted;           /* 1: no ranking, matches in document order
                               * (a cheap, unbiased sample) */
    int range_slot;           /* -1: none; else keep only documents whose
                               * value in this slot has a line
                               * "range_key<TAB>number" with the number in
                               * [range_lo, range_hi]: a match decider on
                               * local databases; with remote shards, which
                               * cannot run it, a filter here over the best
                               * TC_RANGE_SCAN_MAX matches */
    const char *range_key;
    double range_lo, range_hi;
    int tie_slot;             /* -1: results of equal weight in document
                               * id order; else in the byte order of their
                               * value in this slot (so that the order does
                               * not depend on how documents are spread
                               * over shards).  Relevance order only. */
    uint32_t value_slots;     /* bit s set: tc_mset_value can read slot s
                               * (0 < s < 32); 0: every slot.  Values are
                               * copied at match time: ask for the few a
                               * caller reads (some are kilobytes) */
} tc_search_opts;

/* With remote shards a range filter looks at most at this many matches. */
#define TC_RANGE_SCAN_MAX 20000

/* Fill opts with defaults: offset 0, limit 10, relevance order. */
void tc_search_opts_init(tc_search_opts *opts);

/* Run q against db.  Retries transparently (reopening db) when the
 * database was modified under us. */
int tc_db_search(tc_db *db, const tc_xquery *q, const tc_search_opts *opts,
                 tc_mset **out, tc_error *err);
void tc_mset_free(tc_mset *ms);

uint32_t tc_mset_size(const tc_mset *ms);           /* results held */
uint32_t tc_mset_estimated(const tc_mset *ms);      /* Xapian's estimate */
uint32_t tc_mset_lower_bound(const tc_mset *ms);
uint32_t tc_mset_upper_bound(const tc_mset *ms);
tc_docid tc_mset_docid(const tc_mset *ms, uint32_t i);
double tc_mset_weight(const tc_mset *ms, uint32_t i);
/* How many documents were collapsed into result i (0 if none). */
uint32_t tc_mset_collapse_count(const tc_mset *ms, uint32_t i);
/* The stored data of result i (malloc'd). */
int tc_mset_document_data(const tc_mset *ms, uint32_t i, char **data,
                          size_t *len, tc_error *err);
/* The value in slot of result i (malloc'd, may be empty). */
int tc_mset_value(const tc_mset *ms, uint32_t i, unsigned slot, char **val,
                  size_t *len, tc_error *err);

/* The libxapian version string, for --version. */
const char *tc_xapian_version(void);

#ifdef __cplusplus
}
#endif

#endif
