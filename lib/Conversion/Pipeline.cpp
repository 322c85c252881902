//===- Pipeline.cpp - sffnn-to-llvm-pipeline ------------------------------===//
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
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
  // The code around the networks (a whole ML model, calling them through
  // sffnn.call): buffers, deallocation, then loops. These passes leave the
  // networks alone and do nothing in a module of networks only, whose
  // lowering stays exactly what it was. They run before the kernels exist,
  // so that the canonicalizer and linalg's pattern driver (which fold and
  // move constants) never see them.
  pm.addPass(createSFFNNBufferize());
  // What bufferization allocated is freed (ownership-based deallocation, per
  // function; its generic helper, when needed, is added to the module).
  OpPassManager &around = pm.nest<func::FuncOp>();
  around.addPass(bufferization::createOwnershipBasedBufferDeallocationPass());
  around.addPass(createCanonicalizerPass());
  around.addPass(bufferization::createBufferDeallocationSimplificationPass());
  pm.addPass(bufferization::createLowerDeallocationsPass());
  OpPassManager &loops = pm.nest<func::FuncOp>();
  // bufferization.clone (returned buffers the callee does not own).
  loops.addPass(createConvertBufferizationToMemRefPass());
  loops.addPass(createCSEPass());
  loops.addPass(createCanonicalizerPass());
  loops.addPass(createConvertLinalgToLoopsPass());
  // The networks, then the calls of their kernels.
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
  // Last: the loads and FMAs of straight-line chunks, one op per connection,
  // which no conversion pass above then walks (docs/Codegen.md).
  SFFNNExpandFmaGroupsOptions expand;
  // (An x86-avx512 the target cannot take fails in convert-sffnn-to-vector.)
  if (llvm::Expected<std::string> emitter = options.resolvedFmaEmitter())
    expand.emitter = *emitter;
  else
    llvm::consumeError(emitter.takeError());
  pm.addPass(createSFFNNExpandFmaGroups(expand));
}

void mlir::sffnn::registerSFFNNConversionPassesAndPipeline() {
  registerSFFNNConversionPasses();
  PassPipelineRegistration<SFFNNToLLVMPipelineOptions>(
      "sffnn-to-llvm-pipeline",
      "Lower a module to the LLVM dialect: sffnn-bufferize, deallocation "
      "and linalg to loops for the code around the networks, "
      "convert-sffnn-to-vector "
      "(networks and sffnn.call), upstream lowerings, and the C entry "
      "points (docs/Codegen.md, docs/Integration.md)",
      [](OpPassManager &pm, const SFFNNToLLVMPipelineOptions &options) {
        buildSFFNNToLLVMPipeline(pm, options.get());
      });
}
