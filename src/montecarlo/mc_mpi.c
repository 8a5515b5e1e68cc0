/*
 * mc_mpi.c: rareflow mc over MPI ranks (rareflow/mc_mpi.h).  The only file
 * that includes mpi.h, and only when built with RF_HAVE_MPI.  Communication
 * only: which draws a rank runs, agreeing on errors, and sending each rank's
 * rows of the rf_mc_draws arrays to rank 0.  A rank holds the rows of its
 * slice only; rank 0 grows its arrays to every draw (rf_mc_draws_hold_all)
 * before the gather.  The draws are stored row by row by draw index, so a
 * rank's slice of each array is one contiguous block that rank 0 receives
 * straight into place.
 */
#include "rareflow/mc_mpi.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef RF_HAVE_MPI
#include <mpi.h>
#endif

int rf_mc_mpi_built(void)
{
#ifdef RF_HAVE_MPI
    return 1;
#else
    return 0;
#endif
}

/* The number of ranks the launcher says it started, 0 when not launched (or
 * when it does not say how many: PMIx alone). */
static int launched_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            long n = strtol(v, NULL, 10);
            if (n >= 1 && n < 1000000) return (int)n;
        }
    }
    return 0;
}

int rf_mc_mpi_launched(void)
{
    return launched_size() > 0 || (getenv("PMIX_RANK") && *getenv("PMIX_RANK")) ||
           (getenv("OMPI_COMM_WORLD_RANK") && *getenv("OMPI_COMM_WORLD_RANK")) ||
           (getenv("PMI_RANK") && *getenv("PMI_RANK"));
}

void rf_mc_mpi_slice(const rf_mc_mpi *m, int n, int *first, int *last)
{
    int64_t r = m->rank, k = m->size > 0 ? m->size : 1;
    *first = (int)(r * n / k);
    *last = (int)((r + 1) * n / k);
}

#ifndef RF_HAVE_MPI

rf_status rf_mc_mpi_start(rf_mc_mpi *m, rf_err *err)
{
    m->rank = 0;
    m->size = 1;
    m->active = 0;
    if (launched_size() > 1)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                          "started by an MPI launcher with %d ranks, but this rareflow was built without MPI "
                          "(every rank would run every draw): rebuild with MPI (make deps; cmake -DRF_MPI=ON) "
                          "or run without mpirun",
                          launched_size());
    return RF_OK;
}

int rf_mc_mpi_agree(const rf_mc_mpi *m, int code, int *reporter)
{
    (void)m;
    *reporter = code ? 0 : -1;
    return code;
}

rf_status rf_mc_mpi_gather(const rf_mc_mpi *m, rf_mc_draws *d, rf_err *err)
{
    (void)m;
    (void)d;
    (void)err;
    return RF_OK;
}

void rf_mc_mpi_finish(rf_mc_mpi *m)
{
    m->active = 0;
}

void rf_mc_mpi_abort(const rf_mc_mpi *m, int code)
{
    (void)m;
    exit(code);
}

#else /* RF_HAVE_MPI */

rf_status rf_mc_mpi_start(rf_mc_mpi *m, rf_err *err)
{
    m->rank = 0;
    m->size = 1;
    m->active = 0;
    if (!rf_mc_mpi_launched()) return RF_OK;
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "MPI_Init_thread failed");
    m->active = 1;
    if (provided < MPI_THREAD_FUNNELED) {
        /* Worker threads never call MPI, so FUNNELED is all that is needed;
         * an MPI that gives less still works in practice, but say so. */
        fprintf(stderr, "rareflow: warning: MPI gives thread level %d, below MPI_THREAD_FUNNELED\n", provided);
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    return RF_OK;
}

int rf_mc_mpi_agree(const rf_mc_mpi *m, int code, int *reporter)
{
    if (!m->active || m->size == 1) {
        *reporter = code ? m->rank : -1;
        return code;
    }
    int mine = code ? m->rank : m->size, low = m->size, worst = 0;
    MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(&mine, &low, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    *reporter = low < m->size ? low : -1;
    return worst;
}

/* Messages of at most this many elements (MPI counts are ints). */
#define CHUNK (1 << 24)

enum { TAG_HEAD = 1, TAG_VALUES, TAG_OUTPUTS, TAG_FAILED, TAG_CLAMPED, TAG_FAIL_YEAR, TAG_FAIL_STATUS };

static void send_block(const void *p, size_t n, MPI_Datatype t, size_t size, int tag)
{
    const char *c = p;
    for (size_t o = 0; o < n; o += CHUNK) {
        size_t len = n - o < CHUNK ? n - o : CHUNK;
        MPI_Send(c + o * size, (int)len, t, 0, tag, MPI_COMM_WORLD);
    }
}

static void recv_block(void *p, size_t n, MPI_Datatype t, size_t size, int from, int tag)
{
    char *c = p;
    for (size_t o = 0; o < n; o += CHUNK) {
        size_t len = n - o < CHUNK ? n - o : CHUNK;
        MPI_Recv(c + o * size, (int)len, t, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}

/* The blocks of draws [a, b) of d (held by d: within [offset, offset + nrows)),
 * in the order they travel. */
static void blocks(rf_mc_draws *d, int a, int b, int send, int from)
{
    size_t k = (size_t)(a - d->offset), n = (size_t)(b - a), ni = (size_t)d->ninputs, nm = (size_t)d->nmetrics;
    if (n == 0) return;
#define BLOCK(ptr, cnt, type, tag)                                                                     \
    do {                                                                                                \
        if (send) send_block(ptr, cnt, type, sizeof *(ptr), tag);                                       \
        else recv_block(ptr, cnt, type, sizeof *(ptr), from, tag);                                      \
    } while (0)
    BLOCK(&d->values[k * ni], n * ni, MPI_DOUBLE, TAG_VALUES);
    BLOCK(&d->outputs[k * nm], n * nm, MPI_DOUBLE, TAG_OUTPUTS);
    BLOCK(&d->failed[k], n, MPI_INT, TAG_FAILED);
    BLOCK(&d->clamped[k], n, MPI_INT, TAG_CLAMPED);
    BLOCK(&d->fail_year[k], n, MPI_INT, TAG_FAIL_YEAR);
    BLOCK(&d->fail_status[k], n, MPI_INT, TAG_FAIL_STATUS);
#undef BLOCK
}

rf_status rf_mc_mpi_gather(const rf_mc_mpi *m, rf_mc_draws *d, rf_err *err)
{
    if (!m->active || m->size == 1) return RF_OK;
    int head[5] = {d->ndraws, d->ninputs, d->nmetrics, d->first, d->last};
    if (m->rank != 0) {
        MPI_Send(head, 5, MPI_INT, 0, TAG_HEAD, MPI_COMM_WORLD);
        blocks(d, d->first, d->last, 1, 0);
        return RF_OK;
    }
    /* Rank 0 holds its own slice, [0, N/K): grown in place to every draw. */
    rf_status st = rf_mc_draws_hold_all(d, err);
    if (st != RF_OK) return st; /* the caller aborts the job: the other ranks are blocked sending */
    for (int r = 1; r < m->size; r++) {
        int h[5];
        MPI_Recv(h, 5, MPI_INT, r, TAG_HEAD, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        rf_mc_mpi other = {r, m->size, 1};
        int a, b;
        rf_mc_mpi_slice(&other, d->ndraws, &a, &b);
        if (h[0] != d->ndraws || h[1] != d->ninputs || h[2] != d->nmetrics || h[3] != a || h[4] != b) {
            rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL,
                       "MPI rank %d sent %d draws x %d inputs x %d outputs, draws [%d, %d); rank 0 expects "
                       "%d x %d x %d, [%d, %d): the ranks did not load the same scenario",
                       r, h[0], h[1], h[2], h[3], h[4], d->ndraws, d->ninputs, d->nmetrics, a, b);
            return RF_EINTERNAL; /* the caller aborts the job: rank r may be blocked sending */
        }
        blocks(d, a, b, 0, r);
    }
    d->first = 0;
    d->last = d->ndraws;
    return RF_OK;
}

void rf_mc_mpi_finish(rf_mc_mpi *m)
{
    if (!m->active) return;
    MPI_Finalize();
    m->active = 0;
}

void rf_mc_mpi_abort(const rf_mc_mpi *m, int code)
{
    if (m->active) MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

#endif /* RF_HAVE_MPI */
