//===- Expansion.h - how a neuron order becomes an edge order ---*- C++ -*-===//
//
// A recorded schedule is a neuron order plus the rule that expands it into
// the edge order the simulator plays (docs/IOModel.md, section 6):
//
//   neuron           each neuron in one go, its in-edges in stored order
//                    (the model's "pull"; no partial sum leaves fast memory
//                    in a non-wasteful run);
//   register-groups  what the compiled kernel's register groups do
//                    (codegen::planKernel with pull-window=0 and the same
//                    register-tile R): the order is cut into groups of at
//                    most R consecutive neurons, a group ending early before
//                    a neuron that reads one of its members; a group loads
//                    each distinct source once, in the order of first
//                    appearance (members in order, each member's in-edges in
//                    stored order), and adds it to every member that reads
//                    it. An edge order with partial sums: a member's sum is
//                    open from the group's first source to its last.
//
// Neurons no output depends on are dead code in the kernel (never
// computed); the expansion keeps their edges, which every edge order must
// hold, right after the group they stand in, each in one go.
//
// Both expansions are O(W log d) time (d: the largest in-degree) and O(n + W)
// memory.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_EXPANSION_H
#define SFFNN_IO_EXPANSION_H

#include "sffnn/IO/Simulator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace sffnn::io {

enum class Expansion { Neuron, RegisterGroups };

/// Both expansions: what the passes try unless told otherwise.
constexpr Expansion kAllExpansions[] = {Expansion::Neuron,
                                        Expansion::RegisterGroups};

/// The lowering's default register-tile (convert-sffnn-to-vector): the
/// group size the register-groups expansion assumes unless told otherwise.
constexpr int64_t kDefaultRegisterTile = 16;

/// "neuron" or "register-groups".
std::optional<Expansion> parseExpansion(llvm::StringRef name);
const char *expansionName(Expansion expansion);

/// The register groups of `order` (start positions, ascending, plus
/// order.size() at the end), as codegen::planKernel forms them with
/// pull-window=0; dead neurons (no output depends on them) belong to no
/// group and never cut one. `registerTile` >= 1.
std::vector<int64_t> registerGroupStarts(const Graph &graph,
                                         const NeuronOrder &order,
                                         int64_t registerTile);

/// The edge order of `order` under `expansion` (`order` must be a valid
/// neuron order; registerTile >= 1 for register groups).
EdgeOrder expandSchedule(const Graph &graph, const NeuronOrder &order,
                         Expansion expansion, int64_t registerTile);

/// simulate() of `order` expanded by `expansion` (the order checked with
/// checkNeuronOrder, registerTile >= 1).
llvm::Expected<IOCount> simulateSchedule(const Graph &graph,
                                         const NeuronOrder &order,
                                         Expansion expansion,
                                         int64_t registerTile,
                                         int64_t fastMemory, Policy policy);

struct ExpandedCount {
  Expansion expansion = Expansion::Neuron;
  IOCount count;
};

/// Simulates `order` under each of `expansions` (at least one) and returns
/// the least total; the earlier expansion on ties.
llvm::Expected<ExpandedCount>
cheapestExpansion(const Graph &graph, const NeuronOrder &order,
                  llvm::ArrayRef<Expansion> expansions, int64_t registerTile,
                  int64_t fastMemory, Policy policy);

} // namespace sffnn::io

#endif // SFFNN_IO_EXPANSION_H
