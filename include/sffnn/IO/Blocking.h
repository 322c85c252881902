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

/// The host: the vector registers (32 with AVX-512, else 16) and the data
/// and unified caches of the first CPU from sysfs, in words of `wordBytes`
/// bytes. The paths are parameters for tests.
llvm::Expected<Machine>
hostMachine(int64_t wordBytes,
            llvm::StringRef cacheDir = "/sys/devices/system/cpu/cpu0/cache",
            llvm::StringRef cpuinfo = "/proc/cpuinfo");

/// The "name=words,..." form of a machine.
std::string formatMachine(const Machine &machine);

/// For each level (same indices as the machine), the positions in `order`
/// where its blocks start, ascending, always including 0. A block is a
/// maximal run of consecutive neurons whose working set (the distinct values
/// its neurons read or produce, plus one word for the partial sum) fits the
/// level; a neuron that alone does not fit is a block of its own. Blocks of
/// a level never cross a block boundary of a larger level.
/// O(levels * (n + W)).
std::vector<std::vector<int64_t>> blockOrder(const Graph &graph,
                                             const NeuronOrder &order,
                                             const Machine &machine);

} // namespace sffnn::io

#endif // SFFNN_IO_BLOCKING_H
