/* test_xapian.c: unit tests for the C wrapper over libxapian (xapian.h).
 *
 * Every test works on real on-disk databases in one mkdtemp() directory
 * under /tmp, removed at the end.  A small corpus of five documents is built
 * once; the query tests are tables of {query, expected ids} run against it.
 * The writer tests prove the promises the wrapper makes beyond Xapian's own:
 * a batch reaches the disk only through tc_wdb_commit(), whole or not at
 * all, even when Xapian would auto-commit, when the handle is freed, or
 * when the process is killed mid-batch.  Only xapian.h and error.h are
 * used, so this runs whatever state the other modules are in. */
#define _XOPEN_SOURCE 700   /* nftw() */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracuu/xapian.h"

enum { SLOT_YEAR = 0, SLOT_GROUP = 1 };

static char g_dir[64];       /* the mkdtemp() directory */
static char g_corpus[128];   /* the shared corpus database */

/* ---- helpers ---------------------------------------------------------- */

static const char *path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", g_dir, name);
    return buf;
}

/* A corpus row: id (also the stored data), body words (indexed with
 * positions), year (value slot 0) and group (slot 1 and a "G" term). */
typedef struct row {
    const char *id;
    const char *body;
    const char *year;
    const char *group;
} row;

static const row corpus[] = {
    {"a", "con mèo đen ngủ", "2021", "x"},
    {"b", "con chó đen chạy", "2019", "x"},
    {"c", "mèo con trắng", "2023", "y"},
    {"d", "chó mèo", "2020", "y"},
    {"e", "trắng đen", "", "z"},
};
enum { NCORPUS = sizeof corpus / sizeof corpus[0] };

static void add_prefixed(tc_xdoc *doc, char prefix, const char *s)
{
    char t[64];
    int n = snprintf(t, sizeof t, "%c%s", prefix, s);
    assert_int_equal(tc_xdoc_add_boolean_term(doc, t, (size_t)n), TC_OK);
}

static void add_body(tc_xdoc *doc, const char *body)
{
    uint32_t pos = 1;
    const char *p = body;
    while (*p) {
        size_t n = strcspn(p, " ");
        assert_int_equal(tc_xdoc_add_posting(doc, p, n, pos++, 1), TC_OK);
        p += n;
        p += strspn(p, " ");
    }
}

static tc_xdoc *make_doc(const row *r)
{
    tc_xdoc *doc = tc_xdoc_new();
    assert_non_null(doc);
    add_prefixed(doc, 'Q', r->id);
    add_prefixed(doc, 'G', r->group);
    add_body(doc, r->body);
    assert_int_equal(tc_xdoc_set_data(doc, r->id, strlen(r->id)), TC_OK);
    assert_int_equal(tc_xdoc_set_value(doc, SLOT_YEAR, r->year,
                                       strlen(r->year)), TC_OK);
    assert_int_equal(tc_xdoc_set_value(doc, SLOT_GROUP, r->group,
                                       strlen(r->group)), TC_OK);
    return doc;
}

static void put(tc_wdb *wdb, const row *r)
{
    char id[64];
    int n = snprintf(id, sizeof id, "Q%s", r->id);
    tc_error err;
    tc_xdoc *doc = make_doc(r);
    assert_int_equal(tc_wdb_replace(wdb, id, (size_t)n, doc, &err), TC_OK);
    tc_xdoc_free(doc);
}

/* Add n generated documents "<tag>0".. "<tag>n-1". */
static void put_many(tc_wdb *wdb, const char *tag, int n)
{
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "%s%d", tag, i);
        row r = {id, "lorem ipsum dolor sit amet", "2000", "g"};
        put(wdb, &r);
    }
}

static tc_wdb *wopen(const char *path, int flags)
{
    tc_wdb *wdb = NULL;
    tc_error err;
    int rc = tc_wdb_open(path, flags, &wdb, &err);
    if (rc != TC_OK)
        fail_msg("tc_wdb_open(%s): %s", path, err.msg);
    return wdb;
}

static void commit(tc_wdb *wdb)
{
    tc_error err;
    int rc = tc_wdb_commit(wdb, &err);
    if (rc != TC_OK)
        fail_msg("tc_wdb_commit: %s", err.msg);
}

static tc_db *ropen(const char *path)
{
    tc_db *db = NULL;
    tc_error err;
    if (tc_db_open(path, &db, &err) != TC_OK)
        fail_msg("tc_db_open(%s): %s", path, err.msg);
    return db;
}

/* Documents committed at path, as a fresh reader sees them. */
static uint32_t committed_count(const char *path)
{
    tc_db *db = ropen(path);
    uint32_t n = tc_db_doccount(db);
    tc_db_free(db);
    return n;
}

static int has_doc(const char *path, const char *idterm)
{
    tc_db *db = ropen(path);
    tc_docid did = 0;
    int rc = tc_db_find_by_term(db, idterm, strlen(idterm), &did, NULL);
    tc_db_free(db);
    return rc == TC_OK;
}

static tc_xquery *term(const char *t)
{
    tc_xquery *q = tc_xquery_term(t, strlen(t), 1);
    assert_non_null(q);
    return q;
}

/* Combine the terms of a NULL-terminated list with op. */
static tc_xquery *combine_terms(enum tc_qop op, const char *const *terms,
                                uint32_t window)
{
    tc_xquery *subs[8] = {0};
    size_t n = 0;
    for (; terms[n]; n++)
        subs[n] = term(terms[n]);
    tc_xquery *q = tc_xquery_combine(op, subs, n, window);
    for (size_t i = 0; i < n; i++)
        tc_xquery_free(subs[i]);
    assert_non_null(q);
    return q;
}

static tc_mset *search(tc_db *db, const tc_xquery *q,
                       const tc_search_opts *opts)
{
    tc_mset *ms = NULL;
    tc_error err;
    if (tc_db_search(db, q, opts, &ms, &err) != TC_OK)
        fail_msg("tc_db_search: %s", err.msg);
    return ms;
}

/* The ids (stored data) of the results, concatenated in result order. */
static void result_ids(const tc_mset *ms, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < tc_mset_size(ms); i++) {
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(tc_mset_document_data(ms, i, &data, &len, NULL),
                         TC_OK);
        assert_true(used + len < size);
        memcpy(out + used, data, len);
        used += len;
        out[used] = '\0';
        free(data);
    }
}

static int cmp_char(const void *a, const void *b)
{
    return *(const char *)a - *(const char *)b;
}

/* Results of q on the corpus as a sorted id string ("abd"). */
static void match_set(const tc_xquery *q, char *out, size_t size)
{
    tc_db *db = ropen(g_corpus);
    tc_search_opts o;
    tc_search_opts_init(&o);
    o.limit = 100;
    tc_mset *ms = search(db, q, &o);
    result_ids(ms, out, size);
    qsort(out, strlen(out), 1, cmp_char);
    tc_mset_free(ms);
    tc_db_free(db);
}

/* ---- fixtures --------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/tc_xapian_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    path_in(g_corpus, sizeof g_corpus, "corpus");
    tc_wdb *wdb = wopen(g_corpus, TC_WDB_CREATE_OR_OVERWRITE);
    for (size_t i = 0; i < NCORPUS; i++)
        put(wdb, &corpus[i]);
    commit(wdb);
    tc_wdb_free(wdb);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- writing ---------------------------------------------------------- */

static void test_open_flags(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "flags");
    /* Run in order on one path: each row sees what the previous left. */
    static const struct {
        int flags, rc;
        int add;          /* documents to add and commit after opening */
        uint32_t count;   /* documents right after opening */
    } rows[] = {
        {TC_WDB_OPEN, TC_EDB_OPEN, 0, 0},       /* does not exist yet */
        {TC_WDB_CREATE_OR_OPEN, TC_OK, 2, 0},   /* created */
        {TC_WDB_OPEN, TC_OK, 1, 2},             /* exists now */
        {TC_WDB_CREATE_OR_OPEN, TC_OK, 0, 3},   /* opened, kept */
        {TC_WDB_CREATE_OR_OVERWRITE, TC_OK, 0, 0}, /* emptied */
        {42, TC_EINVAL, 0, 0},                  /* no such flag */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_wdb *wdb = NULL;
        tc_error err;
        int rc = tc_wdb_open(p, rows[i].flags, &wdb, &err);
        assert_int_equal(rc, rows[i].rc);
        if (rc != TC_OK) {
            assert_null(wdb);
            assert_int_equal(err.code, rc);
            assert_true(strlen(err.msg) > 0);
            continue;
        }
        assert_int_equal(tc_wdb_doccount(wdb), rows[i].count);
        char tag[8];
        snprintf(tag, sizeof tag, "f%zu_", i);
        put_many(wdb, tag, rows[i].add);
        commit(wdb);
        tc_wdb_free(wdb);
    }
}

static void test_replace_delete(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "replace");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    row a1 = {"a", "first version", "1", "g"};
    row a2 = {"a", "second version", "2", "g"};
    row b = {"b", "other", "3", "g"};
    put(wdb, &a1);
    put(wdb, &b);
    put(wdb, &a2);                       /* replaces, never duplicates */
    assert_int_equal(tc_wdb_doccount(wdb), 2);
    commit(wdb);
    put(wdb, &a2);                       /* again, across a commit */
    commit(wdb);
    assert_int_equal(committed_count(p), 2);

    tc_db *db = ropen(p);
    uint32_t tf = 0;
    assert_int_equal(tc_db_termfreq(db, "second", 6, &tf, NULL), TC_OK);
    assert_int_equal(tf, 1);
    assert_int_equal(tc_db_termfreq(db, "first", 5, &tf, NULL), TC_OK);
    assert_int_equal(tf, 0);

    uint32_t deleted = 99;
    assert_int_equal(tc_wdb_delete(wdb, "Qa", 2, &deleted, NULL), TC_OK);
    assert_int_equal(deleted, 1);
    assert_int_equal(tc_wdb_delete(wdb, "Qa", 2, &deleted, NULL), TC_OK);
    assert_int_equal(deleted, 0);        /* pending delete is seen */
    assert_int_equal(tc_wdb_delete(wdb, "Qzz", 3, NULL, NULL), TC_OK);
    assert_int_equal(tc_db_doccount(db), 2);  /* not committed yet */
    commit(wdb);
    int changed = 0;
    assert_int_equal(tc_db_reopen(db, &changed, NULL), TC_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(tc_db_doccount(db), 1);
    tc_db_free(db);
    tc_wdb_free(wdb);
}

static void test_replace_needs_idterm(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "noid");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    tc_xdoc *doc = tc_xdoc_new();
    assert_int_equal(tc_xdoc_add_term(doc, "word", 4, 1), TC_OK);
    tc_error err;
    assert_int_equal(tc_wdb_replace(wdb, "Qx", 2, doc, &err), TC_EINVAL);
    assert_int_equal(err.code, TC_EINVAL);
    assert_int_equal(tc_wdb_doccount(wdb), 0);
    tc_xdoc_free(doc);
    tc_wdb_free(wdb);
}

static void test_free_without_commit_discards(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "discard");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    put_many(wdb, "keep", 3);
    commit(wdb);
    put_many(wdb, "lost", 2);
    assert_int_equal(tc_wdb_delete(wdb, "Qkeep0", 6, NULL, NULL), TC_OK);
    assert_int_equal(tc_wdb_doccount(wdb), 4);   /* pending are visible */
    tc_wdb_free(wdb);

    assert_int_equal(committed_count(p), 3);
    assert_true(has_doc(p, "Qkeep0"));           /* the delete was lost */
    assert_false(has_doc(p, "Qlost0"));
    /* The lock went with the handle: a new writer sees the same. */
    wdb = wopen(p, TC_WDB_OPEN);
    assert_int_equal(tc_wdb_doccount(wdb), 3);
    tc_wdb_free(wdb);
}

/* Xapian commits by itself every XAPIAN_FLUSH_THRESHOLD changes; inside the
 * wrapper's transaction it must not. */
static void test_no_autocommit(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "autocommit");
    setenv("XAPIAN_FLUSH_THRESHOLD", "2", 1);
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    put_many(wdb, "n", 20);
    assert_int_equal(committed_count(p), 0);
    tc_wdb_free(wdb);
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    assert_int_equal(committed_count(p), 0);
}

/* The child commits a batch, then dies with SIGKILL halfway through the
 * next one (big enough to push blocks to disk, and past the auto-commit
 * threshold).  The parent must find exactly the first batch. */
static void test_killed_mid_batch(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "killed");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("XAPIAN_FLUSH_THRESHOLD", "50", 1);
        tc_wdb *wdb = NULL;
        if (tc_wdb_open(p, TC_WDB_CREATE_OR_OVERWRITE, &wdb, NULL) != TC_OK)
            _exit(2);
        put_many(wdb, "first", 5);
        if (tc_wdb_commit(wdb, NULL) != TC_OK)
            _exit(3);
        put_many(wdb, "second", 3000);
        raise(SIGKILL);
        _exit(4);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);

    assert_int_equal(committed_count(p), 5);
    assert_false(has_doc(p, "Qsecond0"));
    tc_wdb *wdb = NULL;
    int rc = TC_EDB_LOCK;
    for (int i = 0; i < 50 && rc == TC_EDB_LOCK; i++) {
        rc = tc_wdb_open(p, TC_WDB_OPEN, &wdb, NULL);
        if (rc == TC_EDB_LOCK)
            nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    assert_int_equal(rc, TC_OK);
    assert_int_equal(tc_wdb_doccount(wdb), 5);
    tc_wdb_free(wdb);
}

static void test_value_by_term(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "values");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    row a = {"a", "text", "2024", "g"};
    row b = {"b", "text", "", "g"};
    put(wdb, &a);
    commit(wdb);
    put(wdb, &b);    /* pending, not committed: still visible */
    static const struct {
        const char *id;
        unsigned slot;
        int rc;
        const char *val;
    } rows[] = {
        {"Qa", SLOT_YEAR, TC_OK, "2024"},
        {"Qa", SLOT_GROUP, TC_OK, "g"},
        {"Qa", 7, TC_OK, ""},            /* empty slot */
        {"Qb", SLOT_YEAR, TC_OK, ""},    /* set empty */
        {"Qzz", SLOT_YEAR, TC_ENOTFOUND, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *val = NULL;
        size_t len = 99;
        tc_error err;
        int rc = tc_wdb_value_by_term(wdb, rows[i].id, strlen(rows[i].id),
                                      rows[i].slot, &val, &len, &err);
        assert_int_equal(rc, rows[i].rc);
        if (rc != TC_OK) {
            assert_null(val);
            assert_int_equal(err.code, rc);
            continue;
        }
        assert_non_null(val);
        assert_int_equal(len, strlen(rows[i].val));
        assert_string_equal(val, rows[i].val);
        free(val);
    }
    tc_wdb_free(wdb);
}

static void test_second_writer_locked(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "locked");
    tc_wdb *first = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    tc_wdb *second = NULL;
    tc_error err;
    assert_int_equal(tc_wdb_open(p, TC_WDB_OPEN, &second, &err),
                     TC_EDB_LOCK);
    assert_null(second);
    assert_int_equal(err.code, TC_EDB_LOCK);
    assert_non_null(strstr(err.msg, "DatabaseLockError"));
    tc_wdb_free(first);
}

/* ---- reading ---------------------------------------------------------- */

static void test_open_missing(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "does-not-exist");
    tc_db *db = (tc_db *)1;
    tc_error err;
    assert_int_equal(tc_db_open(p, &db, &err), TC_EDB_OPEN);
    assert_null(db);
    assert_int_equal(err.code, TC_EDB_OPEN);
    assert_non_null(strstr(err.msg, "tc_db_open"));
    assert_true(strlen(err.msg) > strlen("tc_db_open: "));
}

static void test_reader_sees_commit_after_reopen(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "reopen");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    put_many(wdb, "r", 1);
    commit(wdb);
    tc_db *db = ropen(p);
    int changed = -1;
    assert_int_equal(tc_db_reopen(db, &changed, NULL), TC_OK);
    assert_int_equal(changed, 0);            /* nothing new yet */
    put_many(wdb, "s", 2);
    commit(wdb);
    assert_int_equal(tc_db_doccount(db), 1); /* its snapshot */
    assert_int_equal(tc_db_reopen(db, &changed, NULL), TC_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(tc_db_doccount(db), 3);
    assert_int_equal(tc_db_reopen(db, NULL, NULL), TC_OK);
    tc_db_free(db);
    tc_wdb_free(wdb);
}

static void test_document_data(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_docid did = 0;
    assert_int_equal(tc_db_find_by_term(db, "Qc", 2, &did, NULL), TC_OK);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(tc_db_document_data(db, did, &data, &len, NULL), TC_OK);
    assert_int_equal(len, 1);
    assert_string_equal(data, "c");
    free(data);

    static const tc_docid missing[] = {0, 999};
    for (size_t i = 0; i < 2; i++) {
        tc_error err;
        data = (char *)1;
        assert_int_equal(tc_db_document_data(db, missing[i], &data, &len,
                                             &err), TC_ENOTFOUND);
        assert_null(data);
        assert_int_equal(err.code, TC_ENOTFOUND);
    }
    tc_error err;
    assert_int_equal(tc_db_find_by_term(db, "Qzz", 3, &did, &err),
                     TC_ENOTFOUND);
    tc_db_free(db);
}

static void test_termfreq(void **state)
{
    (void)state;
    static const struct {
        const char *term;
        uint32_t freq;
    } rows[] = {
        {"đen", 3}, {"mèo", 3}, {"con", 3}, {"Gx", 2}, {"Qa", 1},
        {"absent", 0}, {"", NCORPUS},
    };
    tc_db *db = ropen(g_corpus);
    assert_int_equal(tc_db_doccount(db), NCORPUS);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t f = 99;
        assert_int_equal(tc_db_termfreq(db, rows[i].term,
                                        strlen(rows[i].term), &f, NULL),
                         TC_OK);
        assert_int_equal(f, rows[i].freq);
    }
    tc_db_free(db);
}

/* Drain it into "term:freq " pairs. */
static void drain(tc_termiter *it, char *out, size_t size)
{
    const char *t;
    size_t len, used = 0;
    uint32_t freq;
    int rc;
    out[0] = '\0';
    while ((rc = tc_termiter_next(it, &t, &len, &freq, NULL)) == 1) {
        int n = snprintf(out + used, size - used, "%.*s:%u ", (int)len, t,
                         (unsigned)freq);
        assert_true(n > 0 && (size_t)n < size - used);
        used += (size_t)n;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(tc_termiter_next(it, &t, &len, &freq, NULL), 0);
    tc_termiter_free(it);
}

static void test_allterms(void **state)
{
    (void)state;
    static const struct {
        const char *prefix;
        const char *expect;
    } rows[] = {
        {"Q", "Qa:1 Qb:1 Qc:1 Qd:1 Qe:1 "},
        {"G", "Gx:2 Gy:2 Gz:1 "},
        {"ch", "chó:2 chạy:1 "},
        {"zzz", ""},
    };
    tc_db *db = ropen(g_corpus);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_termiter *it = NULL;
        char got[256];
        assert_int_equal(tc_db_allterms(db, rows[i].prefix,
                                        strlen(rows[i].prefix), &it, NULL),
                         TC_OK);
        drain(it, got, sizeof got);
        assert_string_equal(got, rows[i].expect);
    }
    tc_db_free(db);
}

static void test_termlist(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_docid did = 0;
    assert_int_equal(tc_db_find_by_term(db, "Qd", 2, &did, NULL), TC_OK);
    tc_termiter *it = NULL;
    char got[256];
    assert_int_equal(tc_db_termlist(db, did, &it, NULL), TC_OK);
    drain(it, got, sizeof got);
    assert_string_equal(got, "Gy:0 Qd:0 chó:1 mèo:1 ");

    tc_error err;
    it = (tc_termiter *)1;
    int rc = tc_db_termlist(db, 999, &it, &err);
    assert_int_equal(rc, TC_ENOTFOUND);
    assert_null(it);
    tc_db_free(db);
}

/* A stub file naming two shards searches as one database. */
static void test_stub_database(void **state)
{
    (void)state;
    char s1[128], s2[128], stub[128];
    path_in(s1, sizeof s1, "shard1");
    path_in(s2, sizeof s2, "shard2");
    path_in(stub, sizeof stub, "both.stub");
    const char *shards[] = {s1, s2};
    for (int i = 0; i < 2; i++) {
        tc_wdb *wdb = wopen(shards[i], TC_WDB_CREATE_OR_OVERWRITE);
        put(wdb, &corpus[i]);
        commit(wdb);
        tc_wdb_free(wdb);
    }
    FILE *f = fopen(stub, "w");
    assert_non_null(f);
    fprintf(f, "auto %s\nauto %s\n", s1, s2);
    fclose(f);

    tc_db *db = ropen(stub);
    assert_int_equal(tc_db_doccount(db), 2);
    tc_xquery *q = term("đen");
    tc_mset *ms = search(db, q, NULL);
    char ids[16];
    result_ids(ms, ids, sizeof ids);
    qsort(ids, strlen(ids), 1, cmp_char);
    assert_string_equal(ids, "ab");
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
}

/* A loopback port nothing listens on (connections to it are refused). */
static unsigned closed_port(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A stub naming a remote shard that is down: opened by us, the shard left
 * out and named, the others searched; with no shard reachable, an error. */
static void test_stub_remote_shard_down(void **state)
{
    (void)state;
    char s1[128], stub[128], text[512];
    path_in(s1, sizeof s1, "up1");
    path_in(stub, sizeof stub, "remote.stub");
    tc_wdb *wdb = wopen(s1, TC_WDB_CREATE_OR_OVERWRITE);
    put(wdb, &corpus[0]);
    put(wdb, &corpus[2]);
    commit(wdb);
    tc_wdb_free(wdb);
    unsigned port = closed_port();
    snprintf(text, sizeof text, "# a comment\n\nauto %s\nremote 127.0.0.1:%u\n",
             s1, port);
    write_file(stub, text);

    tc_db_open_opts oo;
    tc_db_open_opts_init(&oo);
    oo.shard_timeout_ms = 500;
    oo.retry_ms = 0;
    tc_db *db = NULL;
    tc_error err;
    assert_int_equal(tc_db_open_with(stub, &oo, &db, &err), TC_OK);
    assert_int_equal(tc_db_shards(db), 2);
    assert_int_equal(tc_db_missing(db), 1);
    char name[64];
    snprintf(name, sizeof name, "127.0.0.1:%u", port);
    assert_string_equal(tc_db_missing_name(db, 0), name);
    assert_null(tc_db_missing_name(db, 1));
    assert_int_equal(tc_db_doccount(db), 2);
    tc_xquery *q = term("mèo");
    tc_mset *ms = search(db, q, NULL);
    char ids[16];
    result_ids(ms, ids, sizeof ids);
    qsort(ids, strlen(ids), 1, cmp_char);
    assert_string_equal(ids, "ac");
    tc_mset_free(ms);
    /* tried again on reopen (retry_ms 0): still down, still left out */
    assert_int_equal(tc_db_reopen(db, NULL, &err), TC_OK);
    assert_int_equal(tc_db_missing(db), 1);
    tc_xquery_free(q);
    tc_db_free(db);

    /* no shard reachable */
    snprintf(text, sizeof text, "remote 127.0.0.1:%u\n", port);
    write_file(stub, text);
    assert_int_equal(tc_db_open_with(stub, &oo, &db, &err), TC_ENETWORK);
    assert_null(db);
    assert_non_null(strstr(err.msg, "no shard"));

    /* a line we cannot read, beside a remote one: refused, named */
    snprintf(text, sizeof text, "inmemory\nremote 127.0.0.1:%u\n", port);
    write_file(stub, text);
    assert_int_equal(tc_db_open_with(stub, &oo, &db, &err), TC_EDB_OPEN);
    assert_non_null(strstr(err.msg, "inmemory"));

    /* local lines only: Xapian opens the stub, nothing is missing */
    snprintf(text, sizeof text, "auto %s\n", s1);
    write_file(stub, text);
    assert_int_equal(tc_db_open_with(stub, &oo, &db, &err), TC_OK);
    assert_int_equal(tc_db_missing(db), 0);
    assert_int_equal(tc_db_shards(db), 1);
    tc_db_free(db);
}

/* Equal weights come in the order of the tie slot, not of document ids
 * (which depend on how documents lie in shards), across page boundaries;
 * a query without weights is ordered by the slot too. */
static void test_ties_in_slot_order(void **state)
{
    (void)state;
    char path[128];
    path_in(path, sizeof path, "ties");
    tc_wdb *wdb = wopen(path, TC_WDB_CREATE_OR_OVERWRITE);
    /* inserted in the order 3 1 4 2 0: docids follow that order; the
     * group slot holds the order wanted */
    static const row rows[] = {
        {"3", "ba ba", "", "d"}, {"1", "ba ba", "", "b"},
        {"4", "ba ba", "", "e"}, {"2", "ba ba", "", "c"},
        {"0", "ba ba ba", "", "a"}, {"5", "ba", "", "f"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        put(wdb, &rows[i]);
    commit(wdb);
    tc_wdb_free(wdb);
    tc_db *db = ropen(path);
    static const struct {
        int tie;
        int boolean;
        uint32_t offset, limit;
        const char *expect;
    } cases[] = {
        {0, 0, 0, 10, "031425"},   /* Xapian's: weight, then docid */
        {1, 0, 0, 10, "012345"},
        {1, 0, 1, 2, "12"},
        {1, 0, 2, 2, "23"},
        {1, 0, 4, 1, "4"},
        {1, 0, 5, 5, "5"},
        {1, 1, 0, 10, "012345"},
        {1, 1, 3, 2, "34"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_search_opts o;
        tc_search_opts_init(&o);
        o.tie_slot = cases[i].tie ? SLOT_GROUP : -1;
        o.offset = cases[i].offset;
        o.limit = cases[i].limit;
        tc_xquery *q = cases[i].boolean ? tc_xquery_boolean_term("ba", 2)
                                        : term("ba");
        tc_mset *ms = search(db, q, &o);
        char got[16];
        result_ids(ms, got, sizeof got);
        if (strcmp(got, cases[i].expect) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].expect);
        tc_mset_free(ms);
        tc_xquery_free(q);
    }
    tc_db_free(db);
}

/* Generation gen of n documents Q0.., every one indexed by "common" and
 * carrying a 200-byte record of the letter 'a' + gen. */
static void put_generation(tc_wdb *wdb, int gen, int n)
{
    char data[201];
    memset(data, 'a' + gen, 200);
    data[200] = '\0';
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        row r = {id, "common", "2000", "g"};
        tc_xdoc *doc = make_doc(&r);
        assert_int_equal(tc_xdoc_set_data(doc, data, 200), TC_OK);
        char idterm[20];
        int len = snprintf(idterm, sizeof idterm, "Q%s", id);
        assert_int_equal(tc_wdb_replace(wdb, idterm, (size_t)len, doc, NULL),
                         TC_OK);
        tc_xdoc_free(doc);
    }
}

/* A reader left on a revision that the writer has since overwritten twice
 * gets TC_EDB_MODIFIED from a plain read, but tc_db_search() reopens and
 * retries by itself and returns the newest data. */
static void test_search_retries_after_modified(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "modified");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    put_generation(wdb, 0, 3000);
    commit(wdb);
    tc_db *db = ropen(p);
    for (int gen = 1; gen <= 3; gen++) {
        put_generation(wdb, gen, 3000);
        commit(wdb);
    }
    char *data = NULL;
    tc_error err;
    assert_int_equal(tc_db_document_data(db, 1500, &data, NULL, &err),
                     TC_EDB_MODIFIED);
    assert_non_null(strstr(err.msg, "DatabaseModifiedError"));

    tc_xquery *q = term("common");
    tc_mset *ms = search(db, q, NULL);
    assert_int_equal(tc_mset_size(ms), 10);
    /* Two more generations discard the revision the mset came from: its
     * results stay readable all the same. */
    for (int gen = 4; gen <= 5; gen++) {
        put_generation(wdb, gen, 3000);
        commit(wdb);
    }
    for (uint32_t i = 0; i < tc_mset_size(ms); i++) {
        size_t len = 0;
        assert_int_equal(tc_mset_document_data(ms, i, &data, &len, &err),
                         TC_OK);
        assert_int_equal(len, 200);
        assert_int_equal(data[0], 'a' + 3);
        free(data);
        assert_int_equal(tc_mset_value(ms, i, SLOT_GROUP, &data, &len, &err),
                         TC_OK);
        assert_string_equal(data, "g");
        free(data);
    }
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
    tc_wdb_free(wdb);
}

/* ---- queries ---------------------------------------------------------- */

static void test_query_ops(void **state)
{
    (void)state;
    static const struct {
        enum tc_qop op;
        const char *terms[4];
        uint32_t window;
        const char *expect;   /* sorted ids */
    } rows[] = {
        {TC_QOP_AND, {"mèo", "đen"}, 0, "a"},
        {TC_QOP_OR, {"mèo", "chó"}, 0, "abcd"},
        {TC_QOP_AND_NOT, {"đen", "mèo"}, 0, "be"},
        {TC_QOP_AND_NOT, {"đen", "mèo", "chó"}, 0, "e"},
        {TC_QOP_AND_MAYBE, {"đen", "mèo"}, 0, "abe"},
        {TC_QOP_FILTER, {"mèo", "Gy"}, 0, "cd"},
        {TC_QOP_PHRASE, {"con", "mèo"}, 0, "a"},
        {TC_QOP_PHRASE, {"mèo", "con"}, 0, "c"},
        {TC_QOP_PHRASE, {"con", "đen"}, 0, ""},     /* a gap between */
        {TC_QOP_PHRASE, {"con", "đen"}, 3, "ab"},
        {TC_QOP_NEAR, {"con", "mèo"}, 2, "ac"},
        {TC_QOP_NEAR, {"đen", "con"}, 0, ""},       /* 3 wide */
        {TC_QOP_NEAR, {"đen", "con"}, 3, "ab"},
        {TC_QOP_NEAR, {"ngủ", "con"}, 3, ""},       /* 4 apart */
        {TC_QOP_NEAR, {"ngủ", "con"}, 4, "a"},
        {TC_QOP_SYNONYM, {"mèo", "chó"}, 0, "abcd"},
        {TC_QOP_OR, {"trắng"}, 0, "ce"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_xquery *q = combine_terms(rows[i].op, rows[i].terms,
                                     rows[i].window);
        char got[16];
        match_set(q, got, sizeof got);
        if (strcmp(got, rows[i].expect) != 0) {
            char *d = tc_xquery_describe(q);
            fail_msg("row %zu %s: got \"%s\", want \"%s\"", i, d, got,
                     rows[i].expect);
        }
        tc_xquery_free(q);
    }
}

static double top_weight(tc_db *db, const tc_xquery *q)
{
    tc_mset *ms = search(db, q, NULL);
    assert_true(tc_mset_size(ms) > 0);
    double w = tc_mset_weight(ms, 0);
    tc_mset_free(ms);
    return w;
}

static void test_scale_and_boolean(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_xquery *t = term("trắng");
    tc_xquery *x2 = tc_xquery_scale(t, 2.0);
    tc_xquery *x0 = tc_xquery_scale(t, 0.0);
    tc_xquery *b = tc_xquery_boolean_term("trắng", strlen("trắng"));
    assert_non_null(x2);
    assert_non_null(x0);
    assert_non_null(b);
    double w = top_weight(db, t);
    assert_true(w > 0.0);
    assert_float_equal(top_weight(db, x2), 2.0 * w, 1e-9);
    assert_float_equal(top_weight(db, x0), 0.0, 0.0);
    assert_float_equal(top_weight(db, b), 0.0, 0.0);
    char got[16];
    match_set(b, got, sizeof got);
    assert_string_equal(got, "ce");
    assert_null(tc_xquery_scale(t, -1.0));   /* Xapian refuses it */
    assert_null(tc_xquery_scale(NULL, 1.0));
    tc_xquery_free(t);
    tc_xquery_free(x2);
    tc_xquery_free(x0);
    tc_xquery_free(b);
    tc_db_free(db);
}

/* wqf weighs a term against the others of an OR. */
static void test_wqf(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_xquery *subs[2] = {tc_xquery_term("chó", strlen("chó"), 5),
                          term("trắng")};
    tc_xquery *q = tc_xquery_combine(TC_QOP_OR, subs, 2, 0);
    tc_mset *ms = search(db, q, NULL);
    char ids[16];
    result_ids(ms, ids, sizeof ids);
    assert_true(ids[0] == 'b' || ids[0] == 'd');   /* a chó document */
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_xquery_free(subs[0]);
    tc_xquery_free(subs[1]);
    tc_db_free(db);
}

static void test_value_range(void **state)
{
    (void)state;
    static const struct {
        const char *lo, *hi;
        const char *expect;
    } rows[] = {
        {"2020", "2022", "ad"},
        {"2021", "", "ac"},        /* no upper bound */
        {"", "2019", "b"},         /* an empty value is not in range */
        {"2024", "2030", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_xquery *q = tc_xquery_value_range(SLOT_YEAR, rows[i].lo,
                                             strlen(rows[i].lo), rows[i].hi,
                                             strlen(rows[i].hi));
        assert_non_null(q);
        char got[16];
        match_set(q, got, sizeof got);
        assert_string_equal(got, rows[i].expect);
        tc_xquery_free(q);
    }
}

/* All of the corpus in the order opts give. */
static void ordered(const tc_search_opts *o, char *out, size_t size)
{
    tc_db *db = ropen(g_corpus);
    tc_xquery *q = tc_xquery_match_all();
    tc_mset *ms = search(db, q, o);
    result_ids(ms, out, size);
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
}

static void test_sort_offset_limit(void **state)
{
    (void)state;
    static const struct {
        int reverse;
        uint32_t offset, limit;
        const char *expect;
    } rows[] = {
        {0, 0, 10, "ebdac"},       /* empty value first */
        {1, 0, 10, "cadbe"},
        {0, 1, 2, "bd"},
        {1, 3, 10, "be"},
        {0, 5, 10, ""},
        {0, 0, 0, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tc_search_opts o;
        tc_search_opts_init(&o);
        o.sort_slot = SLOT_YEAR;
        o.sort_reverse = rows[i].reverse;
        o.offset = rows[i].offset;
        o.limit = rows[i].limit;
        char got[16];
        ordered(&o, got, sizeof got);
        assert_string_equal(got, rows[i].expect);
    }
}

static void test_collapse(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_xquery *q = tc_xquery_match_all();
    tc_search_opts o;
    tc_search_opts_init(&o);
    o.collapse_slot = SLOT_GROUP;
    o.check_at_least = 100;
    tc_mset *ms = search(db, q, &o);
    assert_int_equal(tc_mset_size(ms), 3);
    static const char *const groups[] = {"x", "y", "z"};
    static const uint32_t counts[] = {1, 1, 0};
    for (uint32_t i = 0; i < 3; i++) {
        char *v = NULL;
        size_t len = 0;
        assert_int_equal(tc_mset_value(ms, i, SLOT_GROUP, &v, &len, NULL),
                         TC_OK);
        assert_string_equal(v, groups[i]);    /* docid order: a, c, e */
        free(v);
        assert_int_equal(tc_mset_collapse_count(ms, i), counts[i]);
    }
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
}

static void test_estimates(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    const char *const terms[] = {"mèo", "chó", NULL};
    tc_xquery *q = combine_terms(TC_QOP_OR, terms, 0);
    tc_search_opts o;
    tc_search_opts_init(&o);
    o.limit = 1;
    o.check_at_least = 100;
    tc_mset *ms = search(db, q, &o);
    assert_int_equal(tc_mset_size(ms), 1);
    assert_int_equal(tc_mset_estimated(ms), 4);
    assert_int_equal(tc_mset_lower_bound(ms), 4);
    assert_int_equal(tc_mset_upper_bound(ms), 4);
    assert_true(tc_mset_docid(ms, 0) > 0);
    /* Past the end: zeros and TC_EINVAL, never a crash. */
    char *data = (char *)1;
    tc_error err;
    assert_int_equal(tc_mset_docid(ms, 1), 0);
    assert_float_equal(tc_mset_weight(ms, 1), 0.0, 0.0);
    assert_int_equal(tc_mset_collapse_count(ms, 1), 0);
    assert_int_equal(tc_mset_document_data(ms, 1, &data, NULL, &err),
                     TC_EINVAL);
    assert_null(data);
    assert_int_equal(tc_mset_value(ms, 1, 0, &data, NULL, &err), TC_EINVAL);
    tc_mset_free(ms);
    tc_xquery_free(q);
    tc_db_free(db);
}

/* The mset keeps what it needs: it outlives the tc_db and the query. */
static void test_mset_outlives_db(void **state)
{
    (void)state;
    tc_db *db = ropen(g_corpus);
    tc_xquery *q = term("trắng");
    tc_mset *ms = search(db, q, NULL);
    tc_xquery_free(q);
    tc_db_free(db);
    char ids[16];
    result_ids(ms, ids, sizeof ids);
    qsort(ids, strlen(ids), 1, cmp_char);
    assert_string_equal(ids, "ce");
    char *v = NULL;
    assert_int_equal(tc_mset_value(ms, 0, SLOT_GROUP, &v, NULL, NULL),
                     TC_OK);
    assert_true(strcmp(v, "y") == 0 || strcmp(v, "z") == 0);
    free(v);
    tc_mset_free(ms);
}

static void test_match_all_nothing_describe(void **state)
{
    (void)state;
    tc_xquery *all = tc_xquery_match_all();
    tc_xquery *none = tc_xquery_match_nothing();
    tc_xquery *nulls[3] = {NULL, NULL, NULL};
    tc_xquery *empty = tc_xquery_combine(TC_QOP_AND, nulls, 3, 0);
    tc_xquery *zero = tc_xquery_combine(TC_QOP_OR, NULL, 0, 0);
    tc_xquery *mixed_subs[3] = {NULL, term("mèo"), NULL};
    tc_xquery *mixed = tc_xquery_combine(TC_QOP_AND, mixed_subs, 3, 0);
    char got[16];
    match_set(all, got, sizeof got);
    assert_string_equal(got, "abcde");
    const struct {
        tc_xquery **q;
        int empty;
        const char *expect;
    } rows[] = {
        {&none, 1, ""}, {&empty, 1, ""}, {&zero, 1, ""}, {&mixed, 0, "acd"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_non_null(*rows[i].q);
        assert_int_equal(tc_xquery_empty(*rows[i].q), rows[i].empty);
        match_set(*rows[i].q, got, sizeof got);
        assert_string_equal(got, rows[i].expect);
    }
    assert_int_equal(tc_xquery_empty(all), 0);
    assert_int_equal(tc_xquery_empty(NULL), 1);

    const char *const terms[] = {"a", "b", NULL};
    tc_xquery *and = combine_terms(TC_QOP_AND, terms, 0);
    char *d = tc_xquery_describe(and);
    assert_string_equal(d, "Query((a AND b))");
    free(d);
    assert_null(tc_xquery_describe(NULL));
    tc_xquery_free(and);
    tc_xquery_free(mixed_subs[1]);
    tc_xquery_free(all);
    tc_xquery_free(none);
    tc_xquery_free(empty);
    tc_xquery_free(zero);
    tc_xquery_free(mixed);
}

/* ---- errors and NULL safety ------------------------------------------ */

static void test_bad_input(void **state)
{
    (void)state;
    tc_xdoc *doc = tc_xdoc_new();
    assert_int_equal(tc_xdoc_add_posting(doc, "", 0, 1, 1), TC_EINVAL);
    assert_int_equal(tc_xdoc_add_posting(NULL, "x", 1, 1, 1), TC_EINVAL);
    assert_int_equal(tc_xdoc_add_term(NULL, "x", 1, 1), TC_EINVAL);
    assert_int_equal(tc_xdoc_set_data(NULL, "x", 1), TC_EINVAL);
    assert_null(tc_xquery_combine((enum tc_qop)99, NULL, 0, 0));

    /* A term longer than the backend allows fails at write time. */
    char p[128];
    path_in(p, sizeof p, "longterm");
    tc_wdb *wdb = wopen(p, TC_WDB_CREATE_OR_OVERWRITE);
    char big[300];
    memset(big, 'x', sizeof big);
    assert_int_equal(tc_xdoc_add_term(doc, big, sizeof big, 1), TC_OK);
    assert_int_equal(tc_xdoc_add_boolean_term(doc, "Qlong", 5), TC_OK);
    tc_error err;
    assert_int_equal(tc_wdb_replace(wdb, "Qlong", 5, doc, &err), TC_EINVAL);
    assert_non_null(strstr(err.msg, "InvalidArgumentError"));
    tc_wdb_free(wdb);
    tc_xdoc_free(doc);

    tc_db *db = NULL;
    assert_int_equal(tc_db_open(NULL, &db, &err), TC_EINVAL);
    assert_int_equal(tc_db_search(NULL, NULL, NULL, NULL, &err), TC_EINVAL);
    assert_int_equal(tc_db_doccount(NULL), 0);
    assert_int_equal(tc_wdb_doccount(NULL), 0);
    assert_int_equal(tc_mset_size(NULL), 0);
}

static void test_free_null(void **state)
{
    (void)state;
    tc_db_free(NULL);
    tc_wdb_free(NULL);
    tc_xdoc_free(NULL);
    tc_xquery_free(NULL);
    tc_mset_free(NULL);
    tc_termiter_free(NULL);
    tc_search_opts_init(NULL);
}

static void test_version(void **state)
{
    (void)state;
    const char *v = tc_xapian_version();
    assert_non_null(v);
    assert_true(strncmp(v, "1.", 2) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_flags),
        cmocka_unit_test(test_replace_delete),
        cmocka_unit_test(test_replace_needs_idterm),
        cmocka_unit_test(test_free_without_commit_discards),
        cmocka_unit_test(test_no_autocommit),
        cmocka_unit_test(test_killed_mid_batch),
        cmocka_unit_test(test_value_by_term),
        cmocka_unit_test(test_second_writer_locked),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_reader_sees_commit_after_reopen),
        cmocka_unit_test(test_document_data),
        cmocka_unit_test(test_termfreq),
        cmocka_unit_test(test_allterms),
        cmocka_unit_test(test_termlist),
        cmocka_unit_test(test_stub_database),
        cmocka_unit_test(test_stub_remote_shard_down),
        cmocka_unit_test(test_ties_in_slot_order),
        cmocka_unit_test(test_search_retries_after_modified),
        cmocka_unit_test(test_query_ops),
        cmocka_unit_test(test_scale_and_boolean),
        cmocka_unit_test(test_wqf),
        cmocka_unit_test(test_value_range),
        cmocka_unit_test(test_sort_offset_limit),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_estimates),
        cmocka_unit_test(test_mset_outlives_db),
        cmocka_unit_test(test_match_all_nothing_describe),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
