/* The fuzz harnesses (tests/fuzz/fuzz_*.c) as plain tests: every input in
 * tests/fuzz/corpus-<name>/ (the seeds and the crash-* and leak-* inputs the
 * fuzzers found) goes through its harness, whose own checks abort on a wrong
 * result. So `make check` (and SANITIZE=1, VALGRIND=...) replays the
 * regressions without clang or libFuzzer. Run from the source tree. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static char examples_abs[3000];
#define LOA_FUZZ_VOICES "voices"
#define LOA_FUZZ_EXAMPLES examples_abs

#define LLVMFuzzerInitialize fz_normalize_init
#define LLVMFuzzerTestOneInput fz_normalize_one
#include "../fuzz/fuzz_normalize.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_script_one
#include "../fuzz/fuzz_script.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerInitialize fz_config_init
#define LLVMFuzzerTestOneInput fz_config_one
#include "../fuzz/fuzz_config.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_utf8_one
#include "../fuzz/fuzz_utf8.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerInitialize fz_join_init
#define LLVMFuzzerTestOneInput fz_join_one
#include "../fuzz/fuzz_join.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerInitialize fz_jingle_init
#define LLVMFuzzerTestOneInput fz_jingle_one
#include "../fuzz/fuzz_jingle.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feed every file of tests/fuzz/corpus-NAME to ONE; returns how many. */
static size_t replay(const char *name, int (*one)(const uint8_t *, size_t))
{
    char cdir[256], fpath[512];
    char *names[1024];
    size_t n = 0, i;
    DIR *d;
    struct dirent *e;

    snprintf(cdir, sizeof cdir, "tests/fuzz/corpus-%s", name);
    if ((d = opendir(cdir)) == NULL)
        return 0;
    while ((e = readdir(d)) != NULL && n < 1024)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (i = 0; i < n; i++) {
        FILE *fp;
        uint8_t *buf;
        long len;

        snprintf(fpath, sizeof fpath, "%s/%s", cdir, names[i]);
        printf("%s\n", fpath); /* the last line names the input that failed */
        fflush(stdout);
        fp = fopen(fpath, "rb");
        CHECK(fp != NULL);
        if (fp == NULL)
            continue;
        fseek(fp, 0, SEEK_END);
        len = ftell(fp);
        rewind(fp);
        buf = malloc(len > 0 ? (size_t)len : 1);
        CHECK(buf != NULL && fread(buf, 1, (size_t)len, fp) == (size_t)len);
        fclose(fp);
        CHECK(one(buf, (size_t)len) == 0);
        free(buf);
        free(names[i]);
    }
    return n;
}

int main(void)
{
    char cwd[2900];

    if (getcwd(cwd, sizeof cwd) == NULL)
        return 1;
    snprintf(examples_abs, sizeof examples_abs, "%s/examples", cwd);
    fz_normalize_init(NULL, NULL);
    fz_config_init(NULL, NULL);
    fz_join_init(NULL, NULL);
    fz_jingle_init(NULL, NULL);
    CHECK(replay("normalize", fz_normalize_one) >= 30);
    CHECK(replay("script", fz_script_one) >= 9);
    CHECK(replay("config", fz_config_one) >= 7);
    CHECK(replay("utf8", fz_utf8_one) >= 9);
    CHECK(replay("join", fz_join_one) >= 6);
    CHECK(replay("jingle", fz_jingle_one) >= 14);
    loa_text_lexicon_free(lex);
    return test_done("test_fuzz_regress");
}
