/* buf.c: growable memory (buf.h). */
#include "tracuu/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *tc_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return arr;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return NULL;
        nc *= 2;
    }
    if (elem && nc > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(arr, nc * elem);
    if (p)
        *cap = nc;
    return p;
}

void tc_buf_put(tc_buf *b, const void *s, size_t n)
{
    if (b->oom)
        return;
    char *p = tc_grow(b->p, &b->cap, b->len + n + 1, 1);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->p = p;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tc_buf_puts(tc_buf *b, const char *s)
{
    tc_buf_put(b, s, strlen(s));
}

void tc_buf_printf(tc_buf *b, const char *fmt, ...)
{
    va_list ap;
    if (b->oom)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : tc_grow(b->p, &b->cap, b->len + (size_t)n + 1, 1);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->p = p;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *tc_buf_finish(tc_buf *b)
{
    tc_buf_put(b, "", 0);      /* "" for an empty buffer */
    if (b->oom) {
        tc_buf_free(b);
        return NULL;
    }
    char *p = b->p;
    memset(b, 0, sizeof *b);
    return p;
}

void tc_buf_free(tc_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
