/* fuzz_analysis: the UTF-8 normalizer and folder (analysis.h) on any
 * bytes.  Checks: the sanitized copy is valid UTF-8 without NUL bytes and
 * as long as it says; both forms of tc_normalize_text are valid UTF-8;
 * folding is idempotent (the folded form folds to itself) and leaves no
 * Latin diacritic nor đ; the exact form normalizes to itself. */
#include "fuzz.h"
#include "tracuu/analysis.h"
#include "tracuu/error.h"

/* Every Vietnamese letter with a mark, and đ, in both cases. */
static const char *const marked[] = {
    "à", "á", "ả", "ã", "ạ", "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ", "â", "ầ", "ấ",
    "ẩ", "ẫ", "ậ", "è", "é", "ẻ", "ẽ", "ẹ", "ê", "ề", "ế", "ể", "ễ", "ệ",
    "ì", "í", "ỉ", "ĩ", "ị", "ò", "ó", "ỏ", "õ", "ọ", "ô", "ồ", "ố", "ổ",
    "ỗ", "ộ", "ơ", "ờ", "ớ", "ở", "ỡ", "ợ", "ù", "ú", "ủ", "ũ", "ụ", "ư",
    "ừ", "ứ", "ử", "ữ", "ự", "ỳ", "ý", "ỷ", "ỹ", "ỵ", "đ", "Đ", "À", "Á",
    "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Ạ", "Ệ", "Ữ"};

/* 1 when s holds a combining diacritic (U+0300..U+036F) or a Vietnamese
 * letter with a mark.  (Not tc_has_diacritics: Hangul syllables fold to
 * their jamo, which compose back, so folded Korean reads as "marked";
 * and letters with no decomposition, ħ or ø, rightly stay.) */
static int has_vietnamese_marks(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    for (; *s; s++)
        if ((s[0] == 0xCC && s[1] >= 0x80) || (s[0] == 0xCD && s[1] < 0xB0))
            return 1;
    for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
        if (strstr(str, marked[i]))
            return 1;
    return 0;
}

/* The longest run of s between spaces, in bytes. */
static size_t longest_word(const char *s)
{
    size_t best = 0, n;
    for (; *s; s += n + (s[n] == ' ')) {
        n = strcspn(s, " ");
        best = n > best ? n : best;
    }
    return best;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char *clean = NULL, *exact = NULL, *folded = NULL;
    size_t clean_len = 0, replaced = 0;

    if (tc_utf8_sanitize(text, size, &clean, &clean_len, &replaced) != TC_OK)
        return 0;
    FUZZ_CHECK(strlen(clean) == clean_len);
    FUZZ_CHECK(fuzz_valid_utf8(clean, clean_len));
    FUZZ_CHECK(replaced <= size);

    if (tc_normalize_text(text, size, &exact, &folded) == TC_OK) {
        FUZZ_CHECK(fuzz_valid_utf8(exact, strlen(exact)));
        FUZZ_CHECK(fuzz_valid_utf8(folded, strlen(folded)));
        FUZZ_CHECK(!has_vietnamese_marks(folded));
        char *e2 = NULL, *f2 = NULL;
        /* a folded form longer than its exact one (Hangul: the syllables
         * fold to their jamo) may pass the token cap, and is then
         * skipped as a token of its own */
        if (longest_word(folded) <= TC_TOKEN_MAX_BYTES &&
            tc_normalize_text(folded, strlen(folded), NULL, &f2) == TC_OK) {
            FUZZ_CHECK(strcmp(f2, folded) == 0);
            free(f2);
        }
        if (tc_normalize_text(exact, strlen(exact), &e2, NULL) == TC_OK) {
            FUZZ_CHECK(strcmp(e2, exact) == 0);
            free(e2);
        }
    }
    (void)tc_has_diacritics(text, size);
    free(exact);
    free(folded);
    free(clean);
    return 0;
}
