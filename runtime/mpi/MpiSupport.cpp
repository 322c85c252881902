//===- MpiSupport.cpp - agreement and helpers of libsffnn_mpi -------------===//
#include "MpiSupport.h"

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace sffnn::mpi {

std::string formatBytes(double bytes) {
  char text[64];
  if (bytes < 1024.0 * 1024.0)
    std::snprintf(text, sizeof text, "%.0f bytes", bytes);
  else
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

std::string checkBudget(const sffnn_mpi_kernel &kernel, double bytes,
                        int64_t samples) {
  if (kernel.max_bytes <= 0 || bytes <= double(kernel.max_bytes))
    return "";
  return "its " + std::to_string(samples) + " samples need " +
         formatBytes(bytes) + ", more than its memory limit of " +
         formatBytes(double(kernel.max_bytes));
}

std::string checkKernel(const sffnn_mpi_kernel *k) {
  if (!k || !k->kernel)
    return "no kernel";
  if (k->inputs < 1 || k->outputs < 1 || k->inputs > INT_MAX ||
      k->outputs > INT_MAX || k->tile < 1 || k->threads < 1)
    return "kernel description out of range (inputs " +
           std::to_string(k->inputs) + ", outputs " +
           std::to_string(k->outputs) + ", tile " + std::to_string(k->tile) +
           ", threads " + std::to_string(k->threads) + ")";
  return "";
}

std::string checkBatch(const sffnn_mpi_batch *b) {
  if (!b)
    return "no batch on rank 0";
  if (b->batch < 0 || b->batch > INT_MAX)
    return "batch of " + std::to_string(b->batch) +
           " samples; rank 0 takes 0 to 2^31 - 1";
  if (b->batch > 0 && !b->in)
    return "no input buffer on rank 0";
  return "";
}

std::string firstNonFinite(const float *values, int64_t rows, int64_t width,
                           int64_t firstSample) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t f = 0; f < width; ++f) {
      float v = values[r * width + f];
      if (std::isfinite(v))
        continue;
      char text[160];
      std::snprintf(text, sizeof text,
                    "input sample %lld, feature %lld is %s (inputs must be "
                    "finite)",
                    (long long)(firstSample + r + 1), (long long)(f + 1),
                    std::isnan(v) ? "NaN" : "infinite");
      return text;
    }
  return "";
}

bool rowIsLive(const float *row, int64_t width) {
  for (int64_t f = 0; f < width; ++f)
    if (row[f] != 0.0f)
      return true;
  return false;
}

void abortJob(MPI_Comm comm, const std::string &message) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::fprintf(stderr, "rank %d: %s\n", rank, message.c_str());
  std::fflush(stderr);
  MPI_Abort(comm, 1);
  std::abort(); // MPI_Abort does not return; this tells the compiler so
}

void copyMessage(const std::string &text, char *error, size_t size) {
  if (!error || size == 0)
    return;
  size_t n = std::min(text.size(), size - 1);
  std::memcpy(error, text.data(), n);
  error[n] = '\0';
}

} // namespace sffnn::mpi

using namespace sffnn::mpi;

extern "C" int sffnn_mpi_agree(MPI_Comm comm, int ok, const char *message,
                               char *error, size_t size) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int mine = ok ? INT_MAX : rank, lowest = INT_MAX;
  MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, comm);
  if (lowest == INT_MAX)
    return -1;
  // The failing rank tells everyone its message, so that any rank (rank 0,
  // by convention) prints it, once.
  std::string text;
  if (rank == lowest)
    text = "rank " + std::to_string(rank) + ": " +
           (message && *message ? message : "failed");
  int length = static_cast<int>(text.size());
  MPI_Bcast(&length, 1, MPI_INT, lowest, comm);
  text.resize(static_cast<size_t>(length));
  MPI_Bcast(text.data(), length, MPI_CHAR, lowest, comm);
  copyMessage(text, error, size);
  return lowest;
}
