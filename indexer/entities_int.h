/* entities_int.h: what the entity extractors share (not installed).
 *
 * One section per module, in the manner of SQLite's fts5Int.h:
 *
 *   entities.c           the driver: the token array every extractor reads,
 *                        the string pool, record arrays with their caps,
 *                        the public entry points
 *   entities_places.c    provinces and cities (the table and the matcher)
 *   entities_dates.c     dates, the document's date
 *   entities_legal.c     legal document references and their keys
 *   entities_officials.c names with titles
 *   entities_figures.c   numbers with units
 *   entities_abbr.c      the abbreviation table
 *
 * The text is tokenized once (analysis.h) into an array of tokens with
 * their offsets and both normal forms; the extractors look at tokens
 * around a position, and at the raw bytes where punctuation matters
 * (symbols, dates, numbers). */
#ifndef TRACUU_ENTITIES_INT_H
#define TRACUU_ENTITIES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/entities.h"

/* ---- entities.c: the context ------------------------------------------- */

typedef struct etok {
    size_t start, end;        /* byte offsets in the text */
    uint32_t exact, folded;   /* offsets of the forms in ectx.forms */
    uint16_t exact_len, folded_len;
    unsigned flags;           /* tc_token_flags */
} etok;

/* Token marks (ectx.mark), set by one extractor for the next. */
enum { MARK_LEGAL = 1u << 0, MARK_DATE = 1u << 1, MARK_PLACE = 1u << 2 };

typedef struct ectx {
    const char *s;            /* the text, len bytes (already capped) */
    size_t len;
    etok *tok;
    size_t ntok, tokcap;
    uint8_t *mark;            /* ntok marks */
    tc_buf forms;             /* every token's exact and folded forms */
    tc_entities *e;
    size_t max_per_kind;
    unsigned kinds;           /* what the caller wants */
    int32_t meta_date;        /* from opts->doc_date, 0 when none */
    size_t caps[TC_ENT_NKINDS];
    int oom;                  /* sticky */
} ectx;

/* Token i's forms (not NUL-terminated). */
static inline const char *tok_exact(const ectx *c, size_t i)
{
    return c->forms.p + c->tok[i].exact;
}
static inline const char *tok_folded(const ectx *c, size_t i)
{
    return c->forms.p + c->tok[i].folded;
}

/* 1 if token i exists and its exact (folded) form is w. */
int tok_is(const ectx *c, size_t i, const char *w);
int tok_fis(const ectx *c, size_t i, const char *w);
/* 1 if token i exists and its exact form is one of the NULL-ended list. */
int tok_in(const ectx *c, size_t i, const char *const *list);

/* 1 if only white space (line breaks included) or markdown emphasis ('*')
 * stands between token i-1 and token i. */
int gap_soft(const ectx *c, size_t i);
/* 1 if only spaces and tabs (no line break) stand between i-1 and i. */
int gap_spaces(const ectx *c, size_t i);

/* How many tokens from i on spell the phrase (exact forms, words split by
 * single spaces), with soft gaps between them; 0 when they do not. */
size_t phrase_at(const ectx *c, size_t i, const char *phrase);
/* Same, folded forms. */
size_t fphrase_at(const ectx *c, size_t i, const char *phrase);
/* The phrase ending at token i (inclusive): the index of its first token,
 * or (size_t)-1. */
size_t phrase_ending(const ectx *c, size_t i, const char *phrase);

/* 1 if a letter, digit or mark (valid UTF-8) starts at byte i / ends at
 * byte i.  Invalid bytes are separators, as in tc_tokenize. */
int word_char_at(const ectx *c, size_t i);
int word_char_before(const ectx *c, size_t i);

/* The first token whose start is >= off (ntok when none). */
size_t tok_from(const ectx *c, size_t off);

/* A pooled copy of text[start..end) as written: white space runs become
 * one space, ends trimmed, invalid bytes U+FFFD, NULs spaces.  NULL when
 * out of memory (c->oom set). */
char *pool_text(ectx *c, size_t start, size_t end);
/* A pooled copy of s[0..n) (valid UTF-8 without NULs); NULL on OOM. */
char *pool_copy(ectx *c, const char *s, size_t n);

/* Room for one more record of kind, or NULL: the cap is reached (the
 * record is counted as dropped) or memory ran out (c->oom). */
void *add_record(ectx *c, int kind);

/* The tokens' exact (folded) forms i..j-1 joined by one space into buf
 * (cap bytes, NUL-terminated); the length, or 0 when it does not fit. */
size_t join_forms(const ectx *c, size_t i, size_t j, int folded, char *buf,
                  size_t cap);

/* Days in a month (1..12) of a year (0: unknown, February has 29). */
int days_in_month(int year, int month);

/* ---- the extractors ---------------------------------------------------- */

void places_extract(ectx *c);
void places_count(ectx *c);
/* The place whose name (one of its spellings) starts at token i, with the
 * number of tokens it spans in *ntok; -1 when none.  No context checks. */
int places_match_at(const ectx *c, size_t i, size_t *ntok);

void dates_extract(ectx *c);
/* The date record that starts at byte off, or NULL. */
tc_date *dates_at(ectx *c, size_t off);
/* Infer missing years and choose the document's date; after legal refs. */
void dates_finish(ectx *c);

void legal_extract(ectx *c);
/* 1 if token i's exact form is a known type or issuer code (folded:
 * "nq", "qd", "cp", "ubnd", "qh14"). */
int legal_is_known_code(const char *folded, size_t len);

void officials_extract(ectx *c);
/* 1 if token i is a Vietnamese surname ("Nguyễn", "Lê", ...) or a common
 * middle name ("Văn", "Thị", "Ngọc", ...), whatever its case. */
int is_surname(const ectx *c, size_t i);
int is_middle_name(const ectx *c, size_t i);
/* 1 if token i is a lower-case word that may stand in the name of an
 * office or an organisation ("tỉnh", "nhân dân", "chính" of "Tài
 * chính"). */
int is_office_word(const ectx *c, size_t i);

void figures_extract(ectx *c);

#endif
