//===- Pipeline.cpp - sffnn-to-llvm-pipeline ------------------------------===//
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::sffnn;

::sffnn::LoweringOptions SFFNNToLLVMPipelineOptions::get() const {
  ::sffnn::LoweringOptions options;
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  options.FIELD = FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
  return options;
}

void mlir::sffnn::buildSFFNNToLLVMPipeline(
    OpPassManager &pm, const ::sffnn::LoweringOptions &options) {
  if (options.mergeDuplicateNeurons)
    pm.addPass(createSFFNNMergeDuplicateNeurons());
  pm.addPass(createConvertSFFNNToVector(options));
  // Function-local lowerings run on every function in parallel (MLIR's
  // thread pool): straight-line kernels are thousands of functions.
  OpPassManager &fn = pm.nest<func::FuncOp>();
  // Subviews of the scratch area become pointer arithmetic.
  fn.addPass(memref::createExpandStridedMetadataPass());
  fn.addPass(createLowerAffinePass());
  fn.addPass(createSCFToControlFlowPass());
  // Inputs and outputs are transposed by T x T blocks in registers.
  ConvertVectorToLLVMPassOptions vectorOptions;
  // (A target the conversion cannot resolve fails there, with its error.)
  llvm::Expected<int64_t> tile = options.resolvedTile();
  vectorOptions.vectorTransposeLowering =
      tile && *tile == 16 ? vector::VectorTransposeLowering::Shuffle16x16
                          : vector::VectorTransposeLowering::Shuffle1D;
  if (!tile)
    llvm::consumeError(tile.takeError());
  fn.addPass(createConvertVectorToLLVMPass(vectorOptions));
  fn.addPass(createConvertMathToLLVMPass());
  // Module-level: memref globals and allocation, function signatures.
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createSFFNNEmitCABI());
}

void mlir::sffnn::registerSFFNNConversionPassesAndPipeline() {
  registerSFFNNConversionPasses();
  PassPipelineRegistration<SFFNNToLLVMPipelineOptions>(
      "sffnn-to-llvm-pipeline",
      "Lower sffnn networks to the LLVM dialect: convert-sffnn-to-vector, "
      "upstream lowerings, and the C entry points (docs/Codegen.md)",
      [](OpPassManager &pm, const SFFNNToLLVMPipelineOptions &options) {
        buildSFFNNToLLVMPipeline(pm, options.get());
      });
}
