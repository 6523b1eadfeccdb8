/* docrec.h: a document as tracuu reads it and stores it.
 *
 * Readers (readers.h) fill a tc_doc from JSON Lines, text or HTML; the
 * indexer stores it in the Xapian document's data as one JSON object, and
 * the searcher reads it back to show titles, links and snippets.  The JSON
 * is made and parsed by libjansson, never by hand.
 *
 * Every field is NULL or a NUL-terminated, valid UTF-8 string without
 * embedded NULs (readers sanitize what they read); lengths are in bytes. */
#ifndef TRACUU_DOCREC_H
#define TRACUU_DOCREC_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"
#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_doc {
    char *id;       /* required, unique */
    char *title;
    char *url;
    char *date;     /* as given, usually YYYY-MM-DD */
    char *source;
    char *topic;
    char *body;
    size_t body_len;
    size_t invalid_bytes; /* invalid UTF-8 bytes replaced while reading */
} tc_doc;

/* Free every field and zero the struct.  d may be NULL. */
void tc_doc_clear(tc_doc *d);

/* Set *field to a sanitized copy of s[0..len) (see tc_utf8_sanitize),
 * freeing what was there.  Adds replacements to d->invalid_bytes. */
int tc_doc_set(tc_doc *d, char **field, const char *s, size_t len);

/* The stored form: one JSON object with the non-NULL fields. */
int tc_doc_to_json(const tc_doc *d, char **out, size_t *len);

/* Parse the stored form into out, which must be zeroed or hold a document
 * (it is cleared with tc_doc_clear first).  TC_EPARSE when data is not
 * such an object. */
int tc_doc_from_json(const char *data, size_t len, tc_doc *out,
                     tc_error *err);

/* The stored record of result i of ms, parsed into out (zeroed or holding
 * a document).  max_len > 0 refuses larger records with TC_ETOOBIG
 * (before parsing them); TC_EPARSE when the data is not a record. */
int tc_doc_from_mset(const tc_mset *ms, uint32_t i, size_t max_len,
                     tc_doc *out, tc_error *err);

/* 64-bit FNV-1a hash of bytes, continuing from h (start with
 * TC_HASH_INIT). */
#define TC_HASH_INIT 0xcbf29ce484222325ULL
uint64_t tc_hash64(uint64_t h, const void *data, size_t len);
/* A 64-bit finalizer (splitmix64's): spreads a hash's bits, for hash
 * tables and MinHash. */
uint64_t tc_mix64(uint64_t x);

#ifdef __cplusplus
}
#endif

#endif
