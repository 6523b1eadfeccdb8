/* suggest.c: search-box completions with diacritics restored (suggest.h).
 *
 * Three steps.  candidates(): the folded phrases that complete what is
 * typed, from the index's own terms (bigrams for a word after another,
 * folded syllables for a first word), kept by document frequency.
 * restore(): a phrase search per candidate; the text of a few documents
 * that have it (the best ranked, and a sample spread over the rest) is
 * re-tokenized and each writing of the phrase found there counted once a
 * document; the most common wins, ties going to the writing whose exact
 * syllables more documents of the whole index have with the phrase.
 * titles(): documents whose title matches what is typed.  Work is bounded:
 * at most SCAN_TERMS terms are read per prefix, RESTORE_DOCS documents and
 * SCAN_BYTES of each are read. */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/docrec.h"
#include "tracuu/terms.h"

#define MAX_WORDS 8          /* words of the query looked at (the last) */
#define WINDOW 6             /* words of a phrase whose writing is restored */
#define SCAN_TERMS 20000
#define RESTORE_DOCS 3       /* documents read per candidate */
#define RECORD_MAX (64u * 1024u) /* larger records are not read for this */
#define SCAN_BYTES (32u * 1024u)
#define MAX_VOTES 6
#define WORD_MAX 64
#define MAX_CANDS 24         /* by frequency, before checking the phrase */

typedef struct word {
    char exact[WORD_MAX], folded[WORD_MAX];
    int marked;
    int glued;       /* nothing but spaces or a joiner before it */
} word;

/* What is typed: the last words, and whether the last is unfinished. */
typedef struct typed {
    word w[MAX_WORDS];
    size_t n;
    int partial;
} typed;

/* A way the documents write a phrase: in how many documents. */
typedef struct vote {
    char text[WINDOW * WORD_MAX + WINDOW];
    unsigned count;
    int in_this_doc;     /* seen in the document being read */
} vote;

/* A completed phrase: the typed words, then one more folded word. */
typedef struct cand {
    word w[MAX_WORDS + 1];
    size_t n;
    uint32_t freq;
    vote votes[MAX_VOTES];
    size_t nvotes;
} cand;

typedef struct cands {
    cand c[MAX_CANDS];
    size_t n, max;
} cands;

/* ---- what is typed ---------------------------------------------------- */

typedef struct typing {
    typed *t;
    size_t len, last_end;
} typing;

static void copy_word(word *w, const tc_token *tok)
{
    snprintf(w->exact, sizeof w->exact, "%.*s", (int)tok->exact_len,
             tok->exact);
    snprintf(w->folded, sizeof w->folded, "%.*s", (int)tok->folded_len,
             tok->folded);
    w->marked = (tok->flags & TC_TOK_MARKED) != 0;
    w->glued = !(tok->flags & TC_TOK_BREAK);
}

static int type_token(void *ctx, const tc_token *tok)
{
    typing *ty = ctx;
    typed *t = ty->t;
    if (tok->exact_len >= WORD_MAX)
        return 0;
    if (t->n == MAX_WORDS) {             /* keep the last MAX_WORDS */
        memmove(t->w, t->w + 1, (MAX_WORDS - 1) * sizeof *t->w);
        t->n--;
    }
    copy_word(&t->w[t->n++], tok);
    ty->last_end = tok->end;
    return 0;
}

static void read_typed(const char *q, size_t len, typed *t)
{
    typing ty = {t, len, 0};
    memset(t, 0, sizeof *t);
    tc_tokenize(q, len, type_token, &ty, NULL);
    t->partial = t->n > 0 && ty.last_end == len;
}

/* ---- candidates ------------------------------------------------------- */

/* Keep (w, freq) among the best `max` by frequency. */
static void offer(cands *cs, const typed *t, size_t keep, const char *next,
                  size_t nlen, uint32_t freq)
{
    if (nlen == 0 || nlen >= WORD_MAX)
        return;
    size_t at = cs->n;
    if (cs->n == cs->max) {
        at = 0;                          /* replace the least frequent */
        for (size_t i = 1; i < cs->n; i++)
            if (cs->c[i].freq < cs->c[at].freq)
                at = i;
        if (cs->c[at].freq >= freq)
            return;
    } else {
        cs->n++;
    }
    cand *c = &cs->c[at];
    memset(c, 0, sizeof *c);
    memcpy(c->w, t->w, keep * sizeof *t->w);
    c->n = keep + 1;
    memcpy(c->w[keep].folded, next, nlen);
    c->w[keep].folded[nlen] = '\0';
    c->freq = freq;
}

/* Every term prefix+tail..., offered as the word after the first `keep`
 * typed words. */
static void scan_terms(tc_db *db, cands *cs, const typed *t, size_t keep,
                       const char *prefix, size_t plen, size_t skip,
                       int alpha_only)
{
    tc_termiter *it;
    const char *term;
    size_t len, seen = 0;
    uint32_t freq;
    if (tc_db_allterms(db, prefix, plen, &it, NULL) != TC_OK)
        return;
    while (seen++ < SCAN_TERMS &&
           tc_termiter_next(it, &term, &len, &freq, NULL) == 1) {
        if (alpha_only && len > skip && term[skip] >= '0' && term[skip] <= '9')
            continue;
        offer(cs, t, keep, term + skip, len - skip, freq);
    }
    tc_termiter_free(it);
}

static void candidates(tc_db *db, const typed *t, cands *cs)
{
    char prefix[TC_TERM_MAX + 1];
    size_t n;
    const word *last = &t->w[t->n - 1];
    if (t->partial && t->n == 1) {
        /* a first word: the syllables it begins (from two letters on) */
        if (strlen(last->folded) < 2)
            return;
        int digit = last->folded[0] >= '0' && last->folded[0] <= '9';
        scan_terms(db, cs, t, 0, last->folded, strlen(last->folded), 0,
                   !digit);
        return;
    }
    /* a word after another: the bigrams "previous_partial..." */
    const word *prev = t->partial ? &t->w[t->n - 2] : last;
    const char *part = t->partial ? last->folded : "";
    n = tc_term_bigram(prefix, sizeof prefix, prev->folded,
                       strlen(prev->folded), part, strlen(part));
    if (n)
        scan_terms(db, cs, t, t->partial ? t->n - 1 : t->n, prefix, n,
                   n - strlen(part), 0);
}

/* ---- restoring diacritics ---------------------------------------------- */

static size_t window_start(const cand *c)
{
    return c->n > WINDOW ? c->n - WINDOW : 0;
}

/* PHRASE of the folded words of c's window. */
static tc_xquery *phrase_of(const cand *c)
{
    tc_xquery *terms[WINDOW] = {0};
    size_t k = 0;
    for (size_t i = window_start(c); i < c->n; i++)
        terms[k++] = tc_xquery_term(c->w[i].folded, strlen(c->w[i].folded),
                                    1);
    tc_xquery *q = k == 1 ? tc_xquery_scale(terms[0], 1.0)
                          : tc_xquery_combine(TC_QOP_PHRASE, terms, k, 0);
    for (size_t i = 0; i < k; i++)
        tc_xquery_free(terms[i]);
    return q;
}

/* A sliding window of the last WINDOW tokens of a text. */
typedef struct reader {
    cands *cs;
    word ring[WINDOW];
    size_t seen;
} reader;

/* Note a writing seen in the document being read: each document is one
 * vote, however often it repeats the phrase (end_document counts them). */
static void count_vote(cand *c, const char *text)
{
    for (size_t i = 0; i < c->nvotes; i++)
        if (strcmp(c->votes[i].text, text) == 0) {
            c->votes[i].in_this_doc = 1;
            return;
        }
    if (c->nvotes < MAX_VOTES) {
        vote *v = &c->votes[c->nvotes++];
        snprintf(v->text, sizeof v->text, "%s", text);
        v->count = 0;
        v->in_this_doc = 1;
    }
}

static void end_document(cands *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        for (size_t k = 0; k < cs->c[i].nvotes; k++) {
            vote *v = &cs->c[i].votes[k];
            v->count += v->in_this_doc;
            v->in_this_doc = 0;
        }
}

static int read_token(void *ctx, const tc_token *tok)
{
    reader *r = ctx;
    if (tok->exact_len >= WORD_MAX) {
        r->seen = 0;
        return 0;
    }
    copy_word(&r->ring[r->seen % WINDOW], tok);
    r->seen++;
    for (size_t i = 0; i < r->cs->n; i++) {
        cand *c = &r->cs->c[i];
        size_t k = c->n - window_start(c);
        if (r->seen < k)
            continue;
        /* the words together, as a phrase is (no punctuation between) */
        size_t j = 0;
        while (j < k && strcmp(r->ring[(r->seen - k + j) % WINDOW].folded,
                               c->w[window_start(c) + j].folded) == 0 &&
               (j == 0 || r->ring[(r->seen - k + j) % WINDOW].glued))
            j++;
        if (j < k)
            continue;
        char text[sizeof c->votes[0].text] = "";
        for (j = 0; j < k; j++) {
            if (j)
                strcat(text, " ");
            strcat(text, r->ring[(r->seen - k + j) % WINDOW].exact);
        }
        count_vote(c, text);
    }
    return 0;
}

/* Learn the writings of the candidates' phrases in the documents of ms. */
static void read_docs(cands *cs, const tc_mset *ms)
{
    for (uint32_t i = 0; i < tc_mset_size(ms); i++) {
        tc_doc d = {0};
        reader r;
        memset(&r, 0, sizeof r);
        r.cs = cs;
        if (tc_doc_from_mset(ms, i, RECORD_MAX, &d, NULL) == TC_OK) {
            if (d.title)
                tc_tokenize(d.title, strlen(d.title), read_token, &r, NULL);
            r.seen = 0;
            if (d.body)
                tc_tokenize(d.body, d.body_len < SCAN_BYTES ? d.body_len
                                                             : SCAN_BYTES,
                            read_token, &r, NULL);
            end_document(cs);
        }
        tc_doc_clear(&d);
    }
}

/* Read how a few documents with candidate c write its window: the best
 * ranked, and a sample spread over all that have it (in document order,
 * one at each of SPREAD points), so that neither the documents repeating
 * it most nor those indexed first decide alone. */
#define SPREAD 4

static void restore_one(tc_db *db, cands *cs, const cand *c)
{
    tc_xquery *q = phrase_of(c);
    uint32_t total = 0;
    for (int k = 0; q && k <= SPREAD; k++) {
        tc_search_opts o;
        tc_mset *ms = NULL;
        tc_search_opts_init(&o);
        o.limit = k == 0 ? RESTORE_DOCS : 1;
        o.unweighted = k > 0;
        o.offset = k > 0 ? (uint32_t)((uint64_t)total * (k - 1) / SPREAD) : 0;
        if (k > 0 && o.offset >= total)
            break;
        if (tc_db_search(db, q, &o, &ms, NULL) == TC_OK) {
            if (k == 0)
                total = tc_mset_estimated(ms);
            read_docs(cs, ms);
        }
        tc_mset_free(ms);
    }
    tc_xquery_free(q);
}

/* 1 if some document has c's phrase (its window). */
static int phrase_exists(tc_db *db, const cand *c)
{
    tc_xquery *q = phrase_of(c);
    tc_search_opts o;
    tc_mset *ms = NULL;
    int found = 0;
    tc_search_opts_init(&o);
    o.limit = 1;
    o.unweighted = 1;
    o.skip_data = 1;
    if (q && tc_db_search(db, q, &o, &ms, NULL) == TC_OK)
        found = tc_mset_size(ms) > 0;
    tc_mset_free(ms);
    tc_xquery_free(q);
    return found;
}

/* Keep the first `keep` candidates (by frequency) whose whole phrase some
 * document has: the bigram alone does not say the typed words precede it. */
static void keep_existing(tc_db *db, cands *cs, size_t keep)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n && n < keep; i++)
        if (cs->c[i].n == 1 || phrase_exists(db, &cs->c[i]))
            cs->c[n++] = cs->c[i];
    cs->n = n;
}

static void restore(tc_db *db, cands *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->c[i].nvotes == 0)        /* an earlier search found it */
            restore_one(db, cs, &cs->c[i]);
}

/* How many documents of the whole index have c's phrase with the exact
 * syllables of writing `text` (Xapian's estimate: a count, no ranking). */
static uint32_t writing_docs(tc_db *db, const cand *c, const char *text)
{
    char buf[WINDOW * WORD_MAX + WINDOW], term[TC_TERM_MAX + 1];
    tc_xquery *parts[WINDOW + 1];
    size_t np = 0;
    uint32_t n = 0;
    snprintf(buf, sizeof buf, "%s", text);
    parts[np++] = phrase_of(c);
    for (char *save, *w = strtok_r(buf, " ", &save); w && np <= WINDOW;
         w = strtok_r(NULL, " ", &save)) {
        size_t tl = tc_term_make(term, sizeof term, TC_PREFIX_EXACT, w,
                                 strlen(w));
        if (tl && (w[0] < '0' || w[0] > '9'))   /* numbers have no XE */
            parts[np++] = tc_xquery_term(term, tl, 1);
    }
    tc_xquery *q = tc_xquery_combine(TC_QOP_AND, parts, np, 0);
    for (size_t i = 0; i < np; i++)
        tc_xquery_free(parts[i]);
    tc_search_opts o;
    tc_mset *ms = NULL;
    tc_search_opts_init(&o);
    o.limit = 0;
    o.unweighted = 1;
    if (q && tc_db_search(db, q, &o, &ms, NULL) == TC_OK)
        n = tc_mset_estimated(ms);
    tc_mset_free(ms);
    tc_xquery_free(q);
    return n;
}

/* The writing most of the sampled documents have as a phrase; between
 * writings as common there, the one more documents of the index have
 * (writing_docs: not positional, so only a tie-break). */
static const vote *best_vote(tc_db *db, const cand *c)
{
    const vote *best = NULL;
    uint32_t best_n = 0;
    for (size_t i = 0; i < c->nvotes; i++) {
        const vote *v = &c->votes[i];
        if (v->count == 0 || (best && v->count < best->count))
            continue;
        uint32_t n = writing_docs(db, c, v->text);
        if (!best || v->count > best->count || n > best_n) {
            best = v;
            best_n = n;
        }
    }
    return best;
}

/* The candidate as it would be written: typed words with diacritics as
 * typed, the window as the documents most often write it, the rest as
 * typed.  NULL when no document has the phrase, or when the writing
 * contradicts what was typed. */
static char *display(tc_db *db, const cand *c, const typed *t)
{
    const vote *best = best_vote(db, c);
    char *words[MAX_WORDS + 1];
    char buf[sizeof c->votes[0].text];
    size_t ws = window_start(c), k = 0;
    size_t kept = t->partial ? t->n - 1 : t->n;   /* words as typed */
    tc_buf out = {0};
    if (!best)
        return NULL;      /* no document has the phrase: no suggestion */
    {
        snprintf(buf, sizeof buf, "%s", best->text);
        for (char *save, *p = strtok_r(buf, " ", &save); p && k < WINDOW;
             p = strtok_r(NULL, " ", &save))
            words[ws + k++] = p;
    }
    for (size_t i = 0; i < c->n; i++) {
        const char *w = c->w[i].folded;
        int typed_word = i < kept;
        if (typed_word && t->w[i].marked)
            w = t->w[i].exact;                 /* as typed */
        else if (i >= ws && i - ws < k)
            w = words[i];
        else if (typed_word)
            w = t->w[i].exact;
        /* an unfinished word typed with diacritics must still begin it */
        if (t->partial && i == t->n - 1 && t->w[i].marked &&
            strncmp(w, t->w[i].exact, strlen(t->w[i].exact)) != 0) {
            tc_buf_free(&out);
            return NULL;
        }
        if (i)
            tc_buf_put(&out, " ", 1);
        tc_buf_puts(&out, w);
    }
    return tc_buf_finish(&out);
}

/* ---- titles ------------------------------------------------------------ */

/* Titles with every typed word (the last as a prefix of a title word). */
static void titles(tc_db *db, const typed *t, tc_suggestions *s, size_t max)
{
    tc_xquery *parts[MAX_WORDS], *q = NULL;
    char term[TC_TERM_MAX + 1];
    size_t np = 0, n;
    tc_mset *ms = NULL;
    if (t->partial && strlen(t->w[t->n - 1].folded) < 2)
        return;
    for (size_t i = 0; i + (t->partial ? 1 : 0) < t->n; i++)
        if ((n = tc_term_make(term, sizeof term, TC_PREFIX_TITLE,
                              t->w[i].folded, strlen(t->w[i].folded))))
            parts[np++] = tc_xquery_term(term, n, 1);
    if (t->partial) {           /* the unfinished word: its expansions */
        tc_xquery *alts[32];
        size_t na = 0, len, seen = 0;
        const char *tt;
        uint32_t f;
        tc_termiter *it;
        n = tc_term_make(term, sizeof term, TC_PREFIX_TITLE,
                         t->w[t->n - 1].folded,
                         strlen(t->w[t->n - 1].folded));
        if (n && tc_db_allterms(db, term, n, &it, NULL) == TC_OK) {
            while (na < 32 && seen++ < SCAN_TERMS &&
                   tc_termiter_next(it, &tt, &len, &f, NULL) == 1)
                alts[na++] = tc_xquery_term(tt, len, 1);
            tc_termiter_free(it);
        }
        parts[np++] = tc_xquery_combine(TC_QOP_OR, alts, na, 0);
        for (size_t i = 0; i < na; i++)
            tc_xquery_free(alts[i]);
    }
    q = tc_xquery_combine(TC_QOP_AND, parts, np, 0);
    for (size_t i = 0; i < np; i++)
        tc_xquery_free(parts[i]);
    tc_search_opts o;
    tc_search_opts_init(&o);
    o.limit = 3;
    if (!q || tc_db_search(db, q, &o, &ms, NULL) != TC_OK)
        goto done;
    for (uint32_t i = 0; i < tc_mset_size(ms) && s->n < max; i++) {
        tc_doc d = {0};
        if (tc_doc_from_mset(ms, i, 0, &d, NULL) == TC_OK && d.title &&
            *d.title) {
            tc_suggestion *x = &s->items[s->n++];
            x->text = d.title;
            d.title = NULL;
            x->description = strdup("tiêu đề");
            size_t ul = strlen(d.id) + 16;
            if ((x->url = malloc(ul)))
                snprintf(x->url, ul, "/api/doc/%s", d.id);
        }
        tc_doc_clear(&d);
    }
done:
    tc_xquery_free(q);
    tc_mset_free(ms);
}

/* ---- putting it together ------------------------------------------------ */

static int seen_before(const tc_suggestions *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].text, text) == 0)
            return 1;
    return 0;
}

static int by_freq(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->freq < y->freq ? 1 : x->freq > y->freq ? -1 : 0;
}

int tc_suggest(tc_db *db, const char *q, size_t len, size_t max,
               tc_suggestions **out, tc_error *err)
{
    typed t;
    cands *cs = calloc(1, sizeof *cs);
    tc_suggestions *s = calloc(1, sizeof *s);
    *out = NULL;
    if (max > TC_SUGGEST_MAX)
        max = TC_SUGGEST_MAX;
    if (!cs || !s || !(s->items = calloc(TC_SUGGEST_MAX, sizeof *s->items)) ||
        tc_utf8_sanitize(q ? q : "", q ? len : 0, &s->query, NULL, NULL)) {
        free(cs);
        tc_suggestions_free(s);
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    }
    read_typed(s->query, strlen(s->query), &t);
    if (t.n > 0 && len <= 256) {
        cs->max = MAX_CANDS;
        candidates(db, &t, cs);
        qsort(cs->c, cs->n, sizeof *cs->c, by_freq);
        keep_existing(db, cs, max);
        /* a term in one document only (a typo, a glued word) is no
         * suggestion when others are in several */
        while (cs->n > 1 && cs->c[cs->n - 1].freq < 2 && cs->c[0].freq >= 2)
            cs->n--;
        if (cs->n)
            restore(db, cs);
        for (size_t i = 0; i < cs->n && s->n < max; i++) {
            char *text = display(db, &cs->c[i], &t);
            /* what was typed, unchanged, is no suggestion */
            if (!text || seen_before(s, text) || strcmp(text, s->query) == 0) {
                free(text);
                continue;
            }
            tc_suggestion *x = &s->items[s->n++];
            x->text = text;
            char d[32];
            snprintf(d, sizeof d, "%u tài liệu", cs->c[i].freq);
            x->description = strdup(d);
        }
        titles(db, &t, s, max);
    }
    free(cs);
    *out = s;
    return TC_OK;
}

void tc_suggestions_free(tc_suggestions *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->items && i < s->n; i++) {
        free(s->items[i].text);
        free(s->items[i].description);
        free(s->items[i].url);
    }
    free(s->items);
    free(s->query);
    free(s);
}
