//===- IOBench.cpp - speed and quality of the I/O engine ------------------===//
//
//   io-bench speed WORKLOAD      one workload: simulation time, annealing
//                                moves per second, peak memory
//   io-bench quality FAMILY M    baseline vs annealed activation I/Os
//   io-bench anchors FAMILY M    activation I/Os of the baseline and every
//                                anchor as neuron orders, of grouped with
//                                the kernel's register groups, and of the
//                                default schedule (the best anchor under
//                                either expansion, 100 000 moves), with its
//                                anchor and expansion, its ratios to both
//                                grouped rows, and its efficiency against
//                                the instance lower bound
//   io-bench orders WORKLOAD [no-bound]
//                                time of each anchor order (and of the
//                                instance bound unless no-bound)
//   io-bench anchor-times WORKLOAD M
//                                every anchor order's time and activation
//                                I/Os at one fast-memory size
//   io-bench early-release WORKLOAD M
//                                the early-release order with its default
//                                options and with parts switched off: time
//                                and activation I/Os in register groups
//   io-bench edge-orders WORKLOAD M
//                                grouped, cache-aware and early-release as
//                                neuron orders,
//                                with the kernel's register groups, and as
//                                source-major runs (partial sums)
//
// Workloads and families are built here from the generators (and the Graph
// Challenge data when SFFNN_DATA_DIR points at it; cycles-* are the permuted
// challenge structure at other sizes); bench/io-engine.sh runs
// them one process each and prints the tables of docs/Performance.md.
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/CacheAwareOrder.h"
#include "sffnn/IO/EarlyReleaseOrder.h"
#include "sffnn/IO/Expansion.h"
#include "sffnn/IO/InstanceBound.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"
#include "sffnn/Target/Importers.h"

#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <random>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <time.h>

using namespace sffnn;
using namespace sffnn::io;

namespace {

std::string dataDir() {
  const char *dir = std::getenv("SFFNN_DATA_DIR");
  return std::string(dir ? dir : "../shared/data") + "/sdnn/n1024";
}

LayeredNetwork must(llvm::Expected<LayeredNetwork> net) {
  if (!net) {
    llvm::errs() << llvm::toString(net.takeError()) << "\n";
    std::exit(1);
  }
  return std::move(*net);
}

LayeredNetwork radix(int64_t neurons, int64_t layers) {
  RadixNetOptions o;
  o.neurons = neurons;
  o.layers = layers;
  return must(generateRadixNet(o));
}

LayeredNetwork challenge(int64_t layers) {
  GraphChallengeOptions o;
  o.dir = dataDir();
  o.layers = layers;
  return must(importGraphChallenge(o));
}

/// A random DAG with skip connections: 256 inputs, 4096 neurons.
LayeredNetwork dag(int64_t outputs, int64_t connections) {
  DagOptions o;
  o.inputs = 256;
  o.neurons = 4096;
  o.outputs = outputs;
  o.connections = connections;
  return must(generateDag(o));
}

LayeredNetwork build(const std::string &name) {
  if (name == "gc120")
    return challenge(120);
  if (name == "gc8")
    return challenge(8);
  if (name == "radix-1e5")
    return radix(1024, 3);
  if (name == "radix-1e6")
    return radix(1024, 30);
  if (name == "radix-1e7")
    return radix(65536, 5);
  if (name == "layered") {
    LayeredOptions o;
    o.widths = {1024, 1024, 1024, 1024, 1024};
    o.density = 0.03;
    return must(generateLayered(o));
  }
  if (name == "mlp") {
    LayeredOptions o;
    o.widths = {784, 1024, 1024, 10};
    o.density = 0.05;
    return must(generateLayered(o));
  }
  if (name == "dag")
    return dag(16, 100000);
  if (name == "dag64k") // the random DAG of issue 13
    return dag(64, 65536);
  llvm::errs() << "unknown workload " << name << "\n";
  std::exit(2);
}

/// The structure of the challenge layers after the sixth, at any size:
/// groups of 16 neurons with one input set; each layer's values are cut at
/// random into blocks of 16 and group k reads blocks k and k + 1 (a cycle),
/// so a layer's groups and the blocks it writes are unrelated. Only the
/// graph: the I/O engine needs no weights.
Graph permutedCycles(int64_t neurons, int64_t layers) {
  constexpr int64_t kGroup = 16;
  int64_t groups = neurons / kGroup;
  std::mt19937 rng(1);
  GraphBuilder b(neurons);
  std::vector<Node> previous(neurons);
  for (int64_t i = 0; i < neurons; ++i)
    previous[i] = static_cast<Node>(i);
  std::vector<Node> sources;
  for (int64_t l = 0; l < layers; ++l) {
    std::shuffle(previous.begin(), previous.end(), rng);
    std::vector<Node> layer;
    for (int64_t k = 0; k < groups; ++k) {
      sources.assign(previous.begin() + k * kGroup,
                     previous.begin() + (k + 1) * kGroup);
      int64_t next = (k + 1) % groups;
      sources.insert(sources.end(), previous.begin() + next * kGroup,
                     previous.begin() + (next + 1) * kGroup);
      std::sort(sources.begin(), sources.end());
      for (int64_t i = 0; i < kGroup; ++i)
        layer.push_back(b.addNeuron(sources, true));
    }
    previous = std::move(layer);
  }
  for (Node v : previous)
    b.addOutput(v);
  return b.finish();
}

/// The workload's graph: a generated or imported network, or the permuted
/// cycles (cycles-1e6: 1024 neurons x 30 layers; cycles-1e7: 1024 x 320;
/// cycles-wide-1e7: 4096 x 80; cycles-2048x20).
Graph graphOf(const std::string &name) {
  if (name == "cycles-1e6")
    return permutedCycles(1024, 30);
  if (name == "cycles-1e7")
    return permutedCycles(1024, 320);
  if (name == "cycles-wide-1e7")
    return permutedCycles(4096, 80);
  if (name == "cycles-2048x20")
    return permutedCycles(2048, 20);
  return toProgram(build(name)).graph;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

/// CPU time of this thread: wall time on the shared machine measures its
/// load as much as the work.
double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double peakMB() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

int speed(const std::string &name) {
  Graph g = graphOf(name);
  NeuronOrder order = programOrder(g);
  std::vector<double> times;
  IOCount count;
  for (int r = 0; r < 3; ++r) {
    auto start = std::chrono::steady_clock::now();
    count = *simulateNeuronOrder(g, order, 256, Policy::Belady);
    times.push_back(seconds(start));
  }
  std::sort(times.begin(), times.end());
  AnnealOptions options;
  options.fastMemory = 256;
  options.iterations = 0;
  options.seconds = 10;
  options.checkpoints = 0;
  AnnealResult result = *anneal(g, order, options);
  double search = result.seconds - result.checkpointSeconds;
  llvm::outs() << llvm::format("| %s | %lld | %.3f | %.0f | %.0f |\n",
                               name.c_str(),
                               static_cast<long long>(g.numEdges()), times[1],
                               result.moves / search, peakMB());
  return 0;
}

int quality(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  Bounds bounds = computeBounds(g);
  NeuronOrder order = programOrder(g);
  IOCount base = *simulateNeuronOrder(g, order, m, Policy::Belady);
  AnnealOptions options;
  options.fastMemory = m;
  options.iterations = 0;
  options.seconds = 20;
  AnnealResult result = *anneal(g, order, options);
  int64_t lower = bounds.activationLower, a0 = base.activation(),
          a1 = result.best.activation();
  llvm::outs() << llvm::format(
      "| %s | %lld | %lld | %lld | %lld | %.1f%% | %.2f | %.2f |\n",
      name.c_str(), static_cast<long long>(m), static_cast<long long>(lower),
      static_cast<long long>(a0), static_cast<long long>(a1),
      100.0 * (a0 - a1) / std::max<int64_t>(a0, 1),
      static_cast<double>(a0) / lower, static_cast<double>(a1) / lower);
  return 0;
}

} // namespace

int anchors(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  InstanceBound bound = instanceLowerBound(g, m);
  llvm::outs() << llvm::format("| %s | %lld | %lld | %lld |", name.c_str(),
                               static_cast<long long>(m),
                               static_cast<long long>(
                                   computeBounds(g).activationLower),
                               static_cast<long long>(bound.activation()));
  // Every anchor as a neuron order, then grouped with the kernel's
  // register groups (partial sums).
  for (Anchor anchor : kAllAnchors) {
    IOCount count =
        *simulateNeuronOrder(g, anchorOrder(g, anchor, m), m, Policy::Belady);
    llvm::outs() << " " << count.activation() << " |";
  }
  NeuronOrder grouped = anchorOrder(g, Anchor::Grouped, m);
  int64_t groupedPull =
      simulateNeuronOrder(g, grouped, m, Policy::Belady)->activation();
  int64_t groupedGroups =
      simulateSchedule(g, grouped, Expansion::RegisterGroups,
                       kDefaultRegisterTile, m, Policy::Belady)
          ->activation();
  llvm::outs() << " " << groupedGroups << " |";
  // The default schedule: the best anchor under either expansion, then
  // 100 000 moves, each checkpoint simulated under both expansions.
  AnnealOptions options;
  options.fastMemory = m;
  AnchorChoice best = *bestAnchor(g, m, Policy::Belady, kAllExpansions);
  AnnealResult result = *anneal(g, best.order, options);
  int64_t annealed = result.best.activation();
  auto ratio = [](int64_t a, int64_t b) {
    return static_cast<double>(a) /
           static_cast<double>(std::max<int64_t>(b, 1));
  };
  // ... | default | its start anchor, its expansion | / grouped (neuron) |
  // / grouped (register groups) | efficiency
  llvm::outs() << llvm::format(
      " %lld | %s, %s | %.3f | %.3f | %.3f |\n",
      static_cast<long long>(annealed), anchorName(best.anchor),
      expansionName(result.expansion), ratio(annealed, groupedPull),
      ratio(annealed, groupedGroups), ratio(bound.activation(), annealed));
  return 0;
}

/// Time to build each anchor order (M = 256, thread CPU seconds) and,
/// unless `withBound` is false, the instance lower bound, and the simulated
/// activation I/Os of each order at M = 256.
int orders(const std::string &name, bool withBound) {
  Graph g = graphOf(name);
  for (Anchor anchor : kAllAnchors) {
    double start = threadSeconds();
    NeuronOrder order = anchorOrder(g, anchor, 256);
    double took = threadSeconds() - start;
    IOCount count = *simulateNeuronOrder(g, order, 256, Policy::Belady);
    llvm::outs() << llvm::format("| %s | %lld | %s | %.3f | %lld |\n",
                                 name.c_str(),
                                 static_cast<long long>(g.numEdges()),
                                 anchorName(anchor), took,
                                 static_cast<long long>(count.activation()));
  }
  if (!withBound)
    return 0;
  auto start = std::chrono::steady_clock::now();
  InstanceBound bound = instanceLowerBound(g, 256);
  llvm::outs() << llvm::format("| %s | %lld | instance bound | %.3f | %lld |\n",
                               name.c_str(),
                               static_cast<long long>(g.numEdges()),
                               seconds(start),
                               static_cast<long long>(bound.activation()));
  return 0;
}

/// Every anchor order at one fast-memory size: the time to build it and its
/// exactly simulated activation I/Os (Belady).
int anchorsAt(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  for (Anchor anchor : kAllAnchors) {
    auto start = std::chrono::steady_clock::now();
    NeuronOrder order = anchorOrder(g, anchor, m);
    double took = seconds(start);
    IOCount count = *simulateNeuronOrder(g, order, m, Policy::Belady);
    // workload | M | anchor | seconds | activation I/Os | input loads |
    // hidden loads | hidden stores
    llvm::outs() << llvm::format(
        "| %s | %lld | %s | %.3f | %lld | %lld | %lld | %lld |\n",
        name.c_str(), static_cast<long long>(m), anchorName(anchor), took,
        static_cast<long long>(count.activation()),
        static_cast<long long>(count.inputLoads),
        static_cast<long long>(count.hiddenLoads),
        static_cast<long long>(count.hiddenStores));
    llvm::outs().flush();
  }
  return 0;
}

/// The early-release order under several options, each from the same
/// cache-aware order: the seconds it took (thread CPU) and its activation
/// I/Os in register groups (what its windows are simulated with).
int earlyRelease(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  NeuronOrder cacheAware = cacheAwareOrder(g, m);
  auto registerGroups = [&](const NeuronOrder &order) {
    return simulateSchedule(g, order, Expansion::RegisterGroups,
                            kDefaultRegisterTile, m, Policy::Belady)
        ->activation();
  };
  llvm::outs() << llvm::format("| %s | %lld | cache-aware | - | %lld |\n",
                               name.c_str(), static_cast<long long>(m),
                               static_cast<long long>(
                                   registerGroups(cacheAware)));
  struct Variant {
    const char *what;
    EarlyReleaseOptions options;
  };
  EarlyReleaseOptions noEarly, noRotation, cheaper, defaults;
  noEarly.maxTail = 0;
  noEarly.rotationsSimulated = 0;
  noRotation.rotationsSimulated = 0;
  cheaper.rotationStride = 4;
  cheaper.rotationsSimulated = 3;
  cheaper.maxTail = 5;
  for (const Variant &variant :
       {Variant{"chains only (no early groups, no rotations)", noEarly},
        Variant{"early groups, no rotations", noRotation},
        Variant{"rotations every 4 groups, 3 simulated, j <= 5", cheaper},
        Variant{"default (every 2, 6 simulated, j <= 6)", defaults}}) {
    double start = threadSeconds();
    NeuronOrder order = earlyReleaseOrder(g, m, cacheAware, variant.options);
    double took = threadSeconds() - start;
    llvm::outs() << llvm::format("| %s | %lld | %s | %.1f | %lld |\n",
                                 name.c_str(), static_cast<long long>(m),
                                 variant.what, took,
                                 static_cast<long long>(registerGroups(order)));
    llvm::outs().flush();
  }
  return 0;
}

/// The sorted distinct sources of a computed node.
std::vector<Node> sourceSet(const Graph &g, Node v) {
  std::vector<Node> set(g.inSources.begin() + g.firstInEdge(v),
                        g.inSources.begin() + g.firstInEdge(v) + g.inDegree(v));
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

/// An edge order with partial sums: the neuron order cut into runs of
/// neurons with one source set; each run adds its connections source by
/// source (every member's partial sum stays resident while one source
/// streams through), the sources shared with the previous run first and
/// those shared with the next run last, so that they are still resident.
EdgeOrder sourceMajor(const Graph &g, const NeuronOrder &order) {
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < order.size();) {
    size_t j = i + 1;
    std::vector<Node> set = sourceSet(g, order[i]);
    while (j < order.size() && sourceSet(g, order[j]) == set)
      ++j;
    runs.push_back({i, j});
    i = j;
  }
  EdgeOrder edges;
  edges.reserve(g.numEdges());
  std::vector<Node> none;
  for (size_t r = 0; r < runs.size(); ++r) {
    std::vector<Node> set = sourceSet(g, order[runs[r].first]);
    std::vector<Node> prev =
        r > 0 ? sourceSet(g, order[runs[r - 1].first]) : none;
    std::vector<Node> next =
        r + 1 < runs.size() ? sourceSet(g, order[runs[r + 1].first]) : none;
    auto in = [](const std::vector<Node> &s, Node u) {
      return std::binary_search(s.begin(), s.end(), u);
    };
    std::stable_sort(set.begin(), set.end(), [&](Node a, Node b) {
      auto rank = [&](Node u) { return in(prev, u) ? 0 : in(next, u) ? 2 : 1; };
      return rank(a) < rank(b);
    });
    for (Node u : set)
      for (size_t i = runs[r].first; i < runs[r].second; ++i) {
        Node v = order[i];
        for (int64_t e = g.firstInEdge(v);
             e < g.firstInEdge(v) + g.inDegree(v); ++e)
          if (g.inSources[e] == u)
            edges.push_back(e);
      }
  }
  return edges;
}

/// Each anchor's neuron order against its kernel register-group expansion
/// and its source-major edge order, simulated exactly at M words.
int edgeOrders(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  for (Anchor anchor :
       {Anchor::Grouped, Anchor::CacheAware, Anchor::EarlyRelease}) {
    NeuronOrder order = anchorOrder(g, anchor, m);
    IOCount pull = *simulateNeuronOrder(g, order, m, Policy::Belady);
    IOCount groups =
        *simulateSchedule(g, order, Expansion::RegisterGroups,
                          kDefaultRegisterTile, m, Policy::Belady);
    IOCount push = *simulate(g, sourceMajor(g, order), m, Policy::Belady);
    // workload | M | order | neuron | register groups (partial-sum I/Os) |
    // source-major runs (partial-sum I/Os)
    llvm::outs() << llvm::format(
        "| %s | %lld | %s | %lld | %lld (%lld) | %lld (%lld) |\n",
        name.c_str(), static_cast<long long>(m), anchorName(anchor),
        static_cast<long long>(pull.activation()),
        static_cast<long long>(groups.activation()),
        static_cast<long long>(groups.partialLoads + groups.partialStores),
        static_cast<long long>(push.activation()),
        static_cast<long long>(push.partialLoads + push.partialStores));
    llvm::outs().flush();
  }
  return 0;
}

/// The two instance lower bounds at one fast-memory size, each with the
/// thread CPU time it took: the open-words bound, then the first-completion
/// bound (its best window depth, windows, merged or skipped windows, flows).
int bounds(const std::string &name, int64_t m) {
  Graph g = graphOf(name);
  auto cpu = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) +
           1e-9 * static_cast<double>(t.tv_nsec);
  };
  InstanceBoundOptions openOnly;
  openOnly.firstCompletion = false;
  double start = cpu();
  InstanceBound open = instanceLowerBound(g, m, openOnly);
  double openSeconds = cpu() - start;
  start = cpu();
  FirstCompletionBound first = firstCompletionBound(g, m);
  double firstSeconds = cpu() - start;
  // workload | connections | M | I_used + O | open words (CPU s) |
  // first completion (CPU s) | window levels, windows, relaxed, flows
  llvm::outs() << llvm::format(
      "| %s | %lld | %lld | %lld | %lld (%.1f s) | %lld (%.1f s) | %lld, %lld, "
      "%lld, %lld |\n",
      name.c_str(), static_cast<long long>(g.numEdges()),
      static_cast<long long>(m), static_cast<long long>(open.base),
      static_cast<long long>(open.activation()), openSeconds,
      static_cast<long long>(open.base + first.extra), firstSeconds,
      static_cast<long long>(first.windowLevels),
      static_cast<long long>(first.windows),
      static_cast<long long>(first.relaxedWindows),
      static_cast<long long>(first.flows));
  return 0;
}

int main(int argc, char **argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "speed" && argc == 3)
    return speed(argv[2]);
  if (mode == "quality" && argc == 4)
    return quality(argv[2], std::atoll(argv[3]));
  if (mode == "anchors" && argc == 4)
    return anchors(argv[2], std::atoll(argv[3]));
  if (mode == "orders" && (argc == 3 ||
                           (argc == 4 && std::string(argv[3]) == "no-bound")))
    return orders(argv[2], argc == 3);
  if (mode == "anchor-times" && argc == 4)
    return anchorsAt(argv[2], std::atoll(argv[3]));
  if (mode == "early-release" && argc == 4)
    return earlyRelease(argv[2], std::atoll(argv[3]));
  if (mode == "edge-orders" && argc == 4)
    return edgeOrders(argv[2], std::atoll(argv[3]));
  if (mode == "bounds" && argc == 4)
    return bounds(argv[2], std::atoll(argv[3]));
  llvm::errs() << "usage: io-bench speed WORKLOAD | quality FAMILY M | "
                  "anchors FAMILY M | orders WORKLOAD [no-bound] | "
                  "anchor-times WORKLOAD M | early-release WORKLOAD M | "
                  "edge-orders WORKLOAD M | "
                  "bounds WORKLOAD M\n";
  return 2;
}
