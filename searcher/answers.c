/* answers.c: questions about a figure, and the figures that answer them
 * (answers.h).
 *
 * The question side tokenizes the query with the index's analysis and
 * looks for the question words as tokens (so "bao nhiêu", "bao nhieu",
 * "BAO NHIÊU" alike; a word typed with diacritics must be the word as
 * typed: "máy" is not "mấy").  The answer side reads a document once
 * with the tokenizer, noting where the subject's words, years and a few
 * telling words (tăng, giảm, bằng, còn) stand; the figure extractor of
 * entities.h then reads only the sentences that have the subject's
 * words, and each figure is scored from the words found before it, in
 * its part of the clause, its clause and its sentence.  Sentences and
 * clauses are found by punctuation around the figure, within bounded
 * windows, so a text without punctuation costs no more than one with. */
#include "answers.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/entities.h"

/* Figures are looked for in this many first bytes of a document. */
#define TEXT_MAX_BYTES (1u << 20)
/* How far from a figure its sentence and paragraph are looked for. */
#define SENTENCE_WINDOW 1200
#define PARAGRAPH_WINDOW 4000
/* Answers scoring below this share of the best are not given. */
#define RELATIVE_MIN 0.75
#define QUERY_TOKENS_MAX 128
/* Words before a figure that may say what it is (function words and
 * numbers not counted), and how near one of the subject's must be. */
#define CONTEXT_TOKENS 8
#define CONTEXT_NEAR 4

/* Levels of a subject word near a figure (the score adds them). */
#define AT_CONTEXT 3.0       /* among the words just before it, the
                              * nearest; 0.2 less per word between */
#define AT_CONTEXT_MIN 2.2
#define AT_PART 2.0          /* in its part of the clause (commas) */
#define AT_CLAUSE 1.5        /* in its clause (; and :) */
#define AT_SENTENCE 1.0
#define IN_TITLE 0.5         /* only in the document's title */
#define UNIT_BONUS 2.0       /* its unit is one the question names */
#define BIGRAM_BONUS 0.5     /* two subject words side by side */
#define ASIDE_PENALTY 2.0    /* an aside in parentheses, a share not
                              * asked for: seldom the amount asked */

/* ---- words ------------------------------------------------------------ */

typedef struct vword {
    const char *exact, *folded;
} vword;

/* Said around a question word, and dropped with it from the search. */
static const vword fillers[] = {
    {"là", "la"}, {"có", "co"}, {"đạt", "dat"}, {"được", "duoc"},
    {"khoảng", "khoang"}, {"ước", "uoc"}, {NULL, NULL}};

/* After a change word, the amount it comes to ("giảm còn 3,5%"). */
static const vword to_words[] = {
    {"còn", "con"}, {"lên", "len"}, {"xuống", "xuong"}, {NULL, NULL}};

/* Said right before a figure (or before a word of to_words) that is a
 * change or a comparison, not the amount itself. */
static const vword change_words[] = {
    {"tăng", "tang"}, {"giảm", "giam"}, {"thêm", "them"},
    {"vượt", "vuot"}, {NULL, NULL}};

/* A comparison right before a figure ("bằng 100,6% kế hoạch"); not
 * further ("Bằng khen cho 2 tập thể"). */
static const vword compare_words[] = {
    {"bằng", "bang"}, {"gấp", "gap"}, {NULL, NULL}};

/* Units of time: a duration seldom answers "bao nhiêu" unless asked
 * ("bao nhiêu ngày"). */
static const char *const time_units[] = {
    "giây", "phút", "giờ", "ngày", "tuần", "tháng", "năm", NULL};

static int tok_in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* Words that say little of what a figure is about: not needed near it. */
static const vword function_words[] = {
    {"là", "la"}, {"có", "co"}, {"của", "cua"}, {"và", "va"},
    {"các", "cac"}, {"những", "nhung"}, {"một", "mot"}, {"được", "duoc"},
    {"đã", "da"}, {"đạt", "dat"}, {"sẽ", "se"}, {"thì", "thi"},
    {"ở", "o"}, {"tại", "tai"}, {"cho", "cho"}, {"với", "voi"},
    {"đến", "den"}, {"trong", "trong"}, {"này", "nay"}, {"nào", "nao"},
    {"bị", "bi"}, {"khi", "khi"}, {"theo", "theo"}, {"trên", "tren"},
    {"hay", "hay"}, {"hoặc", "hoac"}, {"cũng", "cung"}, {"như", "nhu"},
    {"tổng", "tong"}, {"số", "so"}, {"lượng", "luong"}, {"hiện", "hien"},
    {"nay", "nay"}, {"khoảng", "khoang"}, {"ước", "uoc"}, {"năm", "nam"},
    {"tháng", "thang"}, {"phần", "phan"}, {"trăm", "tram"},
    {"gần", "gan"}, {"hơn", "hon"}, {"dưới", "duoi"},
    {NULL, NULL}};

/* One token of the query. */
typedef struct qtok {
    size_t start, end;
    char exact[TC_TOKEN_MAX_BYTES + 1];
    char folded[TC_TOKEN_MAX_BYTES + 1];
    unsigned flags;
    int strip;       /* a question word: not searched */
    int locked;      /* in quotes or a field's value: never a question
                      * word */
} qtok;

typedef struct qtoks {
    qtok *t;
    size_t n;
} qtoks;

static void copy_form(char *dst, const char *s, size_t n)
{
    if (n > TC_TOKEN_MAX_BYTES)
        n = TC_TOKEN_MAX_BYTES;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int push_qtok(void *ctx, const tc_token *tok)
{
    qtoks *v = ctx;
    if (v->n >= QUERY_TOKENS_MAX)
        return 1;
    qtok *t = &v->t[v->n++];
    t->start = tok->start;
    t->end = tok->end;
    t->flags = tok->flags;
    copy_form(t->exact, tok->exact, tok->exact_len);
    copy_form(t->folded, tok->folded, tok->folded_len);
    return 0;
}

/* A token typed with diacritics is the word as typed; without, any word
 * that folds to it. */
static int tok_is(const qtok *t, const vword *w)
{
    return (t->flags & TC_TOK_MARKED) ? strcmp(t->exact, w->exact) == 0
                                      : strcmp(t->folded, w->folded) == 0;
}

static int tok_in(const qtok *t, const vword *list)
{
    for (; list->exact; list++)
        if (tok_is(t, list))
            return 1;
    return 0;
}

static int at(const qtoks *v, size_t i, const char *exact, const char *folded)
{
    vword w = {exact, folded};
    return i < v->n && !v->t[i].locked && !v->t[i].strip &&
           tok_is(&v->t[i], &w);
}

/* ---- the question ----------------------------------------------------- */

/* The number of tokens of a question word at i ("bao nhiêu": 2), 0 when
 * none. */
static size_t cue_at(const qtoks *v, size_t i)
{
    if (at(v, i, "bao", "bao") && at(v, i + 1, "nhiêu", "nhieu"))
        return 2;
    if (at(v, i, "how", "how") &&
        (at(v, i + 1, "many", "many") || at(v, i + 1, "much", "much")))
        return 2;
    if (at(v, i, "mấy", "may")) {
        /* "may" without diacritics is also máy (a machine), may (to sew):
         * a question only after có or là */
        if (v->t[i].flags & TC_TOK_MARKED)
            return 1;
        if (i > 0 && (at(v, i - 1, "có", "co") || at(v, i - 1, "là", "la")))
            return 1;
        return 0;
    }
    if (i == 0 && at(v, 0, "số", "so") && at(v, 1, "lượng", "luong") &&
        v->n > 2)
        return 2;
    return 0;
}

/* Mark the question words (and the fillers around them); 1 if any. */
static int mark_cues(qtoks *v, int *share)
{
    int found = 0;
    for (size_t i = 0; i < v->n; i++) {
        size_t k = cue_at(v, i);
        if (!k)
            continue;
        found = 1;
        for (size_t j = i; j < i + k; j++)
            v->t[j].strip = 1;
        for (size_t j = i; j > 0 && !v->t[j - 1].locked &&
                           !v->t[j - 1].strip &&
                           tok_in(&v->t[j - 1], fillers); j--)
            v->t[j - 1].strip = 1;
        size_t j = i + k;
        if (at(v, j, "phần", "phan") && at(v, j + 1, "trăm", "tram")) {
            v->t[j].strip = v->t[j + 1].strip = 1;
            *share = 1;
        } else if (at(v, j, "tiền", "tien")) {
            v->t[j].strip = 1;
        }
        i += k - 1;
    }
    return found;
}

/* In quotes, a field name ("title:") or its value: never a question
 * word. */
static void mark_locked(const char *q, size_t len, qtoks *v)
{
    size_t quotes = 0, pos = 0;
    for (size_t i = 0; i < v->n; i++) {
        qtok *t = &v->t[i];
        for (; pos < t->start; pos++)
            quotes += q[pos] == '"';
        t->locked = (quotes & 1) || (t->start > 0 && q[t->start - 1] == ':') ||
                    (t->end < len && q[t->end] == ':');
    }
}

/* The year a token is (1900 to 2099, four digits), or 0. */
static int year_of(const char *folded, size_t len, unsigned flags)
{
    if (!(flags & TC_TOK_NUMBER) || (flags & TC_TOK_PERCENT) || len != 4)
        return 0;
    int y = 0;
    for (size_t k = 0; k < 4; k++) {
        if (folded[k] < '0' || folded[k] > '9')
            return 0;
        y = y * 10 + (folded[k] - '0');
    }
    return y >= 1900 && y <= 2099 ? y : 0;
}

/* Is token t of the query a word of the subject (not an operator, a field
 * name, a negated word)? */
static int subject_word(const char *q, size_t len, const qtok *t)
{
    size_t n = t->end - t->start;
    if ((n == 2 && memcmp(q + t->start, "OR", 2) == 0) ||
        (n == 3 && (memcmp(q + t->start, "AND", 3) == 0 ||
                    memcmp(q + t->start, "NOT", 3) == 0)))
        return 0;
    if (t->end < len && q[t->end] == ':')
        return 0;
    if (t->start > 0 && q[t->start - 1] == '-' &&
        (t->start == 1 || q[t->start - 2] == ' '))
        return 0;
    return !t->strip;
}

static int add_qword(tc_question *out, const qtok *t)
{
    int marked = (t->flags & TC_TOK_MARKED) != 0;
    for (size_t i = 0; i < out->nwords; i++)
        if (strcmp(out->words[i].folded, t->folded) == 0 &&
            (marked ? out->words[i].exact &&
                          strcmp(out->words[i].exact, t->exact) == 0
                    : !out->words[i].exact))
            return TC_OK;
    if (out->nwords >= TC_QUESTION_MAX_WORDS)
        return TC_OK;
    tc_qword *w = &out->words[out->nwords];
    w->folded = strdup(t->folded);
    w->exact = marked ? strdup(t->exact) : NULL;
    w->content = !tok_in(t, function_words);
    if (!w->folded || (marked && !w->exact)) {
        free(w->folded);
        free(w->exact);
        return TC_ENOMEM;
    }
    out->nwords++;
    return TC_OK;
}

/* The subject's words, year and share hint from the tokens left. */
static int subject_words(const char *q, size_t len, const qtoks *v,
                         tc_question *out)
{
    static const vword share_words[][2] = {
        {{"tỷ", "ty"}, {"lệ", "le"}}, {{"mật", "mat"}, {"độ", "do"}},
        {{"phần", "phan"}, {"trăm", "tram"}}};
    for (size_t i = 0; i < v->n; i++) {
        const qtok *t = &v->t[i];
        if (!subject_word(q, len, t))
            continue;
        int y = year_of(t->folded, strlen(t->folded), t->flags);
        if (y) {
            if (!out->year)
                out->year = y;
            continue;
        }
        for (size_t k = 0; k < 3 && i + 1 < v->n; k++)
            if (tok_is(t, &share_words[k][0]) &&
                tok_is(&v->t[i + 1], &share_words[k][1]))
                out->share = 1;
        if (add_qword(out, t) != TC_OK)
            return TC_ENOMEM;
    }
    return TC_OK;
}

void tc_question_clear(tc_question *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nwords; i++) {
        free(q->words[i].folded);
        free(q->words[i].exact);
    }
    free(q->subject);
    memset(q, 0, sizeof *q);
}

int tc_question_parse(const char *q, size_t len, tc_question *out)
{
    qtoks v = {0};
    int rc = TC_OK;
    memset(out, 0, sizeof *out);
    if (!q || !len)
        return TC_OK;
    if (!(v.t = calloc(QUERY_TOKENS_MAX, sizeof *v.t)))
        return TC_ENOMEM;
    int trc = tc_tokenize(q, len, push_qtok, &v, NULL);
    if (trc == TC_ENOMEM) {
        rc = TC_ENOMEM;
        goto done;
    }
    mark_locked(q, len, &v);
    if (!mark_cues(&v, &out->share))
        goto done;
    size_t kept = 0;
    for (size_t i = 0; i < v.n; i++)
        kept += !v.t[i].strip;
    if (!kept)
        goto done;
    if (!(out->subject = malloc(len + 1))) {
        rc = TC_ENOMEM;
        goto done;
    }
    memcpy(out->subject, q, len);
    out->subject[len] = '\0';
    out->subject_len = len;
    for (size_t i = 0; i < v.n; i++)
        if (v.t[i].strip)
            memset(out->subject + v.t[i].start, ' ',
                   v.t[i].end - v.t[i].start);
    for (size_t i = 0, quotes = 0; i < len; i++) {
        quotes += q[i] == '"';
        if (q[i] == '?' && !(quotes & 1))
            out->subject[i] = ' ';
    }
    if (memchr(q, '%', len))
        out->share = 1;
    rc = subject_words(q, len, &v, out);
done:
    free(v.t);
    if (rc != TC_OK || !out->subject)
        tc_question_clear(out);
    return rc;
}

/* ---- one document's text ---------------------------------------------- */

#define HIT_YEAR (-1)
#define HIT_CHANGE (-2)
#define HIT_TO (-3)
#define HIT_COMPARE (-4)

/* A token: where it starts, and how many tokens before it are neither
 * function words nor numbers (so that "Doanh thu Bưu chính - Viễn thông
 * năm 2017 ước đạt trên 520 tỷ đồng" has four words between the subject
 * and the figure, not nine). */
typedef struct tokpos {
    size_t start;            /* first: see first_at() */
    uint32_t rank;
} tokpos;

/* Where a subject word (word >= 0), a year or a change word stands. */
typedef struct hit {
    size_t start;            /* first: see first_at() */
    uint32_t index;          /* token number (in scan.starts) */
    int word;
    int year;
} hit;

typedef struct scan {
    const tc_question *q;
    const char *text;
    tokpos *starts;          /* every token, in order */
    size_t nstarts, cap_starts;
    uint32_t strong;         /* tokens so far that are neither function
                              * words nor numbers */
    hit *hits;
    size_t nhits, cap_hits;
    int oom;
} scan;

/* Is s[0..n) (n > 0) the string w?  Every token of a document meets
 * every word of these lists: no strlen. */
static int same(const char *s, size_t n, const char *w)
{
    return s[0] == w[0] && strncmp(s, w, n) == 0 && w[n] == '\0';
}

static int word_match(const tc_qword *w, const tc_token *tok)
{
    if (w->exact)
        return same(tok->exact, tok->exact_len, w->exact);
    return same(tok->folded, tok->folded_len, w->folded);
}

static int add_hit(scan *s, const tc_token *tok, int word, int year)
{
    hit *h = tc_grow(s->hits, &s->cap_hits, s->nhits + 1, sizeof *h);
    if (!h)
        return s->oom = 1;
    s->hits = h;
    s->hits[s->nhits++] = (hit){tok->start, (uint32_t)(s->nstarts - 1), word,
                                year};
    return 0;
}

static int is_word_of(const tc_token *tok, const vword *list)
{
    for (const vword *w = list; w->exact; w++)
        if (same(tok->exact, tok->exact_len, w->exact))
            return 1;
    return 0;
}

/* Where each token starts, and the hits: the subject's words (word >= 0),
 * years, change words the question does not use, "còn" and the like. */
static int scan_token(void *ctx, const tc_token *tok)
{
    scan *s = ctx;
    tokpos *st = tc_grow(s->starts, &s->cap_starts, s->nstarts + 1,
                         sizeof *st);
    if (!st)
        return s->oom = 1;
    s->starts = st;
    s->starts[s->nstarts++] = (tokpos){tok->start, s->strong};
    s->strong += !(tok->flags & TC_TOK_NUMBER) &&
                 !is_word_of(tok, function_words);
    int y = year_of(tok->folded, tok->folded_len, tok->flags);
    if (y)
        return add_hit(s, tok, HIT_YEAR, y);
    for (size_t w = 0; w < s->q->nwords; w++)
        if (word_match(&s->q->words[w], tok))
            return add_hit(s, tok, (int)w, 0);
    if (is_word_of(tok, change_words))
        return add_hit(s, tok, HIT_CHANGE, 0);
    if (is_word_of(tok, to_words))
        return add_hit(s, tok, HIT_TO, 0);
    if (is_word_of(tok, compare_words))
        return add_hit(s, tok, HIT_COMPARE, 0);
    return 0;
}

/* The first element at or after pos of a sorted array of n elements of
 * size bytes, each starting with its position (a size_t). */
static size_t first_at(const void *arr, size_t n, size_t size, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, at;
        memcpy(&at, (const char *)arr + mid * size, sizeof at);
        if (at < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t first_start(const scan *s, size_t pos)
{
    return first_at(s->starts, s->nstarts, sizeof *s->starts, pos);
}

static size_t first_hit(const scan *s, size_t pos)
{
    return first_at(s->hits, s->nhits, sizeof *s->hits, pos);
}

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* What ends a stretch of text: a sentence (. ! ?), a clause (; :), a part
 * of a clause (, and parentheses); a line break ends all. */
enum { SEP_SENTENCE = 1, SEP_CLAUSE = 2, SEP_PART = 4 };
#define SENTENCE SEP_SENTENCE
#define CLAUSE (SEP_SENTENCE | SEP_CLAUSE)
#define PART (SEP_SENTENCE | SEP_CLAUSE | SEP_PART)
#define PARAGRAPH 0

static unsigned sep_of(char c)
{
    switch (c) {
    case '.': case '!': case '?': return SEP_SENTENCE;
    case ';': case ':': return SEP_CLAUSE;
    case ',': case '(': case ')': return SEP_PART;
    default: return 0;
    }
}

/* Does a stretch of kind seps end at byte i: a mark of seps then a space
 * or the end (a parenthesis, whatever follows), or a line break? */
static int ends_at(const char *t, size_t len, size_t i, unsigned seps)
{
    if (t[i] == '\n')
        return 1;
    if (!(sep_of(t[i]) & seps))
        return 0;
    return t[i] == '(' || t[i] == ')' || i + 1 >= len ||
           is_space_byte(t[i + 1]);
}

/* [*b, *e): the stretch of kind seps around [fs, fe), at most window
 * bytes either side; it keeps its closing mark. */
static void bounds(const char *t, size_t len, size_t fs, size_t fe,
                   unsigned seps, size_t window, size_t *b, size_t *e)
{
    size_t lo = fs > window ? fs - window : 0, p = fs, q = fe;
    while (p > lo && !ends_at(t, len, p - 1, seps))
        p--;
    size_t hi = len - fe > window ? fe + window : len;
    while (q < hi && !ends_at(t, len, q, seps))
        q++;
    if (q < len && (sep_of(t[q]) & seps))
        q++;
    *b = p;
    *e = q;
}

/* One figure's scoring. */
typedef struct place {
    size_t ss, se;       /* sentence */
    size_t cs, ce;       /* clause */
    size_t ps, pe;       /* part of the clause */
    size_t gs, ge;       /* paragraph */
} place;

typedef struct cand {
    char *figure, *unit, *sentence, *html;
    char *id, *title, *url, *date;
    double value, score;
    size_t doc, pos;
    int unit_match;
} cand;

struct tc_answer_set {
    const tc_question *q;
    cand *c;
    size_t n, cap;
    size_t docs;
};

/* The unit's words (before a number: "máy" of "máy/100 dân") as a run of
 * the question's content words: each marked in covered. */
static int unit_named(const tc_question *q, const tc_figure *f, int *covered)
{
    /* a share or rate asked for: only a share or a rate has its unit */
    if (q->share)
        return (f->flags & (TC_FIG_PERCENT | TC_FIG_RATE | TC_FIG_RATIO)) ||
               strcmp(f->unit, "%") == 0;
    /* a rate ("thuê bao/100 dân") is no count of its unit */
    if (f->flags & TC_FIG_RATE)
        return 0;
    char *folded = NULL;
    if (!*f->unit || tc_normalize_text(f->unit, strlen(f->unit), NULL,
                                       &folded) != TC_OK)
        return 0;
    /* the head: words up to the first digit */
    size_t n = 0;
    while (folded[n] && !(folded[n] >= '0' && folded[n] <= '9'))
        n++;
    while (n > 0 && folded[n - 1] == ' ')
        n--;
    folded[n] = '\0';
    int found = 0;
    for (size_t i = 0; n && i < q->nwords && !found; i++) {
        const char *u = folded;
        size_t j = i;
        int content = 0;
        while (j < q->nwords) {
            size_t wl = strlen(q->words[j].folded);
            if (strncmp(u, q->words[j].folded, wl) != 0 ||
                (u[wl] != ' ' && u[wl] != '\0'))
                break;
            u += wl;
            content |= q->words[j].content;
            j++;
            if (*u == '\0') {
                found = content;
                for (size_t k = i; k < j && found; k++)
                    covered[k] = 1;
                break;
            }
            u++;
        }
    }
    free(folded);
    return found;
}

/* Strong tokens (rank) before token i. */
static uint32_t rank_at(const scan *s, size_t i)
{
    return i < s->nstarts ? s->starts[i].rank : s->strong;
}

/* Tokens that are neither function words nor numbers between byte
 * offsets a and b (a <= b). */
static size_t words_between(const scan *s, size_t a, size_t b)
{
    size_t i = first_start(s, a), j = first_start(s, b);
    return j > i ? rank_at(s, j) - rank_at(s, i) : 0;
}

/* The level of the subject word whose hit h is near figure f: in its
 * context (the words before it, or a word or two after it in its part:
 * "2 người tử vong"), its part, clause or sentence.  *near: at most
 * CONTEXT_NEAR words from the figure. */
static double level_of(const scan *s, const hit *h, const tc_figure *f,
                       const place *pl, int *near)
{
    *near = 0;
    if (h->start >= f->context_span.start && h->start < f->span.start) {
        size_t d = words_between(s, h->start + 1, f->span.start);
        double l = AT_CONTEXT - 0.2 * (double)d;
        *near = d <= CONTEXT_NEAR;
        return l < AT_CONTEXT_MIN ? AT_CONTEXT_MIN : l;
    }
    /* after a unit, a predicate ("2 người tử vong"); after a bare
     * number or a percent, what it counts or is a share of ("2 triệu dân
     * số", "50% dân số"): not what the figure is */
    if (h->start >= f->span.end && h->start < pl->pe && *f->unit &&
        !(f->flags & TC_FIG_PERCENT)) {
        size_t d = h->index - first_start(s, f->span.end);
        *near = d <= 1;
        if (*near)
            return AT_CONTEXT - 0.2 - 0.2 * (double)d;
    }
    if (h->start >= pl->ps && h->start < pl->pe)
        return AT_PART;
    if (h->start >= pl->cs && h->start < pl->ce)
        return AT_CLAUSE;
    return AT_SENTENCE;
}

/* Does the paragraph [b, e) name year y? */
static int year_in(const scan *s, size_t b, size_t e, int y)
{
    for (size_t i = first_hit(s, b); i < s->nhits && s->hits[i].start < e;
         i++)
        if (s->hits[i].word == HIT_YEAR && s->hits[i].year == y)
            return 1;
    return 0;
}

/* Does each run of content words the question has side by side ("công
 * ty", "doanh thu", "thuê bao internet": words of several syllables) have
 * two of them side by side in the sentence too (bigram[w]: word w right
 * after word w - 1), unless the title or the unit says them?  "công dân
 * ... tỷ" is no "công ty". */
static int runs_together(const tc_question *q, const double *lvl,
                         const int *covered, const int *in_title,
                         const int *bigram)
{
    size_t w = 0;
    while (w < q->nwords) {
        if (!q->words[w].content) {
            w++;
            continue;
        }
        size_t start = w, said_elsewhere = 0;
        int together = 0;
        for (; w < q->nwords && q->words[w].content; w++) {
            together |= w > start && bigram[w];
            said_elsewhere += covered[w] ||
                              (in_title[w] && lvl[w] < AT_CLAUSE);
        }
        if (w - start >= 2 && !together && said_elsewhere < w - start - 1)
            return 0;
    }
    return 1;
}

/* The score of figure f, or a negative number when it does not answer. */
static double score_figure(const scan *s, const tc_figure *f, const place *pl,
                           const int *in_title, int title_year,
                           int *unit_match)
{
    const tc_question *q = s->q;
    double lvl[TC_QUESTION_MAX_WORDS] = {0};
    int covered[TC_QUESTION_MAX_WORDS] = {0};
    uint32_t at_index[TC_QUESTION_MAX_WORDS] = {0};
    int bigram[TC_QUESTION_MAX_WORDS] = {0};
    int year_here = 0, other_year = 0;
    /* an aside in parentheses, a share not asked for */
    int aside = (pl->ps > 0 && pl->ps - 1 >= pl->cs &&
                 s->text[pl->ps - 1] == '(') ||
                (!q->share && (f->flags & TC_FIG_PERCENT));
    int change = 0, to = 0;
    uint32_t fidx = (uint32_t)first_start(s, f->span.start);
    int in_context = 0;
    double score = 0;
    size_t bigrams = 0;

    *unit_match = unit_named(q, f, covered);
    if (!*unit_match && tok_in_list(f->unit, time_units))
        return -1;
    for (size_t i = first_hit(s, pl->ss);
         i < s->nhits && s->hits[i].start < pl->se; i++) {
        const hit *h = &s->hits[i];
        if (h->start >= f->span.start && h->start < f->span.end)
            continue;                      /* the figure's own words */
        if (h->word == HIT_CHANGE) {
            change |= h->index + 1 == fidx ? 1
                      : h->index + 4 >= fidx && h->index < fidx ? 2 : 0;
            continue;
        }
        if (h->word == HIT_COMPARE) {
            change |= h->index + 1 == fidx;
            continue;
        }
        if (h->word == HIT_TO) {
            to |= h->index + 1 == fidx;
            continue;
        }
        if (h->word == HIT_YEAR) {
            year_here |= h->year == q->year;
            other_year |= h->year != q->year;
            continue;
        }
        int near;
        double l = level_of(s, h, f, pl, &near);
        size_t w = (size_t)h->word;
        in_context |= near && q->words[w].content;
        if (w > 0 && lvl[w - 1] > 0 && at_index[w - 1] + 1 == h->index &&
            !bigram[w]) {
            bigram[w] = 1;
            bigrams++;
        }
        if (l > lvl[w])
            lvl[w] = l;
        at_index[w] = h->index;
    }
    /* "tăng 6.674", "bằng 100,6%", "giảm tối thiểu 10%", not "giảm còn
     * 3,5%" */
    if ((change & 1) || ((change & 2) && !to) ||
        (!in_context && !*unit_match))
        return -1;
    if (q->year && !year_here &&
        (other_year || !(year_in(s, pl->gs, pl->ge, q->year) ||
                         title_year == q->year)))
        return -1;
    for (size_t w = 0; w < q->nwords; w++) {
        if (!q->words[w].content)
            continue;
        if (covered[w]) {
            score += AT_CONTEXT;
            continue;
        }
        /* in the figure's clause, or the document is about it */
        if (lvl[w] < AT_CLAUSE && !in_title[w])
            return -1;
        score += lvl[w] >= AT_CLAUSE ? lvl[w] : IN_TITLE;
    }
    if (!runs_together(q, lvl, covered, in_title, bigram))
        return -1;
    score += *unit_match ? UNIT_BONUS : 0;
    score += BIGRAM_BONUS * (double)bigrams;
    score += year_here ? 1.0 : q->year ? 0.5 : 0;
    return score - (aside ? ASIDE_PENALTY : 0);
}

/* Append s[0..n) with runs of white space and control characters as one
 * space (*sp: one is pending), HTML-escaped when html. */
static void put_clean(tc_buf *b, const char *s, size_t n, int *sp, int html)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            *sp = 1;
            continue;
        }
        if (c == ' ') {
            *sp = 1;
            continue;
        }
        if (*sp && b->len)
            tc_buf_put(b, " ", 1);
        *sp = 0;
        if (!html)
            tc_buf_put(b, s + i, 1);
        else if (c == '&')
            tc_buf_puts(b, "&amp;");
        else if (c == '<')
            tc_buf_puts(b, "&lt;");
        else if (c == '>')
            tc_buf_puts(b, "&gt;");
        else if (c == '"')
            tc_buf_puts(b, "&quot;");
        else if (c == '\'')
            tc_buf_puts(b, "&#39;");
        else
            tc_buf_put(b, s + i, 1);
    }
}

/* The sentence around the figure [fs, fe), as plain text and as HTML
 * with the figure in <b>; valid UTF-8 whatever the text.  A side longer
 * than TC_ANSWER_SENTENCE_SIDE bytes is cut at the clause, or failing
 * that at a space, and the cut marked "…". */
static int sentence_of(const char *t, const place *pl, size_t fs, size_t fe,
                       char **plain, char **html)
{
    size_t b = pl->ss, e = pl->se;
    int cut_b = 0, cut_e = 0;
    if (fs - b > TC_ANSWER_SENTENCE_SIDE) {
        b = pl->cs;
        if (fs - b > TC_ANSWER_SENTENCE_SIDE) {
            b = fs - TC_ANSWER_SENTENCE_SIDE;
            while (b < fs && t[b] != ' ')
                b++;
        }
        cut_b = 1;
    }
    if (e - fe > TC_ANSWER_SENTENCE_SIDE) {
        e = pl->ce;
        if (e - fe > TC_ANSWER_SENTENCE_SIDE) {
            e = fe + TC_ANSWER_SENTENCE_SIDE;
            while (e > fe && t[e] != ' ')
                e--;
        }
        cut_e = 1;
    }
    const size_t from[3] = {b, fs, fe}, to[3] = {fs, fe, e};
    char *piece[3] = {NULL, NULL, NULL};
    size_t plen[3];
    tc_buf pb = {0}, hb = {0};
    int rc = TC_OK;
    for (int k = 0; k < 3 && rc == TC_OK; k++)
        rc = tc_utf8_sanitize(t + from[k], to[k] - from[k], &piece[k],
                              &plen[k], NULL);
    if (rc == TC_OK) {
        int sp_p = 0, sp_h = 0;
        if (cut_b) {
            tc_buf_puts(&pb, "…");
            tc_buf_puts(&hb, "…");
            sp_p = sp_h = 1;
        }
        for (int k = 0; k < 3; k++) {
            put_clean(&pb, piece[k], plen[k], &sp_p, 0);
            if (k == 1) {
                if (sp_h && hb.len)
                    tc_buf_put(&hb, " ", 1);
                sp_h = 0;
                tc_buf_puts(&hb, "<b>");
            }
            put_clean(&hb, piece[k], plen[k], &sp_h, 1);
            if (k == 1)
                tc_buf_puts(&hb, "</b>");
        }
        if (cut_e) {
            tc_buf_puts(&pb, " …");
            tc_buf_puts(&hb, " …");
        }
        *plain = tc_buf_finish(&pb);
        *html = tc_buf_finish(&hb);
        if (!*plain || !*html)
            rc = TC_ENOMEM;
    }
    for (int k = 0; k < 3; k++)
        free(piece[k]);
    tc_buf_free(&pb);
    tc_buf_free(&hb);
    return rc;
}

static void cand_clear(cand *c)
{
    free(c->figure);
    free(c->unit);
    free(c->sentence);
    free(c->html);
    free(c->id);
    free(c->title);
    free(c->url);
    free(c->date);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int keep(tc_answer_set *set, const tc_answer_doc *doc, const char *t,
                const tc_figure *f, const place *pl, double score,
                int unit_match)
{
    cand c = {0};
    c.value = f->value;
    c.score = score;
    c.doc = set->docs;
    c.pos = f->span.start;
    c.unit_match = unit_match;
    int rc = sentence_of(t, pl, f->span.start, f->span.end, &c.sentence,
                         &c.html);
    c.figure = strdup(f->text);
    c.unit = strdup(f->unit);
    c.id = dup_or_null(doc->id);
    c.title = dup_or_null(doc->title);
    c.url = dup_or_null(doc->url);
    c.date = dup_or_null(doc->date);
    cand *nc = tc_grow(set->c, &set->cap, set->n + 1, sizeof *nc);
    if (rc != TC_OK || !c.figure || !c.unit || (doc->id && !c.id) ||
        (doc->title && !c.title) || (doc->url && !c.url) ||
        (doc->date && !c.date) || !nc) {
        cand_clear(&c);
        return TC_ENOMEM;
    }
    set->c = nc;
    set->c[set->n++] = c;
    return TC_OK;
}

/* Which subject words the title has, and its year. */
static int title_words(const tc_question *q, const char *title, int *in_title,
                       int *year)
{
    scan s = {0};
    s.q = q;
    *year = 0;
    if (!title || !*title)
        return TC_OK;
    tc_tokenize(title, strlen(title), scan_token, &s, NULL);
    for (size_t i = 0; i < s.nhits; i++) {
        if (s.hits[i].word >= 0)
            in_title[s.hits[i].word] = 1;
        else if (s.hits[i].word == HIT_YEAR &&
                 (!*year || s.hits[i].year == q->year))
            *year = s.hits[i].year;
    }
    free(s.starts);
    free(s.hits);
    return s.oom ? TC_ENOMEM : TC_OK;
}

static int has_content(const tc_question *q)
{
    for (size_t i = 0; i < q->nwords; i++)
        if (q->words[i].content)
            return 1;
    return 0;
}

/* Does the sentence [ss, se) have every content word of the question
 * that the title has not? */
static int has_subject(const scan *s, size_t ss, size_t se,
                       const int *in_title)
{
    int seen[TC_QUESTION_MAX_WORDS] = {0};
    for (size_t i = first_hit(s, ss); i < s->nhits && s->hits[i].start < se;
         i++)
        if (s->hits[i].word >= 0)
            seen[s->hits[i].word] = 1;
    for (size_t w = 0; w < s->q->nwords; w++)
        if (s->q->words[w].content && !seen[w] && !in_title[w])
            return 0;
    return 1;
}

/* The words before figure f that say what it is: CONTEXT_TOKENS words,
 * in its part of the clause, after the figure before it (prev_end), and
 * for a figure right after a colon the part before it ("Doanh thu năm
 * 2017: 520 tỷ đồng").  Numbers that are not figures ("quý 1", "năm
 * 2017") do not end it, as they end the extractor's own context. */
static void figure_context(const scan *s, size_t len, tc_figure *f,
                           size_t prev_end)
{
    const char *t = s->text;
    size_t c = f->span.start, b, e;
    while (c > 0 && t[c - 1] == ' ')
        c--;
    if (c > 0 && t[c - 1] == ':')
        c--;
    bounds(t, len, c, c, PART, SENTENCE_WINDOW, &b, &e);
    size_t k = first_start(s, f->span.start), top = rank_at(s, k);
    for (size_t steps = 0; k > 0 && steps < 4 * CONTEXT_TOKENS &&
                           top - s->starts[k - 1].rank <= CONTEXT_TOKENS;
         steps++)
        k--;
    if (k < s->nstarts && s->starts[k].start > b)
        b = s->starts[k].start;
    if (prev_end > b && prev_end <= f->span.start)
        b = prev_end;
    f->context_span.start = b < f->span.start ? b : f->span.start;
    f->context_span.end = f->span.start;
}

/* Score the figures of the sentence [ss, se) of the text s scanned. */
static int add_sentence(tc_answer_set *set, const tc_answer_doc *doc,
                        const scan *s, size_t len, size_t ss, size_t se,
                        const int *in_title, int title_year)
{
    const char *text = s->text;
    tc_entities *e = NULL;
    tc_entity_opts eo;
    tc_entity_opts_init(&eo);
    eo.kinds = TC_ENT_MASK(TC_ENT_FIGURE);
    eo.doc_date = doc->date;
    int rc = tc_entities_extract(text + ss, se - ss, &eo, &e);
    for (size_t i = 0; rc == TC_OK && i < e->n_figures; i++) {
        tc_figure f = e->figures[i];
        place pl;
        int unit_match;
        f.span.start += ss;
        f.span.end += ss;
        figure_context(s, len, &f, i ? e->figures[i - 1].span.end + ss : 0);
        bounds(text, len, f.span.start, f.span.end, SENTENCE,
               SENTENCE_WINDOW, &pl.ss, &pl.se);
        bounds(text, len, f.span.start, f.span.end, CLAUSE, SENTENCE_WINDOW,
               &pl.cs, &pl.ce);
        bounds(text, len, f.span.start, f.span.end, PART, SENTENCE_WINDOW,
               &pl.ps, &pl.pe);
        bounds(text, len, f.span.start, f.span.end, PARAGRAPH,
               PARAGRAPH_WINDOW, &pl.gs, &pl.ge);
        double score = score_figure(s, &f, &pl, in_title, title_year,
                                    &unit_match);
        if (score > 0)
            rc = keep(set, doc, text, &f, &pl, score, unit_match);
    }
    tc_entities_free(e);
    return rc;
}

/* One pass of the tokenizer finds the subject's words; the figures are
 * extracted only from the sentences that have them all (with the
 * title's), a few of a long document. */
int tc_answers_add_text(tc_answer_set *set, const tc_answer_doc *doc,
                        const char *text, size_t len)
{
    const tc_question *q = set->q;
    scan s = {0};
    int in_title[TC_QUESTION_MAX_WORDS] = {0}, title_year = 0, rc;

    set->docs++;
    if (!text || !len || !has_content(q))
        return TC_OK;
    if (len > TEXT_MAX_BYTES)
        len = TEXT_MAX_BYTES;
    s.q = q;
    s.text = text;
    rc = tc_tokenize(text, len, scan_token, &s, NULL);
    if (s.oom || rc == TC_ENOMEM ||
        title_words(q, doc->title, in_title, &title_year) != TC_OK) {
        rc = TC_ENOMEM;
        goto done;
    }
    rc = TC_OK;
    for (size_t i = 0, next = 0; i < s.nhits && rc == TC_OK;) {
        const hit *h = &s.hits[i];
        if (h->word < 0 || !q->words[h->word].content || h->start < next) {
            i++;
            continue;
        }
        size_t ss, se;
        bounds(text, len, h->start, h->start, SENTENCE, SENTENCE_WINDOW, &ss,
               &se);
        if (has_subject(&s, ss, se, in_title))
            rc = add_sentence(set, doc, &s, len, ss, se, in_title,
                              title_year);
        next = se > h->start ? se : h->start + 1;
        i = first_hit(&s, next);
    }
done:
    free(s.starts);
    free(s.hits);
    return rc;
}

/* ---- the set ---------------------------------------------------------- */

tc_answer_set *tc_answer_set_new(const tc_question *q)
{
    tc_answer_set *s = calloc(1, sizeof *s);
    if (s)
        s->q = q;
    return s;
}

void tc_answer_set_free(tc_answer_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        cand_clear(&s->c[i]);
    free(s->c);
    free(s);
}

static int by_score(const void *a, const void *b)
{
    const cand *x = *(const cand *const *)a, *y = *(const cand *const *)b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static json_t *answer_json(const cand *c)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = json_object_set_new(o, "figure", json_string(c->figure)) |
        json_object_set_new(o, "value", isfinite(c->value)
                                            ? json_real(c->value)
                                            : json_null()) |
        json_object_set_new(o, "unit", json_string(c->unit)) |
        json_object_set_new(o, "sentence", json_string(c->sentence)) |
        json_object_set_new(o, "sentence_html", json_string(c->html)) |
        json_object_set_new(o, "id",
                            c->id ? json_string(c->id) : json_null()) |
        json_object_set_new(o, "title",
                            c->title ? json_string(c->title) : json_null()) |
        json_object_set_new(o, "url",
                            c->url ? json_string(c->url) : json_null()) |
        json_object_set_new(o, "date",
                            c->date ? json_string(c->date) : json_null()) |
        json_object_set_new(o, "score",
                            json_real(round(c->score * 100) / 100));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *tc_answers_json(const tc_answer_set *s)
{
    if (!s->n)
        return json_null();
    json_t *arr = json_array();
    const cand **order = calloc(s->n + 1, sizeof *order);
    size_t n = 0;
    int units = 0;
    if (!arr || !order)
        goto fail;
    for (size_t i = 0; i < s->n; i++)
        units |= s->c[i].unit_match;
    /* when some figure has a unit the question names, that is what it
     * asks for */
    for (size_t i = 0; i < s->n; i++)
        if (!units || s->c[i].unit_match)
            order[n++] = &s->c[i];
    qsort(order, n, sizeof *order, by_score);
    for (size_t i = 0; i < n && json_array_size(arr) < TC_ANSWER_MAX; i++) {
        if (order[i]->score < RELATIVE_MIN * order[0]->score)
            break;
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = strcmp(order[k]->figure, order[i]->figure) == 0 &&
                  strcmp(order[k]->sentence, order[i]->sentence) == 0;
        if (dup)
            continue;
        json_t *a = answer_json(order[i]);
        if (!a || json_array_append_new(arr, a) != 0)
            goto fail;
    }
    free(order);
    return arr;
fail:
    free(order);
    json_decref(arr);
    return NULL;
}
