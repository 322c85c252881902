//===- SFFNNToVector.cpp - convert-sffnn-to-vector ------------------------===//
//
// The pass: builds the program and its plan (sffnn::codegen::planKernel
// decides register groups, slots, pool layout, chunks and each chunk's
// form) and hands them to the KernelDriver, which only spells them as func,
// scf, memref, vector, arith and math operations. docs/Codegen.md describes
// the generated code.
//
//===----------------------------------------------------------------------===//
#include "KernelDriver.h"

#include "sffnn/Analysis/ProgramFromIR.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/IO/Schedule.h"

#include "llvm/TargetParser/Host.h"

#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_CONVERTSFFNNTOVECTOR
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace cg = ::sffnn::codegen;
namespace io = ::sffnn::io;
using lowering::KernelDriver;
using lowering::KernelOptions;

namespace {

/// Positions where blocks of `level` (or the largest recorded level) start.
FailureOr<std::vector<int64_t>> blockStarts(NetworkOp network,
                                            StringRef level) {
  auto blocks = network->getAttrOfType<DictionaryAttr>("sffnn.blocks");
  if (!blocks) {
    if (!level.empty())
      return emitError(network.getLoc(), "block-level '")
             << level << "' needs sffnn.blocks (run sffnn-block first)";
    return std::vector<int64_t>{};
  }
  Attribute chosen;
  if (!level.empty()) {
    chosen = blocks.get(level);
    if (!chosen)
      return emitError(network.getLoc(), "sffnn.blocks has no level '") << level << "'";
  } else {
    // The largest level is the one with the fewest blocks.
    int64_t fewest = std::numeric_limits<int64_t>::max();
    for (NamedAttribute entry : blocks)
      if (auto e = dyn_cast<ElementsAttr>(entry.getValue()))
        if (e.getNumElements() < fewest) {
          fewest = e.getNumElements();
          chosen = e;
        }
  }
  auto elements = dyn_cast_or_null<ElementsAttr>(chosen);
  if (!elements || !checkElements<int32_t>(elements).empty())
    return emitError(network.getLoc(), "sffnn.blocks entries must be i32 arrays");
  SmallVector<int32_t> storage;
  ArrayRef<int32_t> starts = getElementsData(elements, storage);
  return std::vector<int64_t>(starts.begin(), starts.end());
}

struct ConvertSFFNNToVectorPass
    : public mlir::sffnn::impl::ConvertSFFNNToVectorBase<
          ConvertSFFNNToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t T = tile == 0 ? hostSimdWidth() : int64_t(tile);
    if (T < 1 || T > 256) {
      emitError(module.getLoc(), "tile must be in [1, 256], got ") << T;
      return signalPassFailure();
    }
    for (NetworkOp network :
         llvm::make_early_inc_range(module.getOps<NetworkOp>())) {
      if (failed(convert(module, network, T)))
        return signalPassFailure();
      network.erase();
    }
  }

  LogicalResult convert(ModuleOp module, NetworkOp network, int64_t T) {
    cg::Program program = buildProgram(network);
    io::NeuronOrder order;
    if (auto attr = network->getAttrOfType<ElementsAttr>("sffnn.schedule")) {
      if (!checkElements<int32_t>(attr).empty())
        return emitError(network.getLoc(), "sffnn.schedule must be an i32 array");
      SmallVector<int32_t> storage;
      ArrayRef<int32_t> data = getElementsData(attr, storage);
      order.assign(data.begin(), data.end());
    } else {
      order = io::programOrder(program.graph);
    }
    FailureOr<std::vector<int64_t>> starts = blockStarts(network, blockLevel);
    if (failed(starts))
      return failure();

    KernelOptions options;
    options.tile = T;
    options.dropDeadSamples = dropDeadSamples;
    options.tilesPerGroup =
        tilesPerGroup > 0 ? int64_t(tilesPerGroup) : (dropDeadSamples ? 64 : 4);
    int64_t connections = program.graph.numEdges();

    cg::PlanOptions planOptions;
    planOptions.registerTile = registerTile;
    planOptions.chunkConnections = chunkConnections;
    planOptions.form = kernelForm;
    planOptions.maxStraightLine = maxStraightLine;
    planOptions.blockStarts = *starts;
    planOptions.dropDeadSamples = dropDeadSamples;
    auto plan = cg::planKernel(program, order, planOptions);
    if (!plan)
      return emitError(network.getLoc(), "cannot plan the kernel: ")
             << llvm::toString(plan.takeError());
    if (kernelForm == cg::KernelForm::Auto &&
        cg::chooseChunkForm(kernelForm, connections, maxStraightLine) ==
            cg::ChunkFormKind::Table)
      emitRemark(network.getLoc(), "network '")
          << network.getSymName() << "' has " << connections
          << " connections, more than max-straight-line="
          << int64_t(maxStraightLine) << ": emitting the table form";
    if (dropDeadSamples && llvm::none_of(plan->chunks, [](const cg::Chunk &c) {
          return c.dropDeadAfter;
        }))
      emitRemark(network.getLoc(),
                 "drop-dead-samples: no chunk boundary after which zero "
                 "stays zero (a positive bias or a sigmoid follows); no "
                 "sample will be dropped");
    KernelDriver(module, network.getLoc(), network.getSymName(), *plan, options)
        .emit(connections);
    return success();
  }
};

} // namespace

int64_t mlir::sffnn::hostSimdWidth() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 16;
  if (features.lookup("avx"))
    return 8;
  return 4;
}
