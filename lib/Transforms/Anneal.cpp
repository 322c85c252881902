//===- Anneal.cpp - sffnn-anneal ------------------------------------------===//
#include "IOAttributes.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNANNEAL
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

namespace {

struct AnnealPass : public mlir::sffnn::impl::SFFNNAnnealBase<AnnealPass> {
  using Base::Base;
  void runOnOperation() override {
    FailureOr<io::Policy> policyKind =
        checkIOOptions(getOperation(), fastMemory, policy);
    if (failed(policyKind))
      return signalPassFailure();
    io::AnnealOptions options;
    options.fastMemory = fastMemory;
    options.policy = *policyKind;
    options.seed = seed;
    options.iterations = iterations;
    options.seconds = seconds;
    options.maxDistance = maxDistance;
    options.checkpoints = checkpoints;
    FailureOr<SmallVector<io::Expansion>> expansions =
        checkExpansionOptions(getOperation(), expansion, registerTile);
    if (failed(expansions))
      return signalPassFailure();
    options.expansions.assign(expansions->begin(), expansions->end());
    options.registerTile = registerTile;
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      // No order chosen yet: start from the best anchor (under the allowed
      // expansions), which is never worse than the program order.
      // `startName` says where it started: the recorded schedule, or the
      // anchor bestAnchorOrder chose.
      FailureOr<io::NeuronOrder> start = failure();
      StringRef startName = "recorded";
      if (getSchedule(network)) {
        start = scheduleOf(network, graph);
      } else {
        FailureOr<io::AnchorChoice> best =
            bestAnchorOrder(network, graph, fastMemory, *policyKind,
                            *expansions, registerTile);
        if (succeeded(best)) {
          start = std::move(best->order);
          startName = io::anchorName(best->anchor);
        }
      }
      if (failed(start))
        return signalPassFailure();
      auto result = io::anneal(graph, *start, options);
      if (!result) {
        emitError(network.getLoc(), llvm::toString(result.takeError()));
        return signalPassFailure();
      }
      replaceSchedule(network, ArrayRef<int32_t>(result->order));
      Builder builder(network.getContext());
      NamedAttrList attrs(countAttr(network.getContext(), result->best,
                                    *policyKind, fastMemory, result->expansion,
                                    registerTile));
      attrs.set("seed", builder.getI64IntegerAttr(seed));
      attrs.set("moves", builder.getI64IntegerAttr(result->moves));
      attrs.set("accepted", builder.getI64IntegerAttr(result->accepted));
      attrs.set("start", builder.getStringAttr(startName));
      attrs.set("start_total",
                builder.getI64IntegerAttr(result->start.total()));
      network->setAttr(kAnnealedAttr,
                       attrs.getDictionary(network.getContext()));
    }
  }
};

} // namespace
