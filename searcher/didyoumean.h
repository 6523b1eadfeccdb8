/* didyoumean.h: whether to offer the restored query ("did you mean").
 *
 * A query typed without diacritics matches every spelling of its words;
 * its restoration (restore.h: "pho chu tich ubnd tinh" -> "phó chủ tịch
 * UBND tỉnh") is how the results write it.  Searched as restored, the
 * query has diacritics, so its exact tier (query.h, TC_EXACT_TIER) ranks
 * every document that writes each word as restored above every
 * look-alike ("phố", "chữ").  That search is better where it is looked
 * at when the folded query's first result is a look-alike and some
 * document writes the restoration, lower on the page or beyond it.  Then
 * it is offered.  (When the first result writes it, the restored search
 * would show the same first result: a page whose lower results are
 * look-alikes of a name's scattered syllables gains little.)
 *
 * Deciding costs no second search with snippets: two boolean matches on
 * the restoration's exact terms (XE), one over the page's ids (which of
 * the page's results write it) and, only when that does not settle it,
 * one counting the matches that write it; and only for a first page whose
 * query was restored. */
#ifndef TRACUU_DIDYOUMEAN_H
#define TRACUU_DIDYOUMEAN_H

#include <stddef.h>

#include "search.h"
#include "tracuu/error.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

/* *offer = 1 when restored should be offered for r (a first page of
 * results of the query used, run with the options base), else 0.
 * Returns TC_OK or an error of the matches. */
int tc_did_you_mean(tc_db *db, const tc_xquery *used,
                    const tc_search_opts *base, const char *restored,
                    const tc_results *r, int *offer, tc_error *err);

#ifdef __cplusplus
}
#endif

#endif
