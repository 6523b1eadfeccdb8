/* entities_dates.c: calendar dates in Vietnamese text, and the date of the
 * document.
 *
 * Forms read, each validated (month 1-12, day within its month, leap
 * years; years 1800-2099):
 *
 *   14/10/2015, 14-10-2015, 14.10.2015   day, month, year
 *   ngày 14 tháng 10 năm 2015            in words ("ngày" optional)
 *   tháng 10/2015, tháng 10 năm 2015     a month
 *   2021-01-31, 2021-01                  ISO
 *   ngày 12/1, Chiều 11-1, sáng 8/1      day and month after a cue word
 *                                        (ngày, hôm, mùng, sáng, trưa,
 *                                        chiều, tối, đêm): the year comes
 *                                        from the metadata date or another
 *                                        date of the text (dates_finish)
 *
 * A day and month with no cue ("6/45", "24/7") is not a date: ratios,
 * scores and lottery names look the same.  Legal references claim the
 * date written after them (TC_DATE_OF_REF) before the document's date is
 * chosen. */
#include "entities_int.h"

#include <stdlib.h>
#include <string.h>

#define YEAR_MIN 1800
#define YEAR_MAX 2099

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Digits at s[i..): their value and count (at most 8 read). */
static size_t digits(const ectx *c, size_t i, int *v)
{
    size_t n = 0;
    *v = 0;
    while (i + n < c->len && is_digit(c->s[i + n]) && n < 8) {
        *v = *v * 10 + (c->s[i + n] - '0');
        n++;
    }
    return n;
}

/* 1 if nothing numeric goes on at byte i: not a digit, and not a
 * separator followed by a digit ("14/10/2015/..." or "11-1-2" is not a
 * date of ours). */
static int numeric_end(const ectx *c, size_t i)
{
    if (i >= c->len)
        return 1;
    char ch = c->s[i];
    if (is_digit(ch))
        return 0;
    if ((ch == '/' || ch == '-' || ch == '.' || ch == ',') && i + 1 < c->len &&
        is_digit(c->s[i + 1]))
        return 0;
    /* "12/1a", "11-1%": part of something else */
    if (ch == '%' || word_char_at(c, i))
        return 0;
    return 1;
}

/* 1 if the byte before i does not continue a number or a word. */
static int numeric_start(const ectx *c, size_t i)
{
    if (i == 0)
        return 1;
    char ch = c->s[i - 1];
    if (word_char_before(c, i))
        return 0;
    if ((ch == '/' || ch == '-' || ch == '.' || ch == ',') && i >= 2 &&
        (is_digit(c->s[i - 2]) || (c->s[i - 2] >= 'A' && c->s[i - 2] <= 'z')))
        return 0;
    return 1;
}

static int valid(int y, int m, int d)
{
    if (y && (y < YEAR_MIN || y > YEAR_MAX))
        return 0;
    if (m < 1 || m > 12)
        return 0;
    return d == 0 || (d >= 1 && d <= days_in_month(y, m));
}

typedef struct found {
    size_t end;          /* byte offset */
    int y, m, d;
    unsigned flags;
} found;

/* dd/mm/yyyy, dd/mm (partial), yyyy-mm-dd, yyyy-mm at byte p. */
static int numeric_at(const ectx *c, size_t p, int cue, found *f)
{
    int a, b, y;
    size_t na = digits(c, p, &a), q = p + na;
    if (!numeric_start(c, p) || q >= c->len)
        return 0;
    char sep = c->s[q];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    size_t nb = digits(c, q + 1, &b), r = q + 1 + nb;
    memset(f, 0, sizeof *f);
    if (na == 4 && sep == '-' && nb == 2) {                /* ISO */
        if (r < c->len && c->s[r] == '-') {
            int d;
            size_t nd = digits(c, r + 1, &d);
            if (nd != 2 || !numeric_end(c, r + 1 + nd) || !valid(a, b, d))
                return 0;
            *f = (found){r + 1 + nd, a, b, d, 0};
            return 1;
        }
        if (!numeric_end(c, r) || !valid(a, b, 0))
            return 0;
        *f = (found){r, a, b, 0, TC_DATE_MONTH_ONLY};
        return 1;
    }
    if (na < 1 || na > 2 || nb < 1 || nb > 2)
        return 0;
    if (r < c->len && c->s[r] == sep) {
        size_t ny = digits(c, r + 1, &y);
        if (ny != 4 || !numeric_end(c, r + 1 + ny) || !valid(y, b, a))
            return 0;
        *f = (found){r + 1 + ny, y, b, a, 0};
        return 1;
    }
    if (!cue || sep == '.' || !numeric_end(c, r) || !valid(0, b, a))
        return 0;
    *f = (found){r, 0, b, a, TC_DATE_YEAR_INFERRED};
    return 1;
}

/* A number token of at most two digits (a day or a month). */
static int small_number(const ectx *c, size_t i, int *v)
{
    if (i >= c->ntok || !(c->tok[i].flags & TC_TOK_NUMBER))
        return 0;
    size_t n = digits(c, c->tok[i].start, v);
    return n >= 1 && n <= 2 && n == c->tok[i].end - c->tok[i].start;
}

static int year_token(const ectx *c, size_t i, int *v)
{
    if (i >= c->ntok || !(c->tok[i].flags & TC_TOK_NUMBER))
        return 0;
    size_t n = digits(c, c->tok[i].start, v);
    return n == 4 && n == c->tok[i].end - c->tok[i].start;
}

/* "tháng M năm YYYY", "tháng M/YYYY", "tháng M-YYYY" from token i (the
 * month number); *last gets the last token. */
static int month_year(const ectx *c, size_t i, int *m, int *y, size_t *last)
{
    if (!small_number(c, i, m))
        return 0;
    size_t e = c->tok[i].end;
    if (e < c->len && (c->s[e] == '/' || c->s[e] == '-')) {
        size_t ny = digits(c, e + 1, y);
        if (ny == 4 && numeric_end(c, e + 1 + ny) && i + 1 < c->ntok &&
            c->tok[i + 1].start == e + 1) {
            *last = i + 1;
            return 1;
        }
        return 0;
    }
    if (tok_is(c, i + 1, "năm") && gap_soft(c, i + 1) && gap_soft(c, i + 2) &&
        year_token(c, i + 2, y)) {
        *last = i + 2;
        return 1;
    }
    return 0;
}

/* "D tháng M [năm YYYY]" from token i (the day). */
static int words_at(const ectx *c, size_t i, found *f, size_t *last)
{
    int d, m, y = 0;
    if (!small_number(c, i, &d) || !tok_is(c, i + 1, "tháng") ||
        !gap_soft(c, i + 1) || !gap_soft(c, i + 2))
        return 0;
    if (month_year(c, i + 2, &m, &y, last)) {
        if (!valid(y, m, d))
            return 0;
        *f = (found){c->tok[*last].end, y, m, d, 0};
        return 1;
    }
    if (!small_number(c, i + 2, &m) || !valid(0, m, d))
        return 0;
    *last = i + 2;
    *f = (found){c->tok[i + 2].end, 0, m, d, TC_DATE_YEAR_INFERRED};
    return 1;
}

static int is_cue(const ectx *c, size_t i)
{
    static const char *const cues[] = {
        "ngày", "hôm", "mùng", "mồng", "sáng", "trưa", "chiều", "tối",
        "đêm", "khuya", NULL};
    return tok_in(c, i, cues);
}

/* After a day and month with no year: is it a day of every year
 * ("ngày 30 tháng 6 hằng năm", "... của năm báo cáo", "... năm cuối")?
 * k is the first token after the date. */
static int recurring_after(const ectx *c, size_t k)
{
    int y;
    if (k >= c->ntok || !gap_soft(c, k))
        return 0;
    if (tok_is(c, k, "hằng") || tok_is(c, k, "hàng") || tok_is(c, k, "mỗi"))
        return tok_is(c, k + 1, "năm");
    if (tok_is(c, k, "năm"))
        return !year_token(c, k + 1, &y);
    if (tok_is(c, k, "của") && gap_soft(c, k + 1))
        return tok_is(c, k + 1, "năm") || tok_is(c, k + 1, "kỳ") ||
               tok_is(c, k + 1, "mỗi");
    return 0;
}

static void add_date(ectx *c, size_t start, const found *f)
{
    size_t a = tok_from(c, start), b = tok_from(c, f->end);
    for (size_t k = a; k < b; k++)
        c->mark[k] |= MARK_DATE;
    tc_date *d = add_record(c, TC_ENT_DATE);
    if (!d)
        return;
    d->span.start = start;
    d->span.end = f->end;
    d->year = f->y;
    d->month = f->m;
    d->day = f->d;
    d->flags = f->flags;
    if (!f->y && recurring_after(c, b))
        d->flags = (d->flags & ~TC_DATE_YEAR_INFERRED) | TC_DATE_RECURRING;
    d->value = f->y ? f->y * 10000 + f->m * 100 + f->d : 0;
}

void dates_extract(ectx *c)
{
    for (size_t i = 0; i < c->ntok && !c->oom; i++) {
        found f;
        size_t last = i, start;
        int ngay = tok_is(c, i, "ngày") && gap_soft(c, i + 1);
        size_t n = ngay ? i + 1 : i;
        int cue = ngay || (i > 0 && is_cue(c, i - 1) && gap_soft(c, i));
        int m, y;
        if (n >= c->ntok || !(c->tok[n].flags & TC_TOK_NUMBER)) {
            /* "tháng 10/2015", "tháng 10 năm 2015" */
            if (tok_is(c, i, "tháng") && gap_soft(c, i + 1) &&
                month_year(c, i + 1, &m, &y, &last) && valid(y, m, 0)) {
                f = (found){c->tok[last].end, y, m, 0, TC_DATE_MONTH_ONLY};
                add_date(c, c->tok[i].start, &f);
                i = last;
            }
            continue;
        }
        start = c->tok[i].start;
        if (words_at(c, n, &f, &last) || (numeric_at(c, c->tok[n].start, cue,
                                                     &f))) {
            if (!(f.flags & TC_DATE_YEAR_INFERRED) || cue) {
                add_date(c, start, &f);
                i = tok_from(c, f.end) - 1;
            }
        }
    }
}

tc_date *dates_at(ectx *c, size_t off)
{
    tc_entities *e = c->e;
    size_t lo = 0, hi = e->n_dates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->dates[mid].span.end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < e->n_dates && e->dates[lo].span.start <= off)
        return &e->dates[lo];
    return NULL;
}

/* The year in {ry-1, ry, ry+1} that puts month m, day d nearest the
 * reference date ry-rm-rd ("28-12" in a text of 3 January is last
 * year's). */
static int nearest_year(int ry, int rm, int rd, int m, int d)
{
    int best = ry, bestdist = -1;
    for (int y = ry - 1; y <= ry + 1; y++) {
        if (d > days_in_month(y, m))
            continue;
        int dist = abs((y - ry) * 372 + (m - rm) * 31 + (d - (rd ? rd : 15)));
        if (bestdist < 0 || dist < bestdist) {
            best = y;
            bestdist = dist;
        }
    }
    return bestdist < 0 ? 0 : best;
}

/* The full date to date a partial one by: the metadata date, else the
 * nearest full date before it (not a reference's), else the first after,
 * else any reference's date. */
static const tc_date *reference_for(const tc_entities *e, size_t i,
                                    int32_t meta, tc_date *tmp)
{
    if (meta) {
        memset(tmp, 0, sizeof *tmp);
        tmp->year = meta / 10000;
        tmp->month = meta / 100 % 100;
        tmp->day = meta % 100;
        return tmp;
    }
    for (int pass = 0; pass < 2; pass++) {
        unsigned skip = pass == 0 ? TC_DATE_OF_REF : 0;
        for (size_t k = i; k-- > 0;)
            if (e->dates[k].year && !(e->dates[k].flags & skip) &&
                !(e->dates[k].flags & TC_DATE_YEAR_INFERRED))
                return &e->dates[k];
        for (size_t k = i + 1; k < e->n_dates; k++)
            if (e->dates[k].year && !(e->dates[k].flags & skip) &&
                !(e->dates[k].flags & TC_DATE_YEAR_INFERRED))
                return &e->dates[k];
    }
    return NULL;
}

/* Is d in the document's first part and not a reference's date? */
static int doc_date_candidate(const tc_date *d)
{
    return d->span.start < TC_ENT_DOC_DATE_WINDOW && d->value != 0 &&
           !(d->flags & TC_DATE_OF_REF);
}

/* The first full date of the first part; else its first month, made a
 * day when a date of that month with an inferred year follows ("date
 * 2021-01 ... Chiều 11-1"); else the first date with an inferred year. */
static int32_t choose_doc_date(const tc_entities *e)
{
    const tc_date *month = NULL, *inferred = NULL;
    for (size_t k = 0; k < e->n_dates; k++) {
        const tc_date *d = &e->dates[k];
        if (d->span.start >= TC_ENT_DOC_DATE_WINDOW)
            break;
        if (!doc_date_candidate(d))
            continue;
        if (d->flags & TC_DATE_YEAR_INFERRED) {
            if (!inferred)
                inferred = d;
        } else if (d->flags & TC_DATE_MONTH_ONLY) {
            if (!month)
                month = d;
        } else {
            return d->value;
        }
    }
    if (month) {
        for (size_t k = 0; k < e->n_dates; k++) {
            const tc_date *d = &e->dates[k];
            if (doc_date_candidate(d) && (d->flags & TC_DATE_YEAR_INFERRED) &&
                d->value / 100 == month->value / 100)
                return d->value;
        }
        return month->value;
    }
    return inferred ? inferred->value : 0;
}

void dates_finish(ectx *c)
{
    tc_entities *e = c->e;
    for (size_t i = 0; i < e->n_dates; i++) {
        tc_date *d = &e->dates[i], tmp;
        if (d->year || (d->flags & TC_DATE_RECURRING))
            continue;
        const tc_date *r = reference_for(e, i, c->meta_date, &tmp);
        if (!r)
            continue;
        int y = nearest_year(r->year, r->month, r->day, d->month, d->day);
        if (y && valid(y, d->month, d->day)) {
            d->year = y;
            d->value = y * 10000 + d->month * 100 + d->day;
        }
    }
    e->doc_date = c->meta_date ? c->meta_date : choose_doc_date(e);
}
