//===- Plot.cpp - sffnn-io-plot: I/Os versus fast memory as SVG -----------===//
#include "IOAttributes.h"
#include "PassOutput.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNIOPLOT
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

namespace {

struct Series {
  const char *label, *color;
  std::vector<std::pair<int64_t, int64_t>> points; // (M, total I/Os)
  bool dashed = false;
};

/// A line chart with a log2 x axis; hand-written SVG, no dependencies.
void drawSvg(llvm::raw_ostream &os, StringRef title, ArrayRef<Series> series) {
  const double width = 720, height = 440, left = 90, right = 190, top = 50,
               bottom = 60;
  double xMin = 1e300, xMax = 0, yMax = 0;
  for (const Series &s : series)
    for (auto [m, ios] : s.points) {
      xMin = std::min(xMin, std::log2(double(m)));
      xMax = std::max(xMax, std::log2(double(m)));
      yMax = std::max(yMax, double(ios));
    }
  if (xMax <= xMin)
    xMax = xMin + 1;
  yMax *= 1.08;
  auto x = [&](double m) {
    return left +
           (std::log2(m) - xMin) / (xMax - xMin) * (width - left - right);
  };
  auto y = [&](double v) {
    return top + (1 - v / yMax) * (height - top - bottom);
  };
  os << llvm::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n",
      width, height);
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  os << llvm::format("<text x=\"%.0f\" y=\"28\" font-size=\"15\">", left)
     << title << "</text>\n";
  // Axes, ticks and grid.
  os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"black\"/>\n",
                     left, height - bottom, width - right, height - bottom);
  os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"black\"/>\n",
                     left, top, left, height - bottom);
  for (double e = std::ceil(xMin); e <= xMax + 1e-9; e += 1) {
    double px = x(std::exp2(e));
    os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#ddd\"/>\n",
                       px, top, px, height - bottom);
    os << llvm::format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                       "%.0f</text>\n",
                       px, height - bottom + 18, std::exp2(e));
  }
  // Round ticks: a step of 1, 2 or 5 times a power of ten.
  double raw = yMax / 5, power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = raw / power < 2   ? 2 * power
                : raw / power < 5 ? 5 * power
                                  : 10 * power;
  for (double v = 0; v <= yMax; v += step) {
    double py = y(v);
    os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#ddd\"/>\n",
                       left, py, width - right, py);
    std::string label;
    llvm::raw_string_ostream(label)
        << (v >= 1e6   ? llvm::format("%gM", v / 1e6)
            : v >= 1e3 ? llvm::format("%gk", v / 1e3)
                       : llvm::format("%g", v));
    os << llvm::format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">"
                       "%s</text>\n",
                       left - 6, py + 4, label.c_str());
  }
  os << llvm::format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                     "fast memory M (words, log scale)</text>\n",
                     (left + width - right) / 2, height - 18);
  os << llvm::format(
      "<text x=\"20\" y=\"%.1f\" transform=\"rotate(-90 20 "
      "%.1f)\" text-anchor=\"middle\">total I/Os (words)</text>\n",
      (top + height - bottom) / 2, (top + height - bottom) / 2);
  // Series and legend.
  for (auto [k, s] : llvm::enumerate(series)) {
    os << "<polyline fill=\"none\" stroke=\"" << s.color
       << "\" stroke-width=\"2\""
       << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"";
    for (auto [m, ios] : s.points)
      os << llvm::format("%.1f,%.1f ", x(double(m)), y(double(ios)));
    os << "\"/>\n";
    if (!s.dashed)
      for (auto [m, ios] : s.points)
        os << llvm::format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
                           "fill=\"%s\"/>\n",
                           x(double(m)), y(double(ios)), s.color);
    double ly = top + 20 + 22 * k;
    os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                       width - right + 15, ly, width - right + 45, ly, s.color,
                       s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    os << llvm::format("<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                       width - right + 52, ly + 4, s.label);
  }
  os << "</svg>\n";
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
      Series lower{"lower bound", "#2a7", {}, true};
      Series upper{"upper bound", "#c33", {}, true};
      Series baseline{"baseline", "#36c", {}};
      Series annealed{"annealed", "#e80", {}};
      io::NeuronOrder start = io::programOrder(graph);
      for (int64_t m : sizes) {
        lower.points.push_back({m, bounds.lower()});
        upper.points.push_back({m, bounds.upper()});
        auto count = io::simulateNeuronOrder(graph, start, m, *policyKind);
        if (!count) {
          emitError(network.getLoc(), llvm::toString(count.takeError()));
          return signalPassFailure();
        }
        baseline.points.push_back({m, count->total()});
        if (annealIterations > 0) {
          io::AnnealOptions options;
          options.fastMemory = m;
          options.policy = *policyKind;
          options.iterations = annealIterations;
          auto result = io::anneal(graph, start, options);
          if (!result) {
            emitError(network.getLoc(), llvm::toString(result.takeError()));
            return signalPassFailure();
          }
          annealed.points.push_back({m, result->best.total()});
        }
      }
      std::vector<Series> series = {upper, baseline};
      if (annealIterations > 0)
        series.push_back(annealed);
      series.push_back(lower);
      std::string path = output;
      if (networks.size() > 1) {
        llvm::SmallString<128> p(output);
        llvm::sys::path::replace_extension(p, "");
        path = (p + "." + network.getSymName() + ".svg").str();
      }
      std::string title =
          ("I/Os of @" + network.getSymName() + ": I=" + Twine(bounds.inputs) +
           " n=" + Twine(bounds.neurons) + " W=" + Twine(bounds.connections) +
           " (" + io::policyName(*policyKind) + ")")
              .str();
      if (failed(writeOutputFile(module, path, [&](llvm::raw_ostream &os) {
            drawSvg(os, title, series);
          })))
        return signalPassFailure();
    }
  }
};

} // namespace
