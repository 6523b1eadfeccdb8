/* restore.h: how the results write a query typed without diacritics.
 *
 * Someone who types "thue bao" gets the documents that write "thuê bao";
 * the page then says "kết quả cho: thuê bao".  The writing is taken from the
 * words the snippets highlight (tc_snippet_hits), so only from forms the
 * index holds: each result votes once for each way it writes each query
 * word, and once for each pair of writings it has side by side ("Phó" +
 * "Chủ").  The rewrite chooses the writings of the whole query at once:
 * the sequence whose neighbours the results write together most often,
 * then the most voted, so a word is written as it is next to the words
 * around it ("pho chu tich ubnd tinh" -> "phó chủ tịch UBND tỉnh", even
 * where "phố" alone is on more results).  Each word keeps the case it was
 * typed in, but for acronyms ("UBND"), which take the capitals most
 * results write them in, only when something else changes.  Nothing is
 * looked up beyond the page of results already read, so it costs next to
 * nothing.  Words nobody wrote differently, numbers and the query's
 * syntax stay as typed. */
#ifndef TRACUU_RESTORE_H
#define TRACUU_RESTORE_H

#include <stddef.h>

#include "snippet.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_restorer tc_restorer;

/* A restorer for the words and phrases of hl (not copied: hl must
 * outlive it).  NULL
 * when out of memory. */
tc_restorer *tc_restorer_new(const tc_highlight *hl);
void tc_restorer_free(tc_restorer *rs);      /* NULL: no-op */

/* The next result's text: the hits that follow are offsets into it (kept,
 * not copied, until the next call). */
void tc_restorer_doc(tc_restorer *rs, const char *text);

/* A tc_snippet_hit_fn: ctx is the restorer. */
void tc_restorer_hit(void *ctx, size_t start, size_t end);

/* The query q[0..len) with its words written as the results write them,
 * in *out (malloc'd), or NULL in *out when that changes nothing.  Returns
 * TC_OK or TC_ENOMEM (also when a vote could not be kept). */
int tc_restorer_rewrite(tc_restorer *rs, const char *q, size_t len,
                        char **out);

#ifdef __cplusplus
}
#endif

#endif
