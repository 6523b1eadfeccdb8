/* fuzz_jsonl: the JSON Lines reader (readers.h) on any bytes, as a whole
 * file: line splitting, the line cap, a byte-order mark, CR LF, gzip
 * (zlib reads a plain file through), then each line's parse, then the
 * stored record (docrec.h) of every document it yields, read back.
 *
 * The input is written to one temporary .jsonl file per process; the
 * document cap is 4 KiB so that "document too large" runs too.  Checks:
 * every document has an id and valid UTF-8 fields, its record round-trips,
 * every report names the file and a line within the input, and the
 * documents plus reports never outnumber the lines.  Each document's
 * boilerplate (boiler.h) is then counted and found, with the counts of
 * the documents before it: its spans are in order and inside the body,
 * blanking keeps the length and the line breaks, and the stored form of
 * the spans reads back the same. */
#include <unistd.h>

#include "fuzz.h"
#include "tracuu/boiler.h"
#include "tracuu/docrec.h"
#include "tracuu/error.h"
#include "tracuu/readers.h"

static char path[64];
static tc_boiler *counts;   /* every document of the input counts */

static void check_boiler(const tc_doc *d)
{
    tc_boiler_doc bp;
    FUZZ_CHECK(tc_boiler_count(counts, d, path) == TC_OK);
    FUZZ_CHECK(tc_boiler_find(counts, d, path, &bp) == TC_OK);
    for (size_t i = 0; i < bp.nspans; i++) {
        FUZZ_CHECK(bp.spans[i].start < bp.spans[i].end);
        FUZZ_CHECK(bp.spans[i].end <= d->body_len);
        FUZZ_CHECK(i == 0 || bp.spans[i].start > bp.spans[i - 1].end);
    }
    FUZZ_CHECK(bp.title.start <= bp.title.end &&
               bp.title.end <= d->body_len);
    if (d->body) {
        char *b = tc_boiler_blank(d->body, d->body_len, bp.spans,
                                  bp.nspans);
        FUZZ_CHECK(b != NULL);
        for (size_t i = 0; i < d->body_len; i++)
            FUZZ_CHECK((b[i] == '\n') == (d->body[i] == '\n'));
        free(b);
    }
    char *f = tc_spans_format(bp.spans, bp.nspans);
    tc_span *back;
    size_t n;
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(tc_spans_parse(f, strlen(f), d->body_len, &back, &n) ==
               TC_OK);
    FUZZ_CHECK(n == bp.nspans);
    FUZZ_CHECK(n == 0 || memcmp(back, bp.spans, n * sizeof *back) == 0);
    free(back);
    free(f);
    tc_boiler_doc_clear(&bp);
}

typedef struct seen {
    uint64_t docs, errors, lines;
} seen;

static void check_field(const char *s)
{
    FUZZ_CHECK(s == NULL || fuzz_valid_utf8(s, strlen(s)));
}

static int on_doc(void *ctx, tc_doc *d, const char *file, uint64_t line)
{
    seen *s = ctx;
    char *rec = NULL;
    size_t len;
    tc_doc back = {0};
    tc_error err;
    FUZZ_CHECK(strcmp(file, path) == 0);
    FUZZ_CHECK(line >= 1 && line <= s->lines);
    FUZZ_CHECK(d->id && *d->id);
    check_field(d->id);
    check_field(d->title);
    check_field(d->url);
    check_field(d->body);
    FUZZ_CHECK(d->title == NULL || strlen(d->title) <= TC_TITLE_MAX_BYTES);
    FUZZ_CHECK(tc_doc_to_json(d, &rec, &len) == TC_OK);
    FUZZ_CHECK(tc_doc_from_json(rec, len, &back, &err) == TC_OK);
    FUZZ_CHECK(strcmp(back.id, d->id) == 0);
    tc_doc_clear(&back);
    free(rec);
    check_boiler(d);
    s->docs++;
    return 0;
}

static void on_error(void *ctx, const char *file, uint64_t line,
                     const char *reason)
{
    seen *s = ctx;
    FUZZ_CHECK(strcmp(file, path) == 0);
    FUZZ_CHECK(line <= s->lines);
    FUZZ_CHECK(reason && *reason);
    s->errors++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/tracuu-fuzz-%ld.jsonl",
                 (long)getpid());
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    FUZZ_CHECK(fclose(f) == 0);

    /* the lines of a compressed input are not its bytes' */
    int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    seen s = {0, 0, gz ? UINT64_MAX : 1};
    for (size_t i = 0; i < size && !gz; i++)
        s.lines += data[i] == '\n';
    tc_reader_opts o;
    tc_reader_opts_init(&o);
    o.max_doc_bytes = 4096;
    tc_reader_cb cb = {on_doc, on_error, &s};
    FUZZ_CHECK((counts = tc_boiler_new(NULL)) != NULL);
    tc_reader_stats st = {0};
    int rc = tc_read_input(path, &o, &cb, &st);
    unlink(path);
    tc_boiler_free(counts);
    counts = NULL;
    FUZZ_CHECK(rc == TC_OK);
    FUZZ_CHECK(st.docs == s.docs && st.errors == s.errors);
    FUZZ_CHECK(s.docs + s.errors <= s.lines);

    /* the line parser alone, on the whole input */
    tc_doc d = {0};
    tc_error err;
    if (tc_parse_json_doc((const char *)data, size, &d, &err) == TC_OK)
        FUZZ_CHECK(d.id != NULL);
    tc_doc_clear(&d);
    return 0;
}
