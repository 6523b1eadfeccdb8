/* server.h: tracuu-server, search over HTTP (libmicrohttpd).
 *
 * One daemon with a thread pool; each pool thread keeps its own handle on
 * the index (Xapian objects are never shared between threads) and brings
 * it up to the latest commit before each request, so documents the
 * indexer commits appear at once, without a restart.  Routes, one handler each (server.c):
 *
 *   GET /api/search?q=&limit=&offset=   the JSON of tracuu-search --json
 *   GET /api/doc/{id}                   one document's stored record
 *   GET /opensearch.xml                 the OpenSearch description
 *   GET /search.atom?q=, /search.rss?q= results as feeds (feeds.h)
 *   GET /healthz, /metrics              liveness, Prometheus text
 *   GET /, /{file}                      the search page, from the web dir
 *   OPTIONS *                           CORS preflight
 *
 * Search, feed and suggestion answers are kept in a cache bounded in bytes
 * (cache.h) and served from it while the index stays at the same revision.
 *
 * Errors are JSON, {"error": {"code", "message"}}, with the right status:
 * 400 a bad parameter, 404, 405, 414 a query over TC_QUERY_MAX_BYTES, 503
 * when the index cannot be opened.  Every limit is set explicitly (see
 * tc_server_config). */
#ifndef TRACUU_SERVER_H
#define TRACUU_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_server_config {
    const char *db;            /* the index */
    const char *web;           /* the search page's directory; NULL: none */
    const char *bind;          /* address to listen on (default 127.0.0.1) */
    uint16_t port;             /* 0: any free port (see tc_server_port) */
    unsigned threads;          /* pool size (default: one per core) */
    unsigned max_connections;  /* at once, all clients (default 256) */
    unsigned per_ip;           /* at once, from one address (default 64) */
    unsigned timeout_s;        /* idle connection timeout, and the time a
                                * request's headers may take (default 10) */
    size_t conn_memory;        /* per-connection memory (default 64 KiB) */
    size_t cache_bytes;        /* answer cache bound (default 64 MiB; 0: no
                                * cache): see cache.h */
    int log_queries;           /* the access log shows the query itself */
    unsigned shard_timeout_ms; /* remote shards: connect and answer within
                                * this (0: tc_db_open_opts' default) */
} tc_server_config;

void tc_server_config_init(tc_server_config *c);

typedef struct tc_server tc_server;

/* Start serving in background threads; TC_EIO with a message when the
 * address cannot be bound. */
int tc_server_start(const tc_server_config *c, tc_server **out,
                    tc_error *err);

/* The port actually listened on. */
uint16_t tc_server_port(const tc_server *s);

/* Stop accepting, finish the requests under way, free everything. */
void tc_server_stop(tc_server *s);

#ifdef __cplusplus
}
#endif

#endif
