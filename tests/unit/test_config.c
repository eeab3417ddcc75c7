/* District config: every setting read, paths joined with the file's
 * directory, @include, numbers under a decimal-comma locale, and each error
 * reported once with the right file and line. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loa/config.h"
#include "loa/synth.h"
#include "test.h"

#define DIR "build/tests/cfg"

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    if (fp == NULL)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

/* A locale whose decimal point is a comma: vi_VN if installed, else built
 * with localedef into build/ (glibc reads LOCPATH), else C.UTF-8. */
static const char *vietnamese_locale(void)
{
    if (setlocale(LC_ALL, "vi_VN.UTF-8"))
        return "vi_VN.UTF-8";
    /* localedef may exit non-zero over warnings: just try the result. */
    if (system("test -d build/tests/locale/vi_VN.UTF-8 || localedef -i vi_VN -f UTF-8 "
               "build/tests/locale/vi_VN.UTF-8 >/dev/null 2>&1") != -1) {
        setenv("LOCPATH", "build/tests/locale", 1);
        if (setlocale(LC_ALL, "vi_VN.UTF-8"))
            return "vi_VN.UTF-8 (built)";
    }
    return setlocale(LC_ALL, "C.UTF-8") ? "C.UTF-8" : "C";
}

static const char main_cfg[] =
    "# huyện thử nghiệm\n"                                          /* 1 */
    "district = \"huyện Tân Lạc\";\n"                                /* 2 */
    "province = \"tỉnh Hòa Bình\";\n"                                /* 3 */
    "timezone = \"Asia/Ho_Chi_Minh\";\n"                             /* 4 */
    "defaults = { dialect = \"north\"; rate = 140; pitch = 45; profile = \"loud\";\n"
    "  quiet_hours = \"21:30-05:30\"; gap = 1.5; };\n"              /* 6 */
    "jingles = { intro = \"jingles/intro.wav\"; outro = \"jingles/outro.wav\";\n"
    "  chime = \"jingles/chime.wav\"; bed = \"/abs/bed.wav\"; };\n" /* 8 */
    "standing = \"scripts/thuong-truc.txt\";\n"
    "output = \"out\";\n"                                            /* 10 */
    "lexicons = [ \"lex/tan-lac.txt\" ];\n"
    "groups = ( { id = \"vung-cao\"; name = \"Vùng cao\"; stations = [\"b\"]; },\n"
    "           { id = \"vung-thap\"; } );\n"                        /* 13 */
    "stations = (\n"
    "@include \"st/a.cfg\"\n"                                         /* 15 */
    ",\n"
    "@include \"st/b.cfg\"\n"
    ");\n";

static const char st_a[] =
    "{ id = \"a\"; name = \"Đài truyền thanh xã A\"; commune = \"xã A\";\n"  /* 1 */
    "  groups = [\"vung-thap\"]; jingles = { intro = \"jingles/a-intro.wav\"; };\n"
    "  slots = (\n"
    "    { name = \"chieu\"; days = \"T2-T6,CN\"; start = \"17:00\"; length = \"15:00\"; },\n"
    "    { name = \"sang\"; days = [1, 3, 5]; start = \"6:00\"; length = \"10:00\"; },\n" /* 5 */
    "    { name = \"dem\"; start = \"21:25\"; length = \"10:00\"; }\n"  /* 6: in quiet hours */
    "  ); }\n";

static const char st_b[] =
    "{ id = \"b\"; name = \"Đài B\"; dialect = \"central\"; profile = \"horn\";\n"
    "  slots = ( { name = \"sang\"; days = \"t7-cn\"; start = \"06:30\"; length = \"15:00\"; } ); }\n";

static void test_good(void)
{
    loa_config c;
    loa_diag d;
    char *ef = NULL;
    const loa_config_station *a, *b;
    loa_err err;

    write_file(DIR "/district.cfg", main_cfg);
    write_file(DIR "/st/a.cfg", st_a);
    write_file(DIR "/st/b.cfg", st_b);
    err = loa_config_load(&c, DIR "/district.cfg", &ef, &d);
    CHECK(err == LOA_OK);
    if (err != LOA_OK) {
        fprintf(stderr, "  %s:%d: %s\n", ef ? ef : "?", d.line, d.msg);
        free(ef);
        return;
    }
    CHECK(ef == NULL);
    CHECK_STR(c.district, "huyện Tân Lạc");
    CHECK_STR(c.province, "tỉnh Hòa Bình");
    CHECK_STR(c.timezone, "Asia/Ho_Chi_Minh");
    CHECK_STR(c.dir, DIR);
    CHECK(c.dialect == LOA_DIALECT_NORTH && c.rate_wpm == 140 && c.pitch == 45);
    CHECK_STR(c.profile, "loud");
    CHECK(c.quiet_start_min == 21 * 60 + 30 && c.quiet_end_min == 5 * 60 + 30);
    CHECK(c.gap_s == 1.5); /* under a decimal-comma locale too */
    CHECK_STR(c.jingles.intro, DIR "/jingles/intro.wav");
    CHECK_STR(c.jingles.bed, "/abs/bed.wav");
    CHECK_STR(c.standing, DIR "/scripts/thuong-truc.txt");
    CHECK_STR(c.scripts_dir, DIR "/scripts");
    CHECK_STR(c.output_dir, DIR "/out");
    CHECK(c.n_lexicons == 1 && !strcmp(c.lexicons[0], DIR "/lex/tan-lac.txt"));
    CHECK(c.n_stations == 2 && c.n_groups == 2);
    a = loa_config_station_find(&c, "a");
    b = loa_config_station_find(&c, "b");
    CHECK(a && b && loa_config_station_find(&c, "z") == NULL);
    if (a && b) {
        CHECK_STR(a->name, "Đài truyền thanh xã A");
        CHECK_STR(a->commune, "xã A");
        CHECK(b->commune == NULL);
        CHECK(a->dialect == LOA_DIALECT_NORTH && b->dialect == LOA_DIALECT_CENTRAL);
        CHECK_STR(a->profile, "loud");
        CHECK_STR(b->profile, "horn");
        CHECK_STR(a->jingles.intro, DIR "/jingles/a-intro.wav"); /* override */
        CHECK_STR(a->jingles.outro, DIR "/jingles/outro.wav");   /* inherited */
        CHECK_STR(b->jingles.intro, DIR "/jingles/intro.wav");
        CHECK_STR(a->file, DIR "/st/a.cfg");
        CHECK(a->line == 1);
        /* sorted by start: sang 06:00, chieu 17:00, dem 21:25 */
        CHECK(a->n_slots == 3);
        if (a->n_slots == 3) {
            CHECK_STR(a->slots[0].name, "sang");
            CHECK(a->slots[0].start_min == 360 && a->slots[0].length_s == 600);
            CHECK(a->slots[0].weekdays == (1u | 4u | 16u));
            CHECK(a->slots[0].line == 5 && !a->slots[0].quiet);
            CHECK_STR(a->slots[1].name, "chieu");
            CHECK(a->slots[1].length_s == 900 && a->slots[1].weekdays == 0x5Fu);
            CHECK(a->slots[2].weekdays == 0x7Fu && a->slots[2].quiet);
        }
        CHECK(b->n_slots == 1 && b->slots[0].weekdays == 0x60u);
        CHECK(a->n_groups == 1 && !strcmp(a->groups[0], "vung-thap"));
        CHECK(b->n_groups == 1 && !strcmp(b->groups[0], "vung-cao"));
    }
    {
        const loa_config_group *g = loa_config_group_find(&c, "vung-cao");
        CHECK(g && g->n_stations == 1 && !strcmp(g->stations[0], "b"));
        CHECK_STR(g ? g->name : NULL, "Vùng cao");
        g = loa_config_group_find(&c, "vung-thap");
        CHECK(g && g->n_stations == 1 && !strcmp(g->stations[0], "a"));
    }
    /* the quiet-hours slot is noted, not an error */
    CHECK(c.n_notes == 1);
    if (c.n_notes == 1) {
        CHECK_STR(c.notes[0].file, DIR "/st/a.cfg");
        CHECK(c.notes[0].line == 6);
        CHECK(strstr(c.notes[0].msg, "quiet hours") != NULL);
    }
    loa_config_clear(&c);
    CHECK(c.stations == NULL && c.n_stations == 0);
}

/* A minimal valid file, with %s replaced by the case's lines. */
#define HEAD "district = \"D\";\nprovince = \"P\";\nstanding = \"s.txt\";\n"
#define SLOT "slots = ( { name = \"sang\"; start = \"06:00\"; length = \"10:00\"; } );"
static const struct bad {
    const char *text;
    const char *file; /* expected file ("" = main) */
    int line;
    const char *word;
} bad[] = {
    {HEAD "stations = ( { id == \"a\"; name = \"A\"; " SLOT " } );\n", "", 4, "syntax error"},
    {HEAD "timezone = \"Asia/Bangkok\";\nstations = ( { id = \"a\"; name = \"A\"; " SLOT
          " } );\n", "", 4, "Asia/Ho_Chi_Minh"},
    {HEAD "stations = (\n { id = \"a\"; name = \"A\"; " SLOT " },\n { id = \"a\"; name = \"B\"; "
          SLOT " } );\n", "", 6, "duplicate station id 'a'"},
    {HEAD "groups = ( { id = \"g\";\n stations = [\"a\",\n \"zz\"]; } );\nstations = ( { id = "
          "\"a\"; name = \"A\"; " SLOT " } );\n", "", 6, "unknown station 'zz'"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\";\n groups = [\"nope\"]; " SLOT " } );\n", "",
     5, "unknown group 'nope'"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"sang\"; start = \"06:00\"; length = \"15:00\"; },\n"
          " { name = \"sang2\"; days = \"T2\"; start = \"06:10\"; length = \"1:00\"; } ); } );\n",
     "", 6, "overlaps slot 'sang'"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"sang\";\n start = \"6h00\"; length = \"1:00\"; } ); } );\n", "", 6,
     "bad start time \"6h00\""},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"sang\"; start = \"24:00\"; length = \"1:00\"; } ); } );\n", "", 5, "HH:MM"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"sang\"; days = \"T2-T8\"; start = \"06:00\"; length = \"1:00\"; } ); } );\n", "",
     5, "bad days"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"sang\"; start = \"06:00\";\n length = \"15 phút\"; } ); } );\n", "", 6,
     "bad slot length"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"dem\"; start = \"23:50\"; length = \"15:00\"; } ); } );\n", "", 5,
     "past midnight"},
    {HEAD "stations = ( {\n id = \"Mãn Đức\"; name = \"A\"; " SLOT " } );\n", "", 5,
     "station id \"Mãn Đức\""},
    {HEAD "statons = ( );\n", "", 4, "unknown setting 'statons'"},
    {HEAD "defaults = {\n dialect = \"hue\"; };\nstations = ( { id = \"a\"; name = \"A\"; " SLOT
          " } );\n", "", 5, "unknown dialect"},
    {HEAD "defaults = { quiet_hours = \"22h-5h\"; };\n", "", 4, "bad quiet hours"},
    {HEAD "defaults = { gap = \"1,5\"; };\n", "", 4, "decimal point"},
    {HEAD "stations = (\n@include \"st/none.cfg\"\n);\n", "", 5, "include"},
    {HEAD "stations = (\n@include \"st/bad.cfg\"\n);\n", "st/bad.cfg", 3, "bad start time"},
    {HEAD "stations = (\n@include \"st/syn.cfg\"\n);\n", "st/syn.cfg", 2, "syntax error"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"s\"; start = \"06:00\"; length = \"-5:00\"; } ); } );\n", "", 5,
     "bad slot length"},
    {HEAD "defaults = {\n profile = 5; };\n", "", 5, "double quotes"},
    /* A bare number is minutes or seconds: refused at its line, with both forms. */
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"s\"; start = \"06:00\";\n length = 15; } ); } );\n", "", 6,
     "length = \"15:00\" for 15 minutes, or length = \"0:15\" for 15 seconds"},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"s\";\n start = 630; length = \"15:00\"; } ); } );\n", "", 6,
     "start = \"06:30\""},
    {HEAD "stations = ( { id = \"a\"; name = \"A\"; slots = (\n"
          " { name = \"s\";\n start = 6.30; length = \"15:00\"; } ); } );\n", "", 6,
     "start = \"06:30\""},
    {"district = \"D\";\nprovince = \"P\";\nstations = ( { id = \"a\"; name = \"A\"; " SLOT
     " } );\n", "", 0, "missing setting 'standing'"},
};

static void test_errors(void)
{
    size_t i;

    write_file(DIR "/st/bad.cfg", "{ id = \"x\"; name = \"X\";\n  slots = (\n"
                                  "    { name = \"s\"; start = \"25:00\"; length = \"1:00\"; } ); }\n");
    write_file(DIR "/st/syn.cfg", "{ id = \"x\";\n  name == \"X\"; }\n");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[64], want[96];
        char *ef = NULL;
        loa_config c;
        loa_diag d;
        loa_err err;

        snprintf(path, sizeof path, DIR "/bad%zu.cfg", i);
        write_file(path, bad[i].text);
        memset(&d, 0, sizeof d);
        err = loa_config_load(&c, path, &ef, &d);
        CHECK(err == LOA_ERR_CONFIG);
        CHECK(c.n_stations == 0 && c.district == NULL); /* left empty */
        if (bad[i].file[0])
            snprintf(want, sizeof want, DIR "/%s", bad[i].file);
        else
            snprintf(want, sizeof want, "%s", path);
        if (d.line != bad[i].line || !strstr(d.msg, bad[i].word) || !strstr(d.msg, " — ") ||
            (bad[i].line && (ef == NULL || strcmp(ef, want) != 0))) {
            fprintf(stderr, "case %zu: got %s:%d: %s\n  want %s:%d: ...%s...\n", i,
                    ef ? ef : "(null)", d.line, d.msg, want, bad[i].line, bad[i].word);
            CHECK(0);
        }
        free(ef);
    }
}

static void test_misc(void)
{
    loa_config c;
    loa_diag d;
    char *ef = (char *)"x";
    int m = -1;

    CHECK(loa_config_load(&c, DIR "/no-such.cfg", &ef, &d) == LOA_ERR_IO);
    CHECK(ef == NULL && strstr(d.msg, "no-such.cfg") != NULL);
    CHECK(loa_config_clock_parse("06:00", &m) == LOA_OK && m == 360);
    CHECK(loa_config_clock_parse("23:59", &m) == LOA_OK && m == 1439);
    CHECK(loa_config_clock_parse("7:05", &m) == LOA_OK && m == 425);
    CHECK(loa_config_clock_parse("24:00", &m) == LOA_ERR_INVALID);
    CHECK(loa_config_clock_parse("06:60", &m) == LOA_ERR_INVALID);
    CHECK(loa_config_clock_parse("0600", &m) == LOA_ERR_INVALID);
    CHECK(loa_config_clock_parse("06:00 ", &m) == LOA_ERR_INVALID);
    loa_config_init(&c);
    c.quiet_start_min = 21 * 60 + 30;
    c.quiet_end_min = 5 * 60 + 30;
    CHECK(loa_config_in_quiet(&c, 22 * 60, 60));
    CHECK(loa_config_in_quiet(&c, 5 * 60, 900));        /* 05:00-05:15 */
    CHECK(!loa_config_in_quiet(&c, 5 * 60 + 30, 900));  /* starts as quiet ends */
    CHECK(loa_config_in_quiet(&c, 21 * 60 + 20, 900));  /* runs into it */
    CHECK(!loa_config_in_quiet(&c, 21 * 60 + 15, 900)); /* ends exactly at 21:30 */
    c.quiet_start_min = c.quiet_end_min = -1;
    CHECK(!loa_config_in_quiet(&c, 23 * 60, 60));
}

int main(void)
{
    const char *loc;

    mkdir("build/tests/cfg", 0777);
    mkdir("build/tests/cfg/st", 0777);
    mkdir("build/tests/locale", 0777);
    loc = vietnamese_locale();
    fprintf(stderr, "locale: %s, decimal point '%s'\n", loc, localeconv()->decimal_point);
    test_good();
    test_errors();
    test_misc();
    return test_done("test_config");
}
