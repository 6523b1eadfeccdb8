/* fuzz_snippet: the snippet builder (snippet.h) on any text and query.
 *
 * The input is a query, a line break, and the text (as tc_search hands
 * them over: both sanitized UTF-8).  The highlight is the parser's
 * (query.h).  Checks: the HTML snippet is valid UTF-8 whose only markup
 * is <mark> and </mark>, balanced, and whose every '&' starts an entity;
 * the ANSI snippet holds no escape but the bold on/off; every hit lies
 * inside the text, in order; tc_html_escape leaves no markup. */
#include "fuzz.h"
#include "query.h"
#include "snippet.h"
#include "tracuu/analysis.h"
#include "tracuu/error.h"

typedef struct hits {
    size_t len, last;
} hits;

static void on_hit(void *ctx, size_t start, size_t end)
{
    hits *h = ctx;
    FUZZ_CHECK(start < end && end <= h->len);
    FUZZ_CHECK(start >= h->last);
    h->last = end;
}

static void check_html(const char *s)
{
    int open = 0;
    FUZZ_CHECK(fuzz_valid_utf8(s, strlen(s)));
    for (const char *p = s; *p; p++) {
        if (*p == '<') {
            if (strncmp(p, "<mark>", 6) == 0 && !open) {
                open = 1;
                p += 5;
            } else {
                FUZZ_CHECK(strncmp(p, "</mark>", 7) == 0 && open);
                open = 0;
                p += 6;
            }
        } else if (*p == '&') {
            FUZZ_CHECK(strncmp(p, "&amp;", 5) == 0 ||
                       strncmp(p, "&lt;", 4) == 0 ||
                       strncmp(p, "&gt;", 4) == 0 ||
                       strncmp(p, "&quot;", 6) == 0 ||
                       strncmp(p, "&#39;", 5) == 0);
        } else {
            FUZZ_CHECK(*p != '>' && *p != '"' && *p != '\'');
        }
    }
    FUZZ_CHECK(!open);
}

static void check_ansi(const char *s)
{
    FUZZ_CHECK(fuzz_valid_utf8(s, strlen(s)));
    for (const char *p = s; (p = strchr(p, '\033')) != NULL; p++)
        FUZZ_CHECK(strncmp(p, "\033[1m", 4) == 0 ||
                   strncmp(p, "\033[0m", 4) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t qraw, traw, qlen, tlen;
    const uint8_t *t = fuzz_split(data, size, '\n', &qraw, &traw);
    char *q = NULL, *text = NULL, *out = NULL;
    tc_parsed_query pq;
    memset(&pq, 0, sizeof pq);
    if (qraw > 4096 ||
        tc_utf8_sanitize((const char *)data, qraw, &q, &qlen, NULL) ||
        tc_utf8_sanitize((const char *)t, traw, &text, &tlen, NULL) ||
        tc_query_parse(q, qlen, &pq))
        goto done;
    size_t target = qraw % 3 == 0 ? TC_SNIPPET_DEFAULT_LEN : qraw % 3 == 1
                                                               ? 1 : 40;
    hits h = {tlen, 0};
    if (tc_snippet_hits(text, tlen, &pq.hl, target, TC_SNIPPET_HTML, &out,
                        on_hit, &h) == TC_OK)
        check_html(out);
    free(out);
    out = NULL;
    if (tc_snippet(text, tlen, &pq.hl, target, TC_SNIPPET_ANSI, &out) ==
        TC_OK)
        check_ansi(out);
    free(out);
    out = tc_html_escape(text, tlen);
    if (out)
        FUZZ_CHECK(!strchr(out, '<') && !strchr(out, '>') &&
                   !strchr(out, '"'));
done:
    free(out);
    free(text);
    free(q);
    tc_parsed_query_clear(&pq);
    return 0;
}
