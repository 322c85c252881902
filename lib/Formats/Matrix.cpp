//===- Matrix.cpp - COO to CSR and dense conversions ----------------------===//
#include "sffnn/Formats/Matrix.h"

#include "sffnn/Formats/MemoryLimit.h"
#include "llvm/ADT/BitVector.h"
#include <limits>
#include <numeric>

using namespace sffnn;

static llvm::Error duplicateError(const Triplets &t, size_t first,
                                  size_t second) {
  return llvm::createStringError(
      std::errc::invalid_argument,
      "%s:%lld:1: duplicate entry (%d, %d), first given on line %lld",
      t.file.c_str(), static_cast<long long>(t.line[second]), t.row[second] + 1,
      t.col[second] + 1, static_cast<long long>(t.line[first]));
}

/// Stable counting sort of `order` by key(entry) in [0, range).
template <typename Key>
static std::vector<uint32_t> countingSort(const std::vector<uint32_t> &order,
                                          int64_t range, Key key) {
  std::vector<uint32_t> start(range + 1, 0), sorted(order.size());
  for (uint32_t e : order)
    ++start[key(e) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  for (uint32_t e : order)
    sorted[start[key(e)]++] = e;
  return sorted;
}

llvm::Expected<CsrMatrix> sffnn::toCsr(const Triplets &t, bool transpose) {
  if (t.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return llvm::createStringError(std::errc::value_too_large,
                                   "%s: more than 2^31-1 entries",
                                   t.file.c_str());
  const std::vector<int32_t> &major = transpose ? t.col : t.row;
  const std::vector<int32_t> &minor = transpose ? t.row : t.col;
  CsrMatrix csr;
  csr.rows = transpose ? t.cols : t.rows;
  csr.cols = transpose ? t.rows : t.cols;

  // Sort entries by (major, minor): two stable counting sorts, O(nnz + dims).
  std::vector<uint32_t> order(t.size());
  std::iota(order.begin(), order.end(), 0);
  order = countingSort(order, csr.cols, [&](uint32_t e) { return minor[e]; });
  order = countingSort(order, csr.rows, [&](uint32_t e) { return major[e]; });

  csr.offsets.assign(csr.rows + 1, 0);
  csr.indices.reserve(t.size());
  csr.values.reserve(t.size());
  for (size_t k = 0; k < order.size(); ++k) {
    uint32_t e = order[k];
    if (k > 0 && major[order[k - 1]] == major[e] &&
        minor[order[k - 1]] == minor[e])
      return duplicateError(t, std::min(order[k - 1], e),
                            std::max(order[k - 1], e));
    ++csr.offsets[major[e] + 1];
    csr.indices.push_back(minor[e]);
    csr.values.push_back(t.value[e]);
  }
  std::partial_sum(csr.offsets.begin(), csr.offsets.end(), csr.offsets.begin());
  return csr;
}

/// Largest dense batch (4 GiB of floats): past it a file that names a huge
/// sample id is an error, not an allocation failure.
constexpr double kMaxDenseValues = 1u << 30;

llvm::Expected<DenseBatch> sffnn::toDense(const Triplets &t) {
  double values = static_cast<double>(t.rows) * static_cast<double>(t.cols);
  // The line that names the last sample is where the size comes from.
  auto lineOfLargestRow = [&] {
    size_t largest = 0;
    for (size_t e = 1; e < t.size(); ++e)
      if (t.row[e] > t.row[largest])
        largest = e;
    return t.size() ? static_cast<long long>(t.line[largest]) : 0;
  };
  if (values > kMaxDenseValues) {
    long long line = lineOfLargestRow();
    return llvm::createStringError(
        std::errc::value_too_large,
        "%s:%lld:1: a batch of %lld samples x %lld features is more than "
        "%.0f values",
        t.file.c_str(), line, static_cast<long long>(t.rows),
        static_cast<long long>(t.cols), kMaxDenseValues);
  }
  // The batch, its bit set of filled cells, and as much again for the
  // outputs and the interpreter's copy of the batch that follow.
  if (llvm::Error err = checkMemory(
          values * (2 * sizeof(float) + 0.125),
          "a batch of " + llvm::Twine(t.rows) + " samples x " +
              llvm::Twine(t.cols) + " features",
          t.file + ":" + llvm::Twine(lineOfLargestRow()) + ":1"))
    return std::move(err);
  DenseBatch batch;
  batch.samples = t.rows;
  batch.features = t.cols;
  batch.data.assign(static_cast<size_t>(t.rows * t.cols), 0.0f);
  llvm::BitVector seen(static_cast<unsigned>(t.rows * t.cols));
  for (size_t e = 0; e < t.size(); ++e) {
    size_t cell = static_cast<size_t>(t.row[e]) * t.cols + t.col[e];
    if (seen.test(cell)) {
      for (size_t first = 0; first < e; ++first)
        if (t.row[first] == t.row[e] && t.col[first] == t.col[e])
          return duplicateError(t, first, e);
    }
    seen.set(cell);
    batch.data[cell] = t.value[e];
  }
  return batch;
}
