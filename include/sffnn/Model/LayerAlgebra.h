//===- LayerAlgebra.h - dense weights to layers, combining layers -*- C++ -*-===//
//
// The layer arithmetic shared by the importers (ONNX) and the raising of
// linalg (lib/Raise): dense weights to CSR (dropping zeros and pruned
// weights), and the exact combination of layers and sources into one layer
// for skip adds and concatenations.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_LAYERALGEBRA_H
#define SFFNN_MODEL_LAYERALGEBRA_H

#include "sffnn/Model/LayeredNetwork.h"
#include <optional>

namespace sffnn {

/// Counts of the weights seen while building layers.
struct WeightCounts {
  int64_t zero = 0, pruned = 0, kept = 0;
};

/// A layer reading `sources` (`inputs` features in all) through the dense matrix
/// `w` scaled by `alpha`: w is inputs x neurons (row-major) or, with
/// `transposed`, neurons x inputs. Keeps alpha*w unless it is zero or
/// |alpha*w| <= threshold. A non-finite weight is an error. O(inputs*neurons).
llvm::Expected<Layer> denseToLayer(std::vector<int> sources,
                                   const std::vector<float> &w,
                                   int64_t inputs, int64_t neurons,
                                   bool transposed, float alpha,
                                   std::optional<float> threshold,
                                   WeightCounts &counts);

/// One operand of a combination: a layer to absorb (its sources, weights and
/// bias), or a source read through identity weights.
struct Term {
  std::optional<Layer> layer;
  int source = kNetworkInput;
  int64_t width = 0;
};

/// The layer computing the sum of the terms (all of one width) when `stack`
/// is false, or their concatenation along features when it is true. Its
/// sources are the terms' sources in order; each weight keeps its value, so
/// the result equals the ONNX Add/Concat up to the order of the sum.
/// Absorbed layers must share `activation` and `clamp` when stacking, and
/// be identity layers when summing. O(connections of the terms).
Layer combine(std::vector<Term> &terms, bool stack, Activation activation,
              std::optional<float> clamp);

} // namespace sffnn

#endif // SFFNN_MODEL_LAYERALGEBRA_H
