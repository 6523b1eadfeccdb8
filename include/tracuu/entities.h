/* entities.h: what a Vietnamese text is about, as typed records.
 *
 * tc_entities_extract() reads a text once and returns five kinds of
 * entities, each with byte offsets [start, end) into the text as given, so
 * that snippets can highlight them as the author wrote them:
 *
 *   legal references  "Nghị quyết số 36a/NQ-CP ngày 14/10/2015": the
 *                     symbol, a canonical key, type, number, year,
 *                     issuer, date of issue
 *   officials         "Phó Chủ tịch UBND tỉnh Lê Anh Tuấn": a person's name
 *                     next to a title or an honorific (ông, bà, đồng chí)
 *   figures           "3.550 tỷ đồng", "80,87 máy/100 dân", "94,3%": a
 *                     value, a unit, a few words of context
 *   dates             "ngày 12 tháng 1 năm 2024", "14/10/2015", "Chiều
 *                     11-1", "2021-01", and the document's own date
 *   places            the 63 provinces and cities before the 2025 merger
 *                     and the 34 after it, with counts per document
 *
 * It also holds a table of abbreviations (UBND <-> Ủy ban nhân dân) for
 * query expansion, and turns a user's query into a legal reference key.
 *
 * Environment-free: no Xapian, no files, no globals beyond read-only
 * tables and the tokenizer's per-thread cache (analysis.h), so it is safe
 * to call from several threads at once.  Which terms or values the index
 * makes of the results is not decided here.
 *
 * Precision is favoured over recall throughout: each extractor needs
 * context that makes its reading likely (a title next to a name, a unit
 * after a number, a type code in a symbol), and skips what it cannot tell.
 * docs/entities.md has the rules, measured precision and known failures.
 *
 * Input: any bytes.  Invalid UTF-8 and NUL bytes never stop extraction
 * (they act as separators, as in tc_tokenize); every string in the
 * results is valid, NUL-terminated UTF-8 without NUL bytes, with runs of
 * white space (line breaks included) written as one space. */
#ifndef TRACUU_ENTITIES_H
#define TRACUU_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits ------------------------------------------------------------ */

/* Work is bounded by the bytes read and the records kept.  Bytes of the
 * text past max_bytes are not read at all (tc_entities.truncated has
 * TC_ENT_TRUNC_TEXT); past max_per_kind records of one kind, later ones
 * of that kind are counted in tc_entities.dropped[] and not kept (earlier
 * ones always win, so the first part of a document is never lost). */
#define TC_ENT_DEFAULT_MAX_BYTES (2u * 1024u * 1024u)
#define TC_ENT_MAX_BYTES_LIMIT (64u * 1024u * 1024u)
#define TC_ENT_DEFAULT_MAX_PER_KIND 512u
#define TC_ENT_MAX_PER_KIND_LIMIT 100000u

/* The document's date is looked for in this many first bytes. */
#define TC_ENT_DOC_DATE_WINDOW 4096u

/* ---- options ----------------------------------------------------------- */

enum tc_entity_kind {
    TC_ENT_LEGALREF = 0,
    TC_ENT_OFFICIAL = 1,
    TC_ENT_FIGURE = 2,
    TC_ENT_DATE = 3,
    TC_ENT_PLACE = 4,
    TC_ENT_NKINDS = 5
};

#define TC_ENT_MASK(kind) (1u << (kind))
#define TC_ENT_ALL ((1u << TC_ENT_NKINDS) - 1u)

/* "legal_refs", "officials", "figures", "dates", "places" (the JSON keys
 * of tracuu-entities); "unknown" for any other value.  Static storage. */
const char *tc_entity_kind_name(int kind);

typedef struct tc_entity_opts {
    unsigned kinds;        /* TC_ENT_MASK() bits of the kinds wanted; 0 or
                            * TC_ENT_ALL: every kind.  Kinds not wanted
                            * come back empty (some are still computed
                            * when another needs them: dates for legal
                            * references and figures) */
    size_t max_per_kind;   /* 0: TC_ENT_DEFAULT_MAX_PER_KIND; larger than
                            * TC_ENT_MAX_PER_KIND_LIMIT is TC_EINVAL */
    size_t max_bytes;      /* 0: TC_ENT_DEFAULT_MAX_BYTES; larger than
                            * TC_ENT_MAX_BYTES_LIMIT is TC_EINVAL */
    const char *doc_date;  /* the document's date from its metadata,
                            * "YYYY-MM-DD" or "YYYY-MM" (NUL-terminated),
                            * or NULL.  When valid it is the document's
                            * date, and its year dates "Chiều 11-1" */
} tc_entity_opts;

/* Every field zero / NULL: all kinds, default limits, no metadata date. */
void tc_entity_opts_init(tc_entity_opts *opts);

/* ---- records ----------------------------------------------------------- */

/* Byte offsets into the text given to tc_entities_extract: [start, end).
 * An absent span is {0, 0}. */
typedef struct tc_span {
    size_t start, end;
} tc_span;

/* Strings in records: owned by the tc_entities they came from, valid until
 * tc_entities_free(); never NULL ("" when absent).  Strings said to be
 * static point into read-only tables and outlive everything. */

enum tc_legalref_flags {
    TC_LREF_TYPE_FROM_TEXT   = 1u << 0, /* type named in the text before
                                         * ("Quyết định 2977/...") rather
                                         * than derived from the code */
    TC_LREF_ISSUER_FROM_TEXT = 1u << 1, /* issuer from "của Chính phủ" */
    TC_LREF_YEAR_FROM_DATE   = 1u << 2  /* year from the date of issue, the
                                         * symbol had none */
};

/* "36a/NQ-CP", "2977/2013/QĐ-UBND", "58-NQ/TW", "45/2019/QH14",
 * "123/UBND-KTTC", "05/QyĐ-TU".  A symbol is a number (digits, maybe a
 * letter or two: "36a"), an optional year, then code parts joined by '/'
 * or '-' (or '&' between two departments), without spaces except before a
 * known code ("89/2016/QĐ - UBND"); it needs two code parts, or a year and
 * one ("45/2019/QH14"), and a code part starts with a capital.  Dates,
 * ratios ("1.634/1.733"), URLs and phone numbers are never references. */
typedef struct tc_legalref {
    tc_span span;            /* the symbol as written */
    tc_span type_span;       /* the type as named before it, {0,0} if not */
    const char *text;        /* the symbol as written: "36a/NQ-CP" */
    const char *key;         /* canonical key: "36a/nq/cp" (see
                              * tc_legalref_query_key for the rules) */
    const char *short_key;   /* the key without the year part:
                              * "2977/qd/ubnd" for "2977/2013/QĐ-UBND";
                              * equal to key when there is no year */
    const char *number;      /* as written, thousands dots dropped: "36a" */
    const char *type;        /* static: "Nghị quyết", "Quyết định",
                              * "Luật", ...; "" when unknown */
    const char *type_code;   /* as written: "NQ", "QĐ", ""  */
    const char *issuer;      /* "Chính phủ" (from the code's table or the
                              * "của ..." phrase after the symbol), or the
                              * code as written when not in the table
                              * ("KTTC"); "" when none */
    const char *issuer_code; /* as written: "CP", "UBND", "QH14", "" */
    int year;                /* from the symbol or the date; 0 unknown */
    int32_t date;            /* date of issue YYYYMMDD ("ngày 14/10/2015"
                              * after the symbol); 0 when not given */
    unsigned flags;          /* tc_legalref_flags */
} tc_legalref;

enum tc_official_flags {
    TC_OFF_TITLE_AFTER = 1u << 0, /* the title follows the name
                                   * ("Hoàng Ngọc Sơn - Giám đốc Sở") */
    TC_OFF_HONORIFIC   = 1u << 1  /* ông, bà or đồng chí right before */
};

/* A Vietnamese personal name (2 to 4 capitalized syllables, the first a
 * known surname) with a title before it ("Phó Chủ tịch UBND tỉnh Lê Anh
 * Tuấn", "Bộ trưởng Bộ TT&TT ...") or after it, past a comma or dash
 * ("Hoàng Ngọc Sơn - Giám đốc Sở TT&TT"), or an honorific right before it
 * ("ông Nguyễn Văn Kết").  Not across sentence punctuation; names that
 * are province names are not people. */
typedef struct tc_official {
    tc_span span;           /* the name */
    tc_span title_span;     /* the title as written, {0,0} when none */
    const char *name;       /* as written: "Lê Anh Tuấn" */
    const char *key;        /* folded, lower case, single spaces:
                             * "le anh tuan" */
    const char *title;      /* as written: "Phó Chủ tịch UBND tỉnh", or ""
                             * when only an honorific stands by the name
                             * (the honorific is never part of the title) */
    unsigned flags;         /* tc_official_flags */
} tc_official;

enum tc_figure_flags {
    TC_FIG_PERCENT = 1u << 0, /* "94,3%": unit "%" */
    TC_FIG_RATIO   = 1u << 1, /* "1.634/1.733 thôn": value 1634, total 1733 */
    TC_FIG_RATE    = 1u << 2  /* "80,87 máy/100 dân": the unit is a rate */
};

/* A number with a unit from a list (đồng, USD, người, thuê bao, hộ, km,
 * ha, tấn, %, giờ, vị trí, dự án, doanh nghiệp, ...; see docs/entities.md).
 * Years ("năm 2017"), dates, document numbers, ordinals ("lần thứ 3",
 * "Điều 5"), phone numbers and numbers without a listed unit are not
 * figures. */
typedef struct tc_figure {
    tc_span span;           /* number through unit, as written */
    tc_span context_span;   /* up to 6 syllables before, in the same
                             * clause (no punctuation, no number between);
                             * {0,0} when none */
    const char *text;       /* as written: "3.550 tỷ đồng" */
    const char *unit;       /* exact form (tone placement normalized, lower
                             * case, single spaces): "đồng", "thuê bao",
                             * "máy/100 dân", "%", "usd"; a written
                             * abbreviation is spelled out: "đ" and "vnđ"
                             * give "đồng".  "" when only a multiplier
                             * follows ("12 tỷ") */
    const char *unit_folded;/* the unit folded: "dong", "thue bao" */
    const char *context;    /* as written: "doanh thu toàn ngành đạt" */
    double value;           /* the number with its multiplier applied:
                             * "3.550 tỷ đồng" is 3.55e12, "80,87" 80.87 */
    double scale;           /* the multiplier: 1, 1e3 (nghìn, ngàn), 1e6
                             * (triệu), 1e9 (tỷ), products ("nghìn tỷ") */
    double total;           /* TC_FIG_RATIO only: the number after '/' */
    unsigned flags;         /* tc_figure_flags */
} tc_figure;

enum tc_date_flags {
    TC_DATE_YEAR_INFERRED = 1u << 0, /* "Chiều 11-1": the year was taken
                                      * from the metadata date or another
                                      * date of the text */
    TC_DATE_OF_REF        = 1u << 1, /* the date of issue of a legal
                                      * reference, not an event of the
                                      * text: never the document's date */
    TC_DATE_MONTH_ONLY    = 1u << 2, /* "tháng 10/2015", "2021-01": day 0 */
    TC_DATE_RECURRING     = 1u << 3  /* "ngày 30 tháng 6 hằng năm", "của năm
                                      * báo cáo": a day of any year; the
                                      * year stays 0 */
};

/* A calendar date, validated (day within its month, leap years). */
typedef struct tc_date {
    tc_span span;           /* as written, cue words included ("ngày 12
                             * tháng 1 năm 2024"); a time-of-day word
                             * ("Chiều") is not included */
    int year, month, day;   /* 0 when unknown (day: TC_DATE_MONTH_ONLY) */
    int32_t value;          /* YYYYMMDD, day 00 for a month; 0 when the
                             * year is unknown */
    unsigned flags;         /* tc_date_flags */
} tc_date;

enum tc_place_flags {
    TC_PLACE_PRE2025  = 1u << 0, /* one of the 63 units before 1 July 2025 */
    TC_PLACE_POST2025 = 1u << 1, /* one of the 34 units after it */
    TC_PLACE_CONTEXT  = 1u << 2  /* matched after "tỉnh", "thành phố", "TP"
                                  * and the like (set on the occurrence) */
};

/* One province or city in the table (tc_place_table()). */
typedef struct tc_place_info {
    const char *name;       /* display: "Thanh Hóa", "Thành phố Hồ Chí Minh" */
    const char *key;        /* folded: "thanh hoa", "ho chi minh" */
    unsigned flags;         /* TC_PLACE_PRE2025 / TC_PLACE_POST2025 */
} tc_place_info;

typedef struct tc_place {
    tc_span span;           /* the name as written ("TP.HCM", "Thanh Hoá") */
    int id;                 /* index in tc_place_table() */
    const char *name;       /* static: the table's display name */
    const char *key;        /* static: the table's key */
    unsigned flags;         /* the table's flags | TC_PLACE_CONTEXT */
} tc_place;

/* How often a document names a place. */
typedef struct tc_place_count {
    int id;
    const char *name, *key; /* static */
    uint32_t count;         /* occurrences kept (capped ones are not
                             * counted) */
    size_t first;           /* byte offset of the first occurrence */
} tc_place_count;

/* ---- the result -------------------------------------------------------- */

#define TC_ENT_TRUNC_TEXT (1u << 31) /* in truncated: max_bytes was hit */

/* Read-only for the caller; made and freed by this module.  Each array is
 * in text order (by span.start) and may be NULL when its count is 0. */
typedef struct tc_entities {
    tc_legalref *legalrefs;       size_t n_legalrefs;
    tc_official *officials;       size_t n_officials;
    tc_figure *figures;           size_t n_figures;
    tc_date *dates;               size_t n_dates;
    tc_place *places;             size_t n_places;
    /* one per distinct place, most named first (ties: first named
     * first) */
    tc_place_count *place_counts; size_t n_place_counts;
    int32_t doc_date;             /* see tc_entities_doc_date() */
    size_t bytes_scanned;         /* min(len, max_bytes) */
    size_t invalid_bytes;         /* invalid UTF-8 bytes met */
    unsigned truncated;           /* TC_ENT_MASK(kind) for each kind that
                                   * hit max_per_kind; TC_ENT_TRUNC_TEXT */
    size_t dropped[TC_ENT_NKINDS];/* records not kept, per kind */
    struct tc_ent_pool *pool_;    /* private: the strings */
} tc_entities;

/* Extract the entities of text[0..len) into a new *out, to be freed with
 * tc_entities_free().  text may hold any bytes and need not be
 * NUL-terminated; it is not kept.  opts may be NULL (the defaults).
 * Returns TC_OK, TC_EINVAL (out NULL, text NULL with len > 0, a limit out
 * of range), or TC_ENOMEM (nothing is returned then). */
int tc_entities_extract(const char *text, size_t len,
                        const tc_entity_opts *opts, tc_entities **out);

/* Free e and every string in it.  e may be NULL. */
void tc_entities_free(tc_entities *e);

/* The document's date as YYYYMMDD (day 00 when only the month is known),
 * 0 when none: the metadata date when opts->doc_date was valid, else from
 * the dates of the text's first TC_ENT_DOC_DATE_WINDOW bytes that are not
 * the date of a legal reference: the first full date; else the first
 * month, or a day of that month whose year was inferred ("date 2021-01
 * ... Chiều 11-1" gives 20210111); else the first date with an inferred
 * year.  e may be NULL (0). */
int32_t tc_entities_doc_date(const tc_entities *e);

/* A metadata date "YYYY-MM-DD" or "YYYY-MM" (a time after "T" or a space
 * is ignored) as YYYYMMDD or YYYYMM00; 0 when s is not such a date or not
 * a valid one (years 1000 to 2999). */
int32_t tc_date_from_meta(const char *s, size_t len);

/* The document's main places: *out points at e->place_counts and the
 * return value is min(k, e->n_place_counts).  e may be NULL (0). */
size_t tc_entities_top_places(const tc_entities *e, size_t k,
                              const tc_place_count **out);

/* ---- legal reference keys ---------------------------------------------- */

#define TC_LEGALREF_KEY_MAX 96

typedef struct tc_legalref_keys {
    char key[TC_LEGALREF_KEY_MAX];       /* "36a/nq/cp" */
    char short_key[TC_LEGALREF_KEY_MAX]; /* without the year part */
} tc_legalref_keys;

/* The key a user's query would have as a reference, so that the searcher
 * can look it up: the parts of the symbol (alphanumeric runs), folded
 * (lower case, đ -> d, marks dropped), leading zeros of the number
 * dropped, joined by '/'.  So "36a/NQ-CP", "36a/nq-cp", "36A/NQ-CP",
 * "36a nq cp" and "36a-NQ/CP" all give "36a/nq/cp", and "05/QĐ-UBND",
 * "5/QD-UBND" give "5/qd/ubnd".  A year part (four digits from 1945 to
 * 2099 right after the number) stays in key and is left out of
 * short_key: "2977/2013/QĐ-UBND" is "2977/2013/qd/ubnd" and
 * "2977/qd/ubnd".
 *
 * The query must look like a symbol as a whole: a number, an optional
 * year, then one to five code parts (letters first, no marks but đ), with
 * two code parts, or a year and one; typed with spaces, the first code
 * part must also be a known type or issuer code (nq, qd, cp, ubnd, qh14,
 * ...).  Returns TC_OK, TC_ENOTFOUND when q is not a symbol ("thuê bao
 * 2017", "14/10/2015"), TC_EINVAL when q or out is NULL. */
int tc_legalref_query_key(const char *q, size_t len, tc_legalref_keys *out);

/* ---- places ------------------------------------------------------------ */

/* The table: every province and city before and after 1 July 2025 (the 63
 * and the 34 share 33 names; Thừa Thiên Huế became Huế).  *n gets its size.
 * Static storage. */
const tc_place_info *tc_place_table(size_t *n);

/* The id of the place a name denotes, in any case and with or without
 * diacritics or a prefix ("Thanh Hoá", "thanh hoa", "tỉnh Thanh Hóa",
 * "TP.HCM", "Thành phố Hồ Chí Minh"); -1 when none. */
int tc_place_lookup(const char *name, size_t len);

/* ---- abbreviations ----------------------------------------------------- */

/* One abbreviation and one of its expansions; an abbreviation with
 * several expansions (TT: Thông tư, thông tin) has several entries. */
typedef struct tc_abbr {
    const char *abbr;          /* as usually written: "TT&TT" */
    const char *expansion;     /* "Thông tin và Truyền thông" */
    const char *abbr_key;      /* folded letters and digits only: "tttt" */
    const char *expansion_key; /* folded, single spaces:
                                * "thong tin va truyen thong" */
} tc_abbr;

/* The whole table, *n entries.  Static storage. */
const tc_abbr *tc_abbr_table(size_t *n);

/* The entries whose abbreviation matches s in any spelling ("TT&TT",
 * "TTTT", "tt&tt", "GD-ĐT", "GDĐT", "gddt": punctuation dropped, folded).
 * Up to cap pointers go to out; returns how many entries match (which
 * may exceed cap), 0 when none. */
size_t tc_abbr_expansions(const char *s, size_t len, const tc_abbr **out,
                          size_t cap);

/* The entries whose expansion is the phrase s (folded, in any case:
 * "Ủy ban nhân dân", "uy ban nhan dan", "Uỷ ban Nhân dân").  Same
 * conventions as tc_abbr_expansions. */
size_t tc_abbr_abbreviations(const char *s, size_t len, const tc_abbr **out,
                             size_t cap);

#ifdef __cplusplus
}
#endif

#endif
