/* Names in scripts: header keys and values folded to ASCII for matching
 * (loa_script_fold), and a bulletin's id from its file name. */
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/script.h"
#include "buf_int.h"

/* Vietnamese precomposed vowels (and đ) → their ASCII base letter; sorted
 * by code point. Generated from the 12 vowels × 6 tones with Python's
 * unicodedata (NFC). */
static const struct { unsigned short cp; char ascii; } fold_table[] = {
    {0x00C0, 'a'}, {0x00C1, 'a'}, {0x00C2, 'a'}, {0x00C3, 'a'}, {0x00C8, 'e'}, {0x00C9, 'e'},
    {0x00CA, 'e'}, {0x00CC, 'i'}, {0x00CD, 'i'}, {0x00D2, 'o'}, {0x00D3, 'o'}, {0x00D4, 'o'},
    {0x00D5, 'o'}, {0x00D9, 'u'}, {0x00DA, 'u'}, {0x00DD, 'y'}, {0x00E0, 'a'}, {0x00E1, 'a'},
    {0x00E2, 'a'}, {0x00E3, 'a'}, {0x00E8, 'e'}, {0x00E9, 'e'}, {0x00EA, 'e'}, {0x00EC, 'i'},
    {0x00ED, 'i'}, {0x00F2, 'o'}, {0x00F3, 'o'}, {0x00F4, 'o'}, {0x00F5, 'o'}, {0x00F9, 'u'},
    {0x00FA, 'u'}, {0x00FD, 'y'}, {0x0102, 'a'}, {0x0103, 'a'}, {0x0110, 'd'}, {0x0111, 'd'},
    {0x0128, 'i'}, {0x0129, 'i'}, {0x0168, 'u'}, {0x0169, 'u'}, {0x01A0, 'o'}, {0x01A1, 'o'},
    {0x01AF, 'u'}, {0x01B0, 'u'}, {0x1EA0, 'a'}, {0x1EA1, 'a'}, {0x1EA2, 'a'}, {0x1EA3, 'a'},
    {0x1EA4, 'a'}, {0x1EA5, 'a'}, {0x1EA6, 'a'}, {0x1EA7, 'a'}, {0x1EA8, 'a'}, {0x1EA9, 'a'},
    {0x1EAA, 'a'}, {0x1EAB, 'a'}, {0x1EAC, 'a'}, {0x1EAD, 'a'}, {0x1EAE, 'a'}, {0x1EAF, 'a'},
    {0x1EB0, 'a'}, {0x1EB1, 'a'}, {0x1EB2, 'a'}, {0x1EB3, 'a'}, {0x1EB4, 'a'}, {0x1EB5, 'a'},
    {0x1EB6, 'a'}, {0x1EB7, 'a'}, {0x1EB8, 'e'}, {0x1EB9, 'e'}, {0x1EBA, 'e'}, {0x1EBB, 'e'},
    {0x1EBC, 'e'}, {0x1EBD, 'e'}, {0x1EBE, 'e'}, {0x1EBF, 'e'}, {0x1EC0, 'e'}, {0x1EC1, 'e'},
    {0x1EC2, 'e'}, {0x1EC3, 'e'}, {0x1EC4, 'e'}, {0x1EC5, 'e'}, {0x1EC6, 'e'}, {0x1EC7, 'e'},
    {0x1EC8, 'i'}, {0x1EC9, 'i'}, {0x1ECA, 'i'}, {0x1ECB, 'i'}, {0x1ECC, 'o'}, {0x1ECD, 'o'},
    {0x1ECE, 'o'}, {0x1ECF, 'o'}, {0x1ED0, 'o'}, {0x1ED1, 'o'}, {0x1ED2, 'o'}, {0x1ED3, 'o'},
    {0x1ED4, 'o'}, {0x1ED5, 'o'}, {0x1ED6, 'o'}, {0x1ED7, 'o'}, {0x1ED8, 'o'}, {0x1ED9, 'o'},
    {0x1EDA, 'o'}, {0x1EDB, 'o'}, {0x1EDC, 'o'}, {0x1EDD, 'o'}, {0x1EDE, 'o'}, {0x1EDF, 'o'},
    {0x1EE0, 'o'}, {0x1EE1, 'o'}, {0x1EE2, 'o'}, {0x1EE3, 'o'}, {0x1EE4, 'u'}, {0x1EE5, 'u'},
    {0x1EE6, 'u'}, {0x1EE7, 'u'}, {0x1EE8, 'u'}, {0x1EE9, 'u'}, {0x1EEA, 'u'}, {0x1EEB, 'u'},
    {0x1EEC, 'u'}, {0x1EED, 'u'}, {0x1EEE, 'u'}, {0x1EEF, 'u'}, {0x1EF0, 'u'}, {0x1EF1, 'u'},
    {0x1EF2, 'y'}, {0x1EF3, 'y'}, {0x1EF4, 'y'}, {0x1EF5, 'y'}, {0x1EF6, 'y'}, {0x1EF7, 'y'},
    {0x1EF8, 'y'}, {0x1EF9, 'y'},
};

/* Decode one UTF-8 character at S (already validated); returns its length. */
static size_t utf8_dec(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] < 0xE0) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (s[0] < 0xF0) {
        *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

static char fold_cp(unsigned cp)
{
    size_t lo = 0, hi = sizeof fold_table / sizeof fold_table[0];

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (fold_table[mid].cp == cp)
            return fold_table[mid].ascii;
        if (fold_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

loa_err loa_script_fold(const char *s, size_t len, char **out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    loai_buf b = {0};
    loa_err err = loai_buf_add(&b, "", 0);

    while (err == LOA_OK && i < len) {
        unsigned cp;
        size_t k = utf8_dec(p + i, &cp);
        char a;

        if (k > len - i)
            k = len - i;
        if (cp < 0x80) {
            a = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            err = loai_buf_add(&b, &a, 1);
        } else if (cp >= 0x300 && cp <= 0x36F) {
            /* combining mark (NFD text): dropped */
        } else if ((a = fold_cp(cp)) != 0) {
            err = loai_buf_add(&b, &a, 1);
        } else {
            err = loai_buf_add(&b, s + i, k);
        }
        i += k;
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    *out = b.data;
    return LOA_OK;
}

loa_err loa_bulletin_id(const char *path, char **out)
{
    const char *base = strrchr(path, '/'), *dot;
    char *f, *r, *w;
    loa_err err;

    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        dot = base + strlen(base);
    if ((err = loa_script_fold(base, (size_t)(dot - base), &f)) != LOA_OK)
        return err;
    for (r = w = f; *r; r++) {
        int ok = (*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9');

        if (ok)
            *w++ = *r;
        else if (w > f && w[-1] != '-')
            *w++ = '-';
    }
    while (w > f && w[-1] == '-')
        w--;
    *w = '\0';
    if (*f == '\0') {
        free(f);
        return LOA_ERR_INVALID;
    }
    *out = f;
    return LOA_OK;
}
