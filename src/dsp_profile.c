/* The named audio profiles (design.md, "Audio defaults"). */
#include <string.h>

#include "internal.h"

/* Horn loudspeakers reproduce little below ~250 Hz and above ~7 kHz: a
 * higher high-pass keeps their excursion for the speech band, and a
 * low-pass drops hiss they only turn into harshness. */
static const loa_profile profiles[] = {
    {"default", -16.0, -1.5, 44100, 64, 160.0, 3.0, 3000.0, 0.0},
    {"broadcast", -23.0, -1.0, 44100, 64, 160.0, 3.0, 3000.0, 0.0},
    {"horn", -14.0, -1.5, 44100, 64, 250.0, 3.0, 3000.0, 7000.0},
    {"lowband", -16.0, -2.0, 22050, 48, 160.0, 3.0, 3000.0, 0.0},
};

const loa_profile *loa_profile_find(const char *name)
{
    size_t i;

    if (name == NULL)
        return &profiles[0];
    for (i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
        if (strcmp(name, profiles[i].name) == 0)
            return &profiles[i];
    return NULL;
}

const char *loa_profile_names(void)
{
    return "default, broadcast, horn, lowband";
}
