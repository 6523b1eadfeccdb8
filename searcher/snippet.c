/* snippet.c: the highlighter core (snippet.h), free of Xapian and of any
 * output channel, in the manner of RediSearch's fragmenter.
 *
 * tc_snippet() works in three steps, after a pre-scan: when the query was
 * typed with diacritics, the words the text holds exactly as typed are
 * found first (the scan stops once all are), and for those words a
 * look-alike ("Thanh" for the query "thành") neither scores nor is
 * highlighted.
 *
 *   1. score: the whole text is tokenized once with tc_tokenize(); every
 *      token that matches a query word (by folded form) and every phrase
 *      occurrence (shift-and over folded forms, punctuation ignored as
 *      Xapian ignores it) becomes a "unit".  A sliding window over the
 *      units, no wider than the target length, is scored by the number of
 *      distinct query terms it holds (dominant), then by exact-diacritic
 *      matches and adjacency/phrase bonuses, and a bonus for a query word
 *      right after a number (a figure: "1.800.000 thuê bao"); ties go to
 *      the earlier window.
 *      Memory is O(units in the window), time O(text).  Past SCAN_CAP bytes
 *      the scan stops as soon as some window holds every query term: a
 *      later passage could only win on the bonuses.
 *   2. lay out: the passage of about target_len bytes around the best
 *      window (about a quarter of it before the first match) is cut at
 *      token boundaries; only that neighbourhood is tokenized again, to find
 *      the boundaries and the highlight spans (runs of matching tokens not
 *      separated by punctuation, and phrase occurrences, each as one span).
 *   3. render: HTML-escaped with <mark></mark>, or raw with ANSI bold;
 *      whitespace runs collapse to one space, control characters become
 *      spaces, invalid UTF-8 becomes U+FFFD, "…" marks a cut.
 *
 * What the query asks for (tc_highlight) is the query parser's business;
 * how text becomes tokens is analysis.c's. */
#include "snippet.h"

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Past this many bytes, stop once a window holds every query term. */
#define SCAN_CAP (256u * 1024u)
/* However the scan goes, no more of a text is read than this: the
 * snippet of a 1 MB law is found in its first megabyte's opening quarter,
 * or the opening is shown (search latency stays bounded). */
#define SCAN_LIMIT (256u * 1024u)
/* Phrases are matched with a 64-bit shift-and state: the query parser
 * never makes longer ones (TC_QUERY_MAX_WORDS is 64); longer ones are
 * matched on their first 64 words. */
#define PHRASE_MAX 64
/* Score weights: distinct terms dominate the bonuses, which are capped. */
#define W_DISTINCT 1000
#define W_EXACT 4
#define W_ADJACENT 2
#define W_PHRASE 3
#define W_FIGURE 3   /* a query word right after a number: "1.800.000 thuê
                      * bao", the passage that answers "how many" */
#define BONUS_MAX (W_DISTINCT - 1)
/* A cut in a gap moves to the next word when it is this close. */
#define GAP_SKIP 32
/* Slack around the passage when tokenizing it again: more than twice the
 * longest token, so the boundaries near the cuts are the real ones. */
#define REGION_SLACK (2 * TC_TOKEN_MAX_BYTES + 16)

static const char ELLIPSIS[] = "\xe2\x80\xa6";

/* ---- tc_highlight ------------------------------------------------------ */

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int tc_highlight_add_word(tc_highlight *hl, const char *folded, size_t flen,
                          const char *exact, size_t elen)
{
    tc_hl_word w = { dup_n(folded, folded ? flen : 0), NULL };
    if (exact && elen)
        w.exact = dup_n(exact, elen);
    tc_hl_word *nw = realloc(hl->words, (hl->nwords + 1) * sizeof *nw);
    if (!w.folded || (exact && elen && !w.exact) || !nw) {
        free(w.folded);
        free(w.exact);
        if (nw)
            hl->words = nw;
        return TC_ENOMEM;
    }
    nw[hl->nwords++] = w;
    hl->words = nw;
    return TC_OK;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n && s; i++)
        free(s[i]);
    free(s);
}

int tc_highlight_add_phrase(tc_highlight *hl, const char *const *folded,
                            const size_t *lens, size_t n)
{
    if (n == 0)
        return TC_OK;
    char **words = calloc(n, sizeof *words);
    if (!words)
        return TC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        words[i] = dup_n(folded[i], folded[i] ? lens[i] : 0);
        if (!words[i]) {
            free_strings(words, n);
            return TC_ENOMEM;
        }
    }
    tc_hl_phrase *np = realloc(hl->phrases, (hl->nphrases + 1) * sizeof *np);
    if (!np) {
        free_strings(words, n);
        return TC_ENOMEM;
    }
    np[hl->nphrases].folded = words;
    np[hl->nphrases].n = n;
    hl->nphrases++;
    hl->phrases = np;
    return TC_OK;
}

void tc_highlight_clear(tc_highlight *hl)
{
    if (!hl)
        return;
    for (size_t i = 0; i < hl->nwords; i++) {
        free(hl->words[i].folded);
        free(hl->words[i].exact);
    }
    free(hl->words);
    for (size_t i = 0; i < hl->nphrases; i++)
        free_strings(hl->phrases[i].folded, hl->phrases[i].n);
    free(hl->phrases);
    memset(hl, 0, sizeof *hl);
}

/* ---- output: tc_buf (buf.h), with its sticky out-of-memory flag ------- */

static const char *html_entity(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

/* s[0..n) escaped, in runs between the characters that need it. */
static void sb_put_escaped(tc_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ent = html_entity(s[i]);
        if (!ent)
            continue;
        tc_buf_put(b, s + run, i - run);
        tc_buf_puts(b, ent);
        run = i + 1;
    }
    tc_buf_put(b, s + run, n - run);
}

char *tc_html_escape(const char *s, size_t len)
{
    tc_buf b = { 0 };
    sb_put_escaped(&b, s ? s : "", s ? len : 0);
    return tc_buf_finish(&b);
}

/* ---- matching words and phrases ------------------------------------- */

/* What the query asks for, ready for matching.  Terms are numbered: a
 * word's term is the index of the first word with the same folded form
 * (duplicates and words differing only in diacritics count once), phrase
 * p's term is nwords + p. */
typedef struct matcher {
    const tc_highlight *hl;
    const unsigned char *exact_only; /* per word: the text has it as typed,
                                      * so its look-alikes do not match */
    size_t *term_of_word;
    uint64_t *pstate;        /* shift-and state of each phrase */
    size_t nterms;           /* size of the term space */
    size_t nmatchable;       /* terms that can match at all */
} matcher;

static int same(const char *a, size_t alen, const char *b)
{
    return b && strlen(b) == alen && memcmp(a, b, alen) == 0;
}

static size_t phrase_len(const tc_hl_phrase *p)
{
    return p->n < PHRASE_MAX ? p->n : PHRASE_MAX;
}

static int phrase_matchable(const tc_hl_phrase *p)
{
    for (size_t k = 0; k < phrase_len(p); k++)
        if (!p->folded[k] || !p->folded[k][0])
            return 0;
    return 1;
}

static void number_terms(matcher *m)
{
    const tc_highlight *hl = m->hl;
    for (size_t i = 0; i < hl->nwords; i++) {
        const char *f = hl->words[i].folded ? hl->words[i].folded : "";
        size_t j = 0;
        while (j < i && !same(f, strlen(f), hl->words[j].folded))
            j++;
        m->term_of_word[i] = j;
        if (j == i && f[0])
            m->nmatchable++;
    }
    for (size_t p = 0; p < hl->nphrases; p++)
        if (phrase_matchable(&hl->phrases[p]))
            m->nmatchable++;
}

static int matcher_init(matcher *m, const tc_highlight *hl,
                        const unsigned char *exact_only)
{
    memset(m, 0, sizeof *m);
    m->hl = hl;
    m->exact_only = exact_only;
    m->nterms = hl->nwords + hl->nphrases;
    m->term_of_word = calloc(hl->nwords + 1, sizeof *m->term_of_word);
    m->pstate = calloc(hl->nphrases + 1, sizeof *m->pstate);
    if (!m->term_of_word || !m->pstate) {
        free(m->term_of_word);
        free(m->pstate);
        return TC_ENOMEM;
    }
    number_terms(m);
    return TC_OK;
}

static void matcher_free(matcher *m)
{
    free(m->term_of_word);
    free(m->pstate);
}

/* The term tok matches (1) or not (0); *exact is set when some query word
 * of that term was typed with exactly the token's diacritics. */
static int match_word(const matcher *m, const tc_token *tok, size_t *term,
                      int *exact)
{
    const tc_highlight *hl = m->hl;
    int found = 0;
    *exact = 0;
    for (size_t i = 0; i < hl->nwords; i++) {
        const tc_hl_word *w = &hl->words[i];
        if (!same(tok->folded, tok->folded_len, w->folded))
            continue;
        int ex = same(tok->exact, tok->exact_len, w->exact);
        if (m->exact_only && m->exact_only[i] && !ex)
            continue;       /* a look-alike where the real word is there */
        if (!found)
            *term = m->term_of_word[i];
        found = 1;
        if (ex)
            *exact = 1;
    }
    return found;
}

/* The pre-scan: which words typed with diacritics occur as typed. */
typedef struct exact_scan {
    const tc_highlight *hl;
    unsigned char *seen;
    size_t want, got;
} exact_scan;

static int exact_scan_token(void *ctx, const tc_token *tok)
{
    exact_scan *e = ctx;
    if (tok->start > SCAN_LIMIT)
        return 1;                          /* read no further */
    for (size_t i = 0; i < e->hl->nwords; i++) {
        const tc_hl_word *w = &e->hl->words[i];
        if (w->exact && !e->seen[i] &&
            same(tok->exact, tok->exact_len, w->exact)) {
            e->seen[i] = 1;
            e->got++;
        }
    }
    return e->got == e->want ? 1 : 0;     /* all found: stop */
}

/* For a query typed with diacritics: seen[i] = 1 when word i occurs in
 * the text exactly as typed.  NULL when no word has an exact form. */
static unsigned char *scan_exact(const char *text, size_t len,
                                 const tc_highlight *hl, int *oom)
{
    exact_scan e = {hl, NULL, 0, 0};
    for (size_t i = 0; i < hl->nwords; i++)
        e.want += hl->words[i].exact != NULL;
    *oom = 0;
    if (e.want == 0)
        return NULL;
    if (!(e.seen = calloc(hl->nwords, 1))) {
        *oom = 1;
        return NULL;
    }
    if (tc_tokenize(text, len, exact_scan_token, &e, NULL) == TC_ENOMEM) {
        free(e.seen);
        *oom = 1;
        return NULL;
    }
    return e.seen;
}

/* Advance phrase p over tok; 1 when an occurrence ends at tok. */
static int phrase_step(matcher *m, size_t p, const tc_token *tok)
{
    const tc_hl_phrase *ph = &m->hl->phrases[p];
    size_t n = phrase_len(ph);
    uint64_t st = m->pstate[p], ns = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && !((st >> (k - 1)) & 1))
            continue;
        if (same(tok->folded, tok->folded_len, ph->folded[k]))
            ns |= (uint64_t)1 << k;
    }
    m->pstate[p] = ns;
    return n > 0 && ((ns >> (n - 1)) & 1);
}

/* ---- step 1: the best window ---------------------------------------- */

/* One match: a word token or a phrase occurrence. */
typedef struct unit {
    size_t start, end;
    size_t term;
    unsigned exact : 1;
    unsigned linked : 1;     /* adjacent to the previous (matching) token */
    unsigned bonus : 30;
} unit;

typedef struct scorer {
    matcher m;
    size_t width;            /* widest extent of the units in a window */
    unit *u;                 /* units sorted by start; window is [left, n) */
    size_t n, cap, left;
    uint32_t *cnt, *ecnt;    /* per term: units, exact units in the window */
    size_t distinct, distinct_exact, bonus;
    size_t starts[PHRASE_MAX]; /* start offsets of the last tokens */
    size_t ntok;
    int prev_hit;
    int prev_number;         /* the last token was a number, not a match */
    long best_score;
    size_t best_start, best_end, best_distinct;
    int oom;
} scorer;

enum { SCAN_STOP = 1, SCAN_OOM = 2 };

static void window_add(scorer *s, const unit *x)
{
    if (s->cnt[x->term]++ == 0)
        s->distinct++;
    if (x->exact && s->ecnt[x->term]++ == 0)
        s->distinct_exact++;
    s->bonus += x->bonus;
}

static void window_drop(scorer *s)
{
    const unit *x = &s->u[s->left++];
    if (--s->cnt[x->term] == 0)
        s->distinct--;
    if (x->exact && --s->ecnt[x->term] == 0)
        s->distinct_exact--;
    s->bonus -= x->bonus;
}

/* Room for one more unit; the units left of the window are dropped. */
static int units_reserve(scorer *s)
{
    if (s->left > 1024 && s->left * 2 > s->n) {
        memmove(s->u, s->u + s->left, (s->n - s->left) * sizeof *s->u);
        s->n -= s->left;
        s->left = 0;
    }
    unit *nu = tc_grow(s->u, &s->cap, s->n + 1, sizeof *nu);
    if (!nu)
        return -1;
    s->u = nu;
    return 0;
}

/* Insert x keeping the units sorted by start (a phrase occurrence starts
 * before the word units of its own tokens). */
static int units_insert(scorer *s, const unit *x)
{
    if (units_reserve(s))
        return -1;
    size_t pos = s->n;
    while (pos > s->left && s->u[pos - 1].start > x->start)
        pos--;
    memmove(s->u + pos + 1, s->u + pos, (s->n - pos) * sizeof *s->u);
    s->u[pos] = *x;
    s->n++;
    window_add(s, x);
    return 0;
}

static long window_score(const scorer *s)
{
    const unit *first = &s->u[s->left];
    size_t bonus = s->bonus - (first->linked ? first->bonus : 0);
    bonus += W_EXACT * s->distinct_exact;
    if (bonus > BONUS_MAX)
        bonus = BONUS_MAX;
    return (long)(s->distinct * W_DISTINCT + bonus);
}

/* Shrink the window to the allowed width, ending at end, and keep it if
 * it beats the best so far. */
static void window_slide(scorer *s, size_t end)
{
    while (s->n - s->left > 1 && end - s->u[s->left].start > s->width)
        window_drop(s);
    long score = window_score(s);
    if (score > s->best_score) {
        s->best_score = score;
        s->best_start = s->u[s->left].start;
        s->best_end = end;
        s->best_distinct = s->distinct;
    }
}

static int add_word_unit(scorer *s, const tc_token *tok)
{
    size_t term;
    int exact;
    int hit = match_word(&s->m, tok, &term, &exact);
    int linked = hit && s->prev_hit && !(tok->flags & TC_TOK_BREAK);
    int figure = hit && s->prev_number && !(tok->flags & TC_TOK_BREAK);
    s->prev_hit = hit;
    s->prev_number = !hit && (tok->flags & TC_TOK_NUMBER);
    if (!hit)
        return 0;
    unit x = { tok->start, tok->end, term, (unsigned)exact, (unsigned)linked,
               (linked ? W_ADJACENT : 0) + (figure ? W_FIGURE : 0) };
    return units_insert(s, &x) ? -1 : 1;
}

static int add_phrase_units(scorer *s, const tc_token *tok)
{
    int added = 0;
    for (size_t p = 0; p < s->m.hl->nphrases; p++) {
        if (!phrase_step(&s->m, p, tok))
            continue;
        size_t n = phrase_len(&s->m.hl->phrases[p]);
        size_t first = s->starts[(s->ntok - n) % PHRASE_MAX];
        unit x = { first, tok->end, s->m.hl->nwords + p, 0, 0,
                   (unsigned)(W_PHRASE * n) };
        if (units_insert(s, &x))
            return -1;
        added = 1;
    }
    return added;
}

static int score_token(void *ctx, const tc_token *tok)
{
    scorer *s = ctx;
    s->starts[s->ntok++ % PHRASE_MAX] = tok->start;
    int w = add_word_unit(s, tok);
    int p = add_phrase_units(s, tok);
    if (w < 0 || p < 0) {
        s->oom = 1;
        return SCAN_OOM;
    }
    if (w || p)
        window_slide(s, tok->end);
    if ((tok->start > SCAN_CAP && s->best_score >= 0 &&
         s->best_distinct == s->m.nmatchable) || tok->start > SCAN_LIMIT)
        return SCAN_STOP;
    return 0;
}

/* Find the best window [*ws, *we); 0 when nothing matches, 1 when found,
 * or TC_ENOMEM. */
static int find_best(const char *text, size_t len, const tc_highlight *hl,
                     const unsigned char *exact_only, size_t width,
                     size_t *ws, size_t *we)
{
    scorer s;
    memset(&s, 0, sizeof s);
    if (matcher_init(&s.m, hl, exact_only) != TC_OK)
        return TC_ENOMEM;
    s.width = width;
    s.best_score = -1;
    s.cnt = calloc(s.m.nterms + 1, sizeof *s.cnt);
    s.ecnt = calloc(s.m.nterms + 1, sizeof *s.ecnt);
    int rc = TC_ENOMEM;
    if (s.cnt && s.ecnt && s.m.nmatchable > 0) {
        rc = tc_tokenize(text, len, score_token, &s, NULL);
        rc = (rc == TC_ENOMEM || s.oom) ? TC_ENOMEM : s.best_score >= 0;
    } else if (s.cnt && s.ecnt) {
        rc = 0;
    }
    *ws = s.best_start;
    *we = s.best_end;
    free(s.u);
    free(s.cnt);
    free(s.ecnt);
    matcher_free(&s.m);
    return rc;
}

/* ---- step 2: the passage and its highlight spans -------------------- */

typedef struct rtok {
    size_t start, end;
    unsigned flags;
    unsigned hit : 1;        /* matches a word or lies in a phrase */
    unsigned glue : 1;       /* in one phrase occurrence with the previous */
} rtok;

typedef struct region {
    matcher m;
    size_t base;             /* offset of the tokenized slice in the text */
    rtok *t;
    size_t n, cap;
    int oom;
} region;

static int region_push(region *r, const tc_token *tok)
{
    rtok *nt = tc_grow(r->t, &r->cap, r->n + 1, sizeof *nt);
    if (!nt)
        return -1;
    r->t = nt;
    size_t term;
    int exact;
    rtok *x = &r->t[r->n++];
    x->start = r->base + tok->start;
    x->end = r->base + tok->end;
    x->flags = tok->flags;
    x->hit = (unsigned)match_word(&r->m, tok, &term, &exact);
    x->glue = 0;
    return 0;
}

static int region_token(void *ctx, const tc_token *tok)
{
    region *r = ctx;
    if (region_push(r, tok)) {
        r->oom = 1;
        return SCAN_OOM;
    }
    for (size_t p = 0; p < r->m.hl->nphrases; p++) {
        if (!phrase_step(&r->m, p, tok))
            continue;
        size_t n = phrase_len(&r->m.hl->phrases[p]);
        for (size_t k = r->n - n; k < r->n; k++) {
            r->t[k].hit = 1;
            r->t[k].glue |= k > r->n - n;
        }
    }
    return 0;
}

static size_t utf8_back(const char *text, size_t p)
{
    for (int i = 0; i < 3 && p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80;
         i++)
        p--;
    return p;
}

/* Tokenize text around [ps, pe) into r.  The slice's first and last tokens
 * may be pieces of words cut by the slice, so they are dropped unless the
 * slice reaches the text's edge; the slack keeps them far from the cuts. */
static int region_scan(region *r, const char *text, size_t len, size_t ps,
                       size_t pe)
{
    size_t a = ps > REGION_SLACK ? utf8_back(text, ps - REGION_SLACK) : 0;
    size_t b = len - pe > REGION_SLACK ? pe + REGION_SLACK : len;
    r->base = a;
    int rc = tc_tokenize(text + a, b - a, region_token, r, NULL);
    if (rc == TC_ENOMEM || r->oom)
        return TC_ENOMEM;
    if (b < len && r->n > 0)
        r->n--;
    if (a > 0 && r->n > 0) {
        memmove(r->t, r->t + 1, (r->n - 1) * sizeof *r->t);
        r->n--;
        if (r->n > 0)
            r->t[0].glue = 0;
    }
    return TC_OK;
}

/* Index of the first token that ends after p (r->n if none). */
static size_t token_after(const region *r, size_t p)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->t[mid].end <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Spaces, line breaks and control characters (C0, DEL, C1: a terminal
 * would obey them) all read as one space. */
static int is_blank(int32_t cp)
{
    if (cp <= ' ' || (cp >= 0x7F && cp <= 0x9F))
        return 1;
    if (cp < 0xA0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}

/* Decode the character at text[p..end): its length, or 0 when invalid. */
static size_t char_at(const char *text, size_t p, size_t end, int32_t *cp)
{
    *cp = (unsigned char)text[p];
    if (*cp < 0x80)
        return 1;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + p,
                                          (utf8proc_ssize_t)(end - p), cp);
    return n > 0 ? (size_t)n : 0;
}

/* Length of the blank character at p (0: not blank). */
static size_t blank_at(const char *text, size_t p, size_t end)
{
    int32_t cp;
    size_t n = char_at(text, p, end, &cp);
    return n && is_blank(cp) ? n : 0;
}

/* Start of the blank character that ends at p, or p when there is none. */
static size_t blank_before(const char *text, size_t p)
{
    if (p == 0)
        return p;
    size_t q = utf8_back(text, p - 1);
    return blank_at(text, q, p) == p - q ? q : p;
}

static int only_blank(const char *text, size_t a, size_t b)
{
    for (size_t n; a < b; a += n)
        if ((n = blank_at(text, a, b)) == 0)
            return 0;
    return 1;
}

/* Punctuation that stays with the word before / after a cut. */
static int is_closer(char c)
{
    return c && strchr(".,;:!?)]}\"'%", c) != NULL;
}

static int is_opener(char c)
{
    return c && strchr("([{\"'", c) != NULL;
}

/* Move the passage start off any word, to the nearer of its ends (its
 * end only when that keeps the first match in); from a gap to the next
 * word when near; then past blanks. */
static size_t snap_start(const char *text, const region *r, size_t ps,
                         size_t first_match)
{
    if (ps == 0)
        return 0;
    size_t i = token_after(r, ps);
    if (i < r->n && r->t[i].start < ps) {
        const rtok *w = &r->t[i];
        int after = w->end <= first_match && w->end - ps < ps - w->start;
        ps = after ? w->end : w->start;
    }
    i = token_after(r, ps);
    if (i < r->n && r->t[i].start > ps && r->t[i].start - ps <= GAP_SKIP &&
        r->t[i].start <= first_match) {
        size_t word = r->t[i].start;
        while (word > ps && is_opener(text[word - 1]))
            word--;
        ps = word;
    }
    while (ps < first_match && ((unsigned char)text[ps] & 0xC0) == 0x80)
        ps++;
    for (size_t n; ps < first_match && (n = blank_at(text, ps, first_match));)
        ps += n;
    return ps;
}

/* An end in the gap after a word: right after the word and the closing
 * punctuation that follows it (no dangling "("), when the word is in. */
static size_t gap_end(const char *text, const region *r, size_t ps,
                      size_t pe)
{
    size_t i = token_after(r, pe);
    if (i == 0 || r->t[i - 1].end <= ps)
        return utf8_back(text, pe);
    size_t e = r->t[i - 1].end;
    while (e < pe && is_closer(text[e]))
        e++;
    return e;
}

/* Move the passage end off any word, to the nearer of its ends (its start
 * only when that keeps the last match in); then back over blanks. */
static size_t snap_end(const char *text, size_t len, const region *r,
                       size_t ps, size_t pe, size_t last_match)
{
    if (pe >= len)
        pe = len;
    else {
        size_t i = token_after(r, pe);
        if (i < r->n && r->t[i].start < pe) {
            const rtok *w = &r->t[i];
            int before = w->start >= last_match && w->start > ps &&
                         pe - w->start <= w->end - pe;
            pe = before ? w->start : w->end;
        }
        else
            pe = gap_end(text, r, ps, pe);
        if (pe < last_match)
            pe = last_match;
    }
    for (size_t q; pe > ps && pe > last_match &&
                   (q = blank_before(text, pe)) < pe;)
        pe = q;
    return pe;
}

/* The passage of about t bytes around the window [ws, we). */
static void layout(size_t len, size_t t, int found, size_t ws, size_t we,
                   size_t *ps, size_t *pe)
{
    if (!found) {
        *ps = 0;
        *pe = len < t ? len : t;
    } else {
        size_t e = we - ws, lead = t / 16;
        if (e < t && (t - e) / 2 > lead)
            lead = (t - e) / 2 < t / 4 ? (t - e) / 2 : t / 4;
        *ps = ws > lead ? ws - lead : 0;
        *pe = *ps + t > we ? *ps + t : we;
        if (*pe > len) {
            *pe = len;
            if (len > t && len - t < *ps)
                *ps = len - t;
            else if (len <= t)
                *ps = 0;
        }
        if (*ps <= t / 10)
            *ps = 0;
    }
    if (len - *pe <= t / 10)
        *pe = len;
}

/* ---- step 3: rendering ----------------------------------------------- */

typedef struct render {
    tc_buf b;
    enum tc_snippet_format fmt;
    int pending_space;       /* whitespace seen since the last character */
    int written;             /* anything written yet */
} render;

static void flush_space(render *o)
{
    if (o->pending_space && o->written)
        tc_buf_put(&o->b, " ", 1);
    o->pending_space = 0;
}

static void put_char(render *o, const char *s, size_t n)
{
    flush_space(o);
    if (o->fmt == TC_SNIPPET_HTML)
        sb_put_escaped(&o->b, s, n);
    else
        tc_buf_put(&o->b, s, n);
    o->written = 1;
}

static void put_text(render *o, const char *text, size_t a, size_t b)
{
    while (a < b) {
        int32_t cp;
        size_t n = char_at(text, a, b, &cp);
        if (n == 0) {
            put_char(o, "\xef\xbf\xbd", 3);
            n = 1;
        } else if (is_blank(cp)) {
            o->pending_space = 1;
        } else {
            put_char(o, text + a, n);
        }
        a += n;
    }
}

static void put_mark(render *o, int open)
{
    if (open)
        flush_space(o);
    if (o->fmt == TC_SNIPPET_HTML)
        tc_buf_puts(&o->b, open ? "<mark>" : "</mark>");
    else
        tc_buf_puts(&o->b, open ? "\033[1m" : "\033[0m");
}

/* Write [ps, pe) with a mark around each span of matching tokens. */
static void put_passage(render *o, const char *text, const region *r,
                        size_t ps, size_t pe)
{
    size_t pos = ps;
    for (size_t i = token_after(r, ps); i < r->n && r->t[i].start < pe;) {
        if (!r->t[i].hit || r->t[i].start < ps) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < r->n && r->t[j].hit && r->t[j].end <= pe &&
               (r->t[j].glue || !(r->t[j].flags & TC_TOK_BREAK)))
            j++;
        size_t end = r->t[j - 1].end < pe ? r->t[j - 1].end : pe;
        put_text(o, text, pos, r->t[i].start);
        put_mark(o, 1);
        put_text(o, text, r->t[i].start, end);
        put_mark(o, 0);
        pos = end;
        i = j;
    }
    put_text(o, text, pos, pe);
}

static int render_snippet(const char *text, size_t len, const region *r,
                          size_t ps, size_t pe, enum tc_snippet_format fmt,
                          char **out)
{
    render o;
    memset(&o, 0, sizeof o);
    o.fmt = fmt;
    /* whitespace-only text before or after is not worth an ellipsis; the
     * scan stops at the first other byte, so it is short in practice */
    if (ps > 0 && !only_blank(text, 0, ps))
        tc_buf_puts(&o.b, ELLIPSIS);
    put_passage(&o, text, r, ps, pe);
    if (pe < len && !only_blank(text, pe, len))
        tc_buf_puts(&o.b, ELLIPSIS);
    *out = tc_buf_finish(&o.b);
    return *out ? TC_OK : TC_ENOMEM;
}

/* ---- tc_snippet ------------------------------------------------------- */

/* Each highlighted token of the passage [ps, pe), to fn. */
static void report_hits(const region *r, size_t ps, size_t pe,
                        tc_snippet_hit_fn fn, void *ctx)
{
    for (size_t i = token_after(r, ps); fn && i < r->n && r->t[i].end <= pe;
         i++)
        if (r->t[i].hit && r->t[i].start >= ps)
            fn(ctx, r->t[i].start, r->t[i].end);
}

/* Steps 2 and 3 once the best window [ws, we) is known (found) or not. */
static int cut_and_render(const char *text, size_t len, const tc_highlight *hl,
                          const unsigned char *exact_only, size_t t,
                          int found, size_t ws, size_t we,
                          enum tc_snippet_format fmt, char **out,
                          tc_snippet_hit_fn fn, void *ctx)
{
    size_t ps, pe;
    region r;
    layout(len, t, found, ws, we, &ps, &pe);
    memset(&r, 0, sizeof r);
    int rc = matcher_init(&r.m, hl, exact_only);
    if (rc != TC_OK)
        return rc;
    rc = region_scan(&r, text, len, ps, pe);
    if (rc == TC_OK) {
        ps = snap_start(text, &r, ps, found ? ws : pe);
        pe = snap_end(text, len, &r, ps, pe, found ? we : ps);
        rc = render_snippet(text, len, &r, ps, pe, fmt, out);
        if (rc == TC_OK)
            report_hits(&r, ps, pe, fn, ctx);
    }
    free(r.t);
    matcher_free(&r.m);
    return rc;
}

int tc_snippet(const char *text, size_t len, const tc_highlight *hl,
               size_t target_len, enum tc_snippet_format fmt, char **out)
{
    return tc_snippet_hits(text, len, hl, target_len, fmt, out, NULL, NULL);
}

int tc_snippet_hits(const char *text, size_t len, const tc_highlight *hl,
                    size_t target_len, enum tc_snippet_format fmt, char **out,
                    tc_snippet_hit_fn fn, void *ctx)
{
    static const tc_highlight none;
    size_t t = target_len ? target_len : TC_SNIPPET_DEFAULT_LEN;
    size_t ws = 0, we = 0;
    *out = NULL;
    if (!text) {
        text = "";
        len = 0;
    }
    if (!hl)
        hl = &none;
    if (t > len)
        t = len ? len : 1;   /* the whole text; no overflow past it */
    int oom;
    unsigned char *exact_only = scan_exact(text, len, hl, &oom);
    if (oom)
        return TC_ENOMEM;
    /* the matches may fill 7/8 of the passage; the rest is context */
    int found = find_best(text, len, hl, exact_only, t - t / 8, &ws, &we);
    int rc = found < 0 ? found
                       : cut_and_render(text, len, hl, exact_only, t, found,
                                        ws, we, fmt, out, fn, ctx);
    free(exact_only);
    return rc;
}
