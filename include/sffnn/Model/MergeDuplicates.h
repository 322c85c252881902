//===- MergeDuplicates.h - merge identical neurons of a layer ---*- C++ -*-===//
//
// The library behind sffnn-merge-duplicate-neurons: within one sparse layer,
// neurons with the same sources, the same weights (bit for bit) and the same
// bias (bit for bit) compute the same values, so one of them can stand for
// all. Consumers of the removed neurons then read the survivor, which may
// make two connections of a consumer read the same column: they become one
// connection whose weight is the sum of the two (summed in double, rounded
// to f32 once).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_MERGEDUPLICATES_H
#define SFFNN_MODEL_MERGEDUPLICATES_H

#include "sffnn/Formats/Matrix.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace sffnn {

/// Where the columns of a layer's sources went after their producers merged
/// neurons: old column c is new column `newColumn[c]` of `newCols`. An empty
/// `newColumn` leaves the columns as they are.
struct ColumnMap {
  std::vector<int32_t> newColumn;
  int64_t newCols = 0;
};

struct MergedLayer {
  /// The surviving neurons, in their original order, over the new columns.
  CsrMatrix weights;
  /// Empty when the layer has no bias, else one value per survivor.
  std::vector<float> bias;
  /// Old neuron -> the row of its survivor in `weights`.
  std::vector<int32_t> survivor;
  int64_t removedNeurons = 0;
  /// Connections removed: those of removed neurons and those folded into
  /// another connection of the same neuron by the column map.
  int64_t removedConnections = 0;
};

/// Rewrites `weights` through `columns`, then (unless `keepNeurons`) keeps
/// the first of every set of neurons with identical indices, weight bits and
/// bias bits. `bias` is empty or has one value per row. Expected time
/// O(rows + nnz log(max degree)) (rows are hashed, not compared pairwise).
/// Fails, naming the neuron, when a summed weight does not fit in f32.
llvm::Expected<MergedLayer> mergeDuplicateRows(CsrRef weights,
                                               llvm::ArrayRef<float> bias,
                                               const ColumnMap &columns,
                                               bool keepNeurons);

} // namespace sffnn

#endif // SFFNN_MODEL_MERGEDUPLICATES_H
