/* test_analysis.c: table-driven tests of the Vietnamese analysis
 * (analysis.h): every vowel with every tone in both cases and in NFC and
 * NFD, tone placement old and new, đ and its look-alike, numbers, invalid
 * UTF-8, offsets, adjacency breaks, ignorable characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "tracuu/analysis.h"
#include "tracuu/error.h"

/* ---- a collector ------------------------------------------------------ */

typedef struct tok {
    char exact[400], folded[400];
    size_t start, end;
    unsigned flags;
} tok;

typedef struct toks {
    tok t[64];
    size_t n;
} toks;

static int collect(void *ctx, const tc_token *t)
{
    toks *ts = ctx;
    if (ts->n == 64)
        return 0;
    tok *o = &ts->t[ts->n++];
    snprintf(o->exact, sizeof o->exact, "%.*s", (int)t->exact_len, t->exact);
    snprintf(o->folded, sizeof o->folded, "%.*s", (int)t->folded_len,
             t->folded);
    o->start = t->start;
    o->end = t->end;
    o->flags = t->flags;
    return 0;
}

static toks run(const char *s, size_t len, tc_tokenize_stats *st)
{
    toks ts;
    memset(&ts, 0, sizeof ts);
    assert_int_equal(tc_tokenize(s, len, collect, &ts, st), TC_OK);
    return ts;
}

static char *nfd(const char *s)
{
    return (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
}

/* Tokens of s joined by one space, exact or folded. */
static void joined(const char *s, char *exact, char *folded, size_t cap)
{
    toks ts = run(s, strlen(s), NULL);
    exact[0] = folded[0] = '\0';
    for (size_t i = 0; i < ts.n; i++) {
        if (i) {
            strncat(exact, " ", cap - strlen(exact) - 1);
            strncat(folded, " ", cap - strlen(folded) - 1);
        }
        strncat(exact, ts.t[i].exact, cap - strlen(exact) - 1);
        strncat(folded, ts.t[i].folded, cap - strlen(folded) - 1);
    }
}

/* ---- every vowel with every tone -------------------------------------- */

/* Row: the plain vowel, then the five tones (huyền, sắc, hỏi, ngã, nặng). */
static const char *const lower_vowels[][6] = {
    {"a", "à", "á", "ả", "ã", "ạ"}, {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"},
    {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"e", "è", "é", "ẻ", "ẽ", "ẹ"},
    {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"i", "ì", "í", "ỉ", "ĩ", "ị"},
    {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"},
    {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"u", "ù", "ú", "ủ", "ũ", "ụ"},
    {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"},
};
static const char *const upper_vowels[][6] = {
    {"A", "À", "Á", "Ả", "Ã", "Ạ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"},
    {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"},
    {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"},
    {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"},
    {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"},
};
static const char base_of_row[] = "aaaeeiooouuy";

static void check_vowel(const char *input, const char *want_exact,
                        char want_folded)
{
    char want_f[2] = {want_folded, '\0'};
    toks ts = run(input, strlen(input), NULL);
    assert_int_equal(ts.n, 1);
    assert_string_equal(ts.t[0].exact, want_exact);
    assert_string_equal(ts.t[0].folded, want_f);
    /* the same in NFD */
    char *d = nfd(input);
    ts = run(d, strlen(d), NULL);
    assert_int_equal(ts.n, 1);
    assert_string_equal(ts.t[0].exact, want_exact);
    assert_string_equal(ts.t[0].folded, want_f);
    assert_int_equal(ts.t[0].end, strlen(d));
    free(d);
}

static void test_every_vowel_every_tone(void **state)
{
    (void)state;
    for (size_t r = 0; r < 12; r++)
        for (size_t t = 0; t < 6; t++) {
            check_vowel(lower_vowels[r][t], lower_vowels[r][t],
                        base_of_row[r]);
            check_vowel(upper_vowels[r][t], lower_vowels[r][t],
                        base_of_row[r]);
        }
}

/* Upper-case s into out (64 bytes), one code point at a time. */
static void to_upper(const char *s, char *out)
{
    size_t o = 0;
    while (*s) {
        utf8proc_int32_t cp;
        s += utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp),
                                          (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
}

/* Each tone on "oa", "oe", "uy" in both placements and both cases. */
static void test_every_tone_both_placements(void **state)
{
    (void)state;
    static const struct { const char *old_style, *new_style, *folded; }
    rows[] = {
        {"hòa", "hoà", "hoa"}, {"hóa", "hoá", "hoa"}, {"hỏa", "hoả", "hoa"},
        {"hõa", "hoã", "hoa"}, {"họa", "hoạ", "hoa"},
        {"khòe", "khoè", "khoe"}, {"khóe", "khoé", "khoe"},
        {"khỏe", "khoẻ", "khoe"}, {"khõe", "khoẽ", "khoe"},
        {"khọe", "khoẹ", "khoe"},
        {"thùy", "thuỳ", "thuy"}, {"thúy", "thuý", "thuy"},
        {"thủy", "thuỷ", "thuy"}, {"thũy", "thuỹ", "thuy"},
        {"thụy", "thuỵ", "thuy"},
        {"ủy", "uỷ", "uy"}, {"tòa", "toà", "toa"}, {"lòe", "loè", "loe"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *forms[4] = {rows[i].old_style, rows[i].new_style, NULL,
                                NULL};
        char upper_old[64], upper_new[64];
        to_upper(rows[i].old_style, upper_old);
        to_upper(rows[i].new_style, upper_new);
        forms[2] = upper_old;
        forms[3] = upper_new;
        for (size_t f = 0; f < 4; f++) {
            char *d = nfd(forms[f]);
            const char *inputs[2] = {forms[f], d};
            for (size_t k = 0; k < 2; k++) {
                toks ts = run(inputs[k], strlen(inputs[k]), NULL);
                assert_int_equal(ts.n, 1);
                assert_string_equal(ts.t[0].exact, rows[i].old_style);
                assert_string_equal(ts.t[0].folded, rows[i].folded);
                assert_true(ts.t[0].flags & TC_TOK_MARKED);
            }
            free(d);
        }
    }
}

/* Whole phrases: input -> exact, folded. */
static void test_phrases(void **state)
{
    (void)state;
    static const struct { const char *in, *exact, *folded; } rows[] = {
        {"Thanh Hoá", "thanh hóa", "thanh hoa"},
        {"Thanh Hóa", "thanh hóa", "thanh hoa"},
        {"THANH HOÁ", "thanh hóa", "thanh hoa"},
        {"Uỷ ban", "ủy ban", "uy ban"},
        {"Ủy ban", "ủy ban", "uy ban"},
        {"Đầu Thanh Tùng", "đầu thanh tùng", "dau thanh tung"},
        {"ĐẦU THANH TÙNG", "đầu thanh tùng", "dau thanh tung"},
        {"Ðông Hà", "đông hà", "dong ha"},          /* Eth look-alike */
        {"ðông", "đông", "dong"},
        {"Đắk Lắk", "đắk lắk", "dak lak"},
        {"quý giá giữ gìn", "quý giá giữ gìn", "quy gia giu gin"},
        {"ngòai hòan hùynh", "ngoài hoàn huỳnh", "ngoai hoan huynh"},
        {"người thuở khuỷu xoáy", "người thuở khuỷu xoáy",
         "nguoi thuo khuyu xoay"},
        {"quyền Nguyễn", "quyền nguyễn", "quyen nguyen"},
        {"thuê bao Internet", "thuê bao internet", "thue bao internet"},
        {"café España", "café españa", "cafe espana"},
        {"Straße", "strasse", "strasse"},
        {"KT-XH TT&TT", "kt xh tt tt", "kt xh tt tt"},
        {"Vi\u200Bệt Na\u200Dm", "việt nam", "viet nam"},   /* zero-width */
        {"Vi\u00ADệt", "việt", "viet"},                     /* soft hyphen */
        {"\u200Fxin chào\u200E", "xin chào", "xin chao"},   /* RTL/LTR marks */
        {"covid19 H5N1 4G", "covid19 h5n1 4g", "covid19 h5n1 4g"},
        {"", "", ""},
        {" ,.;!? ", "", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char e[512], f[512];
        joined(rows[i].in, e, f, sizeof e);
        assert_string_equal(e, rows[i].exact);
        assert_string_equal(f, rows[i].folded);
        char *d = nfd(rows[i].in);
        joined(d, e, f, sizeof e);
        assert_string_equal(e, rows[i].exact);
        assert_string_equal(f, rows[i].folded);
        free(d);
    }
}

/* Numbers as Vietnamese writes them. */
static void test_numbers(void **state)
{
    (void)state;
    static const struct { const char *in, *out; unsigned flags; } rows[] = {
        {"1.800.000", "1800000", TC_TOK_NUMBER},
        {"1800000", "1800000", TC_TOK_NUMBER},
        {"80,87", "80,87", TC_TOK_NUMBER},
        {"12,5%", "12,5%", TC_TOK_NUMBER | TC_TOK_PERCENT},
        {"94,3%", "94,3%", TC_TOK_NUMBER | TC_TOK_PERCENT},
        {"3.550", "3550", TC_TOK_NUMBER},
        {"3.550,5", "3550,5", TC_TOK_NUMBER},
        {"1,800,000", "1800000", TC_TOK_NUMBER},
        {"20.805", "20805", TC_TOK_NUMBER},
        {"4.0", "4.0", TC_TOK_NUMBER},
        {"1.80", "1.80", TC_TOK_NUMBER},
        {"0237.3852.466", "0237.3852.466", TC_TOK_NUMBER},
        {"1234.567", "1234.567", TC_TOK_NUMBER},
        {"2017", "2017", TC_TOK_NUMBER},
        {"36a", "36a", TC_TOK_NUMBER},
        {"2977", "2977", TC_TOK_NUMBER},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        toks ts = run(rows[i].in, strlen(rows[i].in), NULL);
        assert_int_equal(ts.n, 1);
        assert_string_equal(ts.t[0].exact, rows[i].out);
        assert_string_equal(ts.t[0].folded, rows[i].out);
        assert_int_equal(ts.t[0].flags & (TC_TOK_NUMBER | TC_TOK_PERCENT),
                         rows[i].flags);
        assert_int_equal(ts.t[0].end, strlen(rows[i].in));
    }
    /* numbers in context: a sentence end, a list, a ratio, a date */
    static const struct { const char *in, *folded; } ctx[] = {
        {"năm 2017.", "nam 2017"},
        {"1.634/1.733 thôn", "1634 1733 thon"},
        {"80,87 máy/100 dân", "80,87 may 100 dan"},
        {"Sáng ngày 04/01/2018,", "sang ngay 04 01 2018"},
        {"3.550 tỷ đồng", "3550 ty dong"},
        {"tăng 12,5%.", "tang 12,5%"},
        {"1.800.000 thuê bao", "1800000 thue bao"},
        {"2977/2013/QĐ-UBND", "2977 2013 qd ubnd"},
    };
    for (size_t i = 0; i < sizeof ctx / sizeof ctx[0]; i++) {
        char e[512], f[512];
        joined(ctx[i].in, e, f, sizeof e);
        assert_string_equal(f, ctx[i].folded);
    }
}

/* Offsets point at the words as written, in the original bytes. */
static void test_offsets(void **state)
{
    (void)state;
    const char *s = "Sở TT&TT Thanh Hoá: 1.800.000 thuê bao";
    toks ts = run(s, strlen(s), NULL);
    static const char *const want[] = {"Sở", "TT", "TT", "Thanh", "Hoá",
                                       "1.800.000", "thuê", "bao"};
    assert_int_equal(ts.n, 8);
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(ts.t[i].end - ts.t[i].start, strlen(want[i]));
        assert_memory_equal(s + ts.t[i].start, want[i], strlen(want[i]));
    }
    /* NFD: the marks belong to the word */
    char *d = nfd("Hoá bình");
    ts = run(d, strlen(d), NULL);
    assert_int_equal(ts.n, 2);
    assert_int_equal(ts.t[0].start, 0);
    assert_int_equal(d[ts.t[0].end], ' ');
    free(d);
}

/* Adjacency: what separates two tokens decides whether they are a pair. */
static void test_breaks(void **state)
{
    (void)state;
    static const struct { const char *in; int brk; } rows[] = {
        {"thuê bao", 0},       {"thuê  bao", 0},     {"thuê\tbao", 0},
        {"thuê, bao", 1},      {"thuê. Bao", 1},
        {"thuê\nbao", 0},      /* a wrapped line */
        {"thuê\n\nbao", 1},    {"thuê\r\n\r\nbao", 1},
        {"thuê\r\nbao", 0},    {"thuê.\nbao", 1},    {"KT-\nXH", 1},
        {"thuê\xe2\x80\xa9" "bao", 1},   /* a paragraph separator */
        {"thuê - bao", 1},     {"KT-XH", 0},         {"TT&TT", 0},
        {"thuê (bao", 1},      {"thuê\xe2\x80\x9d bao", 1},
        {"thuê\xc2\xa0" "bao", 0},   /* no-break space is a space */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        toks ts = run(rows[i].in, strlen(rows[i].in), NULL);
        assert_int_equal(ts.n, 2);
        assert_int_equal(ts.t[0].flags & TC_TOK_BREAK, 0);
        assert_int_equal(!!(ts.t[1].flags & TC_TOK_BREAK), rows[i].brk);
    }
}

static void test_case_flags(void **state)
{
    (void)state;
    const char *s = "Lê Anh UBND tỉnh ĐẦU x";
    toks ts = run(s, strlen(s), NULL);
    assert_int_equal(ts.n, 6);
    assert_true(ts.t[0].flags & TC_TOK_CAPITAL);
    assert_false(ts.t[0].flags & TC_TOK_ALLCAPS);
    assert_true(ts.t[2].flags & TC_TOK_ALLCAPS);
    assert_false(ts.t[3].flags & (TC_TOK_CAPITAL | TC_TOK_ALLCAPS));
    assert_true(ts.t[4].flags & TC_TOK_ALLCAPS);
    assert_false(ts.t[5].flags & TC_TOK_MARKED);
    assert_true(ts.t[0].flags & TC_TOK_MARKED);
}

/* Invalid UTF-8 never stops the tokenizer, and is counted. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    static const struct { const char *in; size_t len; size_t invalid;
                          const char *folded; } rows[] = {
        {"ab\xff" "cd", 5, 1, "ab cd"},
        {"\xc3(x", 3, 1, "x"},                    /* truncated sequence */
        {"\xc0\xaf" "a", 3, 2, "a"},               /* overlong '/' */
        {"\xed\xa0\x80" "b", 4, 3, "b"},           /* surrogate */
        {"Ho\xe1\xba", 4, 2, "ho"},                /* cut in the middle */
        {"\xf4\x90\x80\x80", 4, 4, ""},            /* above U+10FFFF */
        {"a\0b", 3, 0, "a b"},                     /* NUL separates */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_tokenize_stats st = {0, 0, 0};
        toks ts = run(rows[i].in, rows[i].len, &st);
        assert_int_equal(st.invalid_bytes, rows[i].invalid);
        char f[256] = "";
        for (size_t k = 0; k < ts.n; k++) {
            if (k)
                strcat(f, " ");
            strcat(f, ts.t[k].folded);
        }
        assert_string_equal(f, rows[i].folded);
    }
}

static void test_long_token_skipped(void **state)
{
    (void)state;
    char buf[600];
    memset(buf, 'x', 500);
    strcpy(buf + 500, " tiếp");
    tc_tokenize_stats st = {0, 0, 0};
    toks ts = run(buf, strlen(buf), &st);
    assert_int_equal(ts.n, 1);
    assert_string_equal(ts.t[0].folded, "tiep");
    assert_int_equal(st.skipped_long, 1);
}

static int stop_at_second(void *ctx, const tc_token *t)
{
    (void)ctx;
    return t->index == 1 ? 42 : 0;
}

static void test_callback_stops(void **state)
{
    (void)state;
    assert_int_equal(tc_tokenize("một hai ba", 12, stop_at_second, NULL,
                                 NULL), 42);
}

static void test_sanitize(void **state)
{
    (void)state;
    char *out;
    size_t n, rep = 0;
    assert_int_equal(tc_utf8_sanitize("a\0b\xff" "đ", 6, &out, &n, &rep),
                     TC_OK);
    assert_string_equal(out, "a b\xef\xbf\xbd" "đ");
    assert_int_equal(n, strlen(out));
    assert_int_equal(rep, 2);
    free(out);
}

static void test_normalize_text_and_diacritics(void **state)
{
    (void)state;
    char *e, *f;
    assert_int_equal(tc_normalize_text("Thanh Hoá!", 11, &e, &f), TC_OK);
    assert_string_equal(e, "thanh hóa");
    assert_string_equal(f, "thanh hoa");
    free(e);
    free(f);
    assert_int_equal(tc_normalize_text("", 0, &e, NULL), TC_OK);
    assert_string_equal(e, "");
    free(e);
    assert_true(tc_has_diacritics("dau Đ", 6));
    assert_true(tc_has_diacritics("bằng", strlen("bằng")));
    assert_false(tc_has_diacritics("dau thanh tung", 14));
    assert_false(tc_has_diacritics("1.800.000", 9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_vowel_every_tone),
        cmocka_unit_test(test_every_tone_both_placements),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_case_flags),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_long_token_skipped),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_normalize_text_and_diacritics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
