/* test_boiler.c: boilerplate (boiler.h) and near duplicates (dedup.h).
 *
 * Boilerplate: the hand list on pages as scraped (a PHP notice, a visitor
 * counter, a "related news" tail, share buttons), repetition within one
 * source and not across sources, the guard that keeps a document that
 * would be all boilerplate, the stored spans.  Near duplicates: MinHash
 * agreement of a story and its reprint against an unrelated story, and
 * the cluster table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tracuu/analysis.h"
#include "tracuu/boiler.h"
#include "tracuu/dedup.h"

static tc_doc make_doc(const char *id, const char *url, const char *body)
{
    tc_doc d;
    memset(&d, 0, sizeof d);
    d.id = strdup(id);
    d.url = url ? strdup(url) : NULL;
    d.body = strdup(body);
    d.body_len = strlen(body);
    return d;
}

/* The body with its spans blanked, whitespace runs squeezed to one
 * space: what the index sees. */
static char *kept_text(const tc_doc *d, const tc_boiler_doc *bp)
{
    char *b = tc_boiler_blank(d->body, d->body_len, bp->spans, bp->nspans);
    assert_non_null(b);
    size_t k = 0;
    for (size_t i = 0; b[i]; i++) {
        char c = b[i] == '\n' ? ' ' : b[i];
        if (c == ' ' && (k == 0 || b[k - 1] == ' '))
            continue;
        b[k++] = c;
    }
    while (k && b[k - 1] == ' ')
        k--;
    b[k] = '\0';
    return b;
}

static int has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* A page as scraped: Drupal's PHP notice on top, a visitor counter and
 * share buttons at the bottom (seed 003's shape). */
static const char *page =
    "Thông báo lỗi\n\n"
    "Notice: Undefined offset: 1 trong counter_get_browser() (dòng 70 của "
    "/home/x/public_html/sites/all/modules/counter/counter.lib.inc).\n\n"
    "Sở Thông tin và Truyền thông: Hội nghị tổng kết công tác năm 2017\n\n"
    "Ngày 18/01/2018, Sở Thông tin và Truyền thông đã tổ chức Hội nghị "
    "tổng kết công tác năm 2017, triển khai nhiệm vụ năm 2018.\n"
    "Doanh thu toàn ngành đạt 3.550 tỷ đồng.\n"
    "Chia sẻ\n"
    "THỐNG KÊ TRUY CẬP\n"
    "  • Visitors:\n"
    "    • Hôm nay:1,203\n"
    "    • Trong tuần:6,318\n";

static void test_hand_list(void **state)
{
    (void)state;
    tc_doc d = make_doc("p", "http://sotttt.example.vn/tin/1", page);
    d.title = strdup("Thông báo lỗi");
    tc_boiler_doc bp;
    assert_int_equal(tc_boiler_find(NULL, &d, NULL, &bp), TC_OK);
    char *k = kept_text(&d, &bp);
    assert_false(has(k, "Notice"));
    assert_false(has(k, "counter"));
    assert_false(has(k, "Thông báo lỗi"));
    assert_false(has(k, "Visitors"));
    assert_false(has(k, "1,203"));
    assert_false(has(k, "THỐNG KÊ"));
    assert_false(has(k, "Chia sẻ"));
    assert_true(has(k, "Hội nghị tổng kết công tác năm 2017"));
    assert_true(has(k, "3.550 tỷ đồng"));
    /* the title was the notice's heading: the first real line instead */
    assert_true(bp.title.end > bp.title.start);
    assert_memory_equal(d.body + bp.title.start, "Sở Thông tin",
                        strlen("Sở Thông tin"));
    free(k);
    tc_boiler_doc_clear(&bp);
    tc_doc_clear(&d);
}

static void test_related_tail(void **state)
{
    (void)state;
    /* a related-news heading ends the article only in its second half */
    const char *body =
        "Các tin liên quan\n"   /* first half: a sentence, kept */
        "Phó Chủ tịch UBND tỉnh Lê Anh Tuấn phát biểu tại Hội nghị về "
        "chuyển đổi số và phát triển hạ tầng viễn thông trên địa bàn.\n"
        "Tin liên quan:\n"
        "Thanh Hóa: 980.000 thuê bao Internet băng thông rộng\n"
        "Cao Bằng: tổng kết năm 2017\n";
    tc_doc d = make_doc("r", NULL, body);
    tc_boiler_doc bp;
    assert_int_equal(tc_boiler_find(NULL, &d, NULL, &bp), TC_OK);
    char *k = kept_text(&d, &bp);
    assert_true(has(k, "Các tin liên quan"));
    assert_true(has(k, "Lê Anh Tuấn"));
    assert_false(has(k, "980.000"));
    assert_false(has(k, "Cao Bằng"));
    free(k);
    tc_boiler_doc_clear(&bp);
    tc_doc_clear(&d);
}

/* Pages of one site share a footer; another site's pages do not count. */
static void test_repetition(void **state)
{
    (void)state;
    const char *footer = "Địa chỉ: số 54 Hoàng Đình Giong, phường Hợp Giang";
    tc_boiler *b = tc_boiler_new(NULL);
    assert_non_null(b);
    static const char *const topics[6] = {
        "chuyển đổi số", "giáo dục", "y tế", "nông nghiệp", "du lịch",
        "giao thông"};
    tc_doc docs[6];
    char body[512], url[64], id[16];
    for (int i = 0; i < 6; i++) {
        snprintf(body, sizeof body,
                 "Bài số %d về công tác %s của tỉnh năm %d.\n"
                 "%s\nLượt xem %d\n", i, topics[i], 2010 + i, footer,
                 100 + 7 * i);
        snprintf(url, sizeof url, "https://www.caobang.example.vn/p/%d", i);
        snprintf(id, sizeof id, "cb%d", i);
        docs[i] = make_doc(id, url, body);
        assert_int_equal(tc_boiler_count(b, &docs[i], NULL), TC_OK);
    }
    /* the same footer on another site, once: not boilerplate there */
    snprintf(body, sizeof body, "Tin khác hẳn về giáo dục.\n%s\n", footer);
    tc_doc other = make_doc("o", "http://other.example.vn/x", body);
    assert_int_equal(tc_boiler_count(b, &other, NULL), TC_OK);

    tc_boiler_doc bp;
    assert_int_equal(tc_boiler_find(b, &docs[3], NULL, &bp), TC_OK);
    char *k = kept_text(&docs[3], &bp);
    assert_true(has(k, "Bài số 3"));
    assert_false(has(k, "Hoàng Đình Giong"));
    assert_false(has(k, "Lượt xem"));          /* its number differs: '#' */
    free(k);
    tc_boiler_doc_clear(&bp);

    assert_int_equal(tc_boiler_find(b, &other, NULL, &bp), TC_OK);
    k = kept_text(&other, &bp);
    assert_true(has(k, "Hoàng Đình Giong"));
    free(k);
    tc_boiler_doc_clear(&bp);

    /* without the counts, only the hand list: the footer stays */
    assert_int_equal(tc_boiler_find(NULL, &docs[3], NULL, &bp), TC_OK);
    assert_int_equal(bp.nspans, 0);
    tc_boiler_doc_clear(&bp);

    for (int i = 0; i < 6; i++)
        tc_doc_clear(&docs[i]);
    tc_doc_clear(&other);
    tc_boiler_free(b);
}

/* Templated documents of one source: lines that differ only by their
 * numbers, and lines citing a reference, stay however often they repeat
 * (the resolutions of vi-legal-official-2025). */
static void test_templates_kept(void **state)
{
    (void)state;
    tc_boiler *b = tc_boiler_new(NULL);
    tc_doc d[8];
    for (int i = 0; i < 8; i++) {
        char body[512], id[8];
        snprintf(body, sizeof body,
                 "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
                 "Xét Đề án số %d ĐA CP ngày %02d tháng 5 năm 2025 của "
                 "Chính phủ;\nQUYẾT NGHỊ:\nSắp xếp xã số %d.\n",
                 370 + i, 1 + i, i);
        snprintf(id, sizeof id, "t%d", i);
        d[i] = make_doc(id, NULL, body);
        d[i].source = strdup("github:x/y@1:input/docs/t.md");
        assert_int_equal(tc_boiler_count(b, &d[i], NULL), TC_OK);
    }
    tc_boiler_doc bp;
    assert_int_equal(tc_boiler_find(b, &d[4], NULL, &bp), TC_OK);
    char *k = kept_text(&d[4], &bp);
    assert_true(has(k, "72/2025/QH15"));
    assert_true(has(k, "Đề án số 374"));
    assert_false(has(k, "QUYẾT NGHỊ"));        /* the same in all eight */
    free(k);
    tc_boiler_doc_clear(&bp);
    for (int i = 0; i < 8; i++)
        tc_doc_clear(&d[i]);
    tc_boiler_free(b);
}

/* Many one-line notes alike: repeated, but each is all its document. */
static void test_never_all(void **state)
{
    (void)state;
    tc_boiler *b = tc_boiler_new(NULL);
    tc_doc d[8];
    for (int i = 0; i < 8; i++) {
        char body[64], id[8];
        snprintf(body, sizeof body, "Văn bản zz số %d về chuyển đổi số.", i);
        snprintf(id, sizeof id, "n%d", i);
        d[i] = make_doc(id, NULL, body);
        assert_int_equal(tc_boiler_count(b, &d[i], "in/notes.jsonl"), TC_OK);
    }
    tc_boiler_doc bp;
    assert_int_equal(tc_boiler_find(b, &d[2], "in/notes.jsonl", &bp), TC_OK);
    assert_int_equal(bp.nspans, 0);
    tc_boiler_doc_clear(&bp);
    for (int i = 0; i < 8; i++)
        tc_doc_clear(&d[i]);
    tc_boiler_free(b);
}

static void test_spans_format(void **state)
{
    (void)state;
    tc_span s[2] = {{3, 10}, {20, 25}};
    char *f = tc_spans_format(s, 2);
    assert_string_equal(f, "3-10,20-25");
    tc_span *p;
    size_t n;
    assert_int_equal(tc_spans_parse(f, strlen(f), 22, &p, &n), TC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[1].end, 22);           /* clipped to the body */
    free(p);
    free(f);
    /* garbage and overlaps never give spans out of order or range */
    const char *bad[] = {"", "x", "5-", "9-3", "1-2,1-2", "99999999999999999"
                         "999999-1", "4-8,x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(tc_spans_parse(bad[i], strlen(bad[i]), 50, &p, &n),
                         TC_OK);
        for (size_t j = 0; j < n; j++) {
            assert_true(p[j].start < p[j].end && p[j].end <= 50);
            assert_true(j == 0 || p[j].start >= p[j - 1].end);
        }
        free(p);
    }
}

/* ---- near duplicates ---------------------------------------------------- */

static int add_tok(void *ctx, const tc_token *t)
{
    tc_minhash_add(ctx, t->folded, t->folded_len);
    return 0;
}

static void sign(const char *text, tc_minhash *mh)
{
    tc_minhash_init(mh);
    assert_int_equal(tc_tokenize(text, strlen(text), add_tok, mh, NULL),
                     TC_OK);
}

static const char *story =
    "Ngày 18/01/2018, Sở Thông tin và Truyền thông đã tổ chức Hội nghị "
    "tổng kết công tác năm 2017, triển khai nhiệm vụ năm 2018. Dự hội nghị "
    "có đại diện lãnh đạo Ban Tuyên giáo Tỉnh ủy, Hội Nhà báo, các cơ quan "
    "báo chí địa phương, báo trung ương thường trú trên địa bàn, phòng Văn "
    "hóa Thông tin, đài Truyền thanh Truyền hình các huyện, thành phố, các "
    "doanh nghiệp Bưu chính viễn thông và toàn thể cán bộ, công chức, viên "
    "chức thuộc Sở. Đồng chí Hoàng Ngọc Sơn, Giám đốc Sở, chủ trì Hội nghị.";

static void test_minhash(void **state)
{
    (void)state;
    char reprint[2048];
    tc_minhash a, b, c;
    /* the same story with a byline and a source line added */
    snprintf(reprint, sizeof reprint, "%s Xuân Nghĩa. Theo Báo Cao Bằng.",
             story);
    sign(story, &a);
    sign(reprint, &b);
    sign("Giá vàng hôm nay tăng mạnh, nhà đầu tư đổ xô mua vàng miếng SJC "
         "và vàng nhẫn trong phiên sáng, khi đồng USD giảm giá trên thị "
         "trường thế giới và lãi suất được dự báo sẽ giảm trong quý tới; "
         "các chuyên gia khuyên người dân cân nhắc trước khi xuống tiền.",
         &c);
    assert_true(a.shingles >= TC_DUP_MIN_SHINGLES);
    assert_true(tc_minhash_equal(a.sig, b.sig) >= TC_DUP_MIN_EQUAL);
    assert_true(tc_minhash_equal(a.sig, c.sig) < 4);

    tc_dedup *d = tc_dedup_new();
    char *k1, *k2, *k3, *k4;
    assert_int_equal(tc_dedup_assign(d, "first", &a, &k1), TC_OK);
    assert_int_equal(tc_dedup_assign(d, "reprint", &b, &k2), TC_OK);
    assert_int_equal(tc_dedup_assign(d, "gold", &c, &k3), TC_OK);
    assert_string_equal(k1, "first");
    assert_string_equal(k2, "first");
    assert_string_equal(k3, "gold");
    /* a document indexed again is not its own duplicate */
    assert_int_equal(tc_dedup_assign(d, "gold", &c, &k4), TC_OK);
    assert_string_equal(k4, "gold");
    /* too short to tell: its own cluster */
    tc_minhash s;
    sign("Chia sẻ bài viết", &s);
    char *k5;
    assert_int_equal(tc_dedup_assign(d, "short", &s, &k5), TC_OK);
    assert_string_equal(k5, "short");

    /* the stored form */
    char *v = tc_dedup_format(&b, "reprint", k2);
    uint32_t sig[TC_MINHASH_K];
    uint64_t idh;
    const char *cl;
    size_t cl_len;
    assert_int_equal(tc_dedup_parse(v, strlen(v), sig, &idh, &cl, &cl_len),
                     TC_OK);
    assert_memory_equal(sig, b.sig, sizeof sig);
    assert_int_equal(cl_len, 5);
    assert_memory_equal(cl, "first", 5);
    assert_int_equal(tc_dedup_parse(v, 40, sig, &idh, &cl, &cl_len),
                     TC_EINVAL);
    free(v);
    free(k1);
    free(k2);
    free(k3);
    free(k4);
    free(k5);
    tc_dedup_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_list),
        cmocka_unit_test(test_related_tail),
        cmocka_unit_test(test_repetition),
        cmocka_unit_test(test_templates_kept),
        cmocka_unit_test(test_never_all),
        cmocka_unit_test(test_spans_format),
        cmocka_unit_test(test_minhash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
