/* test_typing.c: Telex and VNI keys read as syllables, and syllable
 * validity (searcher/typing.h).  Table-driven, then checked against the
 * hunspell Vietnamese dictionary of the shared corpora when it is there:
 * nearly every one of its syllables is valid, and every valid one typed
 * in Telex and in VNI (tone key last, or right after the vowels) comes
 * back as itself. */
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
#include "typing.h"

typedef struct row {
    const char *typed;
    const char *want;      /* the syllable; NULL: not converted */
} row;

/* tc_typing_syllable: Telex, or VNI when the word has a digit */
static const row conversions[] = {
    {"vieejt", "việt"}, {"vieetj", "việt"}, {"viejet", "việt"},
    {"nguwowif", "người"}, {"nguoiwf", "người"}, {"nguwoif", "người"},
    {"ddaau", "đâu"}, {"tieengs", "tiếng"}, {"tieesng", "tiếng"},
    {"truwowngf", "trường"}, {"dduwowngf", "đường"}, {"hoaf", "hòa"},
    {"khoer", "khỏe"}, {"thuyr", "thủy"}, {"quoocs", "quốc"},
    {"giuwx", "giữ"}, {"gif", "gì"}, {"twf", "từ"}, {"nawm", "năm"},
    {"xoawn", "xoăn"}, {"thuowr", "thuở"}, {"ruwowuj", "rượu"},
    {"khuyeen", "khuyên"}, {"yeeu", "yêu"}, {"ddi", "đi"},
    {"VIEEJT", "VIỆT"}, {"Vieejt", "Việt"}, {"DDaau", "Đâu"},
    {"Nguwowif", "Người"},
    /* z and 0 remove the tone */
    {"tieesngz", "tiêng"}, {"vie6t50", NULL},
    /* one tone a word: a second one is no slip corrected but a code */
    {"asf", NULL}, {"u23", NULL}, {"a32", NULL},
    /* VNI */
    {"vie6t5", "việt"}, {"d9a6u", "đâu"}, {"nguo72i", "người"},
    {"u7o7ng", "ương"}, {"tie6ng1", "tiếng"}, {"d9i", "đi"},
    {"Vie6t5", "Việt"}, {"hoa2", "hòa"}, {"na8m", "năm"},
    {"thu7o73", "thuở"},
    /* a key twice undoes it: "ass" is "as", not a syllable */
    {"ass", NULL}, {"ddd", NULL}, {"viee", NULL},
    /* nothing a key did, or not a syllable: as typed */
    {"nam", NULL}, {"viet", NULL}, {"hanoi", NULL}, {"", NULL},
    {"vi-et", NULL}, {"2017", NULL}, {"việt", NULL},
    /* English, and what Vietnamese text borrows */
    {"deadline", NULL}, {"facebook", NULL}, {"internet", NULL},
    {"covid", NULL}, {"email", NULL}, {"online", NULL}, {"google", NULL},
    {"iphone", NULL}, {"youtube", NULL}, {"windows", NULL},
    {"video", NULL}, {"download", NULL}, {"update", NULL},
    {"smartphone", NULL}, {"laptop", NULL}, {"wifi", NULL},
    {"startup", NULL}, {"marketing", NULL}, {"website", NULL},
    {"server", NULL}, {"password", NULL}, {"show", NULL},
    {"game", NULL}, {"zalo", NULL}, {"tiktok", NULL}, {"fanpage", NULL},
    {"livestream", NULL}, {"covid19", NULL}, {"g7", NULL},
    /* fewer than three keys: a code or a word more often than not */
    {"a1", NULL}, {"as", NULL}, {"tw", NULL},
    /* short English words can spell a syllable: the query side asks the
     * index before it adds one (query.h) */
    {"test", "tét"}, {"bus", "bú"}, {"max", "mã"},
};

static void test_conversions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof conversions / sizeof conversions[0]; i++) {
        const row *r = &conversions[i];
        char out[TC_TYPING_MAX_OUT];
        size_t n = tc_typing_syllable(r->typed, strlen(r->typed), out,
                                      sizeof out);
        if (r->want && (n == 0 || strcmp(out, r->want) != 0))
            fail_msg("%s: got '%s', want '%s'", r->typed, n ? out : "(none)",
                     r->want);
        if (!r->want && n)
            fail_msg("%s: got '%s', want nothing", r->typed, out);
    }
}

/* the raw conversions, valid or not */
static void test_replay(void **state)
{
    (void)state;
    static const struct { const char *typed, *telex, *vni; } rows[] = {
        {"ass", "as", "ass"}, {"asss", "ás", "asss"}, {"aaa", "aa", "aaa"},
        {"ddd", "dd", "ddd"}, {"uww", "uw", "uww"}, {"w", "ư", "w"},
        {"a11", "", "a1"}, {"d99", "", "d9"}, {"a66", "", "a6"},
        {"Test", "Tét", "Test"}, {"deadline", "deadline", "deadline"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[TC_TYPING_MAX_OUT];
        size_t n = tc_telex_to_vi(rows[i].typed, strlen(rows[i].typed), out,
                                  sizeof out);
        if (n == 0)
            out[0] = '\0';      /* a digit is no Telex key */
        if (strcmp(out, rows[i].telex) != 0)
            fail_msg("telex %s: got '%s', want '%s'", rows[i].typed, out,
                     rows[i].telex);
        n = tc_vni_to_vi(rows[i].typed, strlen(rows[i].typed), out,
                         sizeof out);
        assert_true(n > 0);
        if (strcmp(out, rows[i].vni) != 0)
            fail_msg("vni %s: got '%s', want '%s'", rows[i].typed, out,
                     rows[i].vni);
    }
    char small[4];
    assert_int_equal(tc_telex_to_vi("nguwowif", 8, small, sizeof small), 0);
    assert_int_equal(tc_telex_to_vi("abcdefghijklmnopqrstuvwxyzabcdefgh",
                                    34, small, sizeof small), 0);
    assert_int_equal(tc_vni_to_vi("1a", 2, small, sizeof small), 0);
}

static const char *const valid[] = {
    "việt", "nam", "người", "đâu", "tiếng", "quốc", "gì", "gìn", "già",
    "giếng", "giữ", "khuya", "khuyên", "yêu", "yên", "ỉa", "kỹ", "ký",
    "quý", "quyển", "nghiêng", "nghĩ", "ghế", "ghi", "thuở", "huơ",
    "xoong", "boong", "oái", "ngoằn", "khuỷu", "rượu", "ươn", "Hòa", "Hoà",
    "THANH", "HÓA", "uỷ", "ủy", "tét", "ạch", "ếch", "hoạch", "uống",
    "phó", "chủ", "tịch", "tỉnh", "a", "ở", "pin", "y", "tuýp",
};

static const char *const invalid[] = {
    "", "deadline", "test", "tet", "viet", "ka", "ci", "ghea", "nge",
    "ngi", "ge", "qa", "quu", "iên", "tyên", "bs", "hòá", "xyz", "ubnd",
    "email", "covid", "online", "internet", "facebook", "q", "ngh", "ăt",
    "việtt", "vie6t", "2017", "tynh", "lyt", "ả́", "ñ",
};

static void test_validity(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        if (!tc_vi_syllable_valid(valid[i], strlen(valid[i])))
            fail_msg("'%s' should be valid", valid[i]);
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        if (tc_vi_syllable_valid(invalid[i], strlen(invalid[i])))
            fail_msg("'%s' should not be valid", invalid[i]);
}

/* ---- the dictionary ------------------------------------------------- */

/* The keys that type syllable w (exact form: NFC, lower case): Telex or
 * VNI, the tone key last or right after the vowels.  0 when w has
 * letters no key types. */
static int keys_for(const char *w, int telex, int tone_mid, char *out,
                    size_t cap)
{
    utf8proc_int32_t cps[64];
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)w,
                                            (utf8proc_ssize_t)strlen(w), cps,
                                            64, UTF8PROC_DECOMPOSE);
    char tone = 0;
    size_t o = 0, after_vowels = 0;
    char prev = 0;
    if (n <= 0 || n >= 64)
        return 0;
    for (utf8proc_ssize_t i = 0; i < n && o + 4 < cap; i++) {
        int32_t c = cps[i];
        const char *k = NULL;
        char circ[2] = {prev, 0};
        switch (c) {
        case 0x0301: tone = telex ? 's' : '1'; continue;
        case 0x0300: tone = telex ? 'f' : '2'; continue;
        case 0x0309: tone = telex ? 'r' : '3'; continue;
        case 0x0303: tone = telex ? 'x' : '4'; continue;
        case 0x0323: tone = telex ? 'j' : '5'; continue;
        case 0x0302: k = telex ? circ : "6"; break;
        case 0x0306: k = telex ? "w" : "8"; break;
        case 0x031B: k = telex ? "w" : "7"; break;
        case 0x0111: k = telex ? "dd" : "d9"; prev = 'd'; break;
        default:
            if (c < 'a' || c > 'z')
                return 0;
            /* "oo": the second o would make ô, so it is typed twice */
            if (telex && (c == 'a' || c == 'e' || c == 'o') && c == prev &&
                o > 0 && out[o - 1] == c)
                out[o++] = (char)c;
            out[o++] = (char)c;
            prev = (char)c;
            if (strchr("aeiouy", c))
                after_vowels = o;
            continue;
        }
        size_t kl = strlen(k);
        memcpy(out + o, k, kl);
        o += kl;
        if (c != 0x0111)
            after_vowels = o;
    }
    out[o] = '\0';
    if (tone) {
        size_t at = tone_mid ? after_vowels : o;
        memmove(out + at + 1, out + at, o - at + 1);
        out[at] = tone;
    }
    return 1;
}

static FILE *open_dict(void)
{
    char path[1024];
    const char *shared = getenv("TC_SHARED");
    const char *data = getenv("TC_TEST_DATA");
    if (shared)
        snprintf(path, sizeof path,
                 "%s/corpus/dict/hunspell-vi/vi_VN.dic", shared);
    else if (data)
        snprintf(path, sizeof path,
                 "%s/../../../shared/corpus/dict/hunspell-vi/vi_VN.dic", data);
    else
        return NULL;
    return fopen(path, "r");
}

static void test_dictionary(void **state)
{
    (void)state;
    FILE *f = open_dict();
    if (!f) {
        fprintf(stderr, "skipped: no hunspell-vi dictionary\n");
        skip();
    }
    char line[256];
    size_t words = 0, bad = 0, trips = 0;
    fgets(line, sizeof line, f);                 /* the count */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "/\r\n")] = '\0';
        char *exact = NULL;
        int acronym = 1;
        for (const char *p = line; *p; p++)
            acronym &= !(*p >= 'a' && *p <= 'z');
        if (!*line || acronym || strchr(line, ' ') ||
            tc_normalize_text(line, strlen(line), &exact, NULL) != 0 ||
            strchr(exact, ' ')) {
            free(exact);
            continue;
        }
        words++;
        if (!tc_vi_syllable_valid(exact, strlen(exact))) {
            if (bad++ < 40)
                fprintf(stderr, "not valid: %s\n", line);
            free(exact);
            continue;
        }
        for (int telex = 0; telex < 2; telex++)
            for (int mid = 0; mid < 2; mid++) {
                char keys[64], out[TC_TYPING_MAX_OUT];
                if (!keys_for(exact, telex, mid, keys, sizeof keys))
                    continue;
                size_t n = telex ? tc_telex_to_vi(keys, strlen(keys), out,
                                                  sizeof out)
                                 : tc_vni_to_vi(keys, strlen(keys), out,
                                                sizeof out);
                if (n == 0 || strcmp(out, exact) != 0)
                    fail_msg("%s typed %s: got '%s'", exact, keys,
                             n ? out : "(none)");
                trips++;
            }
        free(exact);
    }
    fclose(f);
    fprintf(stderr, "%zu syllables, %zu not valid, %zu typed back\n", words,
            bad, trips);
    assert_true(words > 5000);
    assert_true(bad * 100 <= words);          /* at most 1% */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_replay),
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
