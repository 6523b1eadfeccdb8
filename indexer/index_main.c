/* index_main.c: tracuu-index, documents in, a Xapian index out.
 *
 *   tracuu-index --db DIR [options] INPUT...
 *
 * Reads every INPUT (readers.c) on this thread and hands the documents to
 * the writer (writer.c): one thread per shard turns them into terms
 * (terms.c) and writes them, replacing any document with the same id, in
 * batches committed atomically: a run killed at any moment leaves an index
 * holding every batch committed before.  A document whose stored record
 * did not change since the last run is skipped after one hash comparison.
 * Bad input is reported as FILE:LINE: reason and skipped; the exit status
 * says whether anything failed (0 all good, 1 some input failed, 2 the
 * index could not be written). */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "tracuu/boiler.h"
#include "tracuu/cli.h"
#include "tracuu/docrec.h"
#include "tracuu/layout.h"
#include "tracuu/readers.h"
#include "tracuu/xapian.h"
#include "writer.h"

#define DEFAULT_BATCH 100
#define MAX_DEFAULT_SHARDS 4

/* The ids this run has seen, as 64-bit hashes in an open-addressing set
 * (8 bytes a document): two documents of one run with the same id would
 * silently replace each other, so the second is reported. */
typedef struct id_set {
    uint64_t *slot;    /* 0: empty */
    size_t cap, n;
} id_set;

/* 1 if h was already in the set (it is added otherwise), -1 on OOM. */
static int id_set_add(id_set *s, uint64_t h)
{
    if (h == 0)
        h = 1;
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i])
                for (size_t j = s->slot[i] & (nc - 1);; j = (j + 1) & (nc - 1))
                    if (!ns[j]) {
                        ns[j] = s->slot[i];
                        break;
                    }
        free(s->slot);
        s->slot = ns;
        s->cap = nc;
    }
    for (size_t j = h & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
        if (s->slot[j] == h)
            return 1;
        if (!s->slot[j]) {
            s->slot[j] = h;
            s->n++;
            return 0;
        }
    }
}

typedef struct indexer {
    tc_writer *w;
    id_set seen;
    const char *dbpath;
    int progress;            /* show a progress line (stderr is a tty) */
    int quiet;
    double t0, last_progress;
    uint64_t read_errors, duplicates;
    int stopped;             /* the writer failed: stop reading */
    tc_reader_stats rs;
    tc_boiler *boiler;       /* boilerplate line counts (boiler.h) */
    tc_db *before;           /* the index as it was, for its counts */
    int counted;             /* the input being read was counted before */
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

static size_t default_shards(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > MAX_DEFAULT_SHARDS ? MAX_DEFAULT_SHARDS : (size_t)n;
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: tracuu-index --db DIR [options] INPUT...\n"
"Index Vietnamese documents into the tracuu index DIR (created if absent).\n"
"\n"
"INPUT is a file, a directory (walked recursively) or - for JSON Lines on\n"
"standard input.  Formats by name: .jsonl and .jsonl.gz (one JSON object a\n"
"line: id, title, url, date, source, topic, body), .txt (title = first\n"
"line, id = path), .html/.htm (title and visible text).\n"
"\n"
"Options:\n"
"  --db DIR            the index to write (required)\n"
"  --shards N          make a new index of N shards (for shards served on\n"
"                      several machines).  Without it a new index is\n"
"                      written as one part per core (at most %d; here\n"
"                      %zu) in parallel, merged into one at the end\n"
"  --overwrite         start from an empty index\n"
"  --delete ID         remove the document ID (may be repeated)\n"
"  --batch N           documents per commit and shard (default %d)\n"
"  --max-doc-size N    skip documents larger than N bytes (K/M suffix;\n"
"                      default 32M)\n"
"  --compact, --no-compact\n"
"                      compact every shard at the end, or none, and leave\n"
"                      parts unmerged (default: merge parts, compact the\n"
"                      shards this run changed by a tenth or more)\n"
"  --quiet             no progress line and no summary\n"
"  --help, --version\n"
"\n"
"Ids: a text or HTML file's id is its path relative to the directory\n"
"named (the path as given, for a file named directly).  Two documents of\n"
"one run with the same id are reported: the later replaces the earlier.\n"
"\n"
"Exit status: 0 all input indexed, 1 some input failed (reported as\n"
"FILE:LINE: reason), an id came twice, or an id to delete was not found,\n"
"2 the index could not be opened or written, 130 interrupted (what was\n"
"read is committed).\n",
            MAX_DEFAULT_SHARDS, default_shards(), DEFAULT_BATCH);
}

/* A size or count of at least 1, K/M/G suffixes allowed. */
static int parse_size(const char *s, size_t *out)
{
    uint64_t v;
    if (tc_parse_number(s, SIZE_MAX, 1, &v) || v == 0)
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

/* Reports from the reader (this thread) and the writer's threads. */
static void report(void *ctx, const char *file, uint64_t line,
                   const char *reason)
{
    indexer *ix = ctx;
    if (ix->progress)
        fputc('\n', stderr);
    if (line)
        fprintf(stderr, "%s:%" PRIu64 ": %s\n", file, line, reason);
    else
        fprintf(stderr, "%s: %s\n", file, reason);
}

static void on_read_error(void *ctx, const char *file, uint64_t line,
                          const char *reason)
{
    indexer *ix = ctx;
    ix->read_errors++;
    report(ctx, file, line, reason);
}

static int on_doc(void *ctx, tc_doc *d, const char *file, uint64_t line)
{
    indexer *ix = ctx;
    if (interrupted)
        return 1;
    int dup = id_set_add(&ix->seen, tc_hash64(TC_HASH_INIT, d->id,
                                              strlen(d->id)));
    if (dup == 1) {
        char reason[400];
        snprintf(reason, sizeof reason, "id '%.300s' was already given by "
                 "an earlier document of this run, which this one "
                 "replaces", d->id);
        ix->duplicates++;
        report(ix, file, line, reason);
    }
    tc_boiler_doc bp;
    int rc = ix->counted ? TC_OK : tc_boiler_count(ix->boiler, d, file);
    if (rc == TC_OK)
        rc = tc_boiler_find(ix->boiler, d, file, &bp);
    if (rc == TC_OK && bp.title.end > bp.title.start)
        rc = tc_doc_set(d, &d->title, d->body + bp.title.start,
                        bp.title.end - bp.title.start);
    if (rc != TC_OK) {
        report(ix, file, line, "out of memory finding boilerplate");
        tc_boiler_doc_clear(&bp);
    }
    rc = tc_writer_add(ix->w, d, &bp, file, line);
    tc_boiler_doc_clear(&bp);
    if (rc != TC_OK) {
        ix->stopped = 1;
        return 2;
    }
    show_progress(ix, 0);
    return 0;
}

/* The pre-pass: count each document's lines, so that boilerplate is known
 * before the first document is written. */
static int on_count(void *ctx, tc_doc *d, const char *file, uint64_t line)
{
    indexer *ix = ctx;
    (void)line;
    if (interrupted)
        return 1;
    return tc_boiler_count(ix->boiler, d, file) == TC_OK ? 0 : 2;
}

static void ignore_error(void *ctx, const char *file, uint64_t line,
                         const char *reason)
{
    (void)ctx;
    (void)file;
    (void)line;
    (void)reason;
}

/* Count the boilerplate lines of every input that can be read twice (not
 * standard input: its documents are counted as they come, in on_doc). */
static void count_inputs(indexer *ix, const tc_reader_opts *ropts,
                         char **inputs, int n)
{
    tc_reader_cb cb = {on_count, ignore_error, ix};
    for (int i = 0; i < n && !interrupted; i++)
        if (strcmp(inputs[i], "-") != 0)
            tc_read_input(inputs[i], ropts, &cb, NULL);
}

static void summary(const indexer *ix, const tc_writer_stats *st)
{
    double el = now_s() - ix->t0;
    if (ix->progress)
        fputc('\n', stderr);
    fprintf(stderr,
            "%s%" PRIu64 " added, %" PRIu64 " replaced, %" PRIu64
            " unchanged, %" PRIu64 " deleted, %" PRIu64 " failed, %" PRIu64
            " duplicate ids; "
            "%.1f MB in %.1f s (%.1f MB/s); %u documents in %s "
            "(%zu shard%s%s)\n",
            interrupted ? "interrupted: " : "", st->added, st->replaced,
            st->unchanged, st->deleted, st->failed + ix->read_errors,
            ix->duplicates,
            ix->rs.bytes / 1e6, el, el > 0 ? ix->rs.bytes / 1e6 / el : 0.0,
            st->doccount, ix->dbpath, st->nshards, st->nshards == 1 ? "" : "s",
            st->merged ? ", merged" : st->compacted ? ", compacted" : "");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"shards", required_argument, 0, 's'},
        {"overwrite", no_argument, 0, 'o'},
        {"delete", required_argument, 0, 'x'},
        {"batch", required_argument, 0, 'b'},
        {"max-doc-size", required_argument, 0, 'm'},
        {"compact", no_argument, 0, 'C'},
        {"no-compact", no_argument, 0, 'N'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    indexer ix;
    tc_reader_opts ropts;
    tc_writer_opts wopts;
    tc_writer_stats st;
    enum tc_compact compact = TC_COMPACT_AUTO;
    const char *deletes[256];
    int ndeletes = 0, c;
    tc_error err;
    size_t v;

    memset(&ix, 0, sizeof ix);
    memset(&wopts, 0, sizeof wopts);
    wopts.batch = DEFAULT_BATCH;
    wopts.nshards = default_shards();
    wopts.parts = 1;
    tc_reader_opts_init(&ropts);
    while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': ix.dbpath = optarg; break;
        case 'o': wopts.overwrite = 1; break;
        case 'q': ix.quiet = 1; break;
        case 'C': compact = TC_COMPACT_YES; break;
        case 'N': compact = TC_COMPACT_NO; break;
        case 'x':
            if (ndeletes == 256) {
                fputs("tracuu-index: at most 256 --delete\n", stderr);
                return 2;
            }
            deletes[ndeletes++] = optarg;
            break;
        case 's':
            if (parse_size(optarg, &v) || v > TC_MAX_SHARDS) {
                fprintf(stderr, "tracuu-index: --shards: '%s' is not a "
                        "number from 1 to %d\n", optarg, TC_MAX_SHARDS);
                return 2;
            }
            wopts.nshards = v;
            wopts.parts = 0;
            break;
        case 'b':
            if (parse_size(optarg, &v) || v > 1000000) {
                fprintf(stderr, "tracuu-index: --batch: '%s' is not a "
                        "number from 1 to 1000000\n", optarg);
                return 2;
            }
            wopts.batch = (unsigned)v;
            break;
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
    /* libraries with global state: set up once, before the threads */
    xmlInitParser();
    json_object_seed(0);

    wopts.report = report;
    wopts.report_ctx = &ix;
    if (tc_writer_open(ix.dbpath, &wopts, &ix.w, &err) != TC_OK) {
        fprintf(stderr, "tracuu-index: cannot open index '%s': %s\n",
                ix.dbpath, err.msg);
        return 2;
    }
    /* the index as it was (none when new or overwritten, nor needed when
     * there is nothing to add), read once for both: its near-duplicate
     * clusters, and its boilerplate counts, to which the run's add */
    if (!wopts.overwrite && optind < argc &&
        tc_db_open(ix.dbpath, &ix.before, &err) != TC_OK)
        ix.before = NULL;
    int brc = ix.before ? tc_writer_load_clusters(ix.w, ix.before, &err)
                        : TC_OK;
    if (brc == TC_OK && !(ix.boiler = tc_boiler_new(ix.before)))
        brc = tc_error_set(&err, TC_ENOMEM, "out of memory");
    if (brc != TC_OK) {
        fprintf(stderr, "tracuu-index: %s: %s\n", ix.dbpath, err.msg);
        tc_writer_close(ix.w, TC_COMPACT_NO, &st, NULL);
        tc_db_free(ix.before);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    ix.progress = !ix.quiet && isatty(STDERR_FILENO);
    ix.t0 = now_s();
    for (int i = 0; i < ndeletes && !ix.stopped; i++)
        ix.stopped = tc_writer_delete(ix.w, deletes[i]) != TC_OK;
    count_inputs(&ix, &ropts, argv + optind, argc - optind);
    tc_reader_cb cb = {on_doc, on_read_error, &ix};
    for (int i = optind; i < argc && !interrupted && !ix.stopped; i++) {
        ix.counted = strcmp(argv[i], "-") != 0;
        tc_read_input(argv[i], &ropts, &cb, &ix.rs);
    }
    show_progress(&ix, 1);
    int rc = tc_writer_close(ix.w, interrupted ? TC_COMPACT_NO : compact,
                             &st, &err);
    if (!ix.quiet)
        summary(&ix, &st);
    xmlCleanupParser();
    free(ix.seen.slot);
    tc_boiler_free(ix.boiler);
    tc_db_free(ix.before);
    if (rc != TC_OK) {
        fprintf(stderr, "tracuu-index: %s: %s\n", ix.dbpath, err.msg);
        return 2;
    }
    if (interrupted)
        return 130;
    return st.failed || ix.read_errors || st.missing || ix.duplicates ? 1
                                                                      : 0;
}
