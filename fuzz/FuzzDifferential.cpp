//===- FuzzDifferential.cpp - random small networks, compiled = interpreter -===//
//
// Structure-aware: the input bytes are the draws of the differential
// campaign (lib/Testing/Differential.cpp), read a byte or a few at a time,
// so every input is a valid small network (any generator, activation,
// clamp, skip pattern) with valid compile options (tile 1-32, register
// tile, chunk size, kernel form, drop-dead-samples, threads, opt level) and
// a batch around a tile multiple. It is compiled as sparse-ffnn-run does and
// every output compared with the interpreter within the tolerance of
// docs/Testing.md; a difference aborts with what was drawn and the
// sparse-ffnn-run command that reproduces it outside the fuzzer.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Support/Tolerance.h"
#include "sffnn/Testing/Differential.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace sffnn::difftest;

namespace {

/// Draws from the fuzzer's bytes; zeros once they run out.
class ByteChoices : public Choices {
public:
  ByteChoices(const uint8_t *data, size_t size) : data(data), size(size) {}
  uint64_t below(uint64_t n) override {
    uint64_t value = 0;
    for (uint64_t range = 1; range < n && range != 0; range <<= 8)
      value = (value << 8) | (used < size ? data[used++] : 0);
    return value % n;
  }

private:
  const uint8_t *data;
  size_t size, used = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Small networks (each input is compiled and linked: about a second
  // under ASan), so that the fuzzer tries many structures.
  Limits limits;
  limits.maxConnections = 120;
  limits.maxWidth = 24;
  limits.maxTiles = 3;
  ByteChoices choices(data, size);
  llvm::Expected<Case> c = drawCase(choices, limits);
  if (!c) {
    llvm::errs() << "drawing failed: " << llvm::toString(c.takeError())
                 << "\n";
    std::abort();
  }
  Outcome outcome = check(*c, sffnn::kDefaultRtol);
  if (outcome.passed)
    return 0;
  llvm::errs() << "differential: " << outcome.message << "\n  network: "
               << c->generator << "\n  options:" << optionFlags(*c)
               << " (batch " << c->inputs.samples << ")\n";
  auto command = writeReproducer(*c, "fuzz-differential-failure",
                                 "sparse-ffnn-run");
  if (command)
    llvm::errs() << "  reproduce: " << *command << "\n";
  else
    llvm::errs() << "  " << llvm::toString(command.takeError()) << "\n";
  std::abort();
}
