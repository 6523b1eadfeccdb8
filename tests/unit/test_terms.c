/* test_terms.c: the term scheme (terms.h, docs/termprefixes.md) and the
 * index layout (layout.h), on real databases in a scratch directory.
 *
 * A document is written with tc_terms_make_doc and read back term by term:
 * the expected list below is worked out by hand from the term scheme, so a
 * change to either shows here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tracuu/layout.h"
#include "tracuu/terms.h"

static char scratch[256];

static int setup(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "/tmp/tracuu-test-terms-XXXXXX");
    return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    return system(cmd) == 0 ? 0 : -1;
}

static char *path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", scratch, name);
    return p;
}

/* Write one document made by tc_terms_make_doc; returns its path. */
static const char *write_doc(const char *name, tc_doc *d)
{
    tc_wdb *w;
    tc_xdoc *x;
    tc_error err;
    char idterm[64];
    const char *p = path(name);
    assert_int_equal(tc_wdb_open(p, TC_WDB_CREATE_OR_OVERWRITE, &w, &err),
                     TC_OK);
    assert_int_equal(tc_terms_make_doc(d, "{}", 2, "0123456789abcdef", NULL,
                                       NULL, &x),
                     TC_OK);
    size_t n = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, d->id,
                            strlen(d->id));
    assert_int_equal(tc_wdb_replace(w, idterm, n, x, &err), TC_OK);
    assert_int_equal(tc_wdb_commit(w, &err), TC_OK);
    tc_xdoc_free(x);
    tc_wdb_free(w);
    return p;
}

static const struct { const char *term; uint32_t wdf; } expected[] = {
    /* sorted as Xapian sorts them (bytes) */
    {"12,5", 1}, {"12,5%", 1}, {"1800000", 1},
    {"Qx", 0},
    {"Shoa", 1}, {"Sthanh", 1},
    {"XB1800000_thue", 1},
    {"XBso_tt", 1},
    {"XBthanh_hoa", 2},           /* title and body */
    {"XBthue_bao", 1},
    {"XBtt_thanh", 1},
    {"XBtt_tt", 1},               /* "TT&TT": & joins */
    /* pairs as written, when they have a diacritic */
    {"XC1800000_thuê", 1}, {"XCsở_tt", 1}, {"XCthanh_hóa", 2},
    {"XCthuê_bao", 1},
    {"XEbao", 1}, {"XEhóa", 2},   /* "Hoá" and "Hóa": one exact form */
    {"XEsở", 1}, {"XEthanh", 2}, {"XEthuê", 1}, {"XEtt", 2},
    /* entities: figure units, the main place, the year of the date */
    {"XF%", 1}, {"XFthue_bao", 1}, {"XPthanh_hoa", 1}, {"XY2021", 1},
    {"bao", 1}, {"hoa", 2}, {"so", 1}, {"thanh", 2}, {"thue", 1}, {"tt", 2},
};

static void test_document_terms(void **state)
{
    (void)state;
    tc_doc d = {0};
    d.id = "x";
    d.title = "Thanh Hoá";
    d.body = "Sở TT&TT Thanh Hóa: 1.800.000 thuê bao, 12,5%.";
    d.body_len = strlen(d.body);
    d.date = "2021-01-05";
    const char *p = write_doc("doc", &d);

    tc_db *db;
    tc_termiter *it;
    tc_error err;
    const char *t;
    size_t len, i = 0;
    uint32_t wdf;
    assert_int_equal(tc_db_open(p, &db, &err), TC_OK);
    assert_int_equal(tc_db_termlist(db, 1, &it, &err), TC_OK);
    while (tc_termiter_next(it, &t, &len, &wdf, &err) == 1) {
        if (i >= sizeof expected / sizeof expected[0])
            fail_msg("unexpected term %.*s", (int)len, t);
        if (strlen(expected[i].term) != len ||
            memcmp(expected[i].term, t, len) != 0)
            fail_msg("term %zu: got %.*s, want %s", i, (int)len, t,
                     expected[i].term);
        assert_int_equal(wdf, expected[i].wdf);
        i++;
    }
    assert_int_equal(i, sizeof expected / sizeof expected[0]);
    tc_termiter_free(it);

    /* the value slots */
    tc_search_opts o;
    tc_mset *ms;
    char *v;
    size_t vlen;
    tc_xquery *q = tc_xquery_term("Qx", 2, 1);
    tc_search_opts_init(&o);
    assert_int_equal(tc_db_search(db, q, &o, &ms, &err), TC_OK);
    assert_int_equal(tc_mset_size(ms), 1);
    assert_int_equal(tc_mset_value(ms, 0, TC_SLOT_ID, &v, &vlen, &err), TC_OK);
    assert_string_equal(v, "x");
    free(v);
    assert_int_equal(tc_mset_value(ms, 0, TC_SLOT_DAY, &v, &vlen, &err),
                     TC_OK);
    assert_string_equal(v, "20210105");
    free(v);
    assert_int_equal(tc_mset_value(ms, 0, TC_SLOT_FACETS, &v, &vlen, &err),
                     TC_OK);
    assert_non_null(strstr(v, "P\tthanh hoa\tThanh Hóa\n"));
    assert_non_null(strstr(v, "Y\t2021\t2021\n"));
    free(v);
    assert_int_equal(tc_mset_value(ms, 0, TC_SLOT_DATE, &v, &vlen, &err),
                     TC_OK);
    assert_string_equal(v, "2021-01-05");
    free(v);
    assert_int_equal(tc_mset_value(ms, 0, TC_SLOT_HASH, &v, &vlen, &err),
                     TC_OK);
    assert_string_equal(v, "0123456789abcdef");
    free(v);
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
}

static void test_term_limits(void **state)
{
    (void)state;
    char buf[TC_TERM_MAX + 1], big[TC_TERM_MAX + 10];
    memset(big, 'a', sizeof big);
    assert_int_equal(tc_term_make(buf, sizeof buf, "XE", "abc", 3), 5);
    assert_string_equal(buf, "XEabc");
    assert_int_equal(tc_term_make(buf, sizeof buf, "XE", big, TC_TERM_MAX - 1),
                     0);
    assert_int_equal(tc_term_make(buf, sizeof buf, "", big, TC_TERM_MAX),
                     TC_TERM_MAX);
    assert_int_equal(tc_term_bigram(buf, sizeof buf, "thue", 4, "bao", 3), 10);
    assert_string_equal(buf, "XBthue_bao");
    assert_int_equal(tc_term_bigram(buf, sizeof buf, big, 200, big, 100), 0);
    /* an id too long for a term cannot be indexed */
    tc_doc d = {0};
    tc_xdoc *x;
    char id[300];
    memset(id, 'i', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    d.id = id;
    assert_int_equal(tc_terms_make_doc(&d, "{}", 2, "0123456789abcdef", NULL,
                                       NULL, &x),
                     TC_EINVAL);
}

/* ---- layout ----------------------------------------------------------- */

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void test_shard_routing(void **state)
{
    (void)state;
    /* stable: the same id, the same shard, in any run */
    assert_int_equal(tc_shard_of("seeds/000.txt", 13, 1), 0);
    size_t s = tc_shard_of("baomoi-21475776", 15, 4);
    for (int i = 0; i < 3; i++)
        assert_int_equal(tc_shard_of("baomoi-21475776", 15, 4), s);
    /* and spread: 10,000 ids over 4 shards, each within 10% of even */
    size_t counts[4] = {0};
    char id[32];
    for (int i = 0; i < 10000; i++) {
        int n = snprintf(id, sizeof id, "doc-%d", i);
        counts[tc_shard_of(id, (size_t)n, 4)]++;
    }
    for (int k = 0; k < 4; k++)
        assert_in_range(counts[k], 2250, 2750);
}

static void test_layout_lifecycle(void **state)
{
    (void)state;
    tc_layout l;
    tc_error err;
    char *dir = strdup(path("idx"));

    /* a new index: stub and shard names */
    assert_int_equal(tc_layout_open(dir, 3, 0, &l, &err), TC_OK);
    assert_int_equal(l.nshards, 3);
    assert_string_equal(l.names[2], "shard2.1");
    char *sp = tc_layout_shard_path(&l, 1);
    assert_string_equal(sp + strlen(dir), "/shard1.1");
    free(sp);
    for (size_t i = 0; i < 3; i++) {       /* make the shard databases */
        tc_wdb *w;
        char *p = tc_layout_shard_path(&l, i);
        assert_int_equal(tc_wdb_open(p, TC_WDB_CREATE_OR_OPEN, &w, &err),
                         TC_OK);
        tc_wdb_free(w);
        free(p);
    }
    /* compaction: next generations, one stub switch, old ones removed */
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(tc_layout_compact_shard(&l, i, &err), TC_OK);
    assert_string_equal(l.names[0], "shard0.1");      /* not yet switched */
    assert_int_equal(tc_layout_switch(&l, &err), TC_OK);
    assert_string_equal(l.names[0], "shard0.2");
    char old[600];
    snprintf(old, sizeof old, "%s/shard0.1", dir);
    assert_true(exists(old));
    tc_layout_remove_unlisted(&l);
    assert_false(exists(old));
    tc_layout_clear(&l);

    /* reopening reads the stub, whatever shard count is asked for */
    assert_int_equal(tc_layout_open(dir, 7, 0, &l, &err), TC_OK);
    assert_int_equal(l.nshards, 3);
    assert_string_equal(l.names[1], "shard1.2");
    tc_db *db;
    assert_int_equal(tc_db_open(dir, &db, &err), TC_OK);   /* Xapian too */
    tc_db_free(db);
    tc_layout_clear(&l);

    /* overwrite: a new set of the asked size */
    assert_int_equal(tc_layout_open(dir, 2, TC_LAYOUT_OVERWRITE, &l, &err),
                     TC_OK);
    assert_int_equal(l.nshards, 2);
    assert_string_equal(l.names[0], "shard0.1");
    tc_layout_clear(&l);
    free(dir);
}

static void test_layout_refuses_other_directories(void **state)
{
    (void)state;
    tc_layout l;
    tc_error err;
    char *dir = strdup(path("notes"));
    mkdir(dir, 0755);
    char f[600];
    snprintf(f, sizeof f, "%s/keep.txt", dir);
    FILE *fp = fopen(f, "w");
    fputs("giữ lại", fp);
    fclose(fp);
    assert_int_equal(tc_layout_open(dir, 2, 0, &l, &err), TC_EINVAL);
    assert_int_equal(tc_layout_open(dir, 2, TC_LAYOUT_OVERWRITE, &l, &err),
                     TC_EINVAL);
    assert_true(exists(f));
    assert_non_null(strstr(err.msg, "holds no tracuu index"));

    /* a stub naming a remote shard cannot be written to */
    char *rdir = strdup(path("remote"));
    mkdir(rdir, 0755);
    snprintf(f, sizeof f, "%s/XAPIANDB", rdir);
    fp = fopen(f, "w");
    fputs("remote 127.0.0.1:1\n", fp);
    fclose(fp);
    assert_int_equal(tc_layout_open(rdir, 2, 0, &l, &err), TC_EINVAL);
    assert_non_null(strstr(err.msg, "not local"));
    /* a file where a directory should be */
    assert_int_equal(tc_layout_open(f, 2, 0, &l, &err), TC_EINVAL);
    free(dir);
    free(rdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_terms),
        cmocka_unit_test(test_term_limits),
        cmocka_unit_test(test_shard_routing),
        cmocka_unit_test(test_layout_lifecycle),
        cmocka_unit_test(test_layout_refuses_other_directories),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
