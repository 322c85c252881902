//===- SourceGroups.h - neurons with identical sources -----------*- C++ -*-===//
//
// The unit the constructive orders schedule: computed neurons with identical
// sets of sources need the same words, so computing them together costs the
// loads of one. Shared by the cache-aware and the early-release orders.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_SOURCEGROUPS_H
#define SFFNN_IO_SOURCEGROUPS_H

#include "sffnn/IO/Graph.h"

#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace sffnn::io {

/// Neurons with identical sets of sources, and the graph between the sets.
struct Groups {
  std::vector<int32_t> groupOf;            // per computed node
  std::vector<int64_t> memberStart{0};     // CSR: members of each group
  std::vector<Node> members;
  std::vector<int64_t> sourceStart{0};     // CSR: distinct costed sources
  std::vector<Node> sources;
  std::vector<int64_t> readerStart;        // CSR by node: groups reading it
  std::vector<int32_t> readers;
  std::vector<int32_t> depth;

  int64_t size() const { return static_cast<int64_t>(depth.size()); }
  llvm::ArrayRef<Node> sourcesOf(int32_t k) const {
    return {sources.data() + sourceStart[k],
            sources.data() + sourceStart[k + 1]};
  }
  llvm::ArrayRef<Node> membersOf(int32_t k) const {
    return {members.data() + memberStart[k],
            members.data() + memberStart[k + 1]};
  }
  llvm::ArrayRef<int32_t> readersOf(Node u) const {
    return {readers.data() + readerStart[u], readers.data() + readerStart[u + 1]};
  }
};

/// Groups by hashing each neuron's sorted source set (exact comparison on
/// hash collisions). Sources without in-edges are left out: the simulator
/// makes them from their bias for free, so they cost no load. O(W log d).
Groups buildGroups(const Graph &graph);

} // namespace sffnn::io

#endif // SFFNN_IO_SOURCEGROUPS_H
