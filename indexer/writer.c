/* writer.c: shard writer threads for tracuu-index (writer.h).
 *
 * Each shard has a queue guarded by one mutex and two condition variables,
 * and a thread that drains it: ADD operations become Xapian documents and
 * replace the document with the same id, DELETE operations remove one.
 * The thread commits every `batch` changes and at the end.  A shard that
 * meets an error it cannot go past (the disk is full, the database is
 * corrupt) stops, says so, and makes tc_writer_add() fail, so the reader
 * stops too; what the shard committed before stays. */
#include "writer.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/dedup.h"
#include "tracuu/layout.h"
#include "tracuu/terms.h"
#include "tracuu/xapian.h"

#define QUEUE_DOCS 32                     /* queued operations per shard */
#define QUEUE_BYTES (64u * 1024u * 1024u) /* queued bytes per shard */

enum op_kind { OP_ADD, OP_DELETE };

typedef struct op {
    enum op_kind kind;
    tc_doc doc;          /* ADD: the document; DELETE: doc.id only */
    tc_boiler_doc bp;    /* ADD: its boilerplate */
    char *file;
    uint64_t line;
    size_t bytes;
    struct op *next;
} op;

typedef struct shard {
    struct tc_writer *w;
    size_t index;
    tc_wdb *wdb;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t nonempty, nonfull;
    op *head, *tail;
    size_t count, bytes;
    int closing;
    int compacted;
    int fatal;               /* set by the thread; read under mu */
    tc_error err;
    unsigned pending;        /* changes since the last commit */
    uint64_t changed;        /* documents this run changed */
    tc_writer_stats st;
} shard;

struct tc_writer {
    tc_layout layout;
    size_t n;                 /* shard threads (the layout may merge) */
    tc_writer_opts opts;
    enum tc_compact compact;  /* set before the threads are told to close */
    pthread_mutex_t report_mu;
    tc_dedup *dedup;          /* near-duplicate clusters, shared */
    shard shards[TC_MAX_SHARDS];
};

/* Report "what: detail" (or just what) about file:line. */
static void report(shard *s, const char *file, uint64_t line,
                   const char *what, const char *detail)
{
    char reason[700];
    if (detail)
        snprintf(reason, sizeof reason, "%s: %s", what, detail);
    else
        snprintf(reason, sizeof reason, "%s", what);
    if (!s->w->opts.report)
        return;
    pthread_mutex_lock(&s->w->report_mu);
    s->w->opts.report(s->w->opts.report_ctx, file, line, reason);
    pthread_mutex_unlock(&s->w->report_mu);
}

static void op_free(op *o)
{
    if (!o)
        return;
    tc_doc_clear(&o->doc);
    tc_boiler_doc_clear(&o->bp);
    free(o->file);
    free(o);
}

/* A document that could not be indexed: counted and reported. */
static void fail_doc(shard *s, const op *o, const char *what,
                     const char *detail)
{
    s->st.failed++;
    report(s, o->file ? o->file : "-", o->line, what, detail);
}

/* ---- the shard thread ------------------------------------------------- */

static void set_fatal(shard *s, const tc_error *e)
{
    pthread_mutex_lock(&s->mu);
    s->fatal = e->code ? e->code : TC_EXAPIAN;
    s->err = *e;
    pthread_cond_broadcast(&s->nonfull);
    pthread_mutex_unlock(&s->mu);
}

static void commit(shard *s)
{
    tc_error err;
    if (s->pending == 0)
        return;
    if (tc_wdb_commit(s->wdb, &err) != TC_OK) {
        s->st.failed++;
        report(s, s->w->layout.dir, 0, "cannot commit", err.msg);
        set_fatal(s, &err);
        return;
    }
    s->pending = 0;
}

/* 1 if the shard holds this id with this record hash; sets *exists. */
static int unchanged(shard *s, const char *idterm, size_t idlen,
                     const char *hash, int *exists)
{
    char *val = NULL;
    size_t len = 0;
    int rc = tc_wdb_value_by_term(s->wdb, idterm, idlen, TC_SLOT_HASH, &val,
                                  &len, NULL);
    *exists = rc == TC_OK;
    int same = rc == TC_OK && len == 16 && memcmp(val, hash, 16) == 0;
    free(val);
    return same;
}

/* Errors that concern one document; anything else stops the shard. */
static int per_document(int rc)
{
    return rc == TC_ENOMEM || rc == TC_ETOOBIG || rc == TC_EINVAL;
}

static void do_add(shard *s, op *o)
{
    char *json = NULL, *cluster = NULL, hash[17], idterm[TC_TERM_MAX + 1];
    tc_minhash mh;
    size_t jlen, idlen;
    tc_xdoc *x = NULL;
    tc_error err;
    int exists, rc;

    idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, o->doc.id,
                         strlen(o->doc.id));
    if (idlen == 0) {
        fail_doc(s, o, "id too long (239 bytes at most)", NULL);
        return;
    }
    if (tc_doc_to_json(&o->doc, &json, &jlen) != TC_OK) {
        fail_doc(s, o, "out of memory", NULL);
        return;
    }
    snprintf(hash, sizeof hash, "%016" PRIx64,
             tc_hash64(TC_HASH_INIT, json, jlen));
    if (unchanged(s, idterm, idlen, hash, &exists)) {
        s->st.unchanged++;
        goto done;
    }
    rc = tc_terms_make_doc(&o->doc, json, jlen, hash, &o->bp, &mh, &x);
    if (rc == TC_OK)
        rc = tc_dedup_assign(s->w->dedup, o->doc.id, &mh, &cluster);
    if (rc == TC_OK)
        rc = tc_terms_set_cluster(x, o->doc.id, &mh, cluster);
    if (rc == TC_OK)
        rc = tc_wdb_replace(s->wdb, idterm, idlen, x, &err);
    else
        tc_error_set(&err, rc, "%s", tc_strerror(rc));
    if (rc != TC_OK) {
        fail_doc(s, o, "cannot index", err.msg);
        if (!per_document(rc))
            set_fatal(s, &err);
        goto done;
    }
    if (exists)
        s->st.replaced++;
    else
        s->st.added++;
    s->changed++;
    if (++s->pending >= s->w->opts.batch)
        commit(s);
done:
    free(json);
    free(cluster);
    tc_xdoc_free(x);
}

static void do_delete(shard *s, op *o)
{
    char idterm[TC_TERM_MAX + 1];
    uint32_t n = 0;
    tc_error err;
    size_t idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID,
                                o->doc.id, strlen(o->doc.id));
    if (idlen == 0 || tc_wdb_delete(s->wdb, idterm, idlen, &n, &err) != TC_OK) {
        s->st.failed++;
        report(s, o->doc.id, 0, "cannot delete",
               idlen ? err.msg : "id too long");
        return;
    }
    if (n == 0) {
        s->st.missing++;
        report(s, o->doc.id, 0, "no document with this id", NULL);
        return;
    }
    s->st.deleted += n;
    s->changed += n;
    s->pending += n;
}

static op *pop(shard *s)
{
    pthread_mutex_lock(&s->mu);
    while (!s->head && !s->closing)
        pthread_cond_wait(&s->nonempty, &s->mu);
    op *o = s->head;
    if (o) {
        s->head = o->next;
        if (!s->head)
            s->tail = NULL;
        s->count--;
        s->bytes -= o->bytes;
        pthread_cond_signal(&s->nonfull);
    }
    pthread_mutex_unlock(&s->mu);
    return o;
}

static int wants_compaction(const shard *s, enum tc_compact compact)
{
    if (s->w->layout.parts)
        return 0;                 /* parts are merged instead */
    if (compact != TC_COMPACT_AUTO)
        return compact == TC_COMPACT_YES;
    uint32_t n = tc_wdb_doccount(s->wdb);
    return s->changed > 0 && (s->changed >= 1000 || s->changed * 10 >= n);
}

/* Compact the shard into its next generation, while this thread still
 * holds its writer (and so its lock). */
static void compact_shard(shard *s)
{
    tc_error err;
    if (!wants_compaction(s, s->w->compact))
        return;
    if (tc_layout_compact_shard(&s->w->layout, s->index, &err) == TC_OK)
        s->compacted = 1;
    else
        report(s, s->w->layout.dir, 0, "cannot compact", err.msg);
}

static void *shard_main(void *arg)
{
    shard *s = arg;
    op *o;
    while ((o = pop(s))) {
        if (!s->fatal) {
            if (o->kind == OP_ADD)
                do_add(s, o);
            else
                do_delete(s, o);
        }
        op_free(o);
    }
    if (!s->fatal)
        commit(s);
    if (!s->fatal)
        compact_shard(s);
    return NULL;
}

/* ---- the reading side ------------------------------------------------- */

static int push(tc_writer *w, op *o)
{
    shard *s = &w->shards[tc_shard_of(o->doc.id, strlen(o->doc.id),
                                      w->layout.nshards)];
    int rc;
    pthread_mutex_lock(&s->mu);
    while (!s->fatal && s->count > 0 &&
           (s->count >= QUEUE_DOCS || s->bytes + o->bytes > QUEUE_BYTES))
        pthread_cond_wait(&s->nonfull, &s->mu);
    rc = s->fatal;
    if (!rc) {
        if (s->tail)
            s->tail->next = o;
        else
            s->head = o;
        s->tail = o;
        s->count++;
        s->bytes += o->bytes;
        pthread_cond_signal(&s->nonempty);
    }
    pthread_mutex_unlock(&s->mu);
    if (rc)
        op_free(o);
    return rc;
}

static op *op_new(enum op_kind kind, const char *file, uint64_t line)
{
    op *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->kind = kind;
    o->line = line;
    if (file && !(o->file = strdup(file))) {
        free(o);
        return NULL;
    }
    return o;
}

int tc_writer_add(tc_writer *w, tc_doc *doc, tc_boiler_doc *bp,
                  const char *file, uint64_t line)
{
    op *o = op_new(OP_ADD, file, line);
    if (!o)
        return TC_ENOMEM;
    o->doc = *doc;
    memset(doc, 0, sizeof *doc);
    if (bp) {
        o->bp = *bp;
        memset(bp, 0, sizeof *bp);
    }
    o->bytes = o->doc.body_len + sizeof *o;
    return push(w, o);
}

int tc_writer_delete(tc_writer *w, const char *id)
{
    op *o = op_new(OP_DELETE, NULL, 0);
    if (!o || !(o->doc.id = strdup(id))) {
        op_free(o);
        return TC_ENOMEM;
    }
    o->bytes = sizeof *o;
    return push(w, o);
}

/* ---- opening and closing ---------------------------------------------- */

static void free_writer(tc_writer *w)
{
    for (size_t i = 0; i < w->n; i++) {
        shard *s = &w->shards[i];
        op *o = s->head;
        while (o) {
            op *next = o->next;
            op_free(o);
            o = next;
        }
        tc_wdb_free(s->wdb);
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->nonempty);
        pthread_cond_destroy(&s->nonfull);
    }
    pthread_mutex_destroy(&w->report_mu);
    tc_dedup_free(w->dedup);
    tc_layout_clear(&w->layout);
    free(w);
}

static int open_shard(tc_writer *w, size_t i, tc_error *err)
{
    shard *s = &w->shards[i];
    char *path = tc_layout_shard_path(&w->layout, i);
    int rc;
    if (!path)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    /* an overwritten index's shards were removed by the layout */
    rc = tc_wdb_open(path, TC_WDB_CREATE_OR_OPEN, &s->wdb, err);
    free(path);
    if (rc != TC_OK)
        return rc;
    if (pthread_create(&s->thread, NULL, shard_main, s) != 0)
        return tc_error_set(err, TC_ENOMEM, "cannot start a thread");
    s->started = 1;
    return TC_OK;
}

int tc_writer_load_clusters(tc_writer *w, tc_db *db, tc_error *err)
{
    return tc_dedup_load(w->dedup, db, TC_SLOT_SIG, err);
}

int tc_writer_open(const char *dir, const tc_writer_opts *opts,
                   tc_writer **out, tc_error *err)
{
    tc_writer *w = calloc(1, sizeof *w);
    int rc;
    *out = NULL;
    if (!w)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    w->opts = *opts;
    if (w->opts.batch == 0)
        w->opts.batch = 1;
    pthread_mutex_init(&w->report_mu, NULL);
    for (size_t i = 0; i < TC_MAX_SHARDS; i++) {
        shard *s = &w->shards[i];
        s->w = w;
        s->index = i;
        pthread_mutex_init(&s->mu, NULL);
        pthread_cond_init(&s->nonempty, NULL);
        pthread_cond_init(&s->nonfull, NULL);
    }
    rc = tc_layout_open(dir, opts->nshards,
                        (opts->overwrite ? TC_LAYOUT_OVERWRITE : 0) |
                            (opts->parts ? TC_LAYOUT_PARTS : 0),
                        &w->layout, err);
    /* the layout knows its shard count now; free_writer only looks at
     * that many, so destroy the locks of the others here */
    w->n = w->layout.nshards;
    for (size_t i = w->n; i < TC_MAX_SHARDS; i++) {
        pthread_mutex_destroy(&w->shards[i].mu);
        pthread_cond_destroy(&w->shards[i].nonempty);
        pthread_cond_destroy(&w->shards[i].nonfull);
    }
    if (rc == TC_OK && !(w->dedup = tc_dedup_new()))
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == TC_OK && i < w->n; i++)
        rc = open_shard(w, i, err);
    if (rc != TC_OK) {
        tc_writer_stats st;
        tc_writer_close(w, TC_COMPACT_NO, &st, NULL);
        return rc;
    }
    *out = w;
    return TC_OK;
}

int tc_writer_close(tc_writer *w, enum tc_compact compact,
                    tc_writer_stats *st, tc_error *err)
{
    int rc = TC_OK;
    memset(st, 0, sizeof *st);
    w->compact = compact;
    for (size_t i = 0; i < w->n; i++) {
        shard *s = &w->shards[i];
        pthread_mutex_lock(&s->mu);
        s->closing = 1;
        pthread_cond_signal(&s->nonempty);
        pthread_mutex_unlock(&s->mu);
    }
    for (size_t i = 0; i < w->n; i++) {
        shard *s = &w->shards[i];
        if (s->started)
            pthread_join(s->thread, NULL);
        if (s->fatal && rc == TC_OK) {
            rc = s->fatal;
            if (err)
                *err = s->err;
        }
        st->compacted += s->compacted;
        st->added += s->st.added;
        st->replaced += s->st.replaced;
        st->unchanged += s->st.unchanged;
        st->deleted += s->st.deleted;
        st->missing += s->st.missing;
        st->failed += s->st.failed;
        if (s->wdb)
            st->doccount += tc_wdb_doccount(s->wdb);
    }
    /* merge the parts, or switch to the compacted generations, while
     * still holding every lock */
    tc_error serr;
    if (rc == TC_OK && w->layout.parts && compact != TC_COMPACT_NO && w->n) {
        if (tc_layout_merge(&w->layout, &serr) == TC_OK)
            st->merged = 1;
        else
            report(&w->shards[0], w->layout.dir, 0, "cannot merge", serr.msg);
    } else if (st->compacted &&
               tc_layout_switch(&w->layout, &serr) != TC_OK) {
        report(&w->shards[0], w->layout.dir, 0, "cannot switch", serr.msg);
        st->compacted = 0;
    }
    st->nshards = w->layout.nshards;
    for (size_t i = 0; i < w->n; i++) {
        tc_wdb_free(w->shards[i].wdb);
        w->shards[i].wdb = NULL;
    }
    tc_layout_remove_unlisted(&w->layout);
    free_writer(w);
    return rc;
}
