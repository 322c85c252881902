//===- MpiSupport.h - what both splits of libsffnn_mpi share ----*- C++ -*-===//
//
// Private to runtime/mpi: timers that add to a rank's statistics, allocation
// that reports instead of throwing, the finite-input check and the fatal
// stop used once data is in flight.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MPI_MPISUPPORT_H
#define SFFNN_MPI_MPISUPPORT_H

#include "sffnn_mpi.h"

#include <cstdlib>
#include <memory>
#include <string>

namespace sffnn::mpi {

/// This rank's number and the communicator's size.
struct Place {
  int rank = 0, ranks = 1;
  explicit Place(MPI_Comm comm) {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
  }
};

/// Adds the seconds of its scope to `total` (compute or communication).
class ScopedSeconds {
public:
  explicit ScopedSeconds(double &total) : total(total), start(MPI_Wtime()) {}
  ~ScopedSeconds() { total += MPI_Wtime() - start; }

private:
  double &total;
  double start;
};

/// A malloc'ed array; empty when the allocation failed (checked by the
/// caller, which reports it through the agreement).
template <typename T> struct Buffer {
  struct Free {
    void operator()(T *p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> data;
  /// False when `count` elements could not be allocated.
  bool allocate(int64_t count) {
    if (count <= 0)
      return true;
    data.reset(static_cast<T *>(std::malloc(sizeof(T) * size_t(count))));
    return data != nullptr;
  }
  T *get() const { return data.get(); }
};

/// "N bytes" or "N.N MiB", for allocation failures.
std::string formatBytes(double bytes);

/// Empty when `bytes` fits the kernel's max_bytes, else why not.
std::string checkBudget(const sffnn_mpi_kernel &kernel, double bytes,
                        int64_t samples);

/// Empty when the kernel description is usable, else what is wrong.
std::string checkKernel(const sffnn_mpi_kernel *kernel);
/// Empty when rank 0's batch is usable (at most 2^31 - 1 samples, MPI's
/// int counts of rows), else what is wrong.
std::string checkBatch(const sffnn_mpi_batch *batch);

/// Empty when rows x width floats are all finite, else which one is not
/// (1-based sample `firstSample + row + 1` and feature).
std::string firstNonFinite(const float *values, int64_t rows, int64_t width,
                           int64_t firstSample);

/// Whether a row of `width` floats has a nonzero (NaN counts).
bool rowIsLive(const float *row, int64_t width);

/// Prints "rank R: message" to stderr and ends every rank (MPI_Abort): for
/// failures while other ranks wait for data, where an agreement could hang.
[[noreturn]] void abortJob(MPI_Comm comm, const std::string &message);

/// Copies "rank R: message" text into the caller's buffer, truncated.
void copyMessage(const std::string &text, char *error, size_t size);

} // namespace sffnn::mpi

#endif // SFFNN_MPI_MPISUPPORT_H
