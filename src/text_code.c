/* Codes people write but announcers read differently: legal document
 * numbers, phone numbers and hotlines, web and e-mail addresses, letters. */
#include <string.h>

#include "text_int.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

void loai_spell(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t k;
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        if (cp < 0x80 && is_digit((char)cp)) {
            loai_say_digits(n, s + i, 1);
        } else if (loai_cp_is_letter(cp)) {
            const char *name;

            if (loai_utf8_lower(&n->tmp, s + i, k) != LOA_OK) {
                n->err = LOA_ERR_NOMEM;
                return;
            }
            name = loai_lex_get(n->lex, LOAI_LEX_LETTER, n->tmp.data, n->tmp.len);
            if (name)
                loai_say(n, name);
            else
                loai_say_n(n, s + i, k);
        }
        i += k;
    }
}

/* Length of the run of letters (any script) at S. */
static size_t letters(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t k;
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        if (!loai_cp_is_letter(cp))
            break;
        i += k;
    }
    return i;
}

/* In a code segment "CĐSQGNgày" (a word glued on by a web page), the byte
 * where the glued capitalised word starts; LEN when there is none. */
static size_t glued_word(const char *s, size_t len)
{
    size_t i = 0, prev = 0;

    while (i < len) {
        size_t k;
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        if (loai_cp_is_lower(cp))
            return i > 0 && prev > 0 ? prev : len;
        prev = i;
        i += k;
    }
    return len;
}

/* Does "của ISSUER" follow AFTER (a pointer into the current line) within
 * a few words? Bounded look-ahead keeps the normalizer linear. */
static int named_later(const loai_norm *n, const char *after, const char *issuer,
                       const char *code, size_t code_len)
{
    const char *end = n->lbuf + n->llen, *p;
    size_t il = strlen(issuer);

    if (after < n->lbuf || after > end)
        return 0;
    if ((size_t)(end - after) > 160)
        end = after + 160;
    static const char cua[] = "của ";
    const size_t cl = sizeof cua - 1;

    for (p = after; p + cl <= end; p++) {
        size_t rest = (size_t)(end - p - cl);

        if (memcmp(p, cua, cl) != 0)
            continue;
        if ((rest >= il && memcmp(p + cl, issuer, il) == 0) ||
            (rest >= code_len && memcmp(p + cl, code, code_len) == 0))
            return 1; /* "của Chính phủ", "của UBND" */
        /* "… của Thủ tướng" ending a hard-wrapped line */
        if (end == n->lbuf + n->llen && rest >= 5 && rest < il &&
            memcmp(p + cl, issuer, rest) == 0)
            return 1;
    }
    return 0;
}

/* "42/2022/NĐ-CP", "1588/QĐ-TTg", "5443/BTTTT-CĐSQG": number, year, issuer.
 * Broadcasters read "bốn mươi hai năm hai nghìn không trăm hai mươi hai của
 * Chính phủ": the type (NĐ) repeats the word before it and drafting units
 * (CĐSQG) are not read. Returns the bytes consumed (0: not a code). */
size_t loai_try_doccode(loai_norm *n, const char *s, size_t len)
{
    unsigned long long num, year = 0;
    size_t i = loai_digits(s, len, &num), k, end;
    const char *issuer = NULL, *seg = NULL, *icode = NULL;
    size_t seg_len = 0, icode_len = 0;
    int has_year = 0;

    if (i == 0 || i > 6 || i >= len || s[i] != '/')
        return 0;
    i++;
    k = loai_digits(s + i, len - i, &year);
    if (k == 4 && i + k < len && s[i + k] == '/') {
        has_year = 1;
        i += k + 1;
    } else if (k != 0) {
        return 0;
    }
    /* letter segments joined by '-' (and sometimes '/') */
    end = i;
    while (end < len) {
        size_t l = letters(s + end, len - end), cut;
        const char *r;

        if (l == 0)
            return 0;
        cut = l;
        if (!loai_lex_get(n->lex, LOAI_LEX_ISSUER, s + end, l) &&
            !loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, s + end, l))
            cut = glued_word(s + end, l);
        if ((r = loai_lex_get(n->lex, LOAI_LEX_ISSUER, s + end, cut)) != NULL) {
            if (issuer == NULL) {
                issuer = r;
                icode = s + end;
                icode_len = cut;
            }
        } else if (loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, s + end, cut) != NULL) {
            /* NĐ, QĐ: the word before the code already said the kind */
        } else if (seg == NULL) {
            seg = s + end;
            seg_len = cut;
        }
        end += cut;
        if (cut < l)
            break;
        if (end < len && (s[end] == '-' || s[end] == '/') && end + 1 < len &&
            letters(s + end + 1, len - end - 1) > 0)
            end++;
        else
            break;
    }
    loai_say_cardinal(n, num);
    if (has_year) {
        loai_say(n, "năm");
        loai_say_cardinal(n, year);
    }
    if (issuer) {
        /* "… 131/NQ-CP ngày 06/10/2022 của Chính phủ": the text names the
         * issuer itself a few words on, so it is not said twice */
        if (!named_later(n, s + end, issuer, icode, icode_len)) {
            loai_say(n, "của");
            loai_say(n, issuer);
        }
    } else if (seg) {
        const char *r = loai_lex_get(n->lex, LOAI_LEX_ABBR, seg, seg_len);

        loai_say(n, "của");
        if (r)
            loai_say(n, r);
        else
            loai_spell(n, seg, seg_len);
    }
    return end;
}

/* Say DIGITS in groups of the sizes in G (0-terminated), commas between. */
static void say_groups(loai_norm *n, const char *d, size_t len, const int *g)
{
    size_t i = 0;

    while (i < len) {
        size_t k = *g ? (size_t)*g++ : len - i;

        if (k > len - i)
            k = len - i;
        if (i > 0)
            loai_punct(n, ",");
        loai_say_digits(n, d + i, k);
        i += k;
    }
}

/* 0908.863.669, 1800.1096, 19006192, +84 912 345 678, 0912373907: digit by
 * digit, a short pause (comma) between the groups as written, or 4-3-3
 * when written without separators. CONTEXT: the text just said this is a
 * phone number ("điện thoại:", "hotline"). */
int loai_try_phone(loai_norm *n, const char *s, size_t len, int context)
{
    static const int g433[] = {4, 3, 3, 0}, g44[] = {4, 4, 0}, g334[] = {3, 3, 4, 0};
    size_t i = 0, digits = 0, groups = 0, first_len = 0;
    int plus = 0;

    if (len > 40)
        return 0;
    if (s[0] == '+') {
        plus = 1;
        i = 1;
    }
    if (i >= len || !is_digit(s[i]))
        return 0;
    for (; i < len; i++) {
        if (is_digit(s[i])) {
            digits++;
            if (groups == 0)
                first_len++;
        } else if ((s[i] == '.' || s[i] == '-' || s[i] == ' ') && i + 1 < len &&
                   is_digit(s[i + 1]) && i > 0 && is_digit(s[i - 1])) {
            groups++;
        } else {
            return 0;
        }
    }
    groups++;
    {
        const char *d0 = s + plus;
        int zero = d0[0] == '0';
        int hot = len - plus >= 4 && (memcmp(d0, "1800", 4) == 0 || memcmp(d0, "1900", 4) == 0);

        if (!(plus && digits >= 8) && !(zero && digits >= 9 && digits <= 11 && groups > 1) &&
            !(zero && (digits == 10 || digits == 11) && groups == 1) &&
            !(hot && digits >= 8 && digits <= 10) && !(context && digits >= 6 && groups > 1 &&
                                                       first_len < 4) &&
            !(context && digits >= 6 && groups == 1 && zero))
            return 0;
    }
    if (plus) {
        loai_say(n, "cộng");
        if (groups == 1 && digits >= 10) {
            /* +84912345678: country code, then the national number */
            static const int g333[] = {3, 3, 3, 0};

            loai_say_digits(n, s + 1, 2);
            loai_punct(n, ",");
            say_groups(n, s + 3, digits - 2, digits - 2 == 9 ? g333 : g433);
            return 1;
        }
    }
    if (groups > 1) {
        size_t a = plus, b;

        while (a < len) {
            b = a;
            while (b < len && is_digit(s[b]))
                b++;
            if (a > (size_t)plus)
                loai_punct(n, ",");
            loai_say_digits(n, s + a, b - a);
            a = b + 1;
        }
    } else if (digits == 8) {
        say_groups(n, s + plus, digits, g44);
    } else if (digits == 10 && s[plus] == '0') {
        say_groups(n, s + plus, digits, g433);
    } else if (digits == 10) {
        say_groups(n, s + plus, digits, g334);
    } else {
        say_groups(n, s + plus, digits, g433);
    }
    return 1;
}

static int ieq(const char *s, size_t n, const char *lit)
{
    size_t i;

    if (strlen(lit) != n)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

/* "tuc", "dich": ASCII-only syllables ending in c, ch, p or t. Vietnamese
 * gives such syllables a sắc or nặng mark, so without one espeak-ng takes
 * them for English; in an address the listener must type the letters,
 * so they are spelled. */
static int toneless_stop(const char *s, size_t len)
{
    size_t i;
    char last;

    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    last = len ? s[len - 1] : 0;
    if (last >= 'A' && last <= 'Z')
        last = (char)(last - 'A' + 'a');
    return last == 'c' || last == 'h' || last == 'p' || last == 't';
}

/* One piece of an address: the lexicon's reading, a Vietnamese syllable,
 * digits one by one, or letters spelled. */
static void say_piece(loai_norm *n, const char *s, size_t len)
{
    const char *r;
    size_t i = 0;

    if (len == 0)
        return;
    if ((r = loai_lex_get(n->lex, LOAI_LEX_DOMAIN, s, len)) != NULL ||
        (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loai_say(n, r);
        return;
    }
    while (i < len) {
        size_t j = i;

        if (is_digit(s[i])) {
            while (j < len && is_digit(s[j]))
                j++;
            loai_say_digits(n, s + i, j - i);
        } else {
            while (j < len && !is_digit(s[j]))
                j++;
            if (loai_is_syllable(s + i, j - i) && !toneless_stop(s + i, j - i))
                loai_say_n(n, s + i, j - i);
            else if ((r = loai_lex_get(n->lex, LOAI_LEX_DOMAIN, s + i, j - i)) != NULL ||
                     (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s + i, j - i)) != NULL)
                loai_say(n, r);
            else
                loai_spell(n, s + i, j - i);
        }
        i = j;
    }
}

/* Read an address part: pieces between separators, each separator named. */
static void say_addr(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0, start = 0;

    for (i = 0; i <= len; i++) {
        const char *name = NULL;

        if (i < len) {
            switch (s[i]) {
            case '.': name = "chấm"; break;
            case '/': name = "gạch chéo"; break;
            case '-': name = "gạch ngang"; break;
            case '_': name = "gạch dưới"; break;
            case ':': name = "hai chấm"; break;
            case '?': name = "chấm hỏi"; break;
            case '=': name = "bằng"; break;
            case '&': name = "và"; break;
            case '#': name = "thăng"; break;
            case '~': name = "ngã"; break;
            case '%': name = "phần trăm"; break;
            default: continue;
            }
        }
        say_piece(n, s + start, i - start);
        if (name && i + 1 < len) /* a trailing '/' is not read */
            loai_say(n, name);
        start = i + 1;
    }
}

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
           c == '.';
}

static int known_tld(const char *s, size_t len)
{
    static const char *const tlds[] = {"vn", "com", "net", "org", "gov", "edu", "info",
                                       "io", "int", "biz", "asia"};
    size_t i;

    for (i = 0; i < sizeof tlds / sizeof tlds[0]; i++)
        if (ieq(s, len, tlds[i]))
            return 1;
    return 0;
}

/* Length of a host name "a.b.vn" at S (0 if it is not one). */
static size_t host_len(const char *s, size_t len, int need_tld)
{
    size_t i = 0, last_dot = 0;
    int dots = 0;

    while (i < len && host_char(s[i])) {
        if (s[i] == '.') {
            if (i == 0 || s[i - 1] == '.')
                return 0;
            dots++;
            last_dot = i;
        }
        i++;
    }
    if (i > 0 && s[i - 1] == '.')
        return 0;
    if (dots == 0)
        return 0;
    if (need_tld && !known_tld(s + last_dot + 1, i - last_dot - 1))
        return 0;
    if (i < len && s[i] != '/' && s[i] != ':')
        return 0;
    return i;
}

int loai_try_url(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0, h;
    int scheme = 0;

    if (len > 8 && ieq(s, 8, "https://"))
        i = 8, scheme = 1;
    else if (len > 7 && ieq(s, 7, "http://"))
        i = 7, scheme = 1;
    /* the scheme is not read on air: listeners type the address without it */
    h = host_len(s + i, len - i, !scheme && !(len - i > 4 && ieq(s + i, 4, "www.")));
    if (h == 0)
        return 0;
    /* A long path is not read on air: nobody copies it from a loudspeaker,
     * and its toneless words make the voice stumble. The host is enough. */
    if (len - i - h > 20)
        len = i + h;
    while (len > i + h && s[len - 1] == '/')
        len--;
    say_addr(n, s + i, len - i);
    return 1;
}

int loai_try_email(loai_norm *n, const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    size_t l, i;

    if (at == NULL || at == s)
        return 0;
    l = (size_t)(at - s);
    for (i = 0; i < l; i++)
        if (!host_char(s[i]) && s[i] != '_' && s[i] != '+')
            return 0;
    if (host_len(at + 1, len - l - 1, 0) != len - l - 1)
        return 0;
    say_addr(n, s, l);
    loai_say(n, "a còng");
    say_addr(n, at + 1, len - l - 1);
    return 1;
}
