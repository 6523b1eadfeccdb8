/* test_query.c: the query parser (query.h), table-driven: the Xapian tree
 * each query becomes (as Xapian describes it), whether it fell back to
 * plain words, its words, and what the snippets will highlight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "query.h"

#define S7 "0.69999999999999995559 * "
#define S8 "0.80000000000000004441 * "
#define ADJ "PostingSource(Xapian::FixedWeightPostingSource(wt=1000))"
#define TIER "PostingSource(Xapian::FixedWeightPostingSource(wt=100000))"

static const struct {
    const char *q, *tree;
    int fallback, diacritics, words, relaxed;
    size_t hl_words, hl_phrases;
} rows[] = {
    /* plain words: all required; title and bigram boosts; the adjacency
     * tier for the words typed side by side */
    {"thanh hoa",
     "Query((((thanh AND hoa) AND_MAYBE (" S7 "Sthanh OR " S7 "Shoa OR "
     "1 * XBthanh_hoa OR 10 * XOthanh_hoa)) AND_MAYBE (" ADJ
     " FILTER XBthanh_hoa)))", 0, 0, 2, 1, 2, 0},
    /* with diacritics: exact forms boosted, the exact tier on top */
    {"Thanh Hóa",
     "Query(((((thanh AND hoa) AND_MAYBE (1.5 * XEthanh OR " S7 "Sthanh OR "
     "1.5 * XEhóa OR " S7 "Shoa OR 1 * XBthanh_hoa OR 10 * XOthanh_hoa)) "
     "AND_MAYBE (" TIER " FILTER (XEthanh AND XEhóa))) AND_MAYBE (" ADJ
     " FILTER XCthanh_hóa)))", 0, 1, 2, 1, 2, 0},
    /* old tone placement: the same terms as the new */
    {"THANH HOÁ",
     "Query(((((thanh AND hoa) AND_MAYBE (1.5 * XEthanh OR " S7 "Sthanh OR "
     "1.5 * XEhóa OR " S7 "Shoa OR 1 * XBthanh_hoa OR 10 * XOthanh_hoa)) "
     "AND_MAYBE (" TIER " FILTER (XEthanh AND XEhóa))) AND_MAYBE (" ADJ
     " FILTER XCthanh_hóa)))", 0, 1, 2, 1, 2, 0},
    /* a phrase is positional; no relaxed retry with operators */
    {"\"thuê bao\" internet",
     "Query(((((thue PHRASE 2 bao) AND internet) AND_MAYBE (1.5 * XEthuê OR "
     S7 "Sthue OR 1.5 * XEbao OR " S7 "Sbao OR 1.5 * XEinternet OR " S7
     "Sinternet)) AND_MAYBE (" TIER " FILTER (XEthuê AND XEbao AND "
     "XEinternet))))", 0, 1, 3, 0, 1, 1},
    {"a OR b",
     "Query(((a OR b) AND_MAYBE (" S7 "Sa OR " S7 "Sb)))", 0, 0, 2, 0, 2, 0},
    /* OR with diacritics: boosts, but no exact tier */
    {"bằng OR băng",
     "Query(((bang OR bang) AND_MAYBE (1.5 * XEbằng OR " S7 "Sbang OR "
     "1.5 * XEbăng OR " S7 "Sbang)))", 0, 1, 2, 0, 2, 0},
    /* exclusion: nothing boosted or highlighted for the excluded word */
    {"thue -bao",
     "Query(((thue AND_NOT bao) AND_MAYBE " S7 "Sthue))", 0, 0, 2, 0, 1, 0},
    {"thue NOT bao",
     "Query(((thue AND_NOT bao) AND_MAYBE " S7 "Sthue))", 0, 0, 2, 0, 1, 0},
    {"NOT x", "Query((<alldocuments> AND_NOT x))", 0, 0, 1, 0, 0, 0},
    {"(a OR b) AND c",
     "Query((((a OR b) AND c) AND_MAYBE (" S7 "Sa OR " S7 "Sb OR " S7
     "Sc)))", 0, 0, 3, 0, 3, 0},
    {"title:đường",
     "Query(((Sduong AND_MAYBE 1.5 * XEđường) AND_MAYBE (" TIER
     " FILTER XEđường)))", 0, 1, 1, 0, 1, 0},
    {"title:\"thuê bao\"",
     "Query((((Sthue PHRASE 2 Sbao) AND_MAYBE (1.5 * XEthuê OR 1.5 * XEbao)) "
     "AND_MAYBE (" TIER " FILTER (XEthuê AND XEbao))))", 0, 1, 2, 0, 0, 1},
    /* a joined word is a phrase of its parts; numbers have no exact form */
    /* abbreviations both ways: what it stands for, highlighted too */
    {"KT-XH 2017",
     "Query(((((kt PHRASE 2 xh) OR (kinh PHRASE 4 te PHRASE 4 xa PHRASE 4 "
     "hoi)) AND 2017) AND_MAYBE (" S7 "Skt OR " S7 "Sxh "
     "OR 1 * XBkt_xh OR " S7 "S2017 OR 1 * XBxh_2017)))", 0, 0, 3, 1, 1, 2},
    {"ubnd",
     "Query(((ubnd OR (uy PHRASE 4 ban PHRASE 4 nhan PHRASE 4 dan)) AND_MAYBE "
     S7 "Subnd))", 0, 0, 1, 0, 1, 1},
    /* two letters in lower case are a word, not an abbreviation */
    {"tp", "Query((tp AND_MAYBE " S7 "Stp))", 0, 0, 1, 0, 1, 0},
    {"uy ban nhan dan",
     "Query((((uy AND ban AND nhan AND dan) OR ubnd) AND_MAYBE (" S7
     "Suy OR " S7 "Sban OR 1 * XBuy_ban OR " S7 "Snhan OR 1 * XBban_nhan OR "
     S7 "Sdan OR 1 * XBnhan_dan OR 10 * XOuy_ban_nhan_dan)))",
     0, 0, 4, 1, 4, 1},
    {"1.800.000", "Query((1800000 AND_MAYBE " S7 "S1800000))",
     0, 0, 1, 0, 1, 0},
    {"12,5%", "Query((12,5% AND_MAYBE " S7 "S12,5%))", 0, 0, 1, 0, 1, 0},
    /* malformed: searched as plain words, operators dropped */
    {"((x", "Query((x AND_MAYBE " S7 "Sx))", 1, 0, 1, 0, 1, 0},
    {"x AND", "Query((x AND_MAYBE " S7 "Sx))", 1, 0, 1, 0, 1, 0},
    {"\"thuê bao",
     "Query(((((thue AND bao) AND_MAYBE (1.5 * XEthuê OR " S7 "Sthue OR "
     "1.5 * XEbao OR " S7 "Sbao OR 1 * XBthue_bao)) AND_MAYBE (" TIER
     " FILTER (XEthuê AND XEbao))) AND_MAYBE (" ADJ
     " FILTER XCthuê_bao)))", 1, 1, 2, 1, 2, 0},
    {"a OR OR b",
     "Query((((a AND b) AND_MAYBE (" S7 "Sa OR " S7 "Sb OR 1 * XBa_b)) "
     "AND_MAYBE (" ADJ " FILTER XBa_b)))",
     1, 0, 2, 1, 2, 0},
    {"title:", "Query((title AND_MAYBE " S7 "Stitle))", 0, 0, 1, 0, 1, 0},
    /* nothing to search */
    {"", "Query()", 0, 0, 0, 0, 0, 0},
    /* entity fields: one term (or a range of days), the words
     * highlighted as a phrase */
    {"official:\"Lê Anh Tuấn\"", "Query(XOle_anh_tuan)", 0, 1, 3, 0, 0, 1},
    {"doc:\"36a nq cp\"", "Query(XD36a/nq/cp)", 0, 0, 3, 0, 0, 1},
    {"văn bản:36A/NQ-CP", "Query(XD36a/nq/cp)", 0, 1, 3, 0, 0, 1},
    {"place:\"TP.HCM\"", "Query(XPho_chi_minh)", 0, 0, 2, 0, 0, 1},
    {"date:2018..2020", "Query(VALUE_RANGE 3 20180000 20209999)", 0, 0, 0,
     0, 0, 0},
    {"date:tomorrow", "Query()", 0, 0, 0, 0, 0, 0},
    {"official:", "Query((official AND_MAYBE " S7 "Sofficial))", 0, 0, 1, 0,
     1, 0},
    /* a plain query that is a legal reference: its documents first */
    {"36a/NQ-CP",
     "Query((((36a PHRASE 3 nq PHRASE 3 cp) AND_MAYBE (" S7 "S36a OR " S7
     "Snq OR 1 * XB36a_nq OR " S7 "Scp OR 1 * XBnq_cp OR "
     "10 * XD36a/nq/cp)) AND_MAYBE (" ADJ " FILTER (XB36a_nq AND "
     "XBnq_cp))))", 0, 0, 3, 0, 0, 1},
    {",,, ... !!!", "Query()", 0, 0, 0, 0, 0, 0},
    {"AND OR NOT", "Query()", 1, 0, 0, 0, 0, 0},
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_parsed_query pq;
        assert_int_equal(tc_query_parse(rows[i].q, strlen(rows[i].q), &pq),
                         TC_OK);
        char *d = tc_xquery_describe(pq.query);
        if (strcmp(d, rows[i].tree) != 0)
            fail_msg("query '%s'\n got  %s\n want %s", rows[i].q, d,
                     rows[i].tree);
        free(d);
        assert_int_equal(pq.plain_fallback, rows[i].fallback);
        assert_int_equal(pq.has_diacritics, rows[i].diacritics);
        assert_int_equal(pq.words, rows[i].words);
        assert_int_equal(pq.relaxed != NULL, rows[i].relaxed);
        assert_int_equal(pq.hl.nwords, rows[i].hl_words);
        assert_int_equal(pq.hl.nphrases, rows[i].hl_phrases);
        tc_parsed_query_clear(&pq);
    }
}

/* The highlight spec carries the folded forms, and the exact forms only
 * when the query was typed with diacritics. */
static void test_highlight_spec(void **state)
{
    (void)state;
    tc_parsed_query pq;
    const char *q = "Đầu \"Thanh Tùng\"";
    assert_int_equal(tc_query_parse(q, strlen(q), &pq), TC_OK);
    assert_int_equal(pq.hl.nwords, 1);     /* the phrase's words: as one */
    assert_string_equal(pq.hl.words[0].folded, "dau");
    assert_string_equal(pq.hl.words[0].exact, "đầu");
    assert_int_equal(pq.hl.nphrases, 1);
    assert_int_equal(pq.hl.phrases[0].n, 2);
    assert_string_equal(pq.hl.phrases[0].folded[1], "tung");
    tc_parsed_query_clear(&pq);
    assert_int_equal(tc_query_parse("dau thanh tung", 14, &pq), TC_OK);
    assert_null(pq.hl.words[0].exact);
    tc_parsed_query_clear(&pq);
}

/* Limits: words past TC_QUERY_MAX_WORDS are ignored, nesting past
 * TC_QUERY_MAX_DEPTH falls back to plain words; neither fails. */
static void test_limits(void **state)
{
    (void)state;
    char q[4096] = "";
    for (int i = 0; i < 100; i++)
        strcat(q, "tu ");
    tc_parsed_query pq;
    assert_int_equal(tc_query_parse(q, strlen(q), &pq), TC_OK);
    assert_int_equal(pq.words, TC_QUERY_MAX_WORDS);
    assert_true(pq.truncated);
    tc_parsed_query_clear(&pq);

    memset(q, 0, sizeof q);
    for (int i = 0; i < 40; i++)
        strcat(q, "(");
    strcat(q, "x");
    for (int i = 0; i < 40; i++)
        strcat(q, ")");
    assert_int_equal(tc_query_parse(q, strlen(q), &pq), TC_OK);
    assert_true(pq.plain_fallback);
    assert_int_equal(pq.words, 1);
    tc_parsed_query_clear(&pq);

    /* a million-term boolean query stays bounded */
    size_t big = 1000000 * 5;
    char *b = malloc(big + 1);
    for (size_t i = 0; i < big; i += 5)
        memcpy(b + i, "x OR", 5), b[i + 4] = ' ';
    b[big] = '\0';
    assert_int_equal(tc_query_parse(b, big, &pq), TC_OK);
    assert_true(pq.words <= TC_QUERY_MAX_WORDS);
    tc_parsed_query_clear(&pq);
    free(b);
}

/* ---- typing alternatives (query.h, typing.h) ------------------------- */

/* A fake index: the document frequency of a few terms, 0 for the rest. */
static const struct { const char *term; uint32_t n; } index_terms[] = {
    {"XEviệt", 900}, {"XEngười", 800}, {"XEđâu", 300}, {"XEtiếng", 400},
    {"nam", 1000}, {"vieejt", 1}, {"test", 100}, {"XEtét", 5},
    {"XEmã", 500}, {"max", 20},
};

static uint32_t fake_termfreq(void *ctx, const char *term, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof index_terms / sizeof index_terms[0]; i++)
        if (strlen(index_terms[i].term) == len &&
            memcmp(index_terms[i].term, term, len) == 0)
            return index_terms[i].n;
    return 0;
}

static const struct {
    const char *q;
    const char *typed, *as;   /* the one alternative; NULL: none */
    const char *has;          /* a piece of the tree */
} alt_rows[] = {
    {"vieejt nam", "vieejt", "việt", "((vieejt OR " S8 "XEviệt) AND nam)"},
    {"vie6t5 nam", "vie6t5", "việt", "((vie6t5 OR " S8 "XEviệt) AND nam)"},
    {"nam Vieejt", "Vieejt", "Việt", "" S8 "XBnam_viet"},
    {"nguwowif", "nguwowif", "người", "(nguwowif OR " S8 "XEngười)"},
    {"d9a6u", "d9a6u", "đâu", "(d9a6u OR " S8 "XEđâu)"},
    /* the typed word ranks first: the tier is the word as typed */
    {"vieejt nam", "vieejt", "việt", TIER " FILTER vieejt"},
    {"tieengs Việt", "tieengs", "tiếng", TIER " FILTER (XEtieengs AND "
     "XEviệt)"},
    /* the index holds the word as typed more often: as typed only */
    {"test", NULL, NULL, "Query((test AND_MAYBE " S7 "Stest))"},
    /* typed more rarely than what it spells, but kept and first */
    {"max", "max", "mã", "(max OR " S8 "XEmã)"},
    /* not what the index holds: as typed */
    {"ddi", NULL, NULL, "Query((ddi AND_MAYBE"},
    /* English: never a syllable */
    {"deadline", NULL, NULL, "Query((deadline AND_MAYBE"},
    {"facebook", NULL, NULL, "Query((facebook AND_MAYBE"},
    {"internet", NULL, NULL, "Query((internet AND_MAYBE"},
    {"covid", NULL, NULL, "Query((covid AND_MAYBE"},
    {"email", NULL, NULL, "Query((email AND_MAYBE"},
    {"online", NULL, NULL, "Query((online AND_MAYBE"},
    /* phrases, exclusions and fields are searched as typed */
    {"\"vieejt nam\"", NULL, NULL, "(vieejt PHRASE 2 nam)"},
    {"nam -vieejt", NULL, NULL, "(nam AND_NOT vieejt)"},
    {"title:vieejt", NULL, NULL, "Query(Svieejt)"},
};

static void test_typing_alternatives(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof alt_rows / sizeof alt_rows[0]; i++) {
        tc_parsed_query pq;
        const char *q = alt_rows[i].q;
        assert_int_equal(tc_query_parse_with(q, strlen(q), fake_termfreq,
                                             NULL, &pq), TC_OK);
        char *d = tc_xquery_describe(pq.query);
        if (!strstr(d, alt_rows[i].has))
            fail_msg("query '%s'\n got  %s\n want in it %s", q, d,
                     alt_rows[i].has);
        free(d);
        assert_int_equal(pq.nalts, alt_rows[i].typed ? 1 : 0);
        if (alt_rows[i].typed) {
            const tc_typing_alt *a = &pq.alts[0];
            assert_int_equal(a->len, strlen(alt_rows[i].typed));
            assert_memory_equal(q + a->start, alt_rows[i].typed, a->len);
            assert_string_equal(a->as, alt_rows[i].as);
        }
        tc_parsed_query_clear(&pq);
    }
    /* without an index to ask, no alternative */
    tc_parsed_query pq;
    assert_int_equal(tc_query_parse("vieejt nam", 10, &pq), TC_OK);
    assert_int_equal(pq.nalts, 0);
    tc_parsed_query_clear(&pq);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_typing_alternatives),
        cmocka_unit_test(test_highlight_spec),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
