/* server.c: the HTTP server (server.h) on libmicrohttpd.
 *
 * The daemon runs a thread pool; handle() is called on those threads and
 * routes each request to one handler.  A request's state (start time,
 * route, status) lives in its con_cls and is logged, counted and freed in
 * the completion callback.  Each pool thread opens its own tc_db on first
 * use (a pthread key frees it when the thread ends) and brings it up to the
 * latest commit before each request, so the server follows the indexer's
 * commits and compaction switches without a restart.  Searching itself is search.c's, feeds are
 * feeds.c's: this file only speaks HTTP. */
#include "server.h"
#include "server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cache.h"
#include "deadline.h"
#include "feeds.h"
#include "search.h"
#include "suggest.h"
#include "tracuu/buf.h"
#include "tracuu/terms.h"

#define STATIC_MAX_BYTES (4u * 1024u * 1024u)

/* ---- routes and metrics ----------------------------------------------- */

#define ROUTES(X)                                                             \
    X(R_SEARCH, "/api/search") X(R_SUGGEST, "/api/suggest")                   \
    X(R_DOC, "/api/doc") X(R_OPENSEARCH,                                      \
    "/opensearch.xml") X(R_ATOM, "/search.atom") X(R_RSS, "/search.rss")     \
    X(R_HEALTH, "/healthz") X(R_METRICS, "/metrics") X(R_STATIC, "static")   \
    X(R_OPTIONS, "OPTIONS") X(R_OTHER, "other")

enum route {
#define ROUTE_ENUM(id, name) id,
    ROUTES(ROUTE_ENUM)
#undef ROUTE_ENUM
    R_COUNT
};

static const char *const route_names[] = {
#define ROUTE_NAME(id, name) name,
    ROUTES(ROUTE_NAME)
#undef ROUTE_NAME
};

static const unsigned statuses[] = {200, 204, 400, 404, 405, 414, 431, 500,
                                    503};
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1)   /* + other */

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05, 0.1, 0.25, 0.5, 1.0};
#define NBUCKET (sizeof buckets / sizeof buckets[0])

typedef struct metrics {
    atomic_ullong requests[R_COUNT][NSTATUS];
    atomic_ullong search_le[NBUCKET + 1];      /* last: +Inf */
    atomic_ullong search_us_sum;
    atomic_ullong search_count;
} metrics;

struct tc_server {
    struct MHD_Daemon *daemon;
    tc_server_config cfg;
    uint16_t port;
    pthread_key_t db_key;
    tc_cache *cache;          /* NULL: answers are not kept */
    tc_deadline *deadline;    /* headers must come within timeout_s */
    metrics m;
};

/* A request's state, from its first call to its completion. */
typedef struct request {
    double t0;
    enum route route;
    unsigned status;
    size_t qlen;
    int cached;           /* answered from the cache */
    char *query;          /* for the access log, with log_queries */
} request;

/* A pool thread's handle on the index. */
typedef struct thread_db {
    tc_db *db;
    uint64_t moves;     /* tc_db_moves(db) when this thread last looked */
} thread_db;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void free_thread_db(void *p)
{
    thread_db *t = p;
    if (t)
        tc_db_free(t->db);
    free(t);
}

/* This thread's index, opened, or brought up to the latest commit:
 * every request sees the same revision whichever thread serves it (a
 * reopen with nothing new is a cheap check).  NULL with err filled when it
 * cannot be opened.
 *
 * *epoch (when not NULL) is the cache epoch answers computed on this
 * handle may be kept and found under.  It is read before the reopen, and
 * the epoch is bumped when the handle moved: an epoch is only ever bumped
 * after a commit was seen, so a thread that read it afterwards reopens onto
 * that commit or a later one, and no answer of an older revision is ever
 * kept under a newer epoch. */
static tc_db *thread_index_at(tc_server *s, uint64_t *epoch, tc_error *err)
{
    int changed = 0;
    if (epoch)
        *epoch = s->cache ? tc_cache_epoch(s->cache) : 0;
    thread_db *t = pthread_getspecific(s->db_key);
    if (!t) {
        if (!(t = calloc(1, sizeof *t)) ||
            pthread_setspecific(s->db_key, t) != 0) {
            free(t);
            tc_error_set(err, TC_ENOMEM, "out of memory");
            return NULL;
        }
    }
    if (t->db && tc_db_reopen(t->db, NULL, err) != TC_OK) {
        tc_db_free(t->db);          /* open afresh below */
        t->db = NULL;
    }
    if (!t->db) {
        tc_db_open_opts oo;
        tc_db_open_opts_init(&oo);
        if (s->cfg.shard_timeout_ms)
            oo.shard_timeout_ms = s->cfg.shard_timeout_ms;
        if (tc_db_open_with(s->cfg.db, &oo, &t->db, err) != TC_OK)
            return NULL;
        changed = 1;
    }
    /* moved since this thread last looked: by the reopen above, or by a
     * search that retried after a writer discarded the revision it read */
    if (tc_db_moves(t->db) != t->moves) {
        changed = 1;
        t->moves = tc_db_moves(t->db);
    }
    if (changed && s->cache) {
        tc_cache_bump(s->cache);
        if (epoch)
            *epoch = tc_cache_epoch(s->cache);
    }
    return t->db;
}

static tc_db *thread_index(tc_server *s, tc_error *err)
{
    return thread_index_at(s, NULL, err);
}

/* ---- responses -------------------------------------------------------- */

/* Queue resp as the answer to r, and let go of it. */
static enum MHD_Result queue(struct MHD_Connection *c, request *r,
                             unsigned status, struct MHD_Response *resp)
{
    r->status = status;
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result respond(struct MHD_Connection *c, request *r,
                               unsigned status, const char *type, char *body,
                               size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "Vary", "Origin");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    return queue(c, r, status, resp);
}

static enum MHD_Result respond_json(struct MHD_Connection *c, request *r,
                                    unsigned status, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s)
        return MHD_NO;
    return respond(c, r, status, "application/json; charset=utf-8", s,
                   strlen(s));
}

/* {"error": {"code", "message"}}; message is ours, never the client's. */
static enum MHD_Result respond_error(struct MHD_Connection *c, request *r,
                                     unsigned status, const char *code,
                                     const char *message)
{
    return respond_json(c, r, status,
                        json_pack("{s:{s:s,s:s}}", "error", "code", code,
                                  "message", message));
}

/* ---- the answer cache ------------------------------------------------- */

/* What a cacheable answer is found under: the route, what the handler adds
 * (the feeds' base address), and every query argument as the client sent
 * it, in its order. */
typedef struct answer_key {
    tc_buf key;
    uint64_t epoch;
} answer_key;

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind,
                               const char *name, const char *value)
{
    tc_buf *b = cls;
    (void)kind;
    /* lengths first: no value can spell out other arguments */
    tc_buf_printf(b, "%zu:%s=%zu:%s\n", name ? strlen(name) : 0,
                  name ? name : "", value ? strlen(value) : 0,
                  value ? value : "");
    return MHD_YES;
}

/* This thread's index for a cacheable answer, with its key.  Answers the
 * client itself, and returns NULL, when the cache holds the answer or the
 * index cannot be opened; *ret is then what to return. */
static tc_db *cached_or_index(tc_server *s, struct MHD_Connection *c,
                              request *r, const char *extra, answer_key *k,
                              enum MHD_Result *ret)
{
    tc_error err;
    memset(k, 0, sizeof *k);
    tc_db *db = thread_index_at(s, &k->epoch, &err);
    if (!db) {
        *ret = respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "index_unavailable", "the index cannot be opened");
        return NULL;
    }
    if (!s->cache)
        return db;
    tc_buf_printf(&k->key, "%s\n%s\n", route_names[r->route],
                  extra ? extra : "");
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_arg, &k->key);
    char *val;
    size_t len;
    const char *type;
    if (k->key.oom || !tc_cache_get(s->cache, k->key.p, k->key.len,
                                    k->epoch, &val, &len, &type))
        return db;
    tc_buf_free(&k->key);
    r->cached = 1;
    *ret = respond(c, r, MHD_HTTP_OK, type, val, len);
    return NULL;
}

/* respond() with a 200 answer, keeping a copy under k.  type must be a
 * static string (the cache keeps the pointer). */
static enum MHD_Result respond_kept(tc_server *s, struct MHD_Connection *c,
                                    request *r, answer_key *k,
                                    const char *type, char *body, size_t len)
{
    if (s->cache && k->key.len && !k->key.oom)
        tc_cache_put(s->cache, k->key.p, k->key.len, k->epoch, type, body,
                     len);
    tc_buf_free(&k->key);
    return respond(c, r, MHD_HTTP_OK, type, body, len);
}

/* ---- parameters ------------------------------------------------------- */

static const char *arg(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* A whole number parameter in [0, max], def when absent; -1 when bad. */
int tc_server_parse_uint(const char *v, uint32_t def, uint32_t max,
                         uint32_t *out)
{
    char *end;
    if (!v || !*v) {
        *out = def;
        return 0;
    }
    if (v[0] < '0' || v[0] > '9')    /* strtoul takes " +5", "\t-0" */
        return -1;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || *end || n > max)
        return -1;
    *out = (uint32_t)n;
    return 0;
}

static int uint_arg(struct MHD_Connection *c, const char *name, uint32_t def,
                    uint32_t max, uint32_t *out)
{
    return tc_server_parse_uint(arg(c, name), def, max, out);
}

/* The entity filters, sort and facets of a search (search.h); answers
 * the client and returns 0 on a bad parameter. */
static int filter_args(struct MHD_Connection *c, request *r,
                       tc_search_request *req, enum MHD_Result *ret)
{
    const char *sort = arg(c, "sort"), *facets = arg(c, "facets");
    const char *collapse = arg(c, "collapse");
    const char **slot[] = {&req->official, &req->doc, &req->type,
                           &req->place, &req->from, &req->to};
    const char *names[] = {"official", "doc", "type", "place", "from", "to"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = arg(c, names[i]);
        if (v && strlen(v) > 256) {
            *ret = respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                                 "a filter is longer than 256 bytes");
            return 0;
        }
        *slot[i] = v && *v ? v : NULL;
    }
    if (sort && *sort && strcmp(sort, "date") && strcmp(sort, "relevance")) {
        *ret = respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                             "sort must be relevance or date");
        return 0;
    }
    req->sort_by_date = sort && strcmp(sort, "date") == 0;
    req->want_facets = facets && strcmp(facets, "1") == 0;
    req->collapse = !(collapse && strcmp(collapse, "0") == 0);
    return 1;
}

/* Read q, limit and offset into req; answers the client and returns 0 on
 * a bad parameter. */
static int search_args(struct MHD_Connection *c, request *r,
                       tc_search_request *req, enum MHD_Result *ret)
{
    const char *q = arg(c, "q");
    tc_search_request_init(req);
    req->query = q ? q : "";
    req->query_len = strlen(req->query);
    r->qlen = req->query_len;
    if (req->query_len > TC_QUERY_MAX_BYTES) {
        *ret = respond_error(c, r, MHD_HTTP_URI_TOO_LONG, "query_too_long",
                             "the query is longer than 4096 bytes");
        return 0;
    }
    if (uint_arg(c, "limit", 10, TC_SEARCH_MAX_LIMIT, &req->limit) ||
        uint_arg(c, "count", req->limit, TC_SEARCH_MAX_LIMIT, &req->limit)) {
        *ret = respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                             "limit must be a whole number from 0 to 100");
        return 0;
    }
    if (uint_arg(c, "offset", 0, TC_SEARCH_MAX_OFFSET, &req->offset)) {
        *ret = respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                             "offset must be a whole number from 0 to 10000");
        return 0;
    }
    return filter_args(c, r, req, ret);
}

/* ---- handlers: one per route ------------------------------------------ */

/* Run the search of the request's parameters, unless the cache holds its
 * answer; answers that and errors itself, returning 0. */
static int run_search(tc_server *s, struct MHD_Connection *c, request *r,
                      const char *extra, answer_key *k, tc_results **res,
                      enum MHD_Result *ret)
{
    tc_search_request req;
    tc_error err;
    if (!search_args(c, r, &req, ret))
        return 0;
    if (s->cfg.log_queries)
        r->query = strdup(req.query);
    tc_db *db = cached_or_index(s, c, r, extra, k, ret);
    if (!db)
        return 0;
    double t0 = now_s();
    int rc = tc_search(db, &req, res, &err);
    double us = (now_s() - t0) * 1e6;
    atomic_fetch_add(&s->m.search_us_sum, (unsigned long long)us);
    atomic_fetch_add(&s->m.search_count, 1);
    size_t b = 0;
    while (b < NBUCKET && us / 1e6 > buckets[b])
        b++;
    atomic_fetch_add(&s->m.search_le[b], 1);
    if (rc != TC_OK) {
        tc_buf_free(&k->key);
        /* the one malformed parameter tc_search finds: a date */
        *ret = rc == TC_EPARSE
            ? respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                            "from and to must be dates: YYYY, YYYY-MM, "
                            "YYYY-MM-DD, DD/MM/YYYY or MM/YYYY")
            : rc == TC_ENETWORK || rc == TC_ETIMEOUT
            ? respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE,
                            "shards_unavailable",
                            "no shard of the index answered")
            : respond_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                            tc_errname(rc), tc_strerror(rc));
        return 0;
    }
    /* an answer without some shards is not kept: they may be back on the
     * next request */
    if ((*res)->partial)
        tc_buf_free(&k->key);
    return 1;
}

static enum MHD_Result handle_search(tc_server *s, struct MHD_Connection *c,
                                     request *r)
{
    tc_results *res = NULL;
    answer_key k;
    enum MHD_Result ret;
    if (!run_search(s, c, r, NULL, &k, &res, &ret))
        return ret;
    json_t *o = tc_results_to_json(res);
    tc_results_free(res);
    char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!body) {
        tc_buf_free(&k.key);
        return MHD_NO;
    }
    return respond_kept(s, c, r, &k, "application/json; charset=utf-8", body,
                        strlen(body));
}

int tc_server_plain_host(const char *host)
{
    return host && *host && strlen(host) < 200 &&
           strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789.-:[]") == strlen(host);
}

/* The address clients reach us at, for links in feeds: the Host header
 * when it is a plain host[:port] (tc_server_plain_host), else the address
 * we listen on. */
static void base_url(tc_server *s, struct MHD_Connection *c, char *buf,
                     size_t cap)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_HOST);
    if (tc_server_plain_host(host))
        snprintf(buf, cap, "http://%s", host);
    else
        snprintf(buf, cap, "http://%s:%u", s->cfg.bind, s->port);
}

static enum MHD_Result handle_feed(tc_server *s, struct MHD_Connection *c,
                                   request *r)
{
    char base[256];
    char *out = NULL;
    size_t len = 0;
    tc_results *res = NULL;
    enum MHD_Result ret;
    int rc;
    base_url(s, c, base, sizeof base);
    tc_feed_site site = {base, "tracuu", "Tra cứu văn bản tiếng Việt"};
    if (r->route == R_OPENSEARCH) {
        rc = tc_feed_opensearch(&site, &out, &len);
        if (rc != TC_OK)
            return MHD_NO;
        return respond(c, r, MHD_HTTP_OK,
                       "application/opensearchdescription+xml; charset=utf-8",
                       out, len);
    }
    answer_key k;
    if (!run_search(s, c, r, base, &k, &res, &ret))
        return ret;
    rc = r->route == R_ATOM ? tc_feed_atom(&site, res, &out, &len)
                            : tc_feed_rss(&site, res, &out, &len);
    tc_results_free(res);
    if (rc != TC_OK) {
        tc_buf_free(&k.key);
        return MHD_NO;
    }
    return respond_kept(s, c, r, &k,
                        r->route == R_ATOM
                            ? "application/atom+xml; charset=utf-8"
                            : "application/rss+xml; charset=utf-8",
                        out, len);
}

/* OpenSearch suggestions: ["q", [completions], [descriptions], [urls]]. */
static enum MHD_Result handle_suggest(tc_server *s, struct MHD_Connection *c,
                                      request *r)
{
    const char *q = arg(c, "q");
    tc_suggestions *sg = NULL;
    tc_error err;
    answer_key k;
    enum MHD_Result ret;
    char *out = NULL;
    size_t len = 0;
    uint32_t limit;
    q = q ? q : "";
    r->qlen = strlen(q);
    if (r->qlen > TC_QUERY_MAX_BYTES)
        return respond_error(c, r, MHD_HTTP_URI_TOO_LONG, "query_too_long",
                             "the query is longer than 4096 bytes");
    if (uint_arg(c, "limit", 8, TC_SUGGEST_MAX, &limit))
        return respond_error(c, r, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                             "limit must be a whole number from 0 to 10");
    tc_db *db = cached_or_index(s, c, r, NULL, &k, &ret);
    if (!db)
        return ret;
    if (tc_suggest(db, q, r->qlen, limit, &sg, &err) != TC_OK) {
        tc_buf_free(&k.key);
        return MHD_NO;
    }
    if (tc_db_missing(db))     /* not kept without some shards */
        tc_buf_free(&k.key);
    const char *texts[TC_SUGGEST_MAX], *descs[TC_SUGGEST_MAX],
        *urls[TC_SUGGEST_MAX];
    for (size_t i = 0; i < sg->n; i++) {
        texts[i] = sg->items[i].text;
        descs[i] = sg->items[i].description;
        urls[i] = sg->items[i].url ? sg->items[i].url : "";
    }
    int rc = tc_feed_suggestions(sg->query, texts, descs, urls, sg->n, &out,
                                 &len);
    tc_suggestions_free(sg);
    if (rc != TC_OK) {
        tc_buf_free(&k.key);
        return MHD_NO;
    }
    return respond_kept(s, c, r, &k,
                        "application/x-suggestions+json; charset=utf-8", out,
                        len);
}

static enum MHD_Result handle_doc(tc_server *s, struct MHD_Connection *c,
                                  request *r, const char *id)
{
    char term[TC_TERM_MAX + 1];
    tc_error err;
    tc_docid did;
    char *data = NULL;
    size_t len;
    size_t n = tc_term_make(term, sizeof term, TC_PREFIX_ID, id, strlen(id));
    tc_db *db = thread_index(s, &err);
    if (!db)
        return respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "index_unavailable", "the index cannot be opened");
    if (!n || !*id || tc_db_find_by_term(db, term, n, &did, &err) != TC_OK ||
        tc_db_document_data(db, did, &data, &len, &err) != TC_OK)
        return respond_error(c, r, MHD_HTTP_NOT_FOUND, "not_found",
                             "no document with this id");
    /* the stored record is already the JSON object to answer */
    return respond(c, r, MHD_HTTP_OK, "application/json; charset=utf-8", data,
                   len);
}

static enum MHD_Result handle_health(tc_server *s, struct MHD_Connection *c,
                                     request *r)
{
    tc_error err;
    tc_db *db = thread_index(s, &err);
    if (!db)
        return respond_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE,
                             "index_unavailable", "the index cannot be opened");
    json_t *missing = json_array();
    for (size_t i = 0; missing && i < tc_db_missing(db); i++)
        json_array_append_new(missing,
                              json_string(tc_db_missing_name(db, i)));
    return respond_json(c, r, MHD_HTTP_OK,
                        json_pack("{s:s,s:I,s:I,s:o*}", "status",
                                  tc_db_missing(db) ? "degraded" : "ok",
                                  "documents",
                                  (json_int_t)tc_db_doccount(db), "shards",
                                  (json_int_t)tc_db_shards(db),
                                  "missing_shards", missing));
}

static enum MHD_Result handle_metrics(tc_server *s, struct MHD_Connection *c,
                                      request *r)
{
    tc_buf b = {0};
    tc_error err;
    tc_db *db = thread_index(s, &err);
    tc_buf_printf(&b, "# HELP tracuu_http_requests_total HTTP requests by "
        "route and status.\n# TYPE tracuu_http_requests_total counter\n");
    for (int i = 0; i < R_COUNT; i++)
        for (size_t k = 0; k < NSTATUS; k++) {
            unsigned long long v = atomic_load(&s->m.requests[i][k]);
            if (!v)
                continue;
            char st[8];
            if (k < NSTATUS - 1)
                snprintf(st, sizeof st, "%u", statuses[k]);
            else
                snprintf(st, sizeof st, "other");
            tc_buf_printf(&b, "tracuu_http_requests_total{route=\"%s\","
                "status=\"%s\"} %llu\n", route_names[i], st, v);
        }
    tc_buf_printf(&b, "# HELP tracuu_search_seconds Time to run a search."
        "\n# TYPE tracuu_search_seconds histogram\n");
    unsigned long long cum = 0;
    for (size_t k = 0; k <= NBUCKET; k++) {
        cum += atomic_load(&s->m.search_le[k]);
        if (k < NBUCKET)
            tc_buf_printf(&b, "tracuu_search_seconds_bucket{le=\"%g\"} "
                "%llu\n", buckets[k], cum);
        else
            tc_buf_printf(&b, "tracuu_search_seconds_bucket{le=\"+Inf\"} "
                "%llu\n", cum);
    }
    tc_buf_printf(&b, "tracuu_search_seconds_sum %.6f\n"
        "tracuu_search_seconds_count %llu\n",
        atomic_load(&s->m.search_us_sum) / 1e6,
        atomic_load(&s->m.search_count));
    if (s->cache) {
        tc_cache_stats cs;
        tc_cache_stats_get(s->cache, &cs);
        tc_buf_printf(&b, "# HELP tracuu_cache_lookups_total Answer cache "
            "lookups by result.\n# TYPE tracuu_cache_lookups_total counter\n"
            "tracuu_cache_lookups_total{result=\"hit\"} %llu\n"
            "tracuu_cache_lookups_total{result=\"miss\"} %llu\n"
            "# HELP tracuu_cache_evictions_total Answers evicted to stay "
            "under the bound.\n# TYPE tracuu_cache_evictions_total counter\n"
            "tracuu_cache_evictions_total %llu\n"
            "# HELP tracuu_cache_bytes Bytes the answer cache holds.\n"
            "# TYPE tracuu_cache_bytes gauge\ntracuu_cache_bytes %zu\n"
            "# HELP tracuu_cache_entries Answers the cache holds.\n"
            "# TYPE tracuu_cache_entries gauge\ntracuu_cache_entries %zu\n",
            (unsigned long long)cs.hits, (unsigned long long)cs.misses,
            (unsigned long long)cs.evictions, cs.bytes, cs.entries);
    }
    tc_buf_printf(&b, "# HELP tracuu_index_documents Documents in the "
        "index.\n# TYPE tracuu_index_documents gauge\n"
        "tracuu_index_documents %u\n", db ? tc_db_doccount(db) : 0);
    size_t len = b.len;
    char *text = tc_buf_finish(&b);
    if (!text)
        return MHD_NO;
    return respond(c, r, MHD_HTTP_OK, "text/plain; version=0.0.4", text, len);
}

/* ---- static files ----------------------------------------------------- */

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".json", "application/json"},
        {".xml", "application/xml"}, {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Files of the web directory itself, by plain name: no path separators,
 * no leading dot, so no way out of it whatever the encoding. */
static int safe_name(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n < 128 && name[0] != '.' &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789._-") == n;
}

/* The file a static request names: its URL less the leading '/'.  The
 * URL may be empty ("GET ? HTTP/1.1", "GET %00 ..." decode to ""): then
 * the name is too, never a read past its end. */
static const char *static_name(const char *url)
{
    return strcmp(url, "/") == 0 ? "index.html" : url[0] ? url + 1 : url;
}

static enum MHD_Result handle_static(tc_server *s, struct MHD_Connection *c,
                                     request *r, const char *url)
{
    const char *name = static_name(url);
    char path[1024];
    struct stat st;
    if (!s->cfg.web || !safe_name(name))
        return respond_error(c, r, MHD_HTTP_NOT_FOUND, "not_found",
                             "no such page");
    snprintf(path, sizeof path, "%s/%s", s->cfg.web, name);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > STATIC_MAX_BYTES) {
        if (fd >= 0)
            close(fd);
        return respond_error(c, r, MHD_HTTP_NOT_FOUND, "not_found",
                             "no such page");
    }
    struct MHD_Response *resp =
        MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            content_type(name));
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    return queue(c, r, MHD_HTTP_OK, resp);
}

static enum MHD_Result handle_options(struct MHD_Connection *c, request *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                            "GET, HEAD, OPTIONS");
    MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                            "Content-Type");
    MHD_add_response_header(resp, "Access-Control-Max-Age", "86400");
    MHD_add_response_header(resp, "Vary", "Origin");
    return queue(c, r, MHD_HTTP_NO_CONTENT, resp);
}

/* ---- dispatch ---------------------------------------------------------- */

static enum route route_of(const char *method, const char *url)
{
    if (strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0)
        return R_OPTIONS;
    for (int i = 0; i < R_STATIC; i++) {
        size_t n = strlen(route_names[i]);
        if (strncmp(url, route_names[i], n) == 0 &&
            (url[n] == '\0' || (i == R_DOC && url[n] == '/')))
            return (enum route)i;
    }
    return R_STATIC;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    tc_server *s = cls;
    request *r = *con_cls;
    (void)version;
    (void)upload;
    if (!r) {                       /* first call: headers only */
        if (!(r = calloc(1, sizeof *r)))
            return MHD_NO;
        r->t0 = now_s();
        r->route = R_OTHER;
        *con_cls = r;
        tc_deadline_request_begin(s->deadline, c);
        return MHD_YES;
    }
    if (*upload_size) {             /* a body: not read */
        *upload_size = 0;
        return MHD_YES;
    }
    r->route = route_of(method, url);
    if (r->route == R_OPTIONS)
        return handle_options(c, r);
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
        strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return respond_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "method_not_allowed", "only GET is served");
    switch (r->route) {
    case R_SEARCH: return handle_search(s, c, r);
    case R_SUGGEST: return handle_suggest(s, c, r);
    case R_DOC:
        if (url[strlen("/api/doc")] != '/')
            break;
        return handle_doc(s, c, r, url + strlen("/api/doc/"));
    case R_OPENSEARCH: case R_ATOM: case R_RSS: return handle_feed(s, c, r);
    case R_HEALTH: return handle_health(s, c, r);
    case R_METRICS: return handle_metrics(s, c, r);
    case R_STATIC: return handle_static(s, c, r, url);
    default: break;
    }
    return respond_error(c, r, MHD_HTTP_NOT_FOUND, "not_found",
                         "no such page");
}

/* Count and log the request, then free its state. */
static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    tc_server *s = cls;
    request *r = *con_cls;
    if (!r)
        return;
    tc_deadline_request_end(s->deadline, c);
    size_t k = 0;
    while (k < NSTATUS - 1 && statuses[k] != r->status)
        k++;
    atomic_fetch_add(&s->m.requests[r->route][k], 1);
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    fprintf(stderr, "%s %s %u %.2fms qlen=%zu%s%s%s%s%s\n", when,
            route_names[r->route], r->status, (now_s() - r->t0) * 1e3,
            r->qlen, r->cached ? " cached" : "", r->query ? " q=" : "",
            r->query ? r->query : "",
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted",
            r->status ? "" : " (no response)");
    free(r->query);
    free(r);
    *con_cls = NULL;
}

/* ---- start and stop ---------------------------------------------------- */

void tc_server_config_init(tc_server_config *c)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    memset(c, 0, sizeof *c);
    c->bind = "127.0.0.1";
    c->port = 8080;
    c->threads = n > 0 ? (unsigned)n : 1;
    c->max_connections = 256;
    c->per_ip = 64;
    c->timeout_s = 10;
    c->conn_memory = 64 * 1024;
    c->cache_bytes = 64u * 1024u * 1024u;
}

int tc_server_start(const tc_server_config *cfg, tc_server **out,
                    tc_error *err)
{
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ERROR_LOG;
    tc_server *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    s->cfg = *cfg;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, cfg->bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons(cfg->port);
        addr = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, cfg->bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(cfg->port);
        addr = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        free(s);
        return tc_error_set(err, TC_EINVAL, "--bind: '%s' is not an IP "
                            "address", cfg->bind);
    }
    if (cfg->cache_bytes && !(s->cache = tc_cache_new(cfg->cache_bytes))) {
        free(s);
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    }
    if (!(s->deadline = tc_deadline_new(cfg->timeout_s)) ||
        pthread_key_create(&s->db_key, free_thread_db) != 0) {
        tc_deadline_free(s->deadline);
        tc_cache_free(s->cache);
        free(s);
        return tc_error_set(err, TC_ENOMEM, "cannot start a thread");
    }
    s->daemon = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, handle, s,
        MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->conn_memory,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, tc_deadline_notify, s->deadline,
        MHD_OPTION_END);
    if (!s->daemon) {
        tc_deadline_free(s->deadline);
        pthread_key_delete(s->db_key);
        tc_cache_free(s->cache);
        free(s);
        return tc_error_set(err, TC_EIO, "cannot listen on %s port %u",
                            cfg->bind, cfg->port);
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    *out = s;
    return TC_OK;
}

uint16_t tc_server_port(const tc_server *s)
{
    return s->port;
}

void tc_server_stop(tc_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    tc_deadline_free(s->deadline);
    pthread_key_delete(s->db_key);
    tc_cache_free(s->cache);
    free(s);
}

/* ---- the pure pieces, for the fuzz target (server_int.h) -------------- */

int tc_server_safe_name(const char *name)
{
    return safe_name(name);
}

const char *tc_server_static_name(const char *url)
{
    return static_name(url);
}

int tc_server_route(const char *method, const char *url, const char **name)
{
    enum route r = route_of(method, url);
    if (name)
        *name = route_names[r];
    return r == R_STATIC ? 1 : r == R_DOC ? 2 : 0;
}
