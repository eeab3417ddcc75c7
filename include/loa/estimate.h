#ifndef LOA_ESTIMATE_H
#define LOA_ESTIMATE_H

#include <stddef.h>

/* Estimated speaking time, in seconds, of LEN bytes of already-normalized
 * spoken Vietnamese (words only) at RATE_WPM (0 means 150), as espeak-ng's
 * Vietnamese voices say it, each line an utterance. Used for dry runs and
 * for `loa check` before anything is rendered; the build itself always uses
 * the rendered duration. Fitted on the seed documents' sentences: about 5%
 * mean error on a sentence, less on a bulletin. */
double loa_estimate_seconds(const char *spoken, size_t len, int rate_wpm);

#endif
