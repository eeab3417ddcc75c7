/* libFuzzer harness: loa_text_check_utf8 against an independent reference
 * decoder (Unicode Table 3-7 well-formedness, NUL rejected), so a wrong
 * verdict or a wrong position is a crash too, not only a bad access. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/loa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Offset of the first ill-formed byte, or N when S is well-formed; its
 * 1-based line and character column in *LINE, *COL. */
static size_t reference_bad(const uint8_t *s, size_t n, int *line, int *col)
{
    size_t i = 0;

    *line = *col = 1;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint8_t lo = 0x80, hi = 0xBF;

        if (c == 0)
            return i;
        if (c < 0x80) {
            k = 0;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (k > 0) {
            if (k >= n - i) /* truncated at the end */
                return i;
            if (s[i + 1] < lo || s[i + 1] > hi)
                return i;
            for (size_t j = 2; j <= k; j++)
                if (s[i + j] < 0x80 || s[i + j] > 0xBF)
                    return i;
        }
        if (c == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
        i += k + 1;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loa_diag diag = {0};
    char *in = malloc(size ? size : 1); /* exact size: reads past LEN are caught */
    char want[64];
    int line, col;

    if (in == NULL)
        return 0;
    memcpy(in, data, size);
    loa_err err = loa_text_check_utf8(in, size, &diag);
    size_t bad = reference_bad(data, size, &line, &col);
    if ((err == LOA_OK) != (bad == size))
        abort();
    if (err != LOA_OK) {
        snprintf(want, sizeof want, "byte offset %zu", bad);
        if (diag.line != line || diag.col != col || strstr(diag.msg, want) == NULL)
            abort();
    }
    free(in);
    return 0;
}
