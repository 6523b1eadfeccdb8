/* feeds.c: search results as OpenSearch 1.1 documents (feeds.h).
 *
 * Four pure functions: the OpenSearch description document, Atom and RSS
 * 2.0 result feeds carrying the OpenSearch response elements, and the
 * OpenSearch suggestions JSON.  XML goes through libxml2's xmlTextWriter
 * and JSON through jansson, so escaping is theirs; what is ours is that
 * every string reaches them clean: xml_clean() turns invalid UTF-8 into
 * U+FFFD (tc_utf8_sanitize) and drops the characters XML 1.0 forbids, so
 * the output is well-formed whatever a document holds.  The XML writer
 * helpers keep a sticky error (as tc_buf does): once a write fails, later
 * ones do nothing and the function checks once at the end.
 *
 * Choices a portal may notice: a document's url is its link only when it
 * is http(s) and at most 8 KiB (else the link is {base}/api/doc/{id});
 * the entry id / RSS guid is always {base}/api/doc/{id}, stable whatever
 * the url; a date that is not YYYY-MM[-DD] gives Atom's <updated> the epoch
 * 1970-01-01T00:00:00Z (Atom requires one) and RSS no <pubDate>; the
 * feed's own <updated> is the newest entry date (the epoch when none), so
 * the same results always give the same bytes.  HTTP and the choice of
 * format are server.c's business. */
#include "feeds.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <utf8proc.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/error.h"

#define OPENSEARCH_NS "http://a9.com/-/spec/opensearch/1.1/"
#define ATOM_NS "http://www.w3.org/2005/Atom"
#define EPOCH_ATOM "1970-01-01T00:00:00Z"
#define DEFAULT_NAME "tracuu"
#define DEFAULT_DESCRIPTION "Tìm kiếm toàn văn tiếng Việt"
#define SHORT_NAME_MAX 16     /* OpenSearch 1.1 limits, in characters */
#define DESCRIPTION_MAX 1024
#define URL_MAX 8192          /* longer document urls are not links */
#define PAGING "&offset={startIndex?}&limit={count?}"

#define XC(s) ((const xmlChar *)(s))

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static const char *str_or(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

/* ---- clean text ------------------------------------------------------- */

static int xml_char_ok(int32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD ||
           (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* A malloc'd copy of s (NULL reads as "") holding only characters XML 1.0
 * allows: invalid UTF-8 becomes U+FFFD, then C0 controls other than tab,
 * LF and CR, and U+FFFE/U+FFFF are dropped.  At most max characters are
 * kept (0: no limit).  NULL when out of memory. */
static char *xml_clean(const char *s, size_t max)
{
    char *t = NULL;
    size_t n = 0, o = 0, chars = 0;
    s = str_or_empty(s);
    if (tc_utf8_sanitize(s, strlen(s), &t, &n, NULL) != TC_OK)
        return NULL;
    for (size_t i = 0; i < n && !(max && chars == max);) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* cannot happen after sanitizing; drop the byte */
            i++;
            continue;
        }
        if (xml_char_ok(cp)) {
            memmove(t + o, t + i, (size_t)k);
            o += (size_t)k;
            chars++;
        }
        i += (size_t)k;
    }
    t[o] = '\0';
    return t;
}

/* ---- URLs ------------------------------------------------------------- */

/* Append s percent-encoded, keeping only RFC 3986 unreserved characters;
 * bytes go as they are (invalid UTF-8 included), so the server decodes
 * back exactly the id it stored. */
static void pct_put(tc_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)str_or_empty(s); *p;
         p++) {
        char e[3] = {'%', hex[*p >> 4], hex[*p & 0xF]};
        int keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                   (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
                   *p == '_' || *p == '~';
        if (keep)
            tc_buf_put(b, p, 1);
        else
            tc_buf_put(b, e, 3);
    }
}

static void u32_put(tc_buf *b, uint32_t v)
{
    char num[16];
    snprintf(num, sizeof num, "%lu", (unsigned long)v);
    tc_buf_puts(b, num);
}

/* {base}/api/doc/{id}, malloc'd; NULL when out of memory. */
static char *doc_link(const tc_feed_site *site, const char *id)
{
    tc_buf b = {0};
    tc_buf_puts(&b, str_or_empty(site->base_url));
    tc_buf_puts(&b, "/api/doc/");
    pct_put(&b, id);
    return tc_buf_finish(&b);
}

/* {base}{path}?q={query}&offset=..&limit=.. for r, malloc'd. */
static char *search_link(const tc_feed_site *site, const char *path,
                         const tc_results *r)
{
    tc_buf b = {0};
    tc_buf_puts(&b, str_or_empty(site->base_url));
    tc_buf_puts(&b, path);
    tc_buf_puts(&b, "?q=");
    pct_put(&b, r->query);
    tc_buf_puts(&b, "&offset=");
    u32_put(&b, r->offset);
    tc_buf_puts(&b, "&limit=");
    u32_put(&b, r->limit);
    return tc_buf_finish(&b);
}

/* Only http(s) urls of sane length are offered as links: a feed reader
 * may make any href clickable, and javascript: or file: from a document
 * must not be; a megabyte "url" would only trip parsers' size limits. */
static int is_web_url(const char *u)
{
    return u && strlen(u) <= URL_MAX &&
           (strncasecmp(u, "http://", 7) == 0 ||
            strncasecmp(u, "https://", 8) == 0);
}

/* ---- dates ------------------------------------------------------------ */

typedef struct ymd {
    int y, m, d;
} ymd;

static int read_digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30,
                               31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM" (the 1st), "YYYY-MM-DD", or "YYYY-MM-DD" followed by 'T' or a
 * space and anything (the time is ignored).  1 if parsed into *out. */
static int parse_date(const char *s, ymd *out)
{
    ymd v = {0, 0, 1};
    const char *p;
    if (!s || !read_digits(s, 4, &v.y) || s[4] != '-' ||
        !read_digits(s + 5, 2, &v.m))
        return 0;
    p = s + 7;
    if (*p == '-') {
        if (!read_digits(p + 1, 2, &v.d))
            return 0;
        p += 3;
        if (*p && *p != 'T' && *p != ' ')
            return 0;
    } else if (*p) {
        return 0;
    }
    if (v.y < 1 || v.m < 1 || v.m > 12 || v.d < 1 ||
        v.d > days_in_month(v.y, v.m))
        return 0;
    *out = v;
    return 1;
}

/* 0 = Sunday (Sakamoto's method, proleptic Gregorian). */
static int weekday(ymd v)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = v.y - (v.m < 3);
    return (y + y / 4 - y / 100 + y / 400 + t[v.m - 1] + v.d) % 7;
}

/* RFC 3339 for Atom; the epoch when date does not parse. */
static void atom_date(const char *date, char *out, size_t size)
{
    ymd v;
    if (parse_date(date, &v))
        snprintf(out, size, "%04d-%02d-%02dT00:00:00Z", v.y, v.m, v.d);
    else
        snprintf(out, size, "%s", EPOCH_ATOM);
}

/* RFC 822 (four-digit year, as RSS 2.0 advises) for RSS; 0 when date does
 * not parse. */
static int rss_date(const char *date, char *out, size_t size)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    ymd v;
    if (!parse_date(date, &v))
        return 0;
    snprintf(out, size, "%s, %02d %s %04d 00:00:00 +0000", days[weekday(v)],
             v.d, months[v.m - 1], v.y);
    return 1;
}

/* The newest entry date in RFC 3339 (the epoch when none parses). */
static void newest_date(const tc_results *r, char *out, size_t size)
{
    char d[64];
    ymd v;
    out[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        if (!parse_date(r->items[i].date, &v))
            continue;
        atom_date(r->items[i].date, d, sizeof d);
        if (strcmp(d, out) > 0)
            snprintf(out, size, "%s", d);
    }
    if (!out[0])
        snprintf(out, size, "%s", EPOCH_ATOM);
}

/* ---- the XML writer, with a sticky error ------------------------------ */

typedef struct xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc;            /* TC_OK until the first failure */
} xw;

/* Note a libxml2 return: any failure on clean input is out of memory. */
static void xw_check(xw *x, int r)
{
    if (r < 0 && x->rc == TC_OK)
        x->rc = TC_ENOMEM;
}

static void xw_open(xw *x)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        x->rc = TC_ENOMEM;
        return;
    }
    xw_check(x, xmlTextWriterSetIndent(x->w, 1));
    xw_check(x, xmlTextWriterSetIndentString(x->w, XC("  ")));
    xw_check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
}

static void xw_start(xw *x, const char *name)
{
    if (x->rc == TC_OK)
        xw_check(x, xmlTextWriterStartElement(x->w, XC(name)));
}

static void xw_end(xw *x)
{
    if (x->rc == TC_OK)
        xw_check(x, xmlTextWriterEndElement(x->w));
}

/* An attribute whose value is cleaned first (a trusted literal or not). */
static void xw_attr(xw *x, const char *name, const char *value)
{
    char *v;
    if (x->rc != TC_OK)
        return;
    if (!(v = xml_clean(value, 0))) {
        x->rc = TC_ENOMEM;
        return;
    }
    xw_check(x, xmlTextWriterWriteAttribute(x->w, XC(name), XC(v)));
    free(v);
}

static void xw_attr_u32(xw *x, const char *name, uint32_t v)
{
    char num[16];
    snprintf(num, sizeof num, "%lu", (unsigned long)v);
    xw_attr(x, name, num);
}

/* Text content, cleaned and cut to max characters (0: no limit). */
static void xw_text(xw *x, const char *text, size_t max)
{
    char *t;
    if (x->rc != TC_OK)
        return;
    if (!(t = xml_clean(text, max))) {
        x->rc = TC_ENOMEM;
        return;
    }
    xw_check(x, xmlTextWriterWriteString(x->w, XC(t)));
    free(t);
}

/* <name>text</name>. */
static void xw_elem(xw *x, const char *name, const char *text)
{
    xw_start(x, name);
    xw_text(x, text, 0);
    xw_end(x);
}

static void xw_elem_u32(xw *x, const char *name, uint32_t v)
{
    char num[16];
    snprintf(num, sizeof num, "%lu", (unsigned long)v);
    xw_elem(x, name, num);
}

/* <name rel= type= href=/> (Atom link); rel may be NULL. */
static void xw_link(xw *x, const char *name, const char *rel,
                    const char *type, const char *href)
{
    xw_start(x, name);
    if (rel)
        xw_attr(x, "rel", rel);
    if (type)
        xw_attr(x, "type", type);
    xw_attr(x, "href", href);
    xw_end(x);
}

/* End the document, free the writer and hand the bytes over as a
 * malloc'd string.  Returns the sticky code. */
static int xw_finish(xw *x, char **out, size_t *len)
{
    char *s = NULL;
    size_t n = 0;
    if (x->rc == TC_OK)
        xw_check(x, xmlTextWriterEndDocument(x->w));
    if (x->w)
        xmlFreeTextWriter(x->w);   /* flushes into buf */
    if (x->rc == TC_OK) {
        n = (size_t)xmlBufferLength(x->buf);
        if ((s = malloc(n + 1)) != NULL) {
            memcpy(s, xmlBufferContent(x->buf), n);
            s[n] = '\0';
        } else {
            x->rc = TC_ENOMEM;
        }
    }
    if (x->buf)
        xmlBufferFree(x->buf);
    *out = s;
    if (len)
        *len = s ? n : 0;
    return x->rc;
}

/* ---- the OpenSearch description --------------------------------------- */

static const struct {
    const char *type, *path, *rel;
    int paged;          /* takes {startIndex?} and {count?} */
} os_urls[] = {
    {"text/html", "/?q={searchTerms}", NULL, 1},
    {"application/atom+xml", "/search.atom?q={searchTerms}", NULL, 1},
    {"application/rss+xml", "/search.rss?q={searchTerms}", NULL, 1},
    {"application/json", "/api/search?q={searchTerms}", NULL, 1},
    {"application/x-suggestions+json", "/api/suggest?q={searchTerms}",
     "suggestions", 0},
};

static void os_url(xw *x, const tc_feed_site *site, size_t i)
{
    tc_buf b = {0};
    char *tmpl;
    tc_buf_puts(&b, str_or_empty(site->base_url));
    tc_buf_puts(&b, os_urls[i].path);
    if (os_urls[i].paged)
        tc_buf_puts(&b, PAGING);
    if (!(tmpl = tc_buf_finish(&b))) {
        x->rc = TC_ENOMEM;
        return;
    }
    xw_start(x, "Url");
    xw_attr(x, "type", os_urls[i].type);
    if (os_urls[i].rel)
        xw_attr(x, "rel", os_urls[i].rel);
    xw_attr(x, "template", tmpl);
    if (os_urls[i].paged)
        xw_attr(x, "indexOffset", "0");   /* our offsets start at 0 */
    xw_end(x);
    free(tmpl);
}

int tc_feed_opensearch(const tc_feed_site *site, char **out, size_t *len)
{
    static const tc_feed_site none = {NULL, NULL, NULL};
    xw x;
    if (!out)
        return TC_EINVAL;
    site = site ? site : &none;
    xw_open(&x);
    xw_start(&x, "OpenSearchDescription");
    xw_attr(&x, "xmlns", OPENSEARCH_NS);
    xw_start(&x, "ShortName");
    xw_text(&x, str_or(site->short_name, DEFAULT_NAME), SHORT_NAME_MAX);
    xw_end(&x);
    xw_start(&x, "Description");
    xw_text(&x, str_or(site->description, DEFAULT_DESCRIPTION),
            DESCRIPTION_MAX);
    xw_end(&x);
    for (size_t i = 0; i < sizeof os_urls / sizeof os_urls[0]; i++)
        os_url(&x, site, i);
    xw_start(&x, "Query");
    xw_attr(&x, "role", "example");
    xw_attr(&x, "searchTerms", "thuê bao");
    xw_end(&x);
    xw_elem(&x, "Language", "vi");
    xw_elem(&x, "InputEncoding", "UTF-8");
    xw_elem(&x, "OutputEncoding", "UTF-8");
    xw_end(&x);
    return xw_finish(&x, out, len);
}

/* ---- Atom and RSS ----------------------------------------------------- */

/* totalResults, startIndex, itemsPerPage and the request's Query. */
static void os_response(xw *x, const tc_results *r)
{
    xw_elem_u32(x, "opensearch:totalResults", r->total_estimated);
    xw_elem_u32(x, "opensearch:startIndex", r->offset);
    xw_elem_u32(x, "opensearch:itemsPerPage", r->limit);
    xw_start(x, "opensearch:Query");
    xw_attr(x, "role", "request");
    xw_attr(x, "searchTerms", r->query);
    xw_attr_u32(x, "startIndex", r->offset);
    xw_attr_u32(x, "count", r->limit);
    xw_end(x);
}

/* "{short name}: {query}". */
static void feed_title(xw *x, const tc_feed_site *site, const tc_results *r)
{
    xw_start(x, "title");
    xw_text(x, str_or(site->short_name, DEFAULT_NAME), 0);
    xw_text(x, ": ", 0);
    xw_text(x, r->query, 0);
    xw_end(x);
}

static const char *entry_title(const tc_result *it)
{
    return it->title && *it->title ? it->title : str_or_empty(it->id);
}

static void atom_entry(xw *x, const tc_feed_site *site, const tc_result *it)
{
    char when[64], *doc = doc_link(site, it->id);
    if (!doc) {
        x->rc = TC_ENOMEM;
        return;
    }
    atom_date(it->date, when, sizeof when);
    xw_start(x, "entry");
    xw_elem(x, "title", entry_title(it));
    xw_link(x, "link", NULL, NULL, is_web_url(it->url) ? it->url : doc);
    xw_elem(x, "id", doc);
    xw_elem(x, "updated", when);
    xw_start(x, "summary");
    xw_attr(x, "type", "html");
    xw_text(x, it->snippet, 0);
    xw_end(x);
    xw_end(x);
    free(doc);
}

/* The feed's head: title, id, updated, links, author (required unless
 * every entry has one) and the OpenSearch response elements. */
static void atom_head(xw *x, const tc_feed_site *site, const tc_results *r,
                      const char *self, const char *html)
{
    char updated[64];
    newest_date(r, updated, sizeof updated);
    xw_attr(x, "xmlns", ATOM_NS);
    xw_attr(x, "xmlns:opensearch", OPENSEARCH_NS);
    feed_title(x, site, r);
    xw_elem(x, "id", self);
    xw_elem(x, "updated", updated);
    xw_link(x, "link", "self", "application/atom+xml", self);
    xw_link(x, "link", "alternate", "text/html", html);
    xw_start(x, "author");
    xw_elem(x, "name", str_or(site->short_name, DEFAULT_NAME));
    xw_end(x);
    os_response(x, r);
}

/* A results feed: where it lives, its root element, how its head and its
 * items are written, and how many elements the head leaves open. */
typedef struct feed_format {
    const char *path, *root;
    void (*head)(xw *, const tc_feed_site *, const tc_results *,
                 const char *self, const char *html);
    void (*item)(xw *, const tc_feed_site *, const tc_result *);
    int open_after_head;
} feed_format;

static int write_feed(const feed_format *f, const tc_feed_site *site,
                      const tc_results *r, char **out, size_t *len)
{
    static const tc_feed_site no_site = {NULL, NULL, NULL};
    static const tc_results no_results = {0};
    char *self = NULL, *html = NULL;
    int rc = TC_ENOMEM;
    xw x;
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    site = site ? site : &no_site;
    r = r ? r : &no_results;
    self = search_link(site, f->path, r);
    html = search_link(site, "/", r);
    if (!self || !html)
        goto done;
    xw_open(&x);
    xw_start(&x, f->root);
    f->head(&x, site, r, self, html);
    for (size_t i = 0; i < r->n; i++)
        f->item(&x, site, &r->items[i]);
    for (int k = 0; k < f->open_after_head; k++)
        xw_end(&x);
    rc = xw_finish(&x, out, len);
done:
    free(self);
    free(html);
    return rc;
}

int tc_feed_atom(const tc_feed_site *site, const tc_results *r, char **out,
                 size_t *len)
{
    static const feed_format atom = {"/search.atom", "feed", atom_head,
                                     atom_entry, 1};      /* feed */
    return write_feed(&atom, site, r, out, len);
}

static void rss_item(xw *x, const tc_feed_site *site, const tc_result *it)
{
    char when[64], *doc = doc_link(site, it->id);
    if (!doc) {
        x->rc = TC_ENOMEM;
        return;
    }
    xw_start(x, "item");
    xw_elem(x, "title", entry_title(it));
    xw_elem(x, "link", is_web_url(it->url) ? it->url : doc);
    xw_start(x, "guid");
    xw_attr(x, "isPermaLink", "false");
    xw_text(x, doc, 0);
    xw_end(x);
    if (rss_date(it->date, when, sizeof when))
        xw_elem(x, "pubDate", when);
    xw_elem(x, "description", it->snippet);
    xw_end(x);
    free(doc);
}

static void rss_head(xw *x, const tc_feed_site *site, const tc_results *r,
                     const char *self, const char *html)
{
    xw_attr(x, "version", "2.0");
    xw_attr(x, "xmlns:opensearch", OPENSEARCH_NS);
    xw_attr(x, "xmlns:atom", ATOM_NS);
    xw_start(x, "channel");
    feed_title(x, site, r);
    xw_elem(x, "link", html);
    xw_start(x, "description");
    xw_text(x, "Kết quả tìm kiếm cho: ", 0);
    xw_text(x, r->query, 0);
    xw_end(x);
    xw_link(x, "atom:link", "self", "application/rss+xml", self);
    os_response(x, r);
}

int tc_feed_rss(const tc_feed_site *site, const tc_results *r, char **out,
                size_t *len)
{
    static const feed_format rss = {"/search.rss", "rss", rss_head, rss_item,
                                    2};                   /* channel, rss */
    return write_feed(&rss, site, r, out, len);
}

/* ---- suggestions JSON ------------------------------------------------- */

/* A JSON string of s cleaned as for XML (jansson wants valid UTF-8; the
 * control characters go too, as a portal would only show them as junk). */
static json_t *json_clean(const char *s)
{
    char *t = xml_clean(s, 0);
    json_t *j = t ? json_string(t) : NULL;
    free(t);
    return j;
}

static int append_clean(json_t *arr, const char *const *strs, size_t i)
{
    return json_array_append_new(arr, json_clean(strs ? strs[i] : NULL));
}

/* The array as compact JSON in a malloc'd string. */
static int json_to_string(const json_t *j, char **out, size_t *len)
{
    size_t n = json_dumpb(j, NULL, 0, JSON_COMPACT);
    char *s = n ? malloc(n + 1) : NULL;
    if (!s)
        return TC_ENOMEM;
    if (json_dumpb(j, s, n, JSON_COMPACT) != n) {
        free(s);
        return TC_ENOMEM;
    }
    s[n] = '\0';
    *out = s;
    if (len)
        *len = n;
    return TC_OK;
}

int tc_feed_suggestions(const char *query, const char *const *completions,
                        const char *const *descriptions,
                        const char *const *urls, size_t n, char **out,
                        size_t *len)
{
    json_t *root = json_array(), *c = json_array(), *d = json_array(),
           *u = json_array();
    int rc = TC_ENOMEM;
    if (!out)
        return TC_EINVAL;
    *out = NULL;
    if (!root || !c || !d || !u)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (append_clean(c, completions, i) ||
            append_clean(d, descriptions, i) || append_clean(u, urls, i))
            goto done;
    if (json_array_append_new(root, json_clean(query)) ||
        json_array_append(root, c) || json_array_append(root, d) ||
        json_array_append(root, u))
        goto done;
    rc = json_to_string(root, out, len);
done:
    json_decref(root);
    json_decref(c);
    json_decref(d);
    json_decref(u);
    return rc;
}
