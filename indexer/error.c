/* error.c: messages and names for tracuu's error codes (error.h). */
#include "tracuu/error.h"

#include <stdarg.h>
#include <stdio.h>

const char *tc_strerror(int rc)
{
    switch (rc) {
#define TC_MSG_CASE(name, value, msg) case value: return msg;
        TC_ERRORS(TC_MSG_CASE)
#undef TC_MSG_CASE
    }
    return "unknown error";
}

const char *tc_errname(int rc)
{
    switch (rc) {
#define TC_NAME_CASE(name, value, msg) case value: return #name;
        TC_ERRORS(TC_NAME_CASE)
#undef TC_NAME_CASE
    }
    return "TC_EUNKNOWN";
}

int tc_error_set(tc_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void tc_error_clear(tc_error *err)
{
    if (err) {
        err->code = TC_OK;
        err->msg[0] = '\0';
    }
}
