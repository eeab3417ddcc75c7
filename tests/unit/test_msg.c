/* The message catalogue: every message made in both languages, each free of
 * the other language's words; messages said in one language translated into
 * the other (nested ones too), checked against texts written here by hand;
 * the language a locale asks for. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/msg.h"
#include "loa/spell.h"
#include "msg_int.h"
#include "test.h"

/* Words both languages' messages may use outside quotes: names of
 * programs, formats and units, and the Vietnamese syllables that are also
 * English words. */
static const char *const shared[] = {
    "loa", "espeak", "hunspell", "libsndfile", "libsoxr", "poll", "unicode", "word", "mac",
    "liquidsoap", "icecast", "alsa", "pid", "fork", "pipe", "socketpair", "sha256",
    "hz", "kbps", "db", "dbtp", "lu", "lufs", "ms", "s", "dd", "mm", "yyyy", "hh", "info",
    "byte", "bit", "apt", "get", "vi", "en", "a", "z", "utc", "id", "e", "g",
    /* Vietnamese syllables that are English words too ("độ to", "so với") */
    "to", "so", "do", "in", "no", "an", "me", "ban", "tin", "the", NULL};

static int in_list(const char *const *list, const char *w)
{
    size_t i;

    for (i = 0; list[i]; i++)
        if (strcmp(list[i], w) == 0)
            return 1;
    return 0;
}

/* A set of words. */
typedef struct words {
    char **v;
    size_t n;
} words;

static int words_has(const words *ws, const char *w)
{
    size_t i;

    for (i = 0; i < ws->n; i++)
        if (strcmp(ws->v[i], w) == 0)
            return 1;
    return 0;
}

static void words_add(words *ws, const char *w)
{
    char **v;

    if (words_has(ws, w) || (v = realloc(ws->v, (ws->n + 1) * sizeof *v)) == NULL)
        return;
    ws->v = v;
    ws->v[ws->n++] = strdup(w);
}

static void words_free(words *ws)
{
    size_t i;

    for (i = 0; i < ws->n; i++)
        free(ws->v[i]);
    free(ws->v);
}

static int is_letter(unsigned char c)
{
    return isalpha(c) || c >= 0x80;
}

/* MSG without what it quotes: '...' and "..." (the names of keys, values,
 * examples in the other language), {...} and [...] (script marks). */
static void unquote(const char *msg, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = msg;

    while (*p && n + 1 < cap) {
        char c = *p, close = c == '"' ? '"' : c == '{' ? '}' : c == '[' ? ']' : 0;

        /* an apostrophe inside a word ("station's") quotes nothing */
        if (c == '\'' && (p == msg || !is_letter((unsigned char)p[-1])))
            close = '\'';
        if (close) {
            const char *q = strchr(p + 1, close);

            if (close == '\'')
                while (q && is_letter((unsigned char)q[1]))
                    q = strchr(q + 1, '\'');
            if (q) {
                out[n++] = ' ';
                p = q + 1;
                continue;
            }
        }
        out[n++] = c;
        p++;
    }
    out[n] = '\0';
}

/* Call FN on every word of MSG outside quotes, lower-cased; words holding a
 * digit or one of ./_=$@<>*+- are names of files, options or numbers, and
 * words of two or more capitals acronyms: both are skipped. */
static void each_word(const char *msg, void (*fn)(void *, const char *, int), void *ctx)
{
    char buf[2048], *tok[256], *p, *save = NULL;
    size_t n = 0, i;

    unquote(msg, buf, sizeof buf);
    for (p = strtok_r(buf, " \t\n", &save); p && n < 256; p = strtok_r(NULL, " \t\n", &save))
        tok[n++] = p;
    for (i = 0; i < n; i++) {
        char *e, *q;
        int upper = 0, letters = 0, ascii = 1;

        p = tok[i];
        /* a config setting in an example ("days = [1, 3, 5]") is code */
        if (i + 1 < n && strcmp(tok[i + 1], "=") == 0)
            continue;
        e = p + strlen(p);
        while (*p && strchr("(),;:?!'\"|", *p))
            p++;
        while (e > p && strchr("(),;:?!.'\"|", e[-1]))
            e--;
        /* the dashes are UTF-8: strip a trailing "—" or "–" */
        while (e - p >= 3 && (unsigned char)e[-3] == 0xE2 && (unsigned char)e[-2] == 0x80)
            e -= 3;
        *e = '\0';
        if (*p == '\0' || strpbrk(p, "0123456789./_=$@<>*+-%&#~|(\\"))
            continue;
        for (q = p; *q; q++) {
            if ((unsigned char)*q >= 0x80)
                ascii = 0;
            else if (isalpha((unsigned char)*q)) {
                letters++;
                upper += isupper((unsigned char)*q) != 0;
            }
        }
        if (letters == 0 && ascii)
            continue;
        if (ascii && letters >= 2 && upper == letters)
            continue;
        for (q = p; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        fn(ctx, p, ascii);
    }
}

static void collect(void *ctx, const char *w, int ascii)
{
    if (ascii)
        words_add(ctx, w);
}

struct judge {
    const words *other;    /* the other language's vocabulary */
    loa_spell *spell;      /* Vietnamese syllables (NULL: not checked) */
    int vietnamese;        /* judging a Vietnamese message */
    const char *msg;
    int bad;
};

static void judge_word(void *ctx, const char *w, int ascii)
{
    struct judge *j = ctx;

    if (in_list(shared, w))
        return;
    if (!j->vietnamese && !ascii) {
        fprintf(stderr, "  English message has the Vietnamese word \"%s\": %s\n", w, j->msg);
        j->bad++;
        return;
    }
    if (ascii && words_has(j->other, w)) {
        fprintf(stderr, "  %s message has the %s word \"%s\": %s\n",
                j->vietnamese ? "Vietnamese" : "English", j->vietnamese ? "English" : "Vietnamese",
                w, j->msg);
        j->bad++;
        return;
    }
    if (j->vietnamese && ascii && j->spell != NULL && !loa_spell_ok(j->spell, w, strlen(w))) {
        fprintf(stderr, "  Vietnamese message has the word \"%s\", which is not Vietnamese: %s\n",
                w, j->msg);
        j->bad++;
    }
}

/* Every entry of both tables, rendered in both languages with neutral
 * arguments (numbers are no words). */
static char *render(const loai_msg *e, loa_lang lang)
{
    static const char *const args[16] = {"7", "7", "7", "7", "7", "7", "7", "7",
                                         "7", "7", "7", "7", "7", "7", "7", "7"};

    return loai_msg_render(lang == LOA_LANG_EN ? e->en : e->vi, args, 16, lang);
}

static int has_conv(const char *s)
{
    for (; *s; s++)
        if (s[0] == '%' && s[1] != '%' && s[1] != '\0')
            return 1;
        else if (s[0] == '%')
            s++;
    return 0;
}

static void test_purity(void)
{
    size_t n1, n2, t, i;
    const loai_msg *tabs[2];
    size_t ns[2];
    words vi = {NULL, 0}, en = {NULL, 0};
    loa_spell *spell = NULL;
    loa_diag d;
    int pass, bad = 0, lang;

    tabs[0] = loai_msg_catalogue(&n1);
    tabs[1] = loai_check_catalogue(&n2);
    ns[0] = n1;
    ns[1] = n2;
    CHECK(n1 > 250 && n2 > 40);
    if (loa_spell_open(&spell, NULL, &d) != LOA_OK) {
        fprintf(stderr, "  no hunspell-vi (%s): Vietnamese words are not spelled\n", d.msg);
        spell = NULL;
    }
    /* each language's vocabulary, then each message against the other's */
    for (pass = 0; pass < 2; pass++)
        for (t = 0; t < 2; t++)
            for (i = 0; i < ns[t]; i++)
                for (lang = 0; lang < 2; lang++) {
                    char *m = render(&tabs[t][i], (loa_lang)lang);
                    struct judge j = {lang == LOA_LANG_VI ? &en : &vi, spell,
                                      lang == LOA_LANG_VI, m, 0};

                    CHECK(m != NULL);
                    if (m == NULL)
                        continue;
                    if (pass == 0)
                        each_word(m, collect, lang == LOA_LANG_VI ? &vi : &en);
                    else
                        each_word(m, judge_word, &j);
                    bad += j.bad;
                    free(m);
                }
    CHECK(bad == 0);
    CHECK(words_has(&en, "unknown") && words_has(&vi, "cho")); /* the sets are not empty */
    words_free(&vi);
    words_free(&en);
    loa_spell_free(spell);
    /* A message mixing the two is caught (the check can fail). */
    {
        words v2 = {NULL, 0};
        struct judge j = {NULL, NULL, 1, "kịch bản sai cú pháp: unknown priority", 0};

        words_add(&v2, "unknown");
        j.other = &v2;
        each_word(j.msg, judge_word, &j);
        CHECK(j.bad == 1);
        words_free(&v2);
    }
}

/* Every entry: one side the code's printf format at most, the other's
 * placeholders within its conversions, " — " (what, then how to fix) in
 * both or neither. */
static void test_shape(void)
{
    size_t n, i;
    const loai_msg *tab = loai_msg_catalogue(&n);

    for (i = 0; i < n; i++) {
        const loai_msg *e = &tab[i];
        int ce = has_conv(e->en), cv = has_conv(e->vi);

        CHECK(!(ce && cv));
        if ((strstr(e->en, " — ") != NULL) != (strstr(e->vi, " — ") != NULL)) {
            fprintf(stderr, "  \" — \" in one language only: %s\n", e->en);
            CHECK(0);
        }
        for (size_t k = i + 1; k < n; k++)
            if (strcmp(tab[k].en, e->en) == 0 || strcmp(tab[k].vi, e->vi) == 0) {
                fprintf(stderr, "  twice in the catalogue: %s / %s\n", e->en, e->vi);
                CHECK(0);
            }
    }
}

static void check_tr(const char *msg, loa_lang lang, const char *want)
{
    char *got = loa_msg_translate(msg, lang);

    CHECK_STR(got, want);
    free(got);
}

static void test_translate(void)
{
    char *s;

    /* a system error inside a message, both ways */
    check_tr("cannot read a.txt: No such file or directory", LOA_LANG_VI,
             "không đọc được a.txt: không có tệp hay thư mục này");
    check_tr("không đọc được a.txt: không có tệp hay thư mục này", LOA_LANG_EN,
             "cannot read a.txt: No such file or directory");
    /* three levels: the build's blame around the engine's message */
    check_tr("rendering the intro jingle j/intro.wav: j/intro.wav: not audio libsndfile can "
             "decode (corrupt, or an unsupported format) — export it as WAV, FLAC, OGG or MP3",
             LOA_LANG_VI,
             "dựng nhạc hiệu mở đầu j/intro.wav: j/intro.wav: không giải mã được âm thanh này "
             "(tệp hỏng hoặc định dạng không hỗ trợ) — xuất lại tệp dưới dạng WAV, FLAC, OGG "
             "hoặc MP3");
    /* the planner writes Vietnamese: said in English */
    check_tr("không đủ thời lượng: các khung phát trong thời gian hiệu lực (23/11/2026–27/11/2026) "
             "đã đầy", LOA_LANG_EN,
             "not enough time: the slots inside the validity (23/11/2026–27/11/2026) are full");
    /* a user's value is never taken for a message */
    check_tr("Ưu tiên", LOA_LANG_EN, "Ưu tiên");
    check_tr("error", LOA_LANG_VI, "lỗi");
    /* text the catalogue does not know stays as it is */
    check_tr("espeak-ng: rate: E123", LOA_LANG_VI, "espeak-ng: rate: E123");
    /* ahead of time, with printf conversions */
    s = loa_msg_format(LOA_LANG_VI, "rate '%s' must be 80..450 words per minute", "900");
    CHECK_STR(s, "tốc độ đọc '900' phải từ 80 đến 450 từ mỗi phút");
    free(s);
    s = loa_msg_format(LOA_LANG_EN, "rate '%s' must be 80..450 words per minute", "900");
    CHECK_STR(s, "rate '900' must be 80..450 words per minute");
    free(s);
    s = loa_msg_format(LOA_LANG_VI, "%d scripts checked: %d errors, %d warnings\n", 12, 3, 0);
    CHECK_STR(s, "đã kiểm tra 12 kịch bản: 3 lỗi, 0 cảnh báo\n");
    free(s);
    s = loa_msg_format(LOA_LANG_VI, "slot %s %s on %02d/%02d has nothing to air — give the "
                                    "district a standing bulletin or an intro jingle",
                       "xa-a", "sang", 3, 12);
    CHECK_STR(s, "khung phát sang của đài xa-a ngày 03/12 không có gì để phát — thêm bản tin "
                 "thường trực hoặc nhạc hiệu mở đầu cho cả khu vực");
    free(s);
    /* more than nine parts */
    s = loa_msg_format(LOA_LANG_VI, "published %s — %zu stations, %zu slots, %zu bulletins (%zu "
                                    "airings), %zu deferred (%zu urgent), %zu slots with only the "
                                    "standing bulletin, %zu scripts left out; rendered %zu/%zu "
                                    "pieces (%zu cached)\n",
                       "out/2026-W48", (size_t)5, (size_t)70, (size_t)8, (size_t)106, (size_t)0,
                       (size_t)0, (size_t)10, (size_t)1, (size_t)37, (size_t)37, (size_t)0);
    CHECK_STR(s, "đã phát hành out/2026-W48 — 5 đài, 70 khung phát, 8 bản tin (106 lượt phát), "
                 "0 hoãn (0 khẩn cấp), 10 khung chỉ có bản tin thường trực, 1 kịch bản bị bỏ "
                 "ra; dựng 37/37 phần (0 có sẵn)\n");
    free(s);
    /* a format the catalogue lacks is still formatted */
    s = loa_msg_format(LOA_LANG_VI, "x%dy", 5);
    CHECK_STR(s, "x5y");
    free(s);
}

/* Every loa_strerror text is catalogued: said in Vietnamese it changes, and
 * back in English it is the same text again (a new error code without its
 * entry fails here). Down to one past the last code: "unknown error". */
static void test_strerror(void)
{
    int e;

    for (e = LOA_OK; e >= LOA_ERR_LOCKED - 1; e--) {
        const char *en = loa_strerror((loa_err)e);
        char *vi = loa_msg_translate(en, LOA_LANG_VI);
        char *back = vi ? loa_msg_translate(vi, LOA_LANG_EN) : NULL;

        CHECK(vi != NULL && strcmp(vi, en) != 0);
        if (vi != NULL && strcmp(vi, en) == 0)
            fprintf(stderr, "  loa_strerror(%d) \"%s\" is not in the catalogue\n", e, en);
        CHECK_STR(back, en);
        free(vi);
        free(back);
    }
}

static void test_locale(void)
{
    loa_lang l = LOA_LANG_EN;

    CHECK(loa_lang_from_locale(NULL) == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("") == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("C") == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("C.UTF-8") == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("POSIX") == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("vi_VN.UTF-8") == LOA_LANG_VI);
    CHECK(loa_lang_from_locale("en_US.UTF-8") == LOA_LANG_EN);
    CHECK(loa_lang_from_locale("en") == LOA_LANG_EN);
    CHECK(loa_lang_from_locale("eo") == LOA_LANG_VI);
    CHECK(loa_lang_parse("vi", &l) == LOA_OK && l == LOA_LANG_VI);
    CHECK(loa_lang_parse("en", &l) == LOA_OK && l == LOA_LANG_EN);
    CHECK(loa_lang_parse("fr", &l) == LOA_ERR_INVALID);
}

int main(void)
{
    test_purity();
    test_shape();
    test_translate();
    test_strerror();
    test_locale();
    return test_done("test_msg");
}
