/* libFuzzer harness: loa_config_load on a file holding the input. The file
 * lives in a private temporary directory with links "communes" and
 * "groups.cfg" to the demo's commune files and groups, so the demo seeds'
 * @include lines resolve and inputs reach past them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/loa.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/loa-fuzz-config.XXXXXX";
static char path[sizeof dir + 16], link_path[sizeof dir + 16], link2_path[sizeof dir + 16];

static void cleanup(void)
{
    unlink(path);
    unlink(link_path);
    unlink(link2_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (mkdtemp(dir) == NULL)
        abort();
    snprintf(path, sizeof path, "%s/d.cfg", dir);
    char target[4096];

    snprintf(link_path, sizeof link_path, "%s/communes", dir);
    snprintf(target, sizeof target, "%s/communes", LOA_FUZZ_EXAMPLES);
    if (symlink(target, link_path) != 0)
        abort();
    snprintf(link2_path, sizeof link2_path, "%s/groups.cfg", dir);
    snprintf(target, sizeof target, "%s/groups.cfg", LOA_FUZZ_EXAMPLES);
    if (symlink(target, link2_path) != 0)
        abort();
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loa_config cfg;
    loa_diag diag = {0};
    char *err_file = NULL;
    FILE *fp = fopen(path, "wb");

    if (fp == NULL)
        abort();
    if (size > 0 && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    loa_config_init(&cfg);
    loa_err err = loa_config_load(&cfg, path, &err_file, &diag);
    if (err == LOA_OK) {
        if (err_file != NULL || (cfg.n_stations == 0 && cfg.stations != NULL))
            abort();
        for (size_t i = 0; i < cfg.n_stations; i++) {
            const loa_config_station *st = &cfg.stations[i];
            /* A station id names an output directory: it must stay a
             * plain name (the loader promises [a-z0-9_-]+). */
            if (st->id == NULL || st->id[0] == '\0' ||
                strspn(st->id, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(st->id))
                abort();
            if (loa_config_station_find(&cfg, st->id) == NULL)
                abort();
        }
    } else {
        if (diag.msg[0] == '\0' || cfg.n_stations != 0)
            abort();
    }
    free(err_file);
    loa_config_clear(&cfg);
    return 0;
}
