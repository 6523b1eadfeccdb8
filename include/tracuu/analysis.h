/* analysis.h: how Vietnamese text becomes tokens.
 *
 * A push tokenizer in the manner of SQLite FTS5's xTokenize: tc_tokenize()
 * walks UTF-8 text and hands each token to a callback, with the token's byte
 * offsets in the original text, so that snippets can highlight the words as
 * the author wrote them.  Each token comes in two normalized forms:
 *
 *   exact   NFC, case-folded, tone mark moved to its traditional position
 *           (the one most text uses): "Hoà", "hoà", "HÒA" and NFD "hòa"
 *           all give "hòa"; "Uỷ" gives "ủy", "khoẻ" gives "khỏe", "thuỷ"
 *           gives "thủy"; the look-alike ð/Ð gives đ.
 *   folded  every tone and vowel mark removed, đ/Đ (and the look-alike ð/Ð)
 *           mapped to d: "Đầu" gives "dau", "Hóa" gives "hoa".
 *
 * Numbers are one token in a canonical form: thousands dots dropped
 * ("1.800.000" -> "1800000"), a decimal comma kept ("80,87"), and a trailing
 * percent kept ("12,5%").
 *
 * Invalid UTF-8 never stops the tokenizer: each invalid byte counts as one
 * U+FFFD (a separator) and is counted in the stats.  What terms a token
 * yields in the index is not decided here: see terms.h. */
#ifndef TRACUU_ANALYSIS_H
#define TRACUU_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest token kept, in bytes of its exact form; longer runs (base64,
 * hashes) are skipped and counted, since no one searches for them and
 * Xapian limits a term to 245 bytes. */
#define TC_TOKEN_MAX_BYTES 120

enum tc_token_flags {
    TC_TOK_NUMBER  = 1u << 0, /* starts with a digit: 2017, 1800000, 80,87, 36a */
    TC_TOK_MARKED  = 1u << 1, /* carried diacritics: exact differs from folded */
    TC_TOK_BREAK   = 1u << 2, /* punctuation or a blank line stands between this
                               * token and the previous one */
    TC_TOK_CAPITAL = 1u << 3, /* first letter written in upper case */
    TC_TOK_ALLCAPS = 1u << 4, /* every letter (two or more) in upper case */
    TC_TOK_PERCENT = 1u << 5  /* a number followed by % (kept in the forms) */
};

typedef struct tc_token {
    const char *exact;   /* NOT NUL-terminated; valid during the callback */
    size_t exact_len;
    const char *folded;  /* likewise */
    size_t folded_len;
    size_t start;        /* byte offset of the token's first byte */
    size_t end;          /* byte offset one past its last byte */
    uint32_t index;      /* 0 for the first token of the text, then 1, 2, ... */
    unsigned flags;      /* tc_token_flags */
} tc_token;

/* Return 0 to go on, anything else to stop (tc_tokenize returns it). */
typedef int (*tc_token_fn)(void *ctx, const tc_token *tok);

typedef struct tc_tokenize_stats {
    size_t invalid_bytes;  /* bytes that were not valid UTF-8 */
    size_t tokens;         /* tokens handed to the callback */
    size_t skipped_long;   /* tokens over TC_TOKEN_MAX_BYTES, skipped */
} tc_tokenize_stats;

/* Tokenize text[0..len).  stats may be NULL; it is added to, not reset.
 * Returns TC_OK, TC_ENOMEM, or the callback's non-zero return. */
int tc_tokenize(const char *text, size_t len, tc_token_fn fn, void *ctx,
                tc_tokenize_stats *stats);

/* Copy s[0..len) into a new buffer with every invalid UTF-8 sequence
 * replaced by U+FFFD and every NUL byte by a space, so that the result is
 * a valid, NUL-terminated C string.  *replaced (may be NULL) counts the
 * replacements.  Returns TC_OK or TC_ENOMEM. */
int tc_utf8_sanitize(const char *s, size_t len, char **out, size_t *outlen,
                     size_t *replaced);

/* The exact and folded forms of text taken as a whole: tokens joined by one
 * space ("Thanh Hoá!" -> "thanh hóa" / "thanh hoa").  Either output may be
 * NULL when not wanted.  Returns TC_OK or TC_ENOMEM. */
int tc_normalize_text(const char *text, size_t len, char **exact,
                      char **folded);

/* 1 if the text carries any Vietnamese (or other) diacritic or đ. */
int tc_has_diacritics(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
