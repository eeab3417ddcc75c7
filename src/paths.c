/* Locating the voices/ data both in the source tree and once installed. */
#include <limits.h>
#include <stdio.h>
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

static int put(char *buf, size_t size, const char *a, const char *b)
{
    int n = snprintf(buf, size, "%s%s", a, b);

    return n > 0 && (size_t)n < size && is_dir(buf);
}

loa_err loa_data_dir(const char *override, char *buf, size_t size, loa_diag *diag)
{
    const char *env = getenv("LOA_DATA_DIR");
    char exe[PATH_MAX];
    ssize_t n;

    if (override != NULL) {
        if (put(buf, size, override, ""))
            return LOA_OK;
        loai_diag_set(diag, "data directory %s does not exist", override);
        return LOA_ERR_IO;
    }
    if (env != NULL && *env != '\0') {
        if (put(buf, size, env, ""))
            return LOA_OK;
        loai_diag_set(diag, "LOA_DATA_DIR=%s is not a directory", env);
        return LOA_ERR_IO;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;

        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0'; /* the program's directory: <tree>/build or <prefix>/bin */
            if ((slash = strrchr(exe, '/')) != NULL) {
                slash[1] = '\0';
                if (put(buf, size, exe, "voices") || put(buf, size, exe, "share/loa/voices"))
                    return LOA_OK;
            }
        }
    }
    if (put(buf, size, LOA_DATADIR, ""))
        return LOA_OK;
    loai_diag_set(diag, "cannot find loa's voices/ data (tried $LOA_DATA_DIR, beside the "
                        "program, and %s) — pass --data-dir", LOA_DATADIR);
    return LOA_ERR_IO;
}
