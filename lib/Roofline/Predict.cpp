//===- Predict.cpp - per-layer predictions for a list of formats ----------===//
#include "sffnn/Roofline/Predict.h"

#include "sffnn/IO/Simulator.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"
#include <algorithm>
#include <cmath>

using namespace sffnn;
using namespace sffnn::roofline;

/// The batch tile of the I/O model: up to 16 fp32 lanes (one 64-byte word);
/// smaller batches fill fewer lanes.
constexpr int64_t kTile = 16;

/// Two positive integers matched by `pattern`, or nothing.
static std::optional<std::pair<int64_t, int64_t>>
matchPair(const llvm::Regex &pattern, llvm::StringRef word) {
  llvm::SmallVector<llvm::StringRef, 3> m;
  int64_t a, b;
  if (!pattern.match(word, &m) || m[1].getAsInteger(10, a) ||
      m[2].getAsInteger(10, b) || a < 1 || b < 1)
    return std::nullopt;
  return std::make_pair(a, b);
}

llvm::Expected<std::vector<Format>>
sffnn::roofline::parseFormats(llvm::StringRef text) {
  std::vector<Format> formats;
  llvm::SmallVector<llvm::StringRef> words;
  llvm::SplitString(text, words, " ,");
  llvm::Regex bsr("^bsr([0-9]+)x([0-9]+)$"), nm("^([0-9]+):([0-9]+)$");
  for (llvm::StringRef word : words) {
    if (word == "dense") {
      formats.push_back({Format::Dense});
    } else if (word == "csr") {
      formats.push_back({Format::Csr});
    } else if (word == "schedule") {
      formats.push_back({Format::Schedule});
    } else if (auto block = matchPair(bsr, word)) {
      formats.push_back({Format::Bsr, block->first, block->second});
    } else if (auto n = matchPair(nm, word); n && n->first <= n->second) {
      formats.push_back({Format::NM, n->first, n->second});
    } else {
      return llvm::createStringError(
          "unknown format '" + word +
          "'; expected dense, csr, bsrRxC, N:M or schedule");
    }
  }
  if (formats.empty())
    return llvm::createStringError("no formats given");
  return formats;
}

llvm::Expected<Efficiencies>
sffnn::roofline::parseEfficiencies(llvm::StringRef text) {
  Efficiencies factors;
  llvm::SmallVector<llvm::StringRef> entries;
  llvm::SplitString(text, entries, ",");
  for (llvm::StringRef entry : entries) {
    auto [name, value] = entry.split('=');
    double factor;
    if (value.getAsDouble(factor) || !(factor > 0) || factor > 1e3)
      return llvm::createStringError(
          "bad efficiency '" + entry +
          "': expected FORMAT=FACTOR with a positive factor");
    // A misspelt format would otherwise apply to nothing, silently.
    if (llvm::Expected<std::vector<Format>> known = parseFormats(name);
        !known || known->size() != 1)
      return llvm::createStringError(
          "bad efficiency '" + entry + "': '" + name +
          "' is not a format (dense, csr, bsrRxC, N:M or schedule)");
    if (!factors.try_emplace(name, factor).second)
      return llvm::createStringError("efficiency of '" + name +
                                     "' given twice");
  }
  return factors;
}

double sffnn::roofline::expectedSeconds(const Cost &cost,
                                        const Efficiencies &efficiencies) {
  auto it = efficiencies.find(cost.format);
  return it == efficiencies.end() ? cost.seconds : cost.seconds / it->second;
}

llvm::Expected<std::vector<double>>
sffnn::roofline::scheduleBytes(const CsrRef &w, bool hasBias, int64_t batch,
                               const MachineModel &machine) {
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
  // A machine with one memory level has no cache to simulate: every word
  // comes from that memory, and, as in the other formats' rows, once per
  // tile (compulsory traffic: W + B, the inputs read and the outputs). That
  // is the simulator's count when everything fits in fast memory.
  int64_t everything = w.nnz() + w.cols + w.rows + 2;
  bool oneLevel = machine.levels.size() == 1;
  // One entry per cache (the levels but the last), or one for the memory.
  size_t levels = machine.levels.size();
  size_t entries = levels > 1 ? levels - 1 : levels;
  std::vector<double> bytes;
  for (size_t i = 0; i < entries; ++i) {
    int64_t words =
        oneLevel ? everything
                 : std::max<int64_t>(2, static_cast<int64_t>(
                                            machine.levels[i].bytes /
                                            wordBytes));
    auto count =
        io::simulateNeuronOrder(graph, order, words, io::Policy::Belady);
    if (!count)
      return count.takeError();
    bytes.push_back(tiles * (4.0 * double(count->parameterIOs) +
                             double(wordBytes) * double(count->activation())));
  }
  return bytes;
}

llvm::Expected<LayerPrediction>
sffnn::roofline::predictLayer(std::string name, const CsrRef &w, bool hasBias,
                              int64_t batch, llvm::ArrayRef<Format> formats,
                              const MachineModel &machine) {
  LayerPrediction r;
  r.name = std::move(name);
  r.shape = shapeOf(w, batch);
  for (const Format &f : formats) {
    switch (f.kind) {
    case Format::Dense:
      r.costs.push_back(denseCost(r.shape, machine));
      break;
    case Format::Csr:
      r.costs.push_back(csrCost(r.shape, machine));
      break;
    case Format::Bsr:
      r.costs.push_back(
          bsrCost(r.shape, f.a, f.b, countBlocks(w, f.a, f.b), machine));
      break;
    case Format::NM:
      r.costs.push_back(nmCost(r.shape, f.a, f.b, machine));
      break;
    case Format::Schedule: {
      auto bytes = scheduleBytes(w, hasBias, batch, machine);
      if (!bytes)
        return bytes.takeError();
      r.costs.push_back(scheduleCost(r.shape, *bytes, machine));
      break;
    }
    }
  }
  r.breakEven = csrBreakEven(r.shape, machine);
  return r;
}
