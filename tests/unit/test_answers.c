/* test_answers.c: questions about a figure and the figures that answer
 * them (searcher/answers.h), table-driven: a query and what its question
 * is; a question, a document's title and text, and the figures that
 * answer it, best first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answers.h"
#include "tracuu/buf.h"

/* ---- questions -------------------------------------------------------- */

typedef struct qrow {
    const char *query;
    const char *subject;     /* NULL: not a question; else the subject with
                              * its spaces collapsed */
    const char *content;     /* the content words, folded, space-separated */
    int year, share;
} qrow;

static const qrow qrows[] = {
    {"doanh thu năm 2020 bao nhiêu", "doanh thu năm 2020", "doanh thu",
     2020, 0},
    {"bao nhiêu thuê bao internet", "thuê bao internet",
     "thue bao internet", 0, 0},
    {"doanh thu toan nganh dat bao nhieu", "doanh thu toan nganh",
     "doanh thu toan nganh", 0, 0},
    {"mật độ điện thoại là bao nhiêu", "mật độ điện thoại",
     "mat do dien thoai", 0, 1},
    {"có mấy tập thể được khen", "tập thể được khen", "tap the khen", 0, 0},
    {"co may tap the duoc khen", "tap the duoc khen", "tap the khen", 0, 0},
    {"BAO NHIÊU thuê bao?", "thuê bao", "thue bao", 0, 0},
    {"Doanh thu đạt bao nhiêu?", "Doanh thu", "doanh thu", 0, 0},
    {"số lượng thuê bao internet", "thuê bao internet", "thue bao internet",
     0, 0},
    {"how many subscribers", "subscribers", "subscribers", 0, 0},
    {"tỷ lệ hộ nghèo bao nhiêu phần trăm", "tỷ lệ hộ nghèo",
     "ty le ho ngheo", 0, 1},
    {"\"thuê bao\" bao nhiêu", "\"thuê bao\"", "thue bao", 0, 0},
    /* not questions */
    {"thuê bao internet", NULL, NULL, 0, 0},
    {"máy tính bảng", NULL, NULL, 0, 0},        /* máy is not mấy */
    {"may mặc xuất khẩu", NULL, NULL, 0, 0},    /* nor may, alone */
    {"bao nhiều", NULL, NULL, 0, 0},            /* nhiều is not nhiêu */
    {"Nghị quyết 36a là gì?", NULL, NULL, 0, 0},
    {"bao nhiêu", NULL, NULL, 0, 0},            /* no subject */
    {"\"bao nhiêu\" thuê bao", NULL, NULL, 0, 0},
    {"title:mấy thuê bao", NULL, NULL, 0, 0},
    {"nhiêu bao", NULL, NULL, 0, 0},
    {"", NULL, NULL, 0, 0},
};

/* s with runs of spaces as one, trimmed (malloc'd). */
static char *squeeze(const char *s)
{
    tc_buf b = {0};
    int sp = 0;
    for (; *s; s++) {
        if (*s == ' ') {
            sp = 1;
            continue;
        }
        if (sp && b.len)
            tc_buf_put(&b, " ", 1);
        sp = 0;
        tc_buf_put(&b, s, 1);
    }
    return tc_buf_finish(&b);
}

static void test_questions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof qrows / sizeof qrows[0]; i++) {
        const qrow *r = &qrows[i];
        tc_question q;
        assert_int_equal(tc_question_parse(r->query, strlen(r->query), &q),
                         TC_OK);
        if (!r->subject) {
            if (q.subject)
                fail_msg("row %zu (%s): a question, subject '%s'", i,
                         r->query, q.subject);
            continue;
        }
        if (!q.subject)
            fail_msg("row %zu (%s): not taken for a question", i, r->query);
        char *sub = squeeze(q.subject);
        tc_buf words = {0};
        for (size_t w = 0; w < q.nwords; w++)
            if (q.words[w].content)
                tc_buf_printf(&words, "%s%s", words.len ? " " : "",
                              q.words[w].folded);
        char *content = tc_buf_finish(&words);
        if (strcmp(sub, r->subject) || strcmp(content, r->content) ||
            q.year != r->year || q.share != r->share)
            fail_msg("row %zu (%s): subject '%s' words '%s' year %d share "
                     "%d; want '%s' '%s' %d %d", i, r->query, sub, content,
                     q.year, q.share, r->subject, r->content, r->year,
                     r->share);
        free(sub);
        free(content);
        tc_question_clear(&q);
    }
}

/* ---- answers ---------------------------------------------------------- */

typedef struct arow {
    const char *question;
    const char *title;
    const char *text;
    const char *want[TC_ANSWER_MAX];  /* figures, best first; none: {0} */
} arow;

#define SEED_2018 "Năm 2018, Sở TT&TT đặt ra một số mục tiêu cụ thể: " \
    "thuê bao điện thoại phát triển trên 200.000 thuê bao, phấn đấu đến " \
    "hết năm 2018 sẽ đạt 2.905.200 máy với mật độ 80,87 máy/100 dân; " \
    "phát triển số thuê bao Internet băng thông rộng đến hết năm 2018 " \
    "ước đạt 980.000 thuê bao, đạt mật độ 27,28 thuê bao/100 dân. " \
    "Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.\n" \
    "Nhân dịp này, có 21 tập thể và 39 cá nhân đã được nhận Giấy khen."

static const arow arows[] = {
    /* seed 000 */
    {"doanh thu toàn ngành bao nhiêu", "", SEED_2018, {"3.550 tỷ đồng"}},
    {"doanh thu toan nganh dat bao nhieu", "", SEED_2018,
     {"3.550 tỷ đồng"}},
    {"bao nhieu thue bao internet", "", SEED_2018, {"980.000 thuê bao"}},
    {"mật độ điện thoại là bao nhiêu", "", SEED_2018,
     {"80,87 máy/100 dân"}},
    {"có mấy tập thể được khen", "", SEED_2018, {"21 tập thể"}},
    {"doanh thu năm 2018 là bao nhiêu", "", SEED_2018, {"3.550 tỷ đồng"}},
    /* the year asked is not the text's */
    {"doanh thu năm 2016 là bao nhiêu", "", SEED_2018, {0}},
    /* the year of the sentence wins */
    {"doanh thu năm 2020 bao nhiêu", "",
     "Năm 2019 doanh thu đạt 3.000 tỷ đồng. Năm 2020 doanh thu đạt 3.630 "
     "tỷ đồng.", {"3.630 tỷ đồng"}},
    /* the unit named: a change and another unit are not answers */
    {"bao nhieu thue bao internet", "",
     "Số thuê bao Internet 34.989 thuê bao (Tăng 6.674 thuê bao), toàn "
     "tỉnh có 158 xã được kết nối Internet.", {"34.989 thuê bao"}},
    /* a figure of another subject in the same sentence */
    {"doanh thu bao nhiêu", "",
     "Doanh thu ước đạt 3.630 tỷ đồng, nộp ngân sách Nhà nước 200 tỷ "
     "đồng.", {"3.630 tỷ đồng"}},
    /* the subject in another sentence: no answer */
    {"doanh thu bao nhiêu", "",
     "Doanh thu năm nay tăng mạnh. Nộp ngân sách Nhà nước 200 tỷ đồng.",
     {0}},
    /* a share of a plan is not the amount */
    {"doanh thu bao nhiêu", "",
     "Doanh thu ước đạt 3.630 tỷ đồng, bằng 100,6% kế hoạch.",
     {"3.630 tỷ đồng"}},
    /* words in the title count as said */
    {"doanh thu Viettel bao nhiêu", "Viettel năm 2020",
     "Doanh thu đạt 250.000 tỷ đồng.", {"250.000 tỷ đồng"}},
    {"doanh thu Viettel bao nhiêu", "Tin kinh tế",
     "Doanh thu đạt 250.000 tỷ đồng.", {0}},
    /* after a colon */
    {"doanh thu bao nhiêu", "", "Doanh thu năm 2017: 520 tỷ đồng.",
     {"520 tỷ đồng"}},
    /* a duration does not answer, unless asked */
    {"giá xăng bao nhiêu", "",
     "Giá xăng trong 15 ngày qua tăng giảm đan xen.", {0}},
    {"giá xăng tăng trong bao nhiêu ngày", "",
     "Giá xăng tăng trong 15 ngày qua.", {"15 ngày"}},
    /* the words after a figure */
    {"bao nhiêu người tử vong", "", "Va chạm khiến 2 người tử vong tại chỗ.",
     {"2 người"}},
    /* "Bằng khen" is no comparison; another unit is not what is asked */
    {"có mấy tập thể được khen", "",
     "Bộ trưởng tặng Bằng khen cho 2 tập thể, 5 cá nhân.", {"2 tập thể"}},
    /* the syllables of a word apart are not the word */
    {"doanh thu bao nhiêu", "",
     "Thu ngân sách đạt 520 tỷ đồng, doanh nghiệp tăng.", {0}},
    /* a change or a comparison right before */
    {"bao nhiêu thuê bao", "",
     "Số thuê bao tăng 6.674 thuê bao so với năm trước.", {0}},
    {"doanh thu bao nhiêu", "", "Doanh thu bằng 100,6% kế hoạch.", {0}},
    /* a change a few words before */
    {"lương tối thiểu bao nhiêu", "",
     "Mục tiêu giảm tối thiểu 10% biên chế hưởng lương.", {0}},
    /* what a bare number counts is not what it is */
    {"dân số bao nhiêu", "", "Khoảng 2 triệu dân số bị thừa cân.", {0}},
    /* the subject far before the figure */
    {"dân số việt nam bao nhiêu", "",
     "Hơn nửa dân số Việt Nam nằm trong phân khúc thu nhập trung bình "
     "khoảng 5.000 USD.", {0}},
    /* a share asked for */
    {"tỷ lệ hộ nghèo bao nhiêu phần trăm", "",
     "Tỷ lệ hộ nghèo giảm còn 3,5%, với 1.200 hộ nghèo.", {"3,5%"}},
    /* as typed: thư (a letter) is not thu (revenue) */
    {"doanh thư bao nhiêu", "", "Doanh thu đạt 520 tỷ đồng.", {0}},
    /* best first, at most TC_ANSWER_MAX */
    {"doanh thu bao nhiêu", "",
     "Doanh thu quý 1 đạt 100 tỷ đồng. Doanh thu quý 2 đạt 120 tỷ đồng. "
     "Doanh thu quý 3 đạt 130 tỷ đồng. Doanh thu quý 4 đạt 150 tỷ đồng.",
     {"100 tỷ đồng", "120 tỷ đồng", "130 tỷ đồng"}},
};

/* The answers of one question to texts[] (one document each). */
static json_t *answers_of(const char *question, const char *title,
                          const char *const *texts, size_t n)
{
    tc_question q;
    assert_int_equal(tc_question_parse(question, strlen(question), &q),
                     TC_OK);
    assert_non_null(q.subject);
    tc_answer_set *set = tc_answer_set_new(&q);
    assert_non_null(set);
    for (size_t i = 0; i < n; i++) {
        tc_answer_doc doc = {"doc", title, "http://example.org/", NULL};
        assert_int_equal(tc_answers_add_text(set, &doc, texts[i],
                                             strlen(texts[i])), TC_OK);
    }
    json_t *a = tc_answers_json(set);
    assert_non_null(a);
    tc_answer_set_free(set);
    tc_question_clear(&q);
    return a;
}

static void test_answers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof arows / sizeof arows[0]; i++) {
        const arow *r = &arows[i];
        json_t *a = answers_of(r->question, r->title, &r->text, 1);
        size_t want = 0;
        while (want < TC_ANSWER_MAX && r->want[want])
            want++;
        char *got = json_dumps(a, JSON_ENCODE_ANY);
        if (want == 0) {
            if (!json_is_null(a))
                fail_msg("row %zu (%s): want no answer, got %s", i,
                         r->question, got);
        } else {
            if (json_array_size(a) != want)
                fail_msg("row %zu (%s): want %zu answers, got %s", i,
                         r->question, want, got);
            for (size_t k = 0; k < want; k++) {
                const char *fig = json_string_value(
                    json_object_get(json_array_get(a, k), "figure"));
                if (!fig || strcmp(fig, r->want[k]))
                    fail_msg("row %zu (%s): answer %zu is '%s', want '%s'",
                             i, r->question, k, fig ? fig : "", r->want[k]);
            }
        }
        free(got);
        json_decref(a);
    }
}

/* The sentence, whole, with the figure as written in bold; the
 * document's identity. */
static void test_sentence(void **state)
{
    (void)state;
    const char *text = SEED_2018;
    json_t *a = answers_of("doanh thu toàn ngành bao nhiêu", "Tổng kết", &text,
                           1);
    json_t *o = json_array_get(a, 0);
    assert_string_equal(json_string_value(json_object_get(o, "sentence")),
                        "Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.");
    assert_string_equal(
        json_string_value(json_object_get(o, "sentence_html")),
        "Phấn đấu doanh thu toàn ngành đạt <b>3.550 tỷ đồng</b>.");
    assert_string_equal(json_string_value(json_object_get(o, "unit")),
                        "đồng");
    assert_true(json_real_value(json_object_get(o, "value")) == 3.55e12);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "doc");
    assert_string_equal(json_string_value(json_object_get(o, "title")),
                        "Tổng kết");
    assert_string_equal(json_string_value(json_object_get(o, "url")),
                        "http://example.org/");
    json_decref(a);
}

/* HTML in the text is escaped, control characters and line breaks are
 * spaces, invalid UTF-8 is replaced; a long sentence is cut at its
 * clause. */
static void test_sentence_hostile(void **state)
{
    (void)state;
    const char *text = "Doanh thu đạt 3.550 tỷ đồng <i>&</i>\x01\x01 \xff"
                       "\n hết.";
    json_t *a = answers_of("doanh thu bao nhiêu", "", &text, 1);
    json_t *o = json_array_get(a, 0);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "sentence")),
                        "Doanh thu đạt 3.550 tỷ đồng <i>&</i> \xef\xbf\xbd");
    assert_string_equal(
        json_string_value(json_object_get(o, "sentence_html")),
        "Doanh thu đạt <b>3.550 tỷ đồng</b> &lt;i&gt;&amp;&lt;/i&gt; "
        "\xef\xbf\xbd");
    json_decref(a);

    tc_buf b = {0};
    for (int i = 0; i < 40; i++)
        tc_buf_puts(&b, "các chỉ tiêu khác, ");
    tc_buf_puts(&b, "; doanh thu đạt 3.550 tỷ đồng; ");
    for (int i = 0; i < 40; i++)
        tc_buf_puts(&b, "các chỉ tiêu khác, ");
    tc_buf_puts(&b, "hết.");
    char *longtext = tc_buf_finish(&b);
    const char *lt = longtext;
    a = answers_of("doanh thu bao nhiêu", "", &lt, 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(a, 0), "sentence")),
        "… doanh thu đạt 3.550 tỷ đồng; …");
    json_decref(a);
    free(longtext);
}

/* The same sentence in two documents (a copy) is one answer, from the
 * better document. */
static void test_duplicates(void **state)
{
    (void)state;
    const char *texts[2] = {"Doanh thu đạt 520 tỷ đồng.",
                            "Tin cũ. Doanh thu đạt 520 tỷ đồng."};
    json_t *a = answers_of("doanh thu bao nhiêu", "", texts, 2);
    assert_int_equal(json_array_size(a), 1);
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_questions),
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_sentence),
        cmocka_unit_test(test_sentence_hostile),
        cmocka_unit_test(test_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
