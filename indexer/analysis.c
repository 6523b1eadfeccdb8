/* analysis.c: Vietnamese tokenization, normalization and diacritic folding.
 *
 * tc_tokenize() walks UTF-8 text once, splitting it into words (letters,
 * marks and digits; see scan_word) and numbers (see scan_number), and hands
 * each token to the caller with its byte offsets and two normal forms:
 *
 *   exact   NFC, case-folded, the tone mark moved to its traditional
 *           position (tone_target() has the rule: "hoà" -> "hòa", "uỷ" ->
 *           "ủy"), the look-alike ð written đ;
 *   folded  all marks dropped and đ/ð mapped to d (Unicode gives đ no
 *           decomposition, so utf8proc alone would keep it).
 *
 * The per-word normalization goes through utf8proc and allocates, so its
 * results are kept in a small per-thread cache keyed by the bytes as
 * written: Vietnamese has a few thousand syllables, and nearly every token
 * of a real text is a cache hit.
 *
 * What terms a token becomes in the index is terms.c's business. */
#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <utf8proc.h>

/* ---- UTF-8 helpers ---------------------------------------------------- */

#define REPLACEMENT_CHAR 0xFFFD

/* Decode one code point at s[0..len); invalid input decodes as U+FFFD of
 * length 1, and *invalid is set. */
static size_t decode(const char *s, size_t len, int32_t *cp, int *invalid)
{
    unsigned char c = (unsigned char)s[0];
    *invalid = 0;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, cp);
    if (n <= 0) {
        *cp = REPLACEMENT_CHAR;
        *invalid = 1;
        return 1;
    }
    return (size_t)n;
}

static size_t encode(int32_t cp, char *out)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

int tc_utf8_sanitize(const char *s, size_t len, char **out, size_t *outlen,
                     size_t *replaced)
{
    /* Each input byte becomes at most 3 output bytes (U+FFFD). */
    char *buf = malloc(len * 3 + 1);
    size_t o = 0, bad = 0;
    if (!buf)
        return TC_ENOMEM;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c != 0 && c < 0x80) {
            buf[o++] = (char)c;
            i++;
            continue;
        }
        int32_t cp;
        int invalid;
        size_t n = decode(s + i, len - i, &cp, &invalid);
        if (c == 0) {
            buf[o++] = ' ';
            bad++;
        } else if (invalid) {
            o += encode(REPLACEMENT_CHAR, buf + o);
            bad++;
        } else {
            memcpy(buf + o, s + i, n);
            o += n;
        }
        i += n;
    }
    buf[o] = '\0';
    *out = buf;
    if (outlen)
        *outlen = o;
    if (replaced)
        *replaced += bad;
    return TC_OK;
}

/* ---- character classes ------------------------------------------------ */

enum cclass { C_SPACE, C_NEWLINE, C_PUNCT, C_LETTER, C_DIGIT, C_MARK,
              C_IGNORABLE };

static enum cclass classify(int32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f')
            return C_NEWLINE;
        if (cp == ' ' || cp == '\t')
            return C_SPACE;
        return C_PUNCT;
    }
    /* Vietnamese lives here: Latin-1 to IPA letters, combining marks,
     * Latin Extended Additional (no property lookup needed) */
    if (cp >= 0xC0 && cp <= 0x2AF && cp != 0xD7 && cp != 0xF7)
        return C_LETTER;
    if (cp >= 0x300 && cp <= 0x36F)
        return C_MARK;
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return C_LETTER;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ZS:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_NEWLINE;
    case UTF8PROC_CATEGORY_CF:
        /* zero-width joiners, soft hyphens, direction marks: invisible,
         * they neither split a word nor belong to it */
        return C_IGNORABLE;
    default:
        return C_PUNCT;
    }
}

static int is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* ---- tone placement --------------------------------------------------- */

/* The five Vietnamese tone marks (combining): huyền, sắc, ngã, hỏi, nặng. */
static int is_tone_mark(int32_t cp)
{
    return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 ||
           cp == 0x0323;
}

/* Marks that make a different vowel: circumflex, breve, horn. */
static int is_quality_mark(int32_t cp)
{
    return cp == 0x0302 || cp == 0x0306 || cp == 0x031B;
}

static int is_vowel(int32_t base)
{
    return base == 'a' || base == 'e' || base == 'i' || base == 'o' ||
           base == 'u' || base == 'y';
}

#define MAX_LETTERS 24
#define MAX_MARKS 4

/* A letter after decomposition: its base and the marks that follow it. */
typedef struct letter {
    int32_t base;
    int32_t marks[MAX_MARKS];
    int nmarks;
    int quality;  /* has a quality mark */
} letter;

/* Which letter of a one-syllable word should carry the tone, in the
 * traditional placement most text and most keyboards use ("hòa", "khỏe",
 * "thủy", "quý", "giữ", "ngoài"; the newer rule writes "hoà", "khoẻ",
 * "thuỷ"); -1 when the
 * word is not a Vietnamese syllable and its marks are left where they
 * are. */
static int tone_target(const letter *L, int n)
{
    int s = 0;
    while (s < n && !is_vowel(L[s].base))
        s++;
    int e = s;
    while (e < n && is_vowel(L[e].base))
        e++;
    for (int i = e; i < n; i++)
        if (is_vowel(L[i].base))
            return -1;          /* two vowel groups: not one syllable */
    if (e - s == 0)
        return -1;
    /* "qu" and "gi": the u and the i belong to the initial consonant */
    if (e - s > 1 && s > 0 &&
        ((L[s - 1].base == 'q' && L[s].base == 'u') ||
         (L[s - 1].base == 'g' && L[s].base == 'i' && s == 1)))
        s++;
    int m = e - s, last_quality = -1;
    for (int i = s; i < e; i++)
        if (L[i].quality)
            last_quality = i;
    if (last_quality >= 0)
        return last_quality;    /* ươ -> ơ, iê -> ê, uô -> ô, ưa -> ư */
    if (m == 1)
        return s;
    if (e < n)
        return e - 1;           /* closed syllable: hoàn, huỳnh */
    if (m == 2)
        return s;               /* hòa, khỏe, thủy; mía, múa, tài, sáu */
    if (m == 3)
        return s + 1;           /* ngoài, xoáy, khuỷu */
    return -1;
}

/* Move the single tone mark of a syllable to its modern place.  Words with
 * no tone, several tones, or a tone on a consonant are left alone. */
static void place_tone(letter *L, int n)
{
    int tone_at = -1, tones = 0;
    int32_t tone = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < L[i].nmarks; k++)
            if (is_tone_mark(L[i].marks[k])) {
                tones++;
                tone_at = i;
                tone = L[i].marks[k];
            }
    if (tones != 1 || !is_vowel(L[tone_at].base))
        return;
    int target = tone_target(L, n);
    if (target < 0 || target == tone_at)
        return;
    letter *from = &L[tone_at], *to = &L[target];
    int k = 0;
    for (int j = 0; j < from->nmarks; j++)
        if (from->marks[j] != tone)
            from->marks[k++] = from->marks[j];
    from->nmarks = k;
    if (to->nmarks < MAX_MARKS)
        to->marks[to->nmarks++] = tone;
}

/* ---- word normalization (the slow path) ------------------------------- */

typedef struct norm {
    char exact[3 * TC_TOKEN_MAX_BYTES];
    size_t exact_len;
    char folded[3 * TC_TOKEN_MAX_BYTES];
    size_t folded_len;
    unsigned flags;
} norm;

static int32_t fold_base(int32_t cp)
{
    if (cp == 0x0111 || cp == 0x00F0)   /* đ, ð (Đ, Ð are case-folded) */
        return 'd';
    return cp;
}

/* Split NFD, case-folded code points into letters with their marks.
 * Returns the number of letters, or -1 when the word is too long or has
 * too many marks to be treated as a syllable. */
static int split_letters(const int32_t *cps, size_t n, letter *L)
{
    int nl = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t cp = cps[i];
        if (classify(cp) == C_MARK) {
            if (nl == 0 || L[nl - 1].nmarks == MAX_MARKS)
                return -1;
            L[nl - 1].marks[L[nl - 1].nmarks++] = cp;
            if (is_quality_mark(cp))
                L[nl - 1].quality = 1;
            continue;
        }
        if (nl == MAX_LETTERS)
            return -1;
        L[nl].base = cp == 0x00F0 ? 0x0111 : cp;   /* ð looks like đ */
        L[nl].nmarks = 0;
        L[nl].quality = 0;
        nl++;
    }
    return nl;
}

/* Write the letters as UTF-8 NFD into buf; returns the length. */
static size_t letters_to_utf8(const letter *L, int n, char *buf)
{
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        o += encode(L[i].base, buf + o);
        for (int k = 0; k < L[i].nmarks; k++)
            o += encode(L[i].marks[k], buf + o);
    }
    return o;
}

/* Compose src into dst as NFC; returns its length, or 0 on failure. */
static size_t compose(const char *src, size_t len, char *dst, size_t cap)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)src,
                                      (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || (size_t)n >= cap) {
        free(out);
        return 0;
    }
    memcpy(dst, out, (size_t)n);
    free(out);
    return (size_t)n;
}

/* Normalize the word raw[0..len) (valid UTF-8, letters/marks/digits and
 * ignorables only) into nm.  Returns 0, or -1 when it cannot be (too long,
 * out of memory): the caller skips such a token. */
static int normalize_word(const char *raw, size_t len, norm *nm)
{
    utf8proc_int32_t cps[4 * TC_TOKEN_MAX_BYTES];
    utf8proc_ssize_t n = utf8proc_decompose(
        (const utf8proc_uint8_t *)raw, (utf8proc_ssize_t)len, cps,
        (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]),
        UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
            UTF8PROC_IGNORE);
    if (n < 0 || n > (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]))
        return -1;

    /* folded: bases only */
    size_t fo = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (classify(cps[i]) == C_MARK)
            continue;
        if (fo + 4 >= sizeof nm->folded)
            return -1;
        fo += encode(fold_base(cps[i]), nm->folded + fo);
    }
    nm->folded_len = fo;

    /* exact: tone moved, composed back to NFC */
    letter L[MAX_LETTERS];
    char nfd[sizeof nm->exact * 2];
    int nl = split_letters(cps, (size_t)n, L);
    size_t dlen;
    if (nl >= 0) {
        place_tone(L, nl);
        dlen = letters_to_utf8(L, nl, nfd);
    } else {
        dlen = 0;
        for (utf8proc_ssize_t i = 0; i < n; i++) {
            if (dlen + 4 >= sizeof nfd)
                return -1;
            dlen += encode(cps[i], nfd + dlen);
        }
    }
    nm->exact_len = compose(nfd, dlen, nm->exact, sizeof nm->exact);
    if (nm->exact_len == 0 || nm->exact_len > TC_TOKEN_MAX_BYTES ||
        fo == 0)
        return -1;
    if (nm->exact_len != fo || memcmp(nm->exact, nm->folded, fo) != 0)
        nm->flags |= TC_TOK_MARKED;
    return 0;
}

/* ---- numbers ---------------------------------------------------------- */

/* Canonical form of a run of digits and [.,] separators (every separator
 * sits between two digits).  Thousands separators are dropped, a decimal
 * comma kept: "1.800.000" -> "1800000", "3.550,5" -> "3550,5", "80,87"
 * stays.  Anything else ("4.0", "0237.3852") is kept as written. */
static size_t canonical_number(const char *s, size_t len, char *out)
{
    size_t ndots = 0, ncommas = 0, last_comma = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.')
            ndots++;
        else if (s[i] == ',') {
            ncommas++;
            last_comma = i;
        }
    }
    char sep = 0;                 /* the thousands separator, if any */
    size_t int_end = len;         /* end of the grouped integer part */
    if (ndots > 0 && ncommas <= 1) {
        sep = '.';
        if (ncommas == 1)
            int_end = last_comma;
    } else if (ncommas > 1 && ndots == 0) {
        sep = ',';
    }
    if (sep) {
        /* groups after the first must be 3 digits, the first 1 to 3 */
        size_t g = 0, first = 1, ok = 1;
        for (size_t i = 0; i <= int_end && ok; i++) {
            if (i == int_end || s[i] == sep) {
                if ((first && (g < 1 || g > 3)) || (!first && g != 3))
                    ok = 0;
                first = 0;
                g = 0;
            } else if (s[i] >= '0' && s[i] <= '9') {
                g++;
            } else {
                ok = 0;
            }
        }
        if (!ok)
            sep = 0;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (!(sep && s[i] == sep && i < int_end))
            out[o++] = s[i];
    return o;
}

/* ---- the per-thread cache --------------------------------------------- */

#define CACHE_SLOTS 32768    /* power of two */
#define CACHE_KEY_MAX 40
#define CACHE_FORM_MAX 48    /* longer forms are not cached */

/* A word's forms, compact: a syllable's forms are a few bytes, so an entry
 * is about 150 bytes and 32,768 of them (5 MB a thread) hold a corpus's
 * vocabulary, cases and spellings included. */
typedef struct cache_entry {
    uint32_t hash;
    uint8_t keylen;           /* 0: empty slot */
    uint8_t elen, flen;
    unsigned flags;
    char key[CACHE_KEY_MAX];
    char exact[CACHE_FORM_MAX], folded[CACHE_FORM_MAX];
} cache_entry;

static _Thread_local cache_entry *cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* Each thread's cache is freed when the thread ends (the key's destructor)
 * or, for the main thread, at exit. */
static void free_main_cache(void) { free(cache); cache = NULL; }
static void make_cache_key(void)
{
    pthread_key_create(&cache_key, free);
    atexit(free_main_cache);
}

static cache_entry *get_cache(void)
{
    if (cache)
        return cache;
    pthread_once(&cache_once, make_cache_key);
    cache = calloc(CACHE_SLOTS, sizeof *cache);
    if (cache)
        pthread_setspecific(cache_key, cache);
    return cache;
}

static uint32_t hash32(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static int entry_is(const cache_entry *e, uint32_t h, const char *raw,
                    size_t len)
{
    return e->keylen == len && e->hash == h && memcmp(e->key, raw, len) == 0;
}

static void entry_get(const cache_entry *e, norm *nm)
{
    memcpy(nm->exact, e->exact, e->elen);
    nm->exact_len = e->elen;
    memcpy(nm->folded, e->folded, e->flen);
    nm->folded_len = e->flen;
    nm->flags = e->flags;
}

static void entry_put(cache_entry *e, uint32_t h, const char *raw,
                      size_t len, const norm *nm)
{
    e->hash = h;
    e->keylen = (uint8_t)len;
    memcpy(e->key, raw, len);
    e->elen = (uint8_t)nm->exact_len;
    memcpy(e->exact, nm->exact, nm->exact_len);
    e->flen = (uint8_t)nm->folded_len;
    memcpy(e->folded, nm->folded, nm->folded_len);
    e->flags = nm->flags;
}

/* The normal forms of raw[0..len) into nm, from the cache or computed.
 * A word has two places in the cache (two ways): a new word goes to the
 * first, moving what was there to the second.  Returns 0, -1 when the word
 * cannot be normalized (skip it), TC_ENOMEM when the cache cannot be
 * made. */
static int lookup_word(const char *raw, size_t len, norm *nm)
{
    nm->flags = 0;
    if (len > CACHE_KEY_MAX)
        return normalize_word(raw, len, nm) != 0 ? -1 : 0;
    cache_entry *c = get_cache();
    if (!c)
        return TC_ENOMEM;
    uint32_t h = hash32(raw, len);
    cache_entry *a = &c[h & (CACHE_SLOTS - 1)];
    cache_entry *b = &c[(h * 2654435761u >> 15) & (CACHE_SLOTS - 1)];
    if (entry_is(a, h, raw, len) || entry_is(b, h, raw, len)) {
        entry_get(entry_is(a, h, raw, len) ? a : b, nm);
        return 0;
    }
    if (normalize_word(raw, len, nm) != 0)
        return -1;
    if (nm->exact_len <= CACHE_FORM_MAX && nm->folded_len <= CACHE_FORM_MAX) {
        if (a->keylen && a != b)
            *b = *a;
        entry_put(a, h, raw, len, nm);
    }
    return 0;
}

/* ---- the tokenizer ---------------------------------------------------- */

typedef struct scanner {
    const char *s;
    size_t len;
    size_t i;          /* next byte to read */
    tc_tokenize_stats *stats;
} scanner;

/* Peek the code point at byte i; returns its byte length. */
static size_t peek(const scanner *sc, size_t i, int32_t *cp, enum cclass *cc)
{
    int invalid;
    size_t n = decode(sc->s + i, sc->len - i, cp, &invalid);
    *cc = invalid ? C_PUNCT : classify(*cp);
    return n;
}

static int is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

/* Scan a number starting at sc->i: digits with single [.,] separators
 * between digits, then an optional %.  Letters or digits right after it
 * make it an alphanumeric word instead ("36a", "4g"): returns 0 then. */
static int scan_number(scanner *sc, size_t *end, int *percent)
{
    size_t i = sc->i;
    const char *s = sc->s;
    while (i < sc->len) {
        if (is_ascii_digit(s[i])) {
            i++;
        } else if ((s[i] == '.' || s[i] == ',') && i + 1 < sc->len &&
                   is_ascii_digit(s[i + 1])) {
            i++;
        } else {
            break;
        }
    }
    *percent = 0;
    if (i < sc->len) {
        int32_t cp;
        enum cclass cc;
        peek(sc, i, &cp, &cc);
        if (cc == C_LETTER || cc == C_DIGIT || cc == C_MARK)
            return 0;
        if (s[i] == '%') {
            *percent = 1;
            i++;
        }
    }
    *end = i;
    return 1;
}

/* Scan a word: letters, digits, marks, and ignorables inside it. */
static size_t scan_word(scanner *sc, unsigned *flags)
{
    size_t i = sc->i;
    int letters = 0, uppers = 0, first = 1;
    while (i < sc->len) {
        int32_t cp;
        enum cclass cc;
        size_t n = peek(sc, i, &cp, &cc);
        if (cc == C_LETTER) {
            letters++;
            if (is_upper(cp)) {
                uppers++;
                if (first)
                    *flags |= TC_TOK_CAPITAL;
            }
        } else if (cc != C_DIGIT && cc != C_MARK && cc != C_IGNORABLE) {
            break;
        }
        first = 0;
        i += n;
    }
    if (letters >= 2 && uppers == letters)
        *flags |= TC_TOK_ALLCAPS;
    return i;
}

/* A gap between two tokens breaks adjacency unless it is plain spaces
 * (one line break among them too: a line wrapped inside a paragraph, as
 * scraped legal texts are at 72 columns, "sức lan toả\nxã hội"), or one
 * joiner with no space ("KT-XH", "TT&TT", "1.634/1.733").  A blank line,
 * or any other line or paragraph separator, breaks it. */
typedef struct gap {
    int newline, spaces, others, joiner;
} gap;

static int gap_breaks(const gap *g)
{
    if (g->newline > 1)
        return 1;
    if (g->others == 0)
        return 0;
    return !(g->others == 1 && g->joiner && g->spaces == 0);
}

static void gap_add(gap *g, int32_t cp, enum cclass cc)
{
    if (cc == C_NEWLINE) {
        g->newline += cp == '\r' ? 0 : cp == '\n' ? 1 : 2;
        g->spaces++;           /* "KT-\nXH" is no joined word */
    }
    else if (cc == C_SPACE)
        g->spaces++;
    else if (cc != C_IGNORABLE) {
        g->others++;
        g->joiner = cp == '-' || cp == '&' || cp == '/' || cp == '_' ||
                    cp == '\'' || cp == 0x2019 || cp == '.';
    }
}

/* Emit one token.  Returns the callback's result, TC_ENOMEM, or
 * EMIT_SKIPPED for a token that was left out (too long). */
#define EMIT_SKIPPED INT32_MIN
static int emit(scanner *sc, size_t start, size_t end, unsigned flags,
                int is_number, uint32_t index, tc_token_fn fn, void *ctx)
{
    const char *raw = sc->s + start;
    size_t len = end - start;
    norm nm;
    tc_token tok;
    char buf[3 * TC_TOKEN_MAX_BYTES];

    if (len > TC_TOKEN_MAX_BYTES) {
        if (sc->stats)
            sc->stats->skipped_long++;
        return EMIT_SKIPPED;
    }
    if (is_number) {
        size_t n = canonical_number(raw, len - ((flags & TC_TOK_PERCENT) ? 1 : 0),
                                    buf);
        if (flags & TC_TOK_PERCENT)
            buf[n++] = '%';
        tok.exact = tok.folded = buf;
        tok.exact_len = tok.folded_len = n;
    } else {
        int rc = lookup_word(raw, len, &nm);
        if (rc == TC_ENOMEM)
            return TC_ENOMEM;
        if (rc != 0) {
            if (sc->stats)
                sc->stats->skipped_long++;
            return EMIT_SKIPPED;
        }
        /* nm is on this stack: a callback that tokenizes too cannot
         * overwrite it */
        tok.exact = nm.exact;
        tok.exact_len = nm.exact_len;
        tok.folded = nm.folded;
        tok.folded_len = nm.folded_len;
        flags |= nm.flags;
    }
    tok.start = start;
    tok.end = end;
    tok.index = index;
    tok.flags = flags;
    if (sc->stats)
        sc->stats->tokens++;
    return fn(ctx, &tok);
}

int tc_tokenize(const char *text, size_t len, tc_token_fn fn, void *ctx,
                tc_tokenize_stats *stats)
{
    scanner sc = { text, len, 0, stats };
    gap g = { 0, 0, 0, 0 };
    uint32_t index = 0;

    while (sc.i < len) {
        int32_t cp;
        enum cclass cc;
        int invalid;
        size_t n = decode(text + sc.i, len - sc.i, &cp, &invalid);
        cc = invalid ? C_PUNCT : classify(cp);
        if (invalid && stats)
            stats->invalid_bytes++;
        if (cc != C_LETTER && cc != C_DIGIT) {
            gap_add(&g, cp, cc);
            sc.i += n;
            continue;
        }
        unsigned flags = (index > 0 && gap_breaks(&g)) ? TC_TOK_BREAK : 0;
        size_t start = sc.i, end;
        int percent, is_number = 0;
        if (cc == C_DIGIT && cp < 0x80 && scan_number(&sc, &end, &percent)) {
            is_number = 1;
            flags |= TC_TOK_NUMBER | (percent ? TC_TOK_PERCENT : 0);
        } else {
            if (cc == C_DIGIT)
                flags |= TC_TOK_NUMBER;   /* "36a", "4G": starts with a digit */
            end = scan_word(&sc, &flags);
        }
        int rc = emit(&sc, start, end, flags, is_number, index, fn, ctx);
        if (rc == 0)
            index++;
        else if (rc != EMIT_SKIPPED)
            return rc;
        sc.i = end;
        memset(&g, 0, sizeof g);
    }
    return TC_OK;
}

/* ---- whole-text helpers ----------------------------------------------- */

/* Tokens joined by one space, in both forms. */
typedef struct joiner {
    tc_buf exact, folded;
} joiner;

static void join_one(tc_buf *b, const char *s, size_t n)
{
    if (b->len > 0)
        tc_buf_put(b, " ", 1);
    tc_buf_put(b, s, n);
}

static int join_token(void *ctx, const tc_token *tok)
{
    joiner *j = ctx;
    join_one(&j->exact, tok->exact, tok->exact_len);
    join_one(&j->folded, tok->folded, tok->folded_len);
    return j->exact.oom || j->folded.oom ? TC_ENOMEM : 0;
}

int tc_normalize_text(const char *text, size_t len, char **exact,
                      char **folded)
{
    joiner j;
    memset(&j, 0, sizeof j);
    tc_tokenize(text, len, join_token, &j, NULL);
    char *e = tc_buf_finish(&j.exact), *f = tc_buf_finish(&j.folded);
    if (!e || !f) {
        free(e);
        free(f);
        return TC_ENOMEM;
    }
    if (exact)
        *exact = e;
    else
        free(e);
    if (folded)
        *folded = f;
    else
        free(f);
    return TC_OK;
}

static int find_marked(void *ctx, const tc_token *tok)
{
    (void)ctx;
    return (tok->flags & TC_TOK_MARKED) ? 7 : 0;
}

int tc_has_diacritics(const char *text, size_t len)
{
    return tc_tokenize(text, len, find_marked, NULL, NULL) == 7;
}
