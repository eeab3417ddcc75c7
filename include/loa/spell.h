#ifndef LOA_SPELL_H
#define LOA_SPELL_H

#include <stddef.h>

#include "loa/error.h"

/* Spelling of Vietnamese syllables with libhunspell and Debian's hunspell-vi
 * dictionary (vi_VN, one entry per syllable). Both tone-mark placements are
 * accepted: the dictionary has the old one ("hoà", "thuỷ"), the new one
 * ("hòa", "thủy") is tried as the old before a word is called wrong. */
typedef struct loa_spell loa_spell;

/* Open the dictionary DIR/vi_VN.aff + .dic (DIR NULL: /usr/share/hunspell).
 * LOA_ERR_IO when it is not installed (apt-get install hunspell-vi). */
loa_err loa_spell_open(loa_spell **out, const char *dir, loa_diag *diag);

/* 1 when the UTF-8 word WORD (LEN bytes) is spelled right, else 0. */
int loa_spell_ok(loa_spell *sp, const char *word, size_t len);

/* Up to MAX suggestions for WORD, best first, as one malloc'd string of
 * comma-separated words in *OUT (empty when there are none). */
loa_err loa_spell_suggest(loa_spell *sp, const char *word, size_t len, size_t max, char **out);

/* Release SP; NULL-safe. */
void loa_spell_free(loa_spell *sp);

#endif
