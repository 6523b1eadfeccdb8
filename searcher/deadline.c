/* deadline.c: the request header deadline of deadline.h.
 *
 * Connections waiting for a request are kept in a doubly linked list,
 * each entry the connection's socket context; a connection that is being
 * answered stays in it, marked busy.  One mutex guards the list; the
 * thread sleeps on a condition variable so that tc_deadline_free() stops
 * it at once. */
#include "deadline.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

typedef struct waiter {
    struct waiter *prev, *next;
    int fd;
    int busy;          /* a request is being answered */
    int shut;          /* shut down already */
    double since;      /* when it started waiting (monotonic seconds) */
} waiter;

struct tc_deadline {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    int stopping;
    double seconds;
    waiter *head;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *watch(void *arg)
{
    tc_deadline *d = arg;
    pthread_mutex_lock(&d->mu);
    while (!d->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&d->wake, &d->mu, &until);
        double t = now_s();
        for (waiter *w = d->head; w; w = w->next)
            if (!w->busy && !w->shut && t - w->since > d->seconds) {
                shutdown(w->fd, SHUT_RDWR);
                w->shut = 1;
            }
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

tc_deadline *tc_deadline_new(unsigned seconds)
{
    tc_deadline *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->seconds = seconds ? seconds : 1;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->wake, NULL);
    if (pthread_create(&d->thread, NULL, watch, d) != 0) {
        pthread_cond_destroy(&d->wake);
        pthread_mutex_destroy(&d->mu);
        free(d);
        return NULL;
    }
    return d;
}

void tc_deadline_free(tc_deadline *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->stopping = 1;
    pthread_cond_signal(&d->wake);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
    while (d->head) {          /* none once the daemon stopped */
        waiter *w = d->head;
        d->head = w->next;
        free(w);
    }
    pthread_cond_destroy(&d->wake);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

void tc_deadline_notify(void *cls, struct MHD_Connection *c,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    tc_deadline *d = cls;
    waiter *w = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!fd || !(w = calloc(1, sizeof *w)))
            return;            /* not timed: the idle timeout still is */
        w->fd = fd->connect_fd;
        w->since = now_s();
        pthread_mutex_lock(&d->mu);
        w->next = d->head;
        if (d->head)
            d->head->prev = w;
        d->head = w;
        pthread_mutex_unlock(&d->mu);
        *socket_context = w;
    } else if (w) {            /* closed: before libmicrohttpd closes fd */
        pthread_mutex_lock(&d->mu);
        if (w->prev)
            w->prev->next = w->next;
        else
            d->head = w->next;
        if (w->next)
            w->next->prev = w->prev;
        pthread_mutex_unlock(&d->mu);
        free(w);
        *socket_context = NULL;
    }
}

static void mark(tc_deadline *d, struct MHD_Connection *c, int busy)
{
    const union MHD_ConnectionInfo *info =
        d ? MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT)
          : NULL;
    waiter *w = info ? info->socket_context : NULL;
    if (!w)
        return;
    pthread_mutex_lock(&d->mu);
    w->busy = busy;
    w->since = now_s();
    pthread_mutex_unlock(&d->mu);
}

void tc_deadline_request_begin(tc_deadline *d, struct MHD_Connection *c)
{
    mark(d, c, 1);
}

void tc_deadline_request_end(tc_deadline *d, struct MHD_Connection *c)
{
    mark(d, c, 0);
}
