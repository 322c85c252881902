//===- Tolerance.h - comparing outputs computed in another order -*- C++ -*-===//
//
// Reordering a sum changes its rounding, so compiled kernels are compared
// with the reference interpreter within a tolerance (docs/Testing.md):
// output j passes when
//
//     |got - want| <= rtol * s_j  +  floorUlps * ulp(want)
//
// with s_j the output's error scale, which the interpreter propagates
// through the network: s_j = |b_j| + sum_k |w_kj| * (|y_k| + c_k), y_k the
// source values and c_k the error scale source k carries (0 for the
// network's inputs, slope * s_k for a neuron). ulp(want) is the spacing of
// floats at the reference value. The floor accepts the rounding of the
// output itself: an activation such as a sigmoid near 0.5 whose terms are
// tiny (s_j ~ 1e-3) may differ by an ulp of its output although its sum is
// exact. An infinite error (a sum that overflowed to inf in one order and
// not in the other, NaN against a number) always fails, even where the
// propagated scale itself overflowed float, as it does in deep networks.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_TOLERANCE_H
#define SFFNN_SUPPORT_TOLERANCE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace sffnn {

/// The tools' default rtol.
constexpr double kDefaultRtol = 1e-5;

/// Units in the last place of the output that always pass.
constexpr double kDefaultFloorUlps = 2;

struct Comparison {
  double maxError = 0;  ///< largest |got - want|
  double maxScaled = 0; ///< largest |got - want| / s_j
  /// Largest tolerance rtol * s_j + floor of an output: how large an
  /// error the comparison would have let through.
  double maxTolerance = 0;
  int64_t failures = 0;
  int64_t firstFailure = -1; ///< index of the first failing output
};

/// The spacing of floats at |value| (the distance to the next float away
/// from zero).
double ulpOf(float value);

/// Compares element by element (equal sizes); NaN matches NaN only.
Comparison compareOutputs(llvm::ArrayRef<float> got,
                          llvm::ArrayRef<float> want,
                          llvm::ArrayRef<float> scale, double rtol,
                          double floorUlps = kDefaultFloorUlps);

} // namespace sffnn

#endif // SFFNN_SUPPORT_TOLERANCE_H
