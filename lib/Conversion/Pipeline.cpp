//===- Pipeline.cpp - sffnn-to-llvm-pipeline ------------------------------===//
#include "sffnn/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::sffnn;

ConvertSFFNNToVectorOptions
SFFNNToLLVMPipelineOptions::toConversionOptions() const {
  ConvertSFFNNToVectorOptions options;
  options.tile = tile;
  options.registerTile = registerTile;
  options.chunkConnections = chunkConnections;
  options.tilesPerGroup = tilesPerGroup;
  options.blockLevel = blockLevel;
  options.kernelForm = kernelForm;
  options.maxStraightLine = maxStraightLine;
  options.dropDeadSamples = dropDeadSamples;
  return options;
}

void mlir::sffnn::buildSFFNNToLLVMPipeline(
    OpPassManager &pm, const SFFNNToLLVMPipelineOptions &options) {
  pm.addPass(createConvertSFFNNToVector(options.toConversionOptions()));
  // Function-local lowerings run on every function in parallel (MLIR's
  // thread pool): straight-line kernels are thousands of functions.
  OpPassManager &fn = pm.nest<func::FuncOp>();
  // Subviews of the scratch area become pointer arithmetic.
  fn.addPass(memref::createExpandStridedMetadataPass());
  fn.addPass(createLowerAffinePass());
  fn.addPass(createSCFToControlFlowPass());
  // Inputs and outputs are transposed by T x T blocks in registers.
  ConvertVectorToLLVMPassOptions vectorOptions;
  int64_t tile = options.tile == 0 ? hostSimdWidth() : int64_t(options.tile);
  vectorOptions.vectorTransposeLowering =
      tile == 16 ? vector::VectorTransposeLowering::Shuffle16x16
                 : vector::VectorTransposeLowering::Shuffle1D;
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
      buildSFFNNToLLVMPipeline);
}
