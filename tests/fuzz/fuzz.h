/*
 * fuzz.h: what every fuzz harness of tests/fuzz shares.
 *
 * A harness is one LLVMFuzzerTestOneInput.  It is linked two ways: with
 * libFuzzer (clang, RF_FUZZ=ON: tests/fuzz/CMakeLists.txt) to search, and
 * with replay.c (any compiler: tests/fuzz/replay.cmake) to run the saved
 * regressions as a unit test.  A finding is a crash, a sanitizer report, a
 * leak, or a broken invariant: RF_FUZZ_CHECK prints what broke and aborts,
 * whatever NDEBUG says, so that libFuzzer saves the input and the replay
 * test fails.  Returning an error status on bad input is never a finding.
 */
#ifndef RF_FUZZ_H
#define RF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libFuzzer's entry points.  LLVMFuzzerInitialize is optional: only harnesses
 * that set something up once define it (replay.c calls it when present). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with a message when an invariant does not hold.  The message is a
 * printf format and its arguments (at least the format). */
#define RF_FUZZ_CHECK(cond, ...)                                                        \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: fuzz invariant broken: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                               \
            fputc('\n', stderr);                                                        \
            abort();                                                                    \
        }                                                                               \
    } while (0)

#endif
