//===- Tolerance.cpp - comparing outputs computed in another order --------===//
#include "sffnn/Support/Tolerance.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace sffnn;

double sffnn::ulpOf(float value) {
  float magnitude = std::fabs(value);
  if (!std::isfinite(magnitude))
    return 0;
  return double(std::nextafter(magnitude,
                               std::numeric_limits<float>::infinity())) -
         double(magnitude);
}

Comparison sffnn::compareOutputs(llvm::ArrayRef<float> got,
                                 llvm::ArrayRef<float> want,
                                 llvm::ArrayRef<float> scale, double rtol,
                                 double floorUlps) {
  assert(got.size() == want.size() && want.size() == scale.size());
  Comparison result;
  for (size_t i = 0; i < got.size(); ++i) {
    double g = got[i], w = want[i];
    double error = std::fabs(g - w);
    if (std::isnan(g) != std::isnan(w))
      error = INFINITY;
    else if (std::isnan(g) || g == w)
      error = 0;
    // An infinite error (one side overflowed to inf, or NaN against a
    // number) always fails: a scale that overflowed float, which deep
    // networks' propagated scales do, would otherwise let it through.
    double scaled = error == 0          ? 0
                    : std::isinf(error) ? INFINITY
                                        : error / std::max<double>(scale[i], 1e-30);
    result.maxError = std::max(result.maxError, error);
    result.maxScaled = std::max(result.maxScaled, scaled);
    double tolerance = rtol * double(scale[i]) + floorUlps * ulpOf(want[i]);
    result.maxTolerance = std::max(result.maxTolerance, tolerance);
    if (error > tolerance || std::isinf(error)) {
      if (result.failures++ == 0)
        result.firstFailure = int64_t(i);
    }
  }
  return result;
}
