/* test_entities.c: table-driven tests of the entity extractors
 * (entities.h): legal references and their keys, officials, figures,
 * dates and the document's date, places, abbreviations; the hard cases
 * ("1.634/1.733 thôn", "Chiều 11-1", names by punctuation, a title with no
 * name, QĐ and QD); caps, offsets, invalid UTF-8, NUL bytes, random and
 * huge input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tracuu/analysis.h"
#include "tracuu/entities.h"
#include "tracuu/error.h"

/* ---- helpers ---------------------------------------------------------- */

static tc_entities *ex_len(const char *s, size_t len, unsigned kinds,
                           const char *meta)
{
    tc_entity_opts o;
    tc_entities *e = NULL;
    tc_entity_opts_init(&o);
    o.kinds = kinds;
    o.doc_date = meta;
    assert_int_equal(tc_entities_extract(s, len, &o, &e), TC_OK);
    assert_non_null(e);
    return e;
}

static tc_entities *ex(const char *s, unsigned kinds)
{
    return ex_len(s, strlen(s), kinds, NULL);
}

/* The text of a span. */
static const char *spantext(const char *s, tc_span sp)
{
    static char buf[512];
    size_t n = sp.end - sp.start;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s + sp.start, n);
    buf[n] = '\0';
    return buf;
}

#define EXPECT_STR(row, got, want)                                         \
    do {                                                                   \
        if (strcmp((got), (want)) != 0)                                    \
            fail_msg("row '%s': got '%s', want '%s'", (row), (got),        \
                     (want));                                              \
    } while (0)

#define EXPECT_INT(row, got, want)                                         \
    do {                                                                   \
        long long g_ = (long long)(got), w_ = (long long)(want);           \
        if (g_ != w_)                                                      \
            fail_msg("row '%s': got %lld, want %lld (%s)", (row), g_, w_,  \
                     #got);                                                \
    } while (0)

/* 1 if s is valid UTF-8 with no NUL before its end. */
static int valid_utf8(const char *s)
{
    char *out = NULL;
    size_t n = strlen(s), outlen, bad = 0;
    if (tc_utf8_sanitize(s, n, &out, &outlen, &bad) != TC_OK)
        return 0;
    free(out);
    return bad == 0;
}

/* ---- legal references ------------------------------------------------- */

typedef struct legal_row {
    const char *text;
    const char *symbol;   /* NULL: no reference at all */
    const char *key, *short_key, *type, *issuer;
    int year;
    int32_t date;
} legal_row;

static const legal_row legal_rows[] = {
    {"Chỉ đạo thực hiện tốt Nghị quyết số 36a/NQ-CP của Chính phủ ngày "
     "14/10/2015 về Chính phủ điện tử.",
     "36a/NQ-CP", "36a/nq/cp", "36a/nq/cp", "Nghị quyết", "Chính phủ", 2015,
     20151014},
    {"Quyết định 1789/QĐ-UBND ngày 5/6/2013 về việc ban hành Quy chế",
     "1789/QĐ-UBND", "1789/qd/ubnd", "1789/qd/ubnd", "Quyết định",
     "Ủy ban nhân dân", 2013, 20130605},
    {"Quyết định 2977/2013/QĐ-UBND ngày 23/8/2013 về việc",
     "2977/2013/QĐ-UBND", "2977/2013/qd/ubnd", "2977/qd/ubnd", "Quyết định",
     "Ủy ban nhân dân", 2013, 20130823},
    {"bám sát Nghị quyết số 58-NQ/TW ngày 5-8-2020 của Bộ Chính trị về",
     "58-NQ/TW", "58/nq/tw", "58/nq/tw", "Nghị quyết", "Bộ Chính trị", 2020,
     20200805},
    {"theo Luật số 45/2019/QH14 đã được sửa đổi", "45/2019/QH14",
     "45/2019/qh14", "45/qh14", "Luật", "Quốc hội", 2019, 0},
    {"Chỉ thị 16/CT-TTg của Thủ tướng Chính phủ về cách ly xã hội",
     "16/CT-TTg", "16/ct/ttg", "16/ct/ttg", "Chỉ thị",
     "Thủ tướng Chính phủ", 0, 0},
    {"văn bản số 123/UBND-KTTC gửi các sở", "123/UBND-KTTC",
     "123/ubnd/kttc", "123/ubnd/kttc", "Công văn", "Ủy ban nhân dân", 0, 0},
    {"Thực hiện Quy định 05/QyĐ-TU của Tỉnh ủy", "05/QyĐ-TU", "5/qyd/tu",
     "5/qyd/tu", "Quy định", "Tỉnh ủy", 0, 0},
    {"Số: 1654/NQ-UBTVQH15 Hà Nội, ngày 16 tháng 6 năm 2025",
     "1654/NQ-UBTVQH15", "1654/nq/ubtvqh15", "1654/nq/ubtvqh15",
     "Nghị quyết", "Ủy ban Thường vụ Quốc hội", 0, 0},
    {"Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
     "72/2025/QH15", "72/2025/qh15", "72/qh15", "Luật", "Quốc hội", 2025,
     0},
    {"theo Quyết định 89/2016/QĐ - UBND về học phí", "89/2016/QĐ - UBND",
     "89/2016/qd/ubnd", "89/qd/ubnd", "Quyết định", "Ủy ban nhân dân", 2016,
     0},
    /* a công văn of the Cục Thuế: CT is its issuer, not a Chỉ thị */
    {"Cục Thuế đã có công văn số 5106/CT-CS ngày 12/11/2025 về việc",
     "5106/CT-CS", "5106/ct/cs", "5106/ct/cs", "Công văn", "CT", 2025,
     20251112},
    /* the issuer phrase stops before what the sentence says next */
    {"Nghị định số 165/2024/NĐ-CP ngày 26 tháng 12 năm 2024 của Chính phủ "
     "Quy định chi tiết", "165/2024/NĐ-CP", "165/2024/nd/cp", "165/nd/cp",
     "Nghị định", "Chính phủ", 2024, 20241226},
    {"Quyết định số 4764/2016/QĐ-UBND ngày 9/12/2016 của UBND tỉnh Thanh "
     "Hóa về việc ban hành", "4764/2016/QĐ-UBND", "4764/2016/qd/ubnd",
     "4764/qd/ubnd", "Quyết định", "UBND tỉnh Thanh Hóa", 2016, 20161209},
    /* two departments joined by & */
    {"tại Công văn số 8935/BNV-CTTN&BĐG ngày 03 tháng 10 năm 2025 về",
     "8935/BNV-CTTN&BĐG", "8935/bnv/cttn/bdg", "8935/bnv/cttn/bdg",
     "Công văn", "Bộ Nội vụ", 2025, 20251003},
    /* QD typed without đ is the same key as QĐ */
    {"theo quyết định 1789/QD-UBND", "1789/QD-UBND", "1789/qd/ubnd",
     "1789/qd/ubnd", "Quyết định", "Ủy ban nhân dân", 0, 0},
    /* never references */
    {"ngày 14/10/2015 tại Hà Nội", NULL, 0, 0, 0, 0, 0, 0},
    {"Đã có 1.634/1.733 thôn, bản có Internet", NULL, 0, 0, 0, 0, 0, 0},
    {"mật độ 80,87 máy/100 dân", NULL, 0, 0, 0, 0, 0, 0},
    {"xem https://vanban.gov.vn/van-ban/123/QD-UBND.html", NULL, 0, 0, 0, 0,
     0, 0},
    {"gọi 0237.3852.466 hoặc 0912-345-678", NULL, 0, 0, 0, 0, 0, 0},
    {"xổ số Mega 6/45 và biển số 30A-123.45", NULL, 0, 0, 0, 0, 0, 0},
    {"chủng COVID-19 và 24/7 và 2G-3G", NULL, 0, 0, 0, 0, 0, 0},
    {"khu 12/KCN không phải văn bản", NULL, 0, 0, 0, 0, 0, 0},
    {"theo Mẫu số 01/ĐK-TCT ban hành", NULL, 0, 0, 0, 0, 0, 0},
};

static void test_legal_refs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof legal_rows / sizeof legal_rows[0]; i++) {
        const legal_row *r = &legal_rows[i];
        tc_entities *e = ex(r->text, TC_ENT_MASK(TC_ENT_LEGALREF));
        if (!r->symbol) {
            if (e->n_legalrefs)
                fail_msg("row '%s': unexpected reference '%s'", r->text,
                         e->legalrefs[0].text);
            tc_entities_free(e);
            continue;
        }
        if (e->n_legalrefs != 1)
            fail_msg("row '%s': %zu references", r->text, e->n_legalrefs);
        const tc_legalref *L = &e->legalrefs[0];
        EXPECT_STR(r->text, spantext(r->text, L->span), r->symbol);
        EXPECT_STR(r->text, L->text, r->symbol);
        EXPECT_STR(r->text, L->key, r->key);
        EXPECT_STR(r->text, L->short_key, r->short_key);
        EXPECT_STR(r->text, L->type, r->type);
        EXPECT_STR(r->text, L->issuer, r->issuer);
        EXPECT_INT(r->text, L->year, r->year);
        EXPECT_INT(r->text, L->date, r->date);
        tc_entities_free(e);
    }
}

static void test_legal_context(void **state)
{
    (void)state;
    const char *s = "Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01 tháng 4 năm "
                    "2025 của Chính phủ; Luật số 87/2025/QH15.";
    tc_entities *e = ex(s, 0);
    assert_int_equal(e->n_legalrefs, 2);
    const tc_legalref *L = &e->legalrefs[0];
    assert_string_equal(spantext(s, L->type_span), "Nghị định");
    assert_true(L->flags & TC_LREF_TYPE_FROM_TEXT);
    assert_true(L->flags & TC_LREF_ISSUER_FROM_TEXT);
    assert_string_equal(L->type_code, "NĐ");
    assert_string_equal(L->issuer_code, "CP");
    assert_string_equal(L->number, "78");
    /* the date of issue is the reference's, never the document's */
    assert_int_equal(e->n_dates, 1);
    assert_true(e->dates[0].flags & TC_DATE_OF_REF);
    assert_int_equal(tc_entities_doc_date(e), 0);
    assert_string_equal(e->legalrefs[1].type, "Luật");
    tc_entities_free(e);
}

typedef struct key_row {
    const char *query;
    const char *key;        /* NULL: not a symbol */
    const char *short_key;
} key_row;

static const key_row key_rows[] = {
    {"36a/NQ-CP", "36a/nq/cp", "36a/nq/cp"},
    {"36a/nq-cp", "36a/nq/cp", "36a/nq/cp"},
    {"36A/NQ-CP", "36a/nq/cp", "36a/nq/cp"},
    {"36a nq cp", "36a/nq/cp", "36a/nq/cp"},
    {"  36a  NQ  CP ", "36a/nq/cp", "36a/nq/cp"},
    {"36a-NQ/CP", "36a/nq/cp", "36a/nq/cp"},
    {"1789/QĐ-UBND", "1789/qd/ubnd", "1789/qd/ubnd"},
    {"1789/QD-UBND", "1789/qd/ubnd", "1789/qd/ubnd"},
    {"1789 qđ ubnd", "1789/qd/ubnd", "1789/qd/ubnd"},
    {"05/QĐ-UBND", "5/qd/ubnd", "5/qd/ubnd"},
    {"2977/2013/QĐ-UBND", "2977/2013/qd/ubnd", "2977/qd/ubnd"},
    {"2977 2013 qd ubnd", "2977/2013/qd/ubnd", "2977/qd/ubnd"},
    {"58-NQ/TW", "58/nq/tw", "58/nq/tw"},
    {"45/2019/QH14", "45/2019/qh14", "45/qh14"},
    {"45 2019 qh14", "45/2019/qh14", "45/qh14"},
    {"05/QyĐ-TU", "5/qyd/tu", "5/qyd/tu"},
    {"1.789/QĐ-UBND", "1789/qd/ubnd", "1789/qd/ubnd"},
    {"thuê bao 2017", NULL, NULL},
    {"14/10/2015", NULL, NULL},
    {"36a", NULL, NULL},
    {"nq cp", NULL, NULL},
    {"10 km", NULL, NULL},
    {"2017 người dân", NULL, NULL},
    {"12 abc xyz", NULL, NULL},
    {"45 2019", NULL, NULL},
    {"1/2/3/4/5/6/7/8/9", NULL, NULL},
    {"", NULL, NULL},
};

static void test_query_keys(void **state)
{
    (void)state;
    tc_legalref_keys k;
    for (size_t i = 0; i < sizeof key_rows / sizeof key_rows[0]; i++) {
        const key_row *r = &key_rows[i];
        int rc = tc_legalref_query_key(r->query, strlen(r->query), &k);
        if (!r->key) {
            if (rc != TC_ENOTFOUND)
                fail_msg("row '%s': a key '%s' for no symbol", r->query,
                         k.key);
            continue;
        }
        if (rc != TC_OK)
            fail_msg("row '%s': %s", r->query, tc_strerror(rc));
        EXPECT_STR(r->query, k.key, r->key);
        EXPECT_STR(r->query, k.short_key, r->short_key);
    }
    assert_int_equal(tc_legalref_query_key(NULL, 0, &k), TC_EINVAL);
    assert_int_equal(tc_legalref_query_key("1/QĐ-UB", 7, NULL), TC_EINVAL);
}

/* The key of every reference found equals the key of its own text as a
 * query: the searcher can look up what the indexer stored. */
static void test_keys_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof legal_rows / sizeof legal_rows[0]; i++) {
        tc_entities *e = ex(legal_rows[i].text, 0);
        for (size_t j = 0; j < e->n_legalrefs; j++) {
            tc_legalref_keys k;
            const tc_legalref *L = &e->legalrefs[j];
            assert_int_equal(tc_legalref_query_key(L->text, strlen(L->text),
                                                   &k), TC_OK);
            assert_string_equal(k.key, L->key);
        }
        tc_entities_free(e);
    }
}

/* ---- officials -------------------------------------------------------- */

typedef struct official_row {
    const char *text;
    const char *name;     /* NULL: no official */
    const char *key, *title;
    unsigned flags;
} official_row;

static const official_row official_rows[] = {
    {"Phó Chủ tịch UBND tỉnh Lê Anh Tuấn phát biểu tại Hội nghị.",
     "Lê Anh Tuấn", "le anh tuan", "Phó Chủ tịch UBND tỉnh", 0},
    {"Giám đốc Sở TT&TT Đỗ Hữu Quyết cho biết", "Đỗ Hữu Quyết",
     "do huu quyet", "Giám đốc Sở TT&TT", 0},
    {"Bộ trưởng Bộ Công Thương Trần Tuấn Anh nói", "Trần Tuấn Anh",
     "tran tuan anh", "Bộ trưởng Bộ Công Thương", 0},
    {"Đồng chí Hoàng Ngọc Sơn - Giám đốc Sở TT&TT, chủ trì Hội nghị.",
     "Hoàng Ngọc Sơn", "hoang ngoc son", "Giám đốc Sở TT&TT",
     TC_OFF_TITLE_AFTER | TC_OFF_HONORIFIC},
    {"Đồng chí Đầu Thanh Tùng, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh dự "
     "và chỉ đạo", "Đầu Thanh Tùng", "dau thanh tung",
     "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh",
     TC_OFF_TITLE_AFTER | TC_OFF_HONORIFIC},
    {"Chủ tịch UBND tỉnh Thanh Hóa Nguyễn Đình Xứng yêu cầu",
     "Nguyễn Đình Xứng", "nguyen dinh xung", "Chủ tịch UBND tỉnh Thanh Hóa",
     0},
    {"Chủ tịch Quốc hội Nguyễn Thị Kim Ngân chủ trì", "Nguyễn Thị Kim Ngân",
     "nguyen thi kim ngan", "Chủ tịch Quốc hội", 0},
    /* names next to punctuation */
    {"(ông Nguyễn Văn Kết)", "Nguyễn Văn Kết", "nguyen van ket", "",
     TC_OFF_HONORIFIC},
    {"“Thủ tướng Nguyễn Xuân Phúc”, báo chí viết.", "Nguyễn Xuân Phúc",
     "nguyen xuan phuc", "Thủ tướng", 0},
    /* a title cut where its words are unknown: at a word's start */
    {"theo ông Vũ Vinh Phú, Chủ tịch Hội siêu thị Hà Nội, thì",
     "Vũ Vinh Phú", "vu vinh phu", "Chủ tịch",
     TC_OFF_TITLE_AFTER | TC_OFF_HONORIFIC},
    /* "Ông" at a sentence's start is the honorific, not a surname */
    {"Ông Nguyễn Long Tuyền – Chánh Thanh tra TP.HCM cho biết",
     "Nguyễn Long Tuyền", "nguyen long tuyen", "Chánh Thanh tra TP.HCM",
     TC_OFF_TITLE_AFTER | TC_OFF_HONORIFIC},
    {"PGS.TS Trần Đắc Phu, nguyên Cục trưởng", "Trần Đắc Phu",
     "tran dac phu", "PGS.TS", 0},
    {"Phó Thủ tướng Thường trực Chính phủ Nguyễn Hòa\nBình chỉ đạo",
     "Nguyễn Hòa\nBình", "nguyen hoa binh",
     "Phó Thủ tướng Thường trực Chính phủ", 0},
    /* no official */
    {"Phó Chủ tịch UBND tỉnh cho biết kế hoạch năm nay.", NULL, 0, 0, 0},
    {"Phó Chủ tịch UBND tỉnh. Lê Anh Tuấn cho biết", NULL, 0, 0, 0},
    {"Chủ tịch UBND tỉnh Hà Nam cho biết", NULL, 0, 0, 0},
    {"Giám đốc Sở Thanh Hóa cho biết", NULL, 0, 0, 0},
    /* a province that starts with a surname (Thái) is still a province */
    {"Chánh văn phòng Sở Giao thông Vận tải Thái Bình phát biểu", NULL, 0, 0,
     0},
    {"Phó Giám đốc NHCSXH Thái Bình cho biết", NULL, 0, 0, 0},
    {"Chủ tịch UBND huyện Lâm Bình cho biết", NULL, 0, 0, 0},
    {"Phó hiệu trưởng trường THCS xã Đoàn Thượng đưa con", NULL, 0, 0, 0},
    {"trên đường Lê Duẩn có nhiều cây", NULL, 0, 0, 0},
    {"Bộ trưởng Kim Il-guk nói với Rodman", NULL, 0, 0, 0},
    {"Nguyễn Văn A đến dự", NULL, 0, 0, 0},
    {"NGUYỄN VĂN A", NULL, 0, 0, 0},
    {"nếu vợ Đại sứ Hàn Quốc cũng tát", NULL, 0, 0, 0},
    {"Giám đốc Bệnh viện Bạch Mai.", NULL, 0, 0, 0},
    /* a full stop went missing: the name stops before "Sau" */
    {"bổ nhiệm cho ông Trần Văn Dũng Sau khi có quyết định",
     "Trần Văn Dũng", "tran van dung", "", TC_OFF_HONORIFIC},
};

static void test_officials(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof official_rows / sizeof official_rows[0];
         i++) {
        const official_row *r = &official_rows[i];
        tc_entities *e = ex(r->text, TC_ENT_MASK(TC_ENT_OFFICIAL));
        if (!r->name) {
            if (e->n_officials)
                fail_msg("row '%s': unexpected official '%s' (%s)", r->text,
                         e->officials[0].name, e->officials[0].title);
            tc_entities_free(e);
            continue;
        }
        if (e->n_officials != 1)
            fail_msg("row '%s': %zu officials", r->text, e->n_officials);
        const tc_official *o = &e->officials[0];
        EXPECT_STR(r->text, spantext(r->text, o->span), r->name);
        EXPECT_STR(r->text, o->key, r->key);
        EXPECT_STR(r->text, o->title, r->title);
        if (r->title[0])
            EXPECT_STR(r->text, spantext(r->text, o->title_span), r->title);
        EXPECT_INT(r->text, o->flags, r->flags);
        tc_entities_free(e);
    }
}

/* ---- figures ---------------------------------------------------------- */

typedef struct figure_row {
    const char *text;
    const char *figure;   /* NULL: no figure */
    double value, scale, total;
    const char *unit, *unit_folded;
    unsigned flags;
} figure_row;

static const figure_row figure_rows[] = {
    {"Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.", "3.550 tỷ đồng",
     3.55e12, 1e9, 0, "đồng", "dong", 0},
    {"đạt 1.800.000 thuê bao, bằng", "1.800.000 thuê bao", 1.8e6, 1, 0,
     "thuê bao", "thue bao", 0},
    {"mật độ 80,87 máy/100 dân.", "80,87 máy/100 dân", 80.87, 1, 0,
     "máy/100 dân", "may/100 dan", TC_FIG_RATE},
    {"đạt gần 94,3% tổng số thôn", "94,3%", 94.3, 1, 0, "%", "%",
     TC_FIG_PERCENT},
    {"Toàn tỉnh có 1.332 vị trí lắp đặt", "1.332 vị trí", 1332, 1, 0,
     "vị trí", "vi tri", 0},
    {"có gần 20.805 giờ phát sóng", "20.805 giờ", 20805, 1, 0, "giờ", "gio",
     0},
    {"vốn 2 triệu USD", "2 triệu USD", 2e6, 1e6, 0, "usd", "usd", 0},
    {"sản lượng 15 nghìn tấn gạo", "15 nghìn tấn", 15e3, 1e3, 0, "tấn",
     "tan", 0},
    {"khoảng 1,5 nghìn tỷ đồng", "1,5 nghìn tỷ đồng", 1.5e12, 1e12, 0,
     "đồng", "dong", 0},
    {"Đã có 1.634/1.733 thôn, bản có Internet", "1.634/1.733 thôn", 1634, 1,
     1733, "thôn", "thon", TC_FIG_RATIO},
    {"giá chỉ từ 800.000đ một vòng", "800.000đ", 8e5, 1, 0, "đồng", "dong",
     0},
    {"đỉnh cao 4.000m so với", "4.000m", 4000, 1, 0, "m", "m", 0},
    {"thu về 3.73 tỷ USD", "3.73 tỷ USD", 3.73e9, 1e9, 0, "usd", "usd", 0},
    {"giá 36,35 triệu đồng/lượng", "36,35 triệu đồng/lượng", 36.35e6, 1e6,
     0, "đồng/lượng", "dong/luong", TC_FIG_RATE},
    {"thu nhập 12 tỷ nhưng", "12 tỷ", 12e9, 1e9, 0, "", "", 0},
    {"500 VNĐ mỗi tin", "500 VNĐ", 500, 1, 0, "đồng", "dong", 0},
    /* not figures */
    {"Năm 2017, tỉnh phát triển", NULL, 0, 0, 0, 0, 0, 0},
    {"năm 2018 xã Thọ Xuân", NULL, 0, 0, 0, 0, 0, 0},
    {"lần thứ 3 đại hội", NULL, 0, 0, 0, 0, 0, 0},
    {"ngày 14/10/2015 người dân", NULL, 0, 0, 0, 0, 0, 0},
    {"Nghị quyết 36a/NQ-CP người dân", NULL, 0, 0, 0, 0, 0, 0},
    {"gọi 0912345678 người nhà", NULL, 0, 0, 0, 0, 0, 0},
    {"Điều 5 người lao động", NULL, 0, 0, 0, 0, 0, 0},
    {"lúc 16 giờ chiều", NULL, 0, 0, 0, 0, 0, 0},
    {"tính đến 16 giờ ngày 18/4", NULL, 0, 0, 0, 0, 0, 0},
    {"tiếp nhận sau 15 giờ hàng ngày", NULL, 0, 0, 0, 0, 0, 0},
    {"6 đồng tiền chủ chốt", NULL, 0, 0, 0, 0, 0, 0},
    {"Mega 6/45 người chơi", NULL, 0, 0, 0, 0, 0, 0},
    {"tỷ lệ 45/6 người", NULL, 0, 0, 0, 0, 0, 0},
    {"COVID-19 người mắc", NULL, 0, 0, 0, 0, 0, 0},
    {"mạng 4G người dùng", NULL, 0, 0, 0, 0, 0, 0},
    {"có 2 ấn phẩm mới", NULL, 0, 0, 0, 0, 0, 0},
    {"số 0237.3852.466 người", NULL, 0, 0, 0, 0, 0, 0},
};

static void test_figures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof figure_rows / sizeof figure_rows[0]; i++) {
        const figure_row *r = &figure_rows[i];
        tc_entities *e = ex(r->text, TC_ENT_MASK(TC_ENT_FIGURE));
        if (!r->figure) {
            if (e->n_figures)
                fail_msg("row '%s': unexpected figure '%s'", r->text,
                         e->figures[0].text);
            tc_entities_free(e);
            continue;
        }
        if (e->n_figures != 1)
            fail_msg("row '%s': %zu figures", r->text, e->n_figures);
        const tc_figure *f = &e->figures[0];
        EXPECT_STR(r->text, spantext(r->text, f->span), r->figure);
        EXPECT_STR(r->text, f->text, r->figure);
        EXPECT_STR(r->text, f->unit, r->unit);
        EXPECT_STR(r->text, f->unit_folded, r->unit_folded);
        if (f->value < r->value * 0.999999 || f->value > r->value * 1.000001)
            fail_msg("row '%s': value %g, want %g", r->text, f->value,
                     r->value);
        assert_true(f->scale == r->scale);
        assert_true(f->total == r->total);
        EXPECT_INT(r->text, f->flags, r->flags);
        tc_entities_free(e);
    }
}

static void test_figure_context(void **state)
{
    (void)state;
    const char *s = "Năm 2018, doanh thu toàn ngành đạt 3.550 tỷ đồng.";
    tc_entities *e = ex(s, TC_ENT_MASK(TC_ENT_FIGURE));
    assert_int_equal(e->n_figures, 1);
    assert_string_equal(e->figures[0].context, "doanh thu toàn ngành đạt");
    assert_string_equal(spantext(s, e->figures[0].context_span),
                        "doanh thu toàn ngành đạt");
    tc_entities_free(e);
}

/* ---- dates ------------------------------------------------------------ */

typedef struct date_row {
    const char *text;
    const char *span;     /* NULL: no date */
    int32_t value;
    int y, m, d;
    unsigned flags;
} date_row;

static const date_row date_rows[] = {
    {"Sáng ngày 04/01/2018, Sở tổ chức", "ngày 04/01/2018", 20180104, 2018,
     1, 4, 0},
    {"Thứ Sáu, ngày 12 tháng 1 năm 2024 - 15:36", "ngày 12 tháng 1 năm 2024",
     20240112, 2024, 1, 12, 0},
    {"họp 14/10/2015 tại", "14/10/2015", 20151014, 2015, 10, 14, 0},
    {"đến 14-10-2015.", "14-10-2015", 20151014, 2015, 10, 14, 0},
    {"Ngày 23.6.2017, Thứ trưởng", "Ngày 23.6.2017", 20170623, 2017, 6, 23,
     0},
    {"date 2021-01 Tổng kết", "2021-01", 20210100, 2021, 1, 0,
     TC_DATE_MONTH_ONLY},
    {"cập nhật 2021-01-31 lúc", "2021-01-31", 20210131, 2021, 1, 31, 0},
    {"từ tháng 10/2015 đến", "tháng 10/2015", 20151000, 2015, 10, 0,
     TC_DATE_MONTH_ONLY},
    {"vào tháng 5 năm 2016", "tháng 5 năm 2016", 20160500, 2016, 5, 0,
     TC_DATE_MONTH_ONLY},
    {"ngày 29/2/2016 là", "ngày 29/2/2016", 20160229, 2016, 2, 29, 0},
    {"Chiều 11-1, Sở tổ chức", "11-1", 0, 0, 1, 11, 0},
    {"hết ngày 30 tháng 6 hằng năm", "ngày 30 tháng 6", 0, 0, 6, 30,
     TC_DATE_RECURRING},
    /* not dates */
    {"ngày 29/2/2017 là", NULL, 0, 0, 0, 0, 0},
    {"ngày 31/4/2017 là", NULL, 0, 0, 0, 0, 0},
    {"ngày 14/13/2015 là", NULL, 0, 0, 0, 0, 0},
    {"xổ số Mega 6/45", NULL, 0, 0, 0, 0, 0},
    {"phục vụ 24/7", NULL, 0, 0, 0, 0, 0},
    {"đạt 1.634/1.733 thôn", NULL, 0, 0, 0, 0, 0},
    {"giai đoạn 2016-2020", NULL, 0, 0, 0, 0, 0},
    {"Nghị quyết 12/2019/QH14", NULL, 0, 0, 0, 0, 0},
    {"gọi 0912.345.678", NULL, 0, 0, 0, 0, 0},
};

static void test_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof date_rows / sizeof date_rows[0]; i++) {
        const date_row *r = &date_rows[i];
        tc_entities *e = ex(r->text, TC_ENT_MASK(TC_ENT_DATE));
        if (!r->span) {
            if (e->n_dates)
                fail_msg("row '%s': unexpected date '%s'", r->text,
                         spantext(r->text, e->dates[0].span));
            tc_entities_free(e);
            continue;
        }
        if (e->n_dates != 1)
            fail_msg("row '%s': %zu dates", r->text, e->n_dates);
        const tc_date *d = &e->dates[0];
        EXPECT_STR(r->text, spantext(r->text, d->span), r->span);
        EXPECT_INT(r->text, d->value, r->value);
        EXPECT_INT(r->text, d->year, r->y);
        EXPECT_INT(r->text, d->month, r->m);
        EXPECT_INT(r->text, d->day, r->d);
        EXPECT_INT(r->text, d->flags & ~TC_DATE_YEAR_INFERRED, r->flags);
        tc_entities_free(e);
    }
}

/* "Chiều 11-1": the year from another date of the text, or from the
 * metadata, the nearest year to it. */
static void test_date_years(void **state)
{
    (void)state;
    const char *s = " date 2021-01 Tổng kết năm 2020\nChiều 11-1, Sở tổ chức";
    tc_entities *e = ex(s, TC_ENT_MASK(TC_ENT_DATE));
    assert_int_equal(e->n_dates, 2);
    assert_int_equal(e->dates[1].value, 20210111);
    assert_true(e->dates[1].flags & TC_DATE_YEAR_INFERRED);
    assert_int_equal(tc_entities_doc_date(e), 20210111);
    tc_entities_free(e);

    /* a text of 3 January speaking of 28-12: last year's */
    e = ex_len("Tối 28-12, đoàn đến", 22, 0, "2018-01-03");
    assert_int_equal(e->n_dates, 1);
    assert_int_equal(e->dates[0].value, 20171228);
    assert_int_equal(tc_entities_doc_date(e), 20180103);
    tc_entities_free(e);

    /* no year anywhere: unknown */
    e = ex("Chiều 11-1, Sở tổ chức", 0);
    assert_int_equal(e->n_dates, 1);
    assert_int_equal(e->dates[0].value, 0);
    assert_int_equal(e->dates[0].year, 0);
    assert_int_equal(tc_entities_doc_date(e), 0);
    tc_entities_free(e);
}

typedef struct meta_row {
    const char *meta;
    int32_t value;
} meta_row;

static void test_doc_date(void **state)
{
    (void)state;
    static const meta_row metas[] = {
        {"2021-01-05", 20210105}, {"2021-01", 20210100},
        {"2020-02-29", 20200229}, {"2021-02-29", 0}, {"2021-13-01", 0},
        {"2021-1-5", 0}, {"21-01-05", 0}, {"2021-01-05T10:00:00", 20210105},
        {"2021-01-05x", 0}, {"", 0}, {"abc", 0}, {"2021", 0}};
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++)
        EXPECT_INT(metas[i].meta,
                   tc_date_from_meta(metas[i].meta, strlen(metas[i].meta)),
                   metas[i].value);
    assert_int_equal(tc_date_from_meta(NULL, 0), 0);

    const char *s = "Căn cứ Nghị quyết 36a/NQ-CP ngày 14/10/2015; Hà Nội, "
                    "ngày 05 tháng 3 năm 2016";
    tc_entities *e = ex(s, 0);
    assert_int_equal(tc_entities_doc_date(e), 20160305);
    tc_entities_free(e);
    /* the metadata wins; a bad one is ignored */
    e = ex_len(s, strlen(s), 0, "2016-03-07");
    assert_int_equal(tc_entities_doc_date(e), 20160307);
    tc_entities_free(e);
    e = ex_len(s, strlen(s), 0, "7 March");
    assert_int_equal(tc_entities_doc_date(e), 20160305);
    tc_entities_free(e);
    assert_int_equal(tc_entities_doc_date(NULL), 0);
}

/* ---- places ----------------------------------------------------------- */

typedef struct place_row {
    const char *text;
    const char *span;     /* NULL: no place */
    const char *name, *key;
    int context;
} place_row;

static const place_row place_rows[] = {
    {"Sở TT&TT tỉnh Thanh Hoá tổ chức", "Thanh Hoá", "Thanh Hóa",
     "thanh hoa", 1},
    {"Báo Cao Bằng phát hành", "Cao Bằng", "Cao Bằng", "cao bang", 0},
    {"UBND tỉnh Hà Nam cho biết", "Hà Nam", "Hà Nam", "ha nam", 1},
    {"tại TP.HCM hôm qua", "TP.HCM", "Thành phố Hồ Chí Minh",
     "ho chi minh", 1},
    {"và TPHCM có", "TPHCM", "Thành phố Hồ Chí Minh", "ho chi minh", 0},
    {"Thành phố Hồ Chí Minh có", "Hồ Chí Minh", "Thành phố Hồ Chí Minh",
     "ho chi minh", 1},
    {"tỉnh Bà Rịa - Vũng Tàu có", "Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu",
     "ba ria vung tau", 1},
    {"tỉnh Thừa Thiên Huế có", "Thừa Thiên Huế", "Thừa Thiên Huế",
     "thua thien hue", 1},
    {"nay là thành phố Huế.", "Huế", "Huế", "hue", 1},
    {"tỉnh Thừa Thiên - Huế có", "Thừa Thiên - Huế", "Thừa Thiên Huế",
     "thua thien hue", 1},
    {"TỈNH LAI CHÂU", "LAI CHÂU", "Lai Châu", "lai chau", 1},
    {"ve Ha Noi", "Ha Noi", "Hà Nội", "ha noi", 0},
    {"tỉnh Đăk Lăk", "Đăk Lăk", "Đắk Lắk", "dak lak", 1},
    {"thành phố Điện Biên Phủ, tỉnh", "Điện Biên Phủ", "Điện Biên",
     "dien bien", 1},
    /* not places */
    {"Hà Nam cho biết", NULL, 0, 0, 0},
    {"ông Hà Nam cho biết", NULL, 0, 0, 0},
    {"anh Nguyễn Hà Nam", NULL, 0, 0, 0},
    {"tư tưởng Hồ Chí Minh", NULL, 0, 0, 0},
    {"biển Thái Bình Dương", NULL, 0, 0, 0},
    {"đường Điện Biên Phủ", NULL, 0, 0, 0},
    {"huyện Quảng Ninh", NULL, 0, 0, 0},
    {"ca sĩ Hà Tình", NULL, 0, 0, 0},
    {"vì hòa bình thế giới", NULL, 0, 0, 0},
    {"cao bằng người lớn", NULL, 0, 0, 0},
};

static void test_places(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof place_rows / sizeof place_rows[0]; i++) {
        const place_row *r = &place_rows[i];
        tc_entities *e = ex(r->text, TC_ENT_MASK(TC_ENT_PLACE));
        if (!r->span) {
            if (e->n_places)
                fail_msg("row '%s': unexpected place '%s'", r->text,
                         e->places[0].name);
            tc_entities_free(e);
            continue;
        }
        if (e->n_places != 1)
            fail_msg("row '%s': %zu places", r->text, e->n_places);
        const tc_place *p = &e->places[0];
        EXPECT_STR(r->text, spantext(r->text, p->span), r->span);
        EXPECT_STR(r->text, p->name, r->name);
        EXPECT_STR(r->text, p->key, r->key);
        EXPECT_INT(r->text, (p->flags & TC_PLACE_CONTEXT) != 0, r->context);
        tc_entities_free(e);
    }
}

static void test_place_counts(void **state)
{
    (void)state;
    const char *s = "Sở TT&TT Cao Bằng làm việc với tỉnh Thanh Hóa. Báo Cao "
                    "Bằng đưa tin. UBND tỉnh Cao Bằng chỉ đạo.";
    tc_entities *e = ex(s, TC_ENT_MASK(TC_ENT_PLACE));
    const tc_place_count *top;
    assert_int_equal(tc_entities_top_places(e, 5, &top), 2);
    assert_string_equal(top[0].name, "Cao Bằng");
    assert_int_equal(top[0].count, 3);
    assert_string_equal(top[1].name, "Thanh Hóa");
    assert_int_equal(top[1].count, 1);
    assert_int_equal(tc_entities_top_places(e, 1, &top), 1);
    tc_entities_free(e);
    assert_int_equal(tc_entities_top_places(NULL, 3, &top), 0);
}

static void test_place_table(void **state)
{
    (void)state;
    size_t n, pre = 0, post = 0;
    const tc_place_info *t = tc_place_table(&n);
    assert_int_equal(n, 64);
    for (size_t i = 0; i < n; i++) {
        pre += (t[i].flags & TC_PLACE_PRE2025) != 0;
        post += (t[i].flags & TC_PLACE_POST2025) != 0;
        /* every key is the folded name */
        char *folded = NULL;
        assert_int_equal(tc_normalize_text(t[i].name, strlen(t[i].name),
                                           NULL, &folded), TC_OK);
        if (strcmp(folded, t[i].key) != 0 &&
            strcmp(t[i].key, "ho chi minh") != 0)
            fail_msg("key '%s' for '%s' (folded '%s')", t[i].key, t[i].name,
                     folded);
        free(folded);
        /* every name finds itself */
        EXPECT_INT(t[i].name, tc_place_lookup(t[i].name, strlen(t[i].name)),
                   (int)i);
    }
    assert_int_equal(pre, 63);
    assert_int_equal(post, 34);
    static const char *const hcm[] = {"TP.HCM", "tp hcm", "TPHCM",
                                      "Thành phố Hồ Chí Minh",
                                      "ho chi minh"};
    int id = tc_place_lookup("Hồ Chí Minh", strlen("Hồ Chí Minh"));
    assert_true(id >= 0);
    for (size_t i = 0; i < sizeof hcm / sizeof hcm[0]; i++)
        EXPECT_INT(hcm[i], tc_place_lookup(hcm[i], strlen(hcm[i])), id);
    assert_int_equal(tc_place_lookup("thanh hoa", 9),
                     tc_place_lookup("tỉnh Thanh Hoá", strlen("tỉnh Thanh Hoá")));
    assert_int_equal(tc_place_lookup("Sài Gòn", strlen("Sài Gòn")), -1);
    assert_int_equal(tc_place_lookup("", 0), -1);
    assert_int_equal(tc_place_lookup(NULL, 0), -1);
}

/* ---- abbreviations ---------------------------------------------------- */

static int has_expansion(const tc_abbr *const *out, size_t n, const char *x)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i]->expansion, x) == 0)
            return 1;
    return 0;
}

static void test_abbreviations(void **state)
{
    (void)state;
    const tc_abbr *out[8];
    size_t n = tc_abbr_expansions("UBND", 4, out, 8);
    assert_int_equal(n, 1);
    assert_string_equal(out[0]->expansion, "Ủy ban nhân dân");
    static const char *const tttt[] = {"TT&TT", "TTTT", "tt&tt", "TT-TT"};
    for (size_t i = 0; i < 4; i++) {
        n = tc_abbr_expansions(tttt[i], strlen(tttt[i]), out, 8);
        if (!has_expansion(out, n, "Thông tin và Truyền thông"))
            fail_msg("'%s' does not expand", tttt[i]);
    }
    static const char *const gd[] = {"GD&ĐT", "GDĐT", "GD-ĐT", "gddt"};
    for (size_t i = 0; i < 4; i++) {
        n = tc_abbr_expansions(gd[i], strlen(gd[i]), out, 8);
        if (!has_expansion(out, n, "Giáo dục và Đào tạo"))
            fail_msg("'%s' does not expand", gd[i]);
    }
    n = tc_abbr_abbreviations("Uỷ ban Nhân dân", strlen("Uỷ ban Nhân dân"),
                              out, 8);
    assert_int_equal(n, 1);
    assert_string_equal(out[0]->abbr, "UBND");
    n = tc_abbr_abbreviations("kinh te - xa hoi", 16, out, 8);
    assert_int_equal(n, 1);
    assert_string_equal(out[0]->abbr, "KT-XH");
    /* several expansions: BTC; counting beyond cap */
    assert_int_equal(tc_abbr_expansions("BTC", 3, out, 1), 2);
    assert_int_equal(tc_abbr_expansions("xyzw", 4, out, 8), 0);
    assert_int_equal(tc_abbr_expansions("", 0, out, 8), 0);
    assert_int_equal(tc_abbr_expansions(NULL, 0, out, 8), 0);
    assert_int_equal(tc_abbr_abbreviations("không có", 9, NULL, 0), 0);

    /* every entry's keys are what the lookups compute: each finds itself
     * both ways */
    size_t total;
    const tc_abbr *t = tc_abbr_table(&total);
    assert_true(total >= 100);
    for (size_t i = 0; i < total; i++) {
        const tc_abbr *found[16];
        size_t k = tc_abbr_expansions(t[i].abbr, strlen(t[i].abbr), found,
                                      16), j;
        for (j = 0; j < k && found[j] != &t[i]; j++)
            ;
        if (j == k)
            fail_msg("'%s' (key '%s') is not found by its abbreviation",
                     t[i].abbr, t[i].abbr_key);
        k = tc_abbr_abbreviations(t[i].expansion, strlen(t[i].expansion),
                                  found, 16);
        for (j = 0; j < k && found[j] != &t[i]; j++)
            ;
        if (j == k)
            fail_msg("'%s' (key '%s') is not found by its expansion",
                     t[i].expansion, t[i].expansion_key);
    }
}

/* ---- limits, offsets, hostile input ----------------------------------- */

static void test_caps(void **state)
{
    (void)state;
    const char *s = "có 1 người, 2 người, 3 người, 4 người và 5 người.";
    tc_entity_opts o;
    tc_entities *e = NULL;
    tc_entity_opts_init(&o);
    o.max_per_kind = 2;
    assert_int_equal(tc_entities_extract(s, strlen(s), &o, &e), TC_OK);
    assert_int_equal(e->n_figures, 2);
    assert_int_equal(e->dropped[TC_ENT_FIGURE], 3);
    assert_true(e->truncated & TC_ENT_MASK(TC_ENT_FIGURE));
    assert_string_equal(e->figures[0].text, "1 người");   /* first kept */
    tc_entities_free(e);

    /* past max_bytes nothing is read */
    const char *t = "Quyết định 1789/QĐ-UBND; tỉnh Thanh Hóa";
    tc_entity_opts_init(&o);
    o.max_bytes = 26;
    assert_int_equal(tc_entities_extract(t, strlen(t), &o, &e), TC_OK);
    assert_int_equal(e->n_legalrefs, 1);
    assert_int_equal(e->n_places, 0);
    assert_true(e->truncated & TC_ENT_TRUNC_TEXT);
    assert_true(e->bytes_scanned <= 26);
    tc_entities_free(e);

    /* kinds not asked for come back empty */
    tc_entity_opts_init(&o);
    o.kinds = TC_ENT_MASK(TC_ENT_PLACE);
    assert_int_equal(tc_entities_extract(t, strlen(t), &o, &e), TC_OK);
    assert_int_equal(e->n_legalrefs, 0);
    assert_int_equal(e->n_places, 1);
    tc_entities_free(e);

    /* bad arguments */
    tc_entity_opts_init(&o);
    o.max_per_kind = TC_ENT_MAX_PER_KIND_LIMIT + 1;
    assert_int_equal(tc_entities_extract(t, strlen(t), &o, &e), TC_EINVAL);
    assert_null(e);
    tc_entity_opts_init(&o);
    o.max_bytes = TC_ENT_MAX_BYTES_LIMIT + 1;
    assert_int_equal(tc_entities_extract(t, strlen(t), &o, &e), TC_EINVAL);
    assert_int_equal(tc_entities_extract(NULL, 5, NULL, &e), TC_EINVAL);
    assert_int_equal(tc_entities_extract(t, 5, NULL, NULL), TC_EINVAL);
    assert_int_equal(tc_entities_extract(NULL, 0, NULL, &e), TC_OK);
    assert_int_equal(e->n_figures + e->n_places + e->n_dates, 0);
    tc_entities_free(e);
    tc_entities_free(NULL);
    assert_string_equal(tc_entity_kind_name(TC_ENT_FIGURE), "figures");
    assert_string_equal(tc_entity_kind_name(99), "unknown");
}

/* Every record's span is inside the text, in text order, and its strings
 * are valid UTF-8. */
static void check_records(const char *s, size_t len, const tc_entities *e)
{
#define SPAN_OK(sp)                                                        \
    do {                                                                   \
        assert_true((sp).start <= (sp).end);                               \
        assert_true((sp).end <= len);                                      \
    } while (0)
    for (size_t i = 0; i < e->n_legalrefs; i++) {
        SPAN_OK(e->legalrefs[i].span);
        SPAN_OK(e->legalrefs[i].type_span);
        assert_true(valid_utf8(e->legalrefs[i].text));
        assert_true(valid_utf8(e->legalrefs[i].issuer));
        assert_true(valid_utf8(e->legalrefs[i].key));
    }
    for (size_t i = 0; i < e->n_officials; i++) {
        SPAN_OK(e->officials[i].span);
        SPAN_OK(e->officials[i].title_span);
        assert_true(valid_utf8(e->officials[i].name));
        assert_true(valid_utf8(e->officials[i].title));
    }
    for (size_t i = 0; i < e->n_figures; i++) {
        SPAN_OK(e->figures[i].span);
        SPAN_OK(e->figures[i].context_span);
        assert_true(valid_utf8(e->figures[i].text));
        assert_true(valid_utf8(e->figures[i].context));
        assert_true(valid_utf8(e->figures[i].unit));
    }
    for (size_t i = 0; i < e->n_dates; i++) {
        SPAN_OK(e->dates[i].span);
        if (i)
            assert_true(e->dates[i - 1].span.start <= e->dates[i].span.start);
    }
    for (size_t i = 0; i < e->n_places; i++)
        SPAN_OK(e->places[i].span);
#undef SPAN_OK
    (void)s;
}

static void test_invalid_utf8_and_nul(void **state)
{
    (void)state;
    /* NUL bytes and invalid sequences between entities, and inside a
     * name and a number */
    static const char s[] = "Phó Chủ tịch UBND tỉnh Lê\xff Anh Tuấn \0 "
                            "Quyết định 1789/QĐ-UBND ngày 5/6/2013\xc3\x28 "
                            "\xe2\x82 đạt 3.5\0" "50 tỷ đồng, 94,3%\xf0 "
                            "tỉnh Thanh Hóa\xed\xa0\x80";
    size_t len = sizeof s - 1;
    tc_entities *e = ex_len(s, len, 0, NULL);
    check_records(s, len, e);
    assert_true(e->invalid_bytes > 0);
    assert_int_equal(e->n_legalrefs, 1);
    assert_string_equal(e->legalrefs[0].text, "1789/QĐ-UBND");
    assert_int_equal(e->legalrefs[0].date, 20130605);
    assert_int_equal(e->n_officials, 0);   /* the name is broken by \xff */
    assert_int_equal(e->n_places, 1);
    int pct = 0;
    for (size_t i = 0; i < e->n_figures; i++)
        pct |= strcmp(e->figures[i].text, "94,3%") == 0;
    assert_true(pct);
    tc_entities_free(e);
}

/* Random text made of entity-like fragments, punctuation and bytes: no
 * crash, every span in bounds (run under the sanitizers by test.sh). */
static void test_random_input(void **state)
{
    (void)state;
    static const char *const frags[] = {
        "Quyết định", " số ", "36a", "/", "-", "NQ", "CP", "QĐ", "UBND",
        " ngày ", "14", "10", "2015", " tháng ", " năm ", "1.634", ",",
        ".", " tỷ ", "đồng", "%", " thuê bao", " Chủ tịch ", "Lê", " Anh ",
        "Tuấn", "ông ", "tỉnh ", "Thanh Hóa", "Hà Nam", "TP.", "HCM", "\n",
        " - ", "của ", "Chính phủ", "Chiều ", "\xff", "\0", "\xc3", "đ",
        "Đ", "(", ")", " ", "0", "9", "2021-01", "**", "|", "Ông ", "xã "};
    uint32_t seed = 12345;
    char buf[600];
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = 0;
        while (len < 500) {
            seed = seed * 1103515245u + 12345u;
            size_t f = (seed >> 16) % (sizeof frags / sizeof frags[0]);
            size_t n = strlen(frags[f]);
            if (n == 0)
                n = 1;          /* the "\0" fragment is one NUL byte */
            if (len + n > sizeof buf)
                break;
            memcpy(buf + len, frags[f], n);
            len += n;
            if (((seed >> 8) & 7) == 0)
                break;
        }
        /* a copy of exactly len bytes: a read past the text is caught by
         * AddressSanitizer */
        char *text = malloc(len ? len : 1);
        assert_non_null(text);
        memcpy(text, buf, len);
        tc_entities *e = NULL;
        int rc = tc_entities_extract(text, len, NULL, &e);
        assert_int_equal(rc, TC_OK);
        check_records(text, len, e);
        tc_entities_free(e);
        free(text);
    }
}

/* A large input: bounded work and records. */
static void test_huge_input(void **state)
{
    (void)state;
    const char *unit = "Năm 2017 đạt 3.550 tỷ đồng; Quyết định 1789/QĐ-UBND "
                       "ngày 5/6/2013 của tỉnh Thanh Hóa, Phó Chủ tịch UBND "
                       "tỉnh Lê Anh Tuấn dự. ";
    size_t ul = strlen(unit), n = (3u << 20) / ul + 1;
    char *big = malloc(n * ul);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        memcpy(big + i * ul, unit, ul);
    tc_entities *e = NULL;
    assert_int_equal(tc_entities_extract(big, n * ul, NULL, &e), TC_OK);
    assert_true(e->truncated & TC_ENT_TRUNC_TEXT);
    assert_int_equal(e->bytes_scanned, TC_ENT_DEFAULT_MAX_BYTES);
    assert_int_equal(e->n_figures, TC_ENT_DEFAULT_MAX_PER_KIND);
    assert_int_equal(e->n_legalrefs, TC_ENT_DEFAULT_MAX_PER_KIND);
    assert_int_equal(e->n_officials, TC_ENT_DEFAULT_MAX_PER_KIND);
    assert_true(e->dropped[TC_ENT_FIGURE] > 0);
    assert_int_equal(e->n_place_counts, 1);
    check_records(big, n * ul, e);
    tc_entities_free(e);
    free(big);
}

/* The five seed articles the product was specified from. */
static void test_seed_article(void **state)
{
    (void)state;
    const char *s =
        "Sáng ngày 04/01/2018, Sở Thông tin và Truyền thông (TT&TT) tổ "
        "chức Hội nghị tổng kết năm 2017. Đồng chí Lê Anh Tuấn - Phó Chủ "
        "tịch UBND tỉnh dự và chỉ đạo Hội nghị.\n"
        "thuê bao điện thoại phát triển trên 200.000 thuê bao, phấn đấu "
        "đến hết năm 2018 sẽ đạt 2.905.200 máy với mật độ 80,87 máy/100 "
        "dân. Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.\n"
        "thực hiện tốt Nghị quyết số 36a/NQ-CP của Chính phủ ngày "
        "14/10/2015 về Chính phủ điện tử; quảng bá hình ảnh Thanh Hóa.";
    tc_entities *e = ex(s, 0);
    assert_int_equal(tc_entities_doc_date(e), 20180104);
    assert_int_equal(e->n_officials, 1);
    assert_string_equal(e->officials[0].name, "Lê Anh Tuấn");
    assert_string_equal(e->officials[0].title, "Phó Chủ tịch UBND tỉnh");
    assert_int_equal(e->n_figures, 4);
    assert_string_equal(e->figures[3].text, "3.550 tỷ đồng");
    assert_int_equal(e->n_legalrefs, 1);
    assert_int_equal(e->n_places, 1);
    assert_int_equal(e->n_dates, 2);
    tc_entities_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_refs),
        cmocka_unit_test(test_legal_context),
        cmocka_unit_test(test_query_keys),
        cmocka_unit_test(test_keys_agree),
        cmocka_unit_test(test_officials),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_figure_context),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_date_years),
        cmocka_unit_test(test_doc_date),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_place_counts),
        cmocka_unit_test(test_place_table),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_invalid_utf8_and_nul),
        cmocka_unit_test(test_random_input),
        cmocka_unit_test(test_huge_input),
        cmocka_unit_test(test_seed_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
