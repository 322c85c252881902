//===- Roofline.cpp - the sparsity roofline of a layer --------------------===//
#include "sffnn/Roofline/Roofline.h"

#include "sffnn/Formats/FileIO.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cmath>
#include <optional>

using namespace sffnn;
using namespace sffnn::roofline;

namespace {
constexpr double kValueBytes = 4, kIndexBytes = 4;

/// Bytes of reading the inputs and writing the outputs once.
double activationBytes(const LayerShape &l, bool sparse) {
  return kValueBytes * double(l.batch) *
         double((sparse ? l.readCols() : l.cols) + l.rows);
}

Cost finish(std::string format, double flops, double bytes,
            const MachineModel &machine) {
  Cost cost;
  cost.format = std::move(format);
  cost.flops = flops;
  cost.bytes = bytes;
  const MemoryLevel &level = machine.levelFor(bytes);
  cost.level = level.name;
  double compute = flops / machine.peakFlops;
  double memory = bytes / level.bandwidth;
  cost.seconds = std::max(compute, memory);
  cost.memoryBound = memory > compute;
  return cost;
}
} // namespace

const MemoryLevel &MachineModel::levelFor(double footprint) const {
  for (size_t i = 0; i + 1 < levels.size(); ++i)
    if (footprint <= levels[i].bytes)
      return levels[i];
  return levels.back();
}

int64_t sffnn::roofline::countBlocks(const CsrRef &w, int64_t r, int64_t c) {
  int64_t blocks = 0;
  // Block rows one at a time: the distinct block columns of its rows.
  llvm::DenseSet<int32_t> columns;
  for (int64_t top = 0; top < w.rows; top += r) {
    columns.clear();
    for (int64_t j = top; j < std::min(w.rows, top + r); ++j)
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e)
        columns.insert(static_cast<int32_t>(w.indices[e] / c));
    blocks += static_cast<int64_t>(columns.size());
  }
  return blocks;
}

LayerShape sffnn::roofline::shapeOf(const CsrRef &w, int64_t batch) {
  std::vector<uint8_t> read(w.cols, 0);
  for (int32_t k : w.indices)
    read[k] = 1;
  int64_t used = 0;
  for (uint8_t r : read)
    used += r;
  return {w.rows, w.cols, w.nnz(), batch, used};
}

Cost sffnn::roofline::denseCost(const LayerShape &l, const MachineModel &m) {
  double weights = double(l.rows) * double(l.cols);
  return finish("dense", 2 * weights * double(l.batch),
                kValueBytes * weights + activationBytes(l, false), m);
}

Cost sffnn::roofline::csrCost(const LayerShape &l, const MachineModel &m) {
  double nnz = double(l.nnz);
  return finish("csr", 2 * nnz * double(l.batch),
                (kValueBytes + kIndexBytes) * nnz +
                    kIndexBytes * double(l.rows + 1) +
                    activationBytes(l, true),
                m);
}

Cost sffnn::roofline::bsrCost(const LayerShape &l, int64_t r, int64_t c,
                              int64_t blocks, const MachineModel &m) {
  double stored = double(blocks) * double(r) * double(c);
  double blockRows = std::ceil(double(l.rows) / double(r));
  return finish("bsr" + std::to_string(r) + "x" + std::to_string(c),
                2 * stored * double(l.batch),
                kValueBytes * stored + kIndexBytes * double(blocks) +
                    kIndexBytes * (blockRows + 1) + activationBytes(l, true),
                m);
}

Cost sffnn::roofline::nmCost(const LayerShape &l, int64_t n, int64_t k,
                             const MachineModel &m) {
  double kept = double(l.rows) * double(l.cols) * double(n) / double(k);
  double metadataBits = std::ceil(std::log2(double(k)));
  return finish(
      std::to_string(n) + ":" + std::to_string(k), 2 * kept * double(l.batch),
      kValueBytes * kept + kept * metadataBits / 8 + activationBytes(l, false),
      m);
}

Cost sffnn::roofline::scheduleCost(const LayerShape &l,
                                   const std::vector<double> &bytesInto,
                                   const MachineModel &m) {
  Cost cost;
  cost.format = "schedule";
  cost.flops = 2 * double(l.nnz) * double(l.batch);
  double compute = cost.flops / m.peakFlops, memory = 0;
  for (size_t i = 0; i < bytesInto.size() && i < m.levels.size(); ++i) {
    // Level i + 1 serves the misses of level i; a lone level serves all.
    const MemoryLevel &from = m.levels[std::min(i + 1, m.levels.size() - 1)];
    double seconds = bytesInto[i] / from.bandwidth;
    if (seconds >= memory) {
      memory = seconds;
      cost.bytes = bytesInto[i];
      cost.level = from.name;
    }
  }
  cost.seconds = std::max(compute, memory);
  cost.memoryBound = memory > compute;
  return cost;
}

double sffnn::roofline::csrBreakEven(const LayerShape &l,
                                     const MachineModel &m) {
  double dense = denseCost(l, m).seconds;
  auto csrAt = [&](double d) {
    LayerShape s = l;
    s.nnz =
        static_cast<int64_t>(std::llround(d * double(l.rows) * double(l.cols)));
    return csrCost(s, m).seconds;
  };
  if (csrAt(1.0) <= dense)
    return 1.0;
  if (csrAt(0.0) > dense)
    return 0.0;
  double lo = 0, hi = 1;
  for (int k = 0; k < 60; ++k) {
    double mid = (lo + hi) / 2;
    (csrAt(mid) <= dense ? lo : hi) = mid;
  }
  return lo;
}

/// N for a level named lN or LN (a cache level by number), else none.
static std::optional<int> cacheNumber(llvm::StringRef name) {
  int number = 0;
  if (name.size() < 2 || (name[0] != 'l' && name[0] != 'L') ||
      name.drop_front().getAsInteger(10, number))
    return std::nullopt;
  return number;
}

/// "N bytes", or "no size" for the last level's infinity.
static std::string describeSize(double bytes) {
  if (!std::isfinite(bytes))
    return "no size";
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.15g bytes", bytes);
  return text;
}

llvm::Error sffnn::roofline::checkMachineModel(const MachineModel &machine) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (!positive(machine.peakFlops))
    return llvm::createStringError("the peak must be a positive finite "
                                   "number of FLOP/s");
  int unsized = 0;
  for (const MemoryLevel &level : machine.levels) {
    if (!positive(level.bandwidth))
      return llvm::createStringError("level '" + level.name +
                                     "': the bandwidth must be a positive "
                                     "finite number");
    if (std::isinf(level.bytes) && level.bytes > 0) {
      ++unsized;
      continue;
    }
    if (!positive(level.bytes) || level.bytes > 1e18)
      return llvm::createStringError("level '" + level.name +
                                     "': the size must be a positive number "
                                     "of bytes, at most 1e18");
  }
  if (unsized > 1)
    return llvm::createStringError(
        "only the last memory level may have no size, found " +
        llvm::Twine(unsized));
  // Names label the rows, the JSON and the chart's roofs, so two levels
  // must not share one (nor differ only in case). Sizes increase from the
  // innermost level outwards: levelFor takes the first level that holds a
  // footprint, so a level no larger than the one before it would never be
  // chosen, and the schedule's traffic into level i would be served by a
  // smaller level i + 1. O(levels).
  llvm::StringMap<size_t> seen;
  for (size_t i = 0; i < machine.levels.size(); ++i) {
    const MemoryLevel &level = machine.levels[i];
    auto [first, fresh] =
        seen.try_emplace(llvm::StringRef(level.name).lower(), i);
    if (!fresh)
      return llvm::createStringError(
          llvm::formatv("level {0} '{1}' has the name of level {2} '{3}': "
                        "each memory level needs its own name",
                        i + 1, level.name, first->second + 1,
                        machine.levels[first->second].name)
              .str());
    if (i == 0)
      continue;
    const MemoryLevel &inner = machine.levels[i - 1];
    if (!(level.bytes > inner.bytes))
      return llvm::createStringError(
          llvm::formatv("level {0} '{1}' ({2}) is not larger than level {3} "
                        "'{4}' ({5}): list the levels from the smallest "
                        "(innermost) to the last, unsized one (DRAM), sizes "
                        "increasing",
                        i + 1, level.name, describeSize(level.bytes), i,
                        inner.name, describeSize(inner.bytes))
              .str());
    // Cache levels named by number (l1, l2, L3) also go in that order: an
    // "l2" inside an "l1" is a swapped pair of sizes.
    std::optional<int> number = cacheNumber(level.name),
                       innerNumber = cacheNumber(inner.name);
    if (number && innerNumber && *number <= *innerNumber)
      return llvm::createStringError(
          llvm::formatv("level {0} '{1}' comes after level {2} '{3}': cache "
                        "levels named lN go from the smallest N outwards",
                        i + 1, level.name, i, inner.name)
              .str());
  }
  return llvm::Error::success();
}

llvm::Expected<MachineModel>
sffnn::roofline::parseMachineModel(llvm::StringRef spec) {
  MachineModel machine;
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::SplitString(spec, parts, ",");
  auto bad = [&](llvm::StringRef part) {
    return llvm::createStringError(
        "bad machine entry '" + part +
        "': expected peak=FLOPS, NAME=BYTES:BANDWIDTH, or a last "
        "NAME=BANDWIDTH");
  };
  for (size_t k = 0; k < parts.size(); ++k) {
    auto [name, value] = parts[k].trim().split('=');
    if (name == "peak") {
      if (value.getAsDouble(machine.peakFlops) || machine.peakFlops <= 0)
        return bad(parts[k]);
      continue;
    }
    MemoryLevel level;
    level.name = name.str();
    auto [size, bandwidth] = value.split(':');
    if (bandwidth.empty()) { // the last level: bandwidth only
      if (size.getAsDouble(level.bandwidth))
        return bad(parts[k]);
      level.bytes = INFINITY;
    } else if (size.getAsDouble(level.bytes) ||
               bandwidth.getAsDouble(level.bandwidth)) {
      return bad(parts[k]);
    }
    if (name.empty() || level.bandwidth <= 0 || level.bytes <= 0)
      return bad(parts[k]);
    machine.levels.push_back(level);
  }
  if (machine.peakFlops <= 0 || machine.levels.empty())
    return llvm::createStringError(
        "a machine needs peak=FLOPS and at least one memory level");
  if (llvm::Error err = checkMachineModel(machine))
    return llvm::createStringError("machine spec '" + spec + "': " +
                                   llvm::toString(std::move(err)));
  return machine;
}

llvm::Expected<MachineModel>
sffnn::roofline::readMachineModel(llvm::StringRef path) {
  // Bounded like every input (a FIFO or /dev/zero would never end).
  auto buffer = readInputFile(path);
  if (!buffer)
    return buffer.takeError();
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(json.takeError()));
  MachineModel machine;
  const llvm::json::Object *root = json->getAsObject();
  const llvm::json::Array *levels = root ? root->getArray("levels") : nullptr;
  std::optional<double> peak =
      root ? root->getNumber("peak_flops") : std::nullopt;
  if (!levels || !peak || *peak <= 0)
    return llvm::createStringError(
        path + ": expected {\"peak_flops\": ..., \"levels\": [...]}");
  machine.peakFlops = *peak;
  for (const llvm::json::Value &entry : *levels) {
    const llvm::json::Object *level = entry.getAsObject();
    std::optional<llvm::StringRef> name =
        level ? level->getString("name") : std::nullopt;
    std::optional<double> bandwidth =
        level ? level->getNumber("bandwidth") : std::nullopt;
    if (!name || !bandwidth || *bandwidth <= 0)
      return llvm::createStringError(
          path + ": every level needs a name and a positive bandwidth");
    std::optional<double> bytes = level->getNumber("bytes");
    machine.levels.push_back(
        {name->str(), bytes ? *bytes : double(INFINITY), *bandwidth});
  }
  if (machine.levels.empty())
    return llvm::createStringError(path + ": no memory levels");
  if (llvm::Error err = checkMachineModel(machine))
    return llvm::createStringError(path + ": " +
                                   llvm::toString(std::move(err)));
  return machine;
}

llvm::Error sffnn::roofline::writeMachineModel(const MachineModel &machine,
                                               llvm::StringRef path) {
  llvm::json::Array levels;
  for (const MemoryLevel &level : machine.levels) {
    llvm::json::Object object{{"name", level.name},
                              {"bandwidth", level.bandwidth}};
    if (std::isfinite(level.bytes))
      object["bytes"] = level.bytes;
    levels.push_back(std::move(object));
  }
  llvm::json::Value root = llvm::json::Object{{"peak_flops", machine.peakFlops},
                                              {"levels", std::move(levels)}};
  return writeOutputFile(path, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}\n", root);
    return llvm::Error::success();
  });
}
