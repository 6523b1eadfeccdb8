/* test_docrec.c: the document record (docrec.h).
 *
 * Tables of inputs and expected outputs for tc_doc_set (sanitizing),
 * tc_doc_to_json (the exact compact stored form), tc_doc_from_json (fields,
 * and the inputs it must refuse), the round trip between the two, and
 * tc_hash64 against published FNV-1a test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tracuu/docrec.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- tc_doc_set --------------------------------------------------------- */

static const struct {
    const char *in;
    size_t len;
    const char *out;
    size_t invalid;
} set_cases[] = {
    {"Thanh Hóa", 10, "Thanh Hóa", 0},
    {"", 0, "", 0},
    {"a\0b", 3, "a b", 1},                     /* NUL becomes a space */
    {"x\xffy", 3, "x\xEF\xBF\xBDy", 1},         /* U+FFFD */
    {"\xC3", 1, "\xEF\xBF\xBD", 1},             /* cut sequence */
    {"abc", 2, "ab", 0},                        /* len, not the NUL, rules */
};

static void test_set_sanitizes(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(set_cases); i++) {
        tc_doc d = {0};
        assert_int_equal(tc_doc_set(&d, &d.body, set_cases[i].in,
                                    set_cases[i].len),
                         TC_OK);
        assert_string_equal(d.body, set_cases[i].out);
        assert_int_equal(d.body_len, strlen(set_cases[i].out));
        assert_int_equal(d.invalid_bytes, set_cases[i].invalid);
        tc_doc_clear(&d);
    }
}

static void test_set_replaces_and_clears(void **state)
{
    tc_doc d = {0};
    (void)state;
    assert_int_equal(tc_doc_set(&d, &d.title, "cũ\xff", strlen("cũ\xff")),
                     TC_OK);
    assert_int_equal(tc_doc_set(&d, &d.title, "mới", strlen("mới")), TC_OK);
    assert_string_equal(d.title, "mới");
    assert_int_equal(d.invalid_bytes, 1); /* counts add up */
    assert_int_equal(tc_doc_set(&d, &d.body, "thân", strlen("thân")), TC_OK);
    assert_int_equal(d.body_len, strlen("thân"));
    assert_int_equal(tc_doc_set(&d, &d.body, NULL, 0), TC_OK);
    assert_null(d.body);
    assert_int_equal(d.body_len, 0);
    assert_int_equal(tc_doc_set(NULL, &d.title, "x", 1), TC_EINVAL);
    tc_doc_clear(&d);
    assert_null(d.title);
    assert_int_equal(d.invalid_bytes, 0);
    tc_doc_clear(NULL);
}

/* ---- tc_doc_to_json ------------------------------------------------------ */

static const struct {
    const char *id, *title, *url, *date, *source, *topic, *body;
    const char *json;
} to_json_cases[] = {
    {"a1", NULL, NULL, NULL, NULL, NULL, NULL, "{\"id\":\"a1\"}"},
    {"a1", "Thanh Hóa", "https://x.vn/a?b=1&c=2", "2024-01-12", "seed",
     "tin tức", "Dòng 1\nDòng \"2\"\t\\",
     "{\"id\":\"a1\",\"title\":\"Thanh Hóa\","
     "\"url\":\"https://x.vn/a?b=1&c=2\","
     "\"date\":\"2024-01-12\",\"source\":\"seed\",\"topic\":\"tin tức\","
     "\"body\":\"Dòng 1\\nDòng \\\"2\\\"\\t\\\\\"}"},
    {"b", "", NULL, NULL, NULL, NULL, "x",
     "{\"id\":\"b\",\"title\":\"\",\"body\":\"x\"}"},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, "{}"},
};

static void fill(tc_doc *d, const char *const v[7])
{
    char **f[7] = {&d->id, &d->title, &d->url, &d->date,
                   &d->source, &d->topic, &d->body};
    for (size_t i = 0; i < 7; i++)
        if (v[i])
            assert_int_equal(tc_doc_set(d, f[i], v[i], strlen(v[i])), TC_OK);
}

static void test_to_json(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(to_json_cases); i++) {
        const char *v[7] = {to_json_cases[i].id,     to_json_cases[i].title,
                            to_json_cases[i].url,    to_json_cases[i].date,
                            to_json_cases[i].source, to_json_cases[i].topic,
                            to_json_cases[i].body};
        tc_doc d = {0};
        char *out = NULL;
        size_t len = 0;
        fill(&d, v);
        assert_int_equal(tc_doc_to_json(&d, &out, &len), TC_OK);
        assert_string_equal(out, to_json_cases[i].json);
        assert_int_equal(len, strlen(to_json_cases[i].json));
        free(out);
        tc_doc_clear(&d);
    }
}

static void test_to_json_rejects_raw_invalid_utf8(void **state)
{
    tc_doc d = {0};
    char *out = (char *)"untouched";
    (void)state;
    d.id = strdup("x\xff"); /* assigned around tc_doc_set */
    assert_int_equal(tc_doc_to_json(&d, &out, NULL), TC_EINVAL);
    assert_null(out);
    tc_doc_clear(&d);
}

/* ---- tc_doc_from_json ---------------------------------------------------- */

static const struct {
    const char *json;
    int rc;
    const char *err;   /* prefix of the message when rc != TC_OK */
    const char *id, *title, *body;
} from_json_cases[] = {
    {"{\"id\":\"a1\",\"title\":\"Tiêu đề\",\"body\":\"Thân\"}", TC_OK, NULL,
     "a1", "Tiêu đề", "Thân"},
    {"{\"id\":\"a1\",\"title\":null,\"future\":[1,2]}", TC_OK, NULL, "a1", NULL,
     NULL},
    {" {\"body\":\"a\\u0000b\"} ", TC_OK, NULL, NULL, NULL, "a b"},
    {"{}", TC_OK, NULL, NULL, NULL, NULL},
    {"{\"id\":7}", TC_EPARSE, "field 'id' is not a string", NULL, NULL, NULL},
    {"{\"id\":\"a\",\"body\":true}", TC_EPARSE, "field 'body' is not a string",
     NULL, NULL, NULL},
    {"[\"id\"]", TC_EPARSE, "not a JSON object", NULL, NULL, NULL},
    {"\"id\"", TC_EPARSE, "invalid JSON: '[' or '{' expected", NULL, NULL,
     NULL},
    {"{\"id\":\"a\",\"id\":\"b\"}", TC_EPARSE, "invalid JSON: duplicate", NULL,
     NULL, NULL},
    {"{\"id\":\"a\"", TC_EPARSE, "invalid JSON: ", NULL, NULL, NULL},
    {"{\"id\":\"\\ud800\"}", TC_EPARSE, "invalid JSON: ", NULL, NULL, NULL},
    {"", TC_EPARSE, "invalid JSON: ", NULL, NULL, NULL},
};

static void check_field(const char *got, const char *want)
{
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
}

static void test_from_json(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(from_json_cases); i++) {
        const char *json = from_json_cases[i].json;
        tc_doc d = {0};
        tc_error err;
        tc_doc_set(&d, &d.url, "stale", 5); /* from_json clears first */
        int rc = tc_doc_from_json(json, strlen(json), &d, &err);
        assert_int_equal(rc, from_json_cases[i].rc);
        if (rc != TC_OK) {
            const char *want = from_json_cases[i].err;
            assert_int_equal(err.code, rc);
            if (strncmp(err.msg, want, strlen(want)) != 0)
                fail_msg("case %zu: \"%s\" does not start with \"%s\"", i,
                         err.msg, want);
        }
        check_field(d.id, from_json_cases[i].id);
        check_field(d.title, from_json_cases[i].title);
        check_field(d.body, from_json_cases[i].body);
        assert_null(d.url);
        tc_doc_clear(&d);
    }
}

static void test_round_trip(void **state)
{
    const char *v[7] = {"vbpl-2013-hp", "Hiến pháp 2013", "https://x.vn/hp",
                        "2013-11-28", "github:a/b@c:d", "luật",
                        "Điều 1.\nNước Cộng hòa xã hội chủ nghĩa Việt Nam"};
    tc_doc a = {0}, b = {0};
    char *json = NULL;
    size_t len = 0;
    tc_error err;
    (void)state;
    fill(&a, v);
    assert_int_equal(tc_doc_to_json(&a, &json, &len), TC_OK);
    assert_int_equal(tc_doc_from_json(json, len, &b, &err), TC_OK);
    assert_string_equal(b.id, a.id);
    assert_string_equal(b.title, a.title);
    assert_string_equal(b.url, a.url);
    assert_string_equal(b.date, a.date);
    assert_string_equal(b.source, a.source);
    assert_string_equal(b.topic, a.topic);
    assert_string_equal(b.body, a.body);
    assert_int_equal(b.body_len, a.body_len);
    free(json);
    tc_doc_clear(&a);
    tc_doc_clear(&b);
}

/* ---- tc_hash64 ----------------------------------------------------------- */

static const struct {
    const char *in;
    uint64_t hash;
} hash_cases[] = {
    {"", 0xcbf29ce484222325ULL},
    {"a", 0xaf63dc4c8601ec8cULL},
    {"foobar", 0x85944171f73967e8ULL},
};

static void test_hash64(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(hash_cases); i++) {
        const char *s = hash_cases[i].in;
        assert_true(tc_hash64(TC_HASH_INIT, s, strlen(s)) ==
                    hash_cases[i].hash);
    }
    /* Continuing from a partial hash equals hashing the whole. */
    uint64_t h = tc_hash64(TC_HASH_INIT, "foo", 3);
    assert_true(tc_hash64(h, "bar", 3) == 0x85944171f73967e8ULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_sanitizes),
        cmocka_unit_test(test_set_replaces_and_clears),
        cmocka_unit_test(test_to_json),
        cmocka_unit_test(test_to_json_rejects_raw_invalid_utf8),
        cmocka_unit_test(test_from_json),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_hash64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
