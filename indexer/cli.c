/* cli.c: command-line helpers shared by the programs (cli.h). */
#include "tracuu/cli.h"

#include <errno.h>
#include <stdlib.h>

int tc_parse_number(const char *s, uint64_t max, int suffixes,
                    uint64_t *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    int shift = 0;
    if (suffixes && (*end == 'K' || *end == 'k'))
        shift = 10, end++;
    else if (suffixes && (*end == 'M' || *end == 'm'))
        shift = 20, end++;
    else if (suffixes && (*end == 'G' || *end == 'g'))
        shift = 30, end++;
    if (*end != '\0' || v > (max >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}
