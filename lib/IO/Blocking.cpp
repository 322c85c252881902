//===- Blocking.cpp - cache blocks of a neuron order ----------------------===//
#include "sffnn/IO/Blocking.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <cassert>
#include <tuple>

using namespace sffnn::io;

static void sortLevels(Machine &machine) {
  std::sort(machine.begin(), machine.end(),
            [](const MemoryLevel &a, const MemoryLevel &b) {
              return std::tie(a.words, a.name) < std::tie(b.words, b.name);
            });
}

llvm::Expected<Machine> sffnn::io::parseMachine(llvm::StringRef spec) {
  Machine machine;
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::SplitString(spec, parts, ",");
  // Each level names its blocks in sffnn.blocks: a repeated name would
  // silently keep only one of them.
  llvm::StringSet<> names;
  for (llvm::StringRef part : parts) {
    auto [name, size] = part.trim().split('=');
    int64_t words;
    if (name.empty() || size.trim().getAsInteger(10, words) || words < 2)
      return llvm::createStringError(
          "bad machine level '" + part +
          "': expected name=words with at least 2 words (e.g. "
          "registers=32,l1=768,l2=32768)");
    if (!names.insert(name.trim()).second)
      return llvm::createStringError("machine level '" + name.trim() +
                                     "' is given twice in '" + spec +
                                     "': each level needs its own name");
    machine.push_back({name.trim().str(), words});
  }
  if (machine.empty())
    return llvm::createStringError("the machine has no memory levels");
  sortLevels(machine);
  return machine;
}

Machine sffnn::io::machineOf(const TargetInfo &target, int64_t wordBytes) {
  Machine machine;
  machine.push_back({"registers", target.vectorRegisters});
  for (const CacheLevel &cache : target.caches)
    machine.push_back({"l" + std::to_string(cache.level),
                       cache.bytes / std::max<int64_t>(wordBytes, 1)});
  sortLevels(machine);
  return machine;
}

std::string sffnn::io::formatMachine(const Machine &machine) {
  std::string text;
  for (const MemoryLevel &level : machine)
    text += (text.empty() ? "" : ",") + level.name + "=" +
            std::to_string(level.words);
  return text;
}

std::vector<std::vector<int64_t>>
sffnn::io::blockOrder(const Graph &g, const NeuronOrder &order,
                      const Machine &machine,
                      llvm::ArrayRef<int64_t> unitStarts) {
  const int64_t n = static_cast<int64_t>(order.size());
  std::vector<int64_t> units(unitStarts.begin(), unitStarts.end());
  if (units.empty())
    for (int64_t p = 0; p <= n; ++p)
      units.push_back(p);
  assert(units.front() == 0 && units.back() == n && "units must cover order");
  std::vector<std::vector<int64_t>> starts(machine.size());
  // stamp[x] == block: x is a value of the current block; unitMark[x] ==
  // unit: x was counted for the current unit already.
  std::vector<uint64_t> stamp(g.numNodes(), 0), unitMark(g.numNodes(), 0);
  uint64_t block = 0, unit = 0;
  auto forEachValue = [&](int64_t first, int64_t end, auto &&visit) {
    for (int64_t p = first; p < end; ++p) {
      Node v = order[p];
      visit(v);
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        visit(g.inSources[e]);
    }
  };
  // Largest level first: its boundaries constrain the smaller ones.
  for (size_t i = machine.size(); i-- > 0;) {
    const std::vector<int64_t> *outer =
        i + 1 < machine.size() ? &starts[i + 1] : nullptr;
    size_t nextOuter = 0;
    int64_t words = 0; // distinct values of the current block
    for (size_t k = 0; k + 1 < units.size(); ++k) {
      int64_t first = units[k], end = units[k + 1];
      if (first == end)
        continue;
      bool forced = first == 0;
      // A larger level's boundaries are unit starts too (every level cuts
      // only there).
      while (outer && nextOuter < outer->size() && (*outer)[nextOuter] <= first)
        forced |= (*outer)[nextOuter++] == first;
      // The unit's distinct values, and those the current block lacks.
      ++unit;
      int64_t distinct = 0, added = 0;
      forEachValue(first, end, [&](Node x) {
        if (unitMark[x] == unit)
          return;
        unitMark[x] = unit;
        ++distinct;
        added += stamp[x] != block;
      });
      if (forced || words + added + 1 > machine[i].words) {
        starts[i].push_back(first);
        ++block;
        words = distinct;
      } else {
        words += added;
      }
      forEachValue(first, end, [&](Node x) { stamp[x] = block; });
    }
  }
  return starts;
}
