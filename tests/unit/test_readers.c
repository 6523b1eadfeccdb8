/* test_readers.c: documents in from JSON Lines, text and HTML (readers.h).
 *
 * Three kinds of table: the parsers on their own ({input, rc, reason,
 * title, body}), tc_read_input on the fixtures under
 * $TC_TEST_DATA/readers ({path, rc, the exact sequence of documents and
 * errors, stats}), and the limits, made at run time in a scratch directory
 * so that nothing big is committed: an over-long line and a 50 MB line
 * (memory must stay near the limit), a 50 MB file, 10,000-deep HTML,
 * symbolic links to a parent directory and to a file.  Also: over-long
 * titles from every parser, standard input, stopping from on_doc, and
 * taking fields from the document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracuu/readers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_EVENTS 16
#define MIB (1024u * 1024u)

static void assert_prefix(const char *got, const char *want, const char *what)
{
    if (!got || strncmp(got, want, strlen(want)) != 0)
        fail_msg("%s: \"%s\" does not start with \"%s\"", what,
                 got ? got : "(null)", want);
}

static void assert_field(const char *got, const char *want, const char *what)
{
    if (!want && got)
        fail_msg("%s: expected NULL, got \"%s\"", what, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("%s: expected \"%s\", got \"%s\"", what, want,
                 got ? got : "(null)");
}

/* ---- the parsers ------------------------------------------------------- */

typedef int (*parse_fn)(const char *, size_t, tc_doc *, tc_error *);

typedef struct parse_case {
    const char *in;
    size_t len;        /* 0: strlen(in) */
    int rc;
    const char *err;   /* reason prefix when rc != TC_OK */
    const char *id, *title, *body;
    size_t invalid;
} parse_case;

#define BAD(in, why) {(in), 0, TC_EPARSE, (why), NULL, NULL, NULL, 0}
#define NOT_UTF8 "not UTF-8 text (binary, or another encoding)"

static void run_parse_cases(parse_fn fn, const parse_case *c, size_t n,
                            const char *name)
{
    for (size_t i = 0; i < n; i++) {
        char what[64];
        tc_doc d = {0};
        tc_error err;
        size_t len = c[i].len ? c[i].len : strlen(c[i].in);
        int rc = fn(c[i].in, len, &d, &err);
        snprintf(what, sizeof what, "%s case %zu", name, i);
        if (rc != c[i].rc)
            fail_msg("%s: rc %d, expected %d (%s)", what, rc, c[i].rc,
                     err.msg);
        if (rc != TC_OK) {
            assert_prefix(err.msg, c[i].err, what);
            assert_null(d.id);
            assert_null(d.body);
            continue;
        }
        assert_field(d.id, c[i].id, what);
        assert_field(d.title, c[i].title, what);
        assert_field(d.body, c[i].body, what);
        assert_int_equal(d.body_len, d.body ? strlen(d.body) : 0);
        assert_int_equal(d.invalid_bytes, c[i].invalid);
        tc_doc_clear(&d);
    }
}

static const parse_case json_cases[] = {
    {"{\"id\":\"x\",\"title\":\"Hà Nội\",\"body\":\"Thủ đô\"}", 0, TC_OK, NULL,
     "x", "Hà Nội", "Thủ đô", 0},
    {"{\"id\":-12,\"title\":null}", 0, TC_OK, NULL, "-12", NULL, NULL, 0},
    {"{\"id\":\"x\",\"body\":\"a\\u0000b\\nc\"}", 0, TC_OK, NULL, "x", NULL,
     "a b\nc", 1},
    {"{\"id\":\"x\",\"title\":\"a\xff" "b\"}", 0, TC_OK, NULL, "x",
     "a\xEF\xBF\xBD" "b", NULL, 1},
    {"{\"id\":\"x\",\"other\":{\"id\":1},\"tags\":[1]}", 0, TC_OK, NULL, "x",
     NULL, NULL, 0},
    BAD("{\"id\":\"x\",\"date\":[]}", "field 'date' is not a string"),
    BAD("{\"id\":\"x\",\"topic\":1}", "field 'topic' is not a string"),
    BAD("{\"id\":\"x\",\"source\":false}", "field 'source' is not a string"),
    BAD("{\"id\":true}", "field 'id' is not a string or an integer"),
    BAD("{\"id\":2.5}", "field 'id' is not a string or an integer"),
    BAD("{\"id\":\"\"}", "empty id"),
    BAD("{\"id\":null,\"body\":\"b\"}", "missing id"),
    BAD("{\"body\":\"b\"}", "missing id"),
    BAD("{\"id\":\"a\",\"id\":\"a\"}",
        "invalid JSON: duplicate object key near '\"id\"' at column 14"),
    BAD("[{\"id\":\"a\"}]", "not a JSON object"),
    BAD("null", "invalid JSON: '[' or '{' expected"),
    BAD("{\"id\":\"x\"} {\"id\":\"y\"}",
        "invalid JSON: end of file expected near '{' at column 12"),
    BAD("{\"id\":\"x\",", "invalid JSON: "),
    BAD("", "invalid JSON: "),
};

static void test_parse_json(void **state)
{
    (void)state;
    run_parse_cases(tc_parse_json_doc, json_cases, ARRAY_LEN(json_cases),
                    "json");
}

static const parse_case text_cases[] = {
    {"\n  Tiêu đề bài  \r\nThân bài.\n", 0, TC_OK, NULL, NULL, "Tiêu đề bài",
     "\n  Tiêu đề bài  \r\nThân bài.\n", 0},
    {"\xEF\xBB\xBFMột\nHai", 0, TC_OK, NULL, NULL, "Một", "Một\nHai", 0},
    {"Một lỗi \xff nhỏ", 0, TC_OK, NULL, NULL, "Một lỗi \xEF\xBF\xBD nhỏ",
     "Một lỗi \xEF\xBF\xBD nhỏ", 1},
    BAD("", "empty file"),
    BAD(" \n\t\r\n ", "empty file"),
    BAD("\xEF\xBB\xBF \n", "empty file"),
    {"ab\0cd", 5, TC_EPARSE, "binary file", NULL, NULL, NULL, 0},
    {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, TC_EPARSE, "binary file", NULL,
     NULL, NULL, 0},
    /* too much invalid UTF-8: binary, or text in another encoding */
    BAD("\xff\xfe\xfd\xfc abc", NOT_UTF8),
    BAD("\x89PNG\r\n\x1a\n\x80\x81\x82\x83", NOT_UTF8),
    /* "Tiếng Việt" in Windows-1258 (ê + combining acute / dot below) */
    BAD("Ti\xea\xecng Vi\xea\xf2t\n", NOT_UTF8),
};

static void test_parse_text(void **state)
{
    (void)state;
    run_parse_cases(tc_parse_text_doc, text_cases, ARRAY_LEN(text_cases),
                    "text");
}

static const parse_case html_cases[] = {
    {"<p>một</p><p>hai</p>", 0, TC_OK, NULL, NULL, "một", "một\nhai", 0},
    {"<html><head><title> Tiêu\n  đề </title><meta name=x content=y>"
     "<style>p{}</style><script>var a='<p>x</p>';</script></head>"
     "<body><p>Xin&nbsp;chào &amp; tạm&#x20;biệt</p></body></html>",
     0, TC_OK, NULL, NULL, "Tiêu đề", "Xin chào & tạm biệt", 0},
    {"<div>đầu</div><h1> A<br>B </h1><div>c<p>d</p>e</div><h1>F</h1>", 0,
     TC_OK, NULL, NULL, "A B", "đầu\nA\nB\nc\nd\ne\nF", 0},
    {"<div><p>một<p>hai<ul><li>ba<li>bốn", 0, TC_OK, NULL, NULL, "một",
     "một\nhai\nba\nbốn", 0},
    {"<table><tr><td>1<td>2<tr><th>3</th><td>4</table>", 0, TC_OK, NULL, NULL,
     "1 2", "1 2\n3 4", 0},
    {"<!-- c --><noscript>n</noscript><template><p>t</p></template>x", 0,
     TC_OK, NULL, NULL, "x", "x", 0},
    {"<b>Hà</b><i>Nội</i>  <span>và</span>\n\n\t<span>Huế</span>", 0, TC_OK,
     NULL, NULL, "HàNội và Huế", "HàNội và Huế", 0},
    {"<p>&lt;b&gt; &quot;q&quot; &#8220;x&#8221; &ndash; &copy;</p>", 0, TC_OK,
     NULL, NULL, "<b> \"q\" “x” – ©", "<b> \"q\" “x” – ©", 0},
    {"<p>Hóa</p>", 0, TC_OK, NULL, NULL, "Hóa", "Hóa", 0},
    {"<p>a\xff" "b Hóa</p>", 0, TC_OK, NULL, NULL, "a\xEF\xBF\xBD" "b Hóa",
     "a\xEF\xBF\xBD" "b Hóa", 1},
    {"\xEF\xBB\xBF<p>x</p>", 0, TC_OK, NULL, NULL, "x", "x", 0},
    {"<meta charset=\"iso-8859-1\"><p>Caf\xe9</p>", 0, TC_OK, NULL, NULL,
     "Café", "Café", 0},
    /* a legacy Vietnamese code page: ê + combining dot below, which
     * iconv composes into ệ */
    {"<meta http-equiv=\"Content-Type\" content=\"text/html; "
     "charset=windows-1258\"><title>Thanh Ho\xe1</title><p>Vi\xea\xf2t</p>",
     0, TC_OK, NULL, NULL, "Thanh Hoá", "Việt", 0},
    {"<meta charset=\"no-such-charset\"><p>Hóa</p>", 0, TC_OK, NULL, NULL,
     "Hóa", "Hóa", 0},
    {"<meta charset=\"UTF-8\"><p>Việt\xc0Nam</p>", 0, TC_OK, NULL, NULL,
     "Việt\xEF\xBF\xBDNam", "Việt\xEF\xBF\xBDNam", 1},
    {"<p>x</p></div></div></body></html></p><p>y", 0, TC_OK, NULL, NULL, "x",
     "x\ny", 0},
    {"<<<>>><p a='\"'>z", 0, TC_OK, NULL, NULL, NULL, NULL, 0},
    BAD("   \n", "empty file"),
    BAD("", "empty file"),
    BAD("<script>x()</script><style>a{}</style>", "no text"),
    BAD("<title>Chỉ tiêu đề</title>", "no text"),
    {"<p>a\0b</p>", 11, TC_EPARSE, "binary file", NULL, NULL, NULL, 0},
};

static void test_parse_html(void **state)
{
    (void)state;
    /* the malformed row: only that it parses without harm; its text is
     * libxml2's business */
    for (size_t i = 0; i < ARRAY_LEN(html_cases); i++) {
        const parse_case *c = &html_cases[i];
        if (c->rc == TC_OK && !c->body) {
            tc_doc d = {0};
            tc_error err;
            assert_int_equal(tc_parse_html_doc(c->in, strlen(c->in), &d, &err),
                             TC_OK);
            assert_non_null(d.body);
            assert_non_null(d.title);
            tc_doc_clear(&d);
            continue;
        }
        run_parse_cases(tc_parse_html_doc, c, 1, "html");
    }
}

/* libxml2 must not write to stderr, whatever the input. */
static void test_html_is_quiet(void **state)
{
    static const char *const noisy[] = {
        "<p>a</b></i></p></div><p a=b c='d>x",
        "<meta charset=\"no-such-charset\"><p>\xff\xfe</p>",
        "<meta charset=\"iso-8859-1\"><p>\x80\x81</p><div",
        "<html><html><body><body><frameset><p>&bogus; &#xFFFFFFF; &#0;",
        "<!DOCTYPE html PUBLIC \"bad\"><?pi x?><![CDATA[x]]><p>y",
    };
    FILE *sink = tmpfile();
    int saved = dup(STDERR_FILENO);
    (void)state;
    assert_non_null(sink);
    assert_true(saved >= 0);
    fflush(stderr);
    assert_int_equal(dup2(fileno(sink), STDERR_FILENO), STDERR_FILENO);
    for (size_t i = 0; i < ARRAY_LEN(noisy); i++) {
        tc_doc d = {0};
        tc_error err;
        tc_parse_html_doc(noisy[i], strlen(noisy[i]), &d, &err);
        tc_doc_clear(&d);
    }
    fflush(stderr);
    assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
    assert_int_equal(ftell(sink), 0);
    assert_int_equal(fseek(sink, 0, SEEK_END), 0);
    assert_int_equal(ftell(sink), 0);
    fclose(sink);
}

/* Nested elements past libxml2's depth limit (256): no crash, no
 * unbounded recursion, and no silent loss.  libxml2 stops reading there,
 * so the text past that depth ("cuối", and all that follows it) would be
 * lost: the document is refused with the reason, whether or not there is
 * text before.  255 levels are read whole. */
#define DEEP_REASON "HTML nested deeper than 256 elements"

static char *nested(const char *head, size_t depth, const char *tail)
{
    char *html = malloc(strlen(head) + depth * 11 + strlen(tail) + 1);
    assert_non_null(html);
    strcpy(html, head);
    char *p = html + strlen(html);
    for (size_t i = 0; i < depth; i++, p += 5)
        memcpy(p, "<div>", 5);
    strcpy(p, tail);
    p += strlen(tail);
    for (size_t i = 0; i < depth; i++, p += 6)
        memcpy(p, "</div>", 6);
    *p = '\0';
    return html;
}

static void test_parse_deep_html(void **state)
{
    static const struct {
        const char *head;
        size_t depth;
        int rc;
    } cases[] = {
        {"<title>Sâu</title><p>Đầu</p>", 10000, TC_EPARSE},
        {"", 5000, TC_EPARSE},                  /* was "no text" */
        {"<title>Sâu</title><p>Đầu</p>", 300, TC_EPARSE},
        {"<title>Sâu</title><p>Đầu</p>", 250, TC_OK},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *html = nested(cases[i].head, cases[i].depth, "cuối");
        tc_doc d = {0};
        tc_error err;
        assert_int_equal(tc_parse_html_doc(html, strlen(html), &d, &err),
                         cases[i].rc);
        if (cases[i].rc == TC_OK) {
            assert_string_equal(d.title, "Sâu");
            assert_string_equal(d.body, "Đầu\ncuối");
        } else {
            assert_prefix(err.msg, DEEP_REASON, "deep html reason");
        }
        tc_doc_clear(&d);
        free(html);
    }
}

/* HTML with more than 1,000,000 tags and attributes is refused before
 * libxml2 builds a tree of it (32 MiB of "<i>x</i>" took 1.4 GB);
 * 1,000,000 are read. */
static void test_html_tag_cap(void **state)
{
    static const size_t counts[] = {999999, 1000001};
    (void)state;
    for (size_t k = 0; k < 2; k++) {
        size_t n = counts[k] / 2;      /* "<i>x</i>": two tags */
        char *html = malloc(n * 8 + 8);
        assert_non_null(html);
        memcpy(html, "<p>", 3);        /* one more tag */
        for (size_t i = 0; i < n; i++)
            memcpy(html + 3 + i * 8, "<i>x</i>", 8);
        html[3 + n * 8] = '\0';
        tc_doc d = {0};
        tc_error err;
        int rc = tc_parse_html_doc(html, strlen(html), &d, &err);
        if (k == 0) {
            assert_int_equal(rc, TC_OK);
            assert_int_equal(d.body_len, n);
        } else {
            assert_int_equal(rc, TC_EPARSE);
            assert_string_equal(err.msg, "HTML with more than 1000000 tags "
                                         "and attributes");
        }
        tc_doc_clear(&d);
        free(html);
    }
}

/* A tag with more than 256 attributes is refused (libxml2 compares each
 * attribute with all before it: 4 million took more than five minutes);
 * words in quoted values, comments and a '<' of the text are not
 * attributes. */
static void test_html_attribute_cap(void **state)
{
    static const struct {
        const char *head, *unit, *tail;
        size_t reps;
        int rc;
    } cases[] = {
        {"<p>x<i", " a", ">y</i>", 256, TC_OK},
        {"<p>x<i", " a", ">y</i>", 257, TC_EPARSE},
        {"<p>x<i", " b='x>y'", ">y</i>", 300, TC_EPARSE},
        {"<p>x<i alt=\"", " từ", "\">y</i>", 1000, TC_OK},
        {"<p>x<!--", " từ", " -->y", 1000, TC_OK},
        {"<p>x < y", " từ", " > z", 1000, TC_OK},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t nu = strlen(cases[i].unit);
        char *html = malloc(64 + cases[i].reps * nu);
        assert_non_null(html);
        strcpy(html, cases[i].head);
        for (size_t k = 0; k < cases[i].reps; k++)
            strcat(html, cases[i].unit);
        strcat(html, cases[i].tail);
        tc_doc d = {0};
        tc_error err;
        int rc = tc_parse_html_doc(html, strlen(html), &d, &err);
        if (rc != cases[i].rc)
            fail_msg("case %zu: rc %d (%s)", i, rc, err.msg);
        if (rc != TC_OK)
            assert_string_equal(err.msg,
                                "an HTML tag with more than 256 attributes");
        tc_doc_clear(&d);
        free(html);
    }
}

/* Titles are capped at TC_TITLE_MAX_BYTES, "…" included: cut at the last
 * white space in the last quarter of the room, else at a character
 * boundary.  Each row's title is head + unit x reps, wrapped for its
 * parser; keep is how many bytes of it come before the "…" (SIZE_MAX: the
 * title is whole). */
#define ROOM (TC_TITLE_MAX_BYTES - 3) /* bytes before the "…" */
#define WHOLE SIZE_MAX

static const struct title_case {
    parse_fn fn;
    const char *before, *head, *unit;
    size_t reps;
    const char *after;
    size_t keep;
} title_cases[] = {
    /* text: the first line */
    {tc_parse_text_doc, "", "", "a", TC_TITLE_MAX_BYTES, "\nthân", WHOLE},
    {tc_parse_text_doc, "", "", "a", TC_TITLE_MAX_BYTES + 1, "\nthân", ROOM},
    {tc_parse_text_doc, "\n  ", "", "a", 39000, "  \nthân", ROOM},
    {tc_parse_text_doc, "", "", "ệ", 200, "", ROOM / 3 * 3},
    /* "Việt Nam " is 11 bytes: 46 of them, less the last space */
    {tc_parse_text_doc, "", "", "Việt Nam ", 60, "\n", 46 * 11 - 1},
    /* a space, but too early to cut there */
    {tc_parse_text_doc, "", "a b", "c", 600, "", ROOM},
    /* the last white space may be a tab; a run of spaces is dropped */
    {tc_parse_text_doc, "", "", "ab\tcd   ", 100, "", 63 * 8 + 2},
    {tc_parse_text_doc, "", "", "abcde     ", 60, "", 50 * 10 + 5},
    /* HTML: <title>, <h1>, the first line */
    {tc_parse_html_doc, "<title>", "", "Việt Nam ", 60, "</title><p>x</p>",
     46 * 11 - 1},
    {tc_parse_html_doc, "<h1>", "", "x", 600, "</h1><p>y</p>", ROOM},
    {tc_parse_html_doc, "<p>", "", "ệ", 200, "</p><p>y</p>", ROOM / 3 * 3},
    {tc_parse_html_doc, "<p>", "", "x", TC_TITLE_MAX_BYTES, "</p>", WHOLE},
    /* JSON: the "title" field, and no other */
    {tc_parse_json_doc, "{\"id\":\"t\",\"body\":\"b\",\"title\":\"", "",
     "a", 600, "\"}", ROOM},
    {tc_parse_json_doc, "{\"id\":\"t\",\"title\":\"", "", "Việt Nam ", 60,
     "\"}", 46 * 11 - 1},
    {tc_parse_json_doc, "{\"id\":\"t\",\"title\":\"", "", "ệ",
     TC_TITLE_MAX_BYTES / 3, "\"}", WHOLE},
};

static char *title_input(const struct title_case *c, char **title)
{
    size_t nb = strlen(c->before), nh = strlen(c->head);
    size_t nu = strlen(c->unit), na = strlen(c->after);
    char *in = malloc(nb + nh + nu * c->reps + na + 1), *p = in;
    assert_non_null(in);
    memcpy(p, c->before, nb);
    p += nb;
    *title = p;
    memcpy(p, c->head, nh);
    p += nh;
    for (size_t i = 0; i < c->reps; i++, p += nu)
        memcpy(p, c->unit, nu);
    memcpy(p, c->after, na + 1);
    return in;
}

static void test_title_cap(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(title_cases); i++) {
        const struct title_case *c = &title_cases[i];
        char want[TC_TITLE_MAX_BYTES + 1], *title;
        char *in = title_input(c, &title);
        size_t title_len = strlen(c->head) + strlen(c->unit) * c->reps;
        tc_doc d = {0};
        tc_error err;
        int rc = c->fn(in, strlen(in), &d, &err);
        if (rc != TC_OK)
            fail_msg("title case %zu: rc %d (%s)", i, rc, err.msg);
        if (c->keep == WHOLE) {
            assert_true(title_len <= TC_TITLE_MAX_BYTES);
            memcpy(want, title, title_len);
            want[title_len] = '\0';
        } else {
            assert_true(c->keep <= ROOM);
            memcpy(want, title, c->keep);
            memcpy(want + c->keep, "…", sizeof "…");
        }
        if (!d.title || strcmp(d.title, want) != 0)
            fail_msg("title case %zu: %zu bytes \"%.40s...%s\", expected %zu "
                     "bytes \"%.40s...%s\"", i, d.title ? strlen(d.title) : 0,
                     d.title ? d.title : "(null)",
                     d.title && strlen(d.title) > 12
                         ? d.title + strlen(d.title) - 12 : "",
                     strlen(want), want, want + strlen(want) - 12);
        assert_true(strlen(d.title) <= TC_TITLE_MAX_BYTES);
        if (c->fn == tc_parse_text_doc) /* the body is never cut */
            assert_int_equal(d.body_len, strlen(in));
        tc_doc_clear(&d);
        free(in);
    }
}

/* ---- tc_read_input on the fixtures ------------------------------------ */

typedef struct event {
    char kind;          /* 'D' document, 'E' error */
    char file[256];     /* relative to the fixtures directory */
    uint64_t line;
    char text[600];     /* D: "id|title" ("-" for no title); E: the reason */
} event;

typedef struct recorder {
    const char *root;   /* prefix stripped from file names */
    event ev[MAX_EVENTS];
    size_t n;
    int stop_at;        /* on_doc returns stop_rc at this document (1-based) */
    int stop_rc;
    int take_body;      /* on_doc takes doc->body */
    size_t docs, body_bytes;
} recorder;

static void record(recorder *r, char kind, const char *file, uint64_t line,
                   const char *a, const char *b)
{
    size_t skip = strlen(r->root);
    if (r->n == MAX_EVENTS)
        fail_msg("more than %d events", MAX_EVENTS);
    event *e = &r->ev[r->n++];
    e->kind = kind;
    if (strncmp(file, r->root, skip) != 0)
        skip = 0;
    snprintf(e->file, sizeof e->file, "%s", file + skip);
    e->line = line;
    snprintf(e->text, sizeof e->text, "%s%s%s", a, b ? "|" : "",
             b ? b : "");
}

static int on_doc(void *ctx, tc_doc *doc, const char *file, uint64_t line)
{
    recorder *r = ctx;
    const char *id = doc->id;
    assert_non_null(id);
    /* a file named directly has its path as given for id: recorded
     * relative to the root, so that the rows read alike */
    size_t rl = r->root ? strlen(r->root) : 0;
    if (rl && strncmp(id, r->root, rl) == 0) {
        id += rl;
        while (*id == '/')
            id++;
    }
    record(r, 'D', file, line, id, doc->title ? doc->title : "-");
    r->docs++;
    if (r->take_body && doc->body) {
        r->body_bytes += strlen(doc->body);
        free(doc->body); /* stands for keeping it */
        doc->body = NULL;
    }
    return r->stop_at && (int)r->docs == r->stop_at ? r->stop_rc : 0;
}

static void on_error(void *ctx, const char *file, uint64_t line,
                     const char *reason)
{
    record(ctx, 'E', file, line, reason, NULL);
}

typedef struct want {
    char kind;
    const char *file;
    uint64_t line;
    const char *text;   /* D: exact "id|title"; E: reason prefix */
} want;

static void check_events(const recorder *r, const want *w, const char *what)
{
    size_t n = 0;
    while (n < MAX_EVENTS && w[n].kind)
        n++;
    for (size_t i = 0; i < r->n || i < n; i++) {
        char where[1024];
        if (i >= r->n || i >= n)
            fail_msg("%s: %zu events, expected %zu (event %zu: %c %s:%llu %s)",
                     what, r->n, n, i, i < r->n ? r->ev[i].kind : w[i].kind,
                     i < r->n ? r->ev[i].file : w[i].file,
                     (unsigned long long)(i < r->n ? r->ev[i].line : w[i].line),
                     i < r->n ? r->ev[i].text : w[i].text);
        const event *e = &r->ev[i];
        snprintf(where, sizeof where, "%s event %zu (%c %s:%llu %s)", what, i,
                 e->kind, e->file, (unsigned long long)e->line, e->text);
        if (e->kind != w[i].kind || strcmp(e->file, w[i].file) != 0 ||
            e->line != w[i].line)
            fail_msg("%s: expected %c %s:%llu %s", where, w[i].kind,
                     w[i].file, (unsigned long long)w[i].line, w[i].text);
        if (e->kind == 'D')
            assert_field(e->text, w[i].text, where);
        else
            assert_prefix(e->text, w[i].text, where);
    }
}

static void check_stats(const tc_reader_stats *got,
                        const tc_reader_stats *expect, const char *what)
{
    if (got->docs != expect->docs || got->errors != expect->errors ||
        got->ignored != expect->ignored || got->bytes != expect->bytes)
        fail_msg("%s: stats docs=%llu errors=%llu ignored=%llu bytes=%llu, "
                 "expected %llu %llu %llu %llu",
                 what, (unsigned long long)got->docs,
                 (unsigned long long)got->errors,
                 (unsigned long long)got->ignored,
                 (unsigned long long)got->bytes,
                 (unsigned long long)expect->docs,
                 (unsigned long long)expect->errors,
                 (unsigned long long)expect->ignored,
                 (unsigned long long)expect->bytes);
}

static char fixtures[1024]; /* "$TC_TEST_DATA/readers/" */

static int setup_fixtures(void **state)
{
    const char *data = getenv("TC_TEST_DATA");
    (void)state;
    if (!data) {
        fprintf(stderr, "TC_TEST_DATA is not set\n");
        return -1;
    }
    snprintf(fixtures, sizeof fixtures, "%s/readers/", data);
    return 0;
}

static const struct input_case {
    const char *path;   /* under fixtures */
    int rc;
    want events[MAX_EVENTS];
    tc_reader_stats stats;
} input_cases[] = {
    {"docs.jsonl", TC_OK,
     {{'D', "docs.jsonl", 1, "a1|Thanh Hóa"},
      {'D', "docs.jsonl", 3, "42|-"},
      {'E', "docs.jsonl", 4, "field 'title' is not a string"},
      {'E', "docs.jsonl", 5, "invalid JSON: duplicate object key"},
      {'E', "docs.jsonl", 6, "missing id"},
      {'E', "docs.jsonl", 7, "invalid JSON: unexpected token near end of file "
                             "at column 21"},
      {'E', "docs.jsonl", 8, "not a JSON object"},
      {'E', "docs.jsonl", 9, "empty id"},
      {'E', "docs.jsonl", 10, "field 'id' is not a string or an integer"},
      {'D', "docs.jsonl", 12, "a7|-"},
      {'E', "docs.jsonl", 13, "field 'url' is not a string"},
      {'D', "docs.jsonl", 14, "a9|-"}},
     {4, 8, 0, 497}},
    {"docs.jsonl.gz", TC_OK,
     {{'D', "docs.jsonl.gz", 1, "gz1|Tuyên Quang 1"},
      {'D', "docs.jsonl.gz", 2, "gz2|Tuyên Quang 2"},
      {'D', "docs.jsonl.gz", 3, "gz3|Tuyên Quang 3"}},
     {3, 0, 0, 180}},
    {"hello.txt", TC_OK,
     {{'D', "hello.txt", 0, "hello.txt|Sở TT&TT Cao Bằng: tổng kết năm 2017"}},
     {1, 0, 0, 136}},
    {"empty.txt", TC_OK, {{'E', "empty.txt", 0, "empty file"}}, {0, 1, 0, 9}},
    {"binary.txt", TC_OK, {{'E', "binary.txt", 0, "binary file"}},
     {0, 1, 0, 15}},
    {"cp1258.txt", TC_OK,
     {{'E', "cp1258.txt", 0, "not UTF-8 text (binary, or another encoding)"}},
     {0, 1, 0, 13}},
    {"page.html", TC_OK,
     {{'D', "page.html", 0, "page.html|Tổng kết năm 2023 & kế hoạch 2024"}},
     {1, 0, 0, 796}},
    {"heading.htm", TC_OK,
     {{'D', "heading.htm", 0, "heading.htm|Hội nghị tổng kết"}},
     {1, 0, 0, 141}},
    {"noheading.html", TC_OK,
     {{'D', "noheading.html", 0, "noheading.html|Tuyên Quang: chuyển đổi số"}},
     {1, 0, 0, 96}},
    {"latin1.html", TC_OK, {{'D', "latin1.html", 0, "latin1.html|Café"}},
     {1, 0, 0, 150}},
    {"notext.html", TC_OK, {{'E', "notext.html", 0, "no text"}},
     {0, 1, 0, 98}},
    /* byte order: "Z" < "a" < "b" < "d"; .png and .md ignored */
    {"tree", TC_OK,
     {{'D', "tree/Z.txt", 0, "Z.txt|Bài Z hoa"},
      {'D', "tree/a/c.html", 0, "a/c.html|Trang C"},
      {'D', "tree/a/j.jsonl", 1, "j1|-"},
      {'E', "tree/a/j.jsonl", 2, "invalid JSON: '}' expected"},
      {'D', "tree/a/z/deep.txt", 0, "a/z/deep.txt|Sâu"},
      {'D', "tree/b.txt", 0, "b.txt|Bài B"},
      {'D', "tree/d.TXT", 0, "d.TXT|Bài D viết hoa đuôi"}},
     {6, 1, 2, 187}},
    {"tree/", TC_OK,
     {{'D', "tree/Z.txt", 0, "Z.txt|Bài Z hoa"},
      {'D', "tree/a/c.html", 0, "a/c.html|Trang C"},
      {'D', "tree/a/j.jsonl", 1, "j1|-"},
      {'E', "tree/a/j.jsonl", 2, "invalid JSON: '}' expected"},
      {'D', "tree/a/z/deep.txt", 0, "a/z/deep.txt|Sâu"},
      {'D', "tree/b.txt", 0, "b.txt|Bài B"},
      {'D', "tree/d.TXT", 0, "d.TXT|Bài D viết hoa đuôi"}},
     {6, 1, 2, 187}},
    {"tree/a/z/deep.txt", TC_OK,
     {{'D', "tree/a/z/deep.txt", 0, "tree/a/z/deep.txt|Sâu"}}, {1, 0, 0, 5}},
    {"tree/notes.md", TC_EINVAL,
     {{'E', "tree/notes.md", 0, "unsupported file type"}}, {0, 1, 0, 0}},
    {"tree/img.png", TC_EINVAL,
     {{'E', "tree/img.png", 0, "unsupported file type"}}, {0, 1, 0, 0}},
    {"missing.jsonl", TC_ENOTFOUND,
     {{'E', "missing.jsonl", 0, "cannot open: No such file or directory"}},
     {0, 1, 0, 0}},
    {"missing/dir", TC_ENOTFOUND,
     {{'E', "missing/dir", 0, "cannot open: "}}, {0, 1, 0, 0}},
    {"tree/b.txt/x.txt", TC_ENOTFOUND,
     {{'E', "tree/b.txt/x.txt", 0, "cannot open: Not a directory"}},
     {0, 1, 0, 0}},
};

static void test_read_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(input_cases); i++) {
        const struct input_case *c = &input_cases[i];
        char path[2048];
        recorder rec = {.root = fixtures};
        tc_reader_cb cb = {on_doc, on_error, &rec};
        tc_reader_opts opts;
        tc_reader_stats stats = {0};
        tc_reader_opts_init(&opts);
        snprintf(path, sizeof path, "%s%s", fixtures, c->path);
        int rc = tc_read_input(path, &opts, &cb, &stats);
        if (rc != c->rc)
            fail_msg("%s: rc %d, expected %d", c->path, rc, c->rc);
        check_events(&rec, c->events, c->path);
        check_stats(&stats, &c->stats, c->path);
    }
}

/* A cut gzip stream: the whole lines before the cut are kept, then one
 * error for the file. */
static void test_read_truncated_gz(void **state)
{
    char path[2048];
    recorder rec = {.root = fixtures, .stop_at = 0};
    tc_reader_cb cb = {NULL, on_error, &rec};
    tc_reader_stats stats = {0};
    const want w[] = {
        {'E', "truncated.jsonl.gz", 96, "truncated gzip stream"}, {0}};
    const tc_reader_stats want_stats = {95, 1, 0, 176625};
    (void)state;
    snprintf(path, sizeof path, "%struncated.jsonl.gz", fixtures);
    assert_int_equal(tc_read_input(path, NULL, &cb, &stats), TC_OK);
    check_events(&rec, w, "truncated");
    check_stats(&stats, &want_stats, "truncated");
}

static void test_read_stdin(void **state)
{
    char path[2048];
    recorder rec = {.root = fixtures};
    tc_reader_cb cb = {on_doc, on_error, &rec};
    tc_reader_stats stats = {0};
    const want w[] = {{'D', "-", 1, "gz1|Tuyên Quang 1"},
                      {'D', "-", 2, "gz2|Tuyên Quang 2"},
                      {'D', "-", 3, "gz3|Tuyên Quang 3"},
                      {0}};
    const tc_reader_stats want_stats = {3, 0, 0, 180};
    int saved = dup(STDIN_FILENO), fd;
    (void)state;
    snprintf(path, sizeof path, "%sdocs.jsonl.gz", fixtures);
    fd = open(path, O_RDONLY);
    assert_true(saved >= 0 && fd >= 0);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    close(fd);
    int rc = tc_read_input("-", NULL, &cb, &stats);
    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    close(saved);
    assert_int_equal(rc, TC_OK);
    check_events(&rec, w, "stdin");
    check_stats(&stats, &want_stats, "stdin");
}

/* on_doc's non-zero return stops the walk at once and is returned; what it
 * took from a document is its own, the rest is freed (ASan checks). */
static void test_stop_and_take(void **state)
{
    static const struct {
        const char *path;
        int stop_at, stop_rc, take_body;
        int rc;
        size_t docs;
    } cases[] = {
        {"tree", 2, 7, 1, 7, 2},
        {"docs.jsonl", 1, -100, 0, -100, 1},
        {"docs.jsonl", 0, 0, 1, TC_OK, 4},
        {"tree", 0, 0, 1, TC_OK, 6},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char path[2048];
        recorder rec = {.root = fixtures,
                        .stop_at = cases[i].stop_at,
                        .stop_rc = cases[i].stop_rc,
                        .take_body = cases[i].take_body};
        tc_reader_cb cb = {on_doc, on_error, &rec};
        tc_reader_stats stats = {0};
        snprintf(path, sizeof path, "%s%s", fixtures, cases[i].path);
        assert_int_equal(tc_read_input(path, NULL, &cb, &stats), cases[i].rc);
        assert_int_equal(rec.docs, cases[i].docs);
        assert_int_equal(stats.docs, cases[i].docs);
        if (cases[i].take_body)
            assert_true(rec.body_bytes > 0);
    }
}

/* ---- limits, on inputs made at run time ------------------------------- */

typedef struct scratch {
    char dir[512];
    char made[16][600];
    size_t n;
} scratch;

static int setup_scratch(void **state)
{
    scratch *s = calloc(1, sizeof *s);
    const char *tmp = getenv("TMPDIR");
    if (!s)
        return -1;
    snprintf(s->dir, sizeof s->dir, "%s/tc-readers-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s->dir)) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown_scratch(void **state)
{
    scratch *s = *state;
    while (s->n > 0) { /* reverse order: files before their directories */
        const char *p = s->made[--s->n];
        if (unlink(p) != 0)
            rmdir(p);
    }
    rmdir(s->dir);
    free(s);
    return 0;
}

static const char *scratch_path(scratch *s, const char *name)
{
    char path[sizeof s->made[0]];
    assert_true(s->n < ARRAY_LEN(s->made));
    snprintf(path, sizeof path, "%s/%s", s->dir, name);
    memcpy(s->made[s->n], path, sizeof path);
    return s->made[s->n++];
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        assert_true(w > 0);
        p += w;
        n -= (size_t)w;
    }
}

/* A JSON Lines file: line 1 good, line 2 a document of body_bytes, line 3
 * good; written in pieces so the test does not hold it either. */
static const char *make_long_line_file(scratch *s, const char *name,
                                       size_t body_bytes)
{
    static char piece[MIB];
    const char *path = scratch_path(s, name);
    const char *one = "{\"id\":\"l1\"}\n", *head = "{\"id\":\"l2\",\"body\":\"";
    const char *tail = "\"}\r\n", *three = "{\"id\":\"l3\",\"title\":\"ba\"}";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    memset(piece, 'a', sizeof piece);
    write_all(fd, one, strlen(one));
    write_all(fd, head, strlen(head));
    for (size_t left = body_bytes; left > 0;) {
        size_t n = left < sizeof piece ? left : sizeof piece;
        write_all(fd, piece, n);
        left -= n;
    }
    write_all(fd, tail, strlen(tail));
    write_all(fd, three, strlen(three));
    close(fd);
    return path;
}

static long max_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* Line 2 is len(head) + body + len("\"}") bytes long, CR LF aside. */
#define LINE2(body) (19u + (body) + 2u)

static void test_long_lines(void **state)
{
    scratch *s = *state;
    static const struct {
        size_t body, limit;
        const char *reason; /* NULL: line 2 is read */
    } cases[] = {
        {100, LINE2(100), NULL},     /* exactly at the limit, CR aside */
        {100, LINE2(100) - 1, "document too large (121 bytes, limit 120)"},
        {5000000, 4096, "document too large (5000021 bytes, limit 4096)"},
        {50u * MIB, MIB,
         "document too large (52428821 bytes, limit 1048576)"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char name[32];
        snprintf(name, sizeof name, "long%zu.jsonl", i);
        const char *path = make_long_line_file(s, name, cases[i].body);
        recorder rec = {.root = ""};
        tc_reader_cb cb = {on_doc, on_error, &rec};
        tc_reader_opts opts = {cases[i].limit};
        tc_reader_stats stats = {0};
        long rss = max_rss_kib();
        assert_int_equal(tc_read_input(path, &opts, &cb, &stats), TC_OK);
        /* memory stays near the limit, not the line: 50 MB through 1 MiB */
        assert_true(max_rss_kib() - rss < 16 * 1024);
        assert_int_equal(rec.n, 3);
        assert_string_equal(rec.ev[0].text, "l1|-");
        assert_int_equal(rec.ev[1].line, 2);
        if (cases[i].reason) {
            assert_int_equal(rec.ev[1].kind, 'E');
            assert_string_equal(rec.ev[1].text, cases[i].reason);
        } else {
            assert_string_equal(rec.ev[1].text, "l2|-");
        }
        assert_string_equal(rec.ev[2].text, "l3|ba");
        assert_int_equal(rec.ev[2].line, 3);
        unlink(path);
    }
}

static void test_big_files(void **state)
{
    scratch *s = *state;
    static const struct {
        const char *name;
        off_t size;
        size_t limit;   /* 0: the default */
        const char *reason;
    } cases[] = {
        {"big.txt", 50 * (off_t)MIB, 0,
         "document too large (52428800 bytes, limit 33554432)"},
        {"big.html", 5000, 4096, "document too large (5000 bytes, limit 4096)"},
        {"fits.txt", 4096, 4096, NULL},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *path = scratch_path(s, cases[i].name);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        recorder rec = {.root = s->dir};
        tc_reader_cb cb = {on_doc, on_error, &rec};
        tc_reader_opts opts = {cases[i].limit};
        tc_reader_stats stats = {0};
        assert_true(fd >= 0);
        write_all(fd, "Tiêu đề\n", strlen("Tiêu đề\n"));
        /* the rest is a hole of NULs past the sniffed 8 KiB, or spaces */
        if (cases[i].size > 8192) {
            assert_int_equal(ftruncate(fd, cases[i].size), 0);
        } else {
            char pad[8192];
            memset(pad, ' ', sizeof pad);
            write_all(fd, pad, (size_t)cases[i].size - strlen("Tiêu đề\n"));
        }
        close(fd);
        assert_int_equal(tc_read_input(path, &opts, &cb, &stats), TC_OK);
        assert_int_equal(rec.n, 1);
        if (cases[i].reason) {
            assert_int_equal(rec.ev[0].kind, 'E');
            assert_string_equal(rec.ev[0].text, cases[i].reason);
            assert_int_equal(stats.bytes, 0); /* refused on its size */
        } else {
            assert_string_equal(rec.ev[0].text, "fits.txt|Tiêu đề");
            assert_int_equal(stats.bytes, cases[i].size);
        }
    }
}

static void test_deep_html_file(void **state)
{
    scratch *s = *state;
    const char *path = scratch_path(s, "deep.html");
    recorder rec = {.root = s->dir};
    tc_reader_cb cb = {on_doc, on_error, &rec};
    tc_reader_stats stats = {0};
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    (void)state;
    assert_true(fd >= 0);
    write_all(fd, "<h1>Rất sâu</h1>", strlen("<h1>Rất sâu</h1>"));
    for (int i = 0; i < 10000; i++)
        write_all(fd, "<div><b>", 8); /* never closed */
    close(fd);
    assert_int_equal(tc_read_input(path, NULL, &cb, &stats), TC_OK);
    assert_int_equal(rec.n, 1);
    assert_int_equal(rec.ev[0].kind, 'E');
    assert_prefix(rec.ev[0].text, DEEP_REASON, "deep html file");
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A walk does not enter symbolic links to directories (loop/a/up -> ..,
 * counted as ignored), but reads links to files (loop/a/b-link.txt); a
 * link to a directory named directly is walked (link -> loop, and
 * loop/a/up itself). */
static void test_symlinks(void **state)
{
    scratch *s = *state;
    static const struct {
        const char *path;
        want events[MAX_EVENTS];
        tc_reader_stats stats;
    } cases[] = {
        {"loop",
         {{'D', "/loop/a/b-link.txt", 0, "a/b-link.txt|b"},
          {'D', "/loop/a/x.txt", 0, "a/x.txt|x"},
          {'D', "/loop/b.txt", 0, "b.txt|b"}},
         {3, 0, 1, 6}},
        {"link",
         {{'D', "/link/a/b-link.txt", 0, "a/b-link.txt|b"},
          {'D', "/link/a/x.txt", 0, "a/x.txt|x"},
          {'D', "/link/b.txt", 0, "b.txt|b"}},
         {3, 0, 1, 6}},
        {"loop/a/up",
         {{'D', "/loop/a/up/a/b-link.txt", 0, "a/b-link.txt|b"},
          {'D', "/loop/a/up/a/x.txt", 0, "a/x.txt|x"},
          {'D', "/loop/a/up/b.txt", 0, "b.txt|b"}},
         {3, 0, 1, 6}},
    };
    (void)state;
    assert_int_equal(mkdir(scratch_path(s, "loop"), 0700), 0);
    assert_int_equal(mkdir(scratch_path(s, "loop/a"), 0700), 0);
    assert_int_equal(symlink("..", scratch_path(s, "loop/a/up")), 0);
    write_file(scratch_path(s, "loop/a/x.txt"), "x\n");
    write_file(scratch_path(s, "loop/b.txt"), "b\n");
    assert_int_equal(symlink("../b.txt", scratch_path(s, "loop/a/b-link.txt")),
                     0);
    assert_int_equal(symlink("loop", scratch_path(s, "link")), 0);
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char path[1024];
        recorder rec = {.root = s->dir};
        tc_reader_cb cb = {on_doc, on_error, &rec};
        tc_reader_stats stats = {0};
        snprintf(path, sizeof path, "%s/%s", s->dir, cases[i].path);
        assert_int_equal(tc_read_input(path, NULL, &cb, &stats), TC_OK);
        check_events(&rec, cases[i].events, cases[i].path);
        check_stats(&stats, &cases[i].stats, cases[i].path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first, so that the peak RSS it measures is its own */
        cmocka_unit_test_setup_teardown(test_long_lines, setup_scratch,
                                        teardown_scratch),
        cmocka_unit_test(test_parse_json),
        cmocka_unit_test(test_parse_text),
        cmocka_unit_test(test_parse_html),
        cmocka_unit_test(test_html_is_quiet),
        cmocka_unit_test(test_parse_deep_html),
        cmocka_unit_test(test_html_tag_cap),
        cmocka_unit_test(test_html_attribute_cap),
        cmocka_unit_test(test_title_cap),
        cmocka_unit_test(test_read_fixtures),
        cmocka_unit_test(test_read_truncated_gz),
        cmocka_unit_test(test_read_stdin),
        cmocka_unit_test(test_stop_and_take),
        cmocka_unit_test_setup_teardown(test_big_files, setup_scratch,
                                        teardown_scratch),
        cmocka_unit_test_setup_teardown(test_deep_html_file, setup_scratch,
                                        teardown_scratch),
        cmocka_unit_test_setup_teardown(test_symlinks, setup_scratch,
                                        teardown_scratch),
    };
    return cmocka_run_group_tests(tests, setup_fixtures, NULL);
}
