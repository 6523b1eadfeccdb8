/* fuzz_query: the query parser and query rewriting on any bytes.
 *
 * The input is a query, optionally followed by a line break and a text
 * that plays a result.  The query is sanitized as tc_search does, parsed
 * (query.h), given its entity boost and every entity filter (fields.h);
 * then the text's highlighted words vote and the query is restored as
 * the text writes it (restore.h), the "kết quả cho" rewrite.  The parse
 * asks a fake index that holds every exact term (XE) more often than any
 * other, so that each word typed in Telex or VNI gets its alternative
 * (typing.h), and every space-separated piece of the query goes through
 * the Telex and VNI readers and the syllable check.  A query that asks
 * for a figure ("doanh thu bao nhiêu", answers.h) has the figures of the
 * text that answer it scored.  Checks: the parse never fails but for
 * memory, the highlight and word counts keep their caps, the rewritten
 * query is valid UTF-8, the figure range is ordered; a question's subject
 * is the query with words blanked, its words valid; at most
 * TC_ANSWER_MAX answers, each a figure in its sentence, the sentence
 * valid UTF-8 with no control character, its HTML with one <b>...</b> as
 * its only markup. */
#include "fuzz.h"
#include "answers.h"
#include "fields.h"
#include "query.h"
#include "restore.h"
#include "typing.h"
#include "tracuu/analysis.h"
#include "tracuu/error.h"

static const char *const filters[] = {"official", "doc", "type", "place",
                                      "date", "figure", "title"};

static void restore(const tc_parsed_query *pq, const char *q, size_t qlen,
                    const uint8_t *text, size_t tlen)
{
    char *doc = NULL, *snip = NULL, *out = NULL;
    size_t dlen;
    tc_restorer *rs = tc_restorer_new(&pq->hl);
    if (!rs || tc_utf8_sanitize((const char *)text, tlen, &doc, &dlen, NULL)
                   != TC_OK)
        goto done;
    tc_restorer_doc(rs, doc);
    if (tc_snippet_hits(doc, dlen, &pq->hl, TC_SNIPPET_DEFAULT_LEN,
                        TC_SNIPPET_HTML, &snip, tc_restorer_hit, rs) != TC_OK)
        goto done;
    if (tc_restorer_rewrite(rs, q, qlen, &out) == TC_OK && out)
        FUZZ_CHECK(fuzz_valid_utf8(out, strlen(out)));
done:
    free(out);
    free(snip);
    free(doc);
    tc_restorer_free(rs);
}

static uint32_t fake_termfreq(void *ctx, const char *term, size_t len)
{
    (void)ctx;
    return len >= 2 && term[0] == 'X' && term[1] == 'E' ? 1000 : (uint32_t)len;
}

/* Each space-separated piece of q through the typing readers. */
static void typing(const char *q, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && q[j] != ' ')
            j++;
        char out[TC_TYPING_MAX_OUT];
        size_t n = tc_typing_syllable(q + i, j - i, out, sizeof out);
        if (n) {
            FUZZ_CHECK(n < sizeof out && out[n] == '\0');
            FUZZ_CHECK(fuzz_valid_utf8(out, n));
            FUZZ_CHECK(tc_vi_syllable_valid(out, n));
        }
        if ((n = tc_telex_to_vi(q + i, j - i, out, sizeof out)))
            FUZZ_CHECK(fuzz_valid_utf8(out, n));
        if ((n = tc_vni_to_vi(q + i, j - i, out, sizeof out)))
            FUZZ_CHECK(fuzz_valid_utf8(out, n));
        (void)tc_vi_syllable_valid(q + i, j - i);
        i = j + 1;
    }
}

static void check_answer(json_t *a)
{
    const char *fig = json_string_value(json_object_get(a, "figure"));
    const char *sent = json_string_value(json_object_get(a, "sentence"));
    const char *html = json_string_value(json_object_get(a, "sentence_html"));
    FUZZ_CHECK(fig && sent && html && *fig);
    FUZZ_CHECK(fuzz_valid_utf8(sent, strlen(sent)));
    for (const char *c = sent; *c; c++)
        FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
    const char *b = strstr(html, "<b>"), *e = b ? strstr(b, "</b>") : NULL;
    FUZZ_CHECK(b && e && !strstr(e + 1, "<b>"));
    for (const char *c = html; *c; c++)
        FUZZ_CHECK(*c != '<' || c == b || c == e);
    for (const char *c = html; *c; c++)
        FUZZ_CHECK(*c != '>' || c == b + 2 || c == e + 3);
}

/* The question in q, and the text's figures that answer it. */
static void answer(const char *q, size_t qlen, const uint8_t *text,
                   size_t tlen)
{
    tc_question qn;
    int rc = tc_question_parse(q, qlen, &qn);
    FUZZ_CHECK(rc == TC_OK || rc == TC_ENOMEM);
    if (rc != TC_OK || !qn.subject)
        return;
    FUZZ_CHECK(qn.subject_len == qlen && strlen(qn.subject) == qlen);
    FUZZ_CHECK(qn.nwords <= TC_QUESTION_MAX_WORDS);
    for (size_t i = 0; i < qn.nwords; i++)
        FUZZ_CHECK(fuzz_valid_utf8(qn.words[i].folded,
                                   strlen(qn.words[i].folded)));
    tc_answer_set *set = tc_answer_set_new(&qn);
    tc_answer_doc doc = {"id", "", NULL, NULL};
    if (set && tc_answers_add_text(set, &doc, (const char *)text, tlen) ==
                   TC_OK) {
        json_t *a = tc_answers_json(set);
        FUZZ_CHECK(a != NULL);
        FUZZ_CHECK(json_is_null(a) || (json_array_size(a) >= 1 &&
                                       json_array_size(a) <= TC_ANSWER_MAX));
        for (size_t i = 0; i < json_array_size(a); i++)
            check_answer(json_array_get(a, i));
        json_decref(a);
    }
    tc_answer_set_free(set);
    tc_question_clear(&qn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t qraw, tlen;
    const uint8_t *text = fuzz_split(data, size, '\n', &qraw, &tlen);
    char *q = NULL;
    size_t qlen;
    tc_parsed_query pq;

    if (qraw > 4096)                     /* the server's and CLI's limit */
        return 0;
    memset(&pq, 0, sizeof pq);
    if (tc_utf8_sanitize((const char *)data, qraw, &q, &qlen, NULL) != TC_OK)
        return 0;
    typing(q, qlen);
    int rc = tc_query_parse_with(q, qlen, fake_termfreq, NULL, &pq);
    FUZZ_CHECK(rc == TC_OK || rc == TC_ENOMEM);
    if (rc == TC_OK) {
        FUZZ_CHECK(pq.query != NULL);
        FUZZ_CHECK(pq.words >= 0 && pq.words <= TC_QUERY_MAX_WORDS);
        FUZZ_CHECK(pq.hl.nwords <= 4 * TC_QUERY_MAX_WORDS + 64 +
                                   TC_QUERY_MAX_ALTS);
        FUZZ_CHECK(pq.nalts <= TC_QUERY_MAX_ALTS);
        for (size_t i = 0; i < pq.nalts; i++)
            FUZZ_CHECK(pq.alts[i].start + pq.alts[i].len <= qlen);
        FUZZ_CHECK(memchr(pq.figure_unit, 0, sizeof pq.figure_unit));
        if (pq.figure_unit[0])
            FUZZ_CHECK(!(pq.figure_lo > pq.figure_hi));
        char *desc = tc_xquery_describe(pq.query);
        free(desc);
        tc_xquery_free(tc_query_entity_boost(q, qlen));
        for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
            tc_xquery_free(tc_query_filter(filters[i], q, qlen));
        char lo[9], hi[9];
        if (tc_date_range(q, qlen, lo, hi) == 0)
            FUZZ_CHECK(strlen(lo) == 8 && strlen(hi) == 8);
        restore(&pq, q, qlen, text, tlen);
    }
    answer(q, qlen, text, tlen);
    tc_parsed_query_clear(&pq);
    free(q);
    return 0;
}
