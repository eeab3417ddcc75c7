/* Minimal test harness: CHECK counts failures and reports file:line.
 * A test program exits 1 on failure, 77 when skipped, 0 when all passed. */
#ifndef LOA_TEST_H
#define LOA_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        test_checks++;                                                                     \
        if (!(cond)) {                                                                     \
            test_failures++;                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                                                  \
    } while (0)

#define CHECK_STR(got, want)                                                               \
    do {                                                                                   \
        const char *g_ = (got), *w_ = (want);                                              \
        test_checks++;                                                                     \
        if (g_ == NULL || strcmp(g_, w_) != 0) {                                           \
            test_failures++;                                                               \
            fprintf(stderr, "%s:%d: got  \"%s\"\n%*s want \"%s\"\n", __FILE__, __LINE__,   \
                    g_ ? g_ : "(null)", (int)strlen(__FILE__) + 8, "", w_);                \
        }                                                                                  \
    } while (0)

#define TEST_SKIP 77

/* Call at the end of main: prints a summary line and gives the exit code. */
static inline int test_done(const char *name)
{
    fprintf(stderr, "%s: %d checks, %d failed\n", name, test_checks, test_failures);
    return test_failures ? 1 : 0;
}

#endif
