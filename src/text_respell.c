/* Foreign words no table knows, said as Vietnamese syllables, the way
 * loanwords are respelled (Grab gờ ráp, Texas téc xát, phone phôn):
 * espeak-ng's Vietnamese voice switches to English on a word it cannot
 * read, and an English-voiced word in a Vietnamese bulletin is worse than
 * a rough Vietnamese one. The reading is a guess: `loa check` says so.
 *
 * An ASCII word is cut into syllables (a consonant between two vowels
 * opens the next syllable, of two the first closes the one before: Lot-te,
 * Tex-as), each onset, nucleus and coda mapped to one Vietnamese has; a
 * cluster Vietnamese lacks gets a schwa syllable (gờ r…, s before a stop
 * stays: xpam), a stop coda takes sắc. A word already in Vietnamese
 * letters (a Central Highlands name) keeps its vowels and tones; only its
 * clusters (Prông pơ rông) and its k after a vowel other than ă (Búk
 * Búc) are mended, as espeak-ng reads neither. */
#include <string.h>

#include "text_int.h"

static int vowel_at(const char *w, size_t n, size_t i)
{
    char c = w[i];

    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u')
        return 1;
    if (c == 'y') /* a consonant before a vowel: yoga, Ayun */
        return !(i + 1 < n && strchr("aeiou", w[i + 1]) != NULL);
    if (c == 'w') /* aw, ew, ow: part of the vowel */
        return i > 0 && strchr("aeo", w[i - 1]) != NULL && !(i + 1 < n && strchr("aeiou", w[i + 1]));
    return 0;
}

static void word_sep(loai_buf *b)
{
    if (b->len > 0 && b->data[b->len - 1] != ' ')
        loai_buf_add(b, " ", 1);
}

/* The schwa syllable for a consonant standing alone: g → gờ. */
static const char *schwa_of(char c)
{
    switch (c) {
    case 'b': return "bờ";
    case 'c': case 'k': case 'q': return "cờ";
    case 'd': return "đờ";
    case 'f': return "phờ";
    case 'g': return "gờ";
    case 'h': return "hờ";
    case 'j': return "giờ";
    case 'l': return "lờ";
    case 'm': return "mờ";
    case 'n': return "nờ";
    case 'p': return "pờ";
    case 'r': return "rờ";
    case 's': case 'x': return "xờ";
    case 't': return "tờ";
    case 'v': return "vờ";
    case 'z': return "dờ";
    default: return NULL;
    }
}

/* The length of the consonant unit at C (N left): a digraph (ph, th,
 * ch, sh, kh, gh, wh, tr) or one letter. */
static size_t unit_len(const char *c, size_t n)
{
    static const char *const di[] = {"ph", "th", "ch", "sh", "kh", "gh", "wh", "tr"};
    size_t k;

    if (n >= 2)
        for (k = 0; k < sizeof di / sizeof di[0]; k++)
            if (c[0] == di[k][0] && c[1] == di[k][1])
                return 2;
    return 1;
}

/* The schwa syllable for the consonant unit C (L letters): ch → chờ. */
static const char *schwa_unit(const char *c, size_t l)
{
    static const struct {
        const char *en, *vi;
    } di[] = {{"ph", "phờ"}, {"th", "thờ"}, {"ch", "chờ"}, {"sh", "xờ"},
              {"kh", "khờ"}, {"gh", "gờ"},  {"wh", "u"},   {"tr", "trờ"}};
    size_t k;

    if (l == 2)
        for (k = 0; k < sizeof di / sizeof di[0]; k++)
            if (c[0] == di[k].en[0] && c[1] == di[k].en[1])
                return di[k].vi;
    return schwa_of(c[0]);
}

/* A Vietnamese onset for the consonant unit C (L letters) before vowel V. */
static const char *onset_unit(const char *c, size_t l, char v)
{
    static const struct {
        const char *en, *vi;
    } two[] = {{"ph", "ph"}, {"th", "th"}, {"sh", "s"}, {"ch", "ch"}, {"kh", "kh"},
               {"wh", "u"},  {"tr", "tr"}, {"gh", "g"}};
    int soft = v == 'e' || v == 'i' || v == 'y';
    size_t k;

    if (l == 2)
        for (k = 0; k < sizeof two / sizeof two[0]; k++)
            if (c[0] == two[k].en[0] && c[1] == two[k].en[1])
                return two[k].vi;
    switch (c[0]) {
    case 'b': return "b";
    case 'c': return soft ? "x" : "c";
    case 'k': case 'q': return soft ? "k" : "c";
    case 'd': return "đ";
    case 'f': return "ph";
    case 'g': return soft ? "gh" : "g";
    case 'h': return "h";
    case 'j': return "gi";
    case 'l': return "l";
    case 'm': return "m";
    case 'n': return "n";
    case 'p': return "p";
    case 'r': return "r";
    case 's': return "x";
    case 't': return "t";
    case 'v': return "v";
    case 'w': return "u";
    case 'x': return "x";
    case 'y': return "d";
    case 'z': return "d";
    default: return "";
    }
}

/* Say the consonants C (N of them) before vowel V into B: every unit but
 * the last as a schwa syllable (gr: gờ r…), s before a stop kept with it
 * (xpam, xtrim); the onset string for the vowel. */
static const char *put_onset(loai_buf *b, const char *c, size_t n, char v)
{
    size_t i = 0, l;

    while (i < n) {
        l = unit_len(c + i, n - i);
        if (i + l == n)
            return onset_unit(c + i, l, v);
        if (c[i] == 's' && l == 1 && strchr("ptck", c[i + 1])) {
            /* sp, st, sc, sk (and str): x glued to the next */
            size_t l2 = unit_len(c + i + 1, n - i - 1);

            if (i + 1 + l2 == n) {
                static char on[8];

                on[0] = 'x';
                strcpy(on + 1, c[i + 1] == 'c' || c[i + 1] == 'k' ? "c"
                               : l2 == 2                          ? "tr"
                                                                  : (char[2]){c[i + 1], 0});
                return on;
            }
        }
        if (schwa_unit(c + i, l)) { /* (w, y: not said before a consonant) */
            word_sep(b);
            loai_buf_puts(b, schwa_unit(c + i, l));
        }
        i += l;
    }
    return "";
}

/* A nucleus for the vowels V (N of them; *USED taken), open or not. */
static const char *nucleus_of(const char *v, size_t n, int open, size_t *used)
{
    static const struct {
        const char *en, *vi;
    } two[] = {{"ee", "i"},  {"ea", "i"},  {"ie", "i"},   {"ei", "ây"},  {"ey", "ây"},
               {"ay", "ây"}, {"ai", "ai"}, {"au", "ô"},   {"aw", "o"},   {"ou", "ao"},
               {"ow", "ao"}, {"oo", "u"},  {"oa", "oa"},  {"oi", "oi"},  {"oy", "oi"},
               {"ue", "u"},  {"ui", "ui"}, {"ua", "oa"},  {"uo", "uô"},  {"iu", "iu"},
               {"eu", "êu"}, {"oe", "ô"},   {"ew", "iu"},  {"uy", "uy"}};
    size_t k;

    if (n >= 2)
        for (k = 0; k < sizeof two / sizeof two[0]; k++)
            if (v[0] == two[k].en[0] && v[1] == two[k].en[1]) {
                *used = 2;
                return two[k].vi;
            }
    *used = 1;
    switch (v[0]) {
    case 'a': return "a";
    case 'e': return open ? "ê" : "e";
    case 'i': case 'y': return "i";
    case 'o': return open ? "ô" : "o";
    case 'u': return "u";
    default: return "";
    }
}

/* Does the rime end in a glide (ai, ao, ây): then it takes no coda. */
static int glide_end(const char *nuc)
{
    size_t l = strlen(nuc);

    if (l < 2 || strchr(nuc, ' '))
        return 0;
    return strcmp(nuc + l - 1, "i") == 0 || strcmp(nuc + l - 1, "o") == 0 ||
           strcmp(nuc + l - 1, "u") == 0 || strcmp(nuc + l - 1, "y") == 0;
}

/* NUC with a sắc mark on its main vowel. */
static void put_sac(loai_buf *b, const char *nuc)
{
    static const struct {
        const char *plain, *sac;
    } t[] = {{"i ô", "i ố"}, {"i a", "i á"}, {"ê ô", "ê ố"}, {"ây", "ấy"}, {"uô", "uố"},
             {"oa", "oá"}, {"a", "á"}, {"e", "é"}, {"ê", "ế"}, {"i", "í"}, {"o", "ó"},
             {"ô", "ố"}, {"ơ", "ớ"}, {"u", "ú"}, {"uy", "uý"}};
    size_t k;

    for (k = 0; k < sizeof t / sizeof t[0]; k++)
        if (strcmp(nuc, t[k].plain) == 0) {
            loai_buf_puts(b, t[k].sac);
            return;
        }
    loai_buf_puts(b, nuc);
}

/* The coda for the consonants C (N, N > 0) closing a syllable of NUC;
 * "" when it is not said. Sets *STOP for p, t, c, ch. */
static const char *coda_of(const char *c, size_t n, const char *nuc, int *stop)
{
    int front = strcmp(nuc, "i") == 0 || strcmp(nuc, "ê") == 0 || strcmp(nuc, "e") == 0;

    *stop = 0;
    if (n >= 2 && c[0] == 'n' && (c[1] == 'g' || c[1] == 'k'))
        return front ? "nh" : "ng";
    if (n >= 2 && c[0] == 'c' && c[1] == 'h') {
        *stop = 1;
        return strcmp(nuc, "a") == 0 || front ? "ch" : "c";
    }
    switch (c[0]) {
    case 'm': return "m";
    case 'n': return "n";
    case 'l': return "n";
    case 'p': case 'b': case 'f': case 'v': *stop = 1; return "p";
    case 't': case 'd': case 's': case 'z': *stop = 1; return "t";
    case 'c': case 'k': case 'g': case 'q': case 'x': *stop = 1; return "c";
    default: return "";
    }
}

/* Is the inner consonant group C (N letters) one unit that opens the
 * next syllable (Toshiba: sh)? */
static int one_onset(const char *c, size_t n)
{
    return n == 2 && unit_len(c, n) == 2 && !(c[0] == 't' && c[1] == 'r');
}

/* Respell the ASCII word W (N letters, lowercase, room for N + 1) into B. */
static void respell_ascii(loai_buf *b, char *w, size_t n)
{
    size_t i = 0, k, used;
    int magic = 0, tion = 0;
    char le = 0;

    /* night, light: igh is ai */
    for (k = 0; k + 3 <= n; k++)
        if (memcmp(w + k, "igh", 3) == 0) {
            memmove(w + k + 2, w + k + 3, n - k - 3);
            w[k + 1] = 'i';
            w[k] = 'a';
            n--;
        }
    /* station: tion is a syllable of its own, sần */
    if (n >= 6 && memcmp(w + n - 4, "tion", 4) == 0) {
        n -= 4;
        tion = 1;
    }
    /* a final e after one consonant is silent and makes the vowel long
     * (phone phôn, bike bai); "ple", "gle" end in a syllable of their own
     * (apple áp pồ, google gu gồ) */
    if (!tion && n >= 4 && w[n - 1] == 'e' && w[n - 2] == 'l' && !vowel_at(w, n, n - 3)) {
        n -= 3;
        le = w[n]; /* its consonant opens the last syllable */
        magic = 2;
    } else if (!tion && n >= 3 && w[n - 1] == 'e' && !vowel_at(w, n, n - 2) &&
               vowel_at(w, n, n - 3) && (n < 4 || !vowel_at(w, n, n - 4)) && w[n - 2] != 'r') {
        n--;
        magic = 1;
    }
    w[n] = '\0';
    while (i < n) {
        size_t v = i, e, c, nx, cl = 0;
        const char *on, *nuc, *coda = "";
        int stop = 0, open;

        /* the onset: consonants up to the vowel */
        while (v < n && !vowel_at(w, n, v))
            v++;
        if (v == n) {
            /* consonants left at the end with no vowel: schwa each */
            while (i < n) {
                size_t l = unit_len(w + i, n - i);

                if (schwa_unit(w + i, l)) {
                    word_sep(b);
                    loai_buf_puts(b, schwa_unit(w + i, l));
                }
                i += l;
            }
            break;
        }
        on = put_onset(b, w + i, v - i, w[v]);
        /* "qu": the u belongs to the onset */
        if (v > i && w[v - 1] == 'q' && w[v] == 'u' && v + 1 < n && vowel_at(w, n, v + 1)) {
            on = "qu";
            v++;
        }
        /* the vowels, then the consonants after them */
        e = v;
        while (e < n && vowel_at(w, n, e))
            e++;
        c = e;
        while (c < n && !vowel_at(w, n, c))
            c++;
        /* open: no consonant after, or one that opens the next syllable */
        open = c == e ? (e < n || !magic) : (c < n && (c == e + 1 || one_onset(w + e, c - e)) &&
                                             w[e] != 'x');
        nuc = nucleus_of(w + v, e - v, open, &used);
        if (magic == 1 && c == n && e - v == 1) {
            /* phone: a long vowel */
            switch (w[v]) {
            case 'a': nuc = "ây"; break;
            case 'i': case 'y': nuc = "ai"; break;
            case 'o': nuc = "ô"; break;
            case 'u': nuc = "iu"; break;
            case 'e': nuc = "i"; break;
            default: break;
            }
        }
        /* w before a vowel: wa oa, we oe, wi uy */
        if (strcmp(on, "u") == 0 && used == 1) {
            if (w[v] == 'a')
                on = "", nuc = "oa";
            else if (w[v] == 'e')
                on = "", nuc = "oe";
            else if (w[v] == 'i' || w[v] == 'y')
                on = "", nuc = "uy";
        }
        nx = v + used; /* a vowel not taken starts a syllable of its own */
        if (nx < e) {
            word_sep(b);
            loai_buf_puts(b, on);
            loai_buf_puts(b, nuc);
            i = nx;
            continue;
        }
        /* "er", "ar", "or" before a consonant or the end: the r colours
         * the vowel and is not said (server xơ vơ, Mercedes mơ xê đét) */
        if (c > e && w[e] == 'r' && (c == n || c - e >= 2)) {
            if (used == 1 && (w[v] == 'e' || w[v] == 'i' || w[v] == 'u'))
                nuc = "ơ";
            e++;
            /* one consonant left before a vowel opens the next syllable */
            if (c < n && (c == e + 1 || one_onset(w + e, c - e)) && w[e] != 'x')
                open = 1;
        }
        /* the coda: the consonants when the word ends, else the first of
         * two or more (Lot-te); x and ck close and open (Tex-as téc xát) */
        if (c > e && !open) {
            if (c == n)
                cl = c - e;
            else if (c - e >= 2 && w[e] == 'n' && w[e + 1] == 'g')
                cl = 2;
            else if (c - e >= 3 && w[e] == 'c' && w[e + 1] == 'h')
                cl = 2;
            else
                cl = 1;
            coda = coda_of(w + e, cl, nuc, &stop);
            if (glide_end(nuc))
                coda = "", stop = 0;
            if (c == n)
                i = n;
            else if (w[e] == 'x')
                w[e] = 's', i = e; /* the x opens the next syllable as x */
            else if (w[e] == 'c' && w[e + 1] == 'k')
                i = e + 1; /* "brackets": ck closes with c, opens with k */
            else
                i = e + cl;
        } else {
            i = e;
        }
        word_sep(b);
        loai_buf_puts(b, on);
        if (stop)
            put_sac(b, nuc);
        else
            loai_buf_puts(b, nuc);
        loai_buf_puts(b, coda);
    }
    if (magic == 2) {
        /* apple: the last consonant and ồ */
        word_sep(b);
        loai_buf_puts(b, onset_unit(&le, 1, 'o'));
        loai_buf_puts(b, "ồ");
    }
    if (tion) {
        word_sep(b);
        loai_buf_puts(b, "sần");
    }
}

/* ---- words in Vietnamese letters: Prông, Búk ---- */

/* Mend the Vietnamese-letter word S (LEN bytes) into B; 0 if nothing to
 * mend. Onset clusters espeak-ng reads (kr, dr) stay; pr, pl, br, bl, gr,
 * gl, fr, fl, cr, cl take a schwa (Prông pơ rông). */
static int mend_vi(loai_buf *b, const char *s, size_t len)
{
    static const char *const a_breve[] = {"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"};
    size_t k, k2, start = 0, p, pk;
    unsigned cp = loai_utf8_get(s, len, &k), cp2;
    int changed = 0;

    if (k < len) {
        char a = cp < 0x80 ? (char)(cp | 0x20) : 0, c2;

        cp2 = loai_utf8_get(s + k, len - k, &k2);
        c2 = cp2 < 0x80 ? (char)(cp2 | 0x20) : 0;
        if (a && strchr("pbgfc", a) && (c2 == 'r' || c2 == 'l')) {
            loai_buf_add(b, s, k);
            loai_buf_puts(b, "ơ ");
            start = k;
            changed = 1;
        }
    }
    /* a final k after a vowel other than ă is c (Búk búc; Đắk stays) */
    if (len >= 2 && (s[len - 1] == 'k' || s[len - 1] == 'K')) {
        char low[8];
        size_t ll, q;
        int breve = 0;

        for (p = pk = 0; p < len - 1; p += k)
            pk = p, loai_utf8_get(s + p, len - 1 - p, &k);
        cp = loai_utf8_get(s + pk, len - 1 - pk, &k);
        ll = loai_utf8_lower_to(low, sizeof low, s + pk, k);
        for (q = 0; ll != (size_t)-1 && q < sizeof a_breve / sizeof a_breve[0]; q++)
            breve |= strlen(a_breve[q]) == ll && memcmp(low, a_breve[q], ll) == 0;
        if (!breve && loai_base_letter(cp) && strchr("aeiouy", loai_base_letter(cp))) {
            loai_buf_add(b, s + start, len - 1 - start);
            loai_buf_puts(b, "c");
            return 1;
        }
    }
    if (!changed)
        return 0;
    loai_buf_add(b, s + start, len - start);
    return 1;
}

int loai_respell(loai_buf *b, const char *s, size_t len)
{
    char w[64];
    size_t i;
    int ascii = 1;

    b->len = 0;
    if (len == 0 || len >= sizeof w)
        return 0;
    for (i = 0; i < len; i++)
        ascii &= (unsigned char)s[i] < 0x80;
    if (!ascii)
        return mend_vi(b, s, len) > 0 && b->len > 0;
    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            return 0;
        w[i] = c;
    }
    w[len] = '\0';
    respell_ascii(b, w, len);
    if (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    return b->len > 0;
}

int loai_respell_spells(const char *s, size_t len)
{
    size_t i, v = 0, tail = 0;

    /* "utc", "est", "gmt": three letters or fewer that end in a cluster
     * no Vietnamese syllable can end in are letters to spell */
    if (len > 3 || len < 2)
        return 0;
    for (i = 0; i < len; i++) {
        char c = (char)(s[i] | 0x20);

        if ((unsigned char)s[i] >= 0x80 || c < 'a' || c > 'z')
            return 0;
        if (strchr("aeiouy", c))
            v++, tail = 0;
        else
            tail++;
    }
    return v == 0 || (tail >= 2 && !(len == 3 && (s[1] | 0x20) == 'n' && (s[2] | 0x20) == 'g') &&
                      !((s[len - 2] | 0x20) == 'c' && (s[len - 1] | 0x20) == 'h'));
}
