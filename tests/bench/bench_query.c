/* bench_query.c: time tracuu's searches in-process, for tests/bench/run.py.
 *
 * Opens the index once, reads the query list (one query per line), runs an
 * untimed warm-up pass, then --repeat timed passes of tc_search() with
 * limit 10 and no snippets (want_snippets = 0: the figure compared with the
 * peers), then the same again with snippets (reported apart: the peers do
 * not build snippets).  Each search is timed with CLOCK_MONOTONIC from the
 * query string to the results in hand; a query's time is its median over
 * the passes.  Writes JSON in the peers' shape (see peers.py):
 *
 *   {"engine": "tracuu", "queries", "repeat", "warmup_passes",
 *    "latency_us": [...], "p50_us", "p99_us", "mean_us", "errors",
 *    "results": [{"query", "ids", "total_estimated", "relaxed"}],
 *    "snippets": {"latency_us": [...], "p50_us", "p99_us", "mean_us"}}
 *
 * Percentiles are nearest-rank, as in peers.py. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "search.h"
#include "tracuu/xapian.h"

typedef struct qlist {
    char **q;
    size_t *len;
    size_t n, cap;
} qlist;

static void usage(void)
{
    fprintf(stderr, "usage: tracuu-bench-query [--repeat N] DB QUERIES "
                    "OUT.json\n");
}

static int qlist_push(qlist *ql, const char *s, size_t len)
{
    if (ql->n == ql->cap) {
        size_t cap = ql->cap ? ql->cap * 2 : 256;
        char **q = realloc(ql->q, cap * sizeof *q);
        if (!q)
            return -1;
        ql->q = q;
        size_t *l = realloc(ql->len, cap * sizeof *l);
        if (!l)
            return -1;
        ql->len = l;
        ql->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    ql->q[ql->n] = copy;
    ql->len[ql->n] = len;
    ql->n++;
    return 0;
}

static void qlist_free(qlist *ql)
{
    for (size_t i = 0; i < ql->n; i++)
        free(ql->q[i]);
    free(ql->q);
    free(ql->len);
}

/* One query per line; blank lines skipped, trailing CR/LF dropped. */
static int read_queries(const char *path, qlist *ql)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "tracuu-bench-query: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        if (qlist_push(ql, line, len) != 0) {
            rc = -1;
            break;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank on a sorted copy. */
static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    double *s = malloc(n * sizeof *s);
    if (!s)
        return NAN;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    size_t k = (size_t)ceil(p / 100.0 * (double)n);
    if (k < 1)
        k = 1;
    double r = s[k - 1];
    free(s);
    return r;
}

static double median(double *v, size_t n)
{
    return percentile(v, n, 50.0);
}

/* The ids of r's results (the docid when no id was read). */
static json_t *result_ids(const tc_results *r)
{
    json_t *ids = json_array();
    for (size_t i = 0; r && ids && i < r->n; i++) {
        const tc_result *it = &r->items[i];
        if (it->id)
            json_array_append_new(ids, json_string(it->id));
        else
            json_array_append_new(ids, json_integer(it->docid));
    }
    return ids;
}

/* Run every query once with want_snippets; with times, store each
 * query's time in times[i]; with results, append each query's ids.
 * Returns the number of failed searches. */
static size_t run_pass(tc_db *db, const qlist *ql, int want_snippets,
                       double *times, json_t *results)
{
    size_t errors = 0;
    for (size_t i = 0; i < ql->n; i++) {
        tc_search_request req;
        tc_search_request_init(&req);
        req.query = ql->q[i];
        req.query_len = ql->len[i];
        req.limit = 10;
        req.want_snippets = want_snippets;
        tc_results *r = NULL;
        tc_error err;
        tc_error_clear(&err);
        int64_t t0 = now_ns();
        int rc = tc_search(db, &req, &r, &err);
        int64_t t1 = now_ns();
        if (times)
            times[i] = (double)(t1 - t0) / 1e3;
        if (rc != TC_OK) {
            errors++;
            fprintf(stderr, "tracuu-bench-query: \"%s\": %s: %s\n", ql->q[i],
                    tc_errname(rc), err.msg);
        }
        if (results) {
            json_t *row = json_object();
            json_object_set_new(row, "query", json_string(ql->q[i]));
            json_object_set_new(row, "ids", result_ids(rc == TC_OK ? r : NULL));
            json_object_set_new(row, "total_estimated",
                                json_integer(rc == TC_OK && r ?
                                             r->total_estimated : 0));
            json_object_set_new(row, "relaxed",
                                json_boolean(rc == TC_OK && r && r->relaxed));
            json_array_append_new(results, row);
        }
        tc_results_free(r);
    }
    return errors;
}

/* Warm up, then `repeat` timed passes; per-query medians into lat. */
static size_t time_passes(tc_db *db, const qlist *ql, int want_snippets,
                          int repeat, double *lat, json_t *results)
{
    size_t errors = run_pass(db, ql, want_snippets, NULL, NULL);
    double *all = malloc((size_t)repeat * ql->n * sizeof *all);
    double *col = malloc((size_t)repeat * sizeof *col);
    if (!all || !col) {
        free(all);
        free(col);
        return ql->n;
    }
    for (int p = 0; p < repeat; p++)
        errors += run_pass(db, ql, want_snippets, all + (size_t)p * ql->n,
                           p == 0 ? results : NULL);
    for (size_t i = 0; i < ql->n; i++) {
        for (int p = 0; p < repeat; p++)
            col[p] = all[(size_t)p * ql->n + i];
        lat[i] = median(col, (size_t)repeat);
    }
    free(all);
    free(col);
    return errors;
}

static json_t *latency_json(const double *lat, size_t n)
{
    json_t *o = json_object();
    json_t *arr = json_array();
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, json_real(lat[i]));
        sum += lat[i];
    }
    json_object_set_new(o, "latency_us", arr);
    json_object_set_new(o, "p50_us", json_real(percentile(lat, n, 50.0)));
    json_object_set_new(o, "p99_us", json_real(percentile(lat, n, 99.0)));
    json_object_set_new(o, "mean_us", json_real(n ? sum / (double)n : 0.0));
    return o;
}

int main(int argc, char **argv)
{
    int repeat = 1;
    int argi = 1;
    if (argi + 1 < argc && strcmp(argv[argi], "--repeat") == 0) {
        repeat = atoi(argv[argi + 1]);
        argi += 2;
    }
    if (argc - argi != 3 || repeat < 1) {
        usage();
        return 2;
    }
    const char *dbpath = argv[argi], *qpath = argv[argi + 1],
               *outpath = argv[argi + 2];

    int status = 1;
    qlist ql = {0};
    tc_db *db = NULL;
    double *lat = NULL, *lat_snip = NULL;
    json_t *out = NULL;
    tc_error err;
    tc_error_clear(&err);

    if (read_queries(qpath, &ql) != 0 || ql.n == 0) {
        fprintf(stderr, "tracuu-bench-query: no queries in %s\n", qpath);
        goto done;
    }
    int rc = tc_db_open(dbpath, &db, &err);
    if (rc != TC_OK) {
        fprintf(stderr, "tracuu-bench-query: %s: %s: %s\n", dbpath,
                tc_errname(rc), err.msg);
        goto done;
    }
    lat = calloc(ql.n, sizeof *lat);
    lat_snip = calloc(ql.n, sizeof *lat_snip);
    out = json_object();
    json_t *results = json_array();
    if (!lat || !lat_snip || !out || !results) {
        json_decref(results);
        fprintf(stderr, "tracuu-bench-query: out of memory\n");
        goto done;
    }
    size_t errors = time_passes(db, &ql, 0, repeat, lat, results);
    errors += time_passes(db, &ql, 1, repeat, lat_snip, NULL);

    json_object_set_new(out, "engine", json_string("tracuu"));
    json_object_set_new(out, "queries", json_integer((json_int_t)ql.n));
    json_object_set_new(out, "repeat", json_integer(repeat));
    json_object_set_new(out, "warmup_passes", json_integer(1));
    json_t *main_lat = latency_json(lat, ql.n);
    json_object_update(out, main_lat);
    json_decref(main_lat);
    json_object_set_new(out, "errors", json_integer((json_int_t)errors));
    json_object_set_new(out, "doccount", json_integer(tc_db_doccount(db)));
    json_object_set_new(out, "xapian_version",
                        json_string(tc_xapian_version()));
    json_object_set_new(out, "results", results);
    json_object_set_new(out, "snippets", latency_json(lat_snip, ql.n));
    if (json_dump_file(out, outpath, JSON_COMPACT | JSON_ENSURE_ASCII) != 0) {
        fprintf(stderr, "tracuu-bench-query: cannot write %s\n", outpath);
        goto done;
    }
    fprintf(stderr, "tracuu: %zu queries, p50 %.1f us, p99 %.1f us, "
                    "%zu errors\n", ql.n, percentile(lat, ql.n, 50.0),
            percentile(lat, ql.n, 99.0), errors);
    status = 0;  /* failed searches are counted in "errors", not fatal */
done:
    json_decref(out);
    free(lat);
    free(lat_snip);
    tc_db_free(db);
    qlist_free(&ql);
    return status;
}
