//===- Plot.cpp - sffnn-io-plot: I/Os versus fast memory as SVG -----------===//
#include "IOAttributes.h"
#include "PassOutput.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/IO/InstanceBound.h"
#include "sffnn/Support/LineChart.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNIOPLOT
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;
namespace svg = ::sffnn::svg;

namespace {

struct PlotPass : public mlir::sffnn::impl::SFFNNIOPlotBase<PlotPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<io::Policy> policyKind = checkIOOptions(module, 2, policy);
    if (failed(policyKind))
      return signalPassFailure();
    if (output.empty()) {
      emitError(module.getLoc(), "sffnn-io-plot needs output=FILE.svg");
      return signalPassFailure();
    }
    if (annealIterations < 0) {
      emitError(module.getLoc(), "anneal-iterations must be at least 0, got ")
          << static_cast<int64_t>(annealIterations);
      return signalPassFailure();
    }
    std::vector<int64_t> sizes(memories.begin(), memories.end());
    if (sizes.empty())
      for (int64_t m = 2; m <= 4096; m *= 2)
        sizes.push_back(m);
    for (int64_t m : sizes)
      if (m < 2) {
        emitError(module.getLoc(), "every size in memories must be >= 2");
        return signalPassFailure();
      }
    auto networks = llvm::to_vector(module.getOps<NetworkOp>());
    for (NetworkOp network : networks) {
      io::Graph graph = buildGraph(network);
      io::Bounds bounds = io::computeBounds(graph);
      svg::Series lower{"lower bound", "#2a7", {}, true};
      svg::Series upper{"upper bound", "#c33", {}, true};
      svg::Series baseline{"baseline", "#36c", {}};
      svg::Series annealed{"annealed", "#e80", {}};
      svg::Series anchor{"best anchor", "#85c", {}};
      svg::Series instance{"instance lower bound", "#7a2", {}, true};
      io::NeuronOrder start = io::programOrder(graph);
      for (int64_t m : sizes) {
        lower.points.push_back({double(m), double(bounds.lower())});
        upper.points.push_back({double(m), double(bounds.upper())});
        auto count = io::simulateNeuronOrder(graph, start, m, *policyKind);
        if (!count) {
          emitError(network.getLoc(), llvm::toString(count.takeError()));
          return signalPassFailure();
        }
        baseline.points.push_back({double(m), double(count->total())});
        auto best = io::bestAnchor(graph, m, *policyKind);
        if (!best) {
          emitError(network.getLoc(), llvm::toString(best.takeError()));
          return signalPassFailure();
        }
        anchor.points.push_back({double(m), double(best->count.total())});
        instance.points.push_back(
            {double(m),
             double(bounds.parameterIOs +
                    io::instanceLowerBound(graph, m).activation())});
        if (annealIterations > 0) {
          io::AnnealOptions options;
          options.fastMemory = m;
          options.policy = *policyKind;
          options.iterations = annealIterations;
          // The plot's curves are neuron orders, like its anchor curve.
          options.expansions = {io::Expansion::Neuron};
          auto result = io::anneal(graph, start, options);
          if (!result) {
            emitError(network.getLoc(), llvm::toString(result.takeError()));
            return signalPassFailure();
          }
          annealed.points.push_back({double(m), double(result->best.total())});
        }
      }
      svg::LineChart chart;
      chart.xLabel = "fast memory M (words, log scale)";
      chart.yLabel = "total I/Os (words)";
      chart.series = {upper, baseline, anchor};
      if (annealIterations > 0)
        chart.series.push_back(annealed);
      chart.series.push_back(instance);
      chart.series.push_back(lower);
      std::string path = output;
      if (networks.size() > 1) {
        llvm::SmallString<128> p(output);
        llvm::sys::path::replace_extension(p, "");
        path = (p + "." + network.getSymName() + ".svg").str();
      }
      chart.title =
          ("I/Os of @" + network.getSymName() + ": I=" + Twine(bounds.inputs) +
           " n=" + Twine(bounds.neurons) + " W=" + Twine(bounds.connections) +
           " (" + io::policyName(*policyKind) + ")")
              .str();
      if (failed(writeOutputFile(module, path, [&](llvm::raw_ostream &os) {
            svg::drawLineChart(os, chart);
          })))
        return signalPassFailure();
    }
  }
};

} // namespace
