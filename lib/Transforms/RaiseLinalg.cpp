//===- RaiseLinalg.cpp - sffnn-raise-linalg: linalg to sffnn calls --------===//
//
// Reads the options; the matching and the rewrite are lib/Raise.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Raise/RaiseLinalg.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNRAISELINALG
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace rl = ::sffnn::roofline;

namespace {

struct RaiseLinalgPass
    : public mlir::sffnn::impl::SFFNNRaiseLinalgBase<RaiseLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    RaiseOptions options;
    if (std::isnan(minSparsity) || minSparsity > 1) {
      emitError(module.getLoc(), "min-sparsity must be at most 1 (negative: "
                                 "decided by the roofline)");
      return signalPassFailure();
    }
    if (batch < 1) {
      emitError(module.getLoc(), "batch must be at least 1");
      return signalPassFailure();
    }
    options.batch = batch;
    if (minSparsity >= 0) {
      options.minSparsity = minSparsity;
    } else if (machine.empty()) {
      options.machine = nominalHostModel();
    } else {
      llvm::Expected<rl::MachineModel> model =
          StringRef(machine).contains('=') ? rl::parseMachineModel(machine)
                                           : rl::readMachineModel(machine);
      if (!model) {
        emitError(module.getLoc(), llvm::toString(model.takeError()));
        return signalPassFailure();
      }
      options.machine = std::move(*model);
    }
    raiseLinalg(module, options);
  }
};

} // namespace
