//===- Report.cpp - roofline predictions as a table and JSON --------------===//
#include "sffnn/Roofline/Report.h"

#include "llvm/Support/Format.h"

using namespace sffnn;
using namespace sffnn::roofline;
using llvm::format;

/// Time of dense on the layer: the reference of every speedup.
static Cost denseOf(const LayerPrediction &layer, const MachineModel &machine) {
  return denseCost(layer.shape, machine);
}

void sffnn::roofline::printTable(llvm::raw_ostream &os,
                                 const NetworkPrediction &network,
                                 const MachineModel &machine,
                                 const Efficiencies &efficiencies) {
  auto expected = [&](const Cost &c) {
    return expectedSeconds(c, efficiencies);
  };
  bool withExpected = !efficiencies.empty();
  size_t formats =
      network.layers.empty() ? 0 : network.layers.front().costs.size();
  std::vector<double> totals(formats, 0.0), expectedTotals(formats, 0.0);
  double denseTotal = 0, denseExpectedTotal = 0;
  os << "network @" << network.name << ": batch " << network.batch
     << format(", peak %.3g GFLOP/s\n", machine.peakFlops / 1e9);
  for (const LayerPrediction &r : network.layers) {
    Cost dense = denseOf(r, machine);
    double denseExpected = expected(dense);
    denseTotal += dense.seconds;
    denseExpectedTotal += denseExpected;
    os << format("  %s: %lldx%lld, %lld connections (density "
                 "%.4f), CSR break-even density %.4f\n",
                 r.name.c_str(), (long long)r.shape.rows,
                 (long long)r.shape.cols, (long long)r.shape.nnz,
                 r.shape.density(), r.breakEven);
    os << format("    %-10s %12s %12s %9s %6s %6s %12s %9s", "format", "FLOPs",
                 "bytes", "FLOP/B", "level", "bound", "time s", "speedup");
    if (withExpected)
      os << format(" %12s %9s", "expected s", "exp. spd");
    os << "\n";
    for (auto [k, c] : llvm::enumerate(r.costs)) {
      totals[k] += c.seconds;
      expectedTotals[k] += expected(c);
      os << format("    %-10s %12.4g %12.4g %9.3g %6s %6s %12.4g %9.3f",
                   c.format.c_str(), c.flops, c.bytes, c.intensity(),
                   c.level.c_str(), c.memoryBound ? "memory" : "compute",
                   c.seconds, dense.seconds / c.seconds);
      if (withExpected)
        os << format(" %12.4g %9.3f", expected(c), denseExpected / expected(c));
      os << "\n";
    }
  }
  os << "  network speedup over dense (ratio of summed times):";
  if (!network.layers.empty())
    for (auto [k, c] : llvm::enumerate(network.layers.front().costs))
      os << format(" %s %.3f", c.format.c_str(), denseTotal / totals[k]);
  os << "\n";
  if (withExpected) {
    os << "  expected network speedup (with the efficiencies):";
    if (!network.layers.empty())
      for (auto [k, c] : llvm::enumerate(network.layers.front().costs))
        os << format(" %s %.3f", c.format.c_str(),
                     denseExpectedTotal / expectedTotals[k]);
    os << "\n";
  }
}

llvm::json::Object sffnn::roofline::toJSON(const NetworkPrediction &network,
                                           const MachineModel &machine,
                                           const Efficiencies &efficiencies) {
  auto expected = [&](const Cost &c) {
    return expectedSeconds(c, efficiencies);
  };
  size_t formats =
      network.layers.empty() ? 0 : network.layers.front().costs.size();
  std::vector<double> totals(formats, 0.0), expectedTotals(formats, 0.0);
  double denseTotal = 0, denseExpectedTotal = 0;
  llvm::json::Array layers;
  for (const LayerPrediction &r : network.layers) {
    Cost dense = denseOf(r, machine);
    double denseExpected = expected(dense);
    denseTotal += dense.seconds;
    denseExpectedTotal += denseExpected;
    llvm::json::Array costs;
    for (auto [k, c] : llvm::enumerate(r.costs)) {
      totals[k] += c.seconds;
      expectedTotals[k] += expected(c);
      costs.push_back(
          llvm::json::Object{{"format", c.format},
                             {"expected_seconds", expected(c)},
                             {"expected_speedup", denseExpected / expected(c)},
                             {"flops", c.flops},
                             {"bytes", c.bytes},
                             {"intensity", c.intensity()},
                             {"level", c.level},
                             {"memory_bound", c.memoryBound},
                             {"seconds", c.seconds},
                             {"speedup", dense.seconds / c.seconds}});
    }
    layers.push_back(llvm::json::Object{{"layer", r.name},
                                        {"rows", r.shape.rows},
                                        {"cols", r.shape.cols},
                                        {"connections", r.shape.nnz},
                                        {"density", r.shape.density()},
                                        {"csr_break_even_density", r.breakEven},
                                        {"formats", std::move(costs)}});
  }
  llvm::json::Object speedups, expectedSpeedups;
  if (!network.layers.empty())
    for (auto [k, c] : llvm::enumerate(network.layers.front().costs)) {
      speedups[c.format] = denseTotal / totals[k];
      expectedSpeedups[c.format] = denseExpectedTotal / expectedTotals[k];
    }
  return llvm::json::Object{{"network", network.name},
                            {"batch", network.batch},
                            {"peak_flops", machine.peakFlops},
                            {"layers", std::move(layers)},
                            {"speedup", std::move(speedups)},
                            {"expected_speedup", std::move(expectedSpeedups)}};
}
