/*
 * unit.h: what the unit tests share: CHECK(cond) counts a check and prints the place of a
 * failed one; unit_report() prints the totals and gives the exit status.
 */
#ifndef OML_UNIT_H
#define OML_UNIT_H

#include <stdio.h>

static int unit_failures, unit_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        unit_checks++;                                                                             \
        if (!(cond)) {                                                                             \
            unit_failures++;                                                                       \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                          \
    } while (0)

static inline int unit_report(void)
{
    printf("%d checks, %d failed\n", unit_checks, unit_failures);
    return unit_failures != 0;
}

#endif
