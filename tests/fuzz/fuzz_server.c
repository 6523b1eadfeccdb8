/* fuzz_server: the server's parameter and path handling (server_int.h)
 * on any request.
 *
 * The input is a request target ("/path?name=value&...") and, after a
 * line break, a Host header; its first byte picks the method.  The
 * target is decoded the way libmicrohttpd hands it to server.c (the path
 * and each argument %-decoded, cut at a NUL), then routed and checked as
 * server.c does.  Checks: a static name that is accepted is a plain file
 * name of web/ (no '/', no leading '.', short), whatever the
 * encoding; a document id makes a bounded term; limit, offset and count
 * are accepted only as plain decimal numbers within their caps; a Host
 * accepted for feed links carries nothing that could break out of an
 * XML attribute or a URL. */
#include <microhttpd.h>

#include "fuzz.h"
#include "search.h"
#include "server_int.h"
#include "suggest.h"
#include "tracuu/terms.h"

static void check_static(const char *path)
{
    const char *name = tc_server_static_name(path);
    FUZZ_CHECK(strcmp(name, "index.html") == 0 ||
               (name >= path && name <= path + strlen(path)));
    if (!tc_server_safe_name(name))
        return;
    size_t n = strlen(name);
    FUZZ_CHECK(n > 0 && n < 128);
    FUZZ_CHECK(name[0] != '.');
    FUZZ_CHECK(!strchr(name, '/') && !strchr(name, '\\'));
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK((unsigned char)name[i] > 0x20 &&
                   (unsigned char)name[i] < 0x7f && name[i] != '%');
}

static void check_doc(const char *path)
{
    char term[TC_TERM_MAX + 1];
    if (strncmp(path, "/api/doc/", 9) != 0)
        return;
    const char *id = path + 9;
    size_t n = tc_term_make(term, sizeof term, TC_PREFIX_ID, id, strlen(id));
    FUZZ_CHECK(n <= TC_TERM_MAX);
}

static void check_number(const char *v, uint32_t max)
{
    uint32_t out = 12345;
    if (tc_server_parse_uint(v, 7, max, &out) != 0)
        return;
    FUZZ_CHECK(out <= max || (out == 7 && (!v || !*v)));
    if (v && *v) {
        FUZZ_CHECK(strspn(v, "0123456789") == strlen(v));
        FUZZ_CHECK(strtoul(v, NULL, 10) == out);
    }
}

static void check_arg(char *pair)
{
    char *eq = strchr(pair, '=');
    char *value = eq ? eq + 1 : NULL;
    if (eq)
        *eq = '\0';
    MHD_http_unescape(pair);
    if (value)
        MHD_http_unescape(value);
    if (!strcmp(pair, "limit") || !strcmp(pair, "count"))
        check_number(value, TC_SEARCH_MAX_LIMIT);
    else if (!strcmp(pair, "offset"))
        check_number(value, TC_SEARCH_MAX_OFFSET);
    else
        check_number(value, TC_SUGGEST_MAX);
}

static void check_host(const char *host)
{
    if (!tc_server_plain_host(host))
        return;
    FUZZ_CHECK(strlen(host) > 0 && strlen(host) < 200);
    FUZZ_CHECK(!strpbrk(host, "\"'<>&/?#@\\ %{}"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "HEAD", "OPTIONS", "POST"};
    if (size == 0)
        return 0;
    const char *method = methods[data[0] % 4];
    size_t tlen, hlen;
    const uint8_t *h = fuzz_split(data + 1, size - 1, '\n', &tlen, &hlen);
    char *target = fuzz_strndup(data + 1, tlen);
    char *host = fuzz_strndup(h, hlen);
    char *q = strchr(target, '?');
    if (q)
        *q++ = '\0';
    MHD_http_unescape(target);            /* the path server.c sees */
    const char *rname = NULL;
    int kind = tc_server_route(method, target, &rname);
    FUZZ_CHECK(rname != NULL);
    if (kind == 1)
        check_static(target);
    else if (kind == 2)
        check_doc(target);
    for (char *save = NULL, *pair = q ? strtok_r(q, "&", &save) : NULL; pair;
         pair = strtok_r(NULL, "&", &save))
        check_arg(pair);
    check_host(host);
    check_number(NULL, 10);
    free(target);
    free(host);
    return 0;
}
