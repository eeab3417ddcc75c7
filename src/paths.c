/* Locating the voices/ data both in the source tree and once installed. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/paths.h"
#include "error_int.h"

#ifndef LOA_DATADIR
#define LOA_DATADIR "/usr/local/share/loa/voices"
#endif

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A + B, malloc'd, when it names a directory; else NULL, with *NOMEM set
 * when memory ran out. */
static char *try_dir(const char *a, const char *b, int *nomem)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = malloc(na + nb + 1);

    if (p == NULL) {
        *nomem = 1;
        return NULL;
    }
    memcpy(p, a, na);
    memcpy(p + na, b, nb + 1);
    if (is_dir(p))
        return p;
    free(p);
    return NULL;
}

loa_err loa_data_dir(const char *override, char **out, loa_diag *diag)
{
    const char *env = getenv("LOA_DATA_DIR");
    char exe[PATH_MAX], *dir = NULL;
    int nomem = 0;
    ssize_t n;

    if (override != NULL) {
        if ((dir = try_dir(override, "", &nomem)) == NULL && !nomem) {
            loai_diag_set(diag, "data directory %s does not exist", override);
            return LOA_ERR_IO;
        }
        goto found;
    }
    if (env != NULL && *env != '\0') {
        if ((dir = try_dir(env, "", &nomem)) == NULL && !nomem) {
            loai_diag_set(diag, "LOA_DATA_DIR=%s is not a directory", env);
            return LOA_ERR_IO;
        }
        goto found;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;

        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0'; /* the program's directory: <tree>/build or <prefix>/bin */
            if ((slash = strrchr(exe, '/')) != NULL) {
                slash[1] = '\0';
                if ((dir = try_dir(exe, "voices", &nomem)) != NULL || nomem ||
                    (dir = try_dir(exe, "share/loa/voices", &nomem)) != NULL || nomem)
                    goto found;
            }
        }
    }
    if ((dir = try_dir(LOA_DATADIR, "", &nomem)) != NULL || nomem)
        goto found;
    loai_diag_set(diag, "cannot find loa's voices/ data (tried $LOA_DATA_DIR, beside the "
                        "program, and %s) — pass --data-dir", LOA_DATADIR);
    return LOA_ERR_IO;
found:
    if (dir == NULL)
        return LOA_ERR_NOMEM;
    *out = dir;
    return LOA_OK;
}
