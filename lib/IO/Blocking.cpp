//===- Blocking.cpp - cache blocks of a neuron order ----------------------===//
#include "sffnn/IO/Blocking.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
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
  for (llvm::StringRef part : parts) {
    auto [name, size] = part.trim().split('=');
    int64_t words;
    if (name.empty() || size.trim().getAsInteger(10, words) || words < 2)
      return llvm::createStringError(
          "bad machine level '" + part +
          "': expected name=words with at least 2 words (e.g. "
          "registers=32,l1=768,l2=32768)");
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
                      const Machine &machine) {
  const int64_t n = static_cast<int64_t>(order.size());
  std::vector<std::vector<int64_t>> starts(machine.size());
  std::vector<uint64_t> stamp(g.numNodes(), 0);
  uint64_t block = 0;
  // Largest level first: its boundaries constrain the smaller ones.
  for (size_t i = machine.size(); i-- > 0;) {
    const std::vector<int64_t> *outer =
        i + 1 < machine.size() ? &starts[i + 1] : nullptr;
    size_t nextOuter = 0;
    int64_t words = 0; // distinct values of the current block
    for (int64_t p = 0; p < n; ++p) {
      Node v = order[p];
      bool forced = p == 0;
      if (outer && nextOuter < outer->size() && (*outer)[nextOuter] == p) {
        forced = true;
        ++nextOuter;
      }
      // Words v adds to the current block: itself and unseen sources.
      int64_t added = stamp[v] != block;
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        added += stamp[g.inSources[e]] != block;
      if (forced || words + added + 1 > machine[i].words) {
        starts[i].push_back(p);
        ++block;
        words = 0;
        added = 1 + g.inDegree(v); // sources are distinct
      }
      words += added;
      stamp[v] = block;
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        stamp[g.inSources[e]] = block;
    }
  }
  return starts;
}
