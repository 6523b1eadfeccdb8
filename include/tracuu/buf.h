/* buf.h: growable memory shared by the modules: a byte buffer and array
 * growth, written once.
 *
 * tc_buf keeps SQLite FTS5's sticky error: once an append fails for want
 * of memory, later appends do nothing and `oom` stays set, so a chain of
 * appends needs a single check at the end (tc_buf_finish returns NULL). */
#ifndef TRACUU_BUF_H
#define TRACUU_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_buf {
    char *p;        /* NUL-terminated once anything was appended */
    size_t len, cap;
    int oom;
} tc_buf;

void tc_buf_put(tc_buf *b, const void *s, size_t n);
void tc_buf_puts(tc_buf *b, const char *s);
void tc_buf_printf(tc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The contents as a malloc'd NUL-terminated string ("" when empty), owned
 * by the caller; NULL (and the buffer freed) when an append failed. */
char *tc_buf_finish(tc_buf *b);

/* Free the contents and zero the buffer. */
void tc_buf_free(tc_buf *b);

/* Room for `need` elements of `elem` bytes in arr (capacity *cap, grown
 * geometrically).  Returns the array, moved or not, with *cap updated; NULL
 * when out of memory (arr and *cap are then unchanged). */
void *tc_grow(void *arr, size_t *cap, size_t need, size_t elem);

#ifdef __cplusplus
}
#endif

#endif
