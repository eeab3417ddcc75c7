/* libFuzzer harness: arbitrary bytes as a jingle, through the build's own
 * piece renderer (loai_build_render_piece: what a build worker does for an
 * intro, with its probe and its meta). Whatever the bytes, it must either
 * fail with a message and leave no piece (nor a temporary file) behind, or
 * make a piece that keeps its profile's promise when decoded: true peak at
 * or under the ceiling, loudness within LOAI_PROMISE_LU of the target, and
 * a meta that says the same. The profile is the input's size modulo 4, so
 * every profile is met (lowband's 22.05 kHz too). Seeds (corpus-jingle/):
 * a tone, clicks (issue 20: +35 dBTP once), DC, a 3 Hz rumble, NaN and
 * +100 in float WAVs, 8-bit, stereo 48 kHz, silence, a truncated header. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/loa.h"
#include "build_int.h"
#include "file_int.h"
#include "verify_int.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char jg_dir[] = "/tmp/loa-fuzz-jingle.XXXXXX";
static char jg_in[sizeof jg_dir + 16], jg_out[sizeof jg_dir + 16], jg_cache[sizeof jg_dir + 16];

static void jg_cleanup(void)
{
    loai_file_rmtree(jg_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (mkdtemp(jg_dir) == NULL)
        abort();
    snprintf(jg_in, sizeof jg_in, "%s/in.wav", jg_dir);
    snprintf(jg_out, sizeof jg_out, "%s/out/p.mp3", jg_dir);
    snprintf(jg_cache, sizeof jg_cache, "%s/cache", jg_dir);
    atexit(jg_cleanup);
    return 0;
}

/* Files in DIR besides the piece and its meta: temporaries left behind. */
static int jg_strays(const char *where)
{
    DIR *d = opendir(where);
    struct dirent *e;
    int n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
             strcmp(e->d_name, "p.mp3") != 0 && strcmp(e->d_name, "p.mp3.meta") != 0;
    closedir(d);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const profiles[] = {"default", "broadcast", "horn", "lowband"};
    loa_build_opts opts;
    loa_build_result res;
    struct build B;
    struct piece pc;
    struct build_meta m;
    loai_measure dm;
    loa_diag d;
    char why[512], outdir[sizeof jg_dir + 16];
    FILE *fp;
    loa_err err;
    size_t i;

    /* A fresh cache and output for every input (the probe is kept by the
     * file's hash, the piece by its path). */
    loai_file_rmtree(jg_cache);
    snprintf(outdir, sizeof outdir, "%s/out", jg_dir);
    loai_file_rmtree(outdir);
    if (mkdir(outdir, 0777) != 0 || (fp = fopen(jg_in, "wb")) == NULL)
        abort();
    if (size > 0 && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    memset(&opts, 0, sizeof opts);
    loa_build_result_init(&res);
    memset(&B, 0, sizeof B);
    B.opts = &opts;
    B.res = &res;
    B.cache = jg_cache;
    B.out_lock = B.cache_lock = -1;
    memset(&pc, 0, sizeof pc);
    pc.kind = PIECE_JINGLE;
    pc.profile = loa_profile_find(profiles[size % 4]);
    pc.audio = jg_in;
    pc.role = "intro";
    pc.clip = 0;
    pc.mp3 = jg_out;
    loa_diag_clear(&d);
    err = loai_build_render_piece(&B, &pc, &d);
    if (err == LOA_OK) {
        /* The piece, decoded, keeps the promise, and its meta is its own. */
        if (loai_build_entry(jg_out, &m, why, sizeof why) != 1 || m.profile != pc.profile)
            abort();
        if (loai_measure_file(jg_out, &dm, &d) != LOA_OK)
            abort();
        if (!loai_promise_kept(pc.profile, dm.lufs, dm.tp, &d))
            abort();
        if (!(fabs(dm.lufs - m.lufs) <= 0.1) || !(fabs(dm.tp - m.tp) <= 0.1))
            abort();
    } else {
        if (d.msg[0] == '\0' || access(jg_out, F_OK) == 0)
            abort();
        if (err == LOA_ERR_NOMEM)
            abort(); /* a few seconds of audio never runs memory out */
    }
    if (jg_strays(outdir) != 0)
        abort();
    for (i = 0; i < B.n_hashes; i++)
        free(B.hashes[i].path);
    free(B.hashes);
    loa_build_result_clear(&res);
    return 0;
}
