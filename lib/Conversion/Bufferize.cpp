//===- Bufferize.cpp - sffnn-bufferize ------------------------------------===//
//
// One-Shot Bufferize of the code around the networks. Upstream's
// one-shot-bufferize would also try the networks' bodies, whose neuron
// values are not buffers and never will be (convert-sffnn-to-vector lowers
// them whole), and fail there; this pass runs the same module
// bufferization with those ops filtered out, at function boundaries and
// with identity layouts, so that every buffer an sffnn.call sees is
// row-major and contiguous unless the user's own code made a strided view.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNBUFFERIZE
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace bz = mlir::bufferization;

namespace {

struct BufferizePass
    : public mlir::sffnn::impl::SFFNNBufferizeBase<BufferizePass> {
  void runOnOperation() override {
    bz::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bz::LayoutMapOption::IdentityLayoutMap);
    options.unknownTypeConverterFn = [](TensorType type, Attribute space,
                                        const bz::BufferizationOptions &) {
      return bz::getMemRefTypeWithStaticIdentityLayout(type, space);
    };
    options.opFilter.denyOperation([](Operation *op) {
      return isa<NetworkOp>(op) || op->getParentOfType<NetworkOp>();
    });
    bz::BufferizationState state;
    if (failed(bz::runOneShotModuleBufferize(getOperation(), options, state)))
      signalPassFailure();
  }
};

} // namespace
