/* docrec.c: the document record (docrec.h) and its stored JSON form.
 *
 * A tc_doc is seven optional strings.  Every string enters through
 * tc_doc_set(), which sanitizes it (tc_utf8_sanitize: invalid UTF-8 becomes
 * U+FFFD, NUL becomes a space), so the rest of the system may treat fields
 * as plain C strings.  The stored form, kept in the Xapian document data, is
 * one compact JSON object made and parsed by libjansson; fields that are
 * NULL are left out.  tc_hash64 is FNV-1a, used for cheap content
 * fingerprints.  Reading input files is left to readers.c. */
#include "tracuu/docrec.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tracuu/analysis.h"
#include "tracuu/buf.h"

/* The string fields in their stored order.  Offsets rather than pointers so
 * that one table serves const and non-const documents. */
static const struct doc_field {
    const char *name;
    size_t offset;
} doc_fields[] = {
    {"id", offsetof(tc_doc, id)},
    {"title", offsetof(tc_doc, title)},
    {"url", offsetof(tc_doc, url)},
    {"date", offsetof(tc_doc, date)},
    {"source", offsetof(tc_doc, source)},
    {"topic", offsetof(tc_doc, topic)},
    {"body", offsetof(tc_doc, body)},
};
#define N_DOC_FIELDS (sizeof doc_fields / sizeof doc_fields[0])

static char **field_at(tc_doc *d, size_t i)
{
    return (char **)((char *)d + doc_fields[i].offset);
}

static const char *field_value(const tc_doc *d, size_t i)
{
    return *(char *const *)((const char *)d + doc_fields[i].offset);
}

void tc_doc_clear(tc_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < N_DOC_FIELDS; i++)
        free(*field_at(d, i));
    memset(d, 0, sizeof *d);
}

/* s == NULL clears the field (whatever len says). */
int tc_doc_set(tc_doc *d, char **field, const char *s, size_t len)
{
    char *copy = NULL;
    size_t copy_len = 0, replaced = 0;

    if (!d || !field)
        return TC_EINVAL;
    if (s) {
        int rc = tc_utf8_sanitize(s, len, &copy, &copy_len, &replaced);
        if (rc != TC_OK)
            return rc;
        /* the sanitizer sizes for the worst case; give the rest back */
        char *fit = realloc(copy, copy_len + 1);
        if (fit)
            copy = fit;
    }
    free(*field);
    *field = copy;
    d->invalid_bytes += replaced;
    if (field == &d->body)
        d->body_len = copy_len;
    return TC_OK;
}

/* ---- the stored form ---- */

/* json_dump_callback's sink: a tc_buf, so that the caller frees the
 * result with free() whatever allocator jansson was given. */
static int buf_append(const char *s, size_t n, void *ctx)
{
    tc_buf *b = ctx;
    tc_buf_put(b, s, n);
    return b->oom ? -1 : 0;
}

/* The fields as a jansson object; NULL on ENOMEM or invalid UTF-8 (a field
 * assigned without tc_doc_set).  Lengths come from strlen, not body_len:
 * fields hold no NULs, and a body assigned by hand may not have set it. */
static json_t *doc_to_object(const tc_doc *d)
{
    json_t *obj = json_object();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < N_DOC_FIELDS; i++) {
        const char *v = field_value(d, i);
        if (!v)
            continue;
        json_t *s = json_stringn(v, strlen(v));
        if (!s || json_object_set_new(obj, doc_fields[i].name, s) != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

int tc_doc_to_json(const tc_doc *d, char **out, size_t *len)
{
    tc_buf buf = {0};
    json_t *obj = NULL;
    int rc = TC_EINVAL;

    if (!d || !out)
        return TC_EINVAL;
    *out = NULL;
    obj = doc_to_object(d);
    if (!obj)
        goto done;
    rc = TC_ENOMEM;
    if (json_dump_callback(obj, buf_append, &buf,
                           JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
        goto done;
    if (len)
        *len = buf.len;
    if ((*out = tc_buf_finish(&buf)))
        rc = TC_OK;
done:
    tc_buf_free(&buf);
    json_decref(obj);
    return rc;
}

static int set_from_json(tc_doc *d, size_t i, const json_t *v, tc_error *err)
{
    if (json_is_null(v))
        return TC_OK;
    if (!json_is_string(v))
        return tc_error_set(err, TC_EPARSE, "field '%s' is not a string",
                            doc_fields[i].name);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    char **field = field_at(d, i);
    /* jansson has validated the UTF-8: without a NUL there is nothing to
     * sanitize, and a stored record's 1 MB body is just copied */
    if (memchr(s, '\0', n))
        return tc_doc_set(d, field, s, n);
    char *copy = malloc(n + 1);
    if (!copy)
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    memcpy(copy, s, n);
    copy[n] = '\0';
    free(*field);
    *field = copy;
    if (field == &d->body)
        d->body_len = n;
    return TC_OK;
}

/* Unknown keys are ignored, so that a newer indexer's records still load. */
int tc_doc_from_json(const char *data, size_t len, tc_doc *out,
                     tc_error *err)
{
    json_error_t jerr;
    json_t *obj = NULL;
    int rc = TC_OK;

    if (!out || (!data && len))
        return tc_error_set(err, TC_EINVAL, "no document");
    tc_doc_clear(out);
    tc_error_clear(err);
    obj = json_loadb(data ? data : "", len,
                     JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj) {
        rc = json_error_code(&jerr) == json_error_out_of_memory
                 ? tc_error_set(err, TC_ENOMEM, "out of memory")
                 : tc_error_set(err, TC_EPARSE, "invalid JSON: %s",
                                jerr.text);
        goto done;
    }
    if (!json_is_object(obj)) {
        rc = tc_error_set(err, TC_EPARSE, "not a JSON object");
        goto done;
    }
    for (size_t i = 0; i < N_DOC_FIELDS && rc == TC_OK; i++) {
        const json_t *v = json_object_get(obj, doc_fields[i].name);
        if (v)
            rc = set_from_json(out, i, v, err);
    }
    if (rc == TC_ENOMEM)
        tc_error_set(err, rc, "out of memory");
done:
    json_decref(obj);
    if (rc != TC_OK)
        tc_doc_clear(out);
    return rc;
}

uint64_t tc_hash64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int tc_doc_from_mset(const tc_mset *ms, uint32_t i, size_t max_len,
                     tc_doc *out, tc_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = tc_mset_document_data(ms, i, &data, &len, err);
    if (rc == TC_OK && max_len && len > max_len)
        rc = tc_error_set(err, TC_ETOOBIG, "record of %zu bytes", len);
    if (rc == TC_OK)
        rc = tc_doc_from_json(data, len, out, err);
    free(data);
    return rc;
}

uint64_t tc_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}
