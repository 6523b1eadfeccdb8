/* readers.h: documents in, from JSON Lines, plain text and HTML.
 *
 * tc_read_input() takes what the user named on the command line: a file,
 * a directory (walked recursively, in byte order of names, so runs are
 * repeatable), or "-" for JSON Lines on standard input.  Like find without
 * -L, a walk reads symbolic links to files but does not enter symbolic
 * links to directories; a path named directly is followed whatever it is.
 * The format is chosen by the file name:
 *
 *   .jsonl, .jsonl.gz  one JSON object a line: id (required), title, url,
 *                      date, source, topic, body; gzip read through zlib
 *   .txt               title = first non-empty line, id = path relative to
 *                      the directory named (for a file named directly:
 *                      the path as given, "./" dropped), body = the text
 *   .html, .htm        title and visible text through libxml2's HTML
 *                      parser; scripts and styles dropped; ids as .txt
 *
 * Every title (a JSON "title", a text file's first line, an HTML <title>,
 * first <h1> or first line) is capped at TC_TITLE_MAX_BYTES: cut at a
 * character boundary, at the last white space when one is in the last
 * quarter, and ended with "…" (U+2026).  Bodies are not cut.
 *
 * Other files met while walking a directory are ignored (counted); a file
 * named directly with an unknown extension is an error.  Bad input (a line
 * that is not JSON, a missing id, an empty or binary file, a text file
 * that is not UTF-8, a document over the size limit) is reported through
 * on_error as FILE:LINE: reason and skipped; reading goes on.  Memory
 * stays bounded by the size limit: an over-long line is skipped without
 * being held. */
#ifndef TRACUU_READERS_H
#define TRACUU_READERS_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/docrec.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_DEFAULT_MAX_DOC_BYTES (32u * 1024u * 1024u)

/* The longest title a reader produces, in bytes, the "…" of a cut title
 * included: a title is shown in every search result, and a one-line text
 * file would otherwise make its whole text the title. */
#define TC_TITLE_MAX_BYTES 512u

typedef struct tc_reader_opts {
    size_t max_doc_bytes; /* larger documents are reported and skipped */
} tc_reader_opts;

void tc_reader_opts_init(tc_reader_opts *opts);

typedef struct tc_reader_cb {
    /* A document was read (id is set).  file is the path as found, line the
     * 1-based line for JSON Lines (0 for whole files).  The callee may take
     * fields it wants to keep (set them to NULL in *doc); the reader frees
     * what is left after the call.  Return 0 to go on, non-zero to stop
     * everything (tc_read_input then returns that value). */
    int (*on_doc)(void *ctx, tc_doc *doc, const char *file, uint64_t line);
    /* An input or part of one was skipped.  reason is a short log-safe
     * phrase ("invalid JSON: ...", "missing id", "binary file" (NUL
     * bytes), "not UTF-8 text (binary, or another encoding)" (mostly
     * invalid UTF-8), "document too large (52428800 bytes, limit
     * 33554432)"). */
    void (*on_error)(void *ctx, const char *file, uint64_t line,
                     const char *reason);
    void *ctx;
} tc_reader_cb;

typedef struct tc_reader_stats {
    uint64_t docs;     /* handed to on_doc */
    uint64_t errors;   /* reported to on_error */
    uint64_t ignored;  /* entries a walk skipped: other extensions, special
                        * files, symbolic links to directories */
    uint64_t bytes;    /* input bytes read (uncompressed) */
} tc_reader_stats;

/* Read path (see above).  stats may be NULL and is added to.  Returns
 * TC_OK when the path could be read at all (even if some documents were
 * bad), TC_EIO/TC_ENOTFOUND when it could not (after reporting it), or
 * on_doc's non-zero return. */
int tc_read_input(const char *path, const tc_reader_opts *opts,
                  const tc_reader_cb *cb, tc_reader_stats *stats);

/* The parsers on their own, for tests and fuzzing.  They fill doc (cleared
 * first); the text and HTML parsers leave the id to the caller, the JSON
 * one requires it.  TC_EPARSE with a reason in err on bad input. */
int tc_parse_json_doc(const char *line, size_t len, tc_doc *doc,
                      tc_error *err);
int tc_parse_text_doc(const char *data, size_t len, tc_doc *doc,
                      tc_error *err);
int tc_parse_html_doc(const char *data, size_t len, tc_doc *doc,
                      tc_error *err);

#ifdef __cplusplus
}
#endif

#endif
