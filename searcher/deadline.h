/* deadline.h: a deadline on receiving a request's headers, for
 * tracuu-server (server.c).
 *
 * libmicrohttpd's connection timeout counts idle time only: a client that
 * sends its headers a byte every few seconds (slowloris) is never idle,
 * and keeps its connection, and its place under the connection limits,
 * for as long as it likes.  This module keeps the time each connection
 * started waiting for a request (when it opened, or when its previous
 * request completed) and a thread shuts down, every quarter second, the
 * sockets that have waited longer than the deadline without their
 * headers complete; libmicrohttpd then closes them as any other closed
 * connection.  A connection being answered is not timed here (the idle
 * timeout still applies).
 *
 * The socket is shut down, never closed, under the same lock that
 * libmicrohttpd's close notification takes before it closes the socket,
 * so the descriptor is always still the connection's own. */
#ifndef TRACUU_DEADLINE_H
#define TRACUU_DEADLINE_H

#include <microhttpd.h>

typedef struct tc_deadline tc_deadline;

/* A deadline of seconds (at least 1), its thread started; NULL when out
 * of memory or when the thread cannot start. */
tc_deadline *tc_deadline_new(unsigned seconds);
/* Stop the thread and free everything; after MHD_stop_daemon.  NULL:
 * no-op. */
void tc_deadline_free(tc_deadline *d);

/* The MHD_OPTION_NOTIFY_CONNECTION callback; cls is the tc_deadline. */
void tc_deadline_notify(void *cls, struct MHD_Connection *c,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode toe);

/* The request on c has its headers (the access handler's first call);
 * the request on c completed (the completion callback): the connection
 * waits for the next one from now. */
void tc_deadline_request_begin(tc_deadline *d, struct MHD_Connection *c);
void tc_deadline_request_end(tc_deadline *d, struct MHD_Connection *c);

#endif
