//===- LoweringOptions.h - the options of the lowering ----------*- C++ -*-===//
//
// The plain value of every lowering option (LoweringOptions.def), passed
// from the tools and the compiler driver to the pipeline and the passes.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_CONVERSION_LOWERINGOPTIONS_H
#define SFFNN_CONVERSION_LOWERINGOPTIONS_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace sffnn {

struct LoweringOptions {
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  TYPE FIELD = DEFAULT;
#include "sffnn/Conversion/LoweringOptions.def"

  /// Checks every value's range ("tile must be in [0, 256], got -1").
  llvm::Error validate() const;
  /// The batch tile: `tile`, or the SIMD width of the target.
  llvm::Expected<int64_t> resolvedTile() const;
  /// The SIMD width of the target in floats (the small-batch code's
  /// vectors).
  llvm::Expected<int64_t> resolvedLanes() const;
  /// The emitter of straight-line FMAs, llvm or x86-avx512: `fmaEmitter`,
  /// auto resolved for the target and the tile (x86-avx512 needs AVX-512F
  /// and words of 16 floats); an error for x86-avx512 where it cannot be.
  llvm::Expected<std::string> resolvedFmaEmitter() const;
};

} // namespace sffnn

#endif // SFFNN_CONVERSION_LOWERINGOPTIONS_H
