//===- Random.h - portable, seeded random numbers ---------------*- C++ -*-===//
//
// SplitMix64 with our own uniform/normal transforms: the same seed gives the
// same numbers on every platform and standard library (std::*_distribution
// does not promise that). Header only; used by the generators (Model) and
// the annealer (IO), which is why it sits below both.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_RANDOM_H
#define SFFNN_SUPPORT_RANDOM_H

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

} // namespace sffnn

#endif // SFFNN_SUPPORT_RANDOM_H
