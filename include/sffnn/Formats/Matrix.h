//===- Matrix.h - sparse and dense matrices of the file formats -*- C++ -*-===//
//
// Plain containers shared by the readers, the generators and the MLIR
// builders. No MLIR here.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_FORMATS_MATRIX_H
#define SFFNN_FORMATS_MATRIX_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace sffnn {

/// The largest matrix dimension read from a file (2^28): past it a header
/// or option is an error rather than a multi-gigabyte allocation.
constexpr int64_t kMaxDimension = int64_t(1) << 28;

/// Coordinate entries as read from a file, 0-based, with the source line of
/// each entry so that later checks (duplicates) can point at it.
struct Triplets {
  std::string file;
  int64_t rows = 0, cols = 0;
  std::vector<int32_t> row, col;
  std::vector<float> value;
  std::vector<int64_t> line;

  void add(int32_t r, int32_t c, float v, int64_t lineNo) {
    row.push_back(r);
    col.push_back(c);
    value.push_back(v);
    line.push_back(lineNo);
  }
  size_t size() const { return row.size(); }
};

/// Compressed sparse rows. In a layer, row j holds the in-edges of neuron j:
/// indices are source positions, values are weights.
struct CsrMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<int32_t> offsets{0};
  std::vector<int32_t> indices;
  std::vector<float> values;

  int64_t nnz() const { return static_cast<int64_t>(indices.size()); }
};

/// A read-only view of CSR arrays, owned by a CsrMatrix or by an `sffnn.csr`
/// attribute, so that code reading weights does not care where they live.
struct CsrRef {
  int64_t rows = 0, cols = 0;
  llvm::ArrayRef<int32_t> offsets, indices;
  llvm::ArrayRef<float> values;

  CsrRef() = default;
  CsrRef(int64_t rows, int64_t cols, llvm::ArrayRef<int32_t> offsets,
         llvm::ArrayRef<int32_t> indices, llvm::ArrayRef<float> values)
      : rows(rows), cols(cols), offsets(offsets), indices(indices),
        values(values) {}
  CsrRef(const CsrMatrix &m)
      : CsrRef(m.rows, m.cols, m.offsets, m.indices, m.values) {}

  int64_t nnz() const { return static_cast<int64_t>(indices.size()); }
  /// An owning copy.
  CsrMatrix copy() const {
    return {rows, cols, {offsets.begin(), offsets.end()},
            {indices.begin(), indices.end()}, {values.begin(), values.end()}};
  }
};

/// Builds CSR from triplets; with `transpose`, row r of the result holds the
/// entries of column r of the triplets. Column indices come out sorted.
/// Duplicate coordinates are an error naming both lines. O(nnz + rows + cols).
llvm::Expected<CsrMatrix> toCsr(const Triplets &triplets, bool transpose);

/// A dense batch: `samples` rows of `features` floats, row-major.
struct DenseBatch {
  int64_t samples = 0, features = 0;
  std::vector<float> data;

  float *row(int64_t s) { return data.data() + s * features; }
  const float *row(int64_t s) const { return data.data() + s * features; }
};

/// Scatters triplets (rows = samples, cols = features) into a dense batch.
/// Duplicates are an error.
llvm::Expected<DenseBatch> toDense(const Triplets &triplets);

} // namespace sffnn

#endif // SFFNN_FORMATS_MATRIX_H
