/* Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) → Unicode NFC, their
 * detection, and the reverse for tests. Tables are plain data: TCVN 5712:1993
 * (VN3 lower case at 0xA1..0xFE, VN1 upper case with tone marks elsewhere, as
 * glibc iconv's TCVN5712-1 has them) and the VNI-Windows font layout (base
 * letter + mark byte: 6 = circumflex, 8 = breve, 7 = horn on the keyboard). */
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/legacy.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "vn_int.h"

/* Each Vietnamese vowel: no tone, huyền, sắc, hỏi, ngã, nặng (that order
 * everywhere in this file). Rows 0..11 lower case, 12..23 upper case. */
#define N_VOWELS 24
static const unsigned vowels[N_VOWELS][6] = {
    {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}, /* a à á ả ã ạ */
    {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7}, /* ă ằ ắ ẳ ẵ ặ */
    {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD}, /* â ầ ấ ẩ ẫ ậ */
    {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}, /* e è é ẻ ẽ ẹ */
    {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7}, /* ê ề ế ể ễ ệ */
    {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB}, /* i ì í ỉ ĩ ị */
    {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}, /* o ò ó ỏ õ ọ */
    {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9}, /* ô ồ ố ổ ỗ ộ */
    {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơ ờ ớ ở ỡ ợ */
    {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}, /* u ù ú ủ ũ ụ */
    {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1}, /* ư ừ ứ ử ữ ự */
    {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}, /* y ỳ ý ỷ ỹ ỵ */
    {0x0041, 0x00C0, 0x00C1, 0x1EA2, 0x00C3, 0x1EA0}, /* A À Á Ả Ã Ạ */
    {0x0102, 0x1EB0, 0x1EAE, 0x1EB2, 0x1EB4, 0x1EB6}, /* Ă Ằ Ắ Ẳ Ẵ Ặ */
    {0x00C2, 0x1EA6, 0x1EA4, 0x1EA8, 0x1EAA, 0x1EAC}, /* Â Ầ Ấ Ẩ Ẫ Ậ */
    {0x0045, 0x00C8, 0x00C9, 0x1EBA, 0x1EBC, 0x1EB8}, /* E È É Ẻ Ẽ Ẹ */
    {0x00CA, 0x1EC0, 0x1EBE, 0x1EC2, 0x1EC4, 0x1EC6}, /* Ê Ề Ế Ể Ễ Ệ */
    {0x0049, 0x00CC, 0x00CD, 0x1EC8, 0x0128, 0x1ECA}, /* I Ì Í Ỉ Ĩ Ị */
    {0x004F, 0x00D2, 0x00D3, 0x1ECE, 0x00D5, 0x1ECC}, /* O Ò Ó Ỏ Õ Ọ */
    {0x00D4, 0x1ED2, 0x1ED0, 0x1ED4, 0x1ED6, 0x1ED8}, /* Ô Ồ Ố Ổ Ỗ Ộ */
    {0x01A0, 0x1EDC, 0x1EDA, 0x1EDE, 0x1EE0, 0x1EE2}, /* Ơ Ờ Ớ Ở Ỡ Ợ */
    {0x0055, 0x00D9, 0x00DA, 0x1EE6, 0x0168, 0x1EE4}, /* U Ù Ú Ủ Ũ Ụ */
    {0x01AF, 0x1EEA, 0x1EE8, 0x1EEC, 0x1EEE, 0x1EF0}, /* Ư Ừ Ứ Ử Ữ Ự */
    {0x0059, 0x1EF2, 0x00DD, 0x1EF6, 0x1EF8, 0x1EF4}, /* Y Ỳ Ý Ỷ Ỹ Ỵ */
};

/* TCVN 5712:1993 byte → Unicode code point; 0 = the byte is ASCII (or a
 * control character VN1 leaves alone). 0xB0..0xB4 are combining tone marks
 * (VN1), composed with the vowel before them. */
static const unsigned short tcvn[256] = {
    [0x01] = 0x00DA, [0x02] = 0x1EE4, [0x04] = 0x1EEA, [0x05] = 0x1EEC, [0x06] = 0x1EEE,
    [0x11] = 0x1EE8, [0x12] = 0x1EF0, [0x13] = 0x1EF2, [0x14] = 0x1EF6, [0x15] = 0x1EF8,
    [0x16] = 0x00DD, [0x17] = 0x1EF4,
    /* VN1 upper case with tone marks */
    [0x80] = 0x00C0, [0x81] = 0x1EA2, [0x82] = 0x00C3, [0x83] = 0x00C1, [0x84] = 0x1EA0, /* À Ả Ã Á Ạ */
    [0x85] = 0x1EB6, [0x86] = 0x1EAC, [0x87] = 0x00C8, [0x88] = 0x1EBA, [0x89] = 0x1EBC, /* Ặ Ậ È Ẻ Ẽ */
    [0x8A] = 0x00C9, [0x8B] = 0x1EB8, [0x8C] = 0x1EC6, [0x8D] = 0x00CC, [0x8E] = 0x1EC8, /* É Ẹ Ệ Ì Ỉ */
    [0x8F] = 0x0128, [0x90] = 0x00CD, [0x91] = 0x1ECA, [0x92] = 0x00D2, [0x93] = 0x1ECE, /* Ĩ Í Ị Ò Ỏ */
    [0x94] = 0x00D5, [0x95] = 0x00D3, [0x96] = 0x1ECC, [0x97] = 0x1ED8, [0x98] = 0x1EDC, /* Õ Ó Ọ Ộ Ờ */
    [0x99] = 0x1EDE, [0x9A] = 0x1EE0, [0x9B] = 0x1EDA, [0x9C] = 0x1EE2, [0x9D] = 0x00D9, /* Ở Ỡ Ớ Ợ Ù */
    [0x9E] = 0x1EE6, [0x9F] = 0x0168, [0xA0] = 0x00A0,                                  /* Ủ Ũ nbsp */
    /* VN3: the letters without a tone mark */
    [0xA1] = 0x0102, [0xA2] = 0x00C2, [0xA3] = 0x00CA, [0xA4] = 0x00D4, [0xA5] = 0x01A0, /* Ă Â Ê Ô Ơ */
    [0xA6] = 0x01AF, [0xA7] = 0x0110, [0xA8] = 0x0103, [0xA9] = 0x00E2, [0xAA] = 0x00EA, /* Ư Đ ă â ê */
    [0xAB] = 0x00F4, [0xAC] = 0x01A1, [0xAD] = 0x01B0, [0xAE] = 0x0111, [0xAF] = 0x1EB0, /* ô ơ ư đ Ằ */
    [0xB0] = 0x0300, [0xB1] = 0x0309, [0xB2] = 0x0303, [0xB3] = 0x0301, [0xB4] = 0x0323, /* combining */
    [0xB5] = 0x00E0, [0xB6] = 0x1EA3, [0xB7] = 0x00E3, [0xB8] = 0x00E1, [0xB9] = 0x1EA1, /* à ả ã á ạ */
    [0xBA] = 0x1EB2, [0xBB] = 0x1EB1, [0xBC] = 0x1EB3, [0xBD] = 0x1EB5, [0xBE] = 0x1EAF, /* Ẳ ằ ẳ ẵ ắ */
    [0xBF] = 0x1EB4, [0xC0] = 0x1EAE, [0xC1] = 0x1EA6, [0xC2] = 0x1EA8, [0xC3] = 0x1EAA, /* Ẵ Ắ Ầ Ẩ Ẫ */
    [0xC4] = 0x1EA4, [0xC5] = 0x1EC0, [0xC6] = 0x1EB7, [0xC7] = 0x1EA7, [0xC8] = 0x1EA9, /* Ấ Ề ặ ầ ẩ */
    [0xC9] = 0x1EAB, [0xCA] = 0x1EA5, [0xCB] = 0x1EAD, [0xCC] = 0x00E8, [0xCD] = 0x1EC2, /* ẫ ấ ậ è Ể */
    [0xCE] = 0x1EBB, [0xCF] = 0x1EBD, [0xD0] = 0x00E9, [0xD1] = 0x1EB9, [0xD2] = 0x1EC1, /* ẻ ẽ é ẹ ề */
    [0xD3] = 0x1EC3, [0xD4] = 0x1EC5, [0xD5] = 0x1EBF, [0xD6] = 0x1EC7, [0xD7] = 0x00EC, /* ể ễ ế ệ ì */
    [0xD8] = 0x1EC9, [0xD9] = 0x1EC4, [0xDA] = 0x1EBE, [0xDB] = 0x1ED2, [0xDC] = 0x0129, /* ỉ Ễ Ế Ồ ĩ */
    [0xDD] = 0x00ED, [0xDE] = 0x1ECB, [0xDF] = 0x00F2, [0xE0] = 0x1ED4, [0xE1] = 0x1ECF, /* í ị ò Ổ ỏ */
    [0xE2] = 0x00F5, [0xE3] = 0x00F3, [0xE4] = 0x1ECD, [0xE5] = 0x1ED3, [0xE6] = 0x1ED5, /* õ ó ọ ồ ổ */
    [0xE7] = 0x1ED7, [0xE8] = 0x1ED1, [0xE9] = 0x1ED9, [0xEA] = 0x1EDD, [0xEB] = 0x1EDF, /* ỗ ố ộ ờ ở */
    [0xEC] = 0x1EE1, [0xED] = 0x1EDB, [0xEE] = 0x1EE3, [0xEF] = 0x00F9, [0xF0] = 0x1ED6, /* ỡ ớ ợ ù Ỗ */
    [0xF1] = 0x1EE7, [0xF2] = 0x0169, [0xF3] = 0x00FA, [0xF4] = 0x1EE5, [0xF5] = 0x1EEB, /* ủ ũ ú ụ ừ */
    [0xF6] = 0x1EED, [0xF7] = 0x1EEF, [0xF8] = 0x1EE9, [0xF9] = 0x1EF1, [0xFA] = 0x1EF3, /* ử ữ ứ ự ỳ */
    [0xFB] = 0x1EF7, [0xFC] = 0x1EF9, [0xFD] = 0x00FD, [0xFE] = 0x1EF5, [0xFF] = 0x1ED0, /* ỷ ỹ ý ỵ Ố */
};

/* VNI-Windows: each Vietnamese letter and its bytes. Tone marks after a, e,
 * o, u, y, ơ, ư: F8 huyền, F9 sắc, FB hỏi, F5 ngã, EF nặng (upper case D8 D9
 * DB D5 CF); circumflex with tone: E2 E0 E1 E5 E3 E4 (C2 C0 C1 C5 C3 C4);
 * breve with tone: EA E8 E9 FA FC EB (CA C8 C9 DA DC CB); ì í ỉ ĩ ị are EC ED
 * E6 F3 F2 (CC CD C6 D3 D2); ỵ EE (CE); ơ F4 (D4); ư F6 (D6); đ F1 (D1). */
static const struct {
    const char *u;   /* the letter, UTF-8 NFC */
    const char *vni; /* its VNI bytes */
} vni[] = {
    {"à", "a\xF8"},
    {"è", "e\xF8"},
    {"ò", "o\xF8"},
    {"ù", "u\xF8"},
    {"ỳ", "y\xF8"},
    {"ì", "\xEC"},
    {"á", "a\xF9"},
    {"é", "e\xF9"},
    {"ó", "o\xF9"},
    {"ú", "u\xF9"},
    {"ý", "y\xF9"},
    {"í", "\xED"},
    {"ả", "a\xFB"},
    {"ẻ", "e\xFB"},
    {"ỏ", "o\xFB"},
    {"ủ", "u\xFB"},
    {"ỷ", "y\xFB"},
    {"ỉ", "\xE6"},
    {"ã", "a\xF5"},
    {"ẽ", "e\xF5"},
    {"õ", "o\xF5"},
    {"ũ", "u\xF5"},
    {"ỹ", "y\xF5"},
    {"ĩ", "\xF3"},
    {"ạ", "a\xEF"},
    {"ẹ", "e\xEF"},
    {"ọ", "o\xEF"},
    {"ụ", "u\xEF"},
    {"ỵ", "\xEE"},
    {"ị", "\xF2"},
    {"â", "a\xE2"},
    {"ê", "e\xE2"},
    {"ô", "o\xE2"},
    {"ă", "a\xEA"},
    {"ầ", "a\xE0"},
    {"ề", "e\xE0"},
    {"ồ", "o\xE0"},
    {"ằ", "a\xE8"},
    {"ấ", "a\xE1"},
    {"ế", "e\xE1"},
    {"ố", "o\xE1"},
    {"ắ", "a\xE9"},
    {"ẩ", "a\xE5"},
    {"ể", "e\xE5"},
    {"ổ", "o\xE5"},
    {"ẳ", "a\xFA"},
    {"ẫ", "a\xE3"},
    {"ễ", "e\xE3"},
    {"ỗ", "o\xE3"},
    {"ẵ", "a\xFC"},
    {"ậ", "a\xE4"},
    {"ệ", "e\xE4"},
    {"ộ", "o\xE4"},
    {"ặ", "a\xEB"},
    {"ơ", "\xF4"},
    {"ư", "\xF6"},
    {"ờ", "\xF4\xF8"},
    {"ừ", "\xF6\xF8"},
    {"ớ", "\xF4\xF9"},
    {"ứ", "\xF6\xF9"},
    {"ở", "\xF4\xFB"},
    {"ử", "\xF6\xFB"},
    {"ỡ", "\xF4\xF5"},
    {"ữ", "\xF6\xF5"},
    {"ợ", "\xF4\xEF"},
    {"ự", "\xF6\xEF"},
    {"đ", "\xF1"},
    {"À", "A\xD8"},
    {"È", "E\xD8"},
    {"Ò", "O\xD8"},
    {"Ù", "U\xD8"},
    {"Ỳ", "Y\xD8"},
    {"Ì", "\xCC"},
    {"Á", "A\xD9"},
    {"É", "E\xD9"},
    {"Ó", "O\xD9"},
    {"Ú", "U\xD9"},
    {"Ý", "Y\xD9"},
    {"Í", "\xCD"},
    {"Ả", "A\xDB"},
    {"Ẻ", "E\xDB"},
    {"Ỏ", "O\xDB"},
    {"Ủ", "U\xDB"},
    {"Ỷ", "Y\xDB"},
    {"Ỉ", "\xC6"},
    {"Ã", "A\xD5"},
    {"Ẽ", "E\xD5"},
    {"Õ", "O\xD5"},
    {"Ũ", "U\xD5"},
    {"Ỹ", "Y\xD5"},
    {"Ĩ", "\xD3"},
    {"Ạ", "A\xCF"},
    {"Ẹ", "E\xCF"},
    {"Ọ", "O\xCF"},
    {"Ụ", "U\xCF"},
    {"Ỵ", "\xCE"},
    {"Ị", "\xD2"},
    {"Â", "A\xC2"},
    {"Ê", "E\xC2"},
    {"Ô", "O\xC2"},
    {"Ă", "A\xCA"},
    {"Ầ", "A\xC0"},
    {"Ề", "E\xC0"},
    {"Ồ", "O\xC0"},
    {"Ằ", "A\xC8"},
    {"Ấ", "A\xC1"},
    {"Ế", "E\xC1"},
    {"Ố", "O\xC1"},
    {"Ắ", "A\xC9"},
    {"Ẩ", "A\xC5"},
    {"Ể", "E\xC5"},
    {"Ổ", "O\xC5"},
    {"Ẳ", "A\xDA"},
    {"Ẫ", "A\xC3"},
    {"Ễ", "E\xC3"},
    {"Ỗ", "O\xC3"},
    {"Ẵ", "A\xDC"},
    {"Ậ", "A\xC4"},
    {"Ệ", "E\xC4"},
    {"Ộ", "O\xC4"},
    {"Ặ", "A\xCB"},
    {"Ơ", "\xD4"},
    {"Ư", "\xD6"},
    {"Ờ", "\xD4\xD8"},
    {"Ừ", "\xD6\xD8"},
    {"Ớ", "\xD4\xD9"},
    {"Ứ", "\xD6\xD9"},
    {"Ở", "\xD4\xDB"},
    {"Ử", "\xD6\xDB"},
    {"Ỡ", "\xD4\xD5"},
    {"Ữ", "\xD6\xD5"},
    {"Ợ", "\xD4\xCF"},
    {"Ự", "\xD6\xCF"},
    {"Đ", "\xD1"},
};
#define N_VNI (sizeof vni / sizeof vni[0])

const char *loa_legacy_name(loa_legacy_enc enc)
{
    switch (enc) {
    case LOA_LEGACY_TCVN3: return "TCVN3";
    case LOA_LEGACY_VNI: return "VNI";
    default: return "none";
    }
}

/* Decode one UTF-8 sequence at S (N bytes left; input known valid). */
static size_t dec(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x80 || n < 2) {
        *cp = s[0];
        return 1;
    }
    if (s[0] < 0xE0) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (s[0] < 0xF0 || n < 4) {
        *cp = n >= 3 ? ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu) : s[0];
        return n >= 3 ? 3 : 1;
    }
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

static loa_err put_cp(loai_buf *b, unsigned cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return loai_buf_add(b, u, n);
}

/* The code units of TEXT: its characters when it is UTF-8 holding only
 * Latin-1 (legacy bytes pasted through a Latin-1 font), else its bytes.
 * *UNITS is malloc'd. *LATIN1 says which. */
static loa_err units_of(const char *text, size_t len, unsigned char **units, size_t *n,
                        int *latin1)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned char *u = malloc(len ? len : 1);
    size_t i, k = 0;
    int ok = loa_text_check_utf8(text, len, NULL) == LOA_OK;

    if (u == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; ok && i < len;) {
        unsigned cp;

        i += dec(p + i, len - i, &cp);
        if (cp > 0xFF)
            ok = 0;
        else
            u[k++] = (unsigned char)cp;
    }
    if (!ok) {
        memcpy(u, text, len);
        k = len;
    }
    *units = u;
    *n = k;
    *latin1 = ok;
    return LOA_OK;
}

/* Row and tone of vowel CP, or -1. */
static int vowel_of(unsigned cp, int *tone)
{
    int r, t;

    *tone = 0;
    for (r = 0; r < N_VOWELS; r++)
        for (t = 0; t < 6; t++)
            if (vowels[r][t] == cp) {
                *tone = t;
                return r;
            }
    return -1;
}

/* Decode units U[0..N) as ENC, appending UTF-8 to OUT. */
static loa_err decode_units(loa_legacy_enc enc, const unsigned char *u, size_t n, loai_buf *out)
{
    static const int comb_tone[5] = {1, 3, 4, 2, 5}; /* TCVN B0..B4: huyền hỏi ngã sắc nặng */
    unsigned prev = 0;
    size_t i = 0, k;
    loa_err err = loai_buf_reserve(out, n + 1);

    while (err == LOA_OK && i < n) {
        unsigned cp = u[i];
        size_t used = 1;

        if (enc == LOA_LEGACY_TCVN3) {
            if (tcvn[u[i]] >= 0x300 && tcvn[u[i]] <= 0x323) {
                int tone, r = vowel_of(prev, &tone);

                if (r >= 0 && tone == 0) { /* compose with the vowel just written */
                    size_t back = prev < 0x80 ? 1 : prev < 0x800 ? 2 : 3;

                    out->len -= back;
                    cp = vowels[r][comb_tone[u[i] - 0xB0]];
                } else {
                    cp = tcvn[u[i]];
                }
            } else if (tcvn[u[i]] != 0) {
                cp = tcvn[u[i]];
            }
        } else if (enc == LOA_LEGACY_VNI && u[i] >= 0x80) {
            /* Longest match: a base letter + mark was taken at the base. */
            for (k = 0; k < N_VNI; k++)
                if (strlen(vni[k].vni) == 1 && (unsigned char)vni[k].vni[0] == u[i])
                    break;
            if (k < N_VNI)
                dec((const unsigned char *)vni[k].u, strlen(vni[k].u), &cp);
        }
        if (enc == LOA_LEGACY_VNI && i + 1 < n && u[i + 1] >= 0x80) {
            for (k = 0; k < N_VNI; k++) {
                const unsigned char *v = (const unsigned char *)vni[k].vni;

                if (strlen(vni[k].vni) == 2 && v[0] == u[i] && v[1] == u[i + 1])
                    break;
            }
            if (k < N_VNI) {
                dec((const unsigned char *)vni[k].u, strlen(vni[k].u), &cp);
                used = 2;
            }
        }
        err = put_cp(out, cp);
        prev = cp;
        i += used;
    }
    return err;
}

loa_err loa_legacy_decode(loa_legacy_enc enc, const char *text, size_t len, char **out,
                          size_t *out_len)
{
    unsigned char *u;
    size_t n;
    int latin1;
    loai_buf b = {0};
    loa_err err = units_of(text, len, &u, &n, &latin1);

    if (err != LOA_OK)
        return err;
    if ((err = decode_units(enc, u, n, &b)) == LOA_OK && b.data == NULL)
        err = loai_buf_add(&b, "", 0);
    free(u);
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    *out = b.data;
    *out_len = b.len;
    return LOA_OK;
}

loa_err loa_legacy_encode(loa_legacy_enc enc, const char *text, size_t len, char **out,
                          size_t *out_len, loa_diag *diag)
{
    const unsigned char *p = (const unsigned char *)text;
    loai_buf b = {0};
    size_t i = 0, k;
    int line = 1, col = 1;
    loa_err err = loa_text_check_utf8(text, len, diag);

    if (err != LOA_OK)
        return err;
    if (enc != LOA_LEGACY_TCVN3 && enc != LOA_LEGACY_VNI)
        return LOA_ERR_INVALID;
    err = loai_buf_add(&b, "", 0);
    while (err == LOA_OK && i < len) {
        unsigned cp;
        size_t m = dec(p + i, len - i, &cp);
        int found = 0;

        if (cp < 0x80 && (enc == LOA_LEGACY_VNI || tcvn[cp] == 0)) {
            err = loai_buf_add(&b, text + i, 1);
            found = 1;
        } else if (enc == LOA_LEGACY_TCVN3) {
            for (k = 0x80; k < 256 && !found; k++)
                if (tcvn[k] == cp && !(k >= 0xB0 && k <= 0xB4)) {
                    char c = (char)k;

                    err = loai_buf_add(&b, &c, 1);
                    found = 1;
                }
            for (k = 1; k < 0x20 && !found; k++)
                if (tcvn[k] == cp) {
                    char c = (char)k;

                    err = loai_buf_add(&b, &c, 1);
                    found = 1;
                }
        } else {
            for (k = 0; k < N_VNI && !found; k++)
                if (strncmp(vni[k].u, text + i, m) == 0 && vni[k].u[m] == '\0') {
                    err = loai_buf_puts(&b, vni[k].vni);
                    found = 1;
                }
        }
        if (!found) {
            loai_buf_free(&b);
            loai_diag_at(diag, line, col, "U+%04X has no %s code — keep the text in Unicode",
                         cp, loa_legacy_name(enc));
            return LOA_ERR_TEXT;
        }
        if (cp == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += m;
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    *out = b.data;
    *out_len = b.len;
    return LOA_OK;
}

/* ---- detection --------------------------------------------------------- */

static int is_word_cp(unsigned cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0x80 && cp != 0xA0 && cp != 0xD7 && cp != 0xF7 &&
            !(cp >= 0x2000 && cp <= 0x206F));
}

/* Vowel clusters (tone marks removed) that Vietnamese syllables have, after
 * the u of "qu" and the i of "gi" are taken as part of the consonant. */
static const char *const nuclei[] = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay",
    "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo",
    "ua", "uâ", "uê", "ui", "uô", "uơ", "ươ", "ưa", "ưi", "ưu", "uy", "yê", "iêu", "yêu",
    "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "uay", "ưo",
};

/* 1 when the word [W, W+N) (code points) looks like a Vietnamese syllable:
 * letters only from the Vietnamese alphabet, one vowel cluster that
 * Vietnamese has, at most one tone mark. */
static int good_syllable(const unsigned *w, size_t n)
{
    char cl[32];
    size_t i, cn = 0, start = 0;
    int tones = 0, clusters = 0, in_cl = 0;

    if (n >= 3 && (w[0] | 0x20) == 'q' && (w[1] | 0x20) == 'u')
        start = 2;
    else if (n >= 3 && (w[0] | 0x20) == 'g' && (w[1] | 0x20) == 'i') {
        int t, r = vowel_of(w[2], &t);

        if (r >= 0)
            start = 2;
    }
    for (i = 0; i < n; i++) {
        int tone, r = vowel_of(w[i], &tone);

        if (r < 0) {
            if (w[i] >= 0x80 && w[i] != 0x0110 && w[i] != 0x0111)
                return 0; /* not a Vietnamese letter */
            in_cl = 0;
            continue;
        }
        if (tone > 0)
            tones++;
        if (i < start)
            continue;
        if (!in_cl) {
            clusters++;
            in_cl = 1;
        }
        {
            unsigned lo = vowels[r % 12][0];
            char tmp[4];
            size_t m = lo < 0x80 ? 1 : lo < 0x800 ? 2 : 3;

            if (cn + m >= sizeof cl)
                return 0;
            if (m == 1)
                tmp[0] = (char)lo;
            else if (m == 2) {
                tmp[0] = (char)(0xC0 | (lo >> 6));
                tmp[1] = (char)(0x80 | (lo & 0x3F));
            } else {
                tmp[0] = (char)(0xE0 | (lo >> 12));
                tmp[1] = (char)(0x80 | ((lo >> 6) & 0x3F));
                tmp[2] = (char)(0x80 | (lo & 0x3F));
            }
            memcpy(cl + cn, tmp, m);
            cn += m;
        }
    }
    cl[cn] = '\0';
    if (tones > 1 || clusters > 1)
        return 0;
    if (clusters == 0)
        return start > 0; /* "gi", "qu" alone */
    for (i = 0; i < sizeof nuclei / sizeof nuclei[0]; i++)
        if (strcmp(cl, nuclei[i]) == 0)
            return 1;
    return 0;
}

/* Share of the words holding a non-ASCII letter that look Vietnamese in
 * UTF-8 TEXT; -1 when there are none. */
static double vietnamese_score(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned w[64];
    size_t i = 0, n = 0, good = 0, total = 0;
    int high = 0;

    for (;;) {
        unsigned cp = 0;

        if (i < len)
            i += dec(p + i, len - i, &cp);
        if (cp != 0 && is_word_cp(cp)) {
            if (n < 64)
                w[n++] = cp;
            if (cp >= 0x80)
                high = 1;
            continue;
        }
        if (n > 0 && high) {
            total++;
            good += n < 64 && good_syllable(w, n);
        }
        n = 0;
        high = 0;
        if (i >= len)
            break;
    }
    return total ? (double)good / (double)total : -1.0;
}

loa_legacy_enc loa_legacy_detect(const char *text, size_t len, double *confidence)
{
    static const loa_legacy_enc cand[2] = {LOA_LEGACY_TCVN3, LOA_LEGACY_VNI};
    unsigned char *u;
    size_t n, i;
    int latin1, high = 0;
    double best = -1, as_is = -1;
    loa_legacy_enc enc = LOA_LEGACY_NONE;

    *confidence = 0;
    if (units_of(text, len, &u, &n, &latin1) != LOA_OK)
        return LOA_LEGACY_NONE;
    if (!latin1 && loa_text_check_utf8(text, len, NULL) == LOA_OK) {
        free(u); /* Unicode beyond Latin-1: not legacy */
        return LOA_LEGACY_NONE;
    }
    for (i = 0; i < n && !high; i++)
        high = u[i] >= 0x80;
    if (!high) {
        free(u);
        return LOA_LEGACY_NONE;
    }
    if (latin1) /* valid UTF-8: legacy only if it reads better than as it is */
        as_is = vietnamese_score(text, len);
    for (i = 0; i < 2; i++) {
        loai_buf b = {0};
        double s;

        if (decode_units(cand[i], u, n, &b) != LOA_OK) {
            loai_buf_free(&b);
            continue;
        }
        s = vietnamese_score(b.data, b.len);
        loai_buf_free(&b);
        if (s > best) {
            best = s;
            enc = cand[i];
        }
    }
    free(u);
    if (best <= 0 || best <= as_is)
        return LOA_LEGACY_NONE;
    *confidence = best;
    return enc;
}

/* ---- Vietnamese letters for the other modules ---------------------------- */

int loai_vn_vowel(unsigned cp, int *tone)
{
    return vowel_of(cp, tone);
}

/* Up to MAX code points of [W, W+LEN) into CP; the count, or 0 if too long. */
static size_t cps_of(const char *w, size_t len, unsigned *cp, size_t max)
{
    size_t i = 0, n = 0;

    while (i < len) {
        if (n == max)
            return 0;
        i += dec((const unsigned char *)w + i, len - i, &cp[n++]);
    }
    return n;
}

/* Index of the first vowel of a final oa/oe/uy pair with a tone, or -1. */
static int final_pair(const unsigned *c, size_t n)
{
    int t1, t2, r1, r2;

    if (n < 2)
        return -1;
    r1 = vowel_of(c[n - 2], &t1);
    r2 = vowel_of(c[n - 1], &t2);
    if (r1 < 0 || r2 < 0 || (t1 == 0) == (t2 == 0))
        return -1;
    r1 %= 12;
    r2 %= 12;
    if (!((r1 == 6 && (r2 == 0 || r2 == 3)) || (r1 == 9 && r2 == 11)))
        return -1;
    if (n >= 3 && (c[n - 3] | 0x20) == 'q') /* "quý": u belongs to qu */
        return -1;
    if (n >= 3 && vowel_of(c[n - 3], &t1) >= 0) /* "khuya"-like triples */
        return -1;
    return (int)n - 2;
}

int loai_vn_tone_style(const char *w, size_t len)
{
    unsigned c[32];
    size_t n = cps_of(w, len, c, 32);
    int i = final_pair(c, n), t = 0;

    if (i < 0)
        return 0;
    vowel_of(c[i], &t);
    return t ? 2 : 1;
}

loa_err loai_vn_retone(const char *w, size_t len, char **out, size_t *out_len)
{
    unsigned c[32];
    size_t n = cps_of(w, len, c, 32), k;
    int i = final_pair(c, n), t1 = 0, t2 = 0, r1, r2;
    loai_buf b = {0};
    loa_err err = LOA_OK;

    *out = NULL;
    if (i < 0)
        return LOA_OK;
    r1 = vowel_of(c[i], &t1);
    r2 = vowel_of(c[i + 1], &t2);
    c[i] = vowels[r1][t2];
    c[i + 1] = vowels[r2][t1];
    for (k = 0; k < n && err == LOA_OK; k++)
        err = put_cp(&b, c[k]);
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    *out = b.data;
    *out_len = b.len;
    return LOA_OK;
}

loa_err loai_vn_compose(const char *text, size_t len, char **out, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)text;
    loai_buf b = {0};
    size_t i = 0;
    loa_err err = loai_buf_add(&b, "", 0);

    while (err == LOA_OK && i < len) {
        unsigned cp, m;
        size_t k = dec(p + i, len - i, &cp), j = i + k;
        int tone = 0, row = vowel_of(cp, &tone), ok = row >= 0;

        /* Take the combining marks after a vowel: modifiers then a tone. */
        while (ok && j < len) {
            size_t mk = dec(p + j, len - j, &m);
            int up = row >= 12 ? 12 : 0, r = row % 12, nt = -1, nr = -1;

            if (m == 0x302 && (r == 0 || r == 3 || r == 6))
                nr = r == 0 ? 2 : r == 3 ? 4 : 7; /* a→â e→ê o→ô */
            else if (m == 0x306 && r == 0)
                nr = 1;
            else if (m == 0x31B && (r == 6 || r == 9))
                nr = r == 6 ? 8 : 10;
            else if (m == 0x300) nt = 1;
            else if (m == 0x301) nt = 2;
            else if (m == 0x309) nt = 3;
            else if (m == 0x303) nt = 4;
            else if (m == 0x323) nt = 5;
            if (nr >= 0) {
                row = nr + up;
            } else if (nt >= 0 && tone == 0) {
                tone = nt;
            } else {
                break;
            }
            j += mk;
        }
        if (ok && j > i + k) {
            err = put_cp(&b, vowels[row][tone]);
            i = j;
        } else {
            err = loai_buf_add(&b, text + i, k);
            i += k;
        }
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    *out = b.data;
    *out_len = b.len;
    return LOA_OK;
}
