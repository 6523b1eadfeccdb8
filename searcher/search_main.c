/* search_main.c: tracuu-search, the command-line search.
 *
 *   tracuu-search --db DIR [--json] [--limit N] [--offset N] QUERY...
 *
 * Runs one search (search.c) and prints the results: for people, ranked
 * titles with their snippets (highlights in bold on a terminal); with
 * --json, the same JSON object the HTTP server returns. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "search.h"
#include "query.h"
#include "tracuu/cli.h"

static void usage(FILE *f)
{
    fputs(
"Usage: tracuu-search --db DIR [options] QUERY...\n"
"Search the tracuu index DIR (a directory, or a stub file listing shards,\n"
"local ones as \"auto PATH\", remote ones as \"remote HOST:PORT\" served by\n"
"xapian-tcpsrv).\n"
"\n"
"Query syntax: words (all must match; diacritics optional: \"thanh hoa\"\n"
"finds \"Thanh Hóa\"), \"a phrase\", a OR b, a AND b, NOT a, -a, (groups),\n"
"title:word.  Entities: official:\"Lê Anh Tuấn\", doc:36a/NQ-CP (văn bản:),\n"
"type:\"nghị quyết\", place:\"Thanh Hóa\" (tỉnh:), date:2018..2020 or\n"
"date:2018-01-01..2018-06-30, figure:\"thuê bao\".\n"
"A question about a figure (\"doanh thu bao nhiêu\", \"có mấy tập thể\") is\n"
"searched without its question words and answered from the figures of\n"
"the best documents.\n"
"A query that does not parse is searched as plain words.\n"
"Options come before the query; a query that starts with - goes after --\n"
"(tracuu-search --db idx -- -internet \"thuê bao\").  At most 4096 bytes.\n"
"\n"
"Options:\n"
"  --db DIR        the index (required)\n"
"  --json          print one JSON object: query, total_estimated, took_ms,\n"
"                  offset, limit, relaxed, restored, alternatives,\n"
"                  also_searched, did_you_mean, facets, answers (a\n"
"                  question about a figure: \"doanh thu bao nhiêu\"),\n"
"                  results [{id, title, url, date, score, snippet,\n"
"                  similar, entities}]\n"
"  --official NAME, --doc NUMBER, --type TYPE, --place NAME\n"
"                  only documents with that entity (as the fields above)\n"
"  --from DATE, --to DATE  only documents dated in that range (YYYY,\n"
"                  YYYY-MM or YYYY-MM-DD)\n"
"  --sort relevance|date   date: newest first (default relevance)\n"
"  --no-facets     leave the facets out of --json\n"
"  --no-collapse   show near duplicates (the same story republished) as\n"
"                  results of their own; by default each is one result\n"
"                  with \"+N similar\"\n"
"  --limit N       results to show (default 10, at most 100)\n"
"  --offset N      results to skip (default 0, at most 10000)\n"
"  --explain       print the Xapian query on standard error\n"
"  --shard-timeout MS  a remote shard that does not connect or answer\n"
"                  within MS is left out (\"partial\": true; default 2000)\n"
"  --help, --version\n"
"\n"
"Exit status: 0 (also with no results), 2 bad options, an index that\n"
"cannot be opened or a query over the length limit.\n", f);
}

static int parse_uint(const char *s, unsigned max, uint32_t *out)
{
    uint64_t v;
    if (tc_parse_number(s, max, 0, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* Join argv[from..argc) with spaces. */
static void print_entities(const char *js);

static char *join_args(int argc, char **argv, int from)
{
    size_t len = 1;
    for (int i = from; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = from; i < argc; i++) {
        if (i > from)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

/* Print a field of a document (title, id, url) with its control
 * characters as spaces: a document must not drive the terminal. */
static void print_field(const char *s)
{
    for (; *s; s++)
        fputc(((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s, stdout);
}

/* Print a snippet (ANSI bold around highlights; the snippet builder has
 * already scrubbed the text's own control characters), without the bold
 * when bold is 0. */
static void print_snippet(const char *s, int bold)
{
    while (*s) {
        if (!bold && s[0] == '\033' && s[1] == '[') {
            const char *m = strchr(s, 'm');
            if (m) {
                s = m + 1;
                continue;
            }
        }
        fputc(*s++, stdout);
    }
}

/* The answers of a question about a figure (answers.h), above the
 * results: each figure, its sentence with the figure in bold, and the
 * document it comes from. */
static void print_answers(const json_t *answers, int bold)
{
    size_t n = json_array_size(answers);
    if (!n)
        return;
    fputs(n == 1 ? "Answer:\n" : "Answers:\n", stdout);
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(answers, i);
        const char *fig = json_string_value(json_object_get(a, "figure"));
        const char *sent = json_string_value(json_object_get(a, "sentence"));
        const char *title = json_string_value(json_object_get(a, "title"));
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *at = fig && sent ? strstr(sent, fig) : NULL;
        printf(" %s* ", bold ? "\033[1m" : "");
        print_field(fig ? fig : "");
        fputs(bold ? "\033[0m\n   " : "\n   ", stdout);
        if (at) {
            /* answers.c has made the sentence's control characters
             * spaces */
            fwrite(sent, 1, (size_t)(at - sent), stdout);
            fputs(bold ? "\033[1m" : "", stdout);
            print_field(fig);
            fputs(bold ? "\033[0m" : "", stdout);
            print_field(at + strlen(fig));
        } else {
            print_field(sent ? sent : "");
        }
        fputs("\n   from: ", stdout);
        print_field(title && *title ? title : id ? id : "");
        if (id && title && *title) {
            fputs(" (", stdout);
            print_field(id);
            fputs(")", stdout);
        }
        fputs("\n", stdout);
    }
    fputs("\n", stdout);
}

static void print_human(const tc_results *r, int bold)
{
    if (r->n == 0 && r->total_estimated == 0) {
        fputs("No results for \"", stdout);
        print_field(r->query);
        fputs("\".\n", stdout);
        return;
    }
    if (r->relaxed)
        printf("No document has every word; showing documents with any of "
               "them.\n");
    for (size_t i = 0; i < r->nmissing; i++) {
        fputs("Shard left out (down or slow): ", stdout);
        print_field(r->missing[i]);
        fputs("\n", stdout);
    }
    if (r->restored) {
        fputs("Results for: ", stdout);
        print_field(r->restored);
        fputs("\n", stdout);
    }
    if (r->did_you_mean) {
        fputs("Did you mean: ", stdout);
        print_field(r->did_you_mean);
        fputs("\n", stdout);
    }
    if (r->also_searched) {
        fputs("Also searched: ", stdout);
        print_field(r->also_searched);
        fputs("\n", stdout);
    }
    printf("About %u result%s (%.1f ms)\n\n", r->total_estimated,
           r->total_estimated == 1 ? "" : "s", r->took_ms);
    print_answers(r->answers, bold);
    if (r->n == 0)
        printf("Nothing on this page (from result %u on).\n",
               r->offset + 1);
    for (size_t i = 0; i < r->n; i++) {
        const tc_result *it = &r->items[i];
        const char *title = it->title && *it->title ? it->title : it->id;
        printf("%s%zu. ", bold ? "\033[1m" : "", r->offset + i + 1);
        print_field(title);
        fputs(bold ? "\033[0m\n   " : "\n   ", stdout);
        print_field(it->id);
        if (it->date) {
            fputs("  ", stdout);
            print_field(it->date);
        }
        printf("  score %.3f", it->score);
        if (it->similar)
            printf("  (+%u similar)", it->similar);
        fputc('\n', stdout);
        if (it->url) {
            fputs("   ", stdout);
            print_field(it->url);
            fputc('\n', stdout);
        }
        fputs("   ", stdout);
        print_snippet(it->snippet ? it->snippet : "", bold);
        fputs("\n", stdout);
        print_entities(it->entities);
        fputs("\n", stdout);
    }
}

/* One line per kind of entity a result has, at most 4 of each:
 * "   officials: Lê Anh Tuấn (Phó Chủ tịch UBND tỉnh), ..." */
static void print_entities(const char *js)
{
    static const struct { const char *kind, *field, *extra; } kinds[] = {
        {"officials", "name", "title"}, {"legal_refs", "number", "type"},
        {"figures", "text", NULL}, {"places", NULL, NULL}};
    json_t *o = js && *js ? json_loads(js, 0, NULL) : NULL;
    for (size_t k = 0; o && k < sizeof kinds / sizeof kinds[0]; k++) {
        json_t *arr = json_object_get(o, kinds[k].kind);
        size_t n = json_array_size(arr);
        if (!n)
            continue;
        printf("   %s: ", kinds[k].kind);
        for (size_t i = 0; i < n && i < 4; i++) {
            json_t *e = json_array_get(arr, i);
            const char *main = kinds[k].field
                ? json_string_value(json_object_get(e, kinds[k].field))
                : json_string_value(e);
            const char *extra = kinds[k].extra
                ? json_string_value(json_object_get(e, kinds[k].extra)) : NULL;
            fputs(i ? ", " : "", stdout);
            print_field(main ? main : "");
            if (extra && *extra) {
                fputs(" (", stdout);
                print_field(extra);
                fputs(")", stdout);
            }
        }
        fputs(n > 4 ? ", ...\n" : "\n", stdout);
    }
    json_decref(o);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},
        {"json", no_argument, 0, 'j'},
        {"limit", required_argument, 0, 'l'},
        {"offset", required_argument, 0, 'o'},
        {"explain", no_argument, 0, 'e'},
        {"official", required_argument, 0, 'O'},
        {"doc", required_argument, 0, 'D'},
        {"type", required_argument, 0, 'K'},
        {"place", required_argument, 0, 'P'},
        {"from", required_argument, 0, 'F'},
        {"to", required_argument, 0, 'T'},
        {"sort", required_argument, 0, 'S'},
        {"no-facets", no_argument, 0, 'N'},
        {"no-collapse", no_argument, 0, 'C'},
        {"shard-timeout", required_argument, 0, 'M'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    const char *dbpath = NULL;
    int json = 0, explain = 0, facets = 1, c, status = 0;
    tc_search_request req;
    tc_error err;
    tc_db *db = NULL;
    tc_results *res = NULL;
    tc_db_open_opts oo;
    char *q = NULL;

    tc_search_request_init(&req);
    tc_db_open_opts_init(&oo);
    /* a remote shard that went away must fail a write, not kill us */
    signal(SIGPIPE, SIG_IGN);
    /* "+": options end at the first query word, so "thanh -hoa" is a
     * query; a query that starts with "-" comes after "--" */
    while ((c = getopt_long(argc, argv, "+d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': dbpath = optarg; break;
        case 'j': json = 1; break;
        case 'e': explain = 1; break;
        case 'O': req.official = optarg; break;
        case 'D': req.doc = optarg; break;
        case 'K': req.type = optarg; break;
        case 'P': req.place = optarg; break;
        case 'F': req.from = optarg; break;
        case 'T': req.to = optarg; break;
        case 'N': facets = 0; break;
        case 'C': req.collapse = 0; break;
        case 'M':
            if (parse_uint(optarg, 600000, &oo.shard_timeout_ms) ||
                !oo.shard_timeout_ms) {
                fprintf(stderr, "tracuu-search: --shard-timeout: '%s' is not "
                        "a number of milliseconds from 1 to 600000\n", optarg);
                return 2;
            }
            break;
        case 'S':
            if (strcmp(optarg, "date") != 0 && strcmp(optarg, "relevance")) {
                fprintf(stderr, "tracuu-search: --sort: '%s' is not "
                        "relevance or date\n", optarg);
                return 2;
            }
            req.sort_by_date = strcmp(optarg, "date") == 0;
            break;
        case 'l':
            if (parse_uint(optarg, TC_SEARCH_MAX_LIMIT, &req.limit)) {
                fprintf(stderr, "tracuu-search: --limit: '%s' is not a "
                        "number from 0 to %d\n", optarg, TC_SEARCH_MAX_LIMIT);
                return 2;
            }
            break;
        case 'o':
            if (parse_uint(optarg, TC_SEARCH_MAX_OFFSET, &req.offset)) {
                fprintf(stderr, "tracuu-search: --offset: '%s' is not a "
                        "number from 0 to %d\n", optarg, TC_SEARCH_MAX_OFFSET);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("tracuu-search %s (Xapian %s)\n", TRACUU_VERSION,
                   tc_xapian_version());
            return 0;
        default: usage(stderr); return 2;
        }
    }
    int filtered = req.official || req.doc || req.type || req.place ||
                   req.from || req.to;
    if (!dbpath || (optind >= argc && !filtered)) {
        fputs("tracuu-search: need --db DIR and a QUERY (see --help)\n",
              stderr);
        return 2;
    }
    if (tc_db_open_with(dbpath, &oo, &db, &err) != TC_OK) {
        fprintf(stderr, "tracuu-search: cannot open index '%s': %s\n", dbpath,
                err.msg);
        return 2;
    }
    q = join_args(argc, argv, optind);
    if (!q) {
        fputs("tracuu-search: out of memory\n", stderr);
        status = 2;
        goto done;
    }
    /* bold on a terminal, unless NO_COLOR is set (no-color.org) */
    const char *nc = getenv("NO_COLOR");
    int bold = isatty(STDOUT_FILENO) && !(nc && *nc);
    req.query = q;
    req.query_len = strlen(q);
    req.snippet_format = json ? TC_SNIPPET_HTML : TC_SNIPPET_ANSI;
    req.want_facets = json && facets;
    if (explain) {
        tc_parsed_query pq;
        if (tc_query_parse(q, req.query_len, &pq) == TC_OK) {
            char *d = tc_xquery_describe(pq.query);
            fprintf(stderr, "%s\n", d ? d : "(no description)");
            free(d);
            tc_parsed_query_clear(&pq);
        }
    }
    if (tc_search(db, &req, &res, &err) != TC_OK) {
        fprintf(stderr, "tracuu-search: %s\n", err.msg);
        status = 2;
        goto done;
    }
    if (json) {
        json_t *o = tc_results_to_json(res);
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (!s) {
            fputs("tracuu-search: out of memory\n", stderr);
            status = 2;
        } else {
            puts(s);
        }
        free(s);
        json_decref(o);
    } else {
        print_human(res, bold);
    }
done:
    tc_results_free(res);
    free(q);
    tc_db_free(db);
    return status;
}
