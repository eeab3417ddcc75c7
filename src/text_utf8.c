/* The text normalizer's character layer, and the only file that includes
 * utf8proc.h: UTF-8 decoding, case and letter classes, NFC, cleanup of
 * Word's punctuation and old-style tone marks, and the Vietnamese
 * syllable check that tells "thông" from "email"; and the check that
 * input is well-formed UTF-8 (loa_text_check_utf8). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error_int.h"
#include "text_int.h"

/* ---- UTF-8 and character classes (libutf8proc) ---- */

unsigned loai_utf8_get(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &cp);

    if (k <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (size_t)k;
    return (unsigned)cp;
}

int loai_cp_is_upper(unsigned cp)
{
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

int loai_cp_is_lower(unsigned cp)
{
    return utf8proc_islower((utf8proc_int32_t)cp);
}

int loai_cp_is_letter(unsigned cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);

    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

static loa_err put_cp(loai_buf *b, unsigned cp)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);

    return loai_buf_add(b, (const char *)u, (size_t)k);
}

loa_err loai_utf8_lower(loai_buf *b, const char *s, size_t n)
{
    size_t i = 0, k;
    loa_err err = loai_buf_reserve(b, 0);

    b->len = 0;
    if (err == LOA_OK)
        b->data[0] = '\0';
    while (i < n && err == LOA_OK) {
        unsigned cp = loai_utf8_get(s + i, n - i, &k);

        err = put_cp(b, (unsigned)utf8proc_tolower((utf8proc_int32_t)cp));
        i += k;
    }
    return err;
}

size_t loai_utf8_lower_to(char *dst, size_t cap, const char *s, size_t n)
{
    size_t i = 0, k, o = 0;

    while (i < n) {
        unsigned cp = loai_utf8_get(s + i, n - i, &k);
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t m;

        if (cp < 0x80) {
            if (o + 2 > cap)
                return (size_t)-1;
            dst[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        } else {
            m = utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)cp), u);
            if (o + (size_t)m + 1 > cap)
                return (size_t)-1;
            memcpy(dst + o, u, (size_t)m);
            o += (size_t)m;
        }
        i += k;
    }
    if (o + 1 > cap)
        return (size_t)-1;
    dst[o] = '\0';
    return o;
}

size_t loai_utf8_upper_to(char *dst, size_t cap, const char *s, size_t n)
{
    size_t i = 0, k, o = 0;

    while (i < n) {
        unsigned cp = loai_utf8_get(s + i, n - i, &k);
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper((utf8proc_int32_t)cp), u);

        if (o + (size_t)m + 1 > cap)
            return (size_t)-1;
        memcpy(dst + o, u, (size_t)m);
        o += (size_t)m;
        i += k;
    }
    dst[o] = '\0';
    return o;
}

int loai_add_sac(loai_buf *b, const char *s, size_t n)
{
    size_t i = 0, k, at = (size_t)-1, first = (size_t)-1;
    int viet = 0;
    char last = 0, prev = 0;
    loa_err err;

    /* letters with Vietnamese marks, no tone, a stop at the end */
    while (i < n) {
        unsigned cp = loai_utf8_get(s + i, n - i, &k);
        utf8proc_int32_t d[4];
        int l = 0, j;
        utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4,
                                                     UTF8PROC_DECOMPOSE, &l);
        char base = loai_base_letter(cp);

        for (j = 1; j < m; j++) {
            if (d[j] == 0x300 || d[j] == 0x301 || d[j] == 0x303 || d[j] == 0x309 || d[j] == 0x323)
                return 0; /* a tone already */
            if (d[j] == 0x306 || d[j] == 0x302 || d[j] == 0x31B) {
                viet = 1;
                at = i + k; /* ă â ê ô ơ ư: the tone goes on it */
            }
        }
        if (cp == 0x111 || cp == 0x110)
            viet = 1;
        if (base && strchr("aeiouy", base) && first == (size_t)-1)
            first = i + k;
        prev = last;
        last = base;
        i += k;
    }
    if (!viet || first == (size_t)-1)
        return 0;
    if (!(last == 'c' || last == 'p' || last == 't' || last == 'k' || (prev == 'c' && last == 'h')))
        return 0;
    if (at == (size_t)-1)
        at = first;
    b->len = 0;
    if ((err = loai_buf_add(b, s, at)) != LOA_OK || (err = loai_buf_add(b, "\xCC\x81", 2)) != LOA_OK ||
        (err = loai_buf_add(b, s + at, n - at)) != LOA_OK)
        return -1;
    {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)b->data, (utf8proc_ssize_t)b->len,
                                          &nfc, UTF8PROC_COMPOSE | UTF8PROC_STABLE);

        if (m < 0)
            return -1;
        b->len = 0;
        err = loai_buf_add(b, (const char *)nfc, (size_t)m);
        free(nfc);
        if (err != LOA_OK)
            return -1;
    }
    return 1;
}

/* ASCII base letter of CP without tone or vowel marks ('đ' → 'd'), 0 if CP
 * is not a Latin letter. */
char loai_base_letter(unsigned cp)
{
    utf8proc_int32_t d[4];
    int last = 0;
    utf8proc_ssize_t k;

    if (cp == 0x111 || cp == 0x110)
        return 'd';
    k = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4, UTF8PROC_DECOMPOSE, &last);
    if (k < 1 || d[0] >= 0x80)
        return 0;
    if (d[0] >= 'A' && d[0] <= 'Z')
        return (char)(d[0] - 'A' + 'a');
    if (d[0] >= 'a' && d[0] <= 'z')
        return (char)d[0];
    return 0;
}

static int starts(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);

    return n >= l && memcmp(s, lit, l) == 0;
}

/* Nuclei whose last letter is a glide (tai, cao, nói): nothing follows them. */
static int glide_final(const char *nuc)
{
    static const char *const g[] = {"ai",  "ao",  "au",  "ay",  "eo",  "eu",  "iu",
                                    "oi",  "ui",  "uu",  "ieu", "oai", "oay", "oao",
                                    "oeo", "uay", "uoi", "uou", "yeu", "uyu"};
    size_t i;

    for (i = 0; i < sizeof g / sizeof g[0]; i++)
        if (strcmp(nuc, g[i]) == 0)
            return 1;
    return 0;
}

/* Could S be one Vietnamese syllable (onset + rime), ignoring tones? A
 * structural check: enough to tell "thông" from "email", "Zalo", "UBND". */
int loai_is_syllable(const char *s, size_t len)
{
    static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                         "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                         "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x"};
    static const char *const nuclei[] = {
        "ieu", "oai", "oay", "oao", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu",
        "ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",  "ie",  "iu",  "oa",  "oe",  "oi",
        "oo",  "ua",  "ue",  "ui",  "uo",  "uu",  "uy",  "ye",  "a",   "e",   "i",   "o",
        "u",   "y"};
    /* k: Central Highlands names (Đắk Lắk) */
    static const char *const codas[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", "k", ""};
    char a[16];
    size_t n = 0, i = 0, k, o, v, c;

    if (len == 0 || len > 40)
        return 0;
    while (i < len) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);
        char b = loai_base_letter(cp);

        if (b == 0 || n + 1 >= sizeof a)
            return 0;
        a[n++] = b;
        i += k;
    }
    a[n] = '\0';
    for (o = 0; o < sizeof onsets / sizeof onsets[0]; o++)
        if (starts(a, n, onsets[o]))
            break;
    k = o < sizeof onsets / sizeof onsets[0] ? strlen(onsets[o]) : 0;
    if (k == 2 && a[0] == 'g' && a[1] == 'i' && (n == 2 || strchr("aeiouy", a[2]) == NULL))
        k = 1; /* "gì", "gìn": g + i */
    for (v = 0; v < sizeof nuclei / sizeof nuclei[0]; v++) {
        size_t vl = strlen(nuclei[v]);

        if (!starts(a + k, n - k, nuclei[v]))
            continue;
        for (c = 0; c < sizeof codas / sizeof codas[0]; c++)
            if (strcmp(a + k + vl, codas[c]) == 0) {
                /* "oo" only before ng or c: xoong, moóc; not "boo" */
                if (strcmp(nuclei[v], "oo") == 0 && strcmp(codas[c], "ng") != 0 &&
                    strcmp(codas[c], "c") != 0)
                    continue;
                /* a rime ending in a glide takes no coda: "rain", "coin" */
                if (codas[c][0] != '\0' && glide_final(nuclei[v]))
                    continue;
                return 1;
            }
    }
    return 0;
}

/* ---- cleanup ---- */

/* Tone marks on a, e, y (index 0..4: huyền, sắc, hỏi, ngã, nặng) and the
 * same marks on o and u, lower and upper case: to move the mark from the
 * second vowel to the first ("hoà" → "hòa", "thuỷ" → "thủy"), the form
 * the seed documents and most Vietnamese editors use. */
static const unsigned tone_a[2][5] = {{0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},
                                      {0xC0, 0xC1, 0x1EA2, 0xC3, 0x1EA0}};
static const unsigned tone_e[2][5] = {{0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9},
                                      {0xC8, 0xC9, 0x1EBA, 0x1EBC, 0x1EB8}};
static const unsigned tone_y[2][5] = {{0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5},
                                      {0x1EF2, 0xDD, 0x1EF6, 0x1EF8, 0x1EF4}};
static const unsigned tone_o[2][5] = {{0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},
                                      {0xD2, 0xD3, 0x1ECE, 0xD5, 0x1ECC}};
static const unsigned tone_u[2][5] = {{0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5},
                                      {0xD9, 0xDA, 0x1EE6, 0x168, 0x1EE4}};

static int tone_of(const unsigned t[2][5], unsigned cp, int *upper)
{
    int c, i;

    for (c = 0; c < 2; c++)
        for (i = 0; i < 5; i++)
            if (t[c][i] == cp) {
                *upper = c;
                return i;
            }
    return -1;
}

/* The tone mark of CP (a combining mark) and its base letter in *BASE;
 * 0 when CP has no tone. */
static unsigned tone_mark(unsigned cp, unsigned *base)
{
    utf8proc_int32_t d[4];
    int l = 0;
    utf8proc_ssize_t m =
        utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4, UTF8PROC_DECOMPOSE, &l);
    unsigned tone = 0;
    utf8proc_ssize_t j;

    *base = m > 0 ? (unsigned)d[0] : cp;
    for (j = 1; j < m; j++)
        if (d[j] == 0x300 || d[j] == 0x301 || d[j] == 0x303 || d[j] == 0x309 || d[j] == 0x323)
            tone = (unsigned)d[j];
        else
            return 0; /* a hat or horn too: not a plain vowel */
    return tone;
}

/* C2 without its tone mark. */
static unsigned plain_of(unsigned c2)
{
    unsigned base;

    tone_mark(c2, &base);
    return base;
}

/* CP (â ê ô ơ ư ă, no tone) before C2 (a, e, i, o, u, y with a tone):
 * CP with C2's tone, else 0. */
static int moved_tone(unsigned cp, unsigned c2)
{
    static const unsigned marked[] = {0xE2, 0xEA, 0xF4, 0x1A1, 0x1B0, 0x103,
                                      0xC2, 0xCA, 0xD4, 0x1A0, 0x1AF, 0x102};
    utf8proc_int32_t seq[2];
    unsigned base, tone;
    size_t q;
    int found = 0;
    utf8proc_ssize_t m;

    for (q = 0; q < sizeof marked / sizeof marked[0]; q++)
        found |= cp == marked[q];
    if (!found || (tone = tone_mark(c2, &base)) == 0 || base >= 0x80 ||
        !strchr("aeiouyAEIOUY", (int)base))
        return 0;
    seq[0] = (utf8proc_int32_t)cp;
    seq[1] = (utf8proc_int32_t)tone;
    m = utf8proc_normalize_utf32(seq, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m != 1)
        return 0;
    return (int)seq[0];
}

/* Map one code point of a line to its clean form in B; returns 0 to drop. */
static loa_err clean_cp(loai_buf *b, unsigned cp)
{
    if (cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000 || cp == 0x2022 || cp == 0x25CF || cp == 0x25AA ||
        cp == 0x2023 || cp == 0x2043 || cp == 0x25A0 || cp == 0xF0B7)
        return loai_buf_add(b, " ", 1);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
        cp == 0xFEFF || cp == 0xAD || (cp >= 0x2028 && cp <= 0x202E) || cp == 0xFFFD)
        return LOA_OK; /* controls, zero-width and soft hyphens: dropped */
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032)
        return loai_buf_add(b, "'", 1);
    if ((cp >= 0x201C && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2033)
        return loai_buf_add(b, "\"", 1);
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return loai_buf_add(b, "-", 1);
    if (cp == 0x2026)
        return loai_buf_add(b, "...", 3);
    if (cp == '|') /* table cells glued to their text: "18:59|Vân Anh" */
        return loai_buf_add(b, " | ", 3);
    if (cp == 0xD0) /* Icelandic eth typed for Đ */
        return put_cp(b, 0x110);
    if (cp == 0xF0)
        return put_cp(b, 0x111);
    if (cp == 0xD7) /* 8×8 m: a multiplication sign */
        return loai_buf_add(b, "x", 1);
    if (cp == 0xB2)
        return loai_buf_add(b, "2", 1);
    if (cp == 0xB3)
        return loai_buf_add(b, "3", 1);
    if (cp == 0xFF05)
        return loai_buf_add(b, "%", 1);
    return put_cp(b, cp);
}

/* NFC, then clean_cp and tone placement, into B. */
loa_err loai_clean_line(loai_buf *b, const char *s, size_t len)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m;
    size_t i = 0, k, k2, k3, nl;
    loa_err err = LOA_OK;

    b->len = 0;
    if ((err = loai_buf_reserve(b, len)) != LOA_OK)
        return err;
    b->data[0] = '\0';
    if (len == 0)
        return LOA_OK;
    m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                     UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m < 0)
        return m == UTF8PROC_ERROR_NOMEM ? LOA_ERR_NOMEM : LOA_ERR_TEXT;
    nl = (size_t)m;
    while (i < nl && err == LOA_OK) {
        const char *p = (const char *)nfc;
        unsigned cp = loai_utf8_get(p + i, nl - i, &k), c2 = 0, c3 = 0;
        int up, t = -1;

        if (i + k < nl)
            c2 = loai_utf8_get(p + i + k, nl - i - k, &k2);
        else
            k2 = 0;
        if (c2 && i + k + k2 < nl)
            c3 = loai_utf8_get(p + i + k + k2, nl - i - k - k2, &k3);
        if (c2 && !loai_cp_is_letter(c3)) {
            unsigned prevc = b->len ? (unsigned char)b->data[b->len - 1] : 0;

            if ((cp == 'o' || cp == 'O') &&
                ((t = tone_of(tone_a, c2, &up)) >= 0 || (t = tone_of(tone_e, c2, &up)) >= 0)) {
                int is_a = tone_of(tone_a, c2, &up) >= 0;

                err = put_cp(b, tone_o[cp == 'O'][t]);
                if (err == LOA_OK)
                    err = put_cp(b, is_a ? (up ? 'A' : 'a') : (up ? 'E' : 'e'));
                i += k + k2;
                continue;
            }
            if ((cp == 'u' || cp == 'U') && prevc != 'q' && prevc != 'Q' &&
                (t = tone_of(tone_y, c2, &up)) >= 0) {
                err = put_cp(b, tone_u[cp == 'U'][t]);
                if (err == LOA_OK)
                    err = put_cp(b, up ? 'Y' : 'y');
                i += k + k2;
                continue;
            }
        }
        /* "lâý", "cưú": a tone typed on the plain vowel after â ê ô ơ ư ă
         * belongs on the marked vowel (lấy, cứu) */
        if (c2 && (t = moved_tone(cp, c2)) != 0) {
            err = put_cp(b, (unsigned)t);
            if (err == LOA_OK)
                err = put_cp(b, plain_of(c2));
            i += k + k2;
            continue;
        }
        err = clean_cp(b, cp);
        i += k;
    }
    free(nfc);
    return err;
}

/* ---- the writer's tone placement, kept in the spoken text ---- */

/* loai_clean_line moves an old-style tone ("hoá", "thuỷ") to the new place
 * so that the lexicon and the rules see one spelling. A word said as it is
 * written keeps the writer's spelling in the spoken text: both are read
 * alike, and the text is compared with what was written. */
enum { KEPT_MAX = 16, KEPT_WORD = 64 };

typedef struct kept_word {
    char old_w[KEPT_WORD], new_w[KEPT_WORD];
    size_t old_len, new_len;
} kept_word;

/* The words of ORIG that end in an old-style pair, with their new form;
 * how many (at most KEPT_MAX). */
static int old_style_words(const char *orig, size_t len, kept_word *kw)
{
    size_t i = 0, ws = (size_t)-1, k, k2, k3;
    int nk = 0;
    unsigned prev = 0;

    while (i < len && nk < KEPT_MAX) {
        unsigned cp = loai_utf8_get(orig + i, len - i, &k), c2 = 0, c3 = 0;
        int up, t = -1, is_u = 0;

        if (!loai_cp_is_letter(cp)) {
            ws = (size_t)-1;
            prev = cp;
            i += k;
            continue;
        }
        if (ws == (size_t)-1)
            ws = i;
        k2 = k3 = 0;
        if (i + k < len)
            c2 = loai_utf8_get(orig + i + k, len - i - k, &k2);
        if (c2 && i + k + k2 < len)
            c3 = loai_utf8_get(orig + i + k + k2, len - i - k - k2, &k3);
        if (c2 && !loai_cp_is_letter(c3)) {
            if ((cp == 'o' || cp == 'O') &&
                ((t = tone_of(tone_a, c2, &up)) < 0 && (t = tone_of(tone_e, c2, &up)) < 0))
                t = -1;
            else if (cp == 'u' || cp == 'U') {
                t = prev != 'q' && prev != 'Q' ? tone_of(tone_y, c2, &up) : -1;
                is_u = 1;
            } else if (cp != 'o' && cp != 'O')
                t = -1;
        }
        if (t >= 0 && i + k + k2 - ws < KEPT_WORD - 8) {
            kept_word *w = &kw[nk++];
            utf8proc_uint8_t u[4];
            utf8proc_ssize_t m;
            unsigned second = is_u ? (up ? 'Y' : 'y')
                                   : tone_of(tone_a, c2, &up) >= 0 ? (up ? 'A' : 'a')
                                                                   : (up ? 'E' : 'e');

            w->old_len = i + k + k2 - ws;
            memcpy(w->old_w, orig + ws, w->old_len);
            memcpy(w->new_w, orig + ws, i - ws);
            w->new_len = i - ws;
            m = utf8proc_encode_char(
                (utf8proc_int32_t)(is_u ? tone_u[cp == 'U'][t] : tone_o[cp == 'O'][t]), u);
            memcpy(w->new_w + w->new_len, u, (size_t)m);
            w->new_len += (size_t)m;
            w->new_w[w->new_len++] = (char)second;
            /* "THANH HOÁ" is said in lower case: keep that form too */
            if (nk < KEPT_MAX) {
                kept_word *l = &kw[nk];
                loai_buf lb = {0};

                if (loai_utf8_lower(&lb, w->old_w, w->old_len) == LOA_OK &&
                    lb.len < KEPT_WORD && (lb.len != w->old_len ||
                                           memcmp(lb.data, w->old_w, lb.len) != 0)) {
                    memcpy(l->old_w, lb.data, l->old_len = lb.len);
                    if (loai_utf8_lower(&lb, w->new_w, w->new_len) == LOA_OK &&
                        lb.len < KEPT_WORD) {
                        memcpy(l->new_w, lb.data, l->new_len = lb.len);
                        nk++;
                    }
                }
                loai_buf_free(&lb);
            }
            i += k + k2;
            ws = (size_t)-1;
            prev = 0;
            continue;
        }
        prev = cp;
        i += k;
    }
    return nk;
}

loa_err loai_keep_tone_style(loai_buf *b, size_t start, const char *orig, size_t len,
                             loai_buf *tmp)
{
    kept_word kw[KEPT_MAX];
    int nk = old_style_words(orig, len, kw), j;
    size_t i, k, ws;
    loa_err err;

    if (nk == 0 || b->len <= start)
        return LOA_OK;
    tmp->len = 0;
    if ((err = loai_buf_add(tmp, b->data + start, b->len - start)) != LOA_OK)
        return err;
    b->len = start;
    for (i = 0; i < tmp->len;) {
        ws = i;
        while (i < tmp->len && loai_cp_is_letter(loai_utf8_get(tmp->data + i, tmp->len - i, &k)))
            i += k;
        if (i > ws) {
            const char *w = tmp->data + ws;
            size_t wl = i - ws;

            for (j = 0; j < nk; j++)
                if (kw[j].new_len == wl && memcmp(kw[j].new_w, w, wl) == 0) {
                    w = kw[j].old_w;
                    break;
                }
            if ((err = loai_buf_add(b, w, j < nk ? kw[j].old_len : wl)) != LOA_OK)
                return err;
            continue;
        }
        loai_utf8_get(tmp->data + i, tmp->len - i, &k);
        if ((err = loai_buf_add(b, tmp->data + i, k)) != LOA_OK)
            return err;
        i += k;
    }
    b->data[b->len] = '\0';
    return LOA_OK;
}

/* ---- well-formed UTF-8, with the position editors need to find the bad byte ---- */

/* Length of the well-formed UTF-8 sequence at P (at most N bytes), or 0. */
static size_t seq_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];

    if (c >= 0x01 && c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0) /* overlong */
            return 0;
        if (c == 0xED && p[1] >= 0xA0) /* UTF-16 surrogate */
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0;
        if (c == 0xF4 && p[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

loa_err loa_text_check_utf8(const char *text, size_t len, loa_diag *diag)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    int line = 1, col = 1;

    while (i < len) {
        size_t k = seq_len(p + i, len - i);

        if (k == 0) {
            if (p[i] == 0)
                loai_diag_at(diag, line, col, "NUL byte at byte offset %zu", i);
            else
                loai_diag_at(diag, line, col,
                             "invalid UTF-8 byte 0x%02X at byte offset %zu — save the file "
                             "as UTF-8 (or run 'loa check --fix' for TCVN3/VNI text)",
                             p[i], i);
            return LOA_ERR_TEXT;
        }
        if (p[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += k;
    }
    return LOA_OK;
}
