/* test_cache.c: the answer cache (searcher/cache.h): found under its key
 * and epoch only, least recently used evicted first, the byte bound kept,
 * and consistent under threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "cache.h"

static void put_s(tc_cache *c, const char *k, uint64_t epoch, const char *v)
{
    tc_cache_put(c, k, strlen(k), epoch, "text/plain", v, strlen(v));
}

/* 1 when key is found in epoch with exactly the value want. */
static int has(tc_cache *c, const char *k, uint64_t epoch, const char *want)
{
    char *v;
    size_t len;
    const char *tag;
    if (!tc_cache_get(c, k, strlen(k), epoch, &v, &len, &tag))
        return 0;
    int ok = len == strlen(want) && memcmp(v, want, len) == 0 &&
             v[len] == '\0' && strcmp(tag, "text/plain") == 0;
    free(v);
    return ok;
}

static void test_get_put_replace(void **state)
{
    (void)state;
    tc_cache *c = tc_cache_new(1 << 20);
    uint64_t e = tc_cache_epoch(c);
    assert_false(has(c, "q=a", e, "A"));
    put_s(c, "q=a", e, "A");
    put_s(c, "q=b", e, "B");
    assert_true(has(c, "q=a", e, "A"));
    assert_true(has(c, "q=b", e, "B"));
    assert_false(has(c, "q=", e, "A"));        /* a prefix is another key */
    put_s(c, "q=a", e, "A2");                   /* replaced, not added */
    assert_true(has(c, "q=a", e, "A2"));
    tc_cache_stats st;
    tc_cache_stats_get(c, &st);
    assert_int_equal(st.entries, 2);
    assert_int_equal(st.hits, 3);
    assert_int_equal(st.misses, 2);
    tc_cache_free(c);
}

static void test_epochs(void **state)
{
    (void)state;
    tc_cache *c = tc_cache_new(1 << 20);
    uint64_t e1 = tc_cache_epoch(c);
    put_s(c, "k", e1, "old");
    tc_cache_bump(c);
    uint64_t e2 = tc_cache_epoch(c);
    assert_true(e2 > e1);
    /* not found under the new epoch, nor under the old one any more */
    assert_false(has(c, "k", e2, "old"));
    assert_false(has(c, "k", e1, "old"));
    /* an answer computed before the bump is not kept after it */
    put_s(c, "late", e1, "stale");
    assert_false(has(c, "late", e1, "stale"));
    assert_false(has(c, "late", e2, "stale"));
    put_s(c, "k", e2, "new");
    assert_true(has(c, "k", e2, "new"));
    tc_cache_stats st;
    tc_cache_stats_get(c, &st);
    assert_int_equal(st.entries, 1);            /* the stale one was dropped */
    tc_cache_free(c);
}

static void test_lru_and_bound(void **state)
{
    (void)state;
    char val[1000];
    memset(val, 'x', sizeof val - 1);
    val[sizeof val - 1] = '\0';
    tc_cache *c = tc_cache_new(20000);          /* room for about 18 */
    uint64_t e = tc_cache_epoch(c);
    char key[16];
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "k%d", i);
        put_s(c, key, e, val);
    }
    assert_true(has(c, "k0", e, val));          /* k0 is now the most recent */
    for (int i = 10; i < 40; i++) {
        snprintf(key, sizeof key, "k%d", i);
        put_s(c, key, e, val);
        tc_cache_stats st;
        tc_cache_stats_get(c, &st);
        assert_true(st.bytes <= 20000);
    }
    assert_false(has(c, "k1", e, val));         /* least recent: evicted */
    assert_true(has(c, "k39", e, val));
    tc_cache_stats st;
    tc_cache_stats_get(c, &st);
    assert_true(st.evictions > 0);
    /* an answer over an eighth of the bound is never kept */
    char *big = malloc(3000);
    memset(big, 'y', 2999);
    big[2999] = '\0';
    put_s(c, "big", e, big);
    assert_false(has(c, "big", e, big));
    free(big);
    tc_cache_free(c);
}

static void test_zero_and_null(void **state)
{
    (void)state;
    tc_cache *c = tc_cache_new(0);
    assert_non_null(c);
    put_s(c, "k", tc_cache_epoch(c), "v");
    assert_false(has(c, "k", tc_cache_epoch(c), "v"));
    put_s(c, "", tc_cache_epoch(c), "");        /* empty key and value */
    tc_cache_free(c);
    tc_cache_free(NULL);
    c = tc_cache_new(1 << 16);
    put_s(c, "", tc_cache_epoch(c), "");
    assert_true(has(c, "", tc_cache_epoch(c), ""));
    tc_cache_free(c);
}

/* Threads storing, reading and bumping at once: every value found is the
 * one its key was stored with (ASan and UBSan builds run this too). */
typedef struct worker {
    tc_cache *c;
    int id, bad;
} worker;

static void *hammer(void *p)
{
    worker *w = p;
    char key[32], val[64];
    for (int i = 0; i < 20000; i++) {
        int k = (i * 7 + w->id) % 300;
        snprintf(key, sizeof key, "key-%d", k);
        snprintf(val, sizeof val, "value-of-%d", k);
        uint64_t e = tc_cache_epoch(w->c);
        if (i % 3 == 0)
            put_s(w->c, key, e, val);
        else {
            char *v;
            size_t len;
            const char *tag;
            if (tc_cache_get(w->c, key, strlen(key), e, &v, &len, &tag)) {
                if (strcmp(v, val) != 0)
                    w->bad++;
                free(v);
            }
        }
        if (w->id == 0 && i % 2000 == 0)
            tc_cache_bump(w->c);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    tc_cache *c = tc_cache_new(16384);          /* small: evictions too */
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){c, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, hammer, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].bad, 0);
    }
    tc_cache_stats st;
    tc_cache_stats_get(c, &st);
    assert_true(st.hits > 0);
    assert_true(st.bytes <= 16384);
    tc_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_put_replace),
        cmocka_unit_test(test_epochs),
        cmocka_unit_test(test_lru_and_bound),
        cmocka_unit_test(test_zero_and_null),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
