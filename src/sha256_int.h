/* SHA-256 (sha256.c, the one file that includes OpenSSL); never installed. */
#ifndef LOA_SHA256_INT_H
#define LOA_SHA256_INT_H

#include <stddef.h>

#include "loa/error.h"

/* SHA-256 (FIPS 180-4) by OpenSSL's libcrypto, src/sha256.c. init, update
 * any number of times, then hex (64 lowercase digits + NUL; the state is
 * spent afterwards). */
typedef struct loai_sha256 {
    union { /* OpenSSL's SHA256_CTX, which only sha256.c sees (it checks the size) */
        unsigned char raw[128];
        unsigned long long align;
    } ctx;
    unsigned long long bytes;
} loai_sha256;
void loai_sha256_init(loai_sha256 *s);
void loai_sha256_update(loai_sha256 *s, const void *data, size_t n);
void loai_sha256_hex(loai_sha256 *s, char hex[65]);
/* Hash a whole file; its size into *BYTES when not NULL. */
loa_err loai_sha256_file(const char *path, char hex[65], unsigned long long *bytes,
                         loa_diag *diag);

#endif
