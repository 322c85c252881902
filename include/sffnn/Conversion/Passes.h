//===- Passes.h - sffnn lowering passes and pipeline ------------*- C++ -*-===//
#ifndef SFFNN_CONVERSION_PASSES_H
#define SFFNN_CONVERSION_PASSES_H

#include "sffnn/Codegen/KernelForm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::sffnn {

#define GEN_PASS_DECL
#include "sffnn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sffnn/Conversion/Passes.h.inc"

/// Options of sffnn-to-llvm-pipeline: those of convert-sffnn-to-vector.
struct SFFNNToLLVMPipelineOptions
    : public PassPipelineOptions<SFFNNToLLVMPipelineOptions> {
  PassOptions::Option<int64_t> tile{
      *this, "tile",
      llvm::cl::desc("Samples per word; 0 = the host's SIMD width"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> registerTile{
      *this, "register-tile", llvm::cl::desc("Neurons per register group"),
      llvm::cl::init(16)};
  PassOptions::Option<int64_t> chunkConnections{
      *this, "chunk-connections",
      llvm::cl::desc("Connections per chunk function"), llvm::cl::init(1024)};
  PassOptions::Option<int64_t> tilesPerGroup{
      *this, "tiles-per-group",
      llvm::cl::desc("Batch tiles a chunk runs over before the next one"),
      llvm::cl::init(0)};
  PassOptions::Option<std::string> blockLevel{
      *this, "block-level",
      llvm::cl::desc("Level of sffnn.blocks that starts chunks"),
      llvm::cl::init("")};
  PassOptions::Option<::sffnn::codegen::KernelForm> kernelForm{
      *this, "kernel-form", llvm::cl::desc("Form of the chunks' code"),
      llvm::cl::init(::sffnn::codegen::KernelForm::Auto),
      llvm::cl::values(
          clEnumValN(::sffnn::codegen::KernelForm::Auto, "auto",
                     "straight-line up to max-straight-line connections, "
                     "else table"),
          clEnumValN(::sffnn::codegen::KernelForm::StraightLine,
                     "straight-line", "one FMA per connection"),
          clEnumValN(::sffnn::codegen::KernelForm::Table, "table",
                     "loops over constant tables"))};
  PassOptions::Option<int64_t> maxStraightLine{
      *this, "max-straight-line",
      llvm::cl::desc("With kernel-form=auto: largest network that gets "
                     "straight-line code"),
      llvm::cl::init(100000)};
  PassOptions::Option<bool> dropDeadSamples{
      *this, "drop-dead-samples",
      llvm::cl::desc("Drop samples whose activations are all zero"),
      llvm::cl::init(false)};

  ConvertSFFNNToVectorOptions toConversionOptions() const;
};

/// convert-sffnn-to-vector, then upstream lowerings to the LLVM dialect,
/// then sffnn-emit-c-abi.
void buildSFFNNToLLVMPipeline(OpPassManager &pm,
                              const SFFNNToLLVMPipelineOptions &options);

/// Registers the passes and sffnn-to-llvm-pipeline.
void registerSFFNNConversionPassesAndPipeline();

/// fp32 lanes of the host's widest vector unit (16 with AVX-512, 8 with
/// AVX, else 4): the default batch tile.
int64_t hostSimdWidth();

/// Names of the runtime functions kernels built with drop-dead-samples call
/// (runtime/sffnn_runtime.h).
inline constexpr const char *kDropDeadFunction = "sffnn_rt_drop_dead";
inline constexpr const char *kScatterFunction = "sffnn_rt_scatter";
/// Attribute marking a lowered kernel, with its shape.
inline constexpr const char *kKernelAttr = "sffnn.kernel";

} // namespace mlir::sffnn

#endif // SFFNN_CONVERSION_PASSES_H
