/* server_int.h: the pure pieces of server.c's request handling, with no
 * connection or socket, so that tests/fuzz/fuzz_server.c can call them on
 * any input (libmicrohttpd decodes the URL and arguments before server.c
 * sees them; these are what server.c then decides).  Not an API. */
#ifndef TRACUU_SERVER_INT_H
#define TRACUU_SERVER_INT_H

#include <stdint.h>

/* A whole number parameter v in [0, max]: 0 with *out set (def when v is
 * NULL or empty), -1 when it is anything else (sign, space, letters,
 * exponent, overflow). */
int tc_server_parse_uint(const char *v, uint32_t def, uint32_t max,
                         uint32_t *out);

/* 1 when host may stand in the links of feeds as it is: a plain
 * host[:port] (letters, digits, . - : [ ]), under 200 bytes. */
int tc_server_plain_host(const char *host);

/* The name of the web/ file a static request for url asks for. */
const char *tc_server_static_name(const char *url);

/* 1 when name (the URL path less its '/') is a file of web/ that may be
 * served: a plain name, no separator, no leading dot. */
int tc_server_safe_name(const char *name);

/* The route of a request: 1 a static file, 2 /api/doc/..., 0 another;
 * *name (may be NULL) gets the route's name as the metrics show it. */
int tc_server_route(const char *method, const char *url, const char **name);

#endif
