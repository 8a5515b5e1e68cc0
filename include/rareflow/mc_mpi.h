/*
 * rareflow/mc_mpi.h: rareflow mc over MPI ranks (issue 13 section 3,
 * docs/uncertainty.md "MPI").  The communication only: rank r of K runs draws
 * [r*N/K, (r+1)*N/K) with rf_montecarlo_run, holding the rows of its slice
 * only, then every rank sends its rows of the rf_mc_draws arrays to rank 0,
 * which grows its own to all N and then holds exactly the arrays one process
 * would have filled (rf_montecarlo_summarize is a function of them).
 *
 * This is the only module that includes mpi.h; it is built with MPI when CMake
 * finds it (option RF_MPI, default ON: RF_HAVE_MPI defined for mc_mpi.c only).
 * Without MPI the same functions exist: one process, rank 0 of 1, and an error
 * when a launcher started several ranks (each would run every draw).
 *
 * MPI is started only by rf_mc_mpi_start, which only rareflow mc calls, and
 * only when an MPI launcher started the process (its environment says so:
 * OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK); otherwise the run is one
 * process as without MPI, and no MPI runtime is needed.
 */
#ifndef RAREFLOW_MC_MPI_H
#define RAREFLOW_MC_MPI_H

#include "rareflow/error.h"
#include "rareflow/montecarlo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rf_mc_mpi {
    int rank, size;  /* 0 and 1 when MPI is not started */
    int active;      /* MPI_Init was called (rf_mc_mpi_finish must be) */
} rf_mc_mpi;

/* 1 when rareflow was built with MPI support. */
int rf_mc_mpi_built(void);

/* 1 when an MPI launcher (mpirun, mpiexec, srun with PMI) started this process. */
int rf_mc_mpi_launched(void);

/* Start MPI when launched by an MPI launcher (MPI_THREAD_FUNNELED: only the
 * calling thread talks MPI; the draws' worker threads never do); otherwise
 * rank 0 of 1, inactive.  RF_EINVAL when several ranks were launched but
 * rareflow was built without MPI. */
rf_status rf_mc_mpi_start(rf_mc_mpi *m, rf_err *err);

/* The draws of this rank: [first, last) of n. */
void rf_mc_mpi_slice(const rf_mc_mpi *m, int n, int *first, int *last);

/* Collective: every rank gives its exit code (0: fine so far).  Returns the
 * largest code of any rank; *reporter is the lowest rank with a non-zero code
 * (the one that prints its error), -1 when none. */
int rf_mc_mpi_agree(const rf_mc_mpi *m, int code, int *reporter);

/* Collective: every rank sends its slice of d (filled by rf_montecarlo_run
 * with first/last from rf_mc_mpi_slice, so holding those rows only) to rank
 * 0, which grows d to a full set (rf_mc_draws_hold_all: offset 0, nrows N),
 * places each rank's rows at their draw index and sets d->first = 0,
 * d->last = N; the other ranks' d is unchanged.  Every rank must have
 * the same ndraws, ninputs and nmetrics (rank 0 checks; on a mismatch it
 * aborts the job, since the other ranks may be blocked in a send).  A no-op
 * when inactive or of size 1 (the one rank's slice is then all N).
 * RF_ENOMEM on rank 0 when d cannot grow (the caller aborts the job). */
rf_status rf_mc_mpi_gather(const rf_mc_mpi *m, rf_mc_draws *d, rf_err *err);

/* Stop every rank with exit code `code` (MPI_Abort when active, else exit):
 * for an error after which the ranks cannot meet again, e.g. in the gather. */
void rf_mc_mpi_abort(const rf_mc_mpi *m, int code);

/* MPI_Finalize when active. */
void rf_mc_mpi_finish(rf_mc_mpi *m);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_MC_MPI_H */
