/* terms_entities.c: the terms and values a document's entities make
 * (terms.h, docs/termprefixes.md).
 *
 * The title and the body are read by the extractors (entities.h) apart;
 * their records become filter terms (XO officials, XD legal references,
 * XK document types, XP places, XY the year, XF figure units), the
 * document's day (TC_SLOT_DAY), the facet keys (TC_SLOT_FACETS) and the
 * compact JSON the results show (TC_SLOT_ENTITIES).  Which entities there
 * are is entities.c's business; this file only decides what the index
 * keeps of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"
#include "tracuu/entities.h"
#include "tracuu/error.h"
#include "tracuu/terms.h"

/* Per kind, at most this many distinct entities are kept in the facet and
 * display values (terms are made for every one). */
#define SHOW_MAX 10
#define FACET_MAX 32
#define PLACES_MAX 3          /* a document is about its 3 main places */

size_t tc_term_entity(char *buf, size_t cap, const char *prefix,
                      const char *key, size_t len)
{
    size_t n = tc_term_make(buf, cap, prefix, key, len);
    for (size_t i = strlen(prefix); i < n; i++)
        if (buf[i] == ' ')
            buf[i] = TC_BIGRAM_JOIN;
    return n;
}

int tc_term_key(const char *s, size_t len, char **out)
{
    if (len == 1 && s[0] == '%') {
        *out = strdup("%");
        return *out ? TC_OK : TC_ENOMEM;
    }
    return tc_normalize_text(s, len, NULL, out);
}

/* What one document's entities add up to, across its title and body. */
typedef struct collect {
    tc_xdoc *x;
    tc_buf facets;            /* "K\tkey\tdisplay\n" lines */
    tc_buf figs;              /* "unit\tvalue\n" lines */
    json_t *officials, *refs, *figures, *places;
    char *seen[5][FACET_MAX]; /* keys already in the facets, per kind */
    size_t nseen[5];
    int rc;
} collect;

enum { K_OFFICIAL, K_DOC, K_TYPE, K_PLACE, K_FIGURE };
static const char kind_letter[] = "ODKPF";

/* tc_term_key of s into buf; 0 when empty, too long or out of memory. */
static int folded_key(const char *s, char *buf, size_t cap)
{
    char *f = NULL;
    int ok = tc_term_key(s, strlen(s), &f) == TC_OK && f && *f &&
             strlen(f) < cap;
    if (ok)
        memcpy(buf, f, strlen(f) + 1);
    free(f);
    return ok;
}

static void add_term(collect *c, const char *prefix, const char *key)
{
    char term[TC_TERM_MAX + 1];
    size_t n = tc_term_entity(term, sizeof term, prefix, key, strlen(key));
    if (n && c->rc == TC_OK && *key)
        c->rc = tc_xdoc_add_term(c->x, term, n, 1);
}

/* 1 when key is new for kind (and now remembered), 0 when seen or full. */
static int first_time(collect *c, int kind, const char *key)
{
    for (size_t i = 0; i < c->nseen[kind]; i++)
        if (strcmp(c->seen[kind][i], key) == 0)
            return 0;
    if (c->nseen[kind] == FACET_MAX)
        return 0;
    if (!(c->seen[kind][c->nseen[kind]] = strdup(key))) {
        c->rc = TC_ENOMEM;
        return 0;
    }
    c->nseen[kind]++;
    return 1;
}

static void add_facet(collect *c, int kind, const char *key,
                      const char *display)
{
    if (kind != K_FIGURE)
        tc_buf_printf(&c->facets, "%c\t%s\t%s\n", kind_letter[kind], key,
                      display);
}

static void push(collect *c, json_t *arr, json_t *item)
{
    if (!item || json_array_append_new(arr, item) != 0)
        c->rc = TC_ENOMEM;
}

static void date_string(int32_t v, char *buf, size_t cap)
{
    if (v <= 0)
        buf[0] = '\0';
    else if (v % 100 == 0)
        snprintf(buf, cap, "%04d-%02d", (int)(v / 10000),
                 (int)(v / 100 % 100));
    else
        snprintf(buf, cap, "%04d-%02d-%02d", (int)(v / 10000),
                 (int)(v / 100 % 100), (int)(v % 100));
}

static void take_officials(collect *c, const tc_entities *e)
{
    for (size_t i = 0; i < e->n_officials; i++) {
        const tc_official *o = &e->officials[i];
        add_term(c, TC_PREFIX_OFFICIAL, o->key);
        if (!first_time(c, K_OFFICIAL, o->key))
            continue;
        add_facet(c, K_OFFICIAL, o->key, o->name);
        if (json_array_size(c->officials) < SHOW_MAX)
            push(c, c->officials, json_pack("{s:s,s:s}", "name", o->name,
                                            "title", o->title));
    }
}

static void take_refs(collect *c, const tc_entities *e)
{
    for (size_t i = 0; i < e->n_legalrefs; i++) {
        const tc_legalref *r = &e->legalrefs[i];
        char type_key[128], when[16];
        add_term(c, TC_PREFIX_DOCREF, r->key);
        if (strcmp(r->short_key, r->key) != 0)
            add_term(c, TC_PREFIX_DOCREF, r->short_key);
        if (*r->type && folded_key(r->type, type_key, sizeof type_key)) {
            add_term(c, TC_PREFIX_DOCTYPE, type_key);
            if (first_time(c, K_TYPE, type_key))
                add_facet(c, K_TYPE, type_key, r->type);
        }
        if (!first_time(c, K_DOC, r->key))
            continue;
        add_facet(c, K_DOC, r->key, r->text);
        if (json_array_size(c->refs) >= SHOW_MAX)
            continue;
        date_string(r->date, when, sizeof when);
        push(c, c->refs, json_pack("{s:s,s:s,s:s,s:i,s:s?}", "number",
                                   r->text, "type", r->type, "issuer",
                                   r->issuer, "year", r->year, "date",
                                   *when ? when : NULL));
    }
}

static void take_figures(collect *c, const tc_entities *e)
{
    for (size_t i = 0; i < e->n_figures; i++) {
        const tc_figure *f = &e->figures[i];
        char unit[128];
        if (*f->unit && folded_key(f->unit, unit, sizeof unit)) {
            add_term(c, TC_PREFIX_UNIT, unit);
            tc_buf_printf(&c->figs, "%s\t%.17g\n", unit, f->value);
        }
        if (json_array_size(c->figures) >= SHOW_MAX ||
            !first_time(c, K_FIGURE, f->text))
            continue;
        push(c, c->figures, json_pack("{s:s,s:f,s:s,s:s}", "text", f->text,
                                      "value", f->value, "unit", f->unit,
                                      "context", f->context));
    }
}

static void take_places(collect *c, const tc_entities *e)
{
    const tc_place_count *top;
    size_t n = tc_entities_top_places(e, PLACES_MAX, &top);
    for (size_t i = 0; i < n; i++) {
        add_term(c, TC_PREFIX_PLACE, top[i].key);
        if (!first_time(c, K_PLACE, top[i].key))
            continue;
        add_facet(c, K_PLACE, top[i].key, top[i].name);
        push(c, c->places, json_string(top[i].name));
    }
}

static void take(collect *c, const tc_entities *e)
{
    take_officials(c, e);
    take_refs(c, e);
    take_figures(c, e);
    take_places(c, e);
}

/* The day (TC_SLOT_DAY) and year term of the document. */
static void take_day(collect *c, int32_t day, json_t *shown)
{
    char v[16], when[16];
    if (day <= 0 || c->rc != TC_OK)
        return;
    snprintf(v, sizeof v, "%08ld", (long)day);
    c->rc = tc_xdoc_set_value(c->x, TC_SLOT_DAY, v, 8);
    snprintf(v, sizeof v, "%04ld", (long)(day / 10000));
    add_term(c, TC_PREFIX_YEAR, v);
    tc_buf_printf(&c->facets, "Y\t%s\t%s\n", v, v);
    date_string(day, when, sizeof when);
    if (json_object_set_new(shown, "date", json_string(when)) != 0)
        c->rc = TC_ENOMEM;
}

static void collect_free(collect *c)
{
    json_decref(c->officials);
    json_decref(c->refs);
    json_decref(c->figures);
    json_decref(c->places);
    tc_buf_free(&c->facets);
    tc_buf_free(&c->figs);
    for (int k = 0; k < 5; k++)
        for (size_t i = 0; i < c->nseen[k]; i++)
            free(c->seen[k][i]);
}

/* Store the display JSON and the facets as values. */
static void store(collect *c, json_t *shown)
{
    json_object_set(shown, "officials", c->officials);
    json_object_set(shown, "legal_refs", c->refs);
    json_object_set(shown, "figures", c->figures);
    json_object_set(shown, "places", c->places);
    char *s = json_dumps(shown, JSON_COMPACT);
    if (!s || c->facets.oom || c->figs.oom) {
        free(s);
        c->rc = TC_ENOMEM;
        return;
    }
    if (c->rc == TC_OK)
        c->rc = tc_xdoc_set_value(c->x, TC_SLOT_ENTITIES, s, strlen(s));
    if (c->rc == TC_OK && c->facets.len)
        c->rc = tc_xdoc_set_value(c->x, TC_SLOT_FACETS, c->facets.p,
                                  c->facets.len);
    if (c->rc == TC_OK && c->figs.len)
        c->rc = tc_xdoc_set_value(c->x, TC_SLOT_FIGURES, c->figs.p,
                                  c->figs.len);
    free(s);
}

int tc_terms_add_entities(tc_xdoc *x, const tc_doc *d)
{
    collect c;
    tc_entity_opts opts;
    tc_entities *et = NULL, *eb = NULL;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.officials = json_array();
    c.refs = json_array();
    c.figures = json_array();
    c.places = json_array();
    json_t *shown = json_object();
    tc_entity_opts_init(&opts);
    opts.doc_date = d->date;
    if (!c.officials || !c.refs || !c.figures || !c.places || !shown)
        c.rc = TC_ENOMEM;
    if (c.rc == TC_OK && d->title)
        c.rc = tc_entities_extract(d->title, strlen(d->title), &opts, &et);
    if (c.rc == TC_OK && d->body)
        c.rc = tc_entities_extract(d->body, d->body_len, &opts, &eb);
    if (c.rc == TC_OK) {
        if (et)
            take(&c, et);
        if (eb)
            take(&c, eb);
        int32_t day = tc_date_from_meta(d->date ? d->date : "",
                                        d->date ? strlen(d->date) : 0);
        if (!day)
            day = tc_entities_doc_date(eb);
        take_day(&c, day, shown);
        store(&c, shown);
    }
    tc_entities_free(et);
    tc_entities_free(eb);
    json_decref(shown);
    int rc = c.rc;
    collect_free(&c);
    return rc;
}
