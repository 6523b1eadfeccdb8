/* snippet.h: the highlighter, free of Xapian and of any output channel.
 *
 * Given a document's text and what the query asks for (tc_highlight, made
 * by the query parser), tc_snippet() re-tokenizes the text with the same
 * analysis as the index, so a word that matched through folding or tone
 * placement ("Thanh Hoá" for the query "thanh hoa") is found and
 * highlighted exactly as written.  A phrase, and query words that stand
 * together in the text, are highlighted as one span.  It picks the best
 * passage of about target_len bytes (most distinct query words, exact
 * diacritics and adjacency count extra), cuts it at word boundaries, and
 * writes it HTML-escaped with <mark>...</mark>, or for a terminal with ANSI
 * bold, or as plain text with the marks given by the caller. */
#ifndef TRACUU_SNIPPET_H
#define TRACUU_SNIPPET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One query word: its folded form (always) and exact form (only when the
 * query was typed with diacritics; NULL otherwise). */
typedef struct tc_hl_word {
    char *folded;
    char *exact;
} tc_hl_word;

/* A phrase: a run of folded forms that must stand together. */
typedef struct tc_hl_phrase {
    char **folded;
    size_t n;
} tc_hl_phrase;

typedef struct tc_highlight {
    tc_hl_word *words;
    size_t nwords;
    tc_hl_phrase *phrases;
    size_t nphrases;
} tc_highlight;

/* Add a word / a phrase (copies the strings).  Return TC_OK or TC_ENOMEM. */
int tc_highlight_add_word(tc_highlight *hl, const char *folded, size_t flen,
                          const char *exact, size_t elen);
int tc_highlight_add_phrase(tc_highlight *hl, const char *const *folded,
                            const size_t *lens, size_t n);
/* Free what hl holds and zero it. */
void tc_highlight_clear(tc_highlight *hl);

enum tc_snippet_format {
    TC_SNIPPET_HTML,  /* HTML-escaped, <mark>...</mark> */
    TC_SNIPPET_ANSI   /* raw text, highlights in ANSI bold (\033[1m...\033[0m) */
};

#define TC_SNIPPET_DEFAULT_LEN 200

/* Write the snippet of text[0..len) into *out (malloc'd, NUL-terminated).
 * With no match in the text, the snippet is the text's opening.  An
 * ellipsis "…" marks text cut before or after the passage.  Returns TC_OK
 * or TC_ENOMEM. */
int tc_snippet(const char *text, size_t len, const tc_highlight *hl,
               size_t target_len, enum tc_snippet_format fmt, char **out);

/* tc_snippet(), also handing fn each highlighted word of the passage, in
 * text order, as its byte range [start, end) in text (a phrase or a run of
 * adjacent matches comes word by word).  fn may be NULL. */
typedef void (*tc_snippet_hit_fn)(void *ctx, size_t start, size_t end);
int tc_snippet_hits(const char *text, size_t len, const tc_highlight *hl,
                    size_t target_len, enum tc_snippet_format fmt, char **out,
                    tc_snippet_hit_fn fn, void *ctx);

/* HTML-escape s[0..len) (& < > " ') onto a new string. */
char *tc_html_escape(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
