//===- Blocking.h - cache blocks of a neuron order --------------*- C++ -*-===//
//
// Splits a neuron order into blocks whose working set fits each level of a
// multi-level machine (registers, L1, L2, ...), nested: every block of a
// smaller level lies inside one block of the next larger level.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_BLOCKING_H
#define SFFNN_IO_BLOCKING_H

#include "sffnn/IO/Schedule.h"
#include "sffnn/Support/TargetInfo.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace sffnn::io {

struct MemoryLevel {
  std::string name;
  int64_t words = 0;
};
/// Levels sorted from the smallest to the largest.
using Machine = std::vector<MemoryLevel>;

/// "registers=32,l1=768,l2=32768": names and sizes in words, any order.
llvm::Expected<Machine> parseMachine(llvm::StringRef spec);

/// The vector registers and the caches of a target, in words of
/// `wordBytes` bytes.
Machine machineOf(const TargetInfo &target, int64_t wordBytes);

/// The "name=words,..." form of a machine.
std::string formatMachine(const Machine &machine);

/// For each level (same indices as the machine), the positions in `order`
/// where its blocks start, ascending, always including 0. A block is a
/// maximal run of consecutive units whose working set (the distinct values
/// its neurons read or produce, plus one word for the partial sum) fits the
/// level; a unit that alone does not fit is a block of its own. Blocks of a
/// level never cross a block boundary of a larger level.
///
/// The units are the runs a block boundary may not cut: by default every
/// neuron is one; `unitStarts` (ascending positions, 0 first and
/// order.size() last, as registerGroupStarts in Expansion.h returns them)
/// makes them the kernel's register groups, so that the lowering, which
/// ends a group at every block start, keeps the groups the register-groups
/// count assumes. O(levels * (n + W)).
std::vector<std::vector<int64_t>>
blockOrder(const Graph &graph, const NeuronOrder &order, const Machine &machine,
           llvm::ArrayRef<int64_t> unitStarts = {});

} // namespace sffnn::io

#endif // SFFNN_IO_BLOCKING_H
