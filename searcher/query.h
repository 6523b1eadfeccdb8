/* query.h: a user's query string becomes a Xapian query tree.
 *
 * Syntax (what a search box user types):
 *   words            every word must match (folded: "thanh hoa" finds
 *                    "Thanh Hóa"); "1800000" finds "1.800.000"
 *   "a phrase"       the words together, in order
 *   a OR b, a AND b  boolean operators (upper case), parentheses group
 *   NOT a, -a        exclude
 *   +a               require (the default anyway)
 *   title:word       in the title; title:"a phrase", title:(a b)
 *   vieejt, vie6t5   a plain word typed in Telex or VNI keys also searches
 *                    the syllable it spells ("việt"), when the index holds
 *                    it (tc_query_parse_db; see TC_BOOST_TYPING)
 * A query that does not parse (an unclosed quote or parenthesis, a
 * dangling operator) is searched as plain words: it never fails.
 *
 * Ranking beyond BM25 on the folded words is added as an AND_MAYBE boost:
 * the exact forms (XE) when the query carries diacritics, the bigrams (XB)
 * of words typed next to each other, and the title (S) terms.  A query
 * typed with diacritics (and no OR) ranks the documents that have every
 * word as typed first: they get TC_EXACT_TIER, a fixed weight above what
 * BM25 can give the rest, so every exact match ranks above every
 * look-alike; once the page is full of exact matches Xapian skips the
 * look-alikes altogether.  A word typed in Telex or VNI also searches
 * the syllable it spells (TC_BOOST_TYPING).  Terms are made by terms.h,
 * the same functions the indexer uses. */
#ifndef TRACUU_QUERY_H
#define TRACUU_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"
#include "snippet.h"
#include "typing.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits: longer queries, more words or deeper nesting are cut (words past
 * the limit are ignored, deeper nesting is searched as plain words). */
#define TC_QUERY_MAX_WORDS 64
#define TC_QUERY_MAX_DEPTH 16

/* Weight factors of the boosts, relative to BM25 on the folded words. */
#define TC_BOOST_EXACT  1.5
#define TC_BOOST_BIGRAM 1.0
#define TC_BOOST_TITLE  0.7

/* A word typed in Telex or VNI ("vieejt", "vie6t5") also searches the
 * syllable it spells ("việt", its exact term XE), OR'd in with its weight
 * and boosts scaled by this factor; the documents that have every such
 * word as typed rank above the rest (TC_EXACT_TIER), so what was typed
 * never loses to its reading.  Added only when the syllable is valid
 * (typing.h), differs from the word, and the index holds it in more
 * documents than the word as typed ("test" is not searched as "tét" in an
 * index that holds "test" more often). */
#define TC_BOOST_TYPING 0.8
#define TC_QUERY_MAX_ALTS 8

typedef struct tc_typing_alt {
    size_t start, len;        /* the word as typed: q[start, start + len) */
    char as[TC_TYPING_MAX_OUT]; /* the syllable it spells, in the case
                               * typed ("Việt") */
} tc_typing_alt;

/* How many documents hold term[0..len): the parser's one question to the
 * index, for typing alternatives. */
typedef uint32_t (*tc_termfreq_fn)(void *ctx, const char *term, size_t len);

/* The bonus of documents with every word as typed: above any sum of BM25
 * weights (each at most a few tens) a query of TC_QUERY_MAX_WORDS words
 * and its boosts can reach. */
#define TC_EXACT_TIER 100000.0

/* The bonus of documents that have every pair of words typed side by
 * side also side by side (XB, or XC as written when the query has
 * diacritics): below the exact tier, above any BM25 sum.  A long law
 * that writes "hoạt động đường thuỷ" once ranks above a short article
 * with "hoạt động" and "đường thủy" apart. */
#define TC_ADJACENT_TIER 1000.0

typedef struct tc_parsed_query {
    tc_xquery *query;      /* what to run; matches nothing for an empty
                            * query */
    tc_xquery *relaxed;    /* any word instead of every word, for a retry
                            * when query finds nothing; NULL when the query
                            * had operators or a single word */
    tc_highlight hl;       /* what the snippets highlight */
    tc_xquery *exact;      /* every word as typed (the exact tier's
                            * filter), NULL when the query had no
                            * diacritics or an OR */
    int has_diacritics;    /* the query was typed with diacritics */
    int nothing;           /* nothing to search in it (empty, only
                            * punctuation): filters alone then choose */
    int plain_fallback;    /* it did not parse and was taken as words */
    int words;             /* words searched */
    int truncated;         /* words past TC_QUERY_MAX_WORDS were ignored */
    /* figure:"thuê bao">1000000: the unit (folded, as TC_SLOT_FIGURES has
     * it: "thue bao"; "" when no range was asked) and the range of values
     * a figure of that unit must have */
    char figure_unit[128];
    double figure_lo, figure_hi;
    /* the words searched also as the syllable their Telex or VNI keys
     * spell, in query order (plain words outside phrases and fields) */
    tc_typing_alt alts[TC_QUERY_MAX_ALTS];
    size_t nalts;
} tc_parsed_query;

/* Parse q[0..len) (valid UTF-8) into out.  Returns TC_OK or TC_ENOMEM;
 * syntax errors are not errors (see plain_fallback).  tc_query_parse
 * asks no index and adds no typing alternatives; tc_query_parse_with
 * asks termfreq (ctx its first argument), tc_query_parse_db asks db. */
int tc_query_parse(const char *q, size_t len, tc_parsed_query *out);
int tc_query_parse_with(const char *q, size_t len, tc_termfreq_fn termfreq,
                        void *ctx, tc_parsed_query *out);
int tc_query_parse_db(const char *q, size_t len, tc_db *db,
                      tc_parsed_query *out);
void tc_parsed_query_clear(tc_parsed_query *pq);

#ifdef __cplusplus
}
#endif

#endif
