/* terms.h: tracuu's term scheme, the one place where tokens become index
 * terms.
 *
 * The indexer calls tc_terms_index_field() for each field of a document;
 * the searcher builds its query terms with the same tc_term_*() helpers, so
 * the two can never disagree on what a term looks like.  The prefixes and
 * what each term form means are described for people in
 * docs/termprefixes.md; keep the two in step.
 *
 *   <folded>          body and title syllable, diacritics folded; with
 *                     positions (phrases, NEAR).  "hoa", "dau", "1800000".
 *   S<folded>         title syllable, folded; with positions.
 *   XE<exact>         syllable with its diacritics (tone placement
 *                     normalized), body and title; no positions.  Lets a
 *                     query typed with diacritics rank exact matches first.
 *   XB<f1>_<f2>       two adjacent syllables, folded, not separated by
 *                     punctuation; no positions.  Ranks "thuê bao" written
 *                     together above "thuê" and "bao" scattered.
 *   XC<e1>_<e2>       the same pair as written (exact forms), when either
 *                     has a diacritic: "theo đòi" apart from "theo dõi".
 *   Q<id>             the document's unique id (boolean).
 *
 * Value slots: TC_SLOT_HASH holds a hash of the stored record (to skip
 * unchanged documents), TC_SLOT_DATE the date as YYYY-MM-DD, TC_SLOT_ID
 * the id (so a result list needs no record parsing). */
#ifndef TRACUU_TERMS_H
#define TRACUU_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/analysis.h"
#include "tracuu/boiler.h"
#include "tracuu/dedup.h"
#include "tracuu/docrec.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_PREFIX_ID     "Q"
#define TC_PREFIX_TITLE  "S"
#define TC_PREFIX_EXACT  "XE"
#define TC_PREFIX_BIGRAM "XB"
#define TC_PREFIX_EXACT_BIGRAM "XC"  /* XCthuê_bao: two adjacent syllables
                                      * as written (exact forms), when
                                      * either has a diacritic */
#define TC_BIGRAM_JOIN   '_'
/* Entities (entities.h), one term per distinct entity, wdf = mentions; no
 * positions.  Keys are folded, lower case, words joined by '_'. */
#define TC_PREFIX_OFFICIAL "XO"   /* XOle_anh_tuan: an official's name */
#define TC_PREFIX_DOCREF   "XD"   /* XD36a/nq/cp, XD2977/2013/qd/ubnd and
                                   * XD2977/qd/ubnd: a legal reference */
#define TC_PREFIX_DOCTYPE  "XK"   /* XKnghi_quyet: the type of a reference */
#define TC_PREFIX_PLACE    "XP"   /* XPthanh_hoa: one of the document's 3
                                   * main provinces or cities */
#define TC_PREFIX_YEAR     "XY"   /* XY2018: the year of its date */
#define TC_PREFIX_UNIT     "XF"   /* XFthue_bao: the unit of a figure */
/* Boilerplate counts (boiler.h), boolean, keys as 16 hex digits. */
#define TC_PREFIX_SOURCE   "XS"   /* the document's source */
#define TC_PREFIX_LINE     "XL"   /* one of its short edge lines */

enum tc_slot {
    TC_SLOT_HASH = 0,
    TC_SLOT_DATE = 1,
    TC_SLOT_ID = 2,
    TC_SLOT_DAY = 3,       /* YYYYMMDD (day 00: a month): metadata or text */
    TC_SLOT_FACETS = 4,    /* "K\tkey\tdisplay\n" per distinct entity, K one
                            * of O D K P Y (official, reference, type,
                            * place, year) */
    TC_SLOT_ENTITIES = 5,  /* JSON the results show: {"officials",
                            * "legal_refs", "figures", "places", "date"} */
    TC_SLOT_FIGURES = 6,   /* "unit<TAB>value\n" per figure (unit folded,
                            * value with its multiplier): figure ranges */
    TC_SLOT_BOILER = 7,    /* "start-end,..." byte spans of the body kept
                            * out of the index (boiler.h): snippets skip
                            * them */
    TC_SLOT_DUP = 8,       /* the near-duplicate cluster's key (dedup.h):
                            * results collapse on it */
    TC_SLOT_SIG = 9        /* MinHash signature, id hash and cluster key
                            * (tc_dedup_format) */
};

/* Largest term we make: Xapian's limit is 245 bytes. */
#define TC_TERM_MAX 240

/* Positions left empty between fields, so phrases never span two. */
#define TC_FIELD_GAP 100

enum tc_field {
    TC_FIELD_BODY,   /* unprefixed + XE + XB */
    TC_FIELD_TITLE   /* the body's terms (so plain queries match titles)
                      * plus S-prefixed positional terms */
};

typedef struct tc_terms_stats {
    tc_tokenize_stats tok;
    size_t postings;  /* positional postings added */
    tc_minhash *minhash;  /* when set, the field's folded syllables are
                           * added to it */
} tc_terms_stats;

/* Index text as field into doc.  *pos is the last position used (start at
 * 0); it is advanced past the field plus TC_FIELD_GAP.  stats may be
 * NULL. */
int tc_terms_index_field(tc_xdoc *doc, enum tc_field field, const char *text,
                         size_t len, uint32_t *pos, tc_terms_stats *stats);

/* The whole Xapian document for d: title and body terms, the id term,
 * the value slots, and record (the stored JSON, see docrec.h) as its data;
 * hash16 is the record's hash as 16 hex digits.  The id must be at most
 * TC_TERM_MAX - 1 bytes (TC_EINVAL otherwise).  bp (may be NULL): the
 * body's boilerplate, blanked before its terms and entities are made,
 * with its XS/XL terms and TC_SLOT_BOILER.  mh (may be NULL) gets the
 * MinHash of the body as indexed; the caller sets TC_SLOT_DUP and
 * TC_SLOT_SIG from it (tc_terms_set_cluster). */
int tc_terms_make_doc(const tc_doc *d, const char *record, size_t record_len,
                      const char *hash16, const tc_boiler_doc *bp,
                      tc_minhash *mh, tc_xdoc **out);

/* Set x's near-duplicate cluster (TC_SLOT_DUP) and signature
 * (TC_SLOT_SIG).  TC_OK or TC_ENOMEM. */
int tc_terms_set_cluster(tc_xdoc *x, const char *id, const tc_minhash *mh,
                         const char *cluster);

/* Extract d's entities (title and body) and add their terms and values
 * to x (see the prefixes and slots above).  Returns TC_OK or TC_ENOMEM. */
int tc_terms_add_entities(tc_xdoc *x, const tc_doc *d);

/* The key of an entity as written in s[0..len): folded, lower case, words
 * joined by one space ("Nghị quyết" -> "nghi quyet", "máy/100 dân" -> "may
 * 100 dan"); "%" stays "%", the one unit made of punctuation.  The indexer
 * keys reference types and figure units with it and the query fields
 * theirs, so the two always agree.  *out is malloc'd ("" when nothing is
 * left).  Returns TC_OK or TC_ENOMEM. */
int tc_term_key(const char *s, size_t len, char **out);

/* An entity term: prefix + key with spaces written '_'.  Same return as
 * tc_term_make. */
size_t tc_term_entity(char *buf, size_t cap, const char *prefix,
                      const char *key, size_t len);

/* Write prefix + s into buf (NUL-terminated); returns the term's length, or
 * 0 if it would exceed TC_TERM_MAX or cap. */
size_t tc_term_make(char *buf, size_t cap, const char *prefix, const char *s,
                    size_t len);

/* A hashed key's term: prefix + the key as 16 hex digits (XS, XL).  Same
 * return as tc_term_make. */
size_t tc_term_hex(char *buf, size_t cap, const char *prefix, uint64_t key);

/* The bigram term of two folded syllables. Same return as tc_term_make. */
size_t tc_term_bigram(char *buf, size_t cap, const char *a, size_t alen,
                      const char *b, size_t blen);

/* The adjacency term of two syllables, each given in its exact (e) and
 * folded (f) forms: XC of the exact forms when either differs from its
 * folded form, else XB of the folded forms (the two would say the same).
 * Same return as tc_term_make. */
size_t tc_term_pair(char *buf, size_t cap, const char *ea, size_t ealen,
                    const char *fa, size_t falen, const char *eb,
                    size_t eblen, const char *fb, size_t fblen);

#ifdef __cplusplus
}
#endif

#endif
