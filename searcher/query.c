/* query.c: the query parser (query.h).
 *
 * Two steps.  lex() cuts the query string into lexemes: words, quoted
 * phrases, parentheses, the operators AND/OR/NOT (upper case), the -/+
 * prefixes and field names ("title:").  A recursive-descent parser then
 * builds the Xapian tree through the wrapper, word by word with the terms
 * of terms.h, while it collects the ranking boosts (exact forms, bigrams,
 * title terms) and the highlight spec for the snippets.  Any syntax error
 * sends the whole query down plain_words() instead: a malformed query is
 * searched as the words it contains, it never fails. */
#include "query.h"
#include "fields.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/entities.h"
#include "tracuu/terms.h"

/* ---- a growable array of query handles -------------------------------- */

typedef struct qvec {
    tc_xquery **q;
    size_t n, cap;
} qvec;

static int qvec_push(qvec *v, tc_xquery *q)
{
    if (!q)
        return TC_ENOMEM;
    tc_xquery **nq = tc_grow(v->q, &v->cap, v->n + 1, sizeof *nq);
    if (!nq) {
        tc_xquery_free(q);
        return TC_ENOMEM;
    }
    v->q = nq;
    v->q[v->n++] = q;
    return TC_OK;
}

static void qvec_clear(qvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        tc_xquery_free(v->q[i]);
    free(v->q);
    memset(v, 0, sizeof *v);
}

/* Combine the parts with op and release them (a single part is returned
 * as it is).  NULL when out of memory. */
static tc_xquery *qvec_combine(qvec *v, enum tc_qop op, uint32_t window)
{
    tc_xquery *q;
    if (v->n == 1) {
        q = v->q[0];
        v->n = 0;
    } else {
        q = tc_xquery_combine(op, v->q, v->n, window);
    }
    qvec_clear(v);
    return q;
}

/* ---- lexing ----------------------------------------------------------- */

enum lx_type { L_WORD, L_PHRASE, L_LPAREN, L_RPAREN, L_AND, L_OR, L_NOT,
               L_MINUS, L_PLUS, L_FIELD };

typedef struct lexeme {
    enum lx_type type;
    const char *s;       /* the text (word, phrase content, field name) */
    size_t len;
    int glued;           /* no space before it (adjacency for bigrams) */
    const tc_query_field *field;  /* L_FIELD: which */
} lexeme;

#define MAX_LEXEMES 256

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_word_end(const char *s, size_t i, size_t len)
{
    return i >= len || is_space(s[i]) || s[i] == '(' || s[i] == ')' ||
           s[i] == '"';
}

static int word_is(const lexeme *l, const char *w)
{
    return l->len == strlen(w) && memcmp(l->s, w, l->len) == 0;
}

/* Cut q into lexemes; *unbalanced is set for an unclosed quote. */
static size_t lex(const char *q, size_t len, lexeme *out, int *unbalanced)
{
    size_t n = 0, i = 0;
    while (i < len && n < MAX_LEXEMES) {
        size_t start = i;
        while (i < len && is_space(q[i]))
            i++;
        if (i >= len)
            break;
        lexeme *l = &out[n++];
        l->glued = (i == start && n > 1);
        l->s = q + i;
        l->len = 1;
        if (q[i] == '(' || q[i] == ')') {
            l->type = q[i] == '(' ? L_LPAREN : L_RPAREN;
            i++;
        } else if (q[i] == '"') {
            const char *end = memchr(q + i + 1, '"', len - i - 1);
            l->type = L_PHRASE;
            l->s = q + i + 1;
            l->len = end ? (size_t)(end - l->s) : len - i - 1;
            if (!end)
                *unbalanced = 1;
            i = end ? (size_t)(end - q) + 1 : len;
        } else if ((q[i] == '-' || q[i] == '+') && i + 1 < len &&
                   !is_space(q[i + 1]) && q[i + 1] != ')' &&
                   (i == 0 || is_space(q[i - 1]) || q[i - 1] == '(')) {
            l->type = q[i] == '-' ? L_MINUS : L_PLUS;
            i++;
        } else {
            size_t j = i, used;
            const tc_query_field *f = tc_query_field_at(q + i, len - i, &used);
            if (f && i + used < len && !is_space(q[i + used]) &&
                q[i + used] != ')') {
                l->type = L_FIELD;
                l->field = f;
                l->len = used - 1;
                i += used;
                continue;
            }
            while (!is_word_end(q, j, len))
                j++;
            l->type = L_WORD;
            l->len = j - i;
            i = j;
            if (word_is(l, "AND"))
                l->type = L_AND;
            else if (word_is(l, "OR"))
                l->type = L_OR;
            else if (word_is(l, "NOT"))
                l->type = L_NOT;
        }
    }
    return n;
}

/* ---- the parser ------------------------------------------------------- */

typedef struct parser {
    const char *q0;                  /* the query (lexemes point into it) */
    tc_termfreq_fn termfreq;         /* NULL: no typing alternatives */
    void *tf_ctx;
    const lexeme *lx;
    size_t n, i;
    int error, depth, negated;
    const char *prefix;              /* field prefix of the words now */
    char prev[TC_TERM_MAX + 1];      /* previous plain word (folded) */
    size_t prev_len;
    char prev_alt[TC_TERM_MAX + 1];  /* its typing alternative (folded) */
    size_t prev_alt_len;
    char prev_exact[TC_TERM_MAX + 1];  /* its exact form */
    size_t prev_elen;
    qvec adj;                        /* each pair of adjacent plain words,
                                      * as typed (the adjacency tier) */
    int expanded;                    /* an abbreviation was expanded or
                                      * a run contracted: documents that
                                      * write the other form have no such
                                      * pairs, so no adjacency tier */
    qvec boosts;                     /* AND_MAYBE side */
    qvec plain;                      /* words, for the relaxed retry */
    qvec exact;                      /* exact forms of positive words */
    qvec typed;                      /* words with a typing alternative,
                                      * as typed */
    int operators;                   /* saw anything but plain words */
    int saw_or;
    int single_word;                 /* parse_words just read one plain
                                      * word: its folded form is in prev */
    tc_parsed_query *out;
    int oom;
} parser;

typedef struct qtok {
    char exact[TC_TERM_MAX + 1], folded[TC_TERM_MAX + 1];
    size_t elen, flen;
    unsigned flags;
} qtok;

typedef struct qtoks {
    qtok t[TC_QUERY_MAX_WORDS];
    size_t n;
    int truncated;
} qtoks;

#define STOP_COLLECTING 1

static int collect_tok(void *ctx, const tc_token *t)
{
    qtoks *ts = ctx;
    if (ts->n == TC_QUERY_MAX_WORDS) {
        ts->truncated = 1;
        return STOP_COLLECTING;       /* the rest is not searched */
    }
    qtok *o = &ts->t[ts->n++];
    memcpy(o->exact, t->exact, t->exact_len);
    o->elen = t->exact_len;
    memcpy(o->folded, t->folded, t->folded_len);
    o->flen = t->folded_len;
    o->flags = t->flags;
    return 0;
}

/* The words of s, up to what is left of the query's word budget. */
static void tokenize_words(parser *p, const char *s, size_t len, qtoks *ts)
{
    ts->n = 0;
    ts->truncated = 0;
    if (tc_tokenize(s, len, collect_tok, ts, NULL) == TC_ENOMEM)
        p->oom = 1;
    size_t budget = (size_t)(TC_QUERY_MAX_WORDS - p->out->words);
    if (ts->n > budget) {
        ts->n = budget;
        ts->truncated = 1;
    }
    if (ts->truncated)
        p->out->truncated = 1;
    p->out->words += (int)ts->n;
}

static tc_xquery *term_query(parser *p, const char *prefix, const char *s,
                             size_t len)
{
    char term[TC_TERM_MAX + 1];
    size_t n = tc_term_make(term, sizeof term, prefix, s, len);
    if (!n)
        return tc_xquery_match_nothing();
    tc_xquery *q = tc_xquery_term(term, n, 1);
    if (!q)
        p->oom = 1;
    return q;
}

/* The snippets highlight the words of ts as one phrase. */
static void highlight_phrase(parser *p, const qtoks *ts)
{
    const char *words[TC_QUERY_MAX_WORDS];
    size_t lens[TC_QUERY_MAX_WORDS];
    for (size_t k = 0; k < ts->n; k++) {
        words[k] = ts->t[k].folded;
        lens[k] = ts->t[k].flen;
    }
    if (tc_highlight_add_phrase(&p->out->hl, words, lens, ts->n))
        p->oom = 1;
}

static void boost(parser *p, tc_xquery *q, double factor)
{
    if (!q) {
        p->oom = 1;
        return;
    }
    tc_xquery *s = tc_xquery_scale(q, factor);
    tc_xquery_free(q);
    if (qvec_push(&p->boosts, s) != TC_OK)
        p->oom = 1;
}

/* Boosts of one positive query word, and its highlight unless it belongs
 * to a phrase (then the phrase is highlighted, not its words alone). */
static void note_word(parser *p, const qtok *t, int highlight)
{
    const int exact = p->out->has_diacritics && !(t->flags & TC_TOK_NUMBER);
    if (exact)
        boost(p, term_query(p, TC_PREFIX_EXACT, t->exact, t->elen),
              TC_BOOST_EXACT);
    if (p->out->has_diacritics &&
        qvec_push(&p->exact, exact ? term_query(p, TC_PREFIX_EXACT, t->exact,
                                                t->elen)
                                   : term_query(p, "", t->folded, t->flen)))
        p->oom = 1;
    if (p->prefix[0] == '\0')
        boost(p, term_query(p, TC_PREFIX_TITLE, t->folded, t->flen),
              TC_BOOST_TITLE);
    if (highlight &&
        tc_highlight_add_word(&p->out->hl, t->folded, t->flen,
                              exact ? t->exact : NULL,
                              exact ? t->elen : 0) != TC_OK)
        p->oom = 1;
}

static void bigram(parser *p, const char *a, size_t alen, const char *b,
                   size_t blen, double factor)
{
    char term[TC_TERM_MAX + 1];
    size_t n;
    if (alen && blen && (n = tc_term_bigram(term, sizeof term, a, alen, b,
                                            blen)))
        boost(p, tc_xquery_term(term, n, 1), factor);
}

/* The bigram boost of the previous plain word and t, then t becomes the
 * previous word; alt (alen bytes, folded) is t's typing alternative, and
 * pairs with an alternative weigh TC_BOOST_TYPING as much. */
static void note_adjacent(parser *p, const qtok *t, int adjacent,
                          const char *alt, size_t alen)
{
    const double ta = TC_BOOST_BIGRAM * TC_BOOST_TYPING;
    if (adjacent && p->prev_len) {
        /* as typed: XB, or XC when either word has a diacritic */
        char term[TC_TERM_MAX + 1];
        size_t n = tc_term_pair(term, sizeof term, p->prev_exact,
                                p->prev_elen, p->prev, p->prev_len,
                                t->exact, t->elen, t->folded, t->flen);
        if (n && qvec_push(&p->adj, tc_xquery_term(term, n, 1)) != TC_OK)
            p->oom = 1;
        bigram(p, p->prev, p->prev_len, t->folded, t->flen, TC_BOOST_BIGRAM);
        bigram(p, p->prev_alt, p->prev_alt_len, t->folded, t->flen, ta);
        bigram(p, p->prev, p->prev_len, alt, alen, ta);
        bigram(p, p->prev_alt, p->prev_alt_len, alt, alen, ta);
    }
    memcpy(p->prev, t->folded, t->flen);
    p->prev_len = t->flen;
    memcpy(p->prev_exact, t->exact, t->elen);
    p->prev_elen = t->elen;
    memcpy(p->prev_alt, alt, alen);
    p->prev_alt_len = alen;
}

static tc_xquery *expand_abbreviation(parser *p, const lexeme *l,
                                      const qtoks *ts, tc_xquery *q);

/* ---- typing alternatives (typing.h) ----------------------------------- */

/* A typing alternative of one plain word. */
typedef struct talt {
    tc_typing_alt *a;          /* where it is recorded; NULL: none */
    qtok t;                    /* its exact and folded forms */
} talt;

static int alt_form(void *ctx, const tc_token *tok)
{
    qtok *t = ctx;
    memcpy(t->exact, tok->exact, tok->exact_len);
    t->elen = tok->exact_len;
    memcpy(t->folded, tok->folded, tok->folded_len);
    t->flen = tok->folded_len;
    return 1;                  /* one token */
}

static uint32_t freq(parser *p, const char *prefix, const char *s,
                     size_t len)
{
    char term[TC_TERM_MAX + 1];
    size_t n = tc_term_make(term, sizeof term, prefix, s, len);
    return n ? p->termfreq(p->tf_ctx, term, n) : 0;
}

/* The syllable the word lexeme l (one token, t) spells in Telex or VNI,
 * when the index holds it in more documents than the word as typed. */
static void typing_alt(parser *p, const lexeme *l, const qtok *t, talt *ta)
{
    tc_typing_alt *a = &p->out->alts[p->out->nalts];
    ta->a = NULL;
    if (!p->termfreq || p->out->nalts == TC_QUERY_MAX_ALTS ||
        !tc_typing_syllable(l->s, l->len, a->as, sizeof a->as))
        return;
    memset(&ta->t, 0, sizeof ta->t);
    if (tc_tokenize(a->as, strlen(a->as), alt_form, &ta->t, NULL) ==
            TC_ENOMEM || !ta->t.elen)
        return;
    if (freq(p, TC_PREFIX_EXACT, ta->t.exact, ta->t.elen) <=
        freq(p, "", t->folded, t->flen))
        return;
    a->start = (size_t)(l->s - p->q0);
    a->len = l->len;
    p->out->nalts++;
    ta->a = a;
}

/* q OR the alternative's exact term, scaled; its title term boosted and
 * its exact form highlighted; the word as typed kept for the tier.
 * Consumes q. */
static tc_xquery *with_alt(parser *p, const qtok *t, const talt *ta,
                           tc_xquery *q)
{
    if (!ta->a || !q)
        return q;
    tc_xquery *alt = term_query(p, TC_PREFIX_EXACT, ta->t.exact, ta->t.elen);
    tc_xquery *parts[2] = {q, alt ? tc_xquery_scale(alt, TC_BOOST_TYPING)
                                  : NULL};
    tc_xquery *r = parts[1] ? tc_xquery_combine(TC_QOP_OR, parts, 2, 0)
                            : NULL;
    tc_xquery_free(alt);
    tc_xquery_free(parts[1]);
    tc_xquery_free(q);
    if (!r) {
        p->oom = 1;
        return NULL;
    }
    boost(p, term_query(p, TC_PREFIX_TITLE, ta->t.folded, ta->t.flen),
          TC_BOOST_TITLE * TC_BOOST_TYPING);
    if (tc_highlight_add_word(&p->out->hl, ta->t.folded, ta->t.flen,
                              ta->t.exact, ta->t.elen) != TC_OK ||
        qvec_push(&p->typed, term_query(p, "", t->folded, t->flen)) != TC_OK)
        p->oom = 1;
    return r;
}

/* A word lexeme ("thanh", "36a/NQ-CP") or a quoted phrase: one term, or a
 * phrase of its tokens. */
static tc_xquery *parse_words(parser *p, const lexeme *l, int is_phrase)
{
    qtoks ts;
    qvec terms = {0};
    tokenize_words(p, l->s, l->len, &ts);
    if (ts.n == 0)
        return NULL;
    if (is_phrase || p->negated)
        p->prev_len = 0;
    talt ta = {NULL};
    if (!is_phrase && !p->negated && p->prefix[0] == '\0' && ts.n == 1)
        typing_alt(p, l, &ts.t[0], &ta);
    for (size_t k = 0; k < ts.n; k++) {
        const qtok *t = &ts.t[k];
        if (qvec_push(&terms, term_query(p, p->prefix, t->folded, t->flen)))
            p->oom = 1;
        if (p->negated)
            continue;
        note_word(p, t, ts.n == 1);
        if (!is_phrase && p->prefix[0] == '\0')
            note_adjacent(p, t, k > 0 ? !(t->flags & TC_TOK_BREAK)
                                      : l->glued || p->prev_len,
                          ta.t.folded, ta.a ? ta.t.flen : 0);
    }
    if (!p->negated && ts.n > 1)
        highlight_phrase(p, &ts);
    p->single_word = !is_phrase && !p->negated && p->prefix[0] == '\0' &&
                     ts.n == 1;
    tc_xquery *q = with_alt(p, &ts.t[0], &ta,
                            qvec_combine(&terms, TC_QOP_PHRASE, 0));
    if (!is_phrase && !p->negated && p->prefix[0] == '\0')
        q = expand_abbreviation(p, l, &ts, q);
    /* a copy for the relaxed retry (scale 1 leaves the weight as it is) */
    if (q && !is_phrase && !p->negated && p->prefix[0] == '\0' &&
        qvec_push(&p->plain, tc_xquery_scale(q, 1.0)) != TC_OK)
        p->oom = 1;
    return q;
}

/* ---- abbreviations, both ways (entities.h's table) ------------------ */

#define ABBR_MAX 4            /* meanings of one abbreviation searched */
#define ABBR_WINDOW 6         /* longest expansion looked for, in words */

/* The words of text as one term or a phrase of unprefixed folded terms,
 * highlighted as a phrase; NULL when out of memory. */
static tc_xquery *words_query(parser *p, const char *text)
{
    qtoks ts;
    qvec terms = {0};
    int saved = p->out->words;
    tokenize_words(p, text, strlen(text), &ts);
    p->out->words = saved;        /* alternatives spend no word budget */
    if (ts.n == 0)
        return tc_xquery_match_nothing();
    for (size_t k = 0; k < ts.n; k++)
        if (qvec_push(&terms, term_query(p, "", ts.t[k].folded, ts.t[k].flen)))
            p->oom = 1;
    highlight_phrase(p, &ts);
    return qvec_combine(&terms, TC_QOP_PHRASE, 0);
}

/* q OR the n alternatives' words; consumes q. */
static tc_xquery *or_alternatives(parser *p, tc_xquery *q,
                                  const char *const *alts, size_t n)
{
    qvec v = {0};
    p->expanded = 1;
    if (qvec_push(&v, q) != TC_OK) {
        p->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (qvec_push(&v, words_query(p, alts[i])) != TC_OK)
            p->oom = 1;
    return qvec_combine(&v, TC_QOP_OR, 0);
}

/* A plain word that is an abbreviation ("UBND", "TT&TT", "KT-XH") also
 * searches what it stands for.  Two-letter ones ("TP", "QĐ") only when
 * typed in capitals: "tu" or "cp" in lower case are words. */
static tc_xquery *expand_abbreviation(parser *p, const lexeme *l,
                                      const qtoks *ts, tc_xquery *q)
{
    const tc_abbr *found[ABBR_MAX];
    const char *alts[ABBR_MAX];
    size_t n = tc_abbr_expansions(l->s, l->len, found, ABBR_MAX);
    if (n == 0 || !q)
        return q;
    if (n > ABBR_MAX)
        n = ABBR_MAX;
    for (size_t k = 0; k < ts->n; k++)
        if (strlen(found[0]->abbr_key) <= 2 &&
            !(ts->t[k].flags & TC_TOK_ALLCAPS))
            return q;
    for (size_t i = 0; i < n; i++)
        alts[i] = found[i]->expansion;
    return or_alternatives(p, q, alts, n);
}

/* Runs of plain words that spell out an abbreviation ("ủy ban nhân dân")
 * also search the abbreviation: pos[a..b) becomes (AND of them) OR UBND.
 * fold[i] is the folded word of pos[i], NULL when it is not a plain
 * word. */
static void contract_expansions(parser *p, qvec *pos, char **fold)
{
    for (size_t a = 0; a < pos->n; a++) {
        for (size_t w = ABBR_WINDOW; w >= 2; w--) {
            if (a + w > pos->n)
                continue;
            tc_buf key = {0};
            size_t b = a;
            for (; b < a + w && fold[b]; b++) {
                if (b > a)
                    tc_buf_put(&key, " ", 1);
                tc_buf_puts(&key, fold[b]);
            }
            const tc_abbr *found[ABBR_MAX];
            const char *alts[ABBR_MAX];
            size_t n = b == a + w && !key.oom
                ? tc_abbr_abbreviations(key.p, key.len, found, ABBR_MAX) : 0;
            tc_buf_free(&key);
            if (n == 0)
                continue;
            if (n > ABBR_MAX)
                n = ABBR_MAX;
            for (size_t i = 0; i < n; i++)
                alts[i] = found[i]->abbr;
            tc_xquery *run = tc_xquery_combine(TC_QOP_AND, pos->q + a, w, 0);
            tc_xquery *alt = run ? or_alternatives(p, run, alts, n) : NULL;
            if (!alt) {
                p->oom = 1;
                return;
            }
            for (size_t i = a; i < a + w; i++) {
                tc_xquery_free(pos->q[i]);
                free(fold[i]);
            }
            pos->q[a] = alt;
            fold[a] = NULL;
            memmove(pos->q + a + 1, pos->q + a + w,
                    (pos->n - a - w) * sizeof *pos->q);
            memmove(fold + a + 1, fold + a + w,
                    (pos->n - a - w) * sizeof *fold);
            pos->n -= w - 1;
            break;
        }
    }
}

static const lexeme *peek_lx(parser *p)
{
    return p->i < p->n ? &p->lx[p->i] : NULL;
}

static tc_xquery *parse_or(parser *p);

/* A number as Vietnamese writes it: thousands dots, a decimal comma. */
static int vn_number(const char *s, size_t len, double *out)
{
    char buf[64];
    size_t n = 0;
    if (len >= sizeof buf)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.')
            continue;
        if (s[i] != ',' && (s[i] < '0' || s[i] > '9'))
            return 0;
        buf[n++] = s[i] == ',' ? '.' : s[i];
    }
    buf[n] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return n > 0 && *end == '\0' && (buf[0] >= '0' && buf[0] <= '9');
}

/* After figure:"unit", a word ">N", "<N", ">=N", "<=N" or "=N" is a range
 * of values: always taken from the query, kept when accept (a positive
 * field outside parentheses) and it is the query's first range.  The
 * match applies it to the whole query: tc_query_parse drops it when the
 * query has an OR. */
static void figure_range(parser *p, const lexeme *unit, int accept)
{
    const lexeme *r = peek_lx(p);
    if (!r || r->type != L_WORD || r->len < 2 ||
        (r->s[0] != '>' && r->s[0] != '<' && r->s[0] != '='))
        return;
    size_t skip = r->len > 2 && r->s[1] == '=' ? 2 : 1;
    double x;
    if (!vn_number(r->s + skip, r->len - skip, &x))
        return;
    p->i++;
    if (!accept || p->out->figure_unit[0])
        return;
    char *f = NULL;
    if (tc_term_key(unit->s, unit->len, &f) != TC_OK || !f || !*f ||
        strlen(f) >= sizeof p->out->figure_unit) {
        free(f);
        return;
    }
    strcpy(p->out->figure_unit, f);
    free(f);
    p->out->figure_lo = -HUGE_VAL;
    p->out->figure_hi = HUGE_VAL;
    if (r->s[0] == '>')
        p->out->figure_lo = skip == 2 ? x : nextafter(x, HUGE_VAL);
    else if (r->s[0] == '<')
        p->out->figure_hi = skip == 2 ? x : nextafter(x, -HUGE_VAL);
    else
        p->out->figure_lo = p->out->figure_hi = x;
}

/* The value of an entity field (a word or a quoted phrase): one term or a
 * range of days; its words are highlighted as a phrase. */
static tc_xquery *parse_entity(parser *p, const tc_query_field *f)
{
    const lexeme *v = peek_lx(p);
    if (!v || (v->type != L_WORD && v->type != L_PHRASE)) {
        p->error = 1;
        return NULL;
    }
    p->i++;
    p->prev_len = 0;
    tc_xquery *q = tc_query_field_value(f, v->s, v->len);
    if (!q) {
        p->oom = 1;
        return NULL;
    }
    if (strcmp(f->prefix, TC_PREFIX_UNIT) == 0)
        figure_range(p, v, !p->negated && p->depth == 0);
    if (f->kind == TC_FIELD_DATE || p->negated)
        return q;
    qtoks ts;
    tokenize_words(p, v->s, v->len, &ts);
    highlight_phrase(p, &ts);
    return q;
}

static tc_xquery *parse_primary(parser *p)
{
    const lexeme *l = peek_lx(p);
    if (!l) {
        p->error = 1;
        return NULL;
    }
    p->i++;
    switch (l->type) {
    case L_WORD:
        return parse_words(p, l, 0);
    case L_PHRASE:
        p->operators = 1;
        return parse_words(p, l, 1);
    case L_LPAREN: {
        p->operators = 1;
        p->prev_len = 0;
        if (++p->depth > TC_QUERY_MAX_DEPTH) {
            p->error = 1;
            return NULL;
        }
        tc_xquery *q = parse_or(p);
        const lexeme *r = peek_lx(p);
        if (!r || r->type != L_RPAREN)
            p->error = 1;
        else
            p->i++;
        p->depth--;
        p->prev_len = 0;
        return q;
    }
    case L_FIELD: {
        const char *saved = p->prefix;
        p->operators = 1;
        if (l->field->kind != TC_FIELD_WORDS)
            return parse_entity(p, l->field);
        p->prefix = l->field->prefix;
        tc_xquery *q = parse_primary(p);
        p->prefix = saved;
        return q;
    }
    default:
        p->error = 1;
        return NULL;
    }
}

/* A primary with an optional NOT / - / + in front; *neg says which. */
static tc_xquery *parse_unary(parser *p, int *neg)
{
    const lexeme *l = peek_lx(p);
    *neg = 0;
    if (l && (l->type == L_NOT || l->type == L_MINUS)) {
        p->i++;
        p->operators = 1;
        p->prev_len = 0;
        *neg = 1;
        p->negated++;
        tc_xquery *q = parse_primary(p);
        p->negated--;
        p->prev_len = 0;
        return q;
    }
    if (l && l->type == L_PLUS) {
        p->i++;
        p->operators = 1;
    }
    return parse_primary(p);
}

static tc_xquery *parse_and(parser *p)
{
    qvec pos = {0}, neg = {0};
    char *fold[MAX_LEXEMES];
    const lexeme *l;
    while (!p->error && (l = peek_lx(p)) && l->type != L_OR &&
           l->type != L_RPAREN) {
        if (l->type == L_AND) {
            p->i++;
            p->operators = 1;
            p->prev_len = 0;
            l = peek_lx(p);
            if (!l || l->type == L_OR || l->type == L_RPAREN ||
                l->type == L_AND) {
                p->error = 1;
                break;
            }
        }
        int is_neg, word = l->type == L_WORD;
        p->single_word = 0;
        tc_xquery *q = parse_unary(p, &is_neg);
        if (q && !is_neg && pos.n < MAX_LEXEMES) {
            /* the folded word parse_words made, for contract_expansions */
            fold[pos.n] = word && p->single_word
                              ? strndup(p->prev, p->prev_len) : NULL;
            if (word && p->single_word && !fold[pos.n])
                p->oom = 1;
        }
        if (q && qvec_push(is_neg ? &neg : &pos, q) != TC_OK)
            p->oom = 1;
    }
    if (!p->oom)
        contract_expansions(p, &pos, fold);
    for (size_t i = 0; i < pos.n; i++)
        free(fold[i]);
    if (pos.n == 0 && neg.n == 0)
        return NULL;    /* only punctuation, say: nothing to search */
    tc_xquery *base = pos.n ? qvec_combine(&pos, TC_QOP_AND, 0)
                            : tc_xquery_match_all();
    if (neg.n == 0)
        return base;
    tc_xquery *parts[2] = {base, qvec_combine(&neg, TC_QOP_OR, 0)};
    tc_xquery *q = tc_xquery_combine(TC_QOP_AND_NOT, parts, 2, 0);
    tc_xquery_free(parts[0]);
    tc_xquery_free(parts[1]);
    return q;
}

static tc_xquery *parse_or(parser *p)
{
    qvec alts = {0};
    for (;;) {
        tc_xquery *q = parse_and(p);
        if (q && qvec_push(&alts, q) != TC_OK)
            p->oom = 1;
        const lexeme *l = peek_lx(p);
        if (p->error || !l || l->type != L_OR)
            break;
        p->i++;
        p->operators = 1;
        p->saw_or = 1;
        p->prev_len = 0;
        l = peek_lx(p);
        if (!l || l->type == L_OR || l->type == L_RPAREN || l->type == L_AND) {
            p->error = 1;
            break;
        }
    }
    if (alts.n == 0)
        return NULL;
    return qvec_combine(&alts, TC_QOP_OR, 0);
}

/* ---- putting it together ---------------------------------------------- */

static void parser_reset(parser *p, tc_parsed_query *out)
{
    qvec_clear(&p->boosts);
    qvec_clear(&p->plain);
    qvec_clear(&p->exact);
    qvec_clear(&p->typed);
    qvec_clear(&p->adj);
    tc_highlight_clear(&out->hl);
    out->nalts = 0;
    out->words = 0;
    out->truncated = 0;
    out->figure_unit[0] = '\0';
    p->i = 0;
    p->error = p->depth = p->negated = p->operators = p->saw_or = 0;
    p->expanded = 0;
    p->prefix = "";
    p->prev_len = 0;
}

/* The fallback: every word of the query, operators and quotes ignored. */
static tc_xquery *plain_words(parser *p, const char *q, size_t len)
{
    lexeme l = {L_WORD, q, len, 0, NULL};
    qtoks ts;
    qvec terms = {0};
    tokenize_words(p, l.s, l.len, &ts);
    for (size_t k = 0; k < ts.n; k++) {
        const qtok *t = &ts.t[k];
        /* the operator words themselves are not searched */
        if (t->flags & TC_TOK_ALLCAPS &&
            ((t->flen == 3 && (!memcmp(t->folded, "and", 3) ||
                               !memcmp(t->folded, "not", 3))) ||
             (t->flen == 2 && !memcmp(t->folded, "or", 2)))) {
            p->out->words--;
            continue;
        }
        qvec_push(&terms, term_query(p, "", t->folded, t->flen));
        qvec_push(&p->plain, term_query(p, "", t->folded, t->flen));
        note_word(p, t, 1);
        note_adjacent(p, t, k > 0 && !(t->flags & TC_TOK_BREAK), "", 0);
    }
    if (terms.n == 0)
        return NULL;
    return qvec_combine(&terms, TC_QOP_AND, 0);
}

/* AND_MAYBE(q, FILTER(fixed weight, exact)): a tier of weight on top of
 * q; consumes q but not exact. */
static tc_xquery *with_fixed(tc_xquery *q, const tc_xquery *exact,
                             double weight)
{
    if (!q || !exact)
        return q;
    tc_xquery *fixed = tc_xquery_fixed_weight(weight);
    tc_xquery *f[2] = {fixed, (tc_xquery *)exact};
    tc_xquery *tier = fixed ? tc_xquery_combine(TC_QOP_FILTER, f, 2, 0) : NULL;
    tc_xquery *parts[2] = {q, tier};
    tc_xquery *r = tier ? tc_xquery_combine(TC_QOP_AND_MAYBE, parts, 2, 0)
                        : NULL;
    tc_xquery_free(fixed);
    tc_xquery_free(tier);
    tc_xquery_free(q);
    return r;
}

/* The exact tier, then the adjacency tier (adj may be NULL). */
static tc_xquery *with_tier(tc_xquery *q, const tc_xquery *exact,
                            const tc_xquery *adj)
{
    return with_fixed(with_fixed(q, exact, TC_EXACT_TIER), adj,
                      TC_ADJACENT_TIER);
}

/* AND_MAYBE(q, boosts); consumes q but not the boosts. */
static tc_xquery *with_boosts(tc_xquery *q, const qvec *boosts)
{
    if (!q || boosts->n == 0)
        return q;
    tc_xquery *b = tc_xquery_combine(TC_QOP_OR, boosts->q, boosts->n, 0);
    tc_xquery *parts[2] = {q, b};
    tc_xquery *r = b ? tc_xquery_combine(TC_QOP_AND_MAYBE, parts, 2, 0) : NULL;
    tc_xquery_free(q);
    tc_xquery_free(b);
    return r;
}

int tc_query_parse_with(const char *q, size_t len, tc_termfreq_fn termfreq,
                        void *ctx, tc_parsed_query *out)
{
    lexeme lx[MAX_LEXEMES];
    parser p;
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    p.q0 = q;
    p.termfreq = termfreq;
    p.tf_ctx = ctx;
    p.out = out;
    p.lx = lx;
    p.prefix = "";
    out->has_diacritics = tc_has_diacritics(q, len);

    int unbalanced = 0;
    p.n = lex(q, len, lx, &unbalanced);
    tc_xquery *tree = parse_or(&p);
    if (p.error || unbalanced || p.i < p.n) {
        tc_xquery_free(tree);
        parser_reset(&p, out);
        out->plain_fallback = 1;
        tree = plain_words(&p, q, len);
    }
    if (!p.operators && !out->plain_fallback && tree) {
        tc_xquery *b = tc_query_entity_boost(q, len);
        if (b && qvec_push(&p.boosts, b) != TC_OK)
            p.oom = 1;
    }
    if (p.saw_or)
        out->figure_unit[0] = '\0';   /* it would filter every branch */
    int relax = !p.operators && p.plain.n > 1;
    int tiers = tree && out->has_diacritics && !p.saw_or && p.exact.n > 0;
    /* without diacritics, the words with a typing alternative as typed
     * make the tier (with, the exact forms have them already) */
    int typed_tier = tree && !tiers && !p.saw_or && p.typed.n > 0;
    tc_xquery *exact = tiers ? qvec_combine(&p.exact, TC_QOP_AND, 0) : NULL;
    tc_xquery *typed = typed_tier ? qvec_combine(&p.typed, TC_QOP_AND, 0)
                                  : NULL;
    const tc_xquery *tier = tiers ? exact : typed;
    /* the words typed side by side, side by side in the document */
    int adj_tier = tree && !p.saw_or && !p.operators && !p.expanded &&
                   p.adj.n > 0;
    tc_xquery *adj = adj_tier ? qvec_combine(&p.adj, TC_QOP_AND, 0) : NULL;
    if (relax)
        out->relaxed = with_tier(with_boosts(
            tc_xquery_combine(TC_QOP_OR, p.plain.q, p.plain.n, 0), &p.boosts),
            tier, adj);
    out->nothing = tree == NULL;
    out->query = tree ? with_tier(with_boosts(tree, &p.boosts), tier, adj)
                      : tc_xquery_match_nothing();
    qvec_clear(&p.adj);
    tc_xquery_free(adj);
    qvec_clear(&p.boosts);
    qvec_clear(&p.plain);
    qvec_clear(&p.exact);
    qvec_clear(&p.typed);
    tc_xquery_free(typed);
    out->exact = exact;        /* kept: a date order filters by it */
    if (p.oom || !out->query || (relax && !out->relaxed) ||
        (tiers && !exact) || (typed_tier && !typed)) {
        tc_parsed_query_clear(out);
        return TC_ENOMEM;
    }
    return TC_OK;
}

int tc_query_parse(const char *q, size_t len, tc_parsed_query *out)
{
    return tc_query_parse_with(q, len, NULL, NULL, out);
}

static uint32_t db_termfreq(void *ctx, const char *term, size_t len)
{
    uint32_t n = 0;
    if (tc_db_termfreq(ctx, term, len, &n, NULL) != TC_OK)
        return 0;      /* cannot tell: no alternative */
    return n;
}

int tc_query_parse_db(const char *q, size_t len, tc_db *db,
                      tc_parsed_query *out)
{
    return tc_query_parse_with(q, len, db ? db_termfreq : NULL, db, out);
}

void tc_parsed_query_clear(tc_parsed_query *pq)
{
    if (!pq)
        return;
    tc_xquery_free(pq->query);
    tc_xquery_free(pq->relaxed);
    tc_xquery_free(pq->exact);
    tc_highlight_clear(&pq->hl);
    memset(pq, 0, sizeof *pq);
}
