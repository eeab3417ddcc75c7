#ifndef LOA_PROFILE_H
#define LOA_PROFILE_H

/* A named audio profile: how a station's audio is produced and encoded.
 * Selected by name per station (district config) or on the command line. */
typedef struct loa_profile {
    const char *name;
    double target_lufs;  /* integrated loudness (EBU R128) of the whole program */
    double ceiling_dbtp; /* true-peak ceiling of the limiter */
    int rate;            /* program and MP3 sample rate, Hz */
    int bitrate_kbps;    /* MP3 CBR */
    double highpass_hz;  /* speech high-pass corner (4th-order Butterworth) */
    double presence_db;  /* speech presence lift (peaking EQ) ... */
    double presence_hz;  /* ... centred here */
    double lowpass_hz;   /* speech low-pass corner; 0 for none */
    double release_ms;   /* true-peak limiter recovery time */
} loa_profile;

/* The profile called NAME ("default", "broadcast", "horn", "lowband");
 * NULL means "default". Returns NULL for an unknown name. The result is a
 * static table entry: never freed. */
const loa_profile *loa_profile_find(const char *name);

/* The known profile names, comma-separated, for messages and --help. */
const char *loa_profile_names(void);

#endif
