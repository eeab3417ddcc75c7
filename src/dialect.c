/* Dialect names and their espeak-ng voice names: plain strings, kept apart
 * from synth.c so that the planner and the config reader, which only name a
 * dialect, do not pull espeak-ng into what links them. */
#include <string.h>

#include "loa/dialect.h"
#include "loa/error.h"

loa_err loa_dialect_parse(const char *s, loa_dialect *out)
{
    static const struct {
        const char *name;
        loa_dialect d;
    } names[] = {
        {"north", LOA_DIALECT_NORTH},     {"bac", LOA_DIALECT_NORTH},
        {"bắc", LOA_DIALECT_NORTH},       {"central", LOA_DIALECT_CENTRAL},
        {"trung", LOA_DIALECT_CENTRAL},   {"south", LOA_DIALECT_SOUTH},
        {"nam", LOA_DIALECT_SOUTH},       {"miền bắc", LOA_DIALECT_NORTH},
        {"miền trung", LOA_DIALECT_CENTRAL}, {"miền nam", LOA_DIALECT_SOUTH},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].d;
            return LOA_OK;
        }
    }
    return LOA_ERR_INVALID;
}

const char *loa_dialect_name(loa_dialect d)
{
    switch (d) {
    case LOA_DIALECT_CENTRAL: return "central";
    case LOA_DIALECT_SOUTH: return "south";
    default: return "north";
    }
}

const char *loa_dialect_voice(loa_dialect d)
{
    switch (d) {
    case LOA_DIALECT_CENTRAL: return "vi-vn-x-central";
    case LOA_DIALECT_SOUTH: return "vi-vn-x-south";
    default: return "vi";
    }
}
