//===- Passes.h - sffnn lowering passes and pipeline ------------*- C++ -*-===//
#ifndef SFFNN_CONVERSION_PASSES_H
#define SFFNN_CONVERSION_PASSES_H

#include "sffnn/Codegen/KernelForm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"
#include "sffnn/Conversion/LoweringOptions.h"

namespace mlir::sffnn {

#define GEN_PASS_DECL
#include "sffnn/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sffnn/Conversion/Passes.h.inc"

/// Options of sffnn-to-llvm-pipeline: LoweringOptions.def.
struct SFFNNToLLVMPipelineOptions
    : public PassPipelineOptions<SFFNNToLLVMPipelineOptions> {
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  PassOptions::Option<TYPE> FIELD{*this, FLAG, llvm::cl::desc(DESC),          \
                                  llvm::cl::init(DEFAULT)};
#include "sffnn/Conversion/LoweringOptions.def"

  ::sffnn::LoweringOptions get() const;
};

/// convert-sffnn-to-vector with the given options.
std::unique_ptr<Pass>
createConvertSFFNNToVector(const ::sffnn::LoweringOptions &options);

/// sffnn-bufferize and convert-linalg-to-loops (the code around the
/// networks), convert-sffnn-to-vector (networks, then sffnn.call), upstream
/// lowerings to the LLVM dialect, then sffnn-emit-c-abi. Bad options are
/// reported by the conversion.
void buildSFFNNToLLVMPipeline(OpPassManager &pm,
                              const ::sffnn::LoweringOptions &options);

/// Registers the passes and sffnn-to-llvm-pipeline.
void registerSFFNNConversionPassesAndPipeline();

/// The LLVM function attribute (a passthrough string) of the functions that
/// hold straight-line code, set by sffnn-expand-fma-groups: the compiler
/// optimizes them with a lighter pipeline (lib/Compiler/Compiler.cpp).
inline constexpr const char *kStraightLineAttr = "sffnn-straight-line";

/// Names of the runtime functions kernels built with drop-dead-samples call
/// (runtime/sffnn_runtime.h).
inline constexpr const char *kDropDeadFunction = "sffnn_rt_drop_dead";
inline constexpr const char *kScatterFunction = "sffnn_rt_scatter";

} // namespace mlir::sffnn

#endif // SFFNN_CONVERSION_PASSES_H
