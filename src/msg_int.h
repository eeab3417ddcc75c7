/* The message catalogue's tables and renderer (msg.c, msg_cat.c,
 * check_msg.c); never installed. */
#ifndef LOA_MSG_INT_H
#define LOA_MSG_INT_H

#include <stddef.h>

#include "loa/msg.h"

/* One message in both languages. The side the code writes (passes to
 * loai_diag_set, fail_at, loa_msg_format ...) is that exact printf format;
 * the other side says the same with {1} .. {16} standing for the code
 * side's conversions in order. Entries made from data (loa check's
 * findings) use {1} .. {16} on both sides. */
typedef struct loai_msg {
    const char *name; /* loa check's stable id ("header-date"); NULL elsewhere */
    const char *vi;
    const char *en;
} loai_msg;

/* msg_cat.c: every message but loa check's findings. */
const loai_msg *loai_msg_catalogue(size_t *n);

/* check_msg.c: loa check's findings, by loa_check_id; *N is LOA_CK_COUNT. */
const loai_msg *loai_check_catalogue(size_t *n);

/* TEMPLATE ({1} .. {16} and/or printf conversions, taken in order) with
 * ARGS[0 .. NARGS) put in, each argument itself translated into LANG
 * when it is a message of the catalogue. Malloc'd; NULL when out of memory. */
char *loai_msg_render(const char *tpl, const char *const *args, int nargs, loa_lang lang);

#endif
