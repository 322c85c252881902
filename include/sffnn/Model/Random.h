//===- Random.h - distributions of weights and biases ----------*- C++ -*-===//
//
// Seeded distributions over sffnn::Random (sffnn/Support/Random.h): the same
// seed gives the same network on every platform.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_RANDOM_H
#define SFFNN_MODEL_RANDOM_H

#include "sffnn/Support/Random.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>

namespace sffnn {

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
