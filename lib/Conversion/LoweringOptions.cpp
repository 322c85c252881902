//===- LoweringOptions.cpp - ranges and the target's tile -----------------===//
#include "sffnn/Conversion/LoweringOptions.h"

#include "sffnn/Codegen/KernelForm.h"
#include "sffnn/Support/TargetInfo.h"

#include "llvm/ADT/Twine.h"

using namespace sffnn;

static llvm::Error outOfRange(const char *flag, int64_t value, int64_t low,
                              int64_t high) {
  if (value >= low && value <= high)
    return llvm::Error::success();
  return llvm::createStringError(llvm::Twine(flag) + " must be in [" +
                                 llvm::Twine(low) + ", " + llvm::Twine(high) +
                                 "], got " + llvm::Twine(value));
}

llvm::Error LoweringOptions::validate() const {
  constexpr int64_t kMax = int64_t(1) << 40;
  if (llvm::Error err = outOfRange("tile", tile, 0, 256))
    return err;
  if (llvm::Error err = outOfRange("register-tile", registerTile, 1, 64))
    return err;
  if (llvm::Error err = outOfRange("pull-window", pullWindow, 0, kMax))
    return err;
  if (llvm::Error err =
          outOfRange("chunk-connections", chunkConnections, -1, kMax))
    return err;
  if (chunkConnections == 0)
    return llvm::createStringError(
        "chunk-connections must be -1 (automatic) or at least 1, got 0");
  if (llvm::Error err = outOfRange("tiles-per-group", tilesPerGroup, 0, 1 << 20))
    return err;
  if (llvm::Error err = outOfRange("small-batch", smallBatch, -1, kMax))
    return err;
  if (!codegen::parseKernelForm(kernelForm))
    return llvm::createStringError("unknown kernel-form '" + kernelForm +
                                   "'; expected auto, straight-line, table or alternate");
  if (fmaEmitter != "auto" && fmaEmitter != "llvm" &&
      fmaEmitter != "x86-avx512")
    return llvm::createStringError("unknown fma-emitter '" + fmaEmitter +
                                   "'; expected auto, llvm or x86-avx512");
  return outOfRange("max-straight-line", maxStraightLine, -1, kMax);
}

llvm::Expected<int64_t> LoweringOptions::resolvedTile() const {
  if (tile != 0)
    return tile;
  return resolvedLanes();
}

llvm::Expected<int64_t> LoweringOptions::resolvedLanes() const {
  llvm::Expected<TargetInfo> target =
      describeTarget(targetTriple, targetCpu, targetFeatures);
  if (!target)
    return target.takeError();
  return target->simdLanes;
}

llvm::Expected<std::string> LoweringOptions::resolvedFmaEmitter() const {
  if (fmaEmitter == "llvm")
    return fmaEmitter;
  llvm::Expected<TargetInfo> target =
      describeTarget(targetTriple, targetCpu, targetFeatures);
  if (!target)
    return target.takeError();
  // The assembly handles words of 16 floats, one zmm register.
  int64_t words = tile != 0 ? tile : target->simdLanes;
  if (target->x86Avx512 && words == 16)
    return std::string("x86-avx512");
  if (fmaEmitter == "auto")
    return std::string("llvm");
  if (!target->x86Avx512)
    return llvm::createStringError("fma-emitter=x86-avx512 needs an x86-64 "
                                   "target with AVX-512F, not " +
                                   target->triple + " cpu '" + target->cpu +
                                   "'");
  return llvm::createStringError("fma-emitter=x86-avx512 needs words of 16 "
                                 "floats (tile=16), not " +
                                 llvm::Twine(words));
}
