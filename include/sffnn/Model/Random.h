//===- Random.h - portable, seeded random numbers ---------------*- C++ -*-===//
//
// SplitMix64 with our own uniform/normal transforms: the same seed gives the
// same network on every platform and standard library (std::*_distribution
// does not promise that).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_RANDOM_H
#define SFFNN_MODEL_RANDOM_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cmath>
#include <cstdint>

namespace sffnn {

class Random {
public:
  explicit Random(uint64_t seed) : state(seed) {}

  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [0, n), n >= 1.
  uint64_t below(uint64_t n) { return next() % n; }
  /// Standard normal (Box-Muller).
  double normal() {
    double u = 1.0 - uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

private:
  uint64_t state;
};

/// A distribution of weights or biases: `he` (normal, mean 0, standard
/// deviation sqrt(2 / fan-in): keeps relu activations alive), `normal:M,S`,
/// `uniform:LO,HI`, `const:V`.
struct Distribution {
  enum Kind { He, Normal, Uniform, Constant } kind = He;
  double a = 0, b = 0;

  float sample(Random &random, int64_t fanIn) const;
};

llvm::Expected<Distribution> parseDistribution(llvm::StringRef text);

} // namespace sffnn

#endif // SFFNN_MODEL_RANDOM_H
