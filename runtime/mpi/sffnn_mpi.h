/*===- sffnn_mpi.h - compiled kernels over MPI ---------------------------===*
 *
 * Runs compiled sparse-ffnn kernels (sffnn_runtime.h:
 * void NAME(const float *in, float *out, int64_t batch)) on the ranks of an
 * MPI communicator, so that a user's MPI program can run a network without
 * our tools (docs/Distributed.md). A library of its own, libsffnn_mpi, built
 * only when CMake finds MPI: the compiler and the plain runtime never depend
 * on MPI.
 *
 * This library compiles nothing: every rank passes a kernel it has already
 * loaded (each rank compiles its part, or loads a library compiled ahead of
 * time with `sparse-ffnn-translate --compile-to shared`).
 *
 * Rank 0 holds the batch and receives the results. Every function here is
 * collective: all ranks of `comm` call it, and all return the same status.
 * When a rank fails (a bad argument, an allocation, a non-finite input on its
 * slice), every rank returns non-zero and `error` holds, on every rank,
 * "rank R: <message>" of the lowest failing rank, so that the caller prints
 * it once (from rank 0). Failures found while data is in flight, where the
 * other ranks could wait forever, end the job with MPI_Abort instead.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SFFNN_MPI_H
#define SFFNN_MPI_H

#include "sffnn_runtime.h"

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One rank's compiled kernel: its input and output widths, its batch tile
 * (KernelInfo::tile, the _TILE macro of the generated header), the threads
 * it runs on (sffnn_run) and the most bytes this rank may allocate for its
 * samples (0: no limit; above it the rank fails instead of allocating). */
typedef struct {
  sffnn_kernel_fn kernel;
  int64_t inputs, outputs, tile;
  int threads;
  int64_t max_bytes;
} sffnn_mpi_kernel;

/* The batch, significant on rank 0 only. `out` receives batch x outputs
 * floats (NULL: not gathered); `categories` receives the 0-based ids of the
 * samples whose outputs are not all zero, ascending (room for `batch` ids;
 * NULL: not gathered), and `category_count` how many. */
typedef struct {
  const float *in;
  int64_t batch;
  float *out;
  int64_t *categories;
  int64_t category_count;
} sffnn_mpi_batch;

/* What one rank did: the samples it computed, seconds spent in its kernel
 * and in MPI calls (including waiting for other ranks), and the bytes it
 * sent. */
typedef struct {
  int64_t samples;
  double compute_seconds;
  double communication_seconds;
  int64_t bytes_sent;
} sffnn_mpi_stats;

/* Agreement on success: every rank passes whether it succeeded and, if not,
 * its message. Returns -1 when all succeeded, else the lowest failing rank;
 * then `error` (of `size` bytes) holds "rank R: <its message>" on every
 * rank. */
int sffnn_mpi_agree(MPI_Comm comm, int ok, const char *message, char *error,
                    size_t size);

/* Batch split: rank 0's batch is cut into contiguous ranges of whole tiles,
 * as even as possible (ranks beyond the number of tiles get none); each rank
 * runs the whole network (its `kernel`, the same network on every rank) on
 * its range, and rank 0 gathers outputs and/or categories in input order.
 * Returns 0, or -1 on every rank when any rank failed. */
int sffnn_mpi_run(const sffnn_mpi_kernel *kernel, sffnn_mpi_batch *batch,
                  MPI_Comm comm, sffnn_mpi_stats *stats, char *error,
                  size_t error_size);

/* Layer split: rank r < stages runs stage r of the network (`stage->kernel`;
 * ranks >= stages pass a NULL kernel and only take part in the agreement).
 * Stage r's outputs are stage r+1's inputs; stage 0 reads rank 0's batch and
 * the last stage's outputs go back to rank 0. Groups of `group_rows` samples
 * stream through the stages: rank r sends group g to r+1 while it computes
 * group g+1. With `drop_zero_rows`, a stage sends only the samples whose
 * outputs are not all zero (with their ids); the caller asserts that the
 * rest of the network maps zero to zero, so those samples' outputs are zero.
 * Returns 0, or -1 on every rank when any rank failed. */
int sffnn_mpi_run_pipeline(const sffnn_mpi_kernel *stage, int drop_zero_rows,
                           int64_t group_rows, sffnn_mpi_batch *batch,
                           MPI_Comm comm, sffnn_mpi_stats *stats, char *error,
                           size_t error_size);

#ifdef __cplusplus
}
#endif

#endif /* SFFNN_MPI_H */
