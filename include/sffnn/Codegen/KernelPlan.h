//===- KernelPlan.h - what a compiled kernel does, word by word -*- C++ -*-===//
//
// The bridge between the I/O model and code generation, with no MLIR in it.
// A kernel evaluates the network on one batch tile at a time: every value
// (an input feature or a neuron) is a "word", a vector of T samples. The
// plan fixes, in schedule order,
//   - register groups: runs of at most R neurons computed together, their
//     accumulators in registers; each distinct source of a group is loaded
//     once and feeds every member that reads it (the fast-memory plan at the
//     register level). A group may pull forward, from a window of
//     the order, neurons that read exactly the same sources as its first
//     neuron (RadiX-Net layers consist of such sets), by default from
//     anywhere later in its cache block;
//   - scratch slots: the per-tile scratch word each stored value lives in,
//     reused as soon as its last reader has run (a LIFO free list, so a reused
//     slot is the most recently touched one);
//   - a weight pool in the order the code reads it (a sequential stream), so
//     generated code reads weights at fixed, increasing offsets;
//   - chunks: consecutive groups that become one function, cut at cache-block
//     starts and after at most a given number of connections, so that code
//     size per function, and thus compile time and memory, stay bounded;
//     and the form each chunk's code takes (KernelForm.h).
// Building the plan is O(n + W log(max in-degree)) time and O(n + W) memory;
// with dropDeadSamples the live-slot lists add at most W / dropDeadRatio.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_CODEGEN_KERNELPLAN_H
#define SFFNN_CODEGEN_KERNELPLAN_H

#include "sffnn/Codegen/KernelForm.h"
#include "sffnn/IO/Schedule.h"
#include "sffnn/Model/Program.h"

#include "llvm/Support/Error.h"
#include <cstdint>
#include <vector>

namespace sffnn::codegen {

/// The network at neuron level (sffnn/Model/Program.h).
using ::sffnn::Program;

struct PlanOptions {
  /// Maximum neurons per register group (accumulators held in registers).
  int64_t registerTile = 16;
  /// A register group started by neuron v also takes the neurons within
  /// the next `window` positions of the order (and the same cache block)
  /// that read exactly v's sources; 0 keeps the order as given. The
  /// default is the whole block: the neurons of a RadiX-Net layer that
  /// share sources are N / 16 positions apart (1024 at N = 16384), and the
  /// classes of equal sources are found by hashing, in linear time, however
  /// far apart their members are.
  int64_t window = int64_t(1) << 40;
  /// A straight-line chunk (one function) ends at the first group boundary
  /// at or after this many connections; a table chunk after
  /// tableChunkFactor times more (loops are small code: a chunk needs only
  /// to keep its tables hot across the tiles of a tile group).
  int64_t chunkConnections = 4096;
  int64_t tableChunkFactor = 16;
  /// Weights straight-line code holds in registers (KernelForm.h), for the
  /// cost model.
  int64_t weightRegisters = kLLVMWeightRegisters;
  /// The form of the chunks' code (KernelForm.h). With Auto, each chunk's
  /// form comes from the cost model (estimateChunkCost), for tile groups of
  /// tilesPerGroup tiles, and at most maxStraightLine connections (a
  /// compile-time budget) get straight-line code.
  KernelForm form = KernelForm::Auto;
  int64_t maxStraightLine = 100000;
  int64_t tilesPerGroup = 4;
  /// Positions in the neuron order where a chunk must start (cache blocks).
  std::vector<int64_t> blockStarts;
  /// Plan where samples whose live values are all zero may be dropped
  /// (Chunk::dropDeadAfter): after a chunk when every neuron still to run
  /// maps zero to zero (zeroStaysZeroFrom) and at least dropDeadRatio
  /// connections per live value ran since the last such point.
  bool dropDeadSamples = false;
  int64_t dropDeadRatio = 8;
};

struct Member {
  io::Node node;
  /// Scratch slot the result is stored to.
  int32_t slot;
  /// Pool offset of the bias, or -1 (accumulator starts at zero).
  int64_t biasOffset;
  Activation activation;
  float clamp;
};

/// One distinct source of a group: load slot `slot` once, then for every
/// term t in [firstTerm, endTerm): acc[termMember[t]] += pool[t] * source.
struct SourceUse {
  int32_t slot;
  int64_t firstTerm, endTerm;
};

/// Neurons computed together, their accumulators in registers.
struct RegisterGroup {
  int64_t firstMember, endMember;
  int64_t firstSource, endSource;
};

/// Consecutive register groups that become one function.
struct Chunk {
  int64_t firstGroup, endGroup;
  int64_t connections;
  ChunkFormKind form = ChunkFormKind::StraightLine;
  /// With dropDeadSamples: whether samples may be dropped after this chunk,
  /// and then the slots holding values still needed (by later chunks or as
  /// outputs), ascending.
  bool dropDeadAfter = false;
  std::vector<int32_t> liveSlotsAfter;
};

struct KernelPlan {
  int64_t numInputs = 0, numOutputs = 0;
  /// Scratch words per tile.
  int64_t slots = 0;
  /// Used inputs and their slots (unused inputs are never loaded).
  std::vector<std::pair<int64_t, int32_t>> inputSlots;
  /// Slot of every output, in output order.
  std::vector<int32_t> outputSlots;
  /// Term t reads pool[t]; biases follow the terms.
  std::vector<float> pool;
  std::vector<uint16_t> termMember;
  std::vector<Member> members;
  std::vector<SourceUse> sources;
  std::vector<RegisterGroup> groups;
  std::vector<Chunk> chunks;
  /// Connections actually evaluated (edges into neurons nothing reads are
  /// dropped with their neuron).
  int64_t connections = 0;
};

/// Plans `order` (a valid neuron order of program.graph). Fails when an
/// option is out of range.
llvm::Expected<KernelPlan> planKernel(const Program &program,
                                      const io::NeuronOrder &order,
                                      const PlanOptions &options);

/// Dense groups have at most this many members (one bit each in a mask).
constexpr int64_t kMaxDenseMembers = 64;

/// Whether the table form runs `group` as a dense group: 2 to 64 members
/// reading exactly the same sources (each source one term per member) with
/// the same activation; otherwise as single neurons. The cost model counts
/// dense connections with it.
bool isDenseGroup(const KernelPlan &plan, const RegisterGroup &group);

/// Entry p is true when every neuron at position p or later in `order` maps
/// all-zero sources to zero (act(bias) == 0): then a sample whose live values
/// are all zero before position p stays zero to the end, and may be dropped.
/// Size order.size() + 1. O(n).
std::vector<bool> zeroStaysZeroFrom(const Program &program,
                                    const io::NeuronOrder &order);

} // namespace sffnn::codegen

#endif // SFFNN_CODEGEN_KERNELPLAN_H
