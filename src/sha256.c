/* SHA-256 through OpenSSL's libcrypto (SHA-NI / AVX2 code where the CPU
 * has it: the manifest hashes every published MP3 and the cache keys hash
 * every input file, so this is most of an unchanged rebuild's time; it
 * was our own portable C until that showed). Checked in
 * tests/unit/test_publish.c against the FIPS 180-2 appendix vectors ("abc",
 * "", the 448-bit message) and sha256sum(1). */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* libcrypto's one-call SHA256_* (no allocation, so init cannot fail) are
 * marked deprecated in OpenSSL 3 in favour of EVP; still supported. */
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 0x10101000L
#endif
#include <openssl/sha.h>

#include "loa/error.h"
#include "error_int.h"
#include "file_int.h"
#include "sha256_int.h"

/* The context lives in loai_sha256's opaque storage, so that no other file
 * needs <openssl/sha.h>. */
_Static_assert(sizeof(SHA256_CTX) <= sizeof(((loai_sha256 *)0)->ctx.raw),
               "loai_sha256 too small for SHA256_CTX");
_Static_assert(alignof(SHA256_CTX) <= alignof(unsigned long long),
               "loai_sha256 under-aligned for SHA256_CTX");

static SHA256_CTX *ctx_of(loai_sha256 *s)
{
    return (SHA256_CTX *)(void *)s->ctx.raw;
}

void loai_sha256_init(loai_sha256 *s)
{
    SHA256_Init(ctx_of(s));
    s->bytes = 0;
}

void loai_sha256_update(loai_sha256 *s, const void *data, size_t n)
{
    s->bytes += n;
    SHA256_Update(ctx_of(s), data, n);
}

void loai_sha256_hex(loai_sha256 *s, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_LENGTH];
    int i;

    SHA256_Final(md, ctx_of(s));
    for (i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

loa_err loai_sha256_file(const char *path, char hex[65], unsigned long long *bytes,
                         loa_diag *diag)
{
    unsigned char chunk[65536];
    loai_sha256 s;
    size_t n;
    FILE *fp = NULL;
    loa_err err;

    if ((err = loai_file_open_regular(path, &fp, diag)) != LOA_OK)
        return err;
    loai_sha256_init(&s);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        loai_sha256_update(&s, chunk, n);
    if (ferror(fp)) {
        loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
        fclose(fp);
        return LOA_ERR_IO;
    }
    fclose(fp);
    if (bytes)
        *bytes = s.bytes;
    loai_sha256_hex(&s, hex);
    return LOA_OK;
}
