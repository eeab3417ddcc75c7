/* libFuzzer harness: loa_mp3_join on a file holding the input, alone and
 * twice in a row. It walks MPEG frame headers and a LAME tag it did not
 * write: whatever the bytes, it must either join (the output exists, twice
 * the input is twice the frames) or fail with a message and leave nothing.
 * Seeds (corpus-join/seed-*): short tones loa_mp3 encoded at 44.1 kHz 64k
 * (with an Info tag), 22.05 kHz 48k (without), 48 kHz 32k and 16 kHz 8k, one
 * with an ID3 title, and one cut short. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/loa.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char jdir[] = "/tmp/loa-fuzz-join.XXXXXX";
static char in_path[sizeof jdir + 16], out_path[sizeof jdir + 16];

static void join_cleanup(void)
{
    unlink(in_path);
    unlink(out_path);
    rmdir(jdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (mkdtemp(jdir) == NULL)
        abort();
    snprintf(in_path, sizeof in_path, "%s/in.mp3", jdir);
    snprintf(out_path, sizeof out_path, "%s/out.mp3", jdir);
    atexit(join_cleanup);
    return 0;
}

/* Join the input N times; the frames in *FRAMES, 0 when it failed. */
static void join_n(size_t n, unsigned long *frames)
{
    const char *srcs[2] = {in_path, in_path};
    loa_mp3_opts o;
    loa_mp3_info info;
    loa_diag d;
    loa_err err;

    memset(&o, 0, sizeof o);
    memset(&d, 0, sizeof d);
    o.title = "Đài truyền thanh xã";
    unlink(out_path);
    err = loa_mp3_join(out_path, srcs, n, &o, &info, &d);
    if (err == LOA_OK) {
        if (access(out_path, F_OK) != 0 || info.frames == 0 || info.rate <= 0 ||
            info.seconds < 0)
            abort();
        *frames = info.frames;
    } else {
        if (d.msg[0] == '\0' || access(out_path, F_OK) == 0)
            abort();
        *frames = 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long one, two;
    FILE *fp = fopen(in_path, "wb");

    if (fp == NULL)
        abort();
    if (size > 0 && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    join_n(1, &one);
    join_n(2, &two);
    if (two != 2 * one)
        abort();
    return 0;
}
