/* test_restore.c: the query as the results write it (searcher/restore.h),
 * table-driven: a query, the texts of its results, the rewritten query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "query.h"
#include "restore.h"

typedef struct row {
    const char *query;
    const char *texts[8];
    const char *want;        /* NULL: nothing to rewrite */
} row;

static const row rows[] = {
    {"thue bao", {"Có 1.800.000 thuê bao di động.", NULL}, "thuê bao"},
    /* the case as typed, the writing as most results have it */
    {"Thanh Hoa", {"tỉnh Thanh Hóa", "Thanh Hóa và Thanh Hoá", "Thanh Hoá"},
     "Thanh Hóa"},
    {"DAU THANH TUNG", {"ông Đầu Thanh Tùng", NULL}, "ĐẦU THANH TÙNG"},
    /* one vote a result: two "bằng" in one text do not beat two texts */
    {"bang", {"bằng bằng", "băng", "băng"}, "băng"},
    /* a tie goes to the better ranked result */
    {"bang", {"bằng", "băng"}, "bằng"},
    /* a writing next to other query words beats lone look-alikes */
    {"le anh tuan", {"ảnh", "Ông Lê Anh Tuấn", "hình ảnh", "ảnh đẹp"},
     "lê anh tuấn"},
    /* syntax and unmatched words stay as typed */
    {"\"thue bao\" -zzz OR 2017", {"thuê bao năm 2017", NULL},
     "\"thuê bao\" -zzz OR 2017"},
    /* acronyms in the capitals the results write them in, once the query
     * changes anyway; capitals alone are no restoration */
    {"ubnd tinh", {"UBND tỉnh", NULL}, "UBND tỉnh"},
    {"pho chu tich ubnd tinh",
     {"Phó Chủ tịch UBND tỉnh Thanh Hóa", "ông là Phó Chủ tịch UBND tỉnh",
      "phố chợ", "phố cổ", NULL},
     "phó chủ tịch UBND tỉnh"},
    {"ubnd", {"UBND tỉnh", "UBND huyện", NULL}, NULL},
    /* a heading in capitals is no acronym: syllables stay as typed */
    {"thanh hoa", {"THANH HÓA", "THANH HÓA", NULL}, "thanh hóa"},
    /* context: each word as its neighbours have it.  Alone, "bàn" (4
     * results) and "đồ" (3) win, but no result writes "bàn đồ"; three
     * write "bản đồ" together, which the pairs choose */
    {"ban do",
     {"Chiếc bàn đỏ", "bàn đỏ", "cái bàn đó", "bàn do ông mua",
      "bản đồ Việt Nam", "xem bản đồ", "bản đồ số", NULL},
     "bản đồ"},
    {"Ban Do", {"bàn đỏ", "bàn đó", "bản đồ", "bản đồ", "bản đồ", NULL},
     "Bản Đồ"},
    /* nothing different: no rewrite */
    {"ubnd 2017", {"UBND năm 2017", NULL}, NULL},
    {"thue bao", {"không có gì", NULL}, NULL},
    {"", {"thuê bao", NULL}, NULL},
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        tc_parsed_query pq;
        memset(&pq, 0, sizeof pq);
        assert_int_equal(tc_query_parse(r->query, strlen(r->query), &pq),
                         TC_OK);
        tc_restorer *rs = tc_restorer_new(&pq.hl);
        assert_non_null(rs);
        for (size_t t = 0; t < 8 && r->texts[t]; t++) {
            char *snip = NULL;
            tc_restorer_doc(rs, r->texts[t]);
            assert_int_equal(tc_snippet_hits(r->texts[t], strlen(r->texts[t]),
                                             &pq.hl, 200, TC_SNIPPET_HTML,
                                             &snip, tc_restorer_hit, rs),
                             TC_OK);
            free(snip);
        }
        char *out = NULL;
        assert_int_equal(tc_restorer_rewrite(rs, r->query, strlen(r->query),
                                             &out), TC_OK);
        if (r->want) {
            if (!out || strcmp(out, r->want) != 0)
                fail_msg("row %zu (%s): got '%s', want '%s'", i, r->query,
                         out ? out : "(null)", r->want);
        } else if (out) {
            fail_msg("row %zu (%s): got '%s', want nothing", i, r->query, out);
        }
        free(out);
        tc_restorer_free(rs);
        tc_parsed_query_clear(&pq);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
