/* facets.c: entity counts over the matches (facets.h).  Keys are counted
 * in a chained hash table per request; each line of a document's facet
 * value is "K\tkey\tdisplay". */
#include "facets.h"

#include <stdlib.h>
#include <string.h>

#include "tracuu/buf.h"
#include "tracuu/docrec.h"
#include "tracuu/terms.h"

#define NBUCKETS 4096

static const struct {
    char letter;
    const char *name;
} kinds[] = {{'O', "officials"}, {'D', "legal_refs"}, {'K', "types"},
             {'P', "places"}, {'Y', "years"}};
#define NKINDS (sizeof kinds / sizeof kinds[0])

typedef struct count {
    struct count *next;
    int kind;
    unsigned n;
    char *key, *display;
} count;

typedef struct table {
    count *b[NBUCKETS];
    count **all;
    size_t n, cap;
    int oom;
} table;

static void tally(table *t, int kind, const char *key, size_t klen,
                  const char *display, size_t dlen)
{
    uint64_t h = tc_hash64(TC_HASH_INIT + (uint64_t)kind, key, klen);
    count **p = &t->b[h % NBUCKETS];
    for (count *c = *p; c; c = c->next)
        if (c->kind == kind && strlen(c->key) == klen &&
            memcmp(c->key, key, klen) == 0) {
            c->n++;
            return;
        }
    count *c = calloc(1, sizeof *c);
    count **all = c ? tc_grow(t->all, &t->cap, t->n + 1, sizeof *all) : NULL;
    if (all)
        t->all = all;         /* grown (maybe moved) whatever comes next */
    if (c)
        c->key = strndup(key, klen), c->display = strndup(display, dlen);
    if (!c || !all || !c->key || !c->display) {
        if (c)
            free(c->key), free(c->display);
        free(c);
        t->oom = 1;
        return;
    }
    c->kind = kind;
    c->n = 1;
    c->next = *p;
    *p = c;
    t->all[t->n++] = c;
}

/* Count one document's facet value. */
static void tally_doc(table *t, const char *v, size_t len)
{
    const char *end = v + len;
    while (v < end) {
        const char *nl = memchr(v, '\n', (size_t)(end - v));
        const char *le = nl ? nl : end;
        const char *t1 = memchr(v, '\t', (size_t)(le - v));
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1))
                            : NULL;
        for (size_t k = 0; t2 && k < NKINDS; k++)
            if (t1 == v + 1 && v[0] == kinds[k].letter)
                tally(t, (int)k, t1 + 1, (size_t)(t2 - t1 - 1), t2 + 1,
                      (size_t)(le - t2 - 1));
        v = le + 1;
    }
}

static int by_count(const void *a, const void *b)
{
    const count *x = *(const count *const *)a, *y = *(const count *const *)b;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

static json_t *to_json(table *t, uint32_t docs, int exact)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (t->n)
        qsort(t->all, t->n, sizeof *t->all, by_count);
    for (size_t k = 0; k < NKINDS; k++) {
        json_t *arr = json_array();
        size_t shown = 0;
        for (size_t i = 0; arr && i < t->n; i++)
            if (t->all[i]->kind == (int)k && shown < TC_FACET_TOP) {
                json_array_append_new(arr, json_pack("{s:s,s:s,s:i}", "key",
                    t->all[i]->key, "name", t->all[i]->display, "count",
                    (int)t->all[i]->n));
                shown++;
            }
        if (!arr || json_object_set_new(o, kinds[k].name, arr) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    json_object_set_new(o, "documents", json_integer(docs));
    json_object_set_new(o, "exact", json_boolean(exact));
    return o;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->all[i]->key);
        free(t->all[i]->display);
        free(t->all[i]);
    }
    free(t->all);
}

int tc_facets(tc_db *db, const tc_xquery *q, const tc_search_opts *base,
              json_t **out, tc_error *err)
{
    tc_search_opts opts;
    tc_mset *ms = NULL;
    table *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    tc_search_opts_init(&opts);
    if (base) {
        opts.range_slot = base->range_slot;
        opts.range_key = base->range_key;
        opts.range_lo = base->range_lo;
        opts.range_hi = base->range_hi;
        opts.tie_slot = base->tie_slot;
    }
    uint32_t most = tc_db_remote(db) ? TC_FACET_DOCS_REMOTE : TC_FACET_DOCS;
    opts.limit = most;
    opts.value_slots = 1u << TC_SLOT_FACETS;
    opts.skip_data = 1;
    int rc = tc_db_search(db, q, &opts, &ms, err);
    for (uint32_t i = 0; rc == TC_OK && i < tc_mset_size(ms); i++) {
        char *v = NULL;
        size_t len = 0;
        rc = tc_mset_value(ms, i, TC_SLOT_FACETS, &v, &len, err);
        if (rc == TC_OK)
            tally_doc(t, v, len);
        free(v);
    }
    if (rc == TC_OK) {
        uint32_t n = tc_mset_size(ms);
        *out = t->oom ? NULL
                      : to_json(t, n, n == tc_mset_upper_bound(ms) ||
                                          n < most);
        if (!*out)
            rc = tc_error_set(err, TC_ENOMEM, "out of memory");
    }
    tc_mset_free(ms);
    table_free(t);
    free(t);
    return rc;
}
