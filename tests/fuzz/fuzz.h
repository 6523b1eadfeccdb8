/* fuzz.h: what the fuzz targets share: a check that aborts (so libFuzzer
 * and the stand-alone driver both report it, with the condition), a
 * NUL-terminated copy of the input, a UTF-8 validity test and an
 * input splitter.  Header-only: each target is one translation unit. */
#ifndef TRACUU_FUZZ_H
#define TRACUU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                   \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* A malloc'd NUL-terminated copy of data[0..size). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_CHECK(s != NULL);
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static inline int fuzz_valid_utf8(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned min, cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1; min = 0x80; cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2; min = 0x800; cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3; min = 0x10000; cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* Split data at the first byte sep: *head gets what is before it, the
 * return value what is after (size 0 and the whole input in *head when
 * there is no sep). */
static inline const uint8_t *fuzz_split(const uint8_t *data, size_t size,
                                        uint8_t sep, size_t *head_len,
                                        size_t *rest_len)
{
    const uint8_t *p = size ? memchr(data, sep, size) : NULL;
    if (!p) {
        *head_len = size;
        *rest_len = 0;
        return data + size;
    }
    *head_len = (size_t)(p - data);
    *rest_len = size - *head_len - 1;
    return p + 1;
}

#endif
