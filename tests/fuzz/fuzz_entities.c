/* fuzz_entities: each entity extractor (entities.h) on any bytes, alone
 * (one kind asked at a time) and all together, plus the query-side
 * helpers (legal reference keys, place lookup, abbreviations, metadata
 * dates).  The first byte chooses the caps (records per kind, bytes read)
 * and a metadata date, so the truncation paths run too.  Checks: every
 * span lies inside the bytes read, records come in text order, strings
 * are valid UTF-8, counts stay under the caps, dates are real days. */
#include "fuzz.h"
#include "tracuu/entities.h"
#include "tracuu/error.h"

static void check_span(tc_span s, size_t scanned)
{
    FUZZ_CHECK(s.start <= s.end && s.end <= scanned);
}

static void check_str(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(fuzz_valid_utf8(s, strlen(s)));
}

static void check_order(const tc_span *prev, tc_span cur)
{
    FUZZ_CHECK(prev == NULL || prev->start <= cur.start);
}

static void check_date(const tc_date *d, size_t scanned)
{
    check_span(d->span, scanned);
    if (d->month)
        FUZZ_CHECK(d->month >= 1 && d->month <= 12);
    if (d->day)
        FUZZ_CHECK(d->day >= 1 && d->day <= 31);
}

static void check(const tc_entities *e, size_t len, size_t max_per_kind)
{
    size_t sc = e->bytes_scanned;
    FUZZ_CHECK(sc <= len);
    FUZZ_CHECK(e->n_legalrefs <= max_per_kind && e->n_officials <= max_per_kind
               && e->n_figures <= max_per_kind && e->n_dates <= max_per_kind
               && e->n_places <= max_per_kind);
    for (size_t i = 0; i < e->n_legalrefs; i++) {
        const tc_legalref *r = &e->legalrefs[i];
        check_span(r->span, sc);
        check_span(r->type_span, sc);
        check_order(i ? &e->legalrefs[i - 1].span : NULL, r->span);
    }
    for (size_t i = 0; i < e->n_officials; i++) {
        const tc_official *o = &e->officials[i];
        check_span(o->span, sc);
        check_span(o->title_span, sc);
        check_order(i ? &e->officials[i - 1].span : NULL, o->span);
    }
    for (size_t i = 0; i < e->n_figures; i++) {
        check_span(e->figures[i].span, sc);
        check_span(e->figures[i].context_span, sc);
        check_order(i ? &e->figures[i - 1].span : NULL, e->figures[i].span);
    }
    for (size_t i = 0; i < e->n_dates; i++) {
        check_date(&e->dates[i], sc);
        check_order(i ? &e->dates[i - 1].span : NULL, e->dates[i].span);
    }
    for (size_t i = 0; i < e->n_places; i++) {
        check_span(e->places[i].span, sc);
        check_str(e->places[i].name);
        check_order(i ? &e->places[i - 1].span : NULL, e->places[i].span);
    }
    for (size_t i = 0; i < e->n_place_counts; i++)
        check_str(e->place_counts[i].name);
}

static void extract(const char *text, size_t len, unsigned kinds,
                    size_t max_per_kind, size_t max_bytes, const char *date)
{
    tc_entity_opts o;
    tc_entities *e = NULL;
    tc_entity_opts_init(&o);
    o.kinds = kinds;
    o.max_per_kind = max_per_kind;
    o.max_bytes = max_bytes;
    o.doc_date = date;
    int rc = tc_entities_extract(text, len, &o, &e);
    FUZZ_CHECK(rc == TC_OK || rc == TC_ENOMEM);
    if (rc == TC_OK) {
        check(e, len, max_per_kind ? max_per_kind
                                   : TC_ENT_DEFAULT_MAX_PER_KIND);
        (void)tc_entities_doc_date(e);
        const tc_place_count *top = NULL;
        FUZZ_CHECK(tc_entities_top_places(e, 3, &top) <= 3);
    }
    tc_entities_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const dates[] = {NULL, "2018-01-04", "2021-02",
                                        "2020-02-30", "x"};
    if (size == 0)
        return 0;
    unsigned b = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t per_kind = (b & 3) == 0 ? 0 : (b & 3) == 1 ? 1 : 7;
    size_t max_bytes = (b & 4) ? len / 2 + 1 : 0;
    const char *date = dates[(b >> 3) % 5];

    for (int k = 0; k < TC_ENT_NKINDS; k++)
        extract(text, len, TC_ENT_MASK(k), per_kind, max_bytes, date);
    extract(text, len, TC_ENT_ALL, per_kind, max_bytes, date);

    tc_legalref_keys keys;
    (void)tc_legalref_query_key(text, len, &keys);
    (void)tc_place_lookup(text, len);
    (void)tc_date_from_meta(text, len);
    const tc_abbr *out[4];
    size_t n = tc_abbr_expansions(text, len, out, 4);
    for (size_t i = 0; i < n && i < 4; i++)
        check_str(out[i]->expansion);
    n = tc_abbr_abbreviations(text, len, out, 4);
    for (size_t i = 0; i < n && i < 4; i++)
        check_str(out[i]->abbr);
    return 0;
}
