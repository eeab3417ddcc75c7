/* The message catalogue's engine: a message said in either language.
 *
 * Entries (msg_cat.c, check_msg.c) hold each message in English and
 * Vietnamese. The library writes its messages with ordinary printf
 * formats, in one language, into a loa_diag or a plan; to say one in the
 * other language, loa_msg_translate matches the text against every
 * entry's templates (literal parts exactly, each conversion as the text it
 * can produce: digits for %d, one character for %c, anything for %s), keeps
 * the entry whose literal parts cover the most of the text, and renders
 * the other template with the parts it found, each part translated in
 * turn when it is itself a message (a system error inside "cannot read
 * %s: %s"). Formatting ahead of time (loa_msg_format) looks the format up
 * by its text and renders the asked language directly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/msg.h"
#include "buf_int.h"
#include "msg_int.h"

#define MAX_ARGS 16
/* A part of a message is translated when it matches an entry with at least
 * this many literal bytes: enough that a user's value (a title, a file
 * name) is never taken for a message. */
#define MIN_NESTED 10
#define MAX_DEPTH 4
/* Steps one template may take to match one text: a bound on backtracking
 * over a message of a few hundred bytes. */
#define MATCH_BUDGET 20000

loa_lang loa_lang_from_locale(const char *locale)
{
    if (locale != NULL && locale[0] == 'e' && locale[1] == 'n' &&
        (locale[2] == '\0' || locale[2] == '_' || locale[2] == '.' || locale[2] == '@'))
        return LOA_LANG_EN;
    return LOA_LANG_VI;
}

loa_err loa_lang_parse(const char *s, loa_lang *out)
{
    if (s == NULL)
        return LOA_ERR_INVALID;
    if (strncmp(s, "vi", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '.')) {
        *out = LOA_LANG_VI;
        return LOA_OK;
    }
    if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '.')) {
        *out = LOA_LANG_EN;
        return LOA_OK;
    }
    return LOA_ERR_INVALID;
}

/* ---- templates ------------------------------------------------------------ */

enum { T_END, T_LIT, T_ARG };

typedef struct tok {
    int kind;
    const char *s; /* T_LIT: the bytes; T_ARG: the conversion as written */
    size_t n;
    int arg;       /* T_ARG: 0-based argument index */
    char cls;      /* T_ARG: 'd' signed, 'u' unsigned, 'x' hex, 'f' real, 'c' char, 's' text */
    char conv;     /* T_ARG from printf: the conversion letter; 0 for {n} */
} tok;

/* The printf conversion at P ('%' excluded); its length, 0 if none. */
static size_t conv_len(const char *p, char *conv)
{
    const char *q = p;

    while (*q && strchr("-+ #0", *q))
        q++;
    if (*q == '*')
        q++;
    else
        while (*q >= '0' && *q <= '9')
            q++;
    if (*q == '.') {
        q++;
        if (*q == '*')
            q++;
        else
            while (*q >= '0' && *q <= '9')
                q++;
    }
    while (*q && strchr("hlzjtL", *q))
        q++;
    if (*q == '\0' || !strchr("diouxXcsfFeEgGp", *q))
        return 0;
    *conv = *q;
    return (size_t)(q + 1 - p);
}

static char class_of(char conv)
{
    switch (conv) {
    case 'd': case 'i': return 'd';
    case 'u': return 'u';
    case 'o': case 'x': case 'X': return 'x';
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': return 'f';
    case 'c': return 'c';
    default: return 's';
    }
}

/* The token at *P; *NEXT_CONV counts printf conversions. Literal runs stop
 * before any '%' or '{'. */
static void next_tok(const char **p, tok *t, int *next_conv)
{
    const char *s = *p;

    memset(t, 0, sizeof *t);
    if (*s == '\0') {
        t->kind = T_END;
        return;
    }
    if (s[0] == '%' && s[1] == '%') {
        t->kind = T_LIT;
        t->s = s + 1;
        t->n = 1;
        *p = s + 2;
        return;
    }
    if (s[0] == '%') {
        char conv = 0;
        size_t n = conv_len(s + 1, &conv);

        if (n > 0) {
            t->kind = T_ARG;
            t->s = s;
            t->n = n + 1;
            t->arg = (*next_conv)++;
            t->conv = conv;
            t->cls = class_of(conv);
            *p = s + n + 1;
            return;
        }
    }
    if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' &&
        (s[2] == '}' || (s[2] >= '0' && s[2] <= '9' && s[3] == '}'))) {
        t->kind = T_ARG;
        t->s = s;
        t->n = s[2] == '}' ? 3 : 4;
        t->arg = (s[2] == '}' ? s[1] - '0' : (s[1] - '0') * 10 + (s[2] - '0')) - 1;
        t->cls = 's';
        *p = s + t->n;
        return;
    }
    t->kind = T_LIT;
    t->s = s;
    for (s++; *s && *s != '%' && *s != '{'; s++)
        ;
    t->n = (size_t)(s - t->s);
    *p = s;
}

/* Bytes of TPL that are literal text; 1 when TPL has printf conversions. */
static size_t literal_bytes(const char *tpl, int *has_conv)
{
    const char *p = tpl;
    int nc = 0;
    size_t n = 0;
    tok t;

    *has_conv = 0;
    for (next_tok(&p, &t, &nc); t.kind != T_END; next_tok(&p, &t, &nc)) {
        if (t.kind == T_LIT)
            n += t.n;
        else if (t.conv)
            *has_conv = 1;
    }
    return n;
}

/* ---- matching a text against a template ------------------------------------ */

typedef struct mstate {
    const char *text;
    size_t len;
    const char *arg_s[MAX_ARGS];
    size_t arg_n[MAX_ARGS];
    unsigned long bound;
    long budget;
} mstate;

/* Can [S, S+N) be what a conversion of class CLS printed? */
static int fits(char cls, const char *s, size_t n)
{
    size_t i = 0;

    switch (cls) {
    case 's':
        return 1;
    case 'c': {
        unsigned char c0 = n ? (unsigned char)s[0] : 0;

        return n > 0 && n == (c0 < 0x80 ? 1u : c0 < 0xE0 ? 2u : c0 < 0xF0 ? 3u : 4u);
    }
    default:
        break;
    }
    if (n == 0)
        return 0;
    while (i < n && s[i] == ' ') /* a width pads with spaces */
        i++;
    if (i < n && (s[i] == '-' || s[i] == '+') && cls != 'u' && cls != 'x')
        i++;
    if (i == n)
        return 0;
    for (; i < n; i++) {
        char c = s[i];

        if (c >= '0' && c <= '9')
            continue;
        if (cls == 'x' && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            continue;
        if (cls == 'f' && strchr(".eE+-infaINFA", c))
            continue;
        return 0;
    }
    return 1;
}

static int match_at(const char *tpl, int nconv, size_t pos, mstate *m)
{
    const char *p = tpl;
    tok t, nt;
    size_t end;

    if (--m->budget < 0)
        return 0;
    next_tok(&p, &t, &nconv);
    if (t.kind == T_END)
        return pos == m->len;
    if (t.kind == T_LIT) {
        if (m->len - pos < t.n || memcmp(m->text + pos, t.s, t.n) != 0)
            return 0;
        return match_at(p, nconv, pos + t.n, m);
    }
    if (t.arg >= MAX_ARGS)
        return 0;
    if (m->bound & (1ul << t.arg)) { /* {1} said twice: the same text */
        size_t n = m->arg_n[t.arg];

        if (m->len - pos < n || memcmp(m->text + pos, m->arg_s[t.arg], n) != 0)
            return 0;
        return match_at(p, nconv, pos + n, m);
    }
    /* What follows narrows where this part can end. */
    {
        const char *q = p;
        int nc2 = nconv;

        next_tok(&q, &nt, &nc2);
    }
    for (end = pos; end <= m->len; end++) {
        if (nt.kind == T_END && end != m->len)
            continue;
        if (nt.kind == T_LIT &&
            (m->len - end < nt.n || memcmp(m->text + end, nt.s, nt.n) != 0))
            continue;
        if (!fits(t.cls, m->text + pos, end - pos))
            continue;
        m->arg_s[t.arg] = m->text + pos;
        m->arg_n[t.arg] = end - pos;
        m->bound |= 1ul << t.arg;
        if (match_at(p, nconv, end, m))
            return 1;
        m->bound &= ~(1ul << t.arg);
        if (m->budget < 0)
            return 0;
    }
    return 0;
}

static int match(const char *tpl, const char *text, size_t len, mstate *m)
{
    memset(m, 0, sizeof *m);
    m->text = text;
    m->len = len;
    m->budget = MATCH_BUDGET;
    return match_at(tpl, 0, 0, m);
}

/* ---- rendering ------------------------------------------------------------- */

static loa_err translate_into(loai_buf *out, const char *text, size_t len, loa_lang lang,
                              int depth);

/* TPL with the parts ARG_S/ARG_N put in (translated), into OUT. */
static loa_err render(loai_buf *out, const char *tpl, const char *const *arg_s,
                      const size_t *arg_n, int nargs, loa_lang lang, int depth)
{
    const char *p = tpl;
    int nc = 0;
    loa_err err = loai_buf_add(out, "", 0);
    tok t;

    for (next_tok(&p, &t, &nc); err == LOA_OK && t.kind != T_END; next_tok(&p, &t, &nc)) {
        if (t.kind == T_LIT)
            err = loai_buf_add(out, t.s, t.n);
        else if (t.arg < nargs && arg_s[t.arg] != NULL)
            err = translate_into(out, arg_s[t.arg], arg_n[t.arg], lang, depth + 1);
    }
    return err;
}

typedef struct best {
    const loai_msg *e;
    size_t lit;
    mstate m;
} best;

static void try_table(const loai_msg *tab, size_t n, const char *text, size_t len, int depth,
                      best *b)
{
    size_t i;
    int side, has_conv;

    for (i = 0; i < n; i++) {
        for (side = 0; side < 2; side++) {
            const char *tpl = side ? tab[i].vi : tab[i].en;
            size_t lit;
            mstate m;

            if (tpl == NULL)
                continue;
            lit = literal_bytes(tpl, &has_conv);
            if (lit == 0 || lit > len || (b->e != NULL && lit <= b->lit) ||
                (depth > 0 && lit < MIN_NESTED))
                continue;
            if (match(tpl, text, len, &m)) {
                b->e = &tab[i];
                b->lit = lit;
                b->m = m;
            }
        }
    }
}

static loa_err translate_into(loai_buf *out, const char *text, size_t len, loa_lang lang,
                              int depth)
{
    size_t n1, n2;
    const loai_msg *t1 = loai_msg_catalogue(&n1), *t2 = loai_check_catalogue(&n2);
    best b;

    memset(&b, 0, sizeof b);
    if (depth < MAX_DEPTH && len > 0) {
        try_table(t1, n1, text, len, depth, &b);
        try_table(t2, n2, text, len, depth, &b);
    }
    if (b.e == NULL)
        return loai_buf_add(out, text, len);
    return render(out, lang == LOA_LANG_EN ? b.e->en : b.e->vi, b.m.arg_s, b.m.arg_n, MAX_ARGS,
                  lang, depth);
}

char *loa_msg_translate(const char *msg, loa_lang lang)
{
    loai_buf b = {0};

    if (msg == NULL)
        msg = "";
    if (translate_into(&b, msg, strlen(msg), lang, 0) != LOA_OK ||
        loai_buf_add(&b, "", 0) != LOA_OK) {
        loai_buf_free(&b);
        return NULL;
    }
    return b.data;
}

char *loai_msg_render(const char *tpl, const char *const *args, int nargs, loa_lang lang)
{
    const char *s[MAX_ARGS] = {NULL};
    size_t n[MAX_ARGS] = {0};
    loai_buf b = {0};
    int i;

    for (i = 0; i < nargs && i < MAX_ARGS; i++)
        if (args[i] != NULL) {
            s[i] = args[i];
            n[i] = strlen(args[i]);
        }
    if (render(&b, tpl, s, n, MAX_ARGS, lang, 0) != LOA_OK) {
        loai_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- formatting ahead of time ---------------------------------------------- */

/* Format one conversion T (with its '*' arguments) from AP into OUT. */
static loa_err format_one(loai_buf *out, const tok *t, va_list *ap)
{
    char spec[64], buf[512];
    const char *q;
    size_t k = 0;
    int n;
    char len1 = 0, len2 = 0;

    for (q = t->s; q < t->s + t->n && k + 12 < sizeof spec; q++) {
        if (*q == '*')
            k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(*ap, int));
        else
            spec[k++] = *q;
    }
    spec[k] = '\0';
    /* the length modifier: the letters just before the conversion */
    if (t->n >= 3 && strchr("hlzjtL", t->s[t->n - 2])) {
        len2 = t->s[t->n - 2];
        if (t->n >= 4 && strchr("hl", t->s[t->n - 3]))
            len1 = t->s[t->n - 3];
    }
    switch (t->cls) {
    case 's':
        if (t->conv == 'p') {
            n = snprintf(buf, sizeof buf, spec, va_arg(*ap, void *));
        } else {
            const char *s = va_arg(*ap, const char *);

            if (strcmp(spec, "%s") == 0) /* no limit on the length */
                return loai_buf_puts(out, s ? s : "(null)");
            n = snprintf(buf, sizeof buf, spec, s ? s : "(null)");
        }
        break;
    case 'f':
        n = len2 == 'L' ? snprintf(buf, sizeof buf, spec, va_arg(*ap, long double))
                        : snprintf(buf, sizeof buf, spec, va_arg(*ap, double));
        break;
    case 'c':
        n = snprintf(buf, sizeof buf, spec, va_arg(*ap, int));
        break;
    default:
        if (len2 == 'z')
            n = snprintf(buf, sizeof buf, spec, va_arg(*ap, size_t));
        else if (len2 == 'j')
            n = snprintf(buf, sizeof buf, spec, va_arg(*ap, long long));
        else if (len2 == 't')
            n = snprintf(buf, sizeof buf, spec, va_arg(*ap, ptrdiff_t));
        else if (len2 == 'l' && len1 == 'l')
            n = t->cls == 'd' ? snprintf(buf, sizeof buf, spec, va_arg(*ap, long long))
                              : snprintf(buf, sizeof buf, spec, va_arg(*ap, unsigned long long));
        else if (len2 == 'l')
            n = t->cls == 'd' ? snprintf(buf, sizeof buf, spec, va_arg(*ap, long))
                              : snprintf(buf, sizeof buf, spec, va_arg(*ap, unsigned long));
        else
            n = t->cls == 'd' ? snprintf(buf, sizeof buf, spec, va_arg(*ap, int))
                              : snprintf(buf, sizeof buf, spec, va_arg(*ap, unsigned));
        break;
    }
    if (n < 0)
        return LOA_OK;
    return loai_buf_add(out, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const loai_msg *find_format(const char *fmt)
{
    size_t n, i;
    const loai_msg *t = loai_msg_catalogue(&n);

    for (i = 0; i < n; i++)
        if ((t[i].en && strcmp(t[i].en, fmt) == 0) || (t[i].vi && strcmp(t[i].vi, fmt) == 0))
            return &t[i];
    return NULL;
}

char *loa_msg_vformat(loa_lang lang, const char *fmt, va_list ap)
{
    const loai_msg *e = find_format(fmt);
    loai_buf parts[MAX_ARGS], b = {0};
    const char *s[MAX_ARGS] = {NULL};
    size_t n[MAX_ARGS] = {0};
    const char *p = fmt;
    va_list aq;
    int nc = 0, i;
    loa_err err = LOA_OK;
    tok t;

    memset(parts, 0, sizeof parts);
    va_copy(aq, ap);
    for (next_tok(&p, &t, &nc); t.kind != T_END && err == LOA_OK; next_tok(&p, &t, &nc)) {
        if (t.kind != T_ARG || !t.conv)
            continue;
        if (t.arg < MAX_ARGS) {
            err = loai_buf_add(&parts[t.arg], "", 0);
            if (err == LOA_OK)
                err = format_one(&parts[t.arg], &t, &aq);
        } else {
            loai_buf skip = {0};

            err = format_one(&skip, &t, &aq);
            loai_buf_free(&skip);
        }
    }
    va_end(aq);
    for (i = 0; i < MAX_ARGS; i++) {
        s[i] = parts[i].data;
        n[i] = parts[i].len;
    }
    if (err == LOA_OK) {
        /* The language asked for; a format the catalogue lacks as it is. */
        const char *tpl = e == NULL ? fmt : lang == LOA_LANG_EN ? e->en : e->vi;

        err = render(&b, tpl, s, n, MAX_ARGS, lang, 0);
    }
    for (i = 0; i < MAX_ARGS; i++)
        loai_buf_free(&parts[i]);
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return NULL;
    }
    return b.data;
}

char *loa_msg_format(loa_lang lang, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = loa_msg_vformat(lang, fmt, ap);
    va_end(ap);
    return s;
}
