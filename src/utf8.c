/* UTF-8 validation with the position editors need to find the bad byte. */
#include "loa/error.h"
#include "loa/text.h"
#include "error_int.h"

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

loa_err loa_utf8_check(const char *text, size_t len, loa_diag *diag)
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
