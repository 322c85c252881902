//===- Roofline.cpp - sffnn-roofline: predicted speed per format ----------===//
//
// Reads the options and the layers; the predictions and the table, JSON and
// chart come from lib/Roofline (Predict.h, Report.h).
//
//===----------------------------------------------------------------------===//
#include "PassOutput.h"

#include "sffnn/Roofline/Report.h"
#include "sffnn/Transforms/Passes.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNROOFLINE
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace rl = ::sffnn::roofline;

namespace {

/// The value of `expected`, or an error at `op` (consuming the error).
template <typename T>
FailureOr<T> orError(Operation *op, llvm::Expected<T> expected) {
  if (!expected) {
    emitError(op->getLoc(), llvm::toString(expected.takeError()));
    return failure();
  }
  return std::move(*expected);
}

struct RooflinePass
    : public mlir::sffnn::impl::SFFNNRooflineBase<RooflinePass> {
  using Base::Base;

  /// The predictions for every layer of `network`.
  FailureOr<rl::NetworkPrediction> predict(NetworkOp network,
                                           ArrayRef<rl::Format> formats,
                                           const rl::MachineModel &machine) {
    rl::NetworkPrediction result{network.getSymName().str(), batch, {}};
    for (auto [k, layer] :
         llvm::enumerate(network.getBody().front().getOps<LayerOp>())) {
      CsrArrays weights = layer.getWeights().getArrays();
      auto prediction =
          orError(network, rl::predictLayer("layer " + std::to_string(k + 1),
                                            weights.ref(),
                                            layer.getBiasAttr() != nullptr,
                                            batch, formats, machine));
      if (failed(prediction))
        return failure();
      result.layers.push_back(std::move(*prediction));
    }
    return result;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (machine.empty()) {
      emitError(module.getLoc(), "sffnn-roofline needs machine=FILE (from "
                                 "sparse-ffnn-run --calibrate) or a spec");
      return signalPassFailure();
    }
    auto model = orError(module, StringRef(machine).contains('=')
                                     ? rl::parseMachineModel(machine)
                                     : rl::readMachineModel(machine));
    if (failed(model))
      return signalPassFailure();
    if (batch < 1) {
      emitError(module.getLoc(), "batch must be at least 1");
      return signalPassFailure();
    }
    auto kinds = orError(module, rl::parseFormats(formats));
    if (failed(kinds))
      return signalPassFailure();
    auto factors = orError(module, rl::parseEfficiencies(efficiency));
    if (failed(factors))
      return signalPassFailure();

    llvm::json::Array json;
    std::string table;
    llvm::raw_string_ostream os(table);
    std::vector<rl::LayerPrediction> all;
    for (NetworkOp network : module.getOps<NetworkOp>()) {
      auto prediction = predict(network, *kinds, *model);
      if (failed(prediction))
        return signalPassFailure();
      rl::printTable(os, *prediction, *model, *factors);
      json.push_back(rl::toJSON(*prediction, *model, *factors));
      llvm::append_range(all, prediction->layers);
    }
    if (failed(writeOutputFile(module, output,
                               [&](llvm::raw_ostream &out) {
                                 out << llvm::formatv(
                                     "{0:2}\n",
                                     llvm::json::Value(std::move(json)));
                               })) ||
        failed(
            writeOutputFile(module, this->table,
                            [&](llvm::raw_ostream &out) { out << table; })) ||
        failed(writeOutputFile(module, svg, [&](llvm::raw_ostream &out) {
          rl::drawRoofline(out, *model, all);
        })))
      signalPassFailure();
  }
};

} // namespace
