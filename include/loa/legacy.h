#ifndef LOA_LEGACY_H
#define LOA_LEGACY_H

#include <stddef.h>

#include "loa/error.h"

/* Pre-Unicode Vietnamese text: the font encodings editors still meet in old
 * Word documents.
 *   TCVN3  TCVN 5712:1993 (ABC fonts, .VnTime): one byte per letter; the VN3
 *          lower-case set at 0xA1..0xFE plus the VN1 upper-case letters with
 *          tone marks (0x01..0x17, 0x80..0xFF) that iconv's TCVN5712-1 uses.
 *   VNI    VNI-Windows fonts (VNI-Times): an ASCII base letter followed by a
 *          mark byte ("a\xF8" = à, "a\xE0" = ầ); ơ ư đ and the i letters are
 *          single bytes.
 *   CP1258 Windows-1258, the "ANSI" of Vietnamese Windows (Word's and
 *          Notepad's "ANSI" on a Vietnamese system): Latin-1 with ă â ê ô ơ ư đ
 *          and five combining tone marks (0xCC 0xEC 0xD2 0xDE 0xF2) after
 *          the vowel; some toned letters are single bytes (à á é ó ...).
 * Input is either raw bytes (not UTF-8) or UTF-8 whose characters are all
 * Latin-1 (the same bytes pasted through a Latin-1 font: "Kính thöa baø con");
 * both are read as the same code units. */
typedef enum loa_legacy_enc {
    LOA_LEGACY_NONE = 0,
    LOA_LEGACY_TCVN3 = 1,
    LOA_LEGACY_VNI = 2,
    LOA_LEGACY_CP1258 = 3
} loa_legacy_enc;

/* A detection this confident is the file's encoding (loa check reports it,
 * --fix converts it). */
#define LOA_LEGACY_SURE 0.6

/* "TCVN3", "VNI" or "CP1258" ("none" for NONE); never NULL. */
const char *loa_legacy_name(loa_legacy_enc enc);

/* Guess whether LEN bytes of TEXT are TCVN3, VNI or CP1258 text. Returns the likelier
 * encoding and sets *CONFIDENCE (0..1: the share of its non-ASCII words that
 * decode to well-formed Vietnamese syllables), or returns NONE (confidence 0)
 * when TEXT holds nothing but ASCII and Unicode beyond Latin-1. */
loa_legacy_enc loa_legacy_detect(const char *text, size_t len, double *confidence);

/* Convert LEN bytes of legacy TEXT to UTF-8 in NFC (precomposed letters).
 * *OUT is malloc'd, NUL-terminated, length in *OUT_LEN; the caller frees it.
 * Code units that are no letter in ENC stay as their Latin-1 characters. */
loa_err loa_legacy_decode(loa_legacy_enc enc, const char *text, size_t len, char **out,
                          size_t *out_len);

/* The reverse, for tests and for editors who must go back: UTF-8 NFC TEXT
 * to ENC bytes. A character ENC cannot hold fails with LOA_ERR_TEXT and
 * DIAG's line:col. */
loa_err loa_legacy_encode(loa_legacy_enc enc, const char *text, size_t len, char **out,
                          size_t *out_len, loa_diag *diag);

#endif
