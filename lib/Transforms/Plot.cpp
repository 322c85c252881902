//===- Plot.cpp - sffnn-io-plot: I/Os versus fast memory as SVG -----------===//
#include "IOAttributes.h"
#include "PassOutput.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/IO/Expansion.h"
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

/// How a point was counted, for its tooltip and the title.
std::string expansionText(io::Expansion expansion, int64_t registerTile) {
  if (expansion == io::Expansion::Neuron)
    return io::expansionName(expansion);
  return (Twine(io::expansionName(expansion)) + " of " + Twine(registerTile))
      .str();
}

/// Adds a point counted under `expansion` to a measured series: its tooltip
/// says M, the count and the expansion; register groups are drawn hollow
/// when the plot lets each point take the cheaper expansion.
void addPoint(svg::Series &series, int64_t m, int64_t total,
              io::Expansion expansion, const ExpansionChoice &choice) {
  series.points.push_back({double(m), double(total)});
  series.tooltips.push_back(
      ("M=" + Twine(m) + ": " + Twine(total) + " I/Os (" +
       expansionText(expansion, choice.registerTile) + ")")
          .str());
  series.hollow.push_back(choice.expansions.size() > 1 &&
                          expansion == io::Expansion::RegisterGroups);
}

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
    auto counting = checkCountingOptions(module, expansion, registerTile);
    if (failed(counting))
      return signalPassFailure();
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
      FailureOr<ExpansionChoice> choice = countingChoice(network, *counting);
      if (failed(choice))
        return signalPassFailure();
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
        auto count =
            io::cheapestExpansion(graph, start, choice->expansions,
                                  choice->registerTile, m, *policyKind);
        if (!count) {
          emitError(network.getLoc(), llvm::toString(count.takeError()));
          return signalPassFailure();
        }
        addPoint(baseline, m, count->count.total(), count->expansion, *choice);
        auto best = io::bestAnchor(graph, m, *policyKind, choice->expansions,
                                   choice->registerTile);
        if (!best) {
          emitError(network.getLoc(), llvm::toString(best.takeError()));
          return signalPassFailure();
        }
        addPoint(anchor, m, best->count.total(), best->expansion, *choice);
        instance.points.push_back(
            {double(m),
             double(bounds.parameterIOs +
                    io::instanceLowerBound(graph, m).activation())});
        if (annealIterations > 0) {
          io::AnnealOptions options;
          options.fastMemory = m;
          options.policy = *policyKind;
          options.iterations = annealIterations;
          options.expansions.assign(choice->expansions.begin(),
                                    choice->expansions.end());
          options.registerTile = choice->registerTile;
          auto result = io::anneal(graph, start, options);
          if (!result) {
            emitError(network.getLoc(), llvm::toString(result.takeError()));
            return signalPassFailure();
          }
          addPoint(annealed, m, result->best.total(), result->expansion,
                   *choice);
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
      // Which expansion the points were counted with: one, or the cheaper
      // of both at each point (those of register groups drawn hollow).
      std::string counted =
          choice->expansions.size() == 1
              ? expansionText(choice->expansions.front(), choice->registerTile)
              : "best of neuron and " +
                    expansionText(io::Expansion::RegisterGroups,
                                  choice->registerTile);
      if (choice->expansions.size() > 1)
        chart.notes = {"hollow: register groups",
                       "(of " + std::to_string(choice->registerTile) +
                           ") were cheaper"};
      chart.title =
          ("I/Os of @" + network.getSymName() + ": I=" + Twine(bounds.inputs) +
           " n=" + Twine(bounds.neurons) + " W=" + Twine(bounds.connections) +
           " (" + io::policyName(*policyKind) + ", " + counted + ")")
              .str();
      if (failed(writeOutputFile(module, path, [&](llvm::raw_ostream &os) {
            svg::drawLineChart(os, chart);
          })))
        return signalPassFailure();
    }
  }
};

} // namespace
