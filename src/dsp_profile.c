/* The named audio profiles (README.md, `loa speak` --profile, has the table). */
#include <string.h>

#include "loa/profile.h"

/* Horn loudspeakers reproduce little below ~250 Hz and above ~7 kHz: a
 * higher high-pass keeps their excursion for the speech band, and a
 * low-pass drops hiss they only turn into harshness. espeak-ng speech peaks
 * ~20 dB over its loudness; -14 LUFS under -1.5 dBTP needs ~15 dB of
 * limiting, which a 30 ms recovery does with ~6 dB less gain in front than
 * 80 ms (measured), at the price of some density the horn wants anyway. */
static const loa_profile profiles[] = {
    {"default", -16.0, -1.5, 44100, 64, 160.0, 3.0, 3000.0, 0.0, 80.0},
    {"broadcast", -23.0, -1.0, 44100, 64, 160.0, 3.0, 3000.0, 0.0, 80.0},
    {"horn", -14.0, -1.5, 44100, 64, 250.0, 3.0, 3000.0, 7000.0, 30.0},
    {"lowband", -16.0, -2.0, 22050, 48, 160.0, 3.0, 3000.0, 0.0, 80.0},
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
