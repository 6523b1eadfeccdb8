/* index_main.c: tracuu-index, documents in, a Xapian index out.
 *
 *   tracuu-index --db DIR [options] INPUT...
 *
 * Reads every INPUT (readers.c), turns each document into terms
 * (terms.c) and writes it, replacing any document with the same id, in
 * batches committed atomically: a run killed at any moment leaves an index
 * holding every batch committed before.  A document whose stored record
 * did not change since the last run is skipped after one hash comparison.
 * Bad input is reported as FILE:LINE: reason and skipped; the exit status
 * says whether anything failed (0 all good, 1 some input failed, 2 the
 * index could not be written). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracuu/analysis.h"
#include "tracuu/docrec.h"
#include "tracuu/readers.h"
#include "tracuu/terms.h"
#include "tracuu/xapian.h"

#define DEFAULT_BATCH 2000

typedef struct indexer {
    tc_wdb *wdb;
    const char *dbpath;
    unsigned batch;          /* documents per commit */
    unsigned pending;        /* documents since the last commit */
    int progress;            /* show a progress line (stderr is a tty) */
    int quiet;
    double t0, last_progress;
    uint64_t added, replaced, unchanged, failed, deleted, missing;
    tc_reader_stats rs;
    int fatal;               /* the index could not be written */
} indexer;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fputs(
"Usage: tracuu-index --db DIR [options] INPUT...\n"
"Index Vietnamese documents into the Xapian index DIR (created if absent).\n"
"\n"
"INPUT is a file, a directory (walked recursively) or - for JSON Lines on\n"
"standard input.  Formats by name: .jsonl and .jsonl.gz (one JSON object a\n"
"line: id, title, url, date, source, topic, body), .txt (title = first\n"
"line, id = path), .html/.htm (title and visible text).\n"
"\n"
"Options:\n"
"  --db DIR            the index to write (required)\n"
"  --overwrite         start from an empty index\n"
"  --delete ID         remove the document ID (may be repeated)\n"
"  --batch N           documents per commit (default 2000)\n"
"  --max-doc-size N    skip documents larger than N bytes (K/M suffix;\n"
"                      default 32M)\n"
"  --quiet             no progress line and no summary\n"
"  --help, --version\n"
"\n"
"Exit status: 0 all input indexed, 1 some input failed (reported as\n"
"FILE:LINE: reason), 2 the index could not be opened or written.\n", f);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || v == 0)
        return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    else if (*end == 'G' || *end == 'g')
        v <<= 30, end++;
    if (*end != '\0')
        return -1;
    *out = (size_t)v;
    return 0;
}

static void show_progress(indexer *ix, int force)
{
    double t = now_s();
    if (!ix->progress || (!force && t - ix->last_progress < 0.25))
        return;
    ix->last_progress = t;
    double el = t - ix->t0, mb = ix->rs.bytes / 1e6;
    fprintf(stderr, "\r%" PRIu64 " documents, %.1f MB, %.1f MB/s, %.0f s ",
            ix->rs.docs, mb, el > 0 ? mb / el : 0.0, el);
}

static int commit(indexer *ix)
{
    tc_error err;
    if (tc_wdb_commit(ix->wdb, &err) != TC_OK) {
        fprintf(stderr, "%stracuu-index: %s: cannot commit: %s\n",
                ix->progress ? "\n" : "", ix->dbpath, err.msg);
        ix->fatal = 1;
        return -1;
    }
    ix->pending = 0;
    return 0;
}

/* Build the Xapian document for d with its stored record json. */
static int build_doc(const tc_doc *d, const char *json, size_t jlen,
                     const char *hash, tc_xdoc **out)
{
    tc_xdoc *x = tc_xdoc_new();
    char idterm[TC_TERM_MAX + 1];
    uint32_t pos = 0;
    int rc;
    size_t idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, d->id,
                                strlen(d->id));
    if (!x)
        return TC_ENOMEM;
    rc = tc_xdoc_set_data(x, json, jlen);
    if (rc == TC_OK && d->title)
        rc = tc_terms_index_field(x, TC_FIELD_TITLE, d->title,
                                  strlen(d->title), &pos, NULL);
    if (rc == TC_OK && d->body)
        rc = tc_terms_index_field(x, TC_FIELD_BODY, d->body, d->body_len,
                                  &pos, NULL);
    if (rc == TC_OK)
        rc = tc_xdoc_add_boolean_term(x, idterm, idlen);
    if (rc == TC_OK)
        rc = tc_xdoc_set_value(x, TC_SLOT_HASH, hash, 16);
    if (rc == TC_OK)
        rc = tc_xdoc_set_value(x, TC_SLOT_ID, d->id, strlen(d->id));
    if (rc == TC_OK && d->date)
        rc = tc_xdoc_set_value(x, TC_SLOT_DATE, d->date, strlen(d->date));
    if (rc != TC_OK) {
        tc_xdoc_free(x);
        return rc;
    }
    *out = x;
    return TC_OK;
}

/* 1 if the index already holds this id with this hash; sets *exists. */
static int unchanged(indexer *ix, const char *idterm, size_t idlen,
                     const char *hash, int *exists)
{
    char *val = NULL;
    size_t len = 0;
    tc_error err;
    int rc = tc_wdb_value_by_term(ix->wdb, idterm, idlen, TC_SLOT_HASH, &val,
                                  &len, &err);
    *exists = rc == TC_OK;
    int same = rc == TC_OK && len == 16 && memcmp(val, hash, 16) == 0;
    free(val);
    return same;
}

static void on_error(void *ctx, const char *file, uint64_t line,
                     const char *reason)
{
    indexer *ix = ctx;
    ix->failed++;
    if (ix->progress)
        fputc('\n', stderr);
    if (line)
        fprintf(stderr, "%s:%" PRIu64 ": %s\n", file, line, reason);
    else
        fprintf(stderr, "%s: %s\n", file, reason);
}

static int on_doc(void *ctx, tc_doc *d, const char *file, uint64_t line)
{
    indexer *ix = ctx;
    char *json = NULL, hash[17], idterm[TC_TERM_MAX + 1];
    size_t jlen;
    tc_xdoc *x = NULL;
    tc_error err;
    int exists, rc;

    if (interrupted)
        return 1;
    size_t idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, d->id,
                                strlen(d->id));
    if (idlen == 0) {
        on_error(ix, file, line, "id too long (over 230 bytes)");
        return 0;
    }
    if (tc_doc_to_json(d, &json, &jlen) != TC_OK) {
        on_error(ix, file, line, "out of memory");
        return 0;
    }
    snprintf(hash, sizeof hash, "%016" PRIx64,
             tc_hash64(TC_HASH_INIT, json, jlen));
    if (unchanged(ix, idterm, idlen, hash, &exists)) {
        ix->unchanged++;
        goto done;
    }
    rc = build_doc(d, json, jlen, hash, &x);
    if (rc == TC_OK)
        rc = tc_wdb_replace(ix->wdb, idterm, idlen, x, &err);
    else
        tc_error_set(&err, rc, "%s", tc_strerror(rc));
    if (rc != TC_OK) {
        char reason[600];
        snprintf(reason, sizeof reason, "cannot index: %s", err.msg);
        on_error(ix, file, line, reason);
        if (rc != TC_ENOMEM && rc != TC_ETOOBIG && rc != TC_EINVAL)
            ix->fatal = 1;
        goto done;
    }
    if (exists)
        ix->replaced++;
    else
        ix->added++;
    if (++ix->pending >= ix->batch)
        commit(ix);
done:
    free(json);
    tc_xdoc_free(x);
    show_progress(ix, 0);
    return ix->fatal ? 2 : 0;
}

static void delete_id(indexer *ix, const char *id)
{
    char idterm[TC_TERM_MAX + 1];
    uint32_t n = 0;
    tc_error err;
    size_t idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, id,
                                strlen(id));
    if (idlen == 0 || tc_wdb_delete(ix->wdb, idterm, idlen, &n, &err) != TC_OK) {
        fprintf(stderr, "tracuu-index: cannot delete '%s': %s\n", id,
                idlen ? err.msg : "id too long");
        ix->failed++;
        return;
    }
    if (n == 0) {
        fprintf(stderr, "tracuu-index: no document with id '%s'\n", id);
        ix->missing++;
    }
    ix->deleted += n;
}

static void summary(const indexer *ix)
{
    double el = now_s() - ix->t0;
    if (ix->progress)
        fputc('\n', stderr);
    fprintf(stderr,
            "%s%" PRIu64 " added, %" PRIu64 " replaced, %" PRIu64
            " unchanged, %" PRIu64 " deleted, %" PRIu64 " failed; "
            "%.1f MB in %.1f s (%.1f MB/s); %u documents in %s\n",
            interrupted ? "interrupted: " : "", ix->added, ix->replaced,
            ix->unchanged, ix->deleted, ix->failed, ix->rs.bytes / 1e6, el,
            el > 0 ? ix->rs.bytes / 1e6 / el : 0.0,
            tc_wdb_doccount(ix->wdb), ix->dbpath);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"overwrite", no_argument, 0, 'o'},
        {"delete", required_argument, 0, 'x'},
        {"batch", required_argument, 0, 'b'},
        {"max-doc-size", required_argument, 0, 'm'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    indexer ix;
    tc_reader_opts ropts;
    const char *deletes[256];
    int ndeletes = 0, overwrite = 0, c;
    tc_error err;

    memset(&ix, 0, sizeof ix);
    ix.batch = DEFAULT_BATCH;
    tc_reader_opts_init(&ropts);
    while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': ix.dbpath = optarg; break;
        case 'o': overwrite = 1; break;
        case 'q': ix.quiet = 1; break;
        case 'x':
            if (ndeletes == 256) {
                fputs("tracuu-index: at most 256 --delete\n", stderr);
                return 2;
            }
            deletes[ndeletes++] = optarg;
            break;
        case 'b': {
            size_t v;
            if (parse_size(optarg, &v) || v > 1000000) {
                fprintf(stderr, "tracuu-index: --batch: '%s' is not a "
                                "number from 1 to 1000000\n", optarg);
                return 2;
            }
            ix.batch = (unsigned)v;
            break;
        }
        case 'm':
            if (parse_size(optarg, &ropts.max_doc_bytes)) {
                fprintf(stderr, "tracuu-index: --max-doc-size: '%s' is not "
                                "a size\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("tracuu-index %s (Xapian %s)\n", TRACUU_VERSION,
                   tc_xapian_version());
            return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!ix.dbpath || (optind >= argc && ndeletes == 0)) {
        fputs("tracuu-index: need --db DIR and at least one INPUT or "
              "--delete (see --help)\n", stderr);
        return 2;
    }
    if (tc_wdb_open(ix.dbpath, overwrite ? TC_WDB_CREATE_OR_OVERWRITE
                                         : TC_WDB_CREATE_OR_OPEN,
                    &ix.wdb, &err) != TC_OK) {
        fprintf(stderr, "tracuu-index: cannot open index '%s': %s\n",
                ix.dbpath, err.msg);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    ix.progress = !ix.quiet && isatty(STDERR_FILENO);
    ix.t0 = now_s();
    for (int i = 0; i < ndeletes; i++)
        delete_id(&ix, deletes[i]);
    tc_reader_cb cb = {on_doc, on_error, &ix};
    for (int i = optind; i < argc && !interrupted && !ix.fatal; i++)
        tc_read_input(argv[i], &ropts, &cb, &ix.rs);
    if (!ix.fatal)
        commit(&ix);
    show_progress(&ix, 1);
    if (!ix.quiet)
        summary(&ix);
    tc_wdb_free(ix.wdb);
    if (ix.fatal)
        return 2;
    if (interrupted)
        return 130;
    return ix.failed || ix.missing ? 1 : 0;
}
