//===- LayerPipeline.cpp - sffnn_mpi_run_pipeline: stages per rank --------===//
//
// Rank r < S runs stage r. Groups of samples stream through the stages:
// every message is a header of int64 {group, first row, live rows, row ids
// (only when zero rows are dropped)} and then the live rows' values. Each
// rank keeps two output buffers, so that it computes group g+1 while group
// g is being sent. Messages between two ranks arrive in the order sent (MPI's
// non-overtaking rule), so groups need no reordering.
//
// Deadlock freedom: every rank but 0 only waits for its successor (the last
// one for rank 0), and rank 0 keeps receiving finished groups whenever it
// waits for its own sends, so the ring of waits always has a rank that moves.
//
//===----------------------------------------------------------------------===//
#include "MpiSupport.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

using namespace sffnn::mpi;

namespace {

enum Tag { HeaderTag = 1, DataTag = 2 };
constexpr int kHeaderWords = 3;

/// Settings every rank learns from rank 0.
struct Job {
  int64_t batch, groupRows, wantOutputs, wantCategories, dropZeroRows;
};

/// One outgoing group: header and values, double-buffered.
struct Outbox {
  Buffer<int64_t> header; // kHeaderWords + groupRows
  Buffer<float> values;   // groupRows * width
  MPI_Request requests[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
};

class Pipeline {
public:
  Pipeline(MPI_Comm comm, const sffnn_mpi_kernel *stage, const Job &job,
           int stages, int64_t finalOutputs, sffnn_mpi_batch *batch)
      : comm(comm), stage(stage), job(job), stages(stages),
        finalOutputs(finalOutputs), batch(batch) {
    MPI_Comm_rank(comm, &rank);
  }

  /// Allocates every buffer; false (with `problem`) when one fails.
  bool allocate(std::string &problem);
  /// Streams every group through this rank's stage.
  void run(sffnn_mpi_stats &stats);

private:
  bool isLast() const { return rank == stages - 1; }
  /// Runs the stage on `rows` samples of `in` into outbox `slot`, keeps
  /// the live rows (if dropping) and sends them to the next rank.
  void computeAndSend(int slot, int64_t group, int64_t firstRow,
                      const int64_t *ids, int64_t rows, const float *in,
                      sffnn_mpi_stats &stats);
  /// Waits for outbox `slot`'s sends; rank 0 meanwhile takes in finished
  /// groups, so that the last stage never waits on it forever.
  void waitSlot(int slot, sffnn_mpi_stats &stats);
  /// Receives one group from rank - 1 into `header` and `in`.
  void receive(int source, sffnn_mpi_stats &stats);
  /// Rank 0: writes a finished group into the caller's outputs and ids.
  void collect(const int64_t *header, const float *values, int64_t width);
  bool tryCollect(sffnn_mpi_stats &stats);

  MPI_Comm comm;
  const sffnn_mpi_kernel *stage;
  Job job;
  int rank = 0, stages;
  int64_t finalOutputs;
  sffnn_mpi_batch *batch;
  Outbox outbox[2];
  Buffer<int64_t> inHeader;
  Buffer<float> inValues;
  int64_t collected = 0, groups = 0;
};

bool Pipeline::allocate(std::string &problem) {
  groups = (job.batch + job.groupRows - 1) / job.groupRows;
  int64_t rows = std::min(job.groupRows, std::max<int64_t>(job.batch, 1));
  if (rank >= stages)
    return true; // an idle rank: more ranks than stages
  int64_t inWidth = rank == 0 ? finalOutputs : stage->inputs;
  problem = checkBudget(
      *stage, 2.0 * rows * (8 + 4 * stage->outputs) + rows * (8 + 4 * inWidth),
      rows);
  if (!problem.empty())
    return false;
  bool ok = true;
  for (Outbox &box : outbox)
    ok = ok && box.header.allocate(kHeaderWords + rows) &&
         box.values.allocate(rows * stage->outputs);
  if (rank != 0 || stages > 1)
    ok = ok && inHeader.allocate(kHeaderWords + rows) &&
         inValues.allocate(rows * inWidth);
  if (!ok)
    problem = "cannot allocate the buffers of groups of " +
              std::to_string(rows) + " samples";
  return ok;
}

void Pipeline::collect(const int64_t *header, const float *values,
                       int64_t width) {
  int64_t first = header[1], live = header[2];
  const int64_t *ids = job.dropZeroRows || !job.wantOutputs
                           ? header + kHeaderWords
                           : nullptr;
  for (int64_t i = 0; i < live; ++i) {
    int64_t row = ids ? ids[i] : first + i;
    if (row < 0 || row >= job.batch)
      abortJob(comm, "received sample id " + std::to_string(row) +
                         " outside the batch (protocol error)");
    const float *v = values ? values + i * width : nullptr;
    if (job.wantOutputs)
      std::memcpy(batch->out + row * finalOutputs, v,
                  sizeof(float) * size_t(finalOutputs));
    if (job.wantCategories && (!v || rowIsLive(v, width)))
      batch->categories[batch->category_count++] = row;
  }
  ++collected;
}

void Pipeline::receive(int source, sffnn_mpi_stats &stats) {
  ScopedSeconds t(stats.communication_seconds);
  MPI_Status status;
  int count = 0;
  MPI_Probe(source, HeaderTag, comm, &status);
  MPI_Get_count(&status, MPI_INT64_T, &count);
  int64_t capacity = kHeaderWords + std::min(job.groupRows, job.batch);
  if (count < kHeaderWords || count > capacity)
    abortJob(comm, "received a header of " + std::to_string(count) +
                       " words from rank " + std::to_string(source) +
                       " (protocol error)");
  MPI_Recv(inHeader.get(), count, MPI_INT64_T, source, HeaderTag, comm,
           MPI_STATUS_IGNORE);
  int64_t live = inHeader.get()[2];
  int64_t width = rank == 0 ? finalOutputs : stage->inputs;
  bool hasValues = rank != 0 || job.wantOutputs;
  if (live < 0 || live > capacity - kHeaderWords)
    abortJob(comm, "received a group of " + std::to_string(live) +
                       " samples (protocol error)");
  if (hasValues && live > 0)
    MPI_Recv(inValues.get(), static_cast<int>(live * width), MPI_FLOAT,
             source, DataTag, comm, MPI_STATUS_IGNORE);
}

bool Pipeline::tryCollect(sffnn_mpi_stats &stats) {
  int ready = 0;
  {
    ScopedSeconds t(stats.communication_seconds);
    MPI_Iprobe(stages - 1, HeaderTag, comm, &ready, MPI_STATUS_IGNORE);
  }
  if (!ready)
    return false;
  receive(stages - 1, stats);
  collect(inHeader.get(), job.wantOutputs ? inValues.get() : nullptr,
          finalOutputs);
  return true;
}

void Pipeline::waitSlot(int slot, sffnn_mpi_stats &stats) {
  Outbox &box = outbox[slot];
  if (rank != 0 || stages == 1) {
    ScopedSeconds t(stats.communication_seconds);
    MPI_Waitall(2, box.requests, MPI_STATUSES_IGNORE);
    return;
  }
  for (;;) {
    int done = 0;
    {
      ScopedSeconds t(stats.communication_seconds);
      MPI_Testall(2, box.requests, &done, MPI_STATUSES_IGNORE);
    }
    if (done)
      return;
    tryCollect(stats);
  }
}

void Pipeline::computeAndSend(int slot, int64_t group, int64_t firstRow,
                              const int64_t *ids, int64_t rows,
                              const float *in, sffnn_mpi_stats &stats) {
  waitSlot(slot, stats);
  Outbox &box = outbox[slot];
  int64_t width = stage->outputs;
  float *out = box.values.get();
  {
    ScopedSeconds t(stats.compute_seconds);
    sffnn_run(stage->kernel, in, stage->inputs, out, width, rows,
              stage->tile, stage->threads);
  }
  stats.samples += rows;
  // Which rows go on: all of them, or (dropping, or only categories wanted
  // from the last stage) those with a nonzero value, moved to the front.
  int64_t *header = box.header.get();
  bool keepIds = job.dropZeroRows || (isLast() && !job.wantOutputs);
  int64_t live = 0;
  for (int64_t r = 0; r < rows; ++r) {
    if (keepIds && !rowIsLive(out + r * width, width))
      continue;
    if (keepIds) {
      header[kHeaderWords + live] = ids ? ids[r] : firstRow + r;
      if (live != r)
        std::memmove(out + live * width, out + r * width,
                     sizeof(float) * size_t(width));
    }
    ++live;
  }
  header[0] = group;
  header[1] = firstRow;
  header[2] = live;
  bool sendValues = !isLast() || job.wantOutputs;
  if (rank == 0 && stages == 1) { // the whole network on rank 0
    collect(header, sendValues ? out : nullptr, width);
    return;
  }
  int next = isLast() ? 0 : rank + 1;
  int headerWords = static_cast<int>(kHeaderWords + (keepIds ? live : 0));
  ScopedSeconds t(stats.communication_seconds);
  MPI_Isend(header, headerWords, MPI_INT64_T, next, HeaderTag, comm,
            &box.requests[0]);
  stats.bytes_sent += 8 * int64_t(headerWords);
  if (sendValues && live > 0) {
    MPI_Isend(out, static_cast<int>(live * width), MPI_FLOAT, next, DataTag,
              comm, &box.requests[1]);
    stats.bytes_sent += 4 * live * width;
  }
}

void Pipeline::run(sffnn_mpi_stats &stats) {
  bool active = rank < stages;
  int slot = 0;
  if (rank == 0) {
    if (job.wantOutputs)
      std::memset(batch->out, 0,
                  sizeof(float) * size_t(job.batch * finalOutputs));
    batch->category_count = 0;
    for (int64_t g = 0; g < groups; ++g) {
      int64_t first = g * job.groupRows;
      int64_t rows = std::min(job.groupRows, job.batch - first);
      computeAndSend(slot, g, first, nullptr, rows,
                     batch->in + first * stage->inputs, stats);
      slot ^= 1;
      if (stages > 1)
        while (tryCollect(stats)) {
        }
    }
    while (collected < groups) {
      receive(stages - 1, stats);
      collect(inHeader.get(), job.wantOutputs ? inValues.get() : nullptr,
              finalOutputs);
    }
  } else if (active) {
    for (int64_t g = 0; g < groups; ++g) {
      receive(rank - 1, stats);
      const int64_t *header = inHeader.get();
      int64_t rows = header[2];
      computeAndSend(slot, header[0], header[1],
                     job.dropZeroRows ? header + kHeaderWords : nullptr, rows,
                     inValues.get(), stats);
      slot ^= 1;
    }
  }
  if (active)
    for (int s = 0; s < 2; ++s)
      waitSlot(s, stats);
}

} // namespace

extern "C" int sffnn_mpi_run_pipeline(const sffnn_mpi_kernel *stage,
                                      int dropZeroRows, int64_t groupRows,
                                      sffnn_mpi_batch *batch, MPI_Comm comm,
                                      sffnn_mpi_stats *stats, char *error,
                                      size_t errorSize) {
  const Place place(comm);
  const int rank = place.rank, ranks = place.ranks;
  sffnn_mpi_stats local = {};
  bool active = stage && stage->kernel;
  int activeRanks = 0, one = active ? 1 : 0;
  MPI_Allreduce(&one, &activeRanks, 1, MPI_INT, MPI_SUM, comm);
  std::string problem;
  if (active != (rank < activeRanks))
    problem = "stage kernels must be on ranks 0 to " +
              std::to_string(activeRanks - 1) + " (one stage per rank)";
  else if (active)
    problem = checkKernel(stage);
  if (problem.empty() && rank == 0)
    problem = !active ? "rank 0 has no stage" : checkBatch(batch);
  if (problem.empty() && rank == 0 && groupRows < 1)
    problem = "groups of " + std::to_string(groupRows) + " samples";
  // Each stage reads what the previous one writes.
  std::vector<int64_t> widths(2 * size_t(ranks));
  int64_t mine[2] = {active ? stage->inputs : 0, active ? stage->outputs : 0};
  MPI_Allgather(mine, 2, MPI_INT64_T, widths.data(), 2, MPI_INT64_T, comm);
  if (problem.empty() && active && rank > 0 &&
      widths[2 * (rank - 1) + 1] != stage->inputs)
    problem = "its stage reads " + std::to_string(stage->inputs) +
              " values, rank " + std::to_string(rank - 1) + "'s writes " +
              std::to_string(widths[2 * (rank - 1) + 1]);
  if (sffnn_mpi_agree(comm, problem.empty(), problem.c_str(), error,
                      errorSize) >= 0)
    return -1;
  if (activeRanks == 0) {
    copyMessage("rank 0: no stage to run", error, errorSize);
    return -1;
  }

  Job job = {};
  if (rank == 0) {
    job = {batch->batch, groupRows, batch->out != nullptr,
           batch->categories != nullptr, dropZeroRows != 0};
    // A group is sent as one message of int counts.
    int64_t widest = 1;
    for (int r = 0; r < activeRanks; ++r)
      widest = std::max(widest, widths[2 * size_t(r) + 1]);
    job.groupRows = std::max<int64_t>(
        1, std::min(job.groupRows, int64_t(INT_MAX / 2) / widest));
  }
  MPI_Bcast(&job, 5, MPI_INT64_T, 0, comm);
  int64_t finalOutputs = widths[2 * size_t(activeRanks - 1) + 1];
  Pipeline pipeline(comm, active ? stage : nullptr, job, activeRanks,
                    finalOutputs, batch);
  problem.clear();
  pipeline.allocate(problem);
  if (problem.empty() && rank == 0)
    problem = firstNonFinite(batch->in, batch->batch, stage->inputs, 0);
  if (sffnn_mpi_agree(comm, problem.empty(), problem.c_str(), error,
                      errorSize) >= 0)
    return -1;
  pipeline.run(local);
  if (stats)
    *stats = local;
  return 0;
}
