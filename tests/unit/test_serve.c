/* The web desk's request parsing and escaping (src/serve_util.c): urlencoded
 * and multipart bodies from hostile clients, HTML/JSON escaping, safe names,
 * atomic writes, argon2id hashes. Expected values written by hand. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_int.h"
#include "loa/file.h"
#include "test.h"

static const char *get(const loai_kv *kv, size_t n, const char *key, size_t *len)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0) {
            if (len)
                *len = kv[i].val_len;
            return kv[i].val;
        }
    return NULL;
}

static void urlencoded(void)
{
    loai_kv *kv = NULL;
    size_t n = 0, len = 0;
    const char body[] = "title=B%E1%BA%A3n+tin&x=%00a%0&empty=&=nokey&dai=xa-a&dai=xa-b&&bad=%zz%4";

    CHECK(loai_parse_urlencoded(body, sizeof body - 1, &kv, &n) == LOA_OK);
    CHECK_STR(get(kv, n, "title", NULL), "Bản tin");
    /* a NUL byte is dropped; a truncated escape stays as written */
    CHECK_STR(get(kv, n, "x", &len), "a%0");
    CHECK(len == 3);
    CHECK_STR(get(kv, n, "empty", NULL), "");
    CHECK_STR(get(kv, n, "", NULL), "nokey");
    CHECK_STR(get(kv, n, "bad", NULL), "%zz%4");
    CHECK_STR(get(kv, n, "dai", NULL), "xa-a");
    CHECK(n == 7);
    loai_kv_free(kv, n);
    /* no more than 256 fields */
    {
        char big[256 * 4 + 64];
        size_t i, k = 0;

        for (i = 0; i < 300 && k + 4 < sizeof big; i++)
            k += (size_t)snprintf(big + k, sizeof big - k, "a=%c&", 'x');
        kv = NULL;
        n = 0;
        CHECK(loai_parse_urlencoded(big, k, &kv, &n) == LOA_ERR_INVALID);
        CHECK(n == 256);
        loai_kv_free(kv, n);
    }
}

static void multipart(void)
{
    const char ct[] = "multipart/form-data; boundary=----XyZ";
    const char body[] = "------XyZ\r\n"
                        "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                        "Thông báo\r\n"
                        "------XyZ\r\n"
                        "Content-Disposition: form-data; name=\"audio\"; filename=\"thu âm.mp3\"\r\n"
                        "Content-Type: audio/mpeg\r\n\r\n"
                        "ID3\x00\x01\r\n--not-the-boundary\r\n"
                        "------XyZ--\r\n";
    loai_kv *kv = NULL;
    size_t n = 0, len = 0, i;
    const char *bad[] = {
        "------XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
        "------XyZ\r\nno headers end",
        "------XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n------XyZ--",
        "garbage without a boundary",
    };

    CHECK(loai_parse_multipart(ct, body, sizeof body - 1, &kv, &n) == LOA_OK);
    CHECK(n == 2);
    CHECK_STR(get(kv, n, "title", NULL), "Thông báo");
    CHECK(get(kv, n, "audio", &len) != NULL);
    CHECK(len == 5 + 2 + 18); /* binary with a NUL and a line that only looks like a boundary */
    CHECK(n == 2 && kv[1].filename && strcmp(kv[1].filename, "thu âm.mp3") == 0);
    loai_kv_free(kv, n);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kv = NULL;
        n = 0;
        CHECK(loai_parse_multipart(ct, bad[i], strlen(bad[i]), &kv, &n) != LOA_OK);
        loai_kv_free(kv, n);
    }
    kv = NULL;
    n = 0;
    CHECK(loai_parse_multipart("multipart/form-data", body, sizeof body - 1, &kv, &n) != LOA_OK);
    CHECK(loai_parse_multipart("multipart/form-data; boundary=", body, sizeof body - 1, &kv, &n) !=
          LOA_OK);
    loai_kv_free(kv, n);
}

static void escaping(void)
{
    loai_buf b = {0};

    loai_html_esc(&b, "<a href=\"x\">'&'</a>");
    CHECK_STR(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    b.len = 0;
    loai_json_str(&b, "a\"b\\c\n</script>\x01");
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\"");
    b.len = 0;
    loai_url_esc(&b, "xã A/b");
    CHECK_STR(b.data, "x%C3%A3%20A%2Fb");
    loai_buf_free(&b);
    CHECK(loai_safe_name("2026-11-23_0600_sang.mp3"));
    CHECK(!loai_safe_name(".."));
    CHECK(!loai_safe_name(".hidden"));
    CHECK(!loai_safe_name("a/b"));
    CHECK(!loai_safe_name("a..b"));
    CHECK(!loai_safe_name(""));
    CHECK(!loai_safe_name("x\xc3\xa3"));
}

static void files(void)
{
    char dir[] = "/tmp/loa-serve-test.XXXXXX", path[64];
    struct stat st;
    char *got = NULL;
    size_t len;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    CHECK(loai_write_atomic(path, "một\n", 6, NULL) == LOA_OK);
    CHECK(loai_write_atomic(path, "hai\n", 4, NULL) == LOA_OK);
    CHECK(loa_file_read(path, &got, &len, NULL) == LOA_OK && len == 4 && memcmp(got, "hai\n", 4) == 0);
    free(got);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    snprintf(path, sizeof path, "%s/none/a.txt", dir);
    CHECK(loai_write_atomic(path, "x", 1, NULL) == LOA_ERR_IO);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    rmdir(dir);
}

static void passwords(void)
{
    char *h = NULL, hex[65];

    CHECK(loai_passwd_hash("mật khẩu đúng", &h, NULL) == LOA_OK);
    CHECK(h != NULL && strncmp(h, "$argon2id$v=19$m=19456,t=3,p=1$", 31) == 0);
    CHECK(loai_passwd_verify(h, "mật khẩu đúng") == 1);
    CHECK(loai_passwd_verify(h, "mật khẩu sai") == 0);
    CHECK(loai_passwd_verify("$2y$10$notargon", "x") == 0);
    CHECK(loai_passwd_verify(NULL, "x") == 0);
    free(h);
    CHECK(loai_random_hex(hex, 32) == LOA_OK && strlen(hex) == 64 &&
          strspn(hex, "0123456789abcdef") == 64);
}

int main(void)
{
    urlencoded();
    multipart();
    escaping();
    files();
    passwords();
    return test_done("test_serve");
}
