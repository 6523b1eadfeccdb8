/* typing.c: Telex and VNI keys read as the syllable they spell, and what
 * a valid Vietnamese syllable is (typing.h).
 *
 * The keys are replayed into a small buffer of letters, each a base
 * letter with at most one vowel mark (circumflex, breve, horn, or the
 * stroke of đ) and its case, plus one tone for the whole word: the model
 * an input method keeps.  Vowel keys act on the last run of vowels typed
 * ("vieej": the e of "ie"), tone keys on the word.  The word is then
 * written out in NFD with the tone after its first vowel and handed to
 * the normaliser (analysis.h), which composes it and puts the tone where
 * the index's exact forms have it; the case of each letter is put back.
 *
 * Validity splits a syllable, toneless and in lower case, into an onset
 * and a rhyme found in the tables below (every onset is tried, so "gìn" is
 * g + in and "già" gi + a). */
#include "typing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tracuu/analysis.h"
#include "tracuu/error.h"

/* ---- the key buffer ------------------------------------------------- */

enum mark { M_NONE, M_CIRC, M_BREVE, M_HORN, M_STROKE };

/* Combining tone marks by tone number: 1 sắc, 2 huyền, 3 hỏi, 4 ngã,
 * 5 nặng (the VNI digits; Telex s f r x j). */
static const int32_t tone_mark[6] = {0, 0x0301, 0x0300, 0x0309, 0x0303,
                                     0x0323};
static const int32_t vowel_mark[5] = {0, 0x0302, 0x0306, 0x031B, 0};

typedef struct kletter {
    char base;             /* 'a'..'z' */
    unsigned char mark;    /* enum mark */
    unsigned char upper;
} kletter;

typedef struct keybuf {
    kletter L[TC_TYPING_MAX_IN];
    int n;
    int tone;              /* 0: none, else 1..5 */
    int retoned;           /* a tone key replaced another tone: "u23" is
                            * a team, not ủ typed with a slip */
} keybuf;

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha(char c) { return lower(c) >= 'a' && lower(c) <= 'z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static void put(keybuf *b, char c, enum mark m, int upper)
{
    kletter *l = &b->L[b->n++];   /* callers check the length first */
    l->base = lower(c);
    l->mark = (unsigned char)m;
    l->upper = (unsigned char)upper;
}

static int has_vowel(const keybuf *b)
{
    for (int i = 0; i < b->n; i++)
        if (is_vowel(b->L[i].base))
            return 1;
    return 0;
}

/* The last run of vowels: [*s, *e), 0 when there is no vowel. */
static int last_group(const keybuf *b, int *s, int *e)
{
    int i = b->n;
    while (i > 0 && !is_vowel(b->L[i - 1].base))
        i--;
    if (i == 0)
        return 0;
    *e = i;
    while (i > 0 && is_vowel(b->L[i - 1].base))
        i--;
    *s = i;
    return 1;
}

/* A tone key: set the tone, or undo it when it is already the tone (the
 * key is then typed).  Before any vowel the key is a letter. */
static void key_tone(keybuf *b, int tone, char c, int upper)
{
    if (!has_vowel(b)) {
        put(b, c, M_NONE, upper);
    } else if (b->tone == tone) {
        b->tone = 0;
        put(b, c, M_NONE, upper);
    } else {
        b->retoned |= b->tone != 0;
        b->tone = tone;
    }
}

/* Telex z, VNI 0: remove the tone; a letter when there is none. */
static void key_untone(keybuf *b, char c, int upper)
{
    if (b->tone)
        b->tone = 0;
    else
        put(b, c, M_NONE, upper);
}

/* Give mark m to the last vowel of the last run whose base is one of
 * bases (with last, only when it ends the run: Telex "khoeo" is not
 * "khôe"); the same mark again undoes it and types c.  0 when no vowel
 * takes it (the caller types the key). */
static int key_mark(keybuf *b, const char *bases, int last, enum mark m,
                    char c, int upper)
{
    int s, e;
    if (!last_group(b, &s, &e))
        return 0;
    if (last)
        s = e - 1;
    for (int i = e - 1; i >= s; i--) {
        kletter *l = &b->L[i];
        if (!strchr(bases, l->base))
            continue;
        if (l->mark == m) {
            l->mark = M_NONE;
            put(b, c, M_NONE, upper);
        } else {
            l->mark = (unsigned char)m;
        }
        return 1;
    }
    return 0;
}

/* The horn key (Telex w, VNI 7): "uo" takes it on both letters (ươ),
 * else the last u or o (and for Telex a, which takes the breve). */
static int key_horn(keybuf *b, int telex, char c, int upper)
{
    int s, e;
    if (last_group(b, &s, &e))
        for (int i = e - 1; i > s; i--)
            if (b->L[i - 1].base == 'u' && b->L[i].base == 'o') {
                kletter *u = &b->L[i - 1], *o = &b->L[i];
                if (u->mark == M_HORN && o->mark == M_HORN) {
                    u->mark = o->mark = M_NONE;
                    put(b, c, M_NONE, upper);
                } else {
                    u->mark = o->mark = M_HORN;
                }
                return 1;
            }
    if (telex && last_group(b, &s, &e)) {
        for (int i = e - 1; i >= s; i--)
            if (b->L[i].base == 'a')
                return key_mark(b, "a", 0, M_BREVE, c, upper);
            else if (b->L[i].base == 'u' || b->L[i].base == 'o')
                break;
    }
    return key_mark(b, "uo", 0, M_HORN, c, upper);
}

/* đ: Telex dd (the two keys together), VNI 9 after an initial d. */
static int key_stroke(keybuf *b, int telex, char c, int upper)
{
    if (b->n == 0 || b->L[0].base != 'd' || (telex && b->n != 1))
        return 0;
    if (b->L[0].mark == M_STROKE) {
        b->L[0].mark = M_NONE;
        put(b, c, M_NONE, upper);
    } else {
        b->L[0].mark = M_STROKE;
    }
    return 1;
}

static void telex_key(keybuf *b, char c)
{
    int up = c >= 'A' && c <= 'Z';
    char k = lower(c);
    int done = 1;
    switch (k) {
    case 's': key_tone(b, 1, c, up); break;
    case 'f': key_tone(b, 2, c, up); break;
    case 'r': key_tone(b, 3, c, up); break;
    case 'x': key_tone(b, 4, c, up); break;
    case 'j': key_tone(b, 5, c, up); break;
    case 'z': key_untone(b, c, up); break;
    case 'a': case 'e': case 'o': {
        char base[2] = {k, 0};
        done = key_mark(b, base, 1, M_CIRC, c, up);
        break;
    }
    case 'w':
        done = key_horn(b, 1, c, up);
        if (!done && !has_vowel(b)) {
            put(b, 'u', M_HORN, up);      /* a w on its own is ư */
            done = 1;
        }
        break;
    case 'd': done = key_stroke(b, 1, c, up); break;
    default: done = 0;
    }
    if (!done)
        put(b, c, M_NONE, up);
}

static void vni_key(keybuf *b, char c)
{
    int up = c >= 'A' && c <= 'Z';
    int done = 1;
    switch (c) {
    case '1': case '2': case '3': case '4': case '5':
        key_tone(b, c - '0', c, 0);
        break;
    case '0': key_untone(b, c, 0); break;
    case '6': done = key_mark(b, "aeo", 0, M_CIRC, c, 0); break;
    case '7': done = key_horn(b, 0, c, 0); break;
    case '8': done = key_mark(b, "a", 0, M_BREVE, c, 0); break;
    case '9': done = key_stroke(b, 0, c, 0); break;
    default: done = 0;
    }
    if (!done)
        put(b, c, M_NONE, up);
}

/* ---- writing the word out ------------------------------------------ */

static size_t put_utf8(int32_t cp, char *out)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* The buffer as NFD (lower case, tone after the first vowel) in nfd. */
static size_t to_nfd(const keybuf *b, char *nfd)
{
    size_t o = 0;
    int toned = 0;
    for (int i = 0; i < b->n; i++) {
        const kletter *l = &b->L[i];
        o += put_utf8(l->mark == M_STROKE ? 0x0111 : l->base, nfd + o);
        if (vowel_mark[l->mark])
            o += put_utf8(vowel_mark[l->mark], nfd + o);
        if (b->tone && !toned && is_vowel(l->base)) {
            o += put_utf8(tone_mark[b->tone], nfd + o);
            toned = 1;
        }
    }
    nfd[o] = '\0';
    return o;
}

/* Write the buffer through the normaliser, with each letter's case put
 * back, into out; 0 on failure. */
static size_t finish(const keybuf *b, char *out, size_t cap)
{
    char nfd[TC_TYPING_MAX_IN * 8 + 1];
    char *exact = NULL;
    size_t n = to_nfd(b, nfd), o = 0;
    if (n == 0 || tc_normalize_text(nfd, n, &exact, NULL) != TC_OK || !exact)
        return 0;
    const uint8_t *p = (const uint8_t *)exact;
    size_t len = strlen(exact), i = 0;
    int k = 0;
    while (i < len && k < b->n) {
        int32_t cp;
        utf8proc_ssize_t m = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (m <= 0 || o + 5 > cap)
            break;
        o += put_utf8(b->L[k].upper ? utf8proc_toupper(cp) : cp, out + o);
        i += (size_t)m;
        k++;
    }
    free(exact);
    if (i != len || k != b->n)
        return 0;             /* not one composed letter per key letter */
    out[o] = '\0';
    return o;
}

/* What an input method completes once the word is typed: "ươ" with
 * nothing after it is not a rhyme, "uơ" is (thuở, huơ), so uow there is
 * uơ; "ưo" before another letter is ươ ("nguwoif": người). */
static void complete_uo(keybuf *b)
{
    int n = b->n;
    for (int i = 0; i + 1 < n; i++) {
        kletter *u = &b->L[i], *o = &b->L[i + 1];
        if (u->base != 'u' || o->base != 'o' || u->mark != M_HORN)
            continue;
        if (o->mark == M_HORN && i + 2 == n)
            u->mark = M_NONE;
        else if (o->mark == M_NONE && i + 2 < n)
            o->mark = M_HORN;
    }
}

static size_t convert(const char *s, size_t len, int telex, char *out,
                      size_t cap)
{
    keybuf b;
    memset(&b, 0, sizeof b);
    if (len == 0 || len > TC_TYPING_MAX_IN || !is_alpha(s[0]))
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_alpha(s[i]) && (telex || !is_digit(s[i])))
            return 0;
        if (b.n == TC_TYPING_MAX_IN)
            return 0;
        if (telex)
            telex_key(&b, s[i]);
        else
            vni_key(&b, s[i]);
    }
    if (b.retoned)
        return 0;
    complete_uo(&b);
    return finish(&b, out, cap);
}

size_t tc_telex_to_vi(const char *s, size_t len, char *out, size_t cap)
{
    return convert(s, len, 1, out, cap);
}

size_t tc_vni_to_vi(const char *s, size_t len, char *out, size_t cap)
{
    return convert(s, len, 0, out, cap);
}

/* ---- valid syllables ------------------------------------------------- */

/* Onsets, longest first so that a prefix is tried after what contains
 * it (every one is tried anyway). */
static const char *const onsets[] = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
    "v", "x", ""};

/* Rhymes without tone: the medial (o, u), the nucleus and the coda, as
 * written.  After qu the medial is the u of qu: "qua" is qu + a. */
static const char *const rhymes[] = {
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at",
    "au", "ay",
    "ă", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
    "â", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
    "e", "ec", "em", "en", "eng", "eo", "ep", "et",
    "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu",
    "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong",
    "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao",
    "oap", "oat", "oay",
    "oăc", "oăm", "oăn", "oăng", "oăt",
    "oe", "oen", "oeo", "oet",
    "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt",
    "ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
    "u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut",
    "uân", "uâng", "uât", "uây",
    "uê", "uêch", "uênh",
    "uy", "uya", "uych", "uyn", "uynh", "uyp", "uyt", "uyu", "uyên",
    "uyêt",
    "uôc", "uôi", "uôm", "uôn", "uông", "uôt",
    "uơ",
    "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu",
    "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
    "y", "ych", "ynh", "yt", "yêm", "yên", "yêng", "yêt", "yêu"};

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int ends(const char *s, const char *p)
{
    size_t n = strlen(s), m = strlen(p);
    return n >= m && strcmp(s + n - m, p) == 0;
}

static int is_rhyme(const char *r)
{
    for (size_t i = 0; i < sizeof rhymes / sizeof rhymes[0]; i++)
        if (strcmp(r, rhymes[i]) == 0)
            return 1;
    return 0;
}

/* A front vowel starts the rhyme: i, e, ê (and y, which k takes). */
static int front(const char *r)
{
    return starts(r, "i") || starts(r, "e") || starts(r, "ê");
}

/* May onset o stand before rhyme r? */
static int onset_fits(const char *o, const char *r)
{
    if (!strcmp(o, "k"))
        return front(r) || starts(r, "y");
    if (!strcmp(o, "gh") || !strcmp(o, "ngh"))
        return front(r);
    if (!strcmp(o, "c") || !strcmp(o, "ng"))
        return !front(r) && !starts(r, "y");
    if (!strcmp(o, "g"))
        return !starts(r, "e") && !starts(r, "ê");
    if (!strcmp(o, "qu"))
        return !starts(r, "u") && !starts(r, "o") && !starts(r, "ư");
    if (!strcmp(o, "gi"))
        return !starts(r, "i");
    if (starts(r, "yê"))
        return !strcmp(o, "");        /* yên, yêu; with an onset: iê */
    if (starts(r, "y") && r[1])
        return 0;                     /* quýt, quỳnh: after qu only */
    if (starts(r, "iê"))
        return strcmp(o, "") != 0;
    return 1;
}

/* The toneless, lower-case NFC form of s in out, its tone in *tone (0
 * none, else the mark); 0 when s has more than one tone or a mark that no
 * Vietnamese letter has. */
static int untone(const char *s, size_t len, char *out, size_t cap,
                  int32_t *tone)
{
    utf8proc_int32_t cps[4 * TC_TYPING_MAX_IN];
    utf8proc_ssize_t n = utf8proc_decompose(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cps,
        (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]),
        UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    if (n <= 0 || n > (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]))
        return 0;
    char nfd[sizeof cps];
    size_t o = 0;
    *tone = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t cp = cps[i];
        int is_tone = 0;
        for (int t = 1; t <= 5; t++)
            is_tone |= cp == tone_mark[t];
        if (is_tone) {
            if (*tone)
                return 0;
            *tone = cp;
        } else if ((cp >= 'a' && cp <= 'z') || cp == 0x0111 ||
                   cp == 0x0302 || cp == 0x0306 || cp == 0x031B) {
            o += put_utf8(cp, nfd + o);
        } else {
            return 0;
        }
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)nfd,
                                      (utf8proc_ssize_t)o, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int ok = m > 0 && (size_t)m < cap;
    if (ok) {
        memcpy(out, nfc, (size_t)m);
        out[m] = '\0';
    }
    free(nfc);
    return ok;
}

int tc_vi_syllable_valid(const char *s, size_t len)
{
    char w[TC_TYPING_MAX_OUT];
    int32_t tone;
    if (len == 0 || len > TC_TYPING_MAX_OUT - 1 ||
        !untone(s, len, w, sizeof w, &tone))
        return 0;
    for (size_t i = 0; i < sizeof onsets / sizeof onsets[0]; i++) {
        const char *o = onsets[i], *r = w + strlen(o);
        if (!starts(w, o) || !is_rhyme(r) || !onset_fits(o, r))
            continue;
        /* a rhyme closed by a stop takes sắc or nặng, or no tone at all
         * is not a syllable either */
        if ((ends(r, "p") || ends(r, "t") || ends(r, "c") || ends(r, "ch")) &&
            tone != 0x0301 && tone != 0x0323)
            continue;
        return 1;
    }
    return 0;
}

size_t tc_typing_syllable(const char *s, size_t len, char *out, size_t cap)
{
    int vni = 0;
    if (len < 3)
        return 0;       /* "a1", "as", "tw": codes and words more often */
    for (size_t i = 0; i < len; i++)
        vni |= is_digit(s[i]);
    size_t n = vni ? tc_vni_to_vi(s, len, out, cap)
                   : tc_telex_to_vi(s, len, out, cap);
    if (n == 0 || (n == len && memcmp(out, s, len) == 0) ||
        !tc_vi_syllable_valid(out, n))
        return 0;
    return n;
}
