//===- Differential.h - random networks checked against the interpreter -*- C++ -*-===//
//
// The differential campaign (scripts/difftest.sh, sparse-ffnn-difftest) and
// the structure-aware fuzz target (fuzz/FuzzDifferential.cpp) draw a case
// (a random network, random compile options, a batch of inputs), compile it
// the way sparse-ffnn-run does (compileAndLoad, sffnn_run) and compare every
// output with the reference interpreter within the tolerance of
// docs/Testing.md (sffnn::compareOutputs). Every draw goes through a
// `Choices`, so that the campaign draws from a seeded generator and the
// fuzzer from its input bytes, with the same structure.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_TESTING_DIFFERENTIAL_H
#define SFFNN_TESTING_DIFFERENTIAL_H

#include "sffnn/Compiler/Compiler.h"
#include "sffnn/Formats/Matrix.h"
#include "sffnn/Model/LayeredNetwork.h"
#include "sffnn/Support/Random.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sffnn::difftest {

/// Where the draws come from.
class Choices {
public:
  virtual ~Choices() = default;
  /// Uniform in [0, n), n >= 1.
  virtual uint64_t below(uint64_t n) = 0;
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool oneIn(uint64_t n) { return below(n) == 0; }
  template <typename T> T pick(llvm::ArrayRef<T> values) {
    return values[below(values.size())];
  }
  template <typename T, size_t N> T pick(const T (&values)[N]) {
    return values[below(N)];
  }
};

/// Draws from sffnn::Random (the campaign).
class RandomChoices : public Choices {
public:
  explicit RandomChoices(uint64_t seed) : random(seed) {}
  uint64_t below(uint64_t n) override { return random.below(n); }

private:
  Random random;
};

/// What a draw may produce.
struct Limits {
  /// About the largest network drawn (connections).
  int64_t maxConnections = 5000;
  /// Largest layer width (the campaign: 3000; the fuzzer: small).
  int64_t maxWidth = 3000;
  /// One network in `largeOneIn` may be as large as the two limits above
  /// allow; the others stay below `smallConnections` and `smallWidth`, so
  /// that a campaign checks many structures rather than compiling a few
  /// large ones (code generation time grows with connections times lanes).
  int64_t largeOneIn = 25;
  int64_t smallConnections = 300, smallWidth = 64;
  /// Largest number of batch tiles (the batch is about k * tile, k <= this).
  int64_t maxTiles = 4;
  /// Leave out the two defects of issue 12 the campaign first found (a
  /// sigmoid output layer; drop-dead-samples with a tile that is not a
  /// power of two), both fixed: for bisecting old commits.
  bool excludeKnown = false;
};

/// One network, its compile options and its inputs.
struct Case {
  LayeredNetwork network;
  /// How it was drawn ("layered widths=3,17,5 density=0.3 ..."), for humans.
  std::string generator;
  mlir::sffnn::CompileOptions options;
  int threads = 1;
  DenseBatch inputs;
};

/// Draws a case; an error when a generator rejects its draws (a bug of the
/// draws or of the generator, reported as a failure).
llvm::Expected<Case> drawCase(Choices &choices, const Limits &limits);

/// What checking a case found.
struct Outcome {
  bool passed = false;
  /// Empty when passed: the compiler's diagnostics, or the comparison.
  std::string message;
  double maxError = 0, maxScaled = 0;
  /// What the compiler chose ("straight-line" or "table") and its times.
  std::string form;
  mlir::sffnn::CompileStats stats;
};

/// Compiles and runs `c` as sparse-ffnn-run --verify does, in a context of
/// its own (resources of earlier cases are freed), and compares. With
/// `injectError`, adds 1 to the first output before comparing: the tests
/// of the failure path.
Outcome check(const Case &c, double rtol, bool injectError = false);

/// check() for several cases with one link: each is compiled to an object
/// file (kernels named apart), all are linked with the runtime into one
/// shared library (linkSharedLibrary, as compile() links one), loaded and
/// run. The linker is the largest cost of a small network, and this pays it
/// once per batch. A failed link falls back to check() for each case.
/// `starting(k)` is called before case k is compiled and before it runs.
std::vector<Outcome> checkAll(llvm::ArrayRef<Case> cases, double rtol,
                              bool injectError,
                              llvm::function_ref<void(size_t)> starting);

/// Writes the network (`stem`.mlir) and the inputs (`stem`.txt) and returns
/// the sparse-ffnn-run command that checks them, with every option that
/// differs from its default.
llvm::Expected<std::string> writeReproducer(const Case &c,
                                            llvm::StringRef stem,
                                            llvm::StringRef runTool);

/// The compile options as sparse-ffnn-run flags ("--tile=3 --threads=2").
std::string optionFlags(const Case &c);

} // namespace sffnn::difftest

#endif // SFFNN_TESTING_DIFFERENTIAL_H
