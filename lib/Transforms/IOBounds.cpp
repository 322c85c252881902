//===- IOBounds.cpp - sffnn-io-bounds and sffnn-schedule ------------------===//
//
// Thin wrappers: build the graph, call the I/O library, record the results.
//
//===----------------------------------------------------------------------===//
#include "IOAttributes.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/Transforms/Passes.h"

#include <algorithm>

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
      network->setAttr(kBoundsAttr,
                       boundsAttr(ctx, io::computeBounds(graph), fastMemory));
      if (failed(recordSimulation(network, graph, io::programOrder(graph),
                                  fastMemory, *policyKind, kBaselineAttr)))
        return signalPassFailure();
    }
  }
};

/// Neurons sorted by depth (longest path from the inputs), stable.
io::NeuronOrder depthOrder(const io::Graph &g) {
  std::vector<int64_t> depth(g.numNodes(), 0);
  io::NeuronOrder order = io::programOrder(g);
  for (io::Node v : order)
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      depth[v] = std::max(depth[v], depth[g.inSources[e]] + 1);
  std::stable_sort(order.begin(), order.end(),
                   [&](io::Node a, io::Node b) { return depth[a] < depth[b]; });
  return order;
}

struct SchedulePass
    : public mlir::sffnn::impl::SFFNNScheduleBase<SchedulePass> {
  using Base::Base;
  void runOnOperation() override {
    FailureOr<io::Policy> policyKind =
        checkIOOptions(getOperation(), fastMemory, policy);
    if (failed(policyKind))
      return signalPassFailure();
    if (order != "given" && order != "depth") {
      emitError(getOperation().getLoc(), "unknown order '")
          << order << "'; expected given or depth";
      return signalPassFailure();
    }
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      io::NeuronOrder chosen =
          order == "given" ? io::programOrder(graph) : depthOrder(graph);
      setSchedule(network, ArrayRef<int32_t>(chosen));
      if (failed(recordSimulation(network, graph, chosen, fastMemory,
                                  *policyKind, kScheduleIOAttr)))
        return signalPassFailure();
    }
  }
};

} // namespace
