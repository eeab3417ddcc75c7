/* Vietnamese letters (check_legacy.c) for the modules that check spelling and
 * tone-mark placement; never installed. */
#ifndef LOA_VN_INT_H
#define LOA_VN_INT_H

#include <stddef.h>

#include "loa/error.h"

/* Tone of a precomposed Vietnamese vowel CP (0 none, 1 huyền, 2 sắc, 3 hỏi,
 * 4 ngã, 5 nặng) and its row (0..11 a ă â e ê i o ô ơ u ư y, 12..23 the
 * upper case); -1 when CP is none. */
int loai_vn_vowel(unsigned cp, int *tone);
/* Tone placement of a word ending in oa, oe or uy: 1 old ("hoà", "thuỷ"),
 * 2 new ("hòa", "thủy"), 0 when the word shows neither. */
int loai_vn_tone_style(const char *w, size_t len);
/* WORD with the other placement in *OUT (malloc'd; NULL when it has none). */
loa_err loai_vn_retone(const char *w, size_t len, char **out, size_t *out_len);
/* Compose decomposed (NFD) Vietnamese letters of TEXT into precomposed ones
 * (NFC for Vietnamese); other characters are copied. *OUT is malloc'd. */
loa_err loai_vn_compose(const char *text, size_t len, char **out, size_t *out_len);

#endif
