/* cli.h: what the three programs' command lines share. */
#ifndef TRACUU_CLI_H
#define TRACUU_CLI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A whole number written in decimal digits (no sign, no spaces), with a
 * K, M or G suffix (x 1024, 1024^2, 1024^3) when suffixes is set, at most
 * max.  Returns 0 and sets *out, or -1. */
int tc_parse_number(const char *s, uint64_t max, int suffixes,
                    uint64_t *out);

#ifdef __cplusplus
}
#endif

#endif
