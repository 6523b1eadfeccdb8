/* test_feeds.c: tests of the OpenSearch documents (feeds.h).  Every XML
 * output is parsed back with libxml2 (XML_PARSE_NONET, any error or
 * warning fails the test) and its structure checked with XPath rows
 * {expression, expected string value}: the description's Url templates,
 * the feeds' OpenSearch response elements, entry links, ids and dates.
 * Hostile rows put markup, ]]>, quotes, control characters, invalid UTF-8,
 * U+FFFE/U+FFFF, NULL and a 1 MB string into every field at once; the
 * suggestions JSON is parsed back with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "feeds.h"
#include "tracuu/error.h"

#define OS_NS "http://a9.com/-/spec/opensearch/1.1/"
#define ATOM_NS "http://www.w3.org/2005/Atom"
#define BASE "http://127.0.0.1:8080"
#define EPOCH "1970-01-01T00:00:00Z"

static const tc_feed_site SITE = {BASE, "tracuu", "Tìm kiếm văn bản"};

typedef struct xp_row {
    const char *expr, *want;
} xp_row;

/* ---- helpers ---------------------------------------------------------- */

static int xml_errors;

static void count_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    if (xml_errors++ < 3)
        fprintf(stderr, "libxml2: line %d: %s", e->line, e->message);
}

/* Parse out[0..len) as XML; any error or warning fails the test. */
static xmlDoc *parse_ok(const char *out, size_t len)
{
    xmlDoc *doc;
    assert_non_null(out);
    assert_int_equal(len, strlen(out));
    xml_errors = 0;
    xmlSetStructuredErrorFunc(NULL, count_error);
    doc = xmlReadMemory(out, (int)len, "feed.xml", NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || xml_errors)
        fprintf(stderr, "not well-formed:\n%.2000s\n", out);
    assert_non_null(doc);
    assert_int_equal(xml_errors, 0);
    return doc;
}

static xmlXPathObject *xp_eval(xmlDoc *doc, const char *expr)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathObject *o;
    assert_non_null(ctx);
    xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST ATOM_NS);
    xmlXPathRegisterNs(ctx, BAD_CAST "os", BAD_CAST OS_NS);
    o = xmlXPathEval((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    if (!o)
        fprintf(stderr, "bad XPath: %s\n", expr);
    assert_non_null(o);
    return o;
}

/* The string value of expr (of its first node), compared with want. */
static void xp_eq(xmlDoc *doc, const char *expr, const char *want)
{
    xmlXPathObject *o = xp_eval(doc, expr);
    xmlChar *got = xmlXPathCastToString(o);
    assert_non_null(got);
    if (strcmp((const char *)got, want) != 0)
        fprintf(stderr, "%s\n  got  [%s]\n  want [%s]\n", expr,
                (const char *)got, want);
    assert_string_equal((const char *)got, want);
    xmlFree(got);
    xmlXPathFreeObject(o);
}

static int xp_count(xmlDoc *doc, const char *expr)
{
    xmlXPathObject *o = xp_eval(doc, expr);
    int n = o->type == XPATH_NODESET && o->nodesetval
                ? o->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(o);
    return n;
}

static void xp_rows(xmlDoc *doc, const xp_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xp_eq(doc, rows[i].expr, rows[i].want);
}

typedef int (*feed_fn)(const tc_feed_site *, const tc_results *, char **,
                       size_t *);

/* fn's output for (site, r), parsed; caller frees the document. */
static xmlDoc *feed_doc(feed_fn fn, const tc_feed_site *site,
                        const tc_results *r)
{
    char *out = NULL;
    size_t len = 0;
    xmlDoc *doc;
    assert_int_equal(fn(site, r, &out, &len), TC_OK);
    doc = parse_ok(out, len);
    free(out);
    return doc;
}

/* ---- fixtures --------------------------------------------------------- */

static tc_result ITEMS[] = {
    {.id = "vb-1", .title = "Thông tư 01", .url = "https://vbpl.vn/1",
     .date = "2024-05-01", .score = 2.5,
     .snippet = "quy định <mark>thuê bao</mark> &amp; cước"},
    {.id = "a b/ć?", .title = NULL, .url = NULL, .date = NULL,
     .snippet = NULL},
    {.id = "vb-3", .title = "", .url = "javascript:alert(1)",
     .date = "2023-12", .snippet = "x"},
};

static const tc_results RESULTS = {
    .query = "thuê bao", .total_estimated = 1234, .offset = 20, .limit = 10,
    .items = ITEMS, .n = 3};

/* ---- the description document ----------------------------------------- */

static void test_opensearch_structure(void **state)
{
    static const xp_row rows[] = {
        {"/os:OpenSearchDescription/os:ShortName", "tracuu"},
        {"/os:OpenSearchDescription/os:Description", "Tìm kiếm văn bản"},
        {"/os:OpenSearchDescription/os:InputEncoding", "UTF-8"},
        {"/os:OpenSearchDescription/os:OutputEncoding", "UTF-8"},
        {"/os:OpenSearchDescription/os:Language", "vi"},
        {"/os:OpenSearchDescription/os:Query/@role", "example"},
        {"/os:OpenSearchDescription/os:Query/@searchTerms", "thuê bao"},
    };
    static const struct {
        const char *type, *tmpl, *index_offset;
    } urls[] = {
        {"text/html",
         BASE "/?q={searchTerms}&offset={startIndex?}&limit={count?}", "0"},
        {"application/atom+xml",
         BASE "/search.atom?q={searchTerms}&offset={startIndex?}"
              "&limit={count?}", "0"},
        {"application/rss+xml",
         BASE "/search.rss?q={searchTerms}&offset={startIndex?}"
              "&limit={count?}", "0"},
        {"application/json",
         BASE "/api/search?q={searchTerms}&offset={startIndex?}"
              "&limit={count?}", "0"},
        {"application/x-suggestions+json", BASE "/api/suggest?q={searchTerms}",
         ""},
    };
    char *out = NULL;
    size_t len = 0;
    xmlDoc *doc;
    (void)state;
    assert_int_equal(tc_feed_opensearch(&SITE, &out, &len), TC_OK);
    doc = parse_ok(out, len);
    xp_rows(doc, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(xp_count(doc, "/os:OpenSearchDescription/os:Url"), 5);
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        char e[256];
        snprintf(e, sizeof e, "/os:OpenSearchDescription/os:Url[@type='%s']",
                 urls[i].type);
        assert_int_equal(xp_count(doc, e), 1);
        snprintf(e, sizeof e,
                 "/os:OpenSearchDescription/os:Url[@type='%s']/@template",
                 urls[i].type);
        xp_eq(doc, e, urls[i].tmpl);
        snprintf(e, sizeof e,
                 "/os:OpenSearchDescription/os:Url[@type='%s']/@indexOffset",
                 urls[i].type);
        xp_eq(doc, e, urls[i].index_offset);
    }
    xmlFreeDoc(doc);
    free(out);
}

/* NULL site fields give the defaults; ShortName is cut to 16 characters;
 * a NULL len is allowed. */
static void test_opensearch_site(void **state)
{
    static const tc_feed_site long_name = {
        BASE, "Một cái tên rất dài hơn mười sáu ký tự", NULL};
    static const tc_feed_site empty = {NULL, NULL, NULL};
    char *out = NULL;
    xmlDoc *doc;
    (void)state;
    assert_int_equal(tc_feed_opensearch(&long_name, &out, NULL), TC_OK);
    doc = parse_ok(out, strlen(out));
    xp_eq(doc, "/os:OpenSearchDescription/os:ShortName", "Một cái tên rất ");
    xmlFreeDoc(doc);
    free(out);

    assert_int_equal(tc_feed_opensearch(&empty, &out, NULL), TC_OK);
    doc = parse_ok(out, strlen(out));
    xp_eq(doc, "/os:OpenSearchDescription/os:ShortName", "tracuu");
    xp_eq(doc, "/os:OpenSearchDescription/os:Url[@type='text/html']"
               "/@template",
          "/?q={searchTerms}&offset={startIndex?}&limit={count?}");
    xmlFreeDoc(doc);
    free(out);

    assert_int_equal(tc_feed_opensearch(NULL, &out, NULL), TC_OK);
    free(out);
}

/* ---- Atom ------------------------------------------------------------- */

static void test_atom_structure(void **state)
{
    static const xp_row rows[] = {
        {"/a:feed/a:title", "tracuu: thuê bao"},
        {"/a:feed/a:id",
         BASE "/search.atom?q=thu%C3%AA%20bao&offset=20&limit=10"},
        {"/a:feed/a:updated", "2024-05-01T00:00:00Z"},
        {"/a:feed/a:link[@rel='self']/@href",
         BASE "/search.atom?q=thu%C3%AA%20bao&offset=20&limit=10"},
        {"/a:feed/a:link[@rel='self']/@type", "application/atom+xml"},
        {"/a:feed/a:link[@rel='alternate']/@href",
         BASE "/?q=thu%C3%AA%20bao&offset=20&limit=10"},
        {"/a:feed/a:author/a:name", "tracuu"},
        {"/a:feed/os:totalResults", "1234"},
        {"/a:feed/os:startIndex", "20"},
        {"/a:feed/os:itemsPerPage", "10"},
        {"/a:feed/os:Query/@role", "request"},
        {"/a:feed/os:Query/@searchTerms", "thuê bao"},
        {"/a:feed/os:Query/@startIndex", "20"},
        {"/a:feed/os:Query/@count", "10"},
        {"/a:feed/a:entry[1]/a:title", "Thông tư 01"},
        {"/a:feed/a:entry[1]/a:link/@href", "https://vbpl.vn/1"},
        {"/a:feed/a:entry[1]/a:id", BASE "/api/doc/vb-1"},
        {"/a:feed/a:entry[1]/a:updated", "2024-05-01T00:00:00Z"},
        {"/a:feed/a:entry[1]/a:summary/@type", "html"},
        {"/a:feed/a:entry[1]/a:summary",
         "quy định <mark>thuê bao</mark> &amp; cước"},
        {"/a:feed/a:entry[2]/a:title", "a b/ć?"},
        {"/a:feed/a:entry[2]/a:link/@href",
         BASE "/api/doc/a%20b%2F%C4%87%3F"},
        {"/a:feed/a:entry[2]/a:id", BASE "/api/doc/a%20b%2F%C4%87%3F"},
        {"/a:feed/a:entry[2]/a:updated", EPOCH},
        {"/a:feed/a:entry[2]/a:summary", ""},
        {"/a:feed/a:entry[3]/a:title", "vb-3"},
        {"/a:feed/a:entry[3]/a:link/@href", BASE "/api/doc/vb-3"},
        {"/a:feed/a:entry[3]/a:updated", "2023-12-01T00:00:00Z"},
    };
    xmlDoc *doc = feed_doc(tc_feed_atom, &SITE, &RESULTS);
    (void)state;
    xp_rows(doc, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(xp_count(doc, "/a:feed/a:entry"), 3);
    assert_int_equal(xp_count(doc, "/a:feed/a:entry/a:link"), 3);
    assert_int_equal(xp_count(doc, "/a:feed/a:entry/a:summary"), 3);
    xmlFreeDoc(doc);
}

/* ---- RSS -------------------------------------------------------------- */

static void test_rss_structure(void **state)
{
    static const xp_row rows[] = {
        {"/rss/@version", "2.0"},
        {"/rss/channel/title", "tracuu: thuê bao"},
        {"/rss/channel/link", BASE "/?q=thu%C3%AA%20bao&offset=20&limit=10"},
        {"/rss/channel/description", "Kết quả tìm kiếm cho: thuê bao"},
        {"/rss/channel/a:link[@rel='self']/@href",
         BASE "/search.rss?q=thu%C3%AA%20bao&offset=20&limit=10"},
        {"/rss/channel/os:totalResults", "1234"},
        {"/rss/channel/os:startIndex", "20"},
        {"/rss/channel/os:itemsPerPage", "10"},
        {"/rss/channel/os:Query/@role", "request"},
        {"/rss/channel/os:Query/@searchTerms", "thuê bao"},
        {"/rss/channel/os:Query/@startIndex", "20"},
        {"/rss/channel/os:Query/@count", "10"},
        {"/rss/channel/item[1]/title", "Thông tư 01"},
        {"/rss/channel/item[1]/link", "https://vbpl.vn/1"},
        {"/rss/channel/item[1]/guid", BASE "/api/doc/vb-1"},
        {"/rss/channel/item[1]/guid/@isPermaLink", "false"},
        {"/rss/channel/item[1]/pubDate", "Wed, 01 May 2024 00:00:00 +0000"},
        {"/rss/channel/item[1]/description",
         "quy định <mark>thuê bao</mark> &amp; cước"},
        {"/rss/channel/item[2]/title", "a b/ć?"},
        {"/rss/channel/item[2]/link", BASE "/api/doc/a%20b%2F%C4%87%3F"},
        {"/rss/channel/item[2]/description", ""},
        {"/rss/channel/item[3]/title", "vb-3"},
        {"/rss/channel/item[3]/link", BASE "/api/doc/vb-3"},
        {"/rss/channel/item[3]/pubDate", "Fri, 01 Dec 2023 00:00:00 +0000"},
    };
    xmlDoc *doc = feed_doc(tc_feed_rss, &SITE, &RESULTS);
    (void)state;
    xp_rows(doc, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(xp_count(doc, "/rss/channel"), 1);
    assert_int_equal(xp_count(doc, "/rss/channel/item"), 3);
    assert_int_equal(xp_count(doc, "/rss/channel/item[2]/pubDate"), 0);
    xmlFreeDoc(doc);
}

/* ---- dates ------------------------------------------------------------ */

static void test_dates(void **state)
{
    static const struct {
        const char *date, *atom, *rss; /* rss NULL: no pubDate */
    } rows[] = {
        {"2024-05-01", "2024-05-01T00:00:00Z",
         "Wed, 01 May 2024 00:00:00 +0000"},
        {"2024-05", "2024-05-01T00:00:00Z",
         "Wed, 01 May 2024 00:00:00 +0000"},
        {"2024-05-01T10:20:30+07:00", "2024-05-01T00:00:00Z",
         "Wed, 01 May 2024 00:00:00 +0000"},
        {"2024-05-01 10:20", "2024-05-01T00:00:00Z",
         "Wed, 01 May 2024 00:00:00 +0000"},
        {"2024-02-29", "2024-02-29T00:00:00Z",
         "Thu, 29 Feb 2024 00:00:00 +0000"},
        {"2000-02-29", "2000-02-29T00:00:00Z",
         "Tue, 29 Feb 2000 00:00:00 +0000"},
        {"1999-12-31", "1999-12-31T00:00:00Z",
         "Fri, 31 Dec 1999 00:00:00 +0000"},
        {"0001-01-01", "0001-01-01T00:00:00Z",
         "Mon, 01 Jan 0001 00:00:00 +0000"},
        {"1900-02-29", EPOCH, NULL},
        {"2023-02-29", EPOCH, NULL},
        {"2024-04-31", EPOCH, NULL},
        {"2024-13-01", EPOCH, NULL},
        {"2024-00-10", EPOCH, NULL},
        {"0000-01-01", EPOCH, NULL},
        {"2024-5-1", EPOCH, NULL},
        {"01/05/2024", EPOCH, NULL},
        {"2024-05-01x", EPOCH, NULL},
        {"2024-05x", EPOCH, NULL},
        {"2024", EPOCH, NULL},
        {"", EPOCH, NULL},
        {NULL, EPOCH, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_result it = {.id = "d", .title = "t", .date = (char *)rows[i].date};
        tc_results r = {.query = "q", .items = &it, .n = 1};
        xmlDoc *doc = feed_doc(tc_feed_atom, &SITE, &r);
        xp_eq(doc, "/a:feed/a:entry/a:updated", rows[i].atom);
        xp_eq(doc, "/a:feed/a:updated", rows[i].atom);
        xmlFreeDoc(doc);
        doc = feed_doc(tc_feed_rss, &SITE, &r);
        assert_int_equal(xp_count(doc, "/rss/channel/item/pubDate"),
                         rows[i].rss ? 1 : 0);
        if (rows[i].rss)
            xp_eq(doc, "/rss/channel/item/pubDate", rows[i].rss);
        xmlFreeDoc(doc);
    }
}

/* The feed's updated is the newest entry date. */
static void test_atom_feed_updated(void **state)
{
    tc_result items[] = {{.id = "1", .date = "2020-01-02"},
                         {.id = "2", .date = "bad"},
                         {.id = "3", .date = "2021-06"},
                         {.id = "4", .date = "2019-12-31"}};
    tc_results r = {.query = "q", .items = items, .n = 4};
    xmlDoc *doc = feed_doc(tc_feed_atom, &SITE, &r);
    (void)state;
    xp_eq(doc, "/a:feed/a:updated", "2021-06-01T00:00:00Z");
    xmlFreeDoc(doc);
}

/* A url that is not http(s), or is longer than 8 KiB, is not a link. */
static void test_link_choice(void **state)
{
    static const struct {
        const char *url, *want;
    } rows[] = {
        {"https://vbpl.vn/x?a=1&b=2", "https://vbpl.vn/x?a=1&b=2"},
        {"HTTP://VBPL.VN/", "HTTP://VBPL.VN/"},
        {"javascript:alert(1)", BASE "/api/doc/id"},
        {" https://lead.space/", BASE "/api/doc/id"},
        {"file:///etc/passwd", BASE "/api/doc/id"},
        {"data:text/html,<b>", BASE "/api/doc/id"},
        {"/relative/path", BASE "/api/doc/id"},
        {"", BASE "/api/doc/id"},
        {NULL, BASE "/api/doc/id"},
    };
    char *big = malloc(9000);
    (void)state;
    assert_non_null(big);
    memcpy(big, "https://", 8);
    memset(big + 8, 'a', 9000 - 9);
    big[8999] = '\0';
    for (size_t i = 0; i <= sizeof rows / sizeof rows[0]; i++) {
        int last = i == sizeof rows / sizeof rows[0];
        tc_result it = {.id = "id", .url = last ? big : (char *)rows[i].url};
        tc_results r = {.query = "q", .items = &it, .n = 1};
        const char *want = last ? BASE "/api/doc/id" : rows[i].want;
        xmlDoc *doc = feed_doc(tc_feed_atom, &SITE, &r);
        xp_eq(doc, "/a:feed/a:entry/a:link/@href", want);
        xp_eq(doc, "/a:feed/a:entry/a:id", BASE "/api/doc/id");
        xmlFreeDoc(doc);
        doc = feed_doc(tc_feed_rss, &SITE, &r);
        xp_eq(doc, "/rss/channel/item/link", want);
        xmlFreeDoc(doc);
    }
    free(big);
}

/* ---- empty and NULL --------------------------------------------------- */

static void test_empty_results(void **state)
{
    tc_results r = {.query = NULL, .total_estimated = 0, .offset = 0,
                    .limit = 10, .items = NULL, .n = 0};
    feed_fn fns[] = {tc_feed_atom, tc_feed_rss};
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        const char *const *p, *a[] = {"//os:totalResults", "0",
                                      "//os:startIndex", "0",
                                      "//os:Query/@searchTerms", "", NULL};
        xmlDoc *doc = feed_doc(fns[f], &SITE, &r);
        for (p = a; *p; p += 2)
            xp_eq(doc, p[0], p[1]);
        assert_int_equal(xp_count(doc, "//a:entry | //item"), 0);
        xmlFreeDoc(doc);
        doc = feed_doc(fns[f], NULL, NULL);   /* no site, no results */
        xp_eq(doc, "//os:totalResults", "0");
        xmlFreeDoc(doc);
    }
}

/* ---- hostile input ---------------------------------------------------- */

/* The string with the C0 controls 0x01..0x1f, then "x". */
static void controls(char *buf)
{
    for (int c = 1; c < 32; c++)
        buf[c - 1] = (char)c;
    buf[31] = 'x';
    buf[32] = '\0';
}

/* Every string field of the results and one item, and of the site when
 * in_site, set to s; check all four outputs.  want (NULL: not checked) is
 * s as it should read back. */
static void check_hostile(const char *s, const char *want, int in_site)
{
    tc_feed_site site = in_site ? (tc_feed_site){s, s, s} : SITE;
    tc_result it = {.id = (char *)s, .title = (char *)s, .url = (char *)s,
                    .date = (char *)s, .snippet = (char *)s};
    tc_results r = {.query = (char *)s, .total_estimated = 1, .limit = 1,
                    .items = &it, .n = 1};
    const char *const strs[] = {s};
    char *out = NULL;
    size_t len = 0;
    xmlDoc *doc = feed_doc(tc_feed_atom, &site, &r);
    if (want) {
        xp_eq(doc, "/a:feed/a:entry/a:title", want);
        xp_eq(doc, "/a:feed/a:entry/a:summary", want);
        xp_eq(doc, "/a:feed/os:Query/@searchTerms", want);
    }
    xmlFreeDoc(doc);
    doc = feed_doc(tc_feed_rss, &site, &r);
    if (want) {
        xp_eq(doc, "/rss/channel/item/title", want);
        xp_eq(doc, "/rss/channel/item/description", want);
    }
    assert_int_equal(xp_count(doc, "/rss/channel/item"), 1);
    xmlFreeDoc(doc);

    assert_int_equal(tc_feed_opensearch(&site, &out, &len), TC_OK);
    doc = parse_ok(out, len);
    assert_int_equal(xp_count(doc, "/os:OpenSearchDescription/os:Url"), 5);
    xmlFreeDoc(doc);
    free(out);

    assert_int_equal(tc_feed_suggestions(s, strs, strs, strs, 1, &out, &len),
                     TC_OK);
    json_error_t jerr;
    json_t *j = json_loadb(out, len, 0, &jerr);
    assert_non_null(j);
    assert_int_equal(json_array_size(j), 4);
    if (want) {
        assert_string_equal(json_string_value(json_array_get(j, 0)), want);
        assert_string_equal(
            json_string_value(json_array_get(json_array_get(j, 1), 0)), want);
    }
    json_decref(j);
    free(out);
}

static void test_hostile(void **state)
{
    static const struct {
        const char *s, *want;
    } rows[] = {
        {"<script>alert(1)</script>", "<script>alert(1)</script>"},
        {"a & b &amp; &#0; &#x1; &bogus;", "a & b &amp; &#0; &#x1; &bogus;"},
        {"]]> <![CDATA[x]]> <!-- -->", "]]> <![CDATA[x]]> <!-- -->"},
        {"\"double\" 'single' `back`", "\"double\" 'single' `back`"},
        {"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]>&e;",
         "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]>&e;"},
        {"line\r\nbreak\ttab", "line\r\nbreak\ttab"},
        {"del\x7f c1\xc2\x80\xc2\x9f", "del\x7f c1\xc2\x80\xc2\x9f"},
        {"a\xff" "b", "a\xef\xbf\xbd" "b"},
        {"\xef\xbf\xbe\xef\xbf\xbfok", "ok"},
        {"\xc0\xaf overlong", NULL},
        {"\xed\xa0\x80 surrogate \xed\xbf\xbf", NULL},
        {"\xf4\x90\x80\x80 too big", NULL},
        {"cut \xe1\xba", NULL},
        {"\xfe\xfe\xff\xff", NULL},
        {"thuê bao 𝒳", "thuê bao 𝒳"},
        {"", ""},
        {NULL, ""},
    };
    char ctl[40];
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_hostile(rows[i].s, rows[i].want, 1);
    controls(ctl);
    check_hostile(ctl, "\t\n\rx", 1);
}

/* A 1 MB string of markup and Vietnamese in every document field (not
 * the site's: that is configuration, and five 1 MB templates in one tag
 * would pass libxml2's 10 MB default lookup limit). */
static void test_very_long(void **state)
{
    static const char unit[] = "<a href=\"x\">ắ&]]>\x01</a> ";
    size_t n = (1u << 20) / (sizeof unit - 1), ul = sizeof unit - 1;
    char *s = malloc(n * ul + 1), *want = malloc(n * ul + 1);
    size_t w = 0;
    (void)state;
    assert_non_null(s);
    assert_non_null(want);
    for (size_t i = 0; i < n; i++) {
        memcpy(s + i * ul, unit, ul);
        for (size_t k = 0; k < ul; k++)
            if (unit[k] != '\x01')
                want[w++] = unit[k];
    }
    s[n * ul] = '\0';
    want[w] = '\0';
    check_hostile(s, want, 0);
    free(s);
    free(want);
}

/* ---- suggestions ------------------------------------------------------ */

static void test_suggestions(void **state)
{
    static const char *const comp[] = {"thuê bao", "thuê nhà"};
    static const char *const desc[] = {"12 kết quả", NULL};
    static const struct {
        const char *query;
        const char *const *c, *const *d, *const *u;
        size_t n;
        const char *want;
    } rows[] = {
        {"thuê", comp, desc, NULL, 2,
         "[\"thuê\",[\"thuê bao\",\"thuê nhà\"],[\"12 kết quả\",\"\"],"
         "[\"\",\"\"]]"},
        {"q", NULL, NULL, NULL, 0, "[\"q\",[],[],[]]"},
        {NULL, NULL, NULL, NULL, 1, "[\"\",[\"\"],[\"\"],[\"\"]]"},
        {"a\"b\\c\x01", comp, NULL, comp, 1,
         "[\"a\\\"b\\\\c\",[\"thuê bao\"],[\"\"],[\"thuê bao\"]]"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *out = NULL;
        size_t len = 0;
        json_error_t jerr;
        json_t *j;
        assert_int_equal(tc_feed_suggestions(rows[i].query, rows[i].c,
                                             rows[i].d, rows[i].u, rows[i].n,
                                             &out, &len),
                         TC_OK);
        assert_int_equal(len, strlen(out));
        assert_string_equal(out, rows[i].want);
        j = json_loadb(out, len, 0, &jerr);
        assert_non_null(j);
        assert_true(json_is_array(j));
        assert_int_equal(json_array_size(j), 4);
        for (size_t k = 1; k < 4; k++)
            assert_int_equal(json_array_size(json_array_get(j, k)),
                             rows[i].n);
        json_decref(j);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opensearch_structure),
        cmocka_unit_test(test_opensearch_site),
        cmocka_unit_test(test_atom_structure),
        cmocka_unit_test(test_rss_structure),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_atom_feed_updated),
        cmocka_unit_test(test_link_choice),
        cmocka_unit_test(test_empty_results),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_very_long),
        cmocka_unit_test(test_suggestions),
    };
    int rc;
    xmlInitParser();
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
