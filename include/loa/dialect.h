#ifndef LOA_DIALECT_H
#define LOA_DIALECT_H

#include "loa/error.h"

/* Regional reading and voice. */
typedef enum loa_dialect {
    LOA_DIALECT_NORTH = 0,
    LOA_DIALECT_CENTRAL = 1,
    LOA_DIALECT_SOUTH = 2
} loa_dialect;

/* A female or a male voice, in any dialect: male is espeak-ng's own
 * voice for the dialect, female its variant f3 (a higher pitch and
 * formants). */
typedef enum loa_gender {
    LOA_GENDER_MALE = 0,
    LOA_GENDER_FEMALE = 1
} loa_gender;

/* Parse "north|central|south" (also "bac|trung|nam", the Vietnamese
 * "bắc|trung|nam", "miền Bắc", "Nam Bộ" ...); returns LOA_ERR_INVALID for
 * anything else. */
loa_err loa_dialect_parse(const char *s, loa_dialect *out);

/* "north", "central" or "south". */
const char *loa_dialect_name(loa_dialect d);

/* The espeak-ng voice name for D ("vi", "vi-vn-x-central", "vi-vn-x-south"). */
const char *loa_dialect_voice(loa_dialect d);

/* Parse "female|male" (also "nữ", "nu", "nam giới", "nam gioi"; a bare
 * "nam" is refused: it also means the south); LOA_ERR_INVALID otherwise. */
loa_err loa_gender_parse(const char *s, loa_gender *out);

/* "male" or "female". */
const char *loa_gender_name(loa_gender g);

/* The espeak-ng voice name for D spoken by G ("vi", "vi+f3",
 * "vi-vn-x-south+f3"): loa_dialect_voice for a male voice. */
const char *loa_voice_name(loa_dialect d, loa_gender g);

#endif
