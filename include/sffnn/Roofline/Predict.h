//===- Predict.h - per-layer predictions for a list of formats --*- C++ -*-===//
//
// What sffnn-roofline computes for every layer: its shape and, for each
// requested storage format, the roofline cost (Roofline.h); the `schedule`
// format gets its traffic per cache level from the I/O simulator. Plain C++.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_ROOFLINE_PREDICT_H
#define SFFNN_ROOFLINE_PREDICT_H

#include "sffnn/Roofline/Roofline.h"

#include "llvm/ADT/StringMap.h"

namespace sffnn::roofline {

/// A format to evaluate.
struct Format {
  enum Kind { Dense, Csr, Bsr, NM, Schedule } kind;
  int64_t a = 0, b = 0; ///< block r x c, or n:m
};

/// Parses a comma- or space-separated list of `dense`, `csr`, `bsrRxC`,
/// `N:M` (0 < N <= M) and `schedule`; an unknown word or an empty list is
/// an error.
llvm::Expected<std::vector<Format>> parseFormats(llvm::StringRef text);

/// Measured efficiency per format name: expected time = predicted / factor.
using Efficiencies = llvm::StringMap<double>;
/// Parses `FORMAT=FACTOR,...` with factors in (0, 1000]; every FORMAT must
/// be one parseFormats knows, and given once.
llvm::Expected<Efficiencies> parseEfficiencies(llvm::StringRef text);
/// The cost's time divided by its format's efficiency, if one is given.
double expectedSeconds(const Cost &cost, const Efficiencies &efficiencies);

/// The traffic into each cache level (from the next) when the layer is
/// computed alone in its program order with that level as fast memory: per
/// batch tile of L = min(batch, 16) samples, 4 bytes per parameter and 4L
/// per activation word (docs/Roofline.md). One entry per level but the last;
/// a machine with one level gets one entry, the compulsory traffic from it.
llvm::Expected<std::vector<double>> scheduleBytes(const CsrRef &weights,
                                                  bool hasBias, int64_t batch,
                                                  const MachineModel &machine);

struct LayerPrediction {
  std::string name;
  LayerShape shape;
  /// One per requested format, in the order requested.
  std::vector<Cost> costs;
  double breakEven = 0;
};

/// Evaluates every format on one layer. O(nnz) per format (the schedule
/// format: a simulation per cache level).
llvm::Expected<LayerPrediction> predictLayer(std::string name,
                                             const CsrRef &weights,
                                             bool hasBias, int64_t batch,
                                             llvm::ArrayRef<Format> formats,
                                             const MachineModel &machine);

struct NetworkPrediction {
  std::string name;
  int64_t batch = 1;
  std::vector<LayerPrediction> layers;
};

} // namespace sffnn::roofline

#endif // SFFNN_ROOFLINE_PREDICT_H
