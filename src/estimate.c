/* Speaking-time estimate without synthesis.
 *
 * Least-squares fit of espeak-ng 1.51 (voice vi, 150 wpm) durations on 40
 * sentences of the seed documents: 0.2645 s per syllable (a Vietnamese word
 * is one syllable), 0.26 s per comma-like pause, 0.40 s per utterance; every
 * term scales with 150 / rate. */
#include "loa/estimate.h"

#define SEC_PER_SYLLABLE 0.2645
#define SEC_PER_COMMA 0.26
#define SEC_PER_UTTERANCE 0.40

double loa_estimate_seconds(const char *spoken, size_t len, int rate_wpm)
{
    size_t i, words = 0, commas = 0, utterances = 0;
    int in_word = 0, line_has_words = 0;

    if (rate_wpm <= 0)
        rate_wpm = 150;
    for (i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)spoken[i] : '\n';

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' ||
            c == ':' || c == '.' || c == '!' || c == '?') {
            in_word = 0;
            if (c == ',' || c == ';' || c == ':')
                commas++;
            if (c == '\n' && line_has_words) {
                utterances++;
                line_has_words = 0;
            }
        } else if (!in_word) {
            in_word = 1;
            line_has_words = 1;
            words++;
        }
    }
    return (SEC_PER_SYLLABLE * (double)words + SEC_PER_COMMA * (double)commas +
            SEC_PER_UTTERANCE * (double)utterances) *
           150.0 / rate_wpm;
}
