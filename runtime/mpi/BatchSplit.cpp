//===- BatchSplit.cpp - sffnn_mpi_run: whole tiles per rank ---------------===//
//
// Rank 0 scatters contiguous ranges of whole batch tiles, every rank runs
// the whole network on its range, rank 0 gathers. Counts travel in rows (a
// contiguous datatype of one sample), so a batch of up to 2^31 - 1 samples
// of any width fits MPI's int counts.
//
//===----------------------------------------------------------------------===//
#include "MpiSupport.h"

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

using namespace sffnn::mpi;

namespace {

/// The job as rank 0 describes it to everyone.
struct Job {
  int64_t batch, inputs, outputs, tile, wantOutputs, wantCategories;
};

/// First sample and sample count of every rank: whole tiles, as even as
/// possible, in rank order.
void splitRows(const Job &job, int ranks, std::vector<int> &first,
               std::vector<int> &rows) {
  int64_t tiles = (job.batch + job.tile - 1) / job.tile;
  first.assign(ranks, 0);
  rows.assign(ranks, 0);
  int64_t tile = 0;
  for (int r = 0; r < ranks; ++r) {
    int64_t mine = tiles / ranks + (r < tiles % ranks ? 1 : 0);
    int64_t begin = std::min(job.batch, tile * job.tile);
    int64_t end = std::min(job.batch, (tile + mine) * job.tile);
    first[r] = static_cast<int>(begin);
    rows[r] = static_cast<int>(end - begin);
    tile += mine;
  }
}

} // namespace

extern "C" int sffnn_mpi_run(const sffnn_mpi_kernel *kernel,
                             sffnn_mpi_batch *batch, MPI_Comm comm,
                             sffnn_mpi_stats *stats, char *error,
                             size_t errorSize) {
  const Place place(comm);
  const int rank = place.rank, ranks = place.ranks;
  sffnn_mpi_stats local = {};
  std::string problem = checkKernel(kernel);
  if (problem.empty() && rank == 0)
    problem = checkBatch(batch);
  if (sffnn_mpi_agree(comm, problem.empty(), problem.c_str(), error,
                      errorSize) >= 0)
    return -1;

  Job job = {};
  if (rank == 0)
    job = {batch->batch,    kernel->inputs,
           kernel->outputs, kernel->tile,
           batch->out != nullptr, batch->categories != nullptr};
  {
    ScopedSeconds t(local.communication_seconds);
    MPI_Bcast(&job, 6, MPI_INT64_T, 0, comm);
  }
  if (kernel->inputs != job.inputs || kernel->outputs != job.outputs)
    problem = "its kernel has " + std::to_string(kernel->inputs) +
              " inputs and " + std::to_string(kernel->outputs) +
              " outputs, rank 0's " + std::to_string(job.inputs) + " and " +
              std::to_string(job.outputs) + " (not the same network)";
  std::vector<int> first, rows;
  splitRows(job, ranks, first, rows);
  int mine = rows[rank];
  // Rank 0 reads and writes the caller's buffers in place; the others (and
  // rank 0 when outputs are not gathered) need their own.
  Buffer<float> in, out;
  Buffer<int64_t> ids;
  const float *slice = rank == 0 ? batch->in : nullptr;
  float *result = rank == 0 && job.wantOutputs ? batch->out : nullptr;
  if (problem.empty())
    problem = checkBudget(*kernel, 4.0 * mine * (job.inputs + job.outputs),
                          mine);
  if (problem.empty()) {
    bool ok = (slice || in.allocate(int64_t(mine) * job.inputs)) &&
              (result || out.allocate(int64_t(mine) * job.outputs)) &&
              (!job.wantCategories || ids.allocate(mine));
    if (!ok)
      problem = "cannot allocate " +
                formatBytes(4.0 * mine * (job.inputs + job.outputs)) +
                " for its " + std::to_string(mine) + " samples";
    if (!slice)
      slice = in.get();
    if (!result)
      result = out.get();
  }
  if (sffnn_mpi_agree(comm, problem.empty(), problem.c_str(), error,
                      errorSize) >= 0)
    return -1;

  MPI_Datatype inRow, outRow;
  MPI_Type_contiguous(static_cast<int>(job.inputs), MPI_FLOAT, &inRow);
  MPI_Type_contiguous(static_cast<int>(job.outputs), MPI_FLOAT, &outRow);
  MPI_Type_commit(&inRow);
  MPI_Type_commit(&outRow);
  {
    ScopedSeconds t(local.communication_seconds);
    MPI_Scatterv(rank == 0 ? batch->in : nullptr, rows.data(), first.data(),
                 inRow, rank == 0 ? MPI_IN_PLACE : in.get(), mine, inRow, 0,
                 comm);
  }
  if (rank == 0)
    local.bytes_sent += 4 * (job.batch - mine) * job.inputs;
  // A user's program may hand us anything: each rank checks its own slice.
  problem = firstNonFinite(slice, mine, job.inputs, first[rank]);
  if (sffnn_mpi_agree(comm, problem.empty(), problem.c_str(), error,
                      errorSize) >= 0) {
    MPI_Type_free(&inRow);
    MPI_Type_free(&outRow);
    return -1;
  }

  {
    ScopedSeconds t(local.compute_seconds);
    sffnn_run(kernel->kernel, slice, job.inputs, result, job.outputs, mine,
              kernel->tile, kernel->threads);
  }
  local.samples = mine;

  if (job.wantOutputs) {
    ScopedSeconds t(local.communication_seconds);
    MPI_Gatherv(rank == 0 ? MPI_IN_PLACE : result, mine, outRow,
                rank == 0 ? batch->out : nullptr, rows.data(), first.data(),
                outRow, 0, comm);
    if (rank != 0)
      local.bytes_sent += 4 * int64_t(mine) * job.outputs;
  }
  if (job.wantCategories) {
    int live = 0;
    for (int r = 0; r < mine; ++r)
      if (rowIsLive(result + int64_t(r) * job.outputs, job.outputs))
        ids.get()[live++] = first[rank] + r;
    ScopedSeconds t(local.communication_seconds);
    std::vector<int> counts(rank == 0 ? ranks : 0), offsets;
    MPI_Gather(&live, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
    if (rank == 0) {
      offsets.assign(ranks, 0);
      for (int r = 1; r < ranks; ++r)
        offsets[r] = offsets[r - 1] + counts[r - 1];
      batch->category_count = offsets.back() + counts.back();
    }
    MPI_Gatherv(ids.get(), live, MPI_INT64_T,
                rank == 0 ? batch->categories : nullptr, counts.data(),
                offsets.data(), MPI_INT64_T, 0, comm);
    if (rank != 0)
      local.bytes_sent += 8 * int64_t(live);
  }
  MPI_Type_free(&inRow);
  MPI_Type_free(&outRow);
  if (stats)
    *stats = local;
  return 0;
}
