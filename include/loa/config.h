#ifndef LOA_CONFIG_H
#define LOA_CONFIG_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/synth.h"

/* The district configuration, read from a libconfig file (see
 * examples/district.cfg for every setting). All strings are UTF-8 copies
 * owned by the struct; paths in the file are relative to the directory of
 * the main config file (also for @include) and are stored already joined
 * with that directory (absolute paths are kept as written).
 *
 * Weekdays of a slot: either a list of numbers, 1 = Monday (thứ hai) ..
 * 7 = Sunday (chủ nhật), e.g. [1, 3, 5], or a string of Vietnamese day
 * names T2 T3 T4 T5 T6 T7 CN, comma-separated, with ranges: "T2-CN",
 * "T2,T4,T6", "T2-T6,CN" (case-insensitive). */

/* Jingle files; NULL when not configured. */
typedef struct loa_config_jingles {
    char *intro;  /* station identification before the first item */
    char *outro;  /* after the last item */
    char *chime;  /* before urgent (khẩn cấp) items */
    char *bed;    /* optional music bed under speech */
} loa_config_jingles;

/* How a station goes on air (loa air): its outputs, and what plays between
 * programs. District defaults in `air = { ... }`, each station may override. */
#define LOA_AIR_OUT_ALSA 1u
#define LOA_AIR_OUT_ICECAST 2u

typedef struct loa_config_air {
    unsigned outputs;    /* LOA_AIR_OUT_* bits; default ALSA */
    char *alsa_device;   /* default "default" */
    char *icecast_host;  /* default "127.0.0.1" */
    int icecast_port;    /* default 8000 */
    char *icecast_mount; /* default "/<station id>.mp3" (stations only) */
    char *fallback;      /* relay URL (http:// or https://) between programs; NULL: silence */
} loa_config_air;

/* A recurring broadcast slot of one station. */
typedef struct loa_config_slot {
    char *name;        /* e.g. "sang" */
    unsigned weekdays; /* bit (d - 1) set when it airs on weekday d, 1 = Monday */
    int start_min;     /* minutes after local midnight */
    int length_s;      /* seconds; start + length stays within the day */
    int quiet;         /* 1 when it overlaps the quiet hours (only urgent items air) */
    int line;          /* where it is defined (in the station's file) */
} loa_config_slot;

typedef struct loa_config_station {
    char *id;                   /* [a-z0-9_-]+, unique; the output directory name */
    char *name;                 /* e.g. "Đài truyền thanh xã Mãn Đức" */
    char *commune;              /* e.g. "xã Mãn Đức"; NULL when not given */
    loa_dialect dialect;        /* the station's reading (default from defaults) */
    char *profile;              /* audio profile name (default from defaults) */
    loa_config_jingles jingles; /* the district's jingles with this station's overrides */
    char **groups;              /* ids of the groups it belongs to (both ways of saying it) */
    size_t n_groups;
    loa_config_slot *slots;     /* sorted by start time */
    size_t n_slots;
    loa_config_air air;         /* outputs and fallback, district defaults filled in */
    char *file;                 /* the file it is defined in (main file or an @include) */
    int line;
} loa_config_station;

typedef struct loa_config_group {
    char *id;          /* [a-z0-9_-]+, distinct from every station id */
    char *name;        /* optional display name; NULL when not given */
    char **stations;   /* member station ids, in station order */
    size_t n_stations;
} loa_config_group;

/* Something worth telling the operator that is not an error. */
typedef struct loa_config_note {
    char *file;
    int line;
    char *msg;
} loa_config_note;

typedef struct loa_config {
    char *path;        /* the main file as given */
    char *dir;         /* its directory ("." when none) */
    char *district;    /* e.g. "huyện Tân Lạc" */
    char *province;    /* e.g. "tỉnh Hòa Bình" */
    char *timezone;    /* always "Asia/Ho_Chi_Minh" */
    /* defaults */
    loa_dialect dialect;
    int rate_wpm;      /* default 150 */
    int pitch;         /* 0..99, default 50 */
    char *profile;     /* audio profile name, default "broadcast" */
    int quiet_start_min, quiet_end_min; /* -1 when no quiet hours; may wrap midnight */
    double gap_s;      /* silence between items, default 1.0 */
    int reminder_s;    /* the calendar's reminder before each slot (defaults.reminder
                        * "MM:SS", default 10 minutes); -1 when "off" */
    loa_config_jingles jingles;
    loa_config_air air;  /* the district's defaults for every station's playout */
    char *standing;    /* the standing bulletin script (fills empty slots) */
    char *scripts_dir; /* where this week's scripts are, default "<dir>/scripts" */
    char *output_dir;  /* where the publish goes, default "<dir>/out" */
    char **lexicons;   /* extra lexicon files */
    size_t n_lexicons;
    loa_config_group *groups;
    size_t n_groups;
    loa_config_station *stations;
    size_t n_stations;
    loa_config_note *notes; /* e.g. a slot inside the quiet hours */
    size_t n_notes;
} loa_config;

/* Make CFG empty (safe to clear). */
void loa_config_init(loa_config *cfg);

/* Free everything CFG owns and leave it empty; NULL-safe. */
void loa_config_clear(loa_config *cfg);

/* Read the district file PATH into CFG (which this call initialises). Numbers
 * read the same under any locale. On failure CFG is left empty, DIAG gets the
 * line (col 1) and "what is wrong — how to fix", and *ERR_FILE (when ERR_FILE
 * is not NULL) a malloc'd name of the file holding that line (PATH or an
 * @include'd file), or NULL when the failure has no position. Returns
 * LOA_ERR_CONFIG for a wrong file, LOA_ERR_IO when it cannot be read. */
loa_err loa_config_load(loa_config *cfg, const char *path, char **err_file, loa_diag *diag);

/* The station or group with ID, or NULL. Borrowed. */
const loa_config_station *loa_config_station_find(const loa_config *cfg, const char *id);
const loa_config_group *loa_config_group_find(const loa_config *cfg, const char *id);

/* Parse "06:00" (H:MM or HH:MM, 00:00..23:59) into minutes after midnight. */
loa_err loa_config_clock_parse(const char *s, int *minutes);

/* 1 when the minutes [START, START + LEN) overlap the quiet hours of CFG. */
int loa_config_in_quiet(const loa_config *cfg, int start_min, int len_s);

#endif
