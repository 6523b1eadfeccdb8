/* error.h: tracuu's error codes and their messages, defined once.
 *
 * Every fallible function returns an int: TC_OK (0) on success, a negative
 * TC_E* code on failure.  Functions that can say more fill a tc_error, whose
 * message is log-safe (it never repeats user input verbatim unless the
 * caller put it there on purpose, e.g. a file name).
 *
 * The table is an X-macro so that the enum, tc_strerror() and the names used
 * in JSON error objects can never drift apart. */
#ifndef TRACUU_ERROR_H
#define TRACUU_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*  X(name,            value, short message) */
#define TC_ERRORS(X)                                                          \
    X(TC_OK,              0,  "ok")                                           \
    X(TC_ENOMEM,         -1,  "out of memory")                                \
    X(TC_EINVAL,         -2,  "invalid argument")                             \
    X(TC_EIO,            -3,  "input/output error")                           \
    X(TC_ETOOBIG,        -4,  "input too large")                              \
    X(TC_EPARSE,         -5,  "malformed input")                              \
    X(TC_ENOTFOUND,      -6,  "not found")                                    \
    X(TC_EDB_OPEN,       -7,  "cannot open the index")                        \
    X(TC_EDB_LOCK,       -8,  "the index is locked by another writer")        \
    X(TC_EDB_MODIFIED,   -9,  "the index changed while being read")           \
    X(TC_EDB_CORRUPT,   -10,  "the index is corrupt")                         \
    X(TC_EDB_VERSION,   -11,  "the index format is not supported")            \
    X(TC_ENETWORK,      -12,  "network error talking to an index shard")      \
    X(TC_ETIMEOUT,      -13,  "timed out")                                    \
    X(TC_EQUERY,        -14,  "the query cannot be run")                      \
    X(TC_EXAPIAN,       -15,  "index engine error")                           \
    X(TC_ENOSPC,        -16,  "no space left on the device")

enum tc_rc {
#define TC_ENUM_ITEM(name, value, msg) name = value,
    TC_ERRORS(TC_ENUM_ITEM)
#undef TC_ENUM_ITEM
};

/* The short message of a code ("unknown error" for a code not in the
 * table).  Never NULL, static storage. */
const char *tc_strerror(int rc);

/* The symbolic name of a code ("TC_EDB_OPEN"), for logs and JSON. */
const char *tc_errname(int rc);

/* A code with a message that says more (which file, what Xapian said). */
typedef struct tc_error {
    int code;
    char msg[512];
} tc_error;

/* Fill err (which may be NULL) with code and a printf-style message; returns
 * code so that callers can write `return tc_error_set(err, TC_EIO, ...)`. */
int tc_error_set(tc_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clear err to TC_OK with an empty message. err may be NULL. */
void tc_error_clear(tc_error *err);

#ifdef __cplusplus
}
#endif

#endif
