/* fuzz_html: the HTML and plain text readers (readers.h) on any bytes:
 * libxml2's HTML parser behind our charset sniffing, tree walk, title
 * and text extraction, and the text reader's title line.  Checks: a
 * document comes back with valid UTF-8 fields, a title of at most
 * TC_TITLE_MAX_BYTES, no NUL inside its body, or a reason. */
#include "fuzz.h"
#include "tracuu/docrec.h"
#include "tracuu/error.h"
#include "tracuu/readers.h"

static void check_doc(int rc, const tc_doc *d, const tc_error *err)
{
    if (rc != TC_OK) {
        FUZZ_CHECK(rc == TC_EPARSE || rc == TC_ENOMEM || rc == TC_ETOOBIG);
        FUZZ_CHECK(rc == TC_ENOMEM || err->msg[0]);
        return;
    }
    FUZZ_CHECK(d->body != NULL);
    FUZZ_CHECK(strlen(d->body) == d->body_len);
    FUZZ_CHECK(fuzz_valid_utf8(d->body, d->body_len));
    if (d->title) {
        FUZZ_CHECK(strlen(d->title) <= TC_TITLE_MAX_BYTES);
        FUZZ_CHECK(fuzz_valid_utf8(d->title, strlen(d->title)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_doc d = {0};
    tc_error err;
    memset(&err, 0, sizeof err);
    check_doc(tc_parse_html_doc((const char *)data, size, &d, &err), &d,
              &err);
    tc_doc_clear(&d);
    memset(&err, 0, sizeof err);
    check_doc(tc_parse_text_doc((const char *)data, size, &d, &err), &d,
              &err);
    tc_doc_clear(&d);
    return 0;
}
