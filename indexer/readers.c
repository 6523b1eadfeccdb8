/* readers.c: documents in, from JSON Lines, plain text and HTML (readers.h).
 *
 * tc_read_input() resolves what the user named (a file, a directory, "-")
 * and hands each document to the caller's on_doc, each bad input to
 * on_error, and goes on.  Three layers:
 *
 *   the walk      a directory is listed, its names sorted bytewise, and
 *                 entered depth first; symbolic links to directories are
 *                 not entered, and a directory already on the current path
 *                 (a loop made with a bind mount) is reported and skipped.
 *   the sources   JSON Lines through zlib's gz* API (which reads plain files
 *                 too), a line at a time from a fixed chunk, so an over-long
 *                 line is counted and skipped without being held; whole
 *                 files (.txt, .html) are sized with fstat before reading.
 *   the parsers   tc_parse_json_doc (jansson), tc_parse_text_doc and
 *                 tc_parse_html_doc (libxml2's forgiving HTML parser, its
 *                 tree walked iteratively so depth cannot exhaust the stack).
 *
 * Every string reaches the tc_doc through tc_doc_set, so it is sanitized
 * UTF-8; titles go through doc_set_title, which also caps their length.
 * Tokenizing and indexing are left to the caller. */
#include "tracuu/readers.h"

#include "tracuu/buf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include "tracuu/analysis.h"

#define READ_CHUNK (64u * 1024u) /* bytes taken from zlib or read() at once */
#define SNIFF_BYTES 8192u        /* how much of a file the binary test sees */
#define CHARSET_SNIFF 4096u      /* how far to look for a declared charset */
/* libxml2 builds a tree of 100 to 300 bytes a node: 32 MiB of
 * "<i>x</i>" (4 million elements) took 1.4 GB.  HTML with more tags and
 * attributes than HTML_MAX_NODES is refused, which bounds the tree at a
 * few hundred MB; real pages have a few thousand to a hundred thousand.
 * And libxml2 checks each attribute of a tag against every one before
 * it: one tag of 4 million distinct attributes ran for more than five
 * minutes.  A tag with more attributes than HTML_MAX_ATTRS is refused. */
#define HTML_MAX_NODES 1000000
#define HTML_MAX_ATTRS 256
#define TC_XSTR(x) #x
#define TC_STR(x) TC_XSTR(x)

void tc_reader_opts_init(tc_reader_opts *opts)
{
    if (opts)
        opts->max_doc_bytes = TC_DEFAULT_MAX_DOC_BYTES;
}

/* ---- small text helpers ------------------------------------------------ */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space((unsigned char)s[i]))
            return 0;
    return 1;
}

static size_t skip_bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The first line of s that is not blank, trimmed; *n = 0 when none. */
static const char *first_line(const char *s, size_t len, size_t *n)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && s[end] != '\n')
            end++;
        size_t a = i, b = end;
        while (a < b && is_space((unsigned char)s[a]))
            a++;
        while (b > a && is_space((unsigned char)s[b - 1]))
            b--;
        if (b > a) {
            *n = b - a;
            return s + a;
        }
        i = end + 1;
    }
    *n = 0;
    return s;
}

#define REASON_BINARY "binary file"
#define REASON_NOT_UTF8 "not UTF-8 text (binary, or another encoding)"

/* Why s is not text anyone meant us to index, or NULL when it is: NUL bytes
 * early on (binary), or mostly invalid UTF-8 (more than a quarter of the
 * sampled bytes replaced), which is as often text in a legacy encoding
 * (Windows-1258, VNI, TCVN3) as binary data, so the reason says both. */
static const char *not_text_reason(const char *s, size_t len, int *rc)
{
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, replaced = 0, outlen;
    char *copy = NULL;

    *rc = TC_OK;
    if (memchr(s, '\0', n))
        return REASON_BINARY;
    *rc = tc_utf8_sanitize(s, n, &copy, &outlen, &replaced);
    free(copy);
    return *rc == TC_OK && replaced * 4 > n ? REASON_NOT_UTF8 : NULL;
}

/* ---- titles ------------------------------------------------------------ */

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define ELLIPSIS_LEN 3u
#define TITLE_ROOM (TC_TITLE_MAX_BYTES - ELLIPSIS_LEN)

/* Cut the valid UTF-8 string t (tlen bytes) to at most TC_TITLE_MAX_BYTES,
 * ending in an ellipsis (U+2026): at the last white space in the last
 * quarter of the room when there is one, else at the last character
 * boundary; white space before the cut goes too.  Returns the new length. */
static size_t title_cut(char *t, size_t tlen)
{
    size_t cut = TITLE_ROOM, k;

    if (tlen <= TC_TITLE_MAX_BYTES)
        return tlen;
    while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
        cut--; /* t[cut] is the first byte dropped: a lead byte now */
    for (k = cut; k > TITLE_ROOM - TITLE_ROOM / 4; k--) {
        if (is_space((unsigned char)t[k - 1])) {
            cut = k - 1;
            break;
        }
    }
    while (cut > 0 && is_space((unsigned char)t[cut - 1]))
        cut--;
    memcpy(t + cut, ELLIPSIS, ELLIPSIS_LEN + 1);
    return cut + ELLIPSIS_LEN;
}

/* Set doc->title from s[0..n), capped (title_cut).  A long s is sanitized
 * only as far as the cut can reach: up to TC_TITLE_MAX_BYTES + 4 bytes,
 * backed up to a character boundary, which sanitizes to the same first
 * TC_TITLE_MAX_BYTES + 1 bytes as the whole would (replacements never
 * shrink), so a 39 MB first line costs no 39 MB copy.  Invalid bytes past
 * that are dropped, not counted in invalid_bytes. */
static int doc_set_title(tc_doc *doc, const char *s, size_t n)
{
    size_t len, back = 0;
    int rc;

    if (n > TC_TITLE_MAX_BYTES + 4) {
        n = TC_TITLE_MAX_BYTES + 4;
        while (back < 3 && ((unsigned char)s[n - back] & 0xC0) == 0x80)
            back++;
        n -= back;
    }
    rc = tc_doc_set(doc, &doc->title, s, n);
    if (rc != TC_OK || !doc->title)
        return rc;
    len = strlen(doc->title);
    if (title_cut(doc->title, len) < len) {
        char *p = realloc(doc->title, TC_TITLE_MAX_BYTES + 1);
        if (p) /* only giving memory back: the old block will do */
            doc->title = p;
    }
    return TC_OK;
}

/* ---- JSON Lines: one document --------------------------------------- */

static const struct json_field {
    const char *name;
    size_t offset;
} json_fields[] = {
    {"title", offsetof(tc_doc, title)},   {"url", offsetof(tc_doc, url)},
    {"date", offsetof(tc_doc, date)},     {"source", offsetof(tc_doc, source)},
    {"topic", offsetof(tc_doc, topic)},   {"body", offsetof(tc_doc, body)},
};

static int json_set_id(tc_doc *doc, const json_t *v, tc_error *err)
{
    char num[32];

    if (!v || json_is_null(v))
        return tc_error_set(err, TC_EPARSE, "missing id");
    if (json_is_integer(v)) {
        int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                         json_integer_value(v));
        return tc_doc_set(doc, &doc->id, num, (size_t)n);
    }
    if (!json_is_string(v))
        return tc_error_set(err, TC_EPARSE,
                            "field 'id' is not a string or an integer");
    if (json_string_length(v) == 0)
        return tc_error_set(err, TC_EPARSE, "empty id");
    return tc_doc_set(doc, &doc->id, json_string_value(v),
                      json_string_length(v));
}

static int json_set_fields(tc_doc *doc, const json_t *obj, tc_error *err)
{
    int rc = json_set_id(doc, json_object_get(obj, "id"), err);
    size_t n = sizeof json_fields / sizeof json_fields[0];

    for (size_t i = 0; i < n && rc == TC_OK; i++) {
        const json_t *v = json_object_get(obj, json_fields[i].name);
        char **field = (char **)((char *)doc + json_fields[i].offset);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_string(v))
            return tc_error_set(err, TC_EPARSE, "field '%s' is not a string",
                                json_fields[i].name);
        if (field == &doc->title)
            rc = doc_set_title(doc, json_string_value(v),
                               json_string_length(v));
        else
            rc = tc_doc_set(doc, field, json_string_value(v),
                            json_string_length(v));
    }
    return rc;
}

/* jansson refuses invalid UTF-8 outright; one stray byte should not cost
 * a whole document, so such a line is sanitized and parsed again. */
static json_t *json_load_line(const char *line, size_t len, tc_doc *doc,
                              json_error_t *jerr)
{
    const size_t flags = JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;
    json_t *obj = json_loadb(line, len, flags, jerr);
    char *copy = NULL;
    size_t copy_len = 0, replaced = 0;

    if (obj || json_error_code(jerr) != json_error_invalid_utf8)
        return obj;
    if (tc_utf8_sanitize(line, len, &copy, &copy_len, &replaced) != TC_OK)
        return NULL;
    obj = json_loadb(copy, copy_len, flags, jerr);
    free(copy);
    doc->invalid_bytes += replaced;
    return obj;
}

int tc_parse_json_doc(const char *line, size_t len, tc_doc *doc,
                      tc_error *err)
{
    json_error_t jerr;
    json_t *obj = NULL;
    int rc;

    if (!doc || (!line && len))
        return tc_error_set(err, TC_EINVAL, "no input");
    tc_doc_clear(doc);
    tc_error_clear(err);
    obj = json_load_line(line ? line : "", len, doc, &jerr);
    if (!obj) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        else
            rc = tc_error_set(err, TC_EPARSE, "invalid JSON: %s at column %d",
                              jerr.text, jerr.column);
        goto done;
    }
    if (!json_is_object(obj)) {
        rc = tc_error_set(err, TC_EPARSE, "not a JSON object");
        goto done;
    }
    rc = json_set_fields(doc, obj, err);
    if (rc == TC_ENOMEM)
        tc_error_set(err, rc, "out of memory");
done:
    json_decref(obj);
    if (rc != TC_OK)
        tc_doc_clear(doc);
    return rc;
}

/* ---- plain text ------------------------------------------------------- */

int tc_parse_text_doc(const char *data, size_t len, tc_doc *doc,
                      tc_error *err)
{
    const char *title, *why;
    size_t title_len, bom;
    int rc;

    if (!doc || (!data && len))
        return tc_error_set(err, TC_EINVAL, "no input");
    tc_doc_clear(doc);
    tc_error_clear(err);
    if (!data)
        data = "";
    bom = skip_bom(data, len);
    data += bom;
    len -= bom;
    if (is_blank(data, len))
        return tc_error_set(err, TC_EPARSE, "empty file");
    if ((why = not_text_reason(data, len, &rc)) != NULL)
        return tc_error_set(err, TC_EPARSE, "%s", why);
    if (rc == TC_OK)
        rc = tc_doc_set(doc, &doc->body, data, len);
    if (rc == TC_OK) {
        title = first_line(doc->body, doc->body_len, &title_len);
        rc = doc_set_title(doc, title, title_len);
    }
    if (rc != TC_OK) {
        tc_doc_clear(doc);
        return tc_error_set(err, rc, "out of memory");
    }
    return TC_OK;
}

/* ---- HTML: visible text ------------------------------------------------ */

/* Text gathered from the tree: whitespace runs collapse to one space, block
 * boundaries to one newline, and neither is written at the very start or
 * before nothing.  buf.oom is sticky (set once a grow failed). */
typedef struct text_buf {
    tc_buf buf;
    int space, newline;
} text_buf;

static void tb_word(text_buf *b, const char *s, size_t n)
{
    if (b->buf.len > 0 && b->newline)
        tc_buf_put(&b->buf, "\n", 1);
    else if (b->buf.len > 0 && b->space)
        tc_buf_put(&b->buf, " ", 1);
    b->space = b->newline = 0;
    tc_buf_put(&b->buf, s, n);
}

/* ASCII white space and U+00A0 (&nbsp;) separate words. */
static size_t white_len(const char *s, size_t n)
{
    if (is_space((unsigned char)s[0]))
        return 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

static void tb_text(text_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t w = white_len(s + i, n - i);
        if (w) {
            b->space = 1;
            i += w;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !white_len(s + j, n - j))
            j++;
        tb_word(b, s + i, j - i);
        i = j;
    }
}

static int name_in(const xmlChar *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp((const char *)name, *list) == 0)
            return 1;
    return 0;
}

/* Never shown: skipped with everything inside.  <title> is read apart. */
static const char *const html_dropped[] = {
    "script", "style", "noscript", "template", "head", "title", NULL};

/* Elements that end a line, before and after. */
static const char *const html_blocks[] = {
    "address", "article", "aside", "blockquote", "body", "br", "caption",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    NULL};

/* Elements that separate words without ending a line. */
static const char *const html_cells[] = {"td", "th", NULL};

typedef struct html_walk {
    text_buf text;
    const xmlNode *h1; /* the first <h1>, while or after it is walked */
    size_t h1_start, h1_end;
} html_walk;

static void html_edge(html_walk *w, const xmlNode *n)
{
    if (name_in(n->name, html_blocks))
        w->text.newline = 1;
    else if (name_in(n->name, html_cells))
        w->text.space = 1;
}

static void html_leave(html_walk *w, const xmlNode *n)
{
    html_edge(w, n);
    if (n == w->h1)
        w->h1_end = w->text.buf.len;
}

/* Visit n on the way down; 1 when its children are to be walked. */
static int html_enter(html_walk *w, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            tb_text(&w->text, (const char *)n->content,
                    strlen((const char *)n->content));
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || name_in(n->name, html_dropped))
        return 0;
    html_edge(w, n);
    if (!w->h1 && strcmp((const char *)n->name, "h1") == 0) {
        w->h1 = n;
        w->h1_start = w->h1_end = w->text.buf.len;
    }
    if (n->children)
        return 1;
    html_leave(w, n);
    return 0;
}

/* Depth first without recursion: children, then next sibling, climbing
 * through parents (leaving each) when a level is done. */
static void html_walk_tree(html_walk *w, const xmlDoc *xdoc)
{
    const xmlNode *n = xdoc->children;
    while (n && !w->text.buf.oom) {
        if (html_enter(w, n)) {
            n = n->children;
            continue;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n->type != XML_ELEMENT_NODE)
                return;
            html_leave(w, n);
        }
        n = n->next;
    }
}

static const xmlNode *html_find(const xmlDoc *xdoc, const char *name)
{
    const xmlNode *n = xdoc->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n->type != XML_ELEMENT_NODE)
                return NULL;
        }
        n = n->next;
    }
    return NULL;
}

static int is_charset_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
           c == ':';
}

/* The document's charset when it declares one (<meta charset=...> or
 * http-equiv content="...; charset=..."), in cs; 0 when it does not. */
static int html_declared_charset(const char *s, size_t len, char *cs,
                                 size_t cs_size)
{
    size_t n = len < CHARSET_SNIFF ? len : CHARSET_SNIFF;
    for (size_t i = 0; i + 7 <= n; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7, k = 0;
        while (j < n && is_space((unsigned char)s[j]))
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && (is_space((unsigned char)s[j]) || s[j] == '"' ||
                         s[j] == '\''))
            j++;
        while (j < n && k + 1 < cs_size && is_charset_char(s[j]))
            cs[k++] = s[j++];
        cs[k] = '\0';
        if (k > 0)
            return 1;
    }
    return 0;
}

static void quiet_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Errors are dropped, but for the one that halts the parse: libxml2
 * stops at its depth limit (xmlParserMaxDepth, 256 elements) and leaves
 * the rest of the document unread.  ctx is an int set to 1 then. */
static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    if (ctx && e && e->code == XML_ERR_INTERNAL_ERROR && e->message &&
        strstr(e->message, "Excessive depth"))
        *(int *)ctx = 1;
}

/* Parse with libxml2's own error output silenced (the parse flags do not
 * cover encoding errors).  Input that is, or is declared, UTF-8 is
 * sanitized first: libxml2 would otherwise switch to Latin-1 at the first
 * bad byte and garble the rest. */
static int html_parse(const char *data, size_t len, size_t *replaced,
                      xmlDoc **out, int *too_deep)
{
    const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    xmlGenericErrorFunc gen = xmlGenericError;
    void *gen_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc st = xmlStructuredError;
    void *st_ctx = xmlStructuredErrorContext;
    char cs[40], *copy = NULL;
    size_t copy_len = 0;
    xmlDoc *xdoc = NULL;
    size_t bom = skip_bom(data, len);
    int utf8 = bom || !html_declared_charset(data, len, cs, sizeof cs) ||
               strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;

    *out = NULL;
    if (utf8) {
        if (tc_utf8_sanitize(data + bom, len - bom, &copy, &copy_len,
                             replaced) != TC_OK)
            return TC_ENOMEM;
        data = copy;
        len = copy_len;
    }
    if (len > INT_MAX) {
        free(copy);
        return TC_ETOOBIG;
    }
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    *too_deep = 0;
    xmlSetStructuredErrorFunc(too_deep, quiet_structured);
    xdoc = htmlReadMemory(data, (int)len, NULL, utf8 ? "UTF-8" : NULL, flags);
    if (!xdoc && !utf8) /* an unknown declared charset */
        xdoc = htmlReadMemory(data, (int)len, NULL, "UTF-8", flags);
    xmlSetGenericErrorFunc(gen_ctx, gen);
    xmlSetStructuredErrorFunc(st_ctx, st);
    free(copy);
    if (xdoc && *too_deep) {   /* not the whole document: none of it */
        xmlFreeDoc(xdoc);
        xdoc = NULL;
    }
    *out = xdoc;
    return xdoc ? TC_OK : TC_EPARSE;
}

/* Text of an element with white space collapsed ("" when none). */
static int html_node_text(const xmlNode *n, text_buf *out)
{
    xmlChar *s = xmlNodeGetContent(n);
    if (s) {
        tb_text(out, (const char *)s, strlen((const char *)s));
        xmlFree(s);
    }
    return out->buf.oom ? TC_ENOMEM : TC_OK;
}

static int html_set_title(tc_doc *doc, const xmlDoc *xdoc, html_walk *w)
{
    const xmlNode *title = html_find(xdoc, "title");
    text_buf t = {0};
    size_t n = 0;
    const char *s = NULL;
    int rc = TC_OK;

    if (title)
        rc = html_node_text(title, &t);
    if (rc == TC_OK && t.buf.len > 0) {
        s = t.buf.p;
        n = t.buf.len;
    } else if (rc == TC_OK && w->h1 && w->h1_end > w->h1_start) {
        s = w->text.buf.p + w->h1_start;
        n = w->h1_end - w->h1_start;
        while (n > 0 && (*s == ' ' || *s == '\n'))
            s++, n--;
    } else if (rc == TC_OK) {
        s = first_line(w->text.buf.p, w->text.buf.len, &n);
    }
    if (rc == TC_OK)
        rc = doc_set_title(doc, s, n);
    for (char *p = rc == TC_OK ? doc->title : NULL; p && *p; p++)
        if (*p == '\n') /* a <br> inside the <h1> */
            *p = ' ';
    tc_buf_free(&t.buf);
    return rc;
}

/* The words of the tag at s[0..n) (just after its '<'), attribute values
 * in quotes skipped as libxml2 reads them; *len gets the bytes up to and
 * with its '>'. */
static size_t tag_words(const char *s, size_t n, size_t *len)
{
    size_t i = 0, words = 0;
    int in_word = 0;
    char prev = 0;
    for (; i < n && s[i] != '>'; i++) {
        char c = s[i];
        if ((c == '"' || c == '\'') && prev == '=') {
            const char *q = memchr(s + i + 1, c, n - i - 1);
            i = q ? (size_t)(q - s) : n - 1;
        } else if (is_space((unsigned char)c)) {
            in_word = 0;
            continue;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
        prev = c;
    }
    *len = i < n ? i + 1 : n;
    return words;
}

/* Why libxml2 should not be given data[0..len), or NULL: too many tags
 * and attributes, or a tag with too many attributes (HTML_MAX_NODES). */
static const char *html_too_costly(const char *data, size_t len)
{
    size_t nodes = 0, taken, words;
    const char *p = data, *end = data + len;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        words = 1;
        taken = 0;
        if (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            words = tag_words(p, (size_t)(end - p), &taken); /* name too */
        if (words > HTML_MAX_ATTRS + 1)
            return "an HTML tag with more than " TC_STR(HTML_MAX_ATTRS)
                   " attributes";
        if ((nodes += words) > HTML_MAX_NODES)
            return "HTML with more than " TC_STR(HTML_MAX_NODES)
                   " tags and attributes";
        p += taken;    /* not a start tag: text, "</", "<!--" */
    }
    return NULL;
}

int tc_parse_html_doc(const char *data, size_t len, tc_doc *doc,
                      tc_error *err)
{
    html_walk w = {0};
    xmlDoc *xdoc = NULL;
    size_t replaced = 0;
    const char *why;
    int rc = TC_OK, too_deep = 0;

    if (!doc || (!data && len))
        return tc_error_set(err, TC_EINVAL, "no input");
    tc_doc_clear(doc);
    tc_error_clear(err);
    if (is_blank(data ? data : "", len))
        return tc_error_set(err, TC_EPARSE, "empty file");
    if (memchr(data, '\0', len < SNIFF_BYTES ? len : SNIFF_BYTES))
        return tc_error_set(err, TC_EPARSE, REASON_BINARY);
    if ((why = html_too_costly(data, len)) != NULL)
        return tc_error_set(err, TC_EPARSE, "%s", why);
    rc = html_parse(data, len, &replaced, &xdoc, &too_deep);
    if (rc != TC_OK) {
        rc = tc_error_set(err, rc, "%s",
                          rc == TC_ENOMEM    ? "out of memory"
                          : rc == TC_ETOOBIG ? "document too large"
                          : too_deep ? "HTML nested deeper than 256 elements "
                                       "(the rest would be lost)"
                                             : "unreadable HTML");
        goto done;
    }
    html_walk_tree(&w, xdoc);
    rc = w.text.buf.oom ? TC_ENOMEM : TC_OK;
    if (rc == TC_OK && w.text.buf.len == 0) {
        rc = tc_error_set(err, TC_EPARSE, "no text");
        goto done;
    }
    if (rc == TC_OK)
        rc = html_set_title(doc, xdoc, &w);
    if (rc == TC_OK)
        rc = tc_doc_set(doc, &doc->body, w.text.buf.p, w.text.buf.len);
    if (rc == TC_OK)
        doc->invalid_bytes += replaced;
    else if (rc == TC_ENOMEM)
        tc_error_set(err, rc, "out of memory");
done:
    tc_buf_free(&w.text.buf);
    xmlFreeDoc(xdoc);
    if (rc != TC_OK)
        tc_doc_clear(doc);
    return rc;
}

/* ---- the reader: reporting and delivering ----------------------------- */

typedef enum { KIND_NONE, KIND_JSONL, KIND_TEXT, KIND_HTML } file_kind;

typedef struct reader {
    size_t max;
    const tc_reader_cb *cb;
    tc_reader_stats *stats;
    int stop; /* on_doc's non-zero return, or TC_ENOMEM: ends everything */
} reader;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void report(reader *r, const char *file, uint64_t line,
                   const char *fmt, ...)
{
    char reason[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    r->stats->errors++;
    if (r->cb && r->cb->on_error)
        r->cb->on_error(r->cb->ctx, file, line, reason);
}

static void report_too_large(reader *r, const char *file, uint64_t line,
                             uint64_t size)
{
    report(r, file, line, "document too large (%llu bytes, limit %llu)",
           (unsigned long long)size, (unsigned long long)r->max);
}

/* Hand doc over, then free whatever the callee left in it. */
static void deliver(reader *r, tc_doc *doc, const char *file, uint64_t line)
{
    int rc = 0;
    r->stats->docs++;
    if (r->cb && r->cb->on_doc)
        rc = r->cb->on_doc(r->cb->ctx, doc, file, line);
    tc_doc_clear(doc);
    if (rc != 0)
        r->stop = rc;
}

/* A parser's verdict on one document: delivered, reported, or fatal. */
static void take_parsed(reader *r, int rc, tc_doc *doc, const tc_error *err,
                        const char *file, uint64_t line)
{
    if (rc == TC_OK)
        deliver(r, doc, file, line);
    else if (rc == TC_ENOMEM)
        r->stop = TC_ENOMEM;
    else
        report(r, file, line, "%s", err->msg);
}

static int ends_with(const char *name, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strcasecmp(name + n - k, suffix) == 0;
}

static file_kind kind_of(const char *name)
{
    size_t n = strlen(name);
    if (ends_with(name, n, ".jsonl") || ends_with(name, n, ".jsonl.gz"))
        return KIND_JSONL;
    if (ends_with(name, n, ".txt"))
        return KIND_TEXT;
    if (ends_with(name, n, ".html") || ends_with(name, n, ".htm"))
        return KIND_HTML;
    return KIND_NONE;
}

/* ---- JSON Lines: the stream --------------------------------------------- */

/* Lines from a gz stream through one fixed chunk.  At most max + 1 bytes of
 * a line are kept (one more than the limit for a CR); past that the line is
 * only counted (total) until its newline. */
typedef struct line_reader {
    gzFile gz;
    char *chunk;
    size_t pos, end;
    char *line;
    size_t len, cap, keep;
    uint64_t total;
    int over, last;
} line_reader;

enum { LR_EOF, LR_LINE, LR_TRUNCATED, LR_ERROR };

static int lr_keep(line_reader *lr, const char *p, size_t n)
{
    if (n > 0)
        lr->last = (unsigned char)p[n - 1];
    lr->total += n;
    if (lr->over || n == 0)
        return TC_OK;
    if (n > lr->keep - lr->len) {
        lr->over = 1;
        return TC_OK;
    }
    if (lr->cap - lr->len <= n) {
        size_t cap = lr->cap ? lr->cap : 4096;
        while (cap - lr->len <= n)
            cap = cap > (lr->keep + 1) / 2 ? lr->keep + 1 : cap * 2;
        char *q = realloc(lr->line, cap);
        if (!q)
            return TC_ENOMEM;
        lr->line = q;
        lr->cap = cap;
    }
    memcpy(lr->line + lr->len, p, n);
    lr->len += n;
    return TC_OK;
}

/* The next line (without its newline) in lr->line/len, or only its length
 * in lr->total when lr->over.  Returns an LR_* code or TC_ENOMEM. */
static int lr_next(line_reader *lr, tc_reader_stats *stats)
{
    lr->len = 0;
    lr->total = 0;
    lr->over = 0;
    lr->last = 0;
    for (;;) {
        if (lr->pos == lr->end) {
            int zerr = Z_OK;
            int got = gzread(lr->gz, lr->chunk, READ_CHUNK);
            if (got <= 0)
                gzerror(lr->gz, &zerr);
            if (zerr == Z_BUF_ERROR)
                return LR_TRUNCATED;
            if (got < 0)
                return LR_ERROR;
            if (got == 0)
                return lr->total > 0 ? LR_LINE : LR_EOF;
            stats->bytes += (uint64_t)got;
            lr->pos = 0;
            lr->end = (size_t)got;
        }
        const char *p = lr->chunk + lr->pos;
        const char *nl = memchr(p, '\n', lr->end - lr->pos);
        size_t n = nl ? (size_t)(nl - p) : lr->end - lr->pos;
        if (lr_keep(lr, p, n) != TC_OK)
            return TC_ENOMEM;
        lr->pos += n + (nl ? 1 : 0);
        if (nl)
            return LR_LINE;
    }
}

static void report_gz_error(reader *r, gzFile gz, const char *file,
                            uint64_t line)
{
    int zerr = Z_OK;
    const char *msg = gzerror(gz, &zerr);
    if (zerr == Z_ERRNO)
        report(r, file, line, "read error: %s", strerror(errno));
    else if (zerr == Z_DATA_ERROR)
        report(r, file, line, "corrupt gzip stream: %s", msg);
    else
        report(r, file, line, "read error: %s", msg);
}

static void jsonl_line(reader *r, line_reader *lr, const char *file,
                       uint64_t lineno)
{
    size_t cr = lr->last == '\r';
    uint64_t size = lr->total - cr;
    const char *s = lr->line ? lr->line : "";
    size_t n = lr->len;
    tc_doc doc = {0};
    tc_error err;

    if (lr->over || size > r->max) {
        report_too_large(r, file, lineno, size);
        return;
    }
    n -= cr;
    if (lineno == 1) {
        size_t bom = skip_bom(s, n);
        s += bom;
        n -= bom;
    }
    if (is_blank(s, n))
        return;
    take_parsed(r, tc_parse_json_doc(s, n, &doc, &err), &doc, &err, file,
                lineno);
    tc_doc_clear(&doc);
}

/* Read every line of gz (closed here). */
static void read_jsonl(reader *r, gzFile gz, const char *file)
{
    line_reader lr = {.gz = gz, .keep = r->max + 1};
    uint64_t lineno = 0;

    lr.chunk = malloc(READ_CHUNK);
    if (!lr.chunk) {
        r->stop = TC_ENOMEM;
        goto done;
    }
    gzbuffer(gz, 128u * 1024u);
    while (!r->stop) {
        int st = lr_next(&lr, r->stats);
        if (st == LR_EOF)
            break;
        if (st == TC_ENOMEM) {
            r->stop = TC_ENOMEM;
            break;
        }
        lineno++;
        if (st == LR_TRUNCATED) {
            report(r, file, lineno, "truncated gzip stream");
            break;
        }
        if (st == LR_ERROR) {
            report_gz_error(r, gz, file, lineno);
            break;
        }
        jsonl_line(r, &lr, file, lineno);
    }
done:
    free(lr.chunk);
    free(lr.line);
    gzclose(gz);
}

/* ---- whole files ----------------------------------------------------- */

/* Read fd to its end, holding at most limit bytes: when there are more,
 * *out is NULL and *total says how many there were. */
static int read_bounded(int fd, size_t limit, size_t hint, char **out,
                        uint64_t *total)
{
    size_t cap = hint < 4096 ? 4096 : hint + 1, n = 0;
    char *buf;
    int rc = TC_OK;

    if (cap > limit)
        cap = limit;
    buf = malloc(cap + 1);
    *out = NULL;
    *total = 0;
    if (!buf)
        return TC_ENOMEM;
    for (;;) {
        if (n == cap && cap == limit) {
            ssize_t got = read(fd, buf, cap); /* only counting now */
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                rc = got < 0 ? TC_EIO : TC_OK;
                break;
            }
            *total += (uint64_t)got;
            continue;
        }
        if (n == cap) {
            size_t ncap = cap > limit / 2 ? limit : cap * 2;
            char *p = realloc(buf, ncap + 1);
            if (!p) {
                rc = TC_ENOMEM;
                break;
            }
            buf = p;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            rc = got < 0 ? TC_EIO : TC_OK;
            break;
        }
        n += (size_t)got;
        *total += (uint64_t)got;
    }
    if (rc == TC_OK && *total == n) {
        buf[n] = '\0';
        *out = buf;
        buf = NULL;
    }
    free(buf);
    return rc;
}

/* Read a .txt or .html file into one document with the given id. */
static void read_whole(reader *r, int fd, const char *file, const char *id,
                       file_kind kind)
{
    struct stat st;
    char *data = NULL;
    uint64_t total = 0;
    tc_doc doc = {0};
    tc_error err;
    int rc;

    if (fstat(fd, &st) != 0) {
        report(r, file, 0, "cannot open: %s", strerror(errno));
        return;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > r->max) {
        report_too_large(r, file, 0, (uint64_t)st.st_size);
        return;
    }
    rc = read_bounded(fd, r->max, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
                      &data, &total);
    r->stats->bytes += total;
    if (rc == TC_ENOMEM) {
        r->stop = rc;
    } else if (rc != TC_OK) {
        report(r, file, 0, "read error: %s", strerror(errno));
    } else if (!data) {
        report_too_large(r, file, 0, total);
    } else {
        rc = kind == KIND_TEXT ? tc_parse_text_doc(data, total, &doc, &err)
                               : tc_parse_html_doc(data, total, &doc, &err);
        if (rc == TC_OK)
            rc = tc_doc_set(&doc, &doc.id, id, strlen(id));
        take_parsed(r, rc, &doc, &err, file, 0);
    }
    free(data);
    tc_doc_clear(&doc);
}

static int open_error(reader *r, const char *file, int e)
{
    report(r, file, 0, "cannot open: %s", strerror(e));
    return e == ENOENT || e == ENOTDIR ? TC_ENOTFOUND : TC_EIO;
}

/* One file of a known kind.  TC_OK, or the open error (reported). */
static int read_file(reader *r, const char *file, const char *id,
                     file_kind kind)
{
    if (kind == KIND_JSONL) {
        errno = 0;
        gzFile gz = gzopen(file, "rb");
        if (!gz)
            return open_error(r, file, errno ? errno : ENOMEM);
        read_jsonl(r, gz, file);
        return TC_OK;
    }
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return open_error(r, file, errno);
    read_whole(r, fd, file, id, kind);
    close(fd);
    return TC_OK;
}

static int read_stdin(reader *r)
{
    int fd = dup(STDIN_FILENO);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        report(r, "-", 0, "cannot open: %s", strerror(e));
        return TC_EIO;
    }
    read_jsonl(r, gz, "-");
    return TC_OK;
}

/* ---- the directory walk ------------------------------------------------- */

typedef struct dir_frame {
    dev_t dev;
    ino_t ino;
    const struct dir_frame *up;
} dir_frame;

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    int slash = na > 0 && nb > 0 && a[na - 1] != '/';
    char *s = malloc(na + (size_t)slash + nb + 1);
    if (!s)
        return NULL;
    memcpy(s, a, na);
    if (slash)
        s[na] = '/';
    memcpy(s + na + (size_t)slash, b, nb + 1);
    return s;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The entries of dir but "." and "..", sorted bytewise.  TC_OK, TC_EIO
 * (errno set) or TC_ENOMEM. */
static int list_dir(const char *dir, char ***out, size_t *count)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = TC_OK;

    *out = NULL;
    *count = 0;
    if (!d)
        return TC_EIO;
    while ((errno = 0, e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *names);
            if (!p)
                goto nomem;
            names = p;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto nomem;
        n++;
    }
    int list_errno = errno;
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    if (list_errno != 0) { /* a partial listing: walked, and reported */
        errno = list_errno;
        rc = TC_EIO;
    }
    *out = names;
    *count = n;
    return rc;
nomem:
    closedir(d);
    free_names(names, n);
    return TC_ENOMEM;
}

static int walk_dir(reader *r, const char *root, const char *rel,
                    const struct stat *st, const dir_frame *up);

/* One entry of a walk: a directory is entered, a known file read (through
 * a symbolic link too), anything else counted as ignored, symbolic links to
 * directories included: like find without -L, a walk stays inside the
 * tree it was given (a link to a parent would walk an unrelated one). */
static void walk_entry(reader *r, const char *root, const char *rel,
                       const char *name, const dir_frame *up)
{
    char *path = join(root, rel);
    struct stat st;
    int ok, link = 0;

    if (!path) {
        r->stop = TC_ENOMEM;
        return;
    }
    ok = lstat(path, &st) == 0;
    if (ok && S_ISLNK(st.st_mode)) {
        link = 1;
        ok = stat(path, &st) == 0; /* what it points to */
    }
    if (!ok) {
        open_error(r, path, errno);
    } else if (S_ISDIR(st.st_mode) && !link) {
        walk_dir(r, root, rel, &st, up);
    } else if (!S_ISREG(st.st_mode) || kind_of(name) == KIND_NONE) {
        r->stats->ignored++;
    } else {
        read_file(r, path, rel, kind_of(name));
    }
    free(path);
}

/* Walk the directory root/rel (rel "" for the root itself).  TC_OK, or
 * TC_EIO when it could not be listed (reported). */
static int walk_dir(reader *r, const char *root, const char *rel,
                    const struct stat *st, const dir_frame *up)
{
    dir_frame here = {st->st_dev, st->st_ino, up};
    char *path = join(root, rel), **names = NULL;
    size_t n = 0;
    int rc = TC_OK;

    if (!path) {
        r->stop = TC_ENOMEM;
        return TC_OK;
    }
    /* Symbolic links are not followed, but a bind mount of an ancestor
     * (mount --bind / /srv/x) still makes a loop. */
    for (const dir_frame *f = up; f; f = f->up) {
        if (f->dev == st->st_dev && f->ino == st->st_ino) {
            report(r, path, 0, "directory loop, skipped");
            goto done;
        }
    }
    rc = list_dir(path, &names, &n);
    if (rc == TC_ENOMEM) {
        r->stop = rc;
        rc = TC_OK;
        goto done;
    }
    if (rc != TC_OK)
        rc = open_error(r, path, errno);
    for (size_t i = 0; i < n && !r->stop; i++) {
        char *child = join(rel, names[i]);
        if (!child) {
            r->stop = TC_ENOMEM;
            break;
        }
        walk_entry(r, root, child, names[i], &here);
        free(child);
    }
done:
    free_names(names, n);
    free(path);
    return rc;
}

/* ---- the entry point ---------------------------------------------------- */

int tc_read_input(const char *path, const tc_reader_opts *opts,
                  const tc_reader_cb *cb, tc_reader_stats *stats)
{
    tc_reader_stats scratch = {0};
    reader r = {.cb = cb, .stats = stats ? stats : &scratch};
    struct stat st;
    int rc;

    /* 0 (a zeroed struct) means the default; the cap keeps max + 1 and
     * friends from overflowing. */
    r.max = opts && opts->max_doc_bytes ? opts->max_doc_bytes
                                        : TC_DEFAULT_MAX_DOC_BYTES;
    if (r.max > SIZE_MAX / 4)
        r.max = SIZE_MAX / 4;
    if (!path)
        return TC_EINVAL;
    if (strcmp(path, "-") == 0) {
        rc = read_stdin(&r);
    } else if (stat(path, &st) != 0) {
        rc = open_error(&r, path, errno);
    } else if (S_ISDIR(st.st_mode)) {
        rc = walk_dir(&r, path, "", &st, NULL);
    } else if (kind_of(path) == KIND_NONE) {
        report(&r, path, 0, "unsupported file type");
        rc = TC_EINVAL;
    } else {
        /* a file named directly: its id is the path as given (a leading
         * "./" dropped), so x1/doc.txt and x2/doc.txt stay two documents */
        const char *id = path;
        while (id[0] == '.' && id[1] == '/')
            id += 2;
        rc = read_file(&r, path, id, kind_of(path));
    }
    return r.stop ? r.stop : rc;
}
