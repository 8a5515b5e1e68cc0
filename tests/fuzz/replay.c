/*
 * replay.c: a main that runs a harness on saved inputs instead of
 * libFuzzer's, so that every regression in tests/fuzz/regressions/HARNESS/
 * is replayed by a unit test in any build (gcc or clang, with or without
 * sanitizers: tests/fuzz/replay.cmake).
 *
 *     fuzz_pipeline_replay PATH...
 *
 * A PATH is a file, or a folder whose files are all replayed in name order
 * (names starting with '.' and README files are skipped).  Each input is
 * read whole into a buffer of exactly its size, as libFuzzer gives it, and
 * its name is printed before it runs, so that a crash names its input.  A
 * finding aborts the process (RF_FUZZ_CHECK, a sanitizer, a signal); an
 * input that takes longer than RF_FUZZ_REPLAY_SECONDS (default 10) is a
 * finding too (a hang), and so is a PATH with no input at all (a wrong path
 * would otherwise pass).  Exit 0 when every input ran clean.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz.h"

/* A harness without set-up does not define it. */
#pragma weak LLVMFuzzerInitialize

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Read all of `path` into a malloc'd buffer of exactly *size bytes. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    size_t n = 0;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size >= 0) {
        n = (size_t)sb.st_size;
        buf = malloc(n ? n : 1);
        if (buf && fread(buf, 1, n, f) != n) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    *size = n;
    return buf;
}

/* Replay one file; 0 when it ran within the time limit. */
static int replay_file(const char *path, double limit_s)
{
    size_t size;
    uint8_t *data = read_all(path, &size);
    if (!data) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    double t0 = now_s();
    LLVMFuzzerTestOneInput(data, size);
    double dt = now_s() - t0;
    free(data);
    if (dt > limit_s) {
        fprintf(stderr, "replay: %s took %.1f s, above the limit of %.0f s (a hang)\n", path, dt,
                limit_s);
        return 1;
    }
    return 0;
}

static int wanted(const struct dirent *e)
{
    return e->d_name[0] != '.' && strncmp(e->d_name, "README", 6) != 0;
}

/* Replay `path` (a file or a folder); *count receives the inputs run. */
static int replay_path(const char *path, double limit_s, int *count)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        (*count)++;
        return replay_file(path, limit_s);
    }
    struct dirent **names;
    int n = scandir(path, &names, wanted, alphasort), bad = 0;
    if (n < 0) {
        fprintf(stderr, "replay: cannot list %s: %s\n", path, strerror(errno));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
        char *file = malloc(len);
        if (file) {
            snprintf(file, len, "%s/%s", path, names[i]->d_name);
            if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode)) {
                (*count)++;
                bad |= replay_file(file, limit_s);
            }
        }
        free(file);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    const char *env = getenv("RF_FUZZ_REPLAY_SECONDS");
    double limit_s = env && atof(env) > 0 ? atof(env) : 10.0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0, count = 0;
    for (int i = 1; i < argc; i++) bad |= replay_path(argv[i], limit_s, &count);
    if (count == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    fprintf(stderr, "replay: %d input(s), %s\n", count, bad ? "FAILED" : "all clean");
    return bad ? 1 : 0;
}
