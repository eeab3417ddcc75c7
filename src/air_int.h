/* Shared by the air_*.c and publish_air.c files only (not libloa's API). */
#ifndef LOA_AIR_INT_H
#define LOA_AIR_INT_H

#include <stddef.h>

#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"
#include "sha256_int.h"
#include "loa/air.h"

#define LOAI_AIR_UTC_OFFSET (7 * 3600) /* Asia/Ho_Chi_Minh: UTC+7 all year */
#define LOAI_AIR_PLAN_FORMAT "loa-air/1"
#define LOAI_AIR_WEEK_FORMAT "loa-air-week/1"
#define LOAI_AIR_URGENT_FORMAT "loa-urgent/1"
#define LOAI_AIR_MAX_FILE (8u << 20)  /* plan.tsv, urgent.tsv, SHA256SUMS */
#define LOAI_AIR_MAX_PROGS 100000
#define LOAI_AIR_VERSIONS ".weeks"    /* under the output directory */

/* A plain decimal ("-12.5", "1796310089"), whatever the locale; 1 if it is. */
int loai_air_parse_dec(const char *s, double *out);
/* 64 lowercase hex digits and nothing else. */
int loai_air_is_hex64(const char *s);
/* Split LINE at tabs into at most MAX fields (in place); MAX + 1 if more. */
size_t loai_air_fields(char *line, char **f, size_t max);
/* The whole text file PATH (no NUL bytes, at most LIMIT bytes), malloc'd. */
loa_err loai_air_read_text(const char *path, char **out, size_t limit, loa_diag *diag);

/* "2026-W48.3" → week "2026-W48" (WEEK holds 16) and version 3; 0 if not one. */
int loai_air_version_name(const char *name, char week[16], long *version);
/* Unix time the ISO week "2026-W48" ends (next Monday 00:00 local); 0 if not a week. */
double loai_air_week_end(const char *week);

#endif
