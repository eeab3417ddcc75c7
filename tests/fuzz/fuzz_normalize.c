/* libFuzzer harness: loa_text_normalize_explain on arbitrary bytes, with
 * the first byte choosing the dialect. The lexicon comes from voices/
 * (LOA_FUZZ_VOICES, set by the Makefile, or $LOA_DATA_DIR). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/loa.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static loa_lexicon *lex;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("LOA_DATA_DIR");
    loa_diag diag = {0};

    (void)argc;
    (void)argv;
    if (dir == NULL)
        dir = LOA_FUZZ_VOICES;
    if (loa_text_lexicon_open(&lex, dir, &diag) != LOA_OK)
        abort(); /* a harness without its lexicon would test nothing */
    return 0;
}

static void count(void *ctx, const loa_nsw *w)
{
    size_t *n = ctx;

    /* Touch every reported byte so ASan sees a bad pointer or length. */
    for (size_t i = 0; i < w->written_len; i++)
        *n += (unsigned char)w->written[i];
    for (size_t i = 0; i < w->reading_len; i++)
        *n += (unsigned char)w->reading[i];
    if (loa_text_nsw_kind_name(w->kind) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loa_dialect dialect = LOA_DIALECT_NORTH;
    char *out = NULL;
    size_t out_len = 0, n = 0;
    loa_diag diag = {0};

    if (size > 0) {
        dialect = (loa_dialect)(data[0] % 3);
        data++;
        size--;
    }
    /* The input is not NUL-terminated: copy it to an exact-size buffer so
     * a read past LEN is caught. */
    char *in = malloc(size ? size : 1);
    if (in == NULL)
        return 0;
    memcpy(in, data, size);
    loa_err err = loa_text_normalize_explain(lex, dialect, in, size, &out, &out_len, count, &n,
                                             &diag);
    if (err == LOA_OK) {
        if (out == NULL || strlen(out) != out_len)
            abort();
    } else if (out != NULL) {
        abort(); /* outputs stay untouched on failure */
    }
    free(out);
    free(in);
    return 0;
}
