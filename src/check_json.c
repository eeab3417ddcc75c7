/* `loa check --json`: the document (format "loa-check/1", shape in
 * README.md and tests/check-schema.json), written with loai_out, the JSON
 * writer the published files use. */
#include <stdlib.h>

#include "loa/check.h"
#include "loa/error.h"
#include "buf_int.h"

/* Hand O's text to *OUT (or its error). */
static loa_err finish(loai_out *o, char **out)
{
    if (o->err != LOA_OK) {
        loai_buf_free(&o->b);
        return o->err;
    }
    *out = o->b.data;
    return LOA_OK;
}

loa_err loa_check_json_begin(char **out)
{
    loai_out o = {{0}, LOA_OK};

    loai_out_puts(&o, "{\"format\": \"loa-check/1\", \"files\": [");
    return finish(&o, out);
}

loa_err loa_check_json_file(const char *path, const loa_check_report *rep, const char *fixed,
                            loa_check_lang lang, int first, char **out)
{
    loai_out o = {{0}, LOA_OK};
    int errors = 0, warnings = 0, k;
    size_t i;

    for (i = 0; i < rep->n; i++) {
        if (rep->items[i].sev == LOA_CHECK_ERROR)
            errors++;
        else
            warnings++;
    }
    loai_out_puts(&o, first ? "\n    {\"path\": " : ",\n    {\"path\": ");
    loai_out_json_str(&o, path);
    loai_out_printf(&o, ", \"errors\": %d, \"warnings\": %d, \"encoding\": ", errors, warnings);
    loai_out_json_str(&o, rep->legacy == 1 ? "TCVN3" : rep->legacy == 2 ? "VNI" : "UTF-8");
    loai_out_puts(&o, ", \"fixed\": ");
    if (fixed != NULL)
        loai_out_json_str(&o, fixed);
    else
        loai_out_puts(&o, "null");
    loai_out_puts(&o, ", \"seconds\": ");
    if (rep->seconds >= 0)
        loai_out_fixed(&o, rep->seconds, 1);
    else
        loai_out_puts(&o, "null");
    if (rep->slot_s > 0)
        loai_out_printf(&o, ", \"slot_seconds\": %d", rep->slot_s);
    else
        loai_out_puts(&o, ", \"slot_seconds\": null");
    loai_out_puts(&o, ", \"findings\": [");
    for (i = 0; i < rep->n; i++) {
        const loa_check_item *it = &rep->items[i];
        char *msg = loa_check_message(it, lang);

        if (msg == NULL) {
            loai_buf_free(&o.b);
            return LOA_ERR_NOMEM;
        }
        loai_out_printf(&o, "%s\n      {\"severity\": \"%s\", \"id\": \"%s\", \"line\": %d, "
                            "\"col\": %d, \"message\": ",
                        i ? "," : "", it->sev == LOA_CHECK_ERROR ? "error" : "warning",
                        loa_check_id_name(it->id), it->line, it->col);
        loai_out_json_str(&o, msg);
        loai_out_puts(&o, ", \"args\": [");
        for (k = 0; k < 3 && it->arg[k]; k++) {
            loai_out_puts(&o, k ? ", " : "");
            loai_out_json_str(&o, it->arg[k]);
        }
        loai_out_puts(&o, "]}");
        free(msg);
    }
    loai_out_puts(&o, rep->n ? "\n    ]}" : "]}");
    return finish(&o, out);
}

loa_err loa_check_json_end(int files, int errors, int warnings, char **out)
{
    loai_out o = {{0}, LOA_OK};

    loai_out_printf(&o, "%s], \"errors\": %d, \"warnings\": %d}\n", files ? "\n  " : "", errors,
                    warnings);
    return finish(&o, out);
}
