#ifndef LOA_MSG_H
#define LOA_MSG_H

#include <stdarg.h>

#include "loa/error.h"

/* Every message libloa and the loa program show a person, in Vietnamese
 * and English, from one catalogue (src/msg_cat.c; loa check's findings in
 * src/check_msg.c). The library writes a message in the language its code
 * names it in (DIAG messages in English, the planner's reasons in
 * Vietnamese); loa_msg_translate finds the catalogue entry a message was
 * made from, and its variable parts, and says it in either language.
 * Messages nested in others (a render error inside "rendering item ...",
 * a system error inside "cannot read ...") are translated too. */

/* Marks a string literal as a catalogue message where the code passes it
 * on rather than formats it (tests/msg_cover.py finds these too). */
#define LOA_MSG(s) s

typedef enum loa_lang { LOA_LANG_VI = 0, LOA_LANG_EN = 1 } loa_lang;

/* The language a locale name asks for: English for "en" and "en_*";
 * Vietnamese for everything else, NULL, "", "C", "POSIX" and "C.UTF-8"
 * included (loa's users are Vietnamese whatever the machine's default). */
loa_lang loa_lang_from_locale(const char *locale);

/* Parse "vi" or "en" (also "vi_VN", "en_US.UTF-8"): LOA_ERR_INVALID
 * for anything else. */
loa_err loa_lang_parse(const char *s, loa_lang *out);

/* MSG, a message of loa's in either language, said in LANG: malloc'd,
 * NULL only when out of memory. Text the catalogue does not know is
 * returned as it is. */
char *loa_msg_translate(const char *msg, loa_lang lang);

/* Format FMT (a catalogue message as the code writes it, printf
 * conversions) with the arguments, said in LANG: malloc'd, NULL only when
 * out of memory. A FMT the catalogue lacks is formatted as it is. */
char *loa_msg_format(loa_lang lang, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *loa_msg_vformat(loa_lang lang, const char *fmt, va_list ap);

#endif
