/* boiler.h: page boilerplate kept out of the index.
 *
 * Scraped pages carry text that is not the article: menus, "Các tin liên
 * quan" lists, visitor counters, PHP notices, copyright banners, share
 * buttons.  Indexed, it makes every page of a site match "chia sẻ" or
 * "thống kê truy cập" and puts counters into snippets.  Two rules find it:
 *
 * - repetition: a short line (at most TC_BOILER_LINE_MAX bytes, among the
 *   first and last TC_BOILER_EDGE_LINES lines of a body) that is written
 *   the same way (folded; the one number of a short line as '#', so a
 *   counter is one line; no line citing a reference or a date, "số
 *   72/2025/QH15") in at least TC_BOILER_MIN_DOCS
 *   documents of the same source and in at least 1 in TC_BOILER_SHARE of
 *   them.  The source is the url's host, else the `source` field without
 *   its last path component, else the directory of the file it was read
 *   from.  A byline or a "Theo TTXVN" repeats too, but
 *   in a few percent of a source's documents, not a fifth: it stays.
 * - a short hand list, for the one page of a site: PHP/ASP error lines,
 *   a "related news" / visitor-statistics heading in the second half of a
 *   body (it and everything after it), counter lines ("Hôm nay: 1.203"),
 *   breadcrumbs ("Trang chủ / ..."), copyright lines, lone share and
 *   menu words.
 *
 * The stored record keeps the whole body (nothing is lost: /api/doc shows
 * it); the spans found are blanked (spaces, line breaks kept, so byte
 * offsets stay) in the text the indexer tokenizes and extracts entities
 * from, and are stored in TC_SLOT_BOILER so snippets skip them too.
 *
 * Counts come from a pre-pass over the run's input files (tc_boiler_count)
 * and from the index itself: every document has a term XS<source> and a
 * term XL<source+line> per short edge line (terms.h), whose term
 * frequencies are the counts of earlier runs. */
#ifndef TRACUU_BOILER_H
#define TRACUU_BOILER_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/docrec.h"
#include "tracuu/entities.h"    /* tc_span */
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_BOILER_LINE_MAX 200
#define TC_BOILER_EDGE_LINES 50
#define TC_BOILER_MIN_DOCS 5
#define TC_BOILER_SHARE 5

/* What the indexer keeps of a document's boilerplate. */
typedef struct tc_boiler_doc {
    tc_span *spans;       /* sorted, disjoint: kept out of the index */
    size_t nspans;
    uint64_t source;      /* the source's key */
    uint64_t *lines;      /* keys of its short edge lines, distinct */
    size_t nlines;
    tc_span title;        /* {0, 0}, or a better title than the one the
                           * document has, when that is its first line
                           * and boilerplate (a text file's "Thông báo
                           * lỗi"): the first line of the body that is
                           * not */
} tc_boiler_doc;

void tc_boiler_doc_clear(tc_boiler_doc *b);

typedef struct tc_boiler tc_boiler;

/* A table of counts; db (may be NULL) is an index whose XS/XL term
 * frequencies add to them.  NULL when out of memory. */
tc_boiler *tc_boiler_new(tc_db *db);
void tc_boiler_free(tc_boiler *b);

/* Count d's short edge lines under its source.  file (may be NULL) is
 * where d was read: its directory is the source of a document with
 * neither url nor source.  TC_OK or TC_ENOMEM. */
int tc_boiler_count(tc_boiler *b, const tc_doc *d, const char *file);

/* d's boilerplate by the hand list and, with b, by repetition; none when
 * it would leave no line of d.  TC_OK or TC_ENOMEM (out is then
 * cleared). */
int tc_boiler_find(tc_boiler *b, const tc_doc *d, const char *file,
                   tc_boiler_doc *out);

/* A copy of text with the spans blanked: every byte a space except line
 * breaks.  NULL when out of memory. */
char *tc_boiler_blank(const char *text, size_t len, const tc_span *spans,
                      size_t n);

/* The spans as stored in TC_SLOT_BOILER: "start-end" joined by ','
 * (malloc'd, "" for none), and back (spans past len are dropped). */
char *tc_spans_format(const tc_span *spans, size_t n);
int tc_spans_parse(const char *s, size_t slen, size_t len, tc_span **out,
                   size_t *n);

#ifdef __cplusplus
}
#endif

#endif
