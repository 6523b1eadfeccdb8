/* test_snippet.c: tests of the highlighter (snippet.h).  Table rows
 * {text, words, phrases, expected snippet} cover folding, đ, NFD, span
 * merging, phrases, escaping, ANSI scrubbing, ellipses, invalid UTF-8 and
 * NUL; the long-text tests check the passage choice, the exact-diacritic
 * preference, a 1 MB text, and that cuts on real reports never split a
 * word.  Every snippet made here is also checked to be valid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "snippet.h"
#include "tracuu/error.h"

#define MARK_ON "\033[1m"
#define MARK_OFF "\033[0m"
#define ELL "\xe2\x80\xa6"

/* ---- helpers ---------------------------------------------------------- */

/* Add the space-separated words (folded) with their exact forms ("-" for
 * none), and the '|'-separated phrases of space-separated folded words. */
static void build_hl(tc_highlight *hl, const char *words, const char *exacts,
                     const char *phrases)
{
    char wb[512], eb[512], pb[512];
    char *ws = NULL, *es = NULL, *ps = NULL;
    memset(hl, 0, sizeof *hl);
    snprintf(wb, sizeof wb, "%s", words ? words : "");
    snprintf(eb, sizeof eb, "%s", exacts ? exacts : "");
    for (char *w = strtok_r(wb, " ", &ws), *e = strtok_r(eb, " ", &es); w;
         w = strtok_r(NULL, " ", &ws),
               e = e ? strtok_r(NULL, " ", &es) : NULL) {
        int has = e && strcmp(e, "-") != 0;
        assert_int_equal(tc_highlight_add_word(hl, w, strlen(w),
                                               has ? e : NULL,
                                               has ? strlen(e) : 0), TC_OK);
    }
    snprintf(pb, sizeof pb, "%s", phrases ? phrases : "");
    for (char *p = strtok_r(pb, "|", &ps); p; p = strtok_r(NULL, "|", &ps)) {
        const char *pw[64];
        size_t pl[64], n = 0;
        char *save = NULL;
        for (char *w = strtok_r(p, " ", &save); w && n < 64;
             w = strtok_r(NULL, " ", &save)) {
            pw[n] = w;
            pl[n++] = strlen(w);
        }
        assert_int_equal(tc_highlight_add_phrase(hl, pw, pl, n), TC_OK);
    }
}

static int valid_utf8(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(
            (const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* The snippet of text[0..len), checked to be valid UTF-8; caller frees. */
static char *snip(const char *text, size_t len, const char *words,
                  const char *exacts, const char *phrases, size_t target,
                  enum tc_snippet_format fmt)
{
    tc_highlight hl;
    char *out = NULL;
    build_hl(&hl, words, exacts, phrases);
    assert_int_equal(tc_snippet(text, len, &hl, target, fmt, &out), TC_OK);
    tc_highlight_clear(&hl);
    assert_non_null(out);
    if (!valid_utf8(out))
        fail_msg("invalid UTF-8 in snippet: %s", out);
    return out;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A text of about n bytes of filler with needle placed at byte ~at. */
static char *filler_text(size_t n, const char *needle, size_t at)
{
    static const char fill[] = "Hội nghị đã thảo luận nhiều vấn đề quan "
                               "trọng của địa phương trong năm qua. ";
    char *s = malloc(n + strlen(needle ? needle : "") + sizeof fill + 1);
    size_t len = 0;
    int placed = needle == NULL;
    assert_non_null(s);
    while (len < n) {
        if (!placed && len >= at) {
            memcpy(s + len, needle, strlen(needle));
            len += strlen(needle);
            placed = 1;
        }
        memcpy(s + len, fill, sizeof fill - 1);
        len += sizeof fill - 1;
    }
    s[len] = '\0';
    return s;
}

/* Two passages of filler_text(n, ...) one after the other: `first` at
 * about byte at1 of the first, `second` at about at2 of the second. */
static char *two_passages(size_t n, const char *first, size_t at1,
                          const char *second, size_t at2)
{
    char *a = filler_text(n, first, at1), *b = filler_text(n, second, at2);
    size_t alen = strlen(a), blen = strlen(b);
    char *text = malloc(alen + blen + 1);
    assert_non_null(text);
    memcpy(text, a, alen);
    memcpy(text + alen, b, blen + 1);
    free(a);
    free(b);
    return text;
}

/* ---- the table -------------------------------------------------------- */

typedef struct row {
    const char *name;
    const char *text;
    size_t textlen;        /* 0: strlen(text) */
    const char *words, *exacts, *phrases;
    size_t target;         /* 0: the default */
    enum tc_snippet_format fmt;
    const char *expect;
} row;

static const row rows[] = {
    { "fold", "Tỉnh Thanh Hoá và Thanh Hóa.", 0, "thanh hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML,
      "Tỉnh <mark>Thanh Hoá</mark> và <mark>Thanh Hóa</mark>." },
    { "fold upper", "THANH HOÁ", 0, "thanh hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML, "<mark>THANH HOÁ</mark>" },
    { "dd", "Ông Đầu Thanh Tùng phát biểu.", 0, "dau thanh tung", NULL, NULL,
      0, TC_SNIPPET_HTML, "Ông <mark>Đầu Thanh Tùng</mark> phát biểu." },
    { "nfd", "Tỉnh Thanh Hoa\xcc\x80 mới", 0, "hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML, "Tỉnh Thanh <mark>Hoa\xcc\x80</mark> mới" },
    { "merge", "Sở Thông tin và Truyền thông tỉnh", 0,
      "thong tin truyen", NULL, NULL, 0, TC_SNIPPET_HTML,
      "Sở <mark>Thông tin</mark> và <mark>Truyền thông</mark> tỉnh" },
    { "merge four", "phát triển công nghệ thông tin", 0,
      "cong nghe thong tin", NULL, NULL, 0, TC_SNIPPET_HTML,
      "phát triển <mark>công nghệ thông tin</mark>" },
    { "break splits", "Hà Nội, Thanh Hoá.\nNghệ An", 0,
      "ha noi thanh hoa nghe an", NULL, NULL, 0, TC_SNIPPET_HTML,
      "<mark>Hà Nội</mark>, <mark>Thanh Hoá</mark>. <mark>Nghệ An</mark>" },
    { "joiner keeps", "ngành KT-XH tăng", 0, "kt xh", NULL, NULL, 0,
      TC_SNIPPET_HTML, "ngành <mark>KT-XH</mark> tăng" },
    { "phrase", "gói thuê bao và thuê nhà, bao nhiêu", 0, NULL, NULL,
      "thue bao", 0, TC_SNIPPET_HTML,
      "gói <mark>thuê bao</mark> và thuê nhà, bao nhiêu" },
    { "phrase over break", "tiền thuê.\nBao giờ", 0, NULL, NULL, "thue bao",
      0, TC_SNIPPET_HTML, "tiền <mark>thuê. Bao</mark> giờ" },
    { "phrase and words", "số thuê bao di động", 0, "thue bao", NULL,
      "thue bao", 0, TC_SNIPPET_HTML, "số <mark>thuê bao</mark> di động" },
    { "duplicate words", "Thanh Hoá", 0, "hoa hoa thanh", "hoá - -", NULL, 0,
      TC_SNIPPET_HTML, "<mark>Thanh Hoá</mark>" },
    { "html escape", "<script>alert('x')</script> & \"Thanh Hoá\"", 0,
      "thanh hoa", NULL, NULL, 0, TC_SNIPPET_HTML,
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
      "&quot;<mark>Thanh Hoá</mark>&quot;" },
    { "html in match", "a<b>Hoá</b>", 0, "hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML, "a&lt;b&gt;<mark>Hoá</mark>&lt;/b&gt;" },
    { "ansi", "Tỉnh Thanh Hoá & <b>", 0, "thanh hoa", NULL, NULL, 0,
      TC_SNIPPET_ANSI, "Tỉnh " MARK_ON "Thanh Hoá" MARK_OFF " & <b>" },
    { "ansi scrub", "Thanh\033[31m Hoá\a đỏ\xc2\x9b" "2J\x7f xanh", 0,
      "hoa", NULL, NULL, 0, TC_SNIPPET_ANSI,
      "Thanh [31m " MARK_ON "Hoá" MARK_OFF " đỏ 2J xanh" },
    { "html scrub", "a\033b\x01" "c", 0, NULL, NULL, NULL, 0,
      TC_SNIPPET_HTML, "a b c" },
    { "whitespace", "  \n\t Tỉnh \r\n\n   Thanh   Hoá \t\n ", 0, "hoa", NULL,
      NULL, 0, TC_SNIPPET_HTML, "Tỉnh Thanh <mark>Hoá</mark>" },
    { "whitespace in span", "Thanh   Hoá", 0, "thanh hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML, "<mark>Thanh Hoá</mark>" },
    { "invalid utf8", "Thanh\xff Hoá tỉnh \xe1\xbb", 0, "thanh hoa", NULL,
      NULL, 0, TC_SNIPPET_HTML,
      "<mark>Thanh</mark>\xef\xbf\xbd <mark>Hoá</mark> tỉnh "
      "\xef\xbf\xbd\xef\xbf\xbd" },
    { "nul", "Thanh\0Hoá\0\0 tỉnh", 19, "hoa", NULL, NULL, 0,
      TC_SNIPPET_HTML, "Thanh <mark>Hoá</mark> tỉnh" },
    { "empty", "", 0, "hoa", NULL, NULL, 0, TC_SNIPPET_HTML, "" },
    { "only space", " \n\t ", 0, "hoa", NULL, NULL, 0, TC_SNIPPET_HTML, "" },
    { "no query", "Tỉnh Thanh Hoá", 0, NULL, NULL, NULL, 0, TC_SNIPPET_HTML,
      "Tỉnh Thanh Hoá" },
    { "no match", "Tỉnh Thanh Hoá", 0, "nghe an", NULL, NULL, 0,
      TC_SNIPPET_HTML, "Tỉnh Thanh Hoá" },
    { "numbers", "đạt 1.800.000 thuê bao, tăng 12,5%", 0, "1800000 12,5%",
      NULL, NULL, 0, TC_SNIPPET_HTML,
      "đạt <mark>1.800.000</mark> thuê bao, tăng <mark>12,5%</mark>" },
    /* short targets: ellipses at both ends, whole words only */
    { "ellipses", "một hai ba bốn năm sáu bảy tám chín mười", 0, "nam", NULL,
      NULL, 16, TC_SNIPPET_HTML, ELL "bốn <mark>năm</mark> sáu" ELL },
    { "cut at end", "Thanh Hoá là một tỉnh lớn ở miền Trung", 0, "thanh",
      NULL, NULL, 12, TC_SNIPPET_HTML, "<mark>Thanh</mark> Hoá" ELL },
    { "no match opening", "Tỉnh Thanh Hoá là một tỉnh lớn ở miền Trung", 0,
      "xyz", NULL, NULL, 20, TC_SNIPPET_HTML, "Tỉnh Thanh Hoá là" ELL },
    { "long word kept whole", "abcdefghijklmnopqrstuvwxyz và Hoá", 0, NULL,
      NULL, NULL, 10, TC_SNIPPET_HTML, "abcdefghijklmnopqrstuvwxyz" ELL },
};

static void test_table(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        size_t len = r->textlen ? r->textlen : strlen(r->text);
        char *out = snip(r->text, len, r->words, r->exacts, r->phrases,
                         r->target, r->fmt);
        if (strcmp(out, r->expect) != 0) {
            print_error("row \"%s\":\n got    [%s]\n wanted [%s]\n", r->name,
                        out, r->expect);
            failed++;
        }
        free(out);
    }
    assert_int_equal(failed, 0);
}

/* ---- the passage choice ----------------------------------------------- */

static void test_best_passage(void **state)
{
    (void)state;
    /* an early window with one word, a later one with both */
    char *text = two_passages(600, "Tỉnh Thanh Hoá có nhiều dự án. ", 60,
                              "Thanh Hoá và Nghệ An hợp tác. ", 300);
    size_t len = strlen(text);
    char *out = snip(text, len, "thanh hoa nghe an", NULL, NULL, 0,
                     TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "<mark>Thanh Hoá</mark> và "
                                "<mark>Nghệ An</mark> hợp tác"));
    assert_true(starts_with(out, ELL) && ends_with(out, ELL));
    /* some context before the first match */
    assert_false(starts_with(out, ELL "<mark>"));
    assert_true(strlen(out) < 300);
    free(out);
    free(text);
}

static void test_exact_preferred(void **state)
{
    (void)state;
    char *text = two_passages(500, "Mặt sông đóng băng vào mùa đông. ", 40,
                              "Giải thưởng được trao bằng hiện vật. ", 200);
    size_t len = strlen(text);
    /* typed with diacritics: the passage with "bằng" wins */
    char *out = snip(text, len, "bang", "bằng", NULL, 0,
                     TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "<mark>bằng</mark>"));
    assert_null(strstr(out, "băng"));
    free(out);
    /* typed without: the earlier passage wins the tie */
    out = snip(text, len, "bang", NULL, NULL, 0, TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "<mark>băng</mark>"));
    free(out);
    free(text);
}

static void test_adjacency_preferred(void **state)
{
    (void)state;
    char *text = two_passages(500, "công nghệ mới và thông tin ", 40,
                              "ngành công nghệ thông tin ", 250);
    size_t len = strlen(text);
    char *out = snip(text, len, "cong nghe thong tin", NULL,
                     "cong nghe thong tin", 0, TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "<mark>công nghệ thông tin</mark>"));
    assert_int_equal(count(out, "<mark>"), 1);
    free(out);
    free(text);
}

/* "thuê bao internet" twice, the second time after a figure: that passage
 * answers the question, and wins over the earlier one. */
static void test_figure_preferred(void **state)
{
    (void)state;
    char *text = two_passages(500,
                              "phát triển thuê bao internet trong tỉnh ", 40,
                              "toàn tỉnh có 1.800.000 thuê bao internet ",
                              250);
    size_t len = strlen(text);
    char *out = snip(text, len, "thue bao internet", NULL, NULL, 0,
                     TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "1.800.000 <mark>thuê bao internet</mark>"));
    free(out);
    free(text);
}

static void test_default_length(void **state)
{
    (void)state;
    char *text = filler_text(5000, "ở Thanh Hoá ", 2500);
    char *out = snip(text, strlen(text), "thanh hoa", NULL, NULL, 0,
                     TC_SNIPPET_HTML);
    size_t n = strlen(out) - strlen("<mark></mark>") - 2 * strlen(ELL);
    assert_true(n >= 150 && n <= 260);
    free(out);
    out = snip(text, strlen(text), "xyz", NULL, NULL, 0, TC_SNIPPET_ANSI);
    assert_false(starts_with(out, ELL));
    assert_true(ends_with(out, ELL));
    assert_true(strlen(out) >= 150 && strlen(out) <= 240);
    free(out);
    free(text);
}

/* ---- a 1 MB text -------------------------------------------------------- */

static void test_huge(void **state)
{
    (void)state;
    const size_t mb = 1u << 20;
    /* the only match well into the text, within the scan limit: found */
    char *text = filler_text(mb, "tại Thanh Hoá và Nghệ An ", 200 * 1024);
    clock_t t0 = clock();
    char *out = snip(text, strlen(text), "thanh hoa nghe an", NULL, NULL, 0,
                     TC_SNIPPET_HTML);
    assert_non_null(strstr(out, "<mark>Thanh Hoá</mark> và "
                                "<mark>Nghệ An</mark>"));
    assert_true(strlen(out) < 400);
    free(out);
    free(text);
    /* the only match near the end of 1 MB, past the scan limit: no more is
     * read than SCAN_LIMIT, so the snippet is the opening, unmarked */
    text = filler_text(mb, "tại Thanh Hoá và Nghệ An ", mb - 2000);
    out = snip(text, strlen(text), "thanh hoa nghe an", NULL, NULL, 0,
               TC_SNIPPET_HTML);
    assert_true(starts_with(out, "Hội nghị"));
    assert_null(strstr(out, "<mark>"));
    assert_true(strlen(out) < 400);
    free(out);
    /* no match: the opening */
    out = snip(text, strlen(text), "xyz", NULL, NULL, 300, TC_SNIPPET_ANSI);
    assert_true(starts_with(out, "Hội nghị") && strlen(out) < 400);
    free(out);
    free(text);
    /* matches everywhere: the scan stops early */
    text = filler_text(mb, NULL, 0);
    out = snip(text, strlen(text), "hoi nghi", NULL, "hoi nghi", 500,
               TC_SNIPPET_HTML);
    assert_true(starts_with(out, "<mark>Hội nghị</mark>"));
    assert_true(strlen(out) < 1000);
    free(out);
    free(text);
    /* a 1 MB run with no word boundary and invalid bytes at all */
    text = malloc(mb + 1);
    assert_non_null(text);
    for (size_t i = 0; i < mb; i++)
        text[i] = (char)(i % 7 == 0 ? 0xC3 : 'a' + i % 26);
    out = snip(text, mb, "abc", NULL, NULL, 0, TC_SNIPPET_ANSI);
    assert_true(strlen(out) < 1200);
    free(out);
    free(text);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("1 MB tests: %.2f s\n", secs);
}

/* ---- cuts on real text -------------------------------------------------- */

/* The (valid UTF-8) text with runs of blanks (whitespace, controls,
 * Unicode spaces) as one space, as snippets show it. */
static char *collapse(const char *s, size_t len)
{
    char *o = malloc(len + 1);
    size_t n = 0;
    assert_non_null(o);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        assert_true(k > 0);
        utf8proc_category_t c = utf8proc_category(cp);
        int sp = cp <= ' ' || c == UTF8PROC_CATEGORY_ZS ||
                 c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_ZL ||
                 c == UTF8PROC_CATEGORY_ZP;
        if (!sp)
            memcpy(o + n, s + i, (size_t)k);
        else if (n == 0 || o[n - 1] != ' ')
            o[n] = ' ';
        else
            k = -k;   /* a collapsed blank: nothing written */
        n += k > 0 ? (sp ? 1 : (size_t)k) : 0;
        i += (size_t)(k > 0 ? k : -k);
    }
    o[n] = '\0';
    return o;
}

/* The snippet without its marks, ellipses and escapes. */
static char *plain(const char *snippet, int *lead, int *trail)
{
    char *o = strdup(snippet);
    size_t n = 0;
    assert_non_null(o);
    *lead = starts_with(snippet, ELL);
    *trail = ends_with(snippet, ELL);
    const char *end = snippet + strlen(snippet) - (*trail ? strlen(ELL) : 0);
    for (const char *p = snippet + (*lead ? strlen(ELL) : 0); p < end;) {
        static const char *const drop[] = { "<mark>", "</mark>" };
        static const char *const ent[][2] = { { "&amp;", "&" },
            { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
            { "&#39;", "'" } };
        int done = 0;
        for (size_t k = 0; k < 2 && !done; k++)
            if (starts_with(p, drop[k])) {
                p += strlen(drop[k]);
                done = 1;
            }
        for (size_t k = 0; k < 5 && !done; k++)
            if (starts_with(p, ent[k][0])) {
                o[n++] = ent[k][1][0];
                p += strlen(ent[k][0]);
                done = 1;
            }
        if (!done)
            o[n++] = *p++;
    }
    o[n] = '\0';
    return o;
}

static int word_char_at(const char *s, size_t i, int before)
{
    if (before) {
        if (i == 0)
            return 0;
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
    }
    utf8proc_int32_t cp;
    if (!s[i] || utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1,
                                  &cp) <= 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
           c == UTF8PROC_CATEGORY_ND;
}

/* The snippet's text stands in the document, whole words at both ends,
 * and an ellipsis marks exactly the cut ends. */
static void check_cut(const char *doc, const char *snippet)
{
    int lead, trail;
    char *p = plain(snippet, &lead, &trail);
    const char *at = strstr(doc, p);
    if (!at || !*p)
        fail_msg("snippet text not in the document: [%s]", snippet);
    size_t s = (size_t)(at - doc), e = s + strlen(p);
    if ((word_char_at(doc, s, 1) && word_char_at(doc, s, 0)) ||
        (word_char_at(doc, e, 1) && word_char_at(doc, e, 0)))
        fail_msg("cut inside a word: [%s]", snippet);
    assert_int_equal(lead, s > 0 && !(s == 1 && doc[0] == ' '));
    assert_int_equal(trail, doc[e] && !(doc[e] == ' ' && !doc[e + 1]));
    free(p);
}

static char *read_seed(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* $TC_SEED_DIR, else ../shared/corpus/seeds beside the source tree. */
static void seed_dir(char *dir, size_t size)
{
    const char *env = getenv("TC_SEED_DIR");
    const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
    if (env)
        snprintf(dir, size, "%s", env);
    else
        snprintf(dir, size, "%.*s../shared/corpus/seeds",
                 tail ? (int)(tail - me) : 0, me);
}

static void test_cuts_on_reports(void **state)
{
    (void)state;
    static const char *const queries[] = { "thanh hoa", "thong tin",
        "nam 2018", "hoi nghi tong ket", "xyz", "tinh", "ubnd" };
    static const size_t targets[] = { 0, 7, 30, 64, 120, 333 };
    char dir[400], path[512];
    seed_dir(dir, sizeof dir);
    int seeds = 0;
    for (int k = 0; k < 5; k++) {
        static const char *const names[] = { "000_e4e9c9327fc2e4b3.txt",
            "001_6a530386b186a214.txt", "002_74ba2798a88be1b9.txt",
            "003_a08acdc75f58ed21.txt", "004_c18f5cd2e7e3ddb2.txt" };
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        char *text = read_seed(path, &len);
        if (!text)
            continue;
        seeds++;
        char *doc = collapse(text, len);
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
            for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
                char *out = snip(text, len, queries[q], NULL, NULL,
                                 targets[t], TC_SNIPPET_HTML);
                check_cut(doc, out);
                free(out);
            }
        free(doc);
        free(text);
    }
    if (seeds == 0)
        skip();
}

/* A sliding cut over a text of short words: every target length. */
static void test_cuts_every_length(void **state)
{
    (void)state;
    const char *text = "Năm 2017, Sở TT&TT đã hoàn thành toàn diện các "
                       "nhiệm vụ đề ra; tham mưu cho UBND tỉnh (Thanh Hóa) "
                       "xây dựng cơ chế chính sách.";
    char *doc = collapse(text, strlen(text));
    for (size_t t = 1; t < strlen(text) + 5; t++) {
        char *out = snip(text, strlen(text), "ubnd", NULL, NULL, t,
                         TC_SNIPPET_HTML);
        assert_non_null(strstr(out, "<mark>UBND</mark>"));
        check_cut(doc, out);
        free(out);
        out = snip(text, strlen(text), NULL, NULL, NULL, t, TC_SNIPPET_HTML);
        check_cut(doc, out);
        free(out);
    }
    free(doc);
}

/* ---- the small API -------------------------------------------------- */

static void test_html_escape(void **state)
{
    (void)state;
    char *s = tc_html_escape("<a href=\"x\">Tom & Jerry's</a>", 29);
    assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
                           "Jerry&#39;s&lt;/a&gt;");
    free(s);
    s = tc_html_escape("abc", 0);
    assert_string_equal(s, "");
    free(s);
    s = tc_html_escape("Hoá&", 4);    /* a length, not the NUL, ends it */
    assert_string_equal(s, "Hoá");
    free(s);
}

static void test_highlight_api(void **state)
{
    (void)state;
    tc_highlight hl;
    memset(&hl, 0, sizeof hl);
    assert_int_equal(tc_highlight_add_word(&hl, "hoaxx", 3, NULL, 0), TC_OK);
    assert_int_equal(tc_highlight_add_word(&hl, "bang", 4, "bằngxx", 6),
                     TC_OK);
    assert_int_equal(tc_highlight_add_word(&hl, "tinh", 4, "tỉnh", 0), TC_OK);
    const char *pw[] = { "thue", "baoz" };
    const size_t pl[] = { 4, 3 };
    assert_int_equal(tc_highlight_add_phrase(&hl, pw, pl, 2), TC_OK);
    assert_int_equal(tc_highlight_add_phrase(&hl, pw, pl, 0), TC_OK);
    assert_int_equal(hl.nwords, 3);
    assert_string_equal(hl.words[0].folded, "hoa");
    assert_null(hl.words[0].exact);
    assert_string_equal(hl.words[1].exact, "bằng");
    assert_null(hl.words[2].exact);
    assert_int_equal(hl.nphrases, 1);
    assert_int_equal(hl.phrases[0].n, 2);
    assert_string_equal(hl.phrases[0].folded[1], "bao");
    tc_highlight_clear(&hl);
    assert_null(hl.words);
    assert_int_equal(hl.nwords + hl.nphrases, 0);
    tc_highlight_clear(&hl);
    tc_highlight_clear(NULL);

    char *out = NULL;
    assert_int_equal(tc_snippet(NULL, 0, NULL, 0, TC_SNIPPET_HTML, &out),
                     TC_OK);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(tc_snippet("Thanh Hoá", 11, NULL, 0, TC_SNIPPET_ANSI,
                                &out), TC_OK);
    assert_string_equal(out, "Thanh Hoá");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_best_passage),
        cmocka_unit_test(test_figure_preferred),
        cmocka_unit_test(test_exact_preferred),
        cmocka_unit_test(test_adjacency_preferred),
        cmocka_unit_test(test_default_length),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_cuts_on_reports),
        cmocka_unit_test(test_cuts_every_length),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_highlight_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
