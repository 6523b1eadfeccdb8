/* entities.c: the entity extractors' driver (entities.h).
 *
 * tc_entities_extract() tokenizes the text once into an array of tokens
 * (offsets, flags, both normal forms), then runs the extractors in an
 * order where each can use what the one before found: places (so that a
 * province after "tỉnh" is never a person), dates, legal references
 * (which claim the date of issue after them), the document's date,
 * officials, figures (which skip the numbers of dates and references).
 *
 * Every string of the result lives in one pool of chunks freed with the
 * result; records live in arrays grown geometrically up to the caller's
 * cap.  Out of memory is sticky (ectx.oom): the extractors stop adding,
 * and the call returns TC_ENOMEM with nothing. */
#include "entities_int.h"

#include "tracuu/error.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ---- the string pool --------------------------------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct tc_ent_pool {
    chunk *head;
};

#define CHUNK_MIN 8192

static char *pool_alloc(ectx *c, size_t n)
{
    struct tc_ent_pool *p = c->e->pool_;
    chunk *h = p->head;
    if (c->oom)
        return NULL;
    if (!h || h->cap - h->used < n) {
        size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
        chunk *nc = malloc(sizeof *nc + cap);
        if (!nc) {
            c->oom = 1;
            return NULL;
        }
        nc->next = h;
        nc->used = 0;
        nc->cap = cap;
        p->head = h = nc;
    }
    char *r = h->data + h->used;
    h->used += n;
    return r;
}

char *pool_copy(ectx *c, const char *s, size_t n)
{
    char *r = pool_alloc(c, n + 1);
    if (!r)
        return NULL;
    if (n)
        memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

/* Length of a valid UTF-8 sequence at s[0..n), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t k;
    uint32_t cp;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF) {
        k = 2;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        k = 3;
        cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        k = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

static int is_ws_byte(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' ||
           b == '\f' || b == 0;
}

char *pool_text(ectx *c, size_t start, size_t end)
{
    const unsigned char *s = (const unsigned char *)c->s;
    if (end > c->len)
        end = c->len;
    if (start > end)
        start = end;
    /* each byte becomes at most 3 (U+FFFD) */
    char *r = pool_alloc(c, (end - start) * 3 + 1);
    size_t o = 0;
    int space = 0;
    if (!r)
        return NULL;
    for (size_t i = start; i < end;) {
        size_t k = is_ws_byte(s[i]) ? 0 : utf8_len(s + i, end - i);
        if (is_ws_byte(s[i]) || (k == 2 && s[i] == 0xC2 && s[i + 1] == 0xA0)) {
            space = o > 0;
            i += k ? k : 1;
            continue;
        }
        if (space)
            r[o++] = ' ';
        space = 0;
        if (k == 0) {
            memcpy(r + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(r + o, s + i, k);
            o += k;
            i += k;
        }
    }
    r[o] = '\0';
    return r;
}

/* ---- characters -------------------------------------------------------- */

static int word_cp(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
        return 1;
    default:
        return 0;
    }
}

int word_char_at(const ectx *c, size_t i)
{
    if (i >= c->len)
        return 0;
    unsigned char b = (unsigned char)c->s[i];
    if (b < 0x80)
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
               (b >= '0' && b <= '9');
    int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)c->s + i,
                                          (utf8proc_ssize_t)(c->len - i),
                                          &cp);
    return n > 0 && word_cp(cp);
}

int word_char_before(const ectx *c, size_t i)
{
    if (i == 0 || i > c->len)
        return 0;
    unsigned char b = (unsigned char)c->s[i - 1];
    if (b < 0x80)
        return word_char_at(c, i - 1);
    /* the lead byte: back over at most three continuation bytes */
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)c->s[k] & 0xC0) == 0x80)
        k--;
    int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)c->s + k,
                                          (utf8proc_ssize_t)(i - k), &cp);
    return n == (utf8proc_ssize_t)(i - k) && word_cp(cp);
}

/* ---- records ----------------------------------------------------------- */

static const size_t rec_size[TC_ENT_NKINDS] = {
    sizeof(tc_legalref), sizeof(tc_official), sizeof(tc_figure),
    sizeof(tc_date), sizeof(tc_place)};

static void **rec_array(tc_entities *e, int kind, size_t **n)
{
    switch (kind) {
    case TC_ENT_LEGALREF: *n = &e->n_legalrefs; return (void **)&e->legalrefs;
    case TC_ENT_OFFICIAL: *n = &e->n_officials; return (void **)&e->officials;
    case TC_ENT_FIGURE:   *n = &e->n_figures;   return (void **)&e->figures;
    case TC_ENT_DATE:     *n = &e->n_dates;     return (void **)&e->dates;
    default:              *n = &e->n_places;    return (void **)&e->places;
    }
}

void *add_record(ectx *c, int kind)
{
    size_t *n;
    void **arr = rec_array(c->e, kind, &n);
    if (c->oom)
        return NULL;
    if (*n >= c->max_per_kind) {
        c->e->truncated |= TC_ENT_MASK(kind);
        c->e->dropped[kind]++;
        return NULL;
    }
    void *p = tc_grow(*arr, &c->caps[kind], *n + 1, rec_size[kind]);
    if (!p) {
        c->oom = 1;
        return NULL;
    }
    *arr = p;
    char *r = (char *)p + (*n)++ * rec_size[kind];
    memset(r, 0, rec_size[kind]);
    return r;
}

/* ---- tokens ------------------------------------------------------------ */

static int collect(void *ctx, const tc_token *t)
{
    ectx *c = ctx;
    etok *arr = tc_grow(c->tok, &c->tokcap, c->ntok + 1, sizeof *arr);
    if (!arr)
        return TC_ENOMEM;
    c->tok = arr;
    etok *k = &arr[c->ntok];
    k->start = t->start;
    k->end = t->end;
    k->flags = t->flags;
    k->exact = (uint32_t)c->forms.len;
    k->exact_len = (uint16_t)t->exact_len;
    tc_buf_put(&c->forms, t->exact, t->exact_len);
    k->folded = (uint32_t)c->forms.len;
    k->folded_len = (uint16_t)t->folded_len;
    tc_buf_put(&c->forms, t->folded, t->folded_len);
    if (c->forms.oom)
        return TC_ENOMEM;
    c->ntok++;
    return 0;
}

int tok_is(const ectx *c, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i < c->ntok && c->tok[i].exact_len == n &&
           memcmp(tok_exact(c, i), w, n) == 0;
}

int tok_fis(const ectx *c, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i < c->ntok && c->tok[i].folded_len == n &&
           memcmp(tok_folded(c, i), w, n) == 0;
}

int tok_in(const ectx *c, size_t i, const char *const *list)
{
    for (; *list; list++)
        if (tok_is(c, i, *list))
            return 1;
    return 0;
}

static int gap_check(const ectx *c, size_t i, int lines)
{
    if (i == 0 || i >= c->ntok)
        return 0;
    const unsigned char *s = (const unsigned char *)c->s;
    size_t a = c->tok[i - 1].end, b = c->tok[i].start;
    for (size_t k = a; k < b; k++) {
        if (s[k] == ' ' || s[k] == '\t')
            continue;
        if (k + 1 < b && s[k] == 0xC2 && s[k + 1] == 0xA0) {
            k++;
            continue;
        }
        if (lines && (s[k] == '\n' || s[k] == '\r' || s[k] == '*'))
            continue;
        return 0;
    }
    return 1;
}

int gap_soft(const ectx *c, size_t i) { return gap_check(c, i, 1); }
int gap_spaces(const ectx *c, size_t i) { return gap_check(c, i, 0); }

static size_t phrase_gen(const ectx *c, size_t i, const char *p, int folded)
{
    size_t k = 0;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        size_t t = i + k;
        if (t >= c->ntok || (k > 0 && !gap_soft(c, t)))
            return 0;
        size_t tl = folded ? c->tok[t].folded_len : c->tok[t].exact_len;
        const char *tf = folded ? tok_folded(c, t) : tok_exact(c, t);
        if (tl != n || memcmp(tf, p, n) != 0)
            return 0;
        k++;
        p += n;
        if (*p == ' ')
            p++;
    }
    return k;
}

size_t phrase_at(const ectx *c, size_t i, const char *p)
{
    return phrase_gen(c, i, p, 0);
}

size_t fphrase_at(const ectx *c, size_t i, const char *p)
{
    return phrase_gen(c, i, p, 1);
}

size_t phrase_ending(const ectx *c, size_t i, const char *p)
{
    size_t words = 1;
    for (const char *q = p; *q; q++)
        words += *q == ' ';
    if (i >= c->ntok || i + 1 < words)
        return (size_t)-1;
    size_t first = i + 1 - words;
    return phrase_at(c, first, p) == words ? first : (size_t)-1;
}

size_t tok_from(const ectx *c, size_t off)
{
    size_t lo = 0, hi = c->ntok;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->tok[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t join_forms(const ectx *c, size_t i, size_t j, int folded, char *buf,
                  size_t cap)
{
    size_t o = 0;
    for (size_t k = i; k < j && k < c->ntok; k++) {
        size_t n = folded ? c->tok[k].folded_len : c->tok[k].exact_len;
        const char *f = folded ? tok_folded(c, k) : tok_exact(c, k);
        if (o + n + 2 > cap)
            return 0;
        if (k > i)
            buf[o++] = ' ';
        memcpy(buf + o, f, n);
        o += n;
    }
    if (cap)
        buf[o] = '\0';
    return o;
}

int days_in_month(int year, int month)
{
    static const int d[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && year > 0 &&
        !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 28;
    return d[month - 1];
}

/* ---- the public API ---------------------------------------------------- */

const char *tc_entity_kind_name(int kind)
{
    static const char *const names[TC_ENT_NKINDS] = {
        "legal_refs", "officials", "figures", "dates", "places"};
    return kind >= 0 && kind < TC_ENT_NKINDS ? names[kind] : "unknown";
}

void tc_entity_opts_init(tc_entity_opts *opts)
{
    memset(opts, 0, sizeof *opts);
}

void tc_entities_free(tc_entities *e)
{
    if (!e)
        return;
    if (e->pool_) {
        chunk *h = e->pool_->head;
        while (h) {
            chunk *n = h->next;
            free(h);
            h = n;
        }
        free(e->pool_);
    }
    free(e->legalrefs);
    free(e->officials);
    free(e->figures);
    free(e->dates);
    free(e->places);
    free(e->place_counts);
    free(e);
}

int32_t tc_entities_doc_date(const tc_entities *e)
{
    return e ? e->doc_date : 0;
}

size_t tc_entities_top_places(const tc_entities *e, size_t k,
                              const tc_place_count **out)
{
    if (out)
        *out = e ? e->place_counts : NULL;
    if (!e)
        return 0;
    return k < e->n_place_counts ? k : e->n_place_counts;
}

int32_t tc_date_from_meta(const char *s, size_t len)
{
    int v[3] = {0, 0, 0}, part = 0, digits = 0;
    size_t i = 0;
    static const int want[3] = {4, 2, 2};
    if (!s)
        return 0;
    for (; i < len && part < 3; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (++digits > want[part])
                return 0;
            v[part] = v[part] * 10 + (ch - '0');
        } else if (ch == '-' && part < 2 && digits == want[part]) {
            part++;
            digits = 0;
        } else {
            break;
        }
    }
    if (digits != want[part] || part == 0)
        return 0;
    if (i < len && s[i] != 'T' && s[i] != ' ')
        return 0;
    int y = v[0], m = v[1], d = part == 2 ? v[2] : 0;
    if (y < 1000 || y > 2999 || m < 1 || m > 12)
        return 0;
    if (part == 2 && (d < 1 || d > days_in_month(y, m)))
        return 0;
    return y * 10000 + m * 100 + d;
}

/* Keep only the kinds the caller asked for (others were helpers). */
static void drop_unwanted(ectx *c)
{
    for (int k = 0; k < TC_ENT_NKINDS; k++) {
        if (c->kinds & TC_ENT_MASK(k))
            continue;
        size_t *n;
        void **arr = rec_array(c->e, k, &n);
        free(*arr);
        *arr = NULL;
        *n = 0;
        c->e->dropped[k] = 0;
        c->e->truncated &= ~TC_ENT_MASK(k);
    }
    if (!(c->kinds & TC_ENT_MASK(TC_ENT_PLACE))) {
        free(c->e->place_counts);
        c->e->place_counts = NULL;
        c->e->n_place_counts = 0;
    }
}

static int run(ectx *c)
{
    tc_tokenize_stats st;
    memset(&st, 0, sizeof st);
    int rc = tc_tokenize(c->s, c->len, collect, c, &st);
    if (rc != TC_OK)
        return TC_ENOMEM;
    c->e->invalid_bytes = st.invalid_bytes;
    c->mark = calloc(c->ntok ? c->ntok : 1, 1);
    if (!c->mark)
        return TC_ENOMEM;
    unsigned want = c->kinds;
    places_extract(c);
    if (want & (TC_ENT_MASK(TC_ENT_DATE) | TC_ENT_MASK(TC_ENT_LEGALREF) |
                TC_ENT_MASK(TC_ENT_FIGURE)))
        dates_extract(c);
    if (want & (TC_ENT_MASK(TC_ENT_LEGALREF) | TC_ENT_MASK(TC_ENT_FIGURE) |
                TC_ENT_MASK(TC_ENT_DATE)))
        legal_extract(c);
    dates_finish(c);
    if (want & TC_ENT_MASK(TC_ENT_OFFICIAL))
        officials_extract(c);
    if (want & TC_ENT_MASK(TC_ENT_FIGURE))
        figures_extract(c);
    places_count(c);
    return c->oom ? TC_ENOMEM : TC_OK;
}

int tc_entities_extract(const char *text, size_t len,
                        const tc_entity_opts *opts, tc_entities **out)
{
    tc_entity_opts def;
    ectx c;
    if (!out || (!text && len > 0))
        return TC_EINVAL;
    *out = NULL;
    if (!opts) {
        tc_entity_opts_init(&def);
        opts = &def;
    }
    size_t max_bytes = opts->max_bytes ? opts->max_bytes
                                       : TC_ENT_DEFAULT_MAX_BYTES;
    size_t max_per = opts->max_per_kind ? opts->max_per_kind
                                        : TC_ENT_DEFAULT_MAX_PER_KIND;
    if (max_bytes > TC_ENT_MAX_BYTES_LIMIT ||
        max_per > TC_ENT_MAX_PER_KIND_LIMIT)
        return TC_EINVAL;

    memset(&c, 0, sizeof c);
    c.e = calloc(1, sizeof *c.e);
    if (!c.e)
        return TC_ENOMEM;
    c.e->pool_ = calloc(1, sizeof *c.e->pool_);
    if (!c.e->pool_) {
        free(c.e);
        return TC_ENOMEM;
    }
    c.s = text ? text : "";
    c.len = len;
    if (len > max_bytes) {
        /* cut at a character boundary: never in the middle of a letter */
        c.len = max_bytes;
        while (c.len > 0 && ((unsigned char)c.s[c.len] & 0xC0) == 0x80 &&
               max_bytes - c.len < 3)
            c.len--;
        c.e->truncated |= TC_ENT_TRUNC_TEXT;
    }
    c.e->bytes_scanned = c.len;
    c.max_per_kind = max_per;
    c.kinds = (opts->kinds & TC_ENT_ALL) ? (opts->kinds & TC_ENT_ALL)
                                         : TC_ENT_ALL;
    c.meta_date = opts->doc_date
                      ? tc_date_from_meta(opts->doc_date,
                                          strlen(opts->doc_date))
                      : 0;
    int rc = run(&c);
    free(c.tok);
    free(c.mark);
    tc_buf_free(&c.forms);
    if (rc != TC_OK) {
        tc_entities_free(c.e);
        return rc;
    }
    drop_unwanted(&c);
    *out = c.e;
    return TC_OK;
}
