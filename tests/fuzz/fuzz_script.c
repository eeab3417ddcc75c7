/* libFuzzer harness: loa_bulletin_parse (pure, no I/O) on arbitrary bytes,
 * then loa_script_fold on the parsed title. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/loa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loa_bulletin b;
    loa_diag diag = {0};
    char *in = malloc(size ? size : 1); /* exact size: reads past LEN are caught */

    if (in == NULL)
        return 0;
    memcpy(in, data, size);
    loa_bulletin_init(&b);
    loa_err err = loa_bulletin_parse(&b, in, size, "scripts", &diag);
    if (err == LOA_OK) {
        char *fold = NULL;

        if (b.title == NULL || b.repeat < 1)
            abort();
        for (size_t i = 0; i < b.n_segs; i++) {
            const loa_segment *s = &b.segs[i];
            if ((s->kind == LOA_SEG_TEXT || s->kind == LOA_SEG_VERBATIM) &&
                (s->text == NULL || s->text[0] == '\0'))
                abort();
            if (s->kind == LOA_SEG_PAUSE && (s->pause_ms < 1 || s->pause_ms > 60000))
                abort();
        }
        /* A recording stays inside the script's directory ("scripts"). */
        if (b.audio != NULL &&
            (strncmp(b.audio, "scripts/", 8) != 0 || strstr(b.audio, "/../") != NULL ||
             (strlen(b.audio) >= 3 && strcmp(b.audio + strlen(b.audio) - 3, "/..") == 0)))
            abort();
        if (loa_script_fold(b.title, strlen(b.title), &fold) == LOA_OK)
            free(fold);
    } else if (b.title != NULL || b.n_segs != 0) {
        abort(); /* on failure B stays empty */
    }
    loa_bulletin_clear(&b);
    free(in);
    return 0;
}
