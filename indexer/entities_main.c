/* entities_main.c: tracuu-entities, the entities of each document as JSON
 * Lines.
 *
 *   tracuu-entities [options] INPUT...
 *
 * Reads what tracuu-index reads (readers.h: JSON Lines plain or gzip,
 * text, HTML, directories, "-") and prints one JSON object a document:
 * its id, its date, and the records of entities.h with their byte offsets
 * into the document's body.  For looking at what the extractors find, and
 * for measuring their precision (tests/eval/entities_sample.py); the
 * index does not use it. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "tracuu/cli.h"
#include "tracuu/entities.h"
#include "tracuu/error.h"
#include "tracuu/readers.h"

typedef struct run {
    tc_entity_opts opts;
    uint64_t read_errors, failed;
} run;

static void usage(FILE *f)
{
    fprintf(f,
"Usage: tracuu-entities [options] INPUT...\n"
"Print the entities of each document as JSON Lines: legal references,\n"
"officials, figures, dates and places, with byte offsets into the body.\n"
"\n"
"INPUT is what tracuu-index reads: .jsonl, .jsonl.gz, .txt, .html files,\n"
"directories (walked recursively), or - for JSON Lines on standard input.\n"
"\n"
"Options:\n"
"  --kinds LIST        comma-separated: legal_refs, officials, figures,\n"
"                      dates, places (default: all)\n"
"  --max-per-kind N    records kept per kind and document (default %u,\n"
"                      at most %u)\n"
"  --max-bytes N       bytes of a body read (K/M suffix; default 2M)\n"
"  --help, --version\n"
"\n"
"Each line: {\"id\", \"doc_date\" (YYYYMMDD, 0 when none), \"legal_refs\",\n"
"\"officials\", \"figures\", \"dates\", \"places\", \"top_places\",\n"
"\"truncated\", \"dropped\"}; every record has \"start\" and \"end\" (bytes\n"
"of the body).  Exit status: 0, 1 when some input could not be read, 2 on\n"
"a usage error.\n",
            TC_ENT_DEFAULT_MAX_PER_KIND, TC_ENT_MAX_PER_KIND_LIMIT);
}

/* ---- JSON ------------------------------------------------------------- */

static void set(json_t *o, const char *k, json_t *v)
{
    if (v)
        json_object_set_new(o, k, v);
}

static json_t *str(const char *s)
{
    return json_string(s ? s : "");
}

/* The body's bytes of a span (valid UTF-8 from the reader; null when a
 * span cut a character, which would be a bug worth seeing). */
static json_t *span_text(const tc_doc *d, tc_span sp)
{
    if (sp.end > d->body_len || sp.start > sp.end)
        return json_null();
    json_t *s = json_stringn(d->body + sp.start, sp.end - sp.start);
    return s ? s : json_null();
}

static json_t *span_obj(json_t *o, tc_span sp)
{
    set(o, "start", json_integer((json_int_t)sp.start));
    set(o, "end", json_integer((json_int_t)sp.end));
    return o;
}

static json_t *legal_json(const tc_legalref *r)
{
    json_t *o = span_obj(json_object(), r->span);
    set(o, "text", str(r->text));
    set(o, "key", str(r->key));
    set(o, "short_key", str(r->short_key));
    set(o, "number", str(r->number));
    set(o, "type", str(r->type));
    set(o, "type_code", str(r->type_code));
    set(o, "issuer", str(r->issuer));
    set(o, "issuer_code", str(r->issuer_code));
    set(o, "year", json_integer(r->year));
    set(o, "date", json_integer(r->date));
    if (r->type_span.end) {
        set(o, "type_start", json_integer((json_int_t)r->type_span.start));
        set(o, "type_end", json_integer((json_int_t)r->type_span.end));
    }
    set(o, "type_from_text", json_boolean(r->flags & TC_LREF_TYPE_FROM_TEXT));
    set(o, "issuer_from_text",
        json_boolean(r->flags & TC_LREF_ISSUER_FROM_TEXT));
    return o;
}

static json_t *official_json(const tc_official *r)
{
    json_t *o = span_obj(json_object(), r->span);
    set(o, "name", str(r->name));
    set(o, "key", str(r->key));
    set(o, "title", str(r->title));
    if (r->title_span.end) {
        set(o, "title_start", json_integer((json_int_t)r->title_span.start));
        set(o, "title_end", json_integer((json_int_t)r->title_span.end));
    }
    set(o, "title_after", json_boolean(r->flags & TC_OFF_TITLE_AFTER));
    set(o, "honorific", json_boolean(r->flags & TC_OFF_HONORIFIC));
    return o;
}

static json_t *figure_json(const tc_figure *r)
{
    json_t *o = span_obj(json_object(), r->span);
    set(o, "text", str(r->text));
    set(o, "value", json_real(r->value));
    set(o, "scale", json_real(r->scale));
    if (r->flags & TC_FIG_RATIO)
        set(o, "total", json_real(r->total));
    set(o, "unit", str(r->unit));
    set(o, "unit_folded", str(r->unit_folded));
    set(o, "context", str(r->context));
    set(o, "percent", json_boolean(r->flags & TC_FIG_PERCENT));
    set(o, "rate", json_boolean(r->flags & TC_FIG_RATE));
    return o;
}

static json_t *date_json(const tc_doc *d, const tc_date *r)
{
    json_t *o = span_obj(json_object(), r->span);
    set(o, "text", span_text(d, r->span));
    set(o, "value", json_integer(r->value));
    set(o, "year", json_integer(r->year));
    set(o, "month", json_integer(r->month));
    set(o, "day", json_integer(r->day));
    set(o, "year_inferred", json_boolean(r->flags & TC_DATE_YEAR_INFERRED));
    set(o, "of_ref", json_boolean(r->flags & TC_DATE_OF_REF));
    set(o, "month_only", json_boolean(r->flags & TC_DATE_MONTH_ONLY));
    set(o, "recurring", json_boolean(r->flags & TC_DATE_RECURRING));
    return o;
}

static json_t *place_json(const tc_doc *d, const tc_place *r)
{
    json_t *o = span_obj(json_object(), r->span);
    set(o, "text", span_text(d, r->span));
    set(o, "name", str(r->name));
    set(o, "key", str(r->key));
    set(o, "context", json_boolean(r->flags & TC_PLACE_CONTEXT));
    return o;
}

static json_t *entities_json(const tc_doc *d, const tc_entities *e)
{
    json_t *o = json_object(), *a;
    set(o, "id", str(d->id));
    set(o, "doc_date", json_integer(tc_entities_doc_date(e)));
    set(o, "legal_refs", a = json_array());
    for (size_t i = 0; i < e->n_legalrefs; i++)
        json_array_append_new(a, legal_json(&e->legalrefs[i]));
    set(o, "officials", a = json_array());
    for (size_t i = 0; i < e->n_officials; i++)
        json_array_append_new(a, official_json(&e->officials[i]));
    set(o, "figures", a = json_array());
    for (size_t i = 0; i < e->n_figures; i++)
        json_array_append_new(a, figure_json(&e->figures[i]));
    set(o, "dates", a = json_array());
    for (size_t i = 0; i < e->n_dates; i++)
        json_array_append_new(a, date_json(d, &e->dates[i]));
    set(o, "places", a = json_array());
    for (size_t i = 0; i < e->n_places; i++)
        json_array_append_new(a, place_json(d, &e->places[i]));
    const tc_place_count *top;
    size_t n = tc_entities_top_places(e, 5, &top);
    set(o, "top_places", a = json_array());
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_object();
        set(p, "name", str(top[i].name));
        set(p, "key", str(top[i].key));
        set(p, "count", json_integer(top[i].count));
        json_array_append_new(a, p);
    }
    set(o, "truncated", a = json_array());
    for (int k = 0; k < TC_ENT_NKINDS; k++)
        if (e->truncated & TC_ENT_MASK(k))
            json_array_append_new(a, json_string(tc_entity_kind_name(k)));
    if (e->truncated & TC_ENT_TRUNC_TEXT)
        json_array_append_new(a, json_string("text"));
    json_t *dr = json_object();
    for (int k = 0; k < TC_ENT_NKINDS; k++)
        if (e->dropped[k])
            set(dr, tc_entity_kind_name(k),
                json_integer((json_int_t)e->dropped[k]));
    set(o, "dropped", dr);
    return o;
}

/* ---- reading ---------------------------------------------------------- */

static int on_doc(void *ctx, tc_doc *d, const char *file, uint64_t line)
{
    run *r = ctx;
    tc_entities *e = NULL;
    tc_entity_opts opts = r->opts;
    opts.doc_date = d->date;
    int rc = tc_entities_extract(d->body ? d->body : "", d->body_len, &opts,
                                 &e);
    if (rc != TC_OK) {
        fprintf(stderr, "%s:%" PRIu64 ": %s\n", file, line, tc_strerror(rc));
        r->failed++;
        return 0;
    }
    json_t *o = entities_json(d, e);
    tc_entities_free(e);
    if (!o || json_dumpf(o, stdout, JSON_COMPACT) != 0) {
        json_decref(o);
        fprintf(stderr, "%s:%" PRIu64 ": cannot write the result\n", file,
                line);
        r->failed++;
        return 1;
    }
    json_decref(o);
    fputc('\n', stdout);
    return 0;
}

static void on_error(void *ctx, const char *file, uint64_t line,
                     const char *reason)
{
    run *r = ctx;
    r->read_errors++;
    if (line)
        fprintf(stderr, "%s:%" PRIu64 ": %s\n", file, line, reason);
    else
        fprintf(stderr, "%s: %s\n", file, reason);
}

static int parse_kinds(const char *s, unsigned *kinds)
{
    *kinds = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        int found = 0;
        for (int k = 0; k < TC_ENT_NKINDS; k++) {
            const char *name = tc_entity_kind_name(k);
            if (strlen(name) == n && strncmp(name, s, n) == 0) {
                *kinds |= TC_ENT_MASK(k);
                found = 1;
            }
        }
        if (!found)
            return -1;
        s += n;
        if (*s == ',')
            s++;
    }
    return *kinds ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"kinds", required_argument, 0, 'k'},
        {"max-per-kind", required_argument, 0, 'n'},
        {"max-bytes", required_argument, 0, 'b'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    run r;
    tc_reader_opts ropts;
    uint64_t v;
    int c;

    memset(&r, 0, sizeof r);
    tc_entity_opts_init(&r.opts);
    tc_reader_opts_init(&ropts);
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (parse_kinds(optarg, &r.opts.kinds)) {
                fprintf(stderr, "tracuu-entities: --kinds: '%s' is not a "
                        "list of legal_refs, officials, figures, dates, "
                        "places\n", optarg);
                return 2;
            }
            break;
        case 'n':
            if (tc_parse_number(optarg, TC_ENT_MAX_PER_KIND_LIMIT, 0, &v) ||
                v == 0) {
                fprintf(stderr, "tracuu-entities: --max-per-kind: '%s' is "
                        "not a number from 1 to %u\n", optarg,
                        TC_ENT_MAX_PER_KIND_LIMIT);
                return 2;
            }
            r.opts.max_per_kind = (size_t)v;
            break;
        case 'b':
            if (tc_parse_number(optarg, TC_ENT_MAX_BYTES_LIMIT, 1, &v) ||
                v == 0) {
                fprintf(stderr, "tracuu-entities: --max-bytes: '%s' is not "
                        "a size from 1 to 64M\n", optarg);
                return 2;
            }
            r.opts.max_bytes = (size_t)v;
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("tracuu-entities %s\n", TRACUU_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs("tracuu-entities: need at least one INPUT (see --help)\n",
              stderr);
        return 2;
    }
    xmlInitParser();
    tc_reader_cb cb = {on_doc, on_error, &r};
    for (int i = optind; i < argc; i++)
        if (tc_read_input(argv[i], &ropts, &cb, NULL) > 0)
            break;
    xmlCleanupParser();
    if (fflush(stdout) != 0)
        return 1;
    return r.read_errors || r.failed ? 1 : 0;
}
