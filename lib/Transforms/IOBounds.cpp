//===- IOBounds.cpp - sffnn-io-bounds and sffnn-schedule ------------------===//
//
// Thin wrappers: build the graph, call the I/O library, record the results.
//
//===----------------------------------------------------------------------===//
#include "IOAttributes.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/Transforms/Passes.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNIOBOUNDS
#define GEN_PASS_DEF_SFFNNSCHEDULE
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

namespace {

struct IOBoundsPass
    : public mlir::sffnn::impl::SFFNNIOBoundsBase<IOBoundsPass> {
  using Base::Base;
  void runOnOperation() override {
    FailureOr<io::Policy> policyKind =
        checkIOOptions(getOperation(), fastMemory, policy);
    if (failed(policyKind))
      return signalPassFailure();
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      MLIRContext *ctx = network.getContext();
      network->setAttr(
          kBoundsAttr,
          boundsAttr(ctx, io::computeBounds(graph),
                     io::instanceLowerBound(graph, fastMemory), fastMemory));
      if (failed(recordSimulation(network, graph, io::programOrder(graph),
                                  fastMemory, *policyKind, kBaselineAttr)))
        return signalPassFailure();
    }
  }
};

struct SchedulePass
    : public mlir::sffnn::impl::SFFNNScheduleBase<SchedulePass> {
  using Base::Base;
  void runOnOperation() override {
    FailureOr<io::Policy> policyKind =
        checkIOOptions(getOperation(), fastMemory, policy);
    if (failed(policyKind))
      return signalPassFailure();
    std::optional<io::Anchor> anchor = io::parseAnchor(order);
    if (!anchor && order != "best") {
      emitError(getOperation().getLoc(), "unknown order '")
          << order
          << "'; expected given, baseline, depth, grouped, rcm, depth-first, "
             "partition, cache-aware, early-release or best";
      return signalPassFailure();
    }
    FailureOr<SmallVector<io::Expansion>> expansions =
        checkExpansionOptions(getOperation(), expansion, registerTile);
    if (failed(expansions))
      return signalPassFailure();
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      FailureOr<io::AnchorChoice> best =
          anchor ? io::AnchorChoice{*anchor,
                                    io::anchorOrder(graph, *anchor, fastMemory)}
                 : bestAnchorOrder(network, graph, fastMemory, *policyKind,
                                   *expansions, registerTile);
      if (failed(best))
        return signalPassFailure();
      replaceSchedule(network, ArrayRef<int32_t>(best->order));
      // Recorded with which order it is: with order=best, the anchor that
      // won.
      Builder builder(network.getContext());
      NamedAttribute order = builder.getNamedAttr(
          "order", builder.getStringAttr(io::anchorName(best->anchor)));
      if (failed(recordSimulation(network, graph, best->order, fastMemory,
                                  *policyKind, kScheduleIOAttr, *expansions,
                                  registerTile, order)))
        return signalPassFailure();
    }
  }
};

} // namespace
