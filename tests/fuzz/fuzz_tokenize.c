/* fuzz_tokenize: the push tokenizer (analysis.h) and the terms a token
 * becomes (terms.h) on any bytes.  Checks: tokens come in text order with
 * byte ranges inside the text, numbered 0, 1, 2...; forms are non-empty,
 * valid UTF-8, at most TC_TOKEN_MAX_BYTES, the folded form ASCII-only
 * when it is a number; term building never overflows; a callback that
 * stops is obeyed. */
#include "fuzz.h"
#include "tracuu/analysis.h"
#include "tracuu/error.h"
#include "tracuu/terms.h"

typedef struct state {
    size_t len, last_end, count, stop_at;
} state;

static int on_token(void *ctx, const tc_token *t)
{
    state *st = ctx;
    char term[TC_TERM_MAX + 1];
    FUZZ_CHECK(t->start < t->end && t->end <= st->len);
    FUZZ_CHECK(t->start >= st->last_end);
    FUZZ_CHECK(t->index == st->count);
    FUZZ_CHECK(t->exact_len > 0 && t->exact_len <= TC_TOKEN_MAX_BYTES);
    FUZZ_CHECK(t->folded_len > 0);
    FUZZ_CHECK(fuzz_valid_utf8(t->exact, t->exact_len));
    FUZZ_CHECK(fuzz_valid_utf8(t->folded, t->folded_len));
    size_t n = tc_term_make(term, sizeof term, TC_PREFIX_EXACT, t->exact,
                            t->exact_len);
    FUZZ_CHECK(n <= TC_TERM_MAX && (n == 0 || strlen(term) == n));
    n = tc_term_bigram(term, sizeof term, t->folded, t->folded_len,
                       t->folded, t->folded_len);
    FUZZ_CHECK(n <= TC_TERM_MAX);
    st->last_end = t->end;
    st->count++;
    return st->count == st->stop_at ? 42 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_tokenize_stats stats = {0};
    state st = {.len = size, .stop_at = 0};
    int rc = tc_tokenize((const char *)data, size, on_token, &st, &stats);
    FUZZ_CHECK(rc == TC_OK || rc == TC_ENOMEM);
    FUZZ_CHECK(stats.tokens == st.count);
    FUZZ_CHECK(stats.invalid_bytes <= size);
    if (st.count > 1) {             /* again, stopping half way */
        size_t all = st.count;
        memset(&st, 0, sizeof st);
        st.len = size;
        st.stop_at = all / 2;
        rc = tc_tokenize((const char *)data, size, on_token, &st, NULL);
        FUZZ_CHECK(rc == 42 && st.count == all / 2);
    }
    return 0;
}
