/* Spelling with libhunspell + hunspell-vi: both tone placements accepted,
 * a typo of a common word gets the right suggestion. */
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/spell.h"
#include "test.h"
#include "vn_int.h"

static int ok(loa_spell *sp, const char *w)
{
    return loa_spell_ok(sp, w, strlen(w));
}

int main(void)
{
    loa_spell *sp = NULL;
    loa_diag d;
    char *s = NULL, *alt = NULL;
    size_t n;

    if (loa_spell_open(&sp, NULL, &d) != LOA_OK) {
        fprintf(stderr, "skip: %s\n", d.msg);
        return TEST_SKIP;
    }
    CHECK(ok(sp, "người") && ok(sp, "dịch") && ok(sp, "Kính"));
    /* The dictionary has "hoà" and "thuỷ"; the new placement is right too. */
    CHECK(ok(sp, "hoà") && ok(sp, "hòa") && ok(sp, "thuỷ") && ok(sp, "thủy"));
    CHECK(!ok(sp, "kíck") && !ok(sp, "trựcc") && !ok(sp, "ngừoi"));
    CHECK(loa_spell_suggest(sp, "kíck", strlen("kíck"), 5, &s) == LOA_OK);
    CHECK_STR(s, "kích");
    free(s);
    CHECK(loa_spell_suggest(sp, "trựcc", strlen("trựcc"), 1, &s) == LOA_OK);
    CHECK_STR(s, "trực");
    free(s);
    /* Tone placement helpers. */
    CHECK(loai_vn_tone_style("hoà", strlen("hoà")) == 1);
    CHECK(loai_vn_tone_style("Hòa", strlen("Hòa")) == 2);
    CHECK(loai_vn_tone_style("quý", strlen("quý")) == 0);
    CHECK(loai_vn_tone_style("hoạt", strlen("hoạt")) == 0);
    CHECK(loai_vn_retone("thủy", strlen("thủy"), &alt, &n) == LOA_OK);
    CHECK_STR(alt, "thuỷ");
    free(alt);
    /* A missing dictionary is an I/O error that says what to install. */
    {
        loa_spell *none = NULL;

        CHECK(loa_spell_open(&none, "/nonexistent", &d) == LOA_ERR_IO && none == NULL);
        CHECK(strstr(d.msg, "hunspell-vi") != NULL);
    }
    loa_spell_free(sp);
    return test_done("test_spell");
}
