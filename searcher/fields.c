/* fields.c: entity fields and boosts of the query (fields.h). */
#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/analysis.h"
#include "tracuu/entities.h"
#include "tracuu/terms.h"

/* Weight factor of an entity a plain query names, against BM25 on its
 * words: the documents that mention it as an entity rank first. */
#define ENTITY_BOOST 10.0

static const tc_query_field fields[] = {
    {"title", TC_PREFIX_TITLE, TC_FIELD_WORDS},
    {"tieu de", TC_PREFIX_TITLE, TC_FIELD_WORDS},
    {"official", TC_PREFIX_OFFICIAL, TC_FIELD_KEY},
    {"can bo", TC_PREFIX_OFFICIAL, TC_FIELD_KEY},
    {"doc", TC_PREFIX_DOCREF, TC_FIELD_DOCREF},
    {"van ban", TC_PREFIX_DOCREF, TC_FIELD_DOCREF},
    {"so hieu", TC_PREFIX_DOCREF, TC_FIELD_DOCREF},
    {"type", TC_PREFIX_DOCTYPE, TC_FIELD_KEY},
    {"loai", TC_PREFIX_DOCTYPE, TC_FIELD_KEY},
    {"place", TC_PREFIX_PLACE, TC_FIELD_PLACE},
    {"tinh", TC_PREFIX_PLACE, TC_FIELD_PLACE},
    {"date", "", TC_FIELD_DATE},
    {"ngay", "", TC_FIELD_DATE},
    {"figure", TC_PREFIX_UNIT, TC_FIELD_KEY},
    {"so lieu", TC_PREFIX_UNIT, TC_FIELD_KEY},
};
#define NFIELDS (sizeof fields / sizeof fields[0])
#define NAME_MAX_BYTES 24

/* The key of text[0..len) (tc_term_key, malloc'd); NULL when out of
 * memory. */
static char *folded(const char *text, size_t len)
{
    char *f = NULL;
    if (tc_term_key(text, len, &f) != TC_OK)
        return NULL;
    return f;
}

const tc_query_field *tc_query_field_at(const char *s, size_t len,
                                        size_t *consumed)
{
    /* a name is at most two words, then ':' right after */
    size_t i = 0, spaces = 0;
    while (i < len && i < NAME_MAX_BYTES && s[i] != ':') {
        if (s[i] == ' ' && (++spaces > 1 || i == 0))
            return NULL;
        if (s[i] == '"' || s[i] == '(' || s[i] == ')' || s[i] == '\t')
            return NULL;
        i++;
    }
    if (i == 0 || i >= len || s[i] != ':' || s[i - 1] == ' ')
        return NULL;
    char *f = folded(s, i);
    const tc_query_field *found = NULL;
    for (size_t k = 0; f && k < NFIELDS && !found; k++)
        if (strcmp(f, fields[k].name) == 0)
            found = &fields[k];
    free(f);
    if (found)
        *consumed = i + 1;
    return found;
}

static tc_xquery *key_term(const char *prefix, const char *key)
{
    char term[TC_TERM_MAX + 1];
    size_t n = key && *key ? tc_term_entity(term, sizeof term, prefix, key,
                                            strlen(key))
                           : 0;
    return n ? tc_xquery_term(term, n, 1) : tc_xquery_match_nothing();
}

/* One end of a date: YYYY, YYYY-MM or YYYY-MM-DD, or as Vietnamese writes
 * it, DD/MM/YYYY or MM/YYYY ('-', '/' and '.' alike), padded with pad ('0'
 * for a start, '9' for an end).  0 or -1. */
static int date_end(const char *s, size_t len, char pad, char out[9])
{
    int y = 0, m = -1, d = -1;
    char rest[16];
    if (len == 0 || len >= sizeof rest)
        return -1;
    memcpy(rest, s, len);
    rest[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (rest[i] == '/' || rest[i] == '.')
            rest[i] = '-';
    int n = 0, got = sscanf(rest, "%4d%n-%2d%n-%2d%n", &y, &n, &m, &n, &d,
                            &n);
    if (got >= 1 && y < 1000) {            /* day or month first */
        int a, b, c;
        n = 0;
        got = sscanf(rest, "%2d-%2d-%4d%n", &a, &b, &c, &n);
        if (got == 3 && (size_t)n == len) {
            d = a, m = b, y = c;
        } else {
            n = 0;
            got = sscanf(rest, "%2d-%4d%n", &a, &b, &n);
            if (got != 2 || (size_t)n != len)
                return -1;
            m = a, y = b, got = 2;
        }
    }
    if (got < 1 || (size_t)n != len || y < 1000 || y > 2999 ||
        (got >= 2 && (m < 1 || m > 12)) || (got == 3 && (d < 1 || d > 31)))
        return -1;
    if (got == 1)
        snprintf(out, 9, "%04d%c%c%c%c", y, pad, pad, pad, pad);
    else if (got == 2)
        snprintf(out, 9, "%04d%02d%c%c", y, m, pad, pad);
    else
        snprintf(out, 9, "%04d%02d%02d", y, m, d);
    return 0;
}

/* The term of value[0..len) folded. */
static tc_xquery *folded_term(const char *prefix, const char *value,
                              size_t len)
{
    char *k = folded(value, len);
    if (!k)
        return NULL;
    tc_xquery *q = key_term(prefix, k);
    free(k);
    return q;
}

int tc_date_range(const char *s, size_t len, char lo[9], char hi[9])
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    if (!dots)
        return date_end(s, len, '0', lo) || date_end(s, len, '9', hi) ? -1
                                                                      : 0;
    size_t a = (size_t)(dots - s), b = len - a - 2;
    if (a == 0 && b == 0)
        return -1;
    if (a == 0)
        memcpy(lo, "00000000", 9);
    else if (date_end(s, a, '0', lo))
        return -1;
    if (b == 0)
        memcpy(hi, "99999999", 9);
    else if (date_end(dots + 2, b, '9', hi))
        return -1;
    return 0;
}

tc_xquery *tc_query_field_value(const tc_query_field *f, const char *value,
                                size_t len)
{
    switch (f->kind) {
    case TC_FIELD_DATE: {
        char lo[9], hi[9];
        if (tc_date_range(value, len, lo, hi))
            return tc_xquery_match_nothing();
        return tc_xquery_value_range(TC_SLOT_DAY, lo, 8, hi, 8);
    }
    case TC_FIELD_DOCREF: {
        tc_legalref_keys k;
        if (tc_legalref_query_key(value, len, &k) != TC_OK)
            return tc_xquery_match_nothing();
        return key_term(f->prefix, k.key);
    }
    case TC_FIELD_PLACE: {
        size_t n;
        int id = tc_place_lookup(value, len);
        const tc_place_info *t = tc_place_table(&n);
        if (id >= 0 && (size_t)id < n)
            return key_term(f->prefix, t[id].key);
        return folded_term(f->prefix, value, len);   /* not a known name */
    }
    default:
        return folded_term(f->prefix, value, len);
    }
}

tc_xquery *tc_query_filter(const char *name, const char *value, size_t len)
{
    for (size_t k = 0; k < NFIELDS; k++)
        if (strcmp(fields[k].name, name) == 0 &&
            fields[k].kind != TC_FIELD_WORDS)
            return tc_query_field_value(&fields[k], value, len);
    return NULL;
}

/* 2 to 4 words without digits: may be a person's name. */
static int name_like(const char *k)
{
    size_t words = 1;
    for (const char *c = k; *c; c++) {
        if (*c == ' ')
            words++;
        else if (*c >= '0' && *c <= '9')
            return 0;
    }
    return words >= 2 && words <= 4;
}

tc_xquery *tc_query_entity_boost(const char *q, size_t len)
{
    tc_legalref_keys k;
    tc_xquery *t = NULL;
    if (tc_legalref_query_key(q, len, &k) == TC_OK) {
        t = key_term(TC_PREFIX_DOCREF, k.key);
    } else {
        char *f = folded(q, len);
        if (f && name_like(f))
            t = key_term(TC_PREFIX_OFFICIAL, f);
        free(f);
    }
    if (!t)
        return NULL;
    tc_xquery *b = tc_xquery_scale(t, ENTITY_BOOST);
    tc_xquery_free(t);
    return b;
}
