#ifndef LOA_VERSION_H
#define LOA_VERSION_H

/* libloa's version, as the generator of published files names it. */
#define LOA_VERSION "0.1.0"

#endif
