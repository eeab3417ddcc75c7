#ifndef LOA_LOA_H
#define LOA_LOA_H

/* libloa: Vietnamese bulletins to broadcast-ready audio for commune stations. */
#include "loa/version.h"
#include "loa/error.h"
#include "loa/audio.h"
#include "loa/wavout.h"
#include "loa/mp3.h"
#include "loa/dialect.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "loa/speak.h"
#include "loa/file.h"
#include "loa/date.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "loa/profile.h"
#include "loa/program.h"
#include "loa/config.h"
#include "loa/script.h"
#include "loa/sched.h"
#include "loa/estimate.h"
#include "loa/build.h"
#include "loa/air.h"

#endif
