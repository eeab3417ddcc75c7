#ifndef LOA_DIALECT_H
#define LOA_DIALECT_H

#include "loa/error.h"

/* Regional reading and voice. */
typedef enum loa_dialect {
    LOA_DIALECT_NORTH = 0,
    LOA_DIALECT_CENTRAL = 1,
    LOA_DIALECT_SOUTH = 2
} loa_dialect;

/* Parse "north|central|south" (also "bac|trung|nam" and the Vietnamese
 * "bắc|trung|nam"); returns LOA_ERR_INVALID for anything else. */
loa_err loa_dialect_parse(const char *s, loa_dialect *out);

/* "north", "central" or "south". */
const char *loa_dialect_name(loa_dialect d);

/* The espeak-ng voice name for D ("vi", "vi-vn-x-central", "vi-vn-x-south"). */
const char *loa_dialect_voice(loa_dialect d);

#endif
