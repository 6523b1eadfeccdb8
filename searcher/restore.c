/* restore.c: the query as the results write it (restore.h).
 *
 * Votes are kept per query word: up to WRITINGS_MAX writings (exact forms,
 * as analysis.c makes them: NFC, lower case, tone placement normalized),
 * each with the number of results that have it among their highlighted
 * words and how many of those write it in capitals.  Two highlighted
 * words with nothing but a few spaces between them are a pair: each
 * result votes once for each pair of writings it has ("phó" + "chủ").
 *
 * The rewrite tokenizes the query with the same analysis, so a token
 * meets its votes through its folded form, and chooses one writing per
 * token for the whole query at once (Viterbi over the tokens): the
 * sequence whose adjacent writings the results write together most often,
 * then with the most votes.  So "pho chu tich" becomes "phó chủ tịch"
 * where the page has "Phó Chủ tịch" once and "phố" alone in many results:
 * a word is written as it is written next to its neighbours. */
#include "restore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/error.h"
#include "typing.h"

#define WRITINGS_MAX 8
#define PAIRS_MAX 1024          /* pairs of writings kept; more are rare */
#define TOKENS_MAX 64           /* query tokens restored; the rest as typed */

typedef struct writing {
    char *exact;
    unsigned votes;       /* results that have it */
    unsigned caps;        /* results that write it in capitals ("UBND") */
    size_t last_doc;      /* the result that voted last (1-based) */
    size_t last_caps_doc;
} writing;

typedef struct word_votes {
    const char *folded;   /* the query word's, owned by the tc_highlight */
    writing w[WRITINGS_MAX];
    size_t n;
} word_votes;

/* Writing ka of word a right before writing kb of word b, in results. */
typedef struct pair {
    size_t a, ka, b, kb;
    unsigned votes;
    size_t last_doc;
} pair;

struct tc_restorer {
    word_votes *words;    /* one per distinct folded word, of the words and
                           * the phrases of the query */
    size_t nwords;
    pair *pairs;
    size_t npairs, cap;
    const char *text;
    size_t doc;
    int prev;             /* this result's previous hit was a query word */
    size_t prev_word, prev_k, prev_end;
    int oom;
};

static void add_word(tc_restorer *rs, const char *folded)
{
    if (!folded || !*folded)
        return;
    for (size_t i = 0; i < rs->nwords; i++)
        if (strcmp(rs->words[i].folded, folded) == 0)
            return;
    rs->words[rs->nwords++].folded = folded;
}

tc_restorer *tc_restorer_new(const tc_highlight *hl)
{
    size_t n = hl->nwords;
    for (size_t p = 0; p < hl->nphrases; p++)
        n += hl->phrases[p].n;
    tc_restorer *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->words = calloc(n + 1, sizeof *rs->words);
    if (!rs->words) {
        free(rs);
        return NULL;
    }
    for (size_t i = 0; i < hl->nwords; i++)
        add_word(rs, hl->words[i].folded);
    for (size_t p = 0; p < hl->nphrases; p++)
        for (size_t k = 0; k < hl->phrases[p].n; k++)
            add_word(rs, hl->phrases[p].folded[k]);
    return rs;
}

void tc_restorer_free(tc_restorer *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nwords; i++)
        for (size_t k = 0; k < rs->words[i].n; k++)
            free(rs->words[i].w[k].exact);
    free(rs->words);
    free(rs->pairs);
    free(rs);
}

void tc_restorer_doc(tc_restorer *rs, const char *text)
{
    rs->text = text;
    rs->doc++;
    rs->prev = 0;
}

/* This result's vote for exact; its index among v's writings, or -1 when
 * none is kept. */
static int vote(tc_restorer *rs, word_votes *v, const char *exact)
{
    size_t k = 0;
    while (k < v->n && strcmp(v->w[k].exact, exact) != 0)
        k++;
    if (k == v->n) {
        if (v->n == WRITINGS_MAX)
            return -1;
        if (!(v->w[k].exact = strdup(exact))) {
            rs->oom = 1;
            return -1;
        }
        v->n++;
    }
    if (v->w[k].last_doc != rs->doc) {
        v->w[k].votes++;
        v->w[k].last_doc = rs->doc;
    }
    return (int)k;
}

/* This result's vote for writing ka of word a right before kb of b. */
static void vote_pair(tc_restorer *rs, size_t a, size_t ka, size_t b,
                      size_t kb)
{
    pair *p = NULL;
    for (size_t i = 0; i < rs->npairs && !p; i++)
        if (rs->pairs[i].a == a && rs->pairs[i].ka == ka &&
            rs->pairs[i].b == b && rs->pairs[i].kb == kb)
            p = &rs->pairs[i];
    if (!p) {
        if (rs->npairs == PAIRS_MAX)
            return;
        pair *np = tc_grow(rs->pairs, &rs->cap, rs->npairs + 1, sizeof *np);
        if (!np) {
            rs->oom = 1;
            return;
        }
        rs->pairs = np;
        p = &rs->pairs[rs->npairs++];
        *p = (pair){a, ka, b, kb, 0, 0};
    }
    if (p->last_doc != rs->doc) {
        p->votes++;
        p->last_doc = rs->doc;
    }
}

/* Nothing but a few spaces between two hits: one run of query words. */
static int glued(const char *text, size_t a, size_t b)
{
    if (b < a || b - a > 3)
        return 0;
    for (size_t i = a; i < b; i++)
        if (text[i] != ' ')
            return 0;
    return 1;
}

/* Every letter of s[0..len) in upper case, and two or more of them. */
static int all_caps(const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, letters = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0)
            return 0;
        if (utf8proc_tolower(cp) != cp)
            letters++;
        else if (utf8proc_toupper(cp) != cp)
            return 0;
        i += (size_t)n;
    }
    return letters >= 2;
}

void tc_restorer_hit(void *ctx, size_t start, size_t end)
{
    tc_restorer *rs = ctx;
    char *exact = NULL, *folded = NULL;
    if (!rs->text)
        return;
    if (tc_normalize_text(rs->text + start, end - start, &exact, &folded) !=
        TC_OK) {
        rs->oom = 1;
        return;
    }
    int k = -1;
    size_t i = 0;
    for (; i < rs->nwords; i++)
        if (strcmp(rs->words[i].folded, folded) == 0) {
            k = vote(rs, &rs->words[i], exact);
            break;
        }
    if (k >= 0 && all_caps(rs->text + start, end - start)) {
        writing *w = &rs->words[i].w[k];
        if (w->last_caps_doc != rs->doc) {
            w->caps++;
            w->last_caps_doc = rs->doc;
        }
    }
    if (k >= 0 && rs->prev && glued(rs->text, rs->prev_end, start))
        vote_pair(rs, rs->prev_word, rs->prev_k, i, (size_t)k);
    rs->prev = k >= 0;
    rs->prev_word = i;
    rs->prev_k = (size_t)(k >= 0 ? k : 0);
    rs->prev_end = end;
    free(exact);
    free(folded);
}

/* s in the case of the token as typed: its first letter, or every letter,
 * in upper case. */
static void put_cased(tc_buf *b, const char *s, unsigned flags)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t len = strlen(s), i = 0;
    int first = 1;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0) {                   /* not expected: exact forms are valid */
            tc_buf_put(b, s + i, len - i);
            return;
        }
        if ((flags & TC_TOK_ALLCAPS) || (first && (flags & TC_TOK_CAPITAL))) {
            uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
            tc_buf_put(b, enc, (size_t)m);
        } else {
            tc_buf_put(b, s + i, (size_t)n);
        }
        first = 0;
        i += (size_t)n;
    }
}

/* One query token and what it may become. */
typedef struct qword {
    size_t start, end;    /* in the query */
    unsigned flags;
    const word_votes *v;  /* its votes; NULL: kept as typed */
    int glued;            /* right after the previous token (no
                           * punctuation between them) */
    char *exact;          /* as typed, exact form */
} qword;

typedef struct rewrite {
    const tc_restorer *rs;
    qword t[TOKENS_MAX];
    size_t n;
    int oom;
} rewrite;

static const word_votes *votes_of(const tc_restorer *rs, const char *f,
                                  size_t n)
{
    for (size_t i = 0; i < rs->nwords; i++) {
        const word_votes *v = &rs->words[i];
        if (strlen(v->folded) == n && memcmp(v->folded, f, n) == 0 && v->n)
            return v;
    }
    return NULL;
}

static int collect_token(void *ctx, const tc_token *tok)
{
    rewrite *w = ctx;
    if (w->n == TOKENS_MAX)
        return 1;
    qword *t = &w->t[w->n++];
    t->start = tok->start;
    t->end = tok->end;
    t->flags = tok->flags;
    t->v = votes_of(w->rs, tok->folded, tok->folded_len);
    t->glued = w->n > 1 && !(tok->flags & TC_TOK_BREAK);
    if (!(t->exact = strndup(tok->exact, tok->exact_len)))
        w->oom = 1;
    return 0;
}

/* Results that write writing ka of v right before kb of u. */
static unsigned pair_votes(const tc_restorer *rs, const word_votes *v,
                           size_t ka, const word_votes *u, size_t kb)
{
    size_t a = (size_t)(v - rs->words), b = (size_t)(u - rs->words);
    for (size_t i = 0; i < rs->npairs; i++)
        if (rs->pairs[i].a == a && rs->pairs[i].ka == ka &&
            rs->pairs[i].b == b && rs->pairs[i].kb == kb)
            return rs->pairs[i].votes;
    return 0;
}

/* A sequence's score: pairs of writings the results write together,
 * then single votes.  Pairs come first: one result writing "Lê Anh Tuấn"
 * says more of "anh" than any number writing "ảnh" alone. */
typedef struct score {
    unsigned long pairs, votes;
} score;

static int better(score a, score b)
{
    return a.pairs > b.pairs || (a.pairs == b.pairs && a.votes > b.votes);
}

static size_t ncand(const qword *t)
{
    return t->v ? t->v->n : 1;
}

/* Viterbi: choice[i] is the writing of token i (an index into its
 * votes) in the best sequence; ties go to the writing seen first (the
 * better ranked result's). */
static void choose(const rewrite *w, size_t *choice)
{
    score best[TOKENS_MAX][WRITINGS_MAX];
    unsigned char from[TOKENS_MAX][WRITINGS_MAX];
    for (size_t i = 0; i < w->n; i++) {
        const qword *t = &w->t[i];
        for (size_t k = 0; k < ncand(t); k++) {
            score s = {0, t->v ? t->v->w[k].votes : 0};
            score top = {0, 0};
            size_t arg = 0;
            for (size_t j = 0; i > 0 && j < ncand(&w->t[i - 1]); j++) {
                const qword *u = &w->t[i - 1];
                score c = best[i - 1][j];
                if (t->glued && t->v && u->v)
                    c.pairs += pair_votes(w->rs, u->v, j, t->v, k);
                if (j == 0 || better(c, top)) {
                    top = c;
                    arg = j;
                }
            }
            best[i][k] = (score){top.pairs + s.pairs, top.votes + s.votes};
            from[i][k] = (unsigned char)arg;
        }
    }
    if (w->n == 0)
        return;
    size_t k = 0;
    for (size_t j = 1; j < ncand(&w->t[w->n - 1]); j++)
        if (better(best[w->n - 1][j], best[w->n - 1][k]))
            k = j;
    for (size_t i = w->n; i-- > 0;) {
        choice[i] = k;
        k = from[i][k];
    }
}

/* The writing chosen is written in capitals when most results that have
 * it do and it is no syllable ("UBND", "HĐND"; not a heading's "TỈNH"). */
static int acronym(const writing *wr)
{
    return wr->caps * 2 > wr->votes &&
           !tc_vi_syllable_valid(wr->exact, strlen(wr->exact));
}

int tc_restorer_rewrite(tc_restorer *rs, const char *q, size_t len,
                        char **out)
{
    rewrite *w = NULL;
    size_t choice[TOKENS_MAX];
    tc_buf b = {0};
    size_t pos = 0;
    int changed = 0, rc = TC_OK;
    *out = NULL;
    if (rs->oom || !(w = calloc(1, sizeof *w)))
        return TC_ENOMEM;
    w->rs = rs;
    rc = tc_tokenize(q, len, collect_token, w, NULL);
    if (rc == 1)
        rc = TC_OK;               /* past TOKENS_MAX: the rest as typed */
    if (rc != TC_OK || w->oom) {
        rc = rc != TC_OK ? rc : TC_ENOMEM;
        goto done;
    }
    choose(w, choice);
    for (size_t i = 0; i < w->n; i++) {
        const qword *t = &w->t[i];
        if (!t->v)
            continue;
        const writing *wr = &t->v->w[choice[i]];
        int differs = strcmp(wr->exact, t->exact) != 0;
        if (!differs && !acronym(wr))
            continue;
        tc_buf_put(&b, q + pos, t->start - pos);
        put_cased(&b, wr->exact, acronym(wr) ? TC_TOK_ALLCAPS : t->flags);
        pos = t->end;
        changed |= differs;   /* capitals alone change nothing */
    }
    if (changed) {
        tc_buf_put(&b, q + pos, len - pos);
        if (!(*out = tc_buf_finish(&b)))
            rc = TC_ENOMEM;
    }
done:
    tc_buf_free(&b);
    for (size_t i = 0; i < w->n; i++)
        free(w->t[i].exact);
    free(w);
    return rc;
}
