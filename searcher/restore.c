/* restore.c: the query as the results write it (restore.h).
 *
 * Votes are kept per query word: up to WRITINGS_MAX writings (exact forms,
 * as analysis.c makes them: NFC, lower case, tone placement normalized),
 * each with the number of results that have it among their highlighted
 * words.  The rewrite tokenizes the query with the same analysis, so a
 * token meets its votes through its folded form. */
#include "restore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/error.h"

#define WRITINGS_MAX 8

typedef struct writing {
    char *exact;
    unsigned votes;       /* results that have it */
    unsigned runs;        /* results that have it next to the query word
                           * before or after it, in the query's order: "Lê
                           * Anh Tuấn" says more of "anh" than a lone "ảnh"
                           * elsewhere */
    size_t last_doc;      /* the result that voted last (1-based) */
    size_t last_run_doc;
} writing;

typedef struct word_votes {
    const char *folded;   /* the query word's, owned by the tc_highlight */
    writing w[WRITINGS_MAX];
    size_t n;
} word_votes;

struct tc_restorer {
    word_votes *words;    /* one per distinct folded word, of the words and
                           * the phrases of the query */
    size_t nwords;
    const char *text;
    size_t doc;
    writing *prev;        /* the writing of this result's previous hit */
    size_t prev_word, prev_end;
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
    free(rs);
}

void tc_restorer_doc(tc_restorer *rs, const char *text)
{
    rs->text = text;
    rs->doc++;
    rs->prev = NULL;
}

/* This result's vote for exact; the writing, or NULL when none is kept. */
static writing *vote(tc_restorer *rs, word_votes *v, const char *exact)
{
    for (size_t k = 0; k < v->n; k++)
        if (strcmp(v->w[k].exact, exact) == 0) {
            if (v->w[k].last_doc != rs->doc) {
                v->w[k].votes++;
                v->w[k].last_doc = rs->doc;
            }
            return &v->w[k];
        }
    if (v->n == WRITINGS_MAX)
        return NULL;
    if (!(v->w[v->n].exact = strdup(exact))) {
        rs->oom = 1;
        return NULL;
    }
    v->w[v->n].votes = 1;
    v->w[v->n].last_doc = rs->doc;
    return &v->w[v->n++];
}

static void vote_run(tc_restorer *rs, writing *w)
{
    if (w && w->last_run_doc != rs->doc) {
        w->runs++;
        w->last_run_doc = rs->doc;
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
    writing *w = NULL;
    size_t i = 0;
    for (; i < rs->nwords; i++)
        if (strcmp(rs->words[i].folded, folded) == 0) {
            w = vote(rs, &rs->words[i], exact);
            break;
        }
    if (w && rs->prev && rs->prev_word + 1 == i &&
        glued(rs->text, rs->prev_end, start)) {
        vote_run(rs, rs->prev);
        vote_run(rs, w);
    }
    rs->prev = w;
    rs->prev_word = i;
    rs->prev_end = end;
    free(exact);
    free(folded);
}

/* The writing of the word whose folded form is f[0..n) that most results
 * have among other query words, then alone; the first seen (the better
 * ranked result's) on a tie; NULL when none. */
static const char *winner(const tc_restorer *rs, const char *f, size_t n)
{
    for (size_t i = 0; i < rs->nwords; i++) {
        const word_votes *v = &rs->words[i];
        if (strlen(v->folded) != n || memcmp(v->folded, f, n) != 0 || !v->n)
            continue;
        const writing *best = &v->w[0];
        for (size_t k = 1; k < v->n; k++)
            if (v->w[k].runs > best->runs ||
                (v->w[k].runs == best->runs && v->w[k].votes > best->votes))
                best = &v->w[k];
        return best->exact;
    }
    return NULL;
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

typedef struct rewrite {
    const tc_restorer *rs;
    const char *q;
    size_t pos;
    tc_buf out;
    int changed;
} rewrite;

static int rewrite_token(void *ctx, const tc_token *tok)
{
    rewrite *w = ctx;
    const char *best = winner(w->rs, tok->folded, tok->folded_len);
    if (!best || (strlen(best) == tok->exact_len &&
                  memcmp(best, tok->exact, tok->exact_len) == 0))
        return 0;
    tc_buf_put(&w->out, w->q + w->pos, tok->start - w->pos);
    put_cased(&w->out, best, tok->flags);
    w->pos = tok->end;
    w->changed = 1;
    return 0;
}

int tc_restorer_rewrite(tc_restorer *rs, const char *q, size_t len,
                        char **out)
{
    rewrite w;
    *out = NULL;
    if (rs->oom)
        return TC_ENOMEM;
    memset(&w, 0, sizeof w);
    w.rs = rs;
    w.q = q;
    int rc = tc_tokenize(q, len, rewrite_token, &w, NULL);
    if (rc != TC_OK || !w.changed) {
        tc_buf_free(&w.out);
        return rc;
    }
    tc_buf_put(&w.out, q + w.pos, len - w.pos);
    *out = tc_buf_finish(&w.out);
    return *out ? TC_OK : TC_ENOMEM;
}
