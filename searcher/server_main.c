/* server_main.c: tracuu-server, the HTTP search server's command line.
 *
 *   tracuu-server --db DIR [--bind 127.0.0.1] [--port 8080] [--threads N]
 *
 * Parses the options, starts the server (server.c) and waits for SIGINT or
 * SIGTERM, which stop it gracefully: requests under way are finished. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "server.h"
#include "tracuu/cli.h"
#include "tracuu/xapian.h"

static void usage(FILE *f, const tc_server_config *d)
{
    fprintf(f,
"Usage: tracuu-server --db DIR [options]\n"
"Serve the tracuu index DIR over HTTP: the search page, a JSON API and\n"
"OpenSearch for portals.  DIR may be a stub file listing shards, local\n"
"(auto PATH) or served by xapian-tcpsrv (remote HOST:PORT).\n"
"\n"
"Options:\n"
"  --db DIR              the index (required)\n"
"  --bind ADDR           address to listen on (default %s)\n"
"  --port N              port (default %u; 0: any free port)\n"
"  --threads N           worker threads (default: one per core, here %u)\n"
"  --web DIR             the search page's files (default %s)\n"
"  --max-connections N   connections at once (default %u)\n"
"  --per-ip N            connections at once from one address (default %u)\n"
"  --timeout S           drop a connection idle for S seconds, or that\n"
"                        takes longer to send a request's headers\n"
"                        (default %u)\n"
"  --cache-mb N          keep answers in a cache of N MiB while the index\n"
"                        stays at one revision (default %zu; 0: none)\n"
"  --log-queries         show each query in the access log (default: its\n"
"                        length only)\n"
"  --shard-timeout MS    a remote shard that does not connect or answer\n"
"                        within MS is left out of the answer, which says\n"
"                        \"partial\" (default 2000)\n"
"  --help, --version\n"
"\n"
"Routes: GET /api/search?q=&limit=&offset=, /api/doc/{id},\n"
"/opensearch.xml, /search.atom?q=, /search.rss?q=, /healthz, /metrics,\n"
"and the search page at /.  SIGINT or SIGTERM stop it gracefully.\n",
            d->bind, d->port, d->threads, TRACUU_WEB_DIR,
            d->max_connections, d->per_ip, d->timeout_s,
            d->cache_bytes >> 20);
}

static int parse_uint(const char *opt, const char *s, unsigned long max,
                      unsigned long *out)
{
    uint64_t v;
    if (tc_parse_number(s, max, 0, &v)) {
        fprintf(stderr, "tracuu-server: %s: '%s' is not a number from 0 "
                "to %lu\n", opt, s, max);
        return -1;
    }
    *out = (unsigned long)v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"bind", required_argument, 0, 'b'},
        {"port", required_argument, 0, 'p'},
        {"threads", required_argument, 0, 't'},
        {"web", required_argument, 0, 'w'},
        {"max-connections", required_argument, 0, 'c'},
        {"per-ip", required_argument, 0, 'i'},
        {"timeout", required_argument, 0, 'T'},
        {"log-queries", no_argument, 0, 'l'},
        {"cache-mb", required_argument, 0, 'C'},
        {"shard-timeout", required_argument, 0, 'S'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    tc_server_config cfg, defaults;
    unsigned long v;
    int c;

    tc_server_config_init(&cfg);
    defaults = cfg;
    cfg.web = TRACUU_WEB_DIR;
    while ((c = getopt_long(argc, argv, "d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': cfg.db = optarg; break;
        case 'b': cfg.bind = optarg; break;
        case 'w': cfg.web = optarg; break;
        case 'l': cfg.log_queries = 1; break;
        case 'p':
            if (parse_uint("--port", optarg, 65535, &v))
                return 2;
            cfg.port = (uint16_t)v;
            break;
        case 't':
            if (parse_uint("--threads", optarg, 256, &v) || v == 0)
                return 2;
            cfg.threads = (unsigned)v;
            break;
        case 'c':
            if (parse_uint("--max-connections", optarg, 100000, &v) || !v)
                return 2;
            cfg.max_connections = (unsigned)v;
            break;
        case 'i':
            if (parse_uint("--per-ip", optarg, 100000, &v) || !v)
                return 2;
            cfg.per_ip = (unsigned)v;
            break;
        case 'T':
            if (parse_uint("--timeout", optarg, 3600, &v) || !v)
                return 2;
            cfg.timeout_s = (unsigned)v;
            break;
        case 'C':
            if (parse_uint("--cache-mb", optarg, 65536, &v))
                return 2;
            cfg.cache_bytes = (size_t)v << 20;
            break;
        case 'S':
            if (parse_uint("--shard-timeout", optarg, 600000, &v) || !v)
                return 2;
            cfg.shard_timeout_ms = (unsigned)v;
            break;
        case 'h': usage(stdout, &defaults); return 0;
        case 'V':
            printf("tracuu-server %s (Xapian %s)\n", TRACUU_VERSION,
                   tc_xapian_version());
            return 0;
        default: usage(stderr, &defaults); return 2;
        }
    }
    if (!cfg.db || optind < argc) {
        fputs("tracuu-server: need --db DIR and no other argument (see "
              "--help)\n", stderr);
        return 2;
    }
    xmlInitParser();         /* libxml2's globals, before the threads */
    /* the worker threads inherit this mask: only sigwait() sees them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    tc_server *s;
    tc_error err;
    if (tc_server_start(&cfg, &s, &err) != TC_OK) {
        fprintf(stderr, "tracuu-server: %s\n", err.msg);
        return 2;
    }
    printf("tracuu-server: serving %s at http://%s:%u/\n", cfg.db,
           strchr(cfg.bind, ':') ? "[::1]" : cfg.bind, tc_server_port(s));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, "tracuu-server: %s, stopping\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    tc_server_stop(s);
    xmlCleanupParser();
    return 0;
}
