/* suggest.h: completions for the search box, diacritics restored.
 *
 * tc_suggest() completes what a user is typing from what the index holds,
 * with no table of its own: the last word's completions come from the
 * bigram terms (XB<previous>_<partial>...) or, for a first word, from the
 * folded syllable terms, ranked by how many documents have them; then the
 * way the documents actually write each completed phrase is read from the
 * top documents that contain it (their text re-tokenized, the exact forms
 * counted), so "thue b" becomes "thuê bao".  Words typed with diacritics
 * are kept as typed.  Titles that match what is typed are offered too. */
#ifndef TRACUU_SUGGEST_H
#define TRACUU_SUGGEST_H

#include <stddef.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_SUGGEST_MAX 10

typedef struct tc_suggestion {
    char *text;          /* the completed query, as it would be written */
    char *description;   /* "12 tài liệu", "tiêu đề" */
    char *url;           /* a document's page for a title, else NULL */
} tc_suggestion;

typedef struct tc_suggestions {
    char *query;         /* the query as received (sanitized) */
    tc_suggestion *items;
    size_t n;
} tc_suggestions;

/* Up to max (<= TC_SUGGEST_MAX) suggestions for q[0..len) (any bytes:
 * sanitized).  An empty or too long query gets none. */
int tc_suggest(tc_db *db, const char *q, size_t len, size_t max,
               tc_suggestions **out, tc_error *err);
void tc_suggestions_free(tc_suggestions *s);

#ifdef __cplusplus
}
#endif

#endif
