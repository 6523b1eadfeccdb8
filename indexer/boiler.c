/* boiler.c: page boilerplate found by repetition and a short hand list
 * (boiler.h). */
#include "tracuu/boiler.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/terms.h"

void tc_boiler_doc_clear(tc_boiler_doc *b)
{
    free(b->spans);
    free(b->lines);
    memset(b, 0, sizeof *b);
}

/* ---- lines -------------------------------------------------------------- */

typedef struct line {
    size_t start, end;   /* trimmed of blanks; start == end: blank line */
} line;

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The body's lines (malloc'd array in *out).  TC_OK or TC_ENOMEM. */
static int split_lines(const char *s, size_t len, line **out, size_t *n)
{
    size_t cap = 0, k = 0, i = 0;
    line *v = NULL;
    while (i <= len) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        size_t a = i, b = e;
        while (a < b && is_blank((unsigned char)s[a]))
            a++;
        while (b > a && is_blank((unsigned char)s[b - 1]))
            b--;
        line *nv = tc_grow(v, &cap, k + 1, sizeof *v);
        if (!nv) {
            free(v);
            return TC_ENOMEM;
        }
        v = nv;
        v[k].start = a;
        v[k].end = b;
        k++;
        i = e + 1;
    }
    *out = v;
    *n = k;
    return TC_OK;
}

static int is_edge(size_t i, size_t n)
{
    return i < TC_BOILER_EDGE_LINES || i + TC_BOILER_EDGE_LINES >= n;
}

static int is_short(const line *l)
{
    return l->end > l->start && l->end - l->start <= TC_BOILER_LINE_MAX;
}

/* A line's key: its folded tokens under the source.  The number of a
 * counter ("Lượt xem 1.203": one number in a short line) is '#', so the
 * counter is one line on every page; any other number is itself, so the
 * lines of templated documents that differ by their numbers ("Đề án số
 * 375/ĐA-CP ngày 09 tháng 5 năm 2025") stay apart. */
typedef struct keyer {
    uint64_t h, lit;       /* the key with the number as '#', and as is */
    int letters, numbers, tokens;
} keyer;

static int key_token(void *ctx, const tc_token *t)
{
    keyer *k = ctx;
    k->tokens++;
    k->lit = tc_hash64(k->lit, t->folded, t->folded_len);
    k->lit = tc_hash64(k->lit, " ", 1);
    if (t->folded_len && isdigit((unsigned char)t->folded[0])) {
        k->h = tc_hash64(k->h, "#", 2);
        k->numbers++;
    } else {
        k->h = tc_hash64(k->h, t->folded, t->folded_len);
        k->h = tc_hash64(k->h, " ", 1);
        k->letters = 1;
    }
    return 0;
}

/* 1 when a digit stands next to '/': a legal reference or a date, which
 * a line that cites it must keep however often it repeats ("Căn cứ Luật
 * ... số 72/2025/QH15"). */
static int has_reference(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if ((s[i] == '/' && isdigit((unsigned char)s[i + 1])) ||
            (isdigit((unsigned char)s[i]) && s[i + 1] == '/'))
            return 1;
    return 0;
}

/* 0 when the line is no candidate: no word (only numbers or
 * punctuation), or a reference. */
static uint64_t line_key(uint64_t source, const char *s, size_t len)
{
    keyer k = {source, source, 0, 0, 0};
    if (has_reference(s, len) ||
        tc_tokenize(s, len, key_token, &k, NULL) != TC_OK || !k.letters)
        return 0;
    return tc_mix64(k.numbers == 1 && k.tokens <= 6 ? k.h : k.lit) | 1;
}

static uint64_t source_key(const tc_doc *d, const char *file)
{
    const char *s = NULL;
    size_t n = 0;
    uint64_t h = tc_hash64(TC_HASH_INIT, "src", 3);
    if (d->url && *d->url) {
        const char *p = strstr(d->url, "://");
        p = p ? p + 3 : d->url;
        if (strncasecmp(p, "www.", 4) == 0)
            p += 4;
        n = strcspn(p, "/?#:");
        for (size_t i = 0; i < n; i++) {
            char c = (char)tolower((unsigned char)p[i]);
            h = tc_hash64(h, &c, 1);
        }
        return tc_mix64(h) | 1;
    }
    if (d->source && *d->source)
        s = d->source;
    else if (file && strcmp(file, "-") != 0)
        s = file;             /* the directory of the file it came from */
    if (s) {
        const char *slash = strrchr(s, '/');
        n = slash ? (size_t)(slash - s) : (s == file ? 0 : strlen(s));
    }
    return tc_mix64(tc_hash64(h, s ? s : "", n)) | 1;
}

/* ---- the count table ---------------------------------------------------- */

typedef struct slot {
    uint64_t key;          /* 0: empty */
    uint32_t count;
} slot;

struct tc_boiler {
    slot *t;
    size_t cap, used;      /* cap a power of two */
    tc_db *db;
};

tc_boiler *tc_boiler_new(tc_db *db)
{
    tc_boiler *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cap = 1024;
    b->t = calloc(b->cap, sizeof *b->t);
    if (!b->t) {
        free(b);
        return NULL;
    }
    b->db = db;
    return b;
}

void tc_boiler_free(tc_boiler *b)
{
    if (!b)
        return;
    free(b->t);
    free(b);
}

static slot *find_slot(slot *t, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key >> 7) & (cap - 1);
    while (t[i].key && t[i].key != key)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static int bump(tc_boiler *b, uint64_t key)
{
    if (2 * (b->used + 1) > b->cap) {
        size_t ncap = 2 * b->cap;
        slot *nt = calloc(ncap, sizeof *nt);
        if (!nt)
            return TC_ENOMEM;
        for (size_t i = 0; i < b->cap; i++)
            if (b->t[i].key)
                *find_slot(nt, ncap, b->t[i].key) = b->t[i];
        free(b->t);
        b->t = nt;
        b->cap = ncap;
    }
    slot *s = find_slot(b->t, b->cap, key);
    if (!s->key) {
        s->key = key;
        b->used++;
    }
    s->count++;
    return TC_OK;
}

static uint32_t count_of(const tc_boiler *b, const char *prefix,
                         uint64_t key)
{
    uint32_t n = find_slot(b->t, b->cap, key)->count, tf = 0;
    if (b->db) {
        char term[32];
        size_t len = tc_term_hex(term, sizeof term, prefix, key);
        if (len && tc_db_termfreq(b->db, term, len, &tf, NULL) == TC_OK)
            n += tf;
    }
    return n;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The body's lines (*lines, *nl), each one's key in *keys (0: no
 * candidate: not a short edge line, or no key), and the distinct keys,
 * sorted, in out->lines; out->source set.  Each line is keyed once. */
static int edge_keys(const tc_doc *d, const char *file, tc_boiler_doc *out,
                     line **lines, uint64_t **keys, size_t *nl)
{
    *lines = NULL;
    *keys = NULL;
    *nl = 0;
    out->source = source_key(d, file);
    if (!d->body)
        return TC_OK;
    int rc = split_lines(d->body, d->body_len, lines, nl);
    if (rc != TC_OK)
        return rc;
    *keys = calloc(*nl, sizeof **keys);
    out->lines = malloc((2 * TC_BOILER_EDGE_LINES + 1) * sizeof *out->lines);
    if (!*keys || !out->lines)
        return TC_ENOMEM;
    for (size_t i = 0; i < *nl; i++) {
        const line *l = &(*lines)[i];
        if (!is_edge(i, *nl) || !is_short(l))
            continue;
        (*keys)[i] = line_key(out->source, d->body + l->start,
                              l->end - l->start);
        if ((*keys)[i])
            out->lines[out->nlines++] = (*keys)[i];
    }
    qsort(out->lines, out->nlines, sizeof *out->lines, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < out->nlines; i++)
        if (u == 0 || out->lines[u - 1] != out->lines[i])
            out->lines[u++] = out->lines[i];
    out->nlines = u;
    return TC_OK;
}

int tc_boiler_count(tc_boiler *b, const tc_doc *d, const char *file)
{
    tc_boiler_doc bd = {0};
    line *lines;
    uint64_t *keys;
    size_t nl;
    int rc = edge_keys(d, file, &bd, &lines, &keys, &nl);
    free(lines);
    free(keys);
    if (rc == TC_OK)
        rc = bump(b, bd.source);
    for (size_t i = 0; rc == TC_OK && i < bd.nlines; i++)
        rc = bump(b, bd.lines[i]);
    tc_boiler_doc_clear(&bd);
    return rc;
}

/* ---- the hand list ------------------------------------------------------ */

/* Folded headings that start a page's tail: related news, comments,
 * visitor statistics. */
static const char *const tail_headings[] = {
    "cac tin lien quan", "tin lien quan", "tin bai lien quan",
    "bai viet lien quan", "cac bai viet lien quan", "bai lien quan",
    "tin cung chuyen muc", "cac tin cung chuyen muc", "cac tin khac",
    "tin khac", "tin moi hon", "tin cu hon", "cac tin da dua",
    "tin da dua", "xem them", "doc them", "thong ke truy cap",
    "luot truy cap", "so luot truy cap", "thong ke luot truy cap",
    "visitors", "y kien ban doc", "ban doc binh luan", NULL};

/* Lone words of share buttons and menus. */
static const char *const widget_lines[] = {
    "chia se", "share", "tweet", "like", "in bai", "in bai viet", "ban in",
    "gui email", "gui bai", "gui cho ban be", "email", "facebook", "zalo",
    "twitter", "print", "len dau trang", "ve dau trang", "quay lai",
    "tro ve", "trang chu", "dang nhap", "dang ky", "thong bao loi",
    "error message", NULL};

/* Labels of visitor counters, before ": <number>". */
static const char *const counter_labels[] = {
    "hom nay", "hom qua", "trong tuan", "tuan nay", "tuan truoc",
    "trong thang", "thang nay", "thang truoc", "trong nam", "nam nay",
    "tat ca", "tong cong", "tong truy cap", "tong so luot truy cap",
    "luot truy cap", "dang truy cap", "dang online", "online", "truy cap",
    "khach", "thanh vien", "visitors", "today", "this week", "this month",
    "total", NULL};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

static int has_prefix_ci(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && strncasecmp(s, p, n) == 0;
}

static int contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* "Notice: Undefined offset: 1 in /x/y.php on line 70" and the like. */
static int is_error_line(const char *s, size_t len)
{
    static const char *const kinds[] = {
        "notice:", "warning:", "deprecated:", "fatal error:",
        "strict standards:", "parse error:", "catchable fatal error:",
        "php notice:", "php warning:", NULL};
    int kind = 0;
    for (size_t i = 0; kinds[i] && !kind; i++)
        kind = has_prefix_ci(s, len, kinds[i]);
    if (!kind)
        return 0;
    static const char *const marks[] = {".php", ".inc", " line ", "dòng ",
                                        NULL};
    for (size_t i = 0; marks[i]; i++)
        if (contains(s, len, marks[i]))
            return 1;
    return 0;
}

/* "hom nay: 1,203": a counter label, a colon, one number. */
static int is_counter_line(const char *raw, size_t rlen, const char *f)
{
    const char *colon = memchr(raw, ':', rlen);
    if (!colon)
        return 0;
    const char *sp = strrchr(f, ' ');
    if (!sp || !isdigit((unsigned char)sp[1]))
        return 0;
    size_t n = (size_t)(sp - f);
    return in_list(counter_labels, f, n);
}

/* "Trang chủ / Tin tức / ...": a breadcrumb trail. */
static int is_breadcrumb(const char *s, size_t len)
{
    static const char *const homes[] = {"Trang chủ", "Trang Chủ",
                                        "TRANG CHỦ", "Home", "HOME", NULL};
    int home = 0;
    for (size_t i = 0; homes[i] && !home; i++)
        home = has_prefix_ci(s, len, homes[i]);
    return home && (contains(s, len, "/") || contains(s, len, "»") ||
                    contains(s, len, ">") || contains(s, len, "›"));
}

static int is_copyright_line(const char *s, size_t len, const char *f)
{
    return has_prefix_ci(s, len, "©") || has_prefix_ci(s, len, "(c) ") ||
           has_prefix_ci(s, len, "copyright") ||
           strncmp(f, "ban quyen thuoc", 15) == 0 ||
           strncmp(f, "ban quyen ", 10) == 0 ||
           strncmp(f, "ghi ro nguon", 12) == 0;
}

/* ---- finding spans ------------------------------------------------------ */

typedef struct span_list {
    tc_span *v;
    size_t n, cap;
} span_list;

static int add_span(span_list *sp, size_t a, size_t b)
{
    if (a >= b)
        return TC_OK;
    if (sp->n && sp->v[sp->n - 1].end >= a) {  /* lines come in order */
        if (b > sp->v[sp->n - 1].end)
            sp->v[sp->n - 1].end = b;
        return TC_OK;
    }
    tc_span *nv = tc_grow(sp->v, &sp->cap, sp->n + 1, sizeof *nv);
    if (!nv)
        return TC_ENOMEM;
    sp->v = nv;
    sp->v[sp->n].start = a;
    sp->v[sp->n].end = b;
    sp->n++;
    return TC_OK;
}

/* 1 when the line keyed key (0: no candidate) is in enough of the
 * source's docs documents. */
static int repeated(tc_boiler *b, uint32_t docs, uint64_t key)
{
    if (!b || docs < TC_BOILER_MIN_DOCS || !key)
        return 0;
    uint32_t n = count_of(b, TC_PREFIX_LINE, key);
    return n >= TC_BOILER_MIN_DOCS && (uint64_t)n * TC_BOILER_SHARE >= docs;
}

/* 1 when some non-empty line lies outside the spans. */
static int leaves_text(const line *lines, size_t nl, const span_list *sp)
{
    size_t k = 0;
    for (size_t i = 0; i < nl; i++) {
        if (lines[i].end == lines[i].start)
            continue;
        while (k < sp->n && sp->v[k].end <= lines[i].start)
            k++;
        if (k == sp->n || sp->v[k].start > lines[i].start)
            return 1;
    }
    return 0;
}

/* When the title is the body's first line and that line is boilerplate
 * (a text file's "Thông báo lỗi"): the first line that is not, if short
 * enough for a title; else {0, 0}. */
static tc_span title_line(const tc_doc *d, const line *lines, size_t nl,
                          const span_list *sp)
{
    tc_span none = {0, 0};
    size_t i = 0, k = 0;
    while (i < nl && lines[i].end == lines[i].start)
        i++;
    if (i == nl || !d->title ||
        strlen(d->title) != lines[i].end - lines[i].start ||
        memcmp(d->title, d->body + lines[i].start, strlen(d->title)) != 0 ||
        sp->v[0].start > lines[i].start)
        return none;
    for (; i < nl; i++) {
        if (lines[i].end == lines[i].start)
            continue;
        while (k < sp->n && sp->v[k].end <= lines[i].start)
            k++;
        if (k == sp->n || sp->v[k].start > lines[i].start) {
            if (lines[i].end - lines[i].start > TC_BOILER_LINE_MAX)
                return none;
            tc_span t = {lines[i].start, lines[i].end};
            return t;
        }
    }
    return none;
}

int tc_boiler_find(tc_boiler *b, const tc_doc *d, const char *file,
                   tc_boiler_doc *out)
{
    line *lines = NULL;
    uint64_t *keys = NULL;
    size_t nl = 0;
    span_list sp = {0};
    memset(out, 0, sizeof *out);
    int rc = edge_keys(d, file, out, &lines, &keys, &nl);
    uint32_t docs = b && rc == TC_OK ? count_of(b, TC_PREFIX_SOURCE,
                                                out->source)
                                     : 0;
    const char *body = d->body;
    size_t prev = (size_t)-1;    /* the last non-blank line */
    for (size_t i = 0; rc == TC_OK && i < nl; i++) {
        const line *l = &lines[i];
        const char *s = body + l->start;
        size_t len = l->end - l->start;
        if (len == 0)
            continue;
        if (!is_short(l)) {
            prev = i;
            continue;
        }
        char *f = NULL;
        if (len <= 80 && tc_normalize_text(s, len, NULL, &f) != TC_OK) {
            rc = TC_ENOMEM;
            break;
        }
        const char *fs = f ? f : "";
        size_t flen = strlen(fs);
        if (f && l->start * 2 >= d->body_len &&
            in_list(tail_headings, fs, flen)) {
            free(f);
            rc = add_span(&sp, l->start, d->body_len);
            break;
        }
        int bp = is_error_line(s, len);
        if (bp && prev != (size_t)-1 && is_short(&lines[prev])) {
            /* "Thông báo lỗi" just above: a lone widget line */
            char *pf = NULL;
            const line *pl = &lines[prev];
            if (pl->end - pl->start <= 80 &&
                tc_normalize_text(body + pl->start, pl->end - pl->start,
                                  NULL, &pf) == TC_OK &&
                in_list(widget_lines, pf, strlen(pf)))
                rc = add_span(&sp, pl->start, pl->end);
            free(pf);
        }
        bp = bp || (f && (in_list(widget_lines, fs, flen) ||
                          is_counter_line(s, len, fs))) ||
             is_copyright_line(s, len, fs) || is_breadcrumb(s, len) ||
             repeated(b, docs, keys[i]);
        free(f);
        if (bp && rc == TC_OK)
            rc = add_span(&sp, l->start, l->end);
        prev = i;
    }
    /* a document that would be all boilerplate is a document of its own
     * (ninety one-line notes alike are not a site's menu) */
    if (rc == TC_OK && !leaves_text(lines, nl, &sp))
        sp.n = 0;
    if (rc == TC_OK && sp.n)
        out->title = title_line(d, lines, nl, &sp);
    free(lines);
    free(keys);
    if (rc != TC_OK) {
        free(sp.v);
        tc_boiler_doc_clear(out);
        return rc;
    }
    out->spans = sp.v;
    out->nspans = sp.n;
    return TC_OK;
}

/* ---- blanking and storing ----------------------------------------------- */

char *tc_boiler_blank(const char *text, size_t len, const tc_span *spans,
                      size_t n)
{
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, text, len);
    c[len] = '\0';
    for (size_t i = 0; i < n; i++)
        for (size_t j = spans[i].start; j < spans[i].end && j < len; j++)
            if (c[j] != '\n')
                c[j] = ' ';
    return c;
}

char *tc_spans_format(const tc_span *spans, size_t n)
{
    size_t cap = n * 42 + 1;
    char *s = malloc(cap), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < n; i++)
        p += snprintf(p, cap - (size_t)(p - s), "%s%zu-%zu", i ? "," : "",
                      spans[i].start, spans[i].end);
    return s;
}

int tc_spans_parse(const char *s, size_t slen, size_t len, tc_span **out,
                   size_t *n)
{
    span_list sp = {0};
    size_t i = 0;
    *out = NULL;
    *n = 0;
    while (i < slen) {
        size_t a = 0, b = 0;
        int ok = 0;
        while (i < slen && isdigit((unsigned char)s[i]) && a < len + 1)
            a = a * 10 + (size_t)(s[i++] - '0'), ok = 1;
        if (!ok || i >= slen || s[i] != '-')
            break;
        i++;
        ok = 0;
        while (i < slen && isdigit((unsigned char)s[i]) && b < len + 1)
            b = b * 10 + (size_t)(s[i++] - '0'), ok = 1;
        if (!ok)
            break;
        if (b > len)
            b = len;
        if (a < b && (!sp.n || a >= sp.v[sp.n - 1].end) &&
            add_span(&sp, a, b) != TC_OK) {
            free(sp.v);
            return TC_ENOMEM;
        }
        if (i < slen && s[i] == ',')
            i++;
        else
            break;
    }
    *out = sp.v;
    *n = sp.n;
    return TC_OK;
}
