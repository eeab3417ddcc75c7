#ifndef LOA_LOA_H
#define LOA_LOA_H

/* libloa: Vietnamese bulletins to broadcast-ready audio for commune stations. */
#define LOA_VERSION "0.1.0"

#include "loa/error.h"
#include "loa/audio.h"
#include "loa/dsp.h"
#include "loa/mp3.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "loa/speak.h"
#include "loa/paths.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "loa/profile.h"
#include "loa/loudness.h"
#include "loa/program.h"
#include "loa/config.h"
#include "loa/script.h"
#include "loa/sched.h"
#include "loa/item.h"
#include "loa/estimate.h"
#include "loa/build.h"
#include "loa/air.h"

#endif
