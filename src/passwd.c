/* Password hashing for the web desk: argon2id (RFC 9106) by libargon2, the
 * one file that includes argon2.h; and random tokens from the kernel. */
#include <argon2.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "serve_int.h"

/* RFC 9106's second recommended option, scaled down for a shared 2-core
 * box: 3 passes over 19 MiB, one lane (OWASP's minimum is m=19 MiB, t=2).
 * About 40 ms a hash here; the login throttle bounds how many run. */
#define T_COST 3
#define M_COST (19 * 1024)
#define LANES 1
#define SALT_LEN 16
#define HASH_LEN 32
#define MAX_HASHING 2 /* argon2 runs at once: each takes M_COST of memory and a core */

/* Fifty people logging in at once must not take 50 × 19 MiB: hashes wait
 * their turn here, so the server's memory stays bounded. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int hashing;

static void gate_enter(void)
{
    pthread_mutex_lock(&gate_mu);
    while (hashing >= MAX_HASHING)
        pthread_cond_wait(&gate_cv, &gate_mu);
    hashing++;
    pthread_mutex_unlock(&gate_mu);
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate_mu);
    hashing--;
    pthread_cond_signal(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
}

loa_err loai_random_hex(char *hex, size_t n)
{
    unsigned char raw[64];
    size_t got = 0, i;

    if (n > sizeof raw)
        return LOA_ERR_INVALID;
    while (got < n) {
        ssize_t k = getrandom(raw + got, n - got, 0);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return LOA_ERR_IO;
        got += (size_t)k;
    }
    for (i = 0; i < n; i++) {
        static const char d[] = "0123456789abcdef";

        hex[2 * i] = d[raw[i] >> 4];
        hex[2 * i + 1] = d[raw[i] & 15];
    }
    hex[2 * n] = '\0';
    return LOA_OK;
}

loa_err loai_passwd_hash(const char *password, char **out, loa_diag *diag)
{
    unsigned char salt[SALT_LEN];
    size_t got = 0, len;
    char *enc;
    int rc;

    while (got < sizeof salt) {
        ssize_t k = getrandom(salt + got, sizeof salt - got, 0);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            loai_diag_set(diag, "no random bytes for a salt: %s", strerror(errno));
            return LOA_ERR_IO;
        }
        got += (size_t)k;
    }
    len = argon2_encodedlen(T_COST, M_COST, LANES, SALT_LEN, HASH_LEN, Argon2_id);
    if ((enc = malloc(len)) == NULL)
        return LOA_ERR_NOMEM;
    gate_enter();
    rc = argon2id_hash_encoded(T_COST, M_COST, LANES, password, strlen(password), salt, SALT_LEN,
                               HASH_LEN, enc, len);
    gate_leave();
    if (rc != ARGON2_OK) {
        loai_diag_set(diag, "argon2id: %s", argon2_error_message(rc));
        free(enc);
        return rc == ARGON2_MEMORY_ALLOCATION_ERROR ? LOA_ERR_NOMEM : LOA_ERR_INVALID;
    }
    *out = enc;
    return LOA_OK;
}

int loai_passwd_verify(const char *encoded, const char *password)
{
    int ok;

    if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
        return 0;
    gate_enter();
    ok = argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
    gate_leave();
    return ok;
}
