/* buf.c: growable memory (buf.h). */
#include "tracuu/buf.h"

#include <stdint.h>
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
