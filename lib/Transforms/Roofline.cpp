//===- Roofline.cpp - sffnn-roofline: predicted speed per format ----------===//
#include "IOAttributes.h"
#include "PassOutput.h"

#include "sffnn/IO/Simulator.h"
#include "sffnn/Roofline/Roofline.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ToolOutputFile.h"
#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNROOFLINE
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;
namespace rl = ::sffnn::roofline;

namespace {

/// The batch tile of the I/O model: up to 16 fp32 lanes (one 64-byte word);
/// smaller batches fill fewer lanes.
constexpr int64_t kTile = 16;

/// A format to evaluate, parsed from the option.
struct Format {
  enum Kind { Dense, Csr, Bsr, NM, Schedule } kind;
  int64_t a = 0, b = 0; // block r x c, or n:m
};

FailureOr<SmallVector<Format>> parseFormats(Operation *op, StringRef text) {
  SmallVector<Format> formats;
  SmallVector<StringRef> words;
  llvm::SplitString(text, words, " ,");
  llvm::Regex bsr("^bsr([0-9]+)x([0-9]+)$"), nm("^([0-9]+):([0-9]+)$");
  for (StringRef word : words) {
    SmallVector<StringRef, 3> m;
    if (word == "dense")
      formats.push_back({Format::Dense});
    else if (word == "csr")
      formats.push_back({Format::Csr});
    else if (word == "schedule")
      formats.push_back({Format::Schedule});
    else if (bsr.match(word, &m) && std::stoll(m[1].str()) > 0 &&
             std::stoll(m[2].str()) > 0)
      formats.push_back(
          {Format::Bsr, std::stoll(m[1].str()), std::stoll(m[2].str())});
    else if (nm.match(word, &m) && std::stoll(m[1].str()) > 0 &&
             std::stoll(m[1].str()) <= std::stoll(m[2].str()))
      formats.push_back(
          {Format::NM, std::stoll(m[1].str()), std::stoll(m[2].str())});
    else
      return emitError(op->getLoc(), "unknown format '")
             << word << "'; expected dense, csr, bsrRxC, N:M or schedule";
  }
  if (formats.empty())
    return emitError(op->getLoc(), "no formats given");
  return formats;
}

/// The traffic into each cache level (from the next) when the layer is
/// computed alone in its program order with that level as fast memory:
/// per batch tile of L = min(N, 16) samples, 4 bytes per parameter and 4L
/// per activation word (docs/Roofline.md).
std::vector<double> scheduleBytes(const ::sffnn::CsrRef &w, bool hasBias,
                                  int64_t batch,
                                  const rl::MachineModel &machine) {
  io::GraphBuilder builder(w.cols);
  std::vector<io::Node> sources;
  for (int64_t j = 0; j < w.rows; ++j) {
    sources.assign(w.indices.begin() + w.offsets[j],
                   w.indices.begin() + w.offsets[j + 1]);
    builder.addOutput(builder.addNeuron(sources, hasBias));
  }
  io::Graph graph = builder.finish();
  io::NeuronOrder order = io::programOrder(graph);
  int64_t lanes = std::min<int64_t>(batch, kTile), wordBytes = 4 * lanes;
  double tiles = std::ceil(double(batch) / double(lanes));
  std::vector<double> bytes;
  for (size_t i = 0; i + 1 < machine.levels.size(); ++i) {
    int64_t words = std::max<int64_t>(
        2, static_cast<int64_t>(machine.levels[i].bytes / wordBytes));
    auto count =
        io::simulateNeuronOrder(graph, order, words, io::Policy::Belady);
    bytes.push_back(tiles * (4.0 * double(count->parameterIOs) +
                             double(wordBytes) * double(count->activation())));
  }
  return bytes;
}

struct LayerResult {
  std::string name;
  rl::LayerShape shape;
  std::vector<rl::Cost> costs;
  double breakEven = 0;
};

void drawRoofline(llvm::raw_ostream &os, const rl::MachineModel &machine,
                  ArrayRef<LayerResult> layers) {
  const double width = 760, height = 480, left = 80, right = 170, top = 40,
               bottom = 60;
  double xLo = 1e-2, xHi = 1e3;
  double yHi = machine.peakFlops * 2, yLo = yHi / 1e5;
  auto x = [&](double v) {
    return left + (std::log10(v) - std::log10(xLo)) /
                      (std::log10(xHi) - std::log10(xLo)) *
                      (width - left - right);
  };
  auto y = [&](double v) {
    v = std::max(v, yLo);
    return top + (1 - (std::log10(v) - std::log10(yLo)) /
                          (std::log10(yHi) - std::log10(yLo))) *
                     (height - top - bottom);
  };
  os << llvm::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
      "height=\"%.0f\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" "
      "fill=\"white\"/>\n",
      width, height);
  os << llvm::format("<text x=\"%.0f\" y=\"25\" font-size=\"15\">Sparsity "
                     "roofline: each point a layer in a format</text>\n",
                     left);
  for (double d = std::log10(xLo); d <= std::log10(xHi) + 1e-9; d += 1)
    os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
                       "text-anchor=\"middle\">%g</text>\n",
                       x(std::pow(10, d)), top, x(std::pow(10, d)),
                       height - bottom, x(std::pow(10, d)),
                       height - bottom + 16, std::pow(10, d));
  for (double d = std::ceil(std::log10(yLo)); d <= std::log10(yHi); d += 1)
    os << llvm::format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
                       "text-anchor=\"end\">%g</text>\n",
                       left, y(std::pow(10, d)), width - right,
                       y(std::pow(10, d)), left - 5, y(std::pow(10, d)) + 4,
                       std::pow(10, d) / 1e9);
  os << llvm::format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                     "arithmetic intensity (FLOP/byte)</text>\n",
                     (left + width - right) / 2, height - 20);
  os << llvm::format("<text x=\"18\" y=\"%.1f\" transform=\"rotate(-90 18 "
                     "%.1f)\" text-anchor=\"middle\">GFLOP/s</text>\n",
                     (top + height - bottom) / 2, (top + height - bottom) / 2);
  // Roofs: min(peak, bandwidth x intensity), one per level.
  for (const rl::MemoryLevel &level : machine.levels) {
    double knee = machine.peakFlops / level.bandwidth;
    os << llvm::format("<polyline fill=\"none\" stroke=\"#555\" "
                       "points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
                       x(xLo), y(level.bandwidth * xLo), x(knee),
                       y(machine.peakFlops), x(xHi), y(machine.peakFlops));
    // Labels spread along the slope so that equal roofs stay readable.
    double lx =
        std::min(knee / (3.0 + 4.0 * (&level - &machine.levels[0])), xHi);
    os << llvm::format("<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">%s</text>\n",
                       x(lx), y(level.bandwidth * lx) - 6, level.name.c_str());
  }
  static const char *colors[] = {"#c33", "#36c", "#2a7", "#e80",
                                 "#939", "#088", "#777", "#b60"};
  std::vector<std::string> legend;
  for (const LayerResult &layer : layers)
    for (const rl::Cost &c : layer.costs) {
      size_t k =
          std::find(legend.begin(), legend.end(), c.format) - legend.begin();
      if (k == legend.size())
        legend.push_back(c.format);
      os << llvm::format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                         "fill=\"%s\" fill-opacity=\"0.7\"/>\n",
                         x(std::clamp(c.intensity(), xLo, xHi)),
                         y(c.flops / c.seconds), colors[k % 8]);
    }
  for (size_t k = 0; k < legend.size(); ++k)
    os << llvm::format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                       width - right + 20, top + 20 + 20.0 * k, colors[k % 8],
                       width - right + 30, top + 24 + 20.0 * k,
                       legend[k].c_str());
  os << "</svg>\n";
}

struct RooflinePass
    : public mlir::sffnn::impl::SFFNNRooflineBase<RooflinePass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (machine.empty()) {
      emitError(module.getLoc(), "sffnn-roofline needs machine=FILE (from "
                                 "sparse-ffnn-run --calibrate) or a spec");
      return signalPassFailure();
    }
    auto model = StringRef(machine).contains('=')
                     ? rl::parseMachineModel(machine)
                     : rl::readMachineModel(machine);
    if (!model) {
      emitError(module.getLoc(), llvm::toString(model.takeError()));
      return signalPassFailure();
    }
    if (batch < 1) {
      emitError(module.getLoc(), "batch must be at least 1");
      return signalPassFailure();
    }
    auto kinds = parseFormats(module, formats);
    if (failed(kinds))
      return signalPassFailure();
    // Measured efficiency per format: expected time = predicted / factor.
    llvm::StringMap<double> factors;
    SmallVector<StringRef> entries;
    llvm::SplitString(efficiency, entries, ",");
    for (StringRef entry : entries) {
      auto [name, value] = entry.split('=');
      double factor;
      if (value.getAsDouble(factor) || !(factor > 0) || factor > 1e3) {
        emitError(module.getLoc(), "bad efficiency '")
            << entry << "': expected FORMAT=FACTOR with a positive factor";
        return signalPassFailure();
      }
      factors[name] = factor;
    }
    auto expected = [&](const rl::Cost &c) {
      auto it = factors.find(c.format);
      return it == factors.end() ? c.seconds : c.seconds / it->second;
    };

    llvm::json::Array json;
    std::string table;
    llvm::raw_string_ostream os(table);
    std::vector<LayerResult> all;
    for (NetworkOp network : module.getOps<NetworkOp>()) {
      std::vector<LayerResult> layers;
      for (auto [k, layer] :
           llvm::enumerate(network.getBody().front().getOps<LayerOp>())) {
        CsrArrays arrays = layer.getWeights().getArrays();
        ::sffnn::CsrRef w = arrays.ref();
        LayerResult r;
        r.name = "layer " + std::to_string(k + 1);
        r.shape = rl::shapeOf(w, batch);
        for (const Format &f : *kinds) {
          switch (f.kind) {
          case Format::Dense:
            r.costs.push_back(rl::denseCost(r.shape, *model));
            break;
          case Format::Csr:
            r.costs.push_back(rl::csrCost(r.shape, *model));
            break;
          case Format::Bsr:
            r.costs.push_back(rl::bsrCost(
                r.shape, f.a, f.b, rl::countBlocks(w, f.a, f.b), *model));
            break;
          case Format::NM:
            r.costs.push_back(rl::nmCost(r.shape, f.a, f.b, *model));
            break;
          case Format::Schedule:
            r.costs.push_back(rl::scheduleCost(
                r.shape,
                scheduleBytes(w, layer.getBiasAttr() != nullptr, batch, *model),
                *model));
            break;
          }
        }
        r.breakEven = rl::csrBreakEven(r.shape, *model);
        layers.push_back(std::move(r));
      }
      // Tables, JSON; speedups against dense of the same layer.
      llvm::json::Array jsonLayers;
      std::vector<double> totals(kinds->size(), 0.0),
          expectedTotals(kinds->size(), 0.0);
      double denseTotal = 0, denseExpectedTotal = 0;
      os << "network @" << network.getSymName() << ": batch " << batch
         << llvm::format(", peak %.3g GFLOP/s\n", model->peakFlops / 1e9);
      for (const LayerResult &r : layers) {
        rl::Cost denseCost = rl::denseCost(r.shape, *model);
        double dense = denseCost.seconds, denseExpected = expected(denseCost);
        denseTotal += dense;
        denseExpectedTotal += denseExpected;
        os << llvm::format("  %s: %lldx%lld, %lld connections (density "
                           "%.4f), CSR break-even density %.4f\n",
                           r.name.c_str(), (long long)r.shape.rows,
                           (long long)r.shape.cols, (long long)r.shape.nnz,
                           r.shape.density(), r.breakEven);
        os << llvm::format("    %-10s %12s %12s %9s %6s %6s %12s %9s", "format",
                           "FLOPs", "bytes", "FLOP/B", "level", "bound",
                           "time s", "speedup");
        if (!factors.empty())
          os << llvm::format(" %12s %9s", "expected s", "exp. spd");
        os << "\n";
        llvm::json::Array jsonCosts;
        for (auto [k, c] : llvm::enumerate(r.costs)) {
          totals[k] += c.seconds;
          os << llvm::format("    %-10s %12.4g %12.4g %9.3g %6s %6s %12.4g "
                             "%9.3f",
                             c.format.c_str(), c.flops, c.bytes, c.intensity(),
                             c.level.c_str(),
                             c.memoryBound ? "memory" : "compute", c.seconds,
                             dense / c.seconds);
          if (!factors.empty())
            os << llvm::format(" %12.4g %9.3f", expected(c),
                               denseExpected / expected(c));
          os << "\n";
          expectedTotals[k] += expected(c);
          jsonCosts.push_back(llvm::json::Object{
              {"format", c.format},
              {"expected_seconds", expected(c)},
              {"expected_speedup", denseExpected / expected(c)},
              {"flops", c.flops},
              {"bytes", c.bytes},
              {"intensity", c.intensity()},
              {"level", c.level},
              {"memory_bound", c.memoryBound},
              {"seconds", c.seconds},
              {"speedup", dense / c.seconds}});
        }
        jsonLayers.push_back(
            llvm::json::Object{{"layer", r.name},
                               {"rows", r.shape.rows},
                               {"cols", r.shape.cols},
                               {"connections", r.shape.nnz},
                               {"density", r.shape.density()},
                               {"csr_break_even_density", r.breakEven},
                               {"formats", std::move(jsonCosts)}});
      }
      llvm::json::Object speedups, expectedSpeedups;
      std::vector<rl::Cost> formatsSeen =
          layers.empty() ? std::vector<rl::Cost>() : layers.front().costs;
      os << "  network speedup over dense (ratio of summed times):";
      for (auto [k, c] : llvm::enumerate(formatsSeen)) {
        speedups[c.format] = denseTotal / totals[k];
        expectedSpeedups[c.format] = denseExpectedTotal / expectedTotals[k];
        os << llvm::format(" %s %.3f", c.format.c_str(),
                           denseTotal / totals[k]);
      }
      os << "\n";
      if (!factors.empty()) {
        os << "  expected network speedup (with the efficiencies):";
        for (auto [k, c] : llvm::enumerate(formatsSeen))
          os << llvm::format(" %s %.3f", c.format.c_str(),
                             denseExpectedTotal / expectedTotals[k]);
        os << "\n";
      }
      json.push_back(llvm::json::Object{
          {"network", network.getSymName()},
          {"batch", static_cast<int64_t>(batch)},
          {"peak_flops", model->peakFlops},
          {"layers", std::move(jsonLayers)},
          {"speedup", std::move(speedups)},
          {"expected_speedup", std::move(expectedSpeedups)}});
      all.insert(all.end(), layers.begin(), layers.end());
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
          drawRoofline(out, *model, all);
        })))
      signalPassFailure();
  }
};

} // namespace
