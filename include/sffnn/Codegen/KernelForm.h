//===- KernelForm.h - how a chunk of the kernel is spelled ------*- C++ -*-===//
//
// Plain C++ (no MLIR), shared by the kernel plan, which picks a form per
// chunk, and the pass options that ask for one. docs/Codegen.md describes
// the forms.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_CODEGEN_KERNELFORM_H
#define SFFNN_CODEGEN_KERNELFORM_H

#include <cstdint>
#include <optional>
#include <string>

namespace sffnn::codegen {

/// The code of one chunk: straight-line (one FMA per connection, weights
/// as immediate constants) or table (loops over constant tables of slots
/// and weights). A new form adds a value here and one ChunkForm class in
/// lib/Conversion.
enum class ChunkFormKind { StraightLine, Table };

/// The kernel-form option: one form for every chunk; Auto: each chunk's
/// form from the cost model below, straight-line code limited to a budget
/// of connections; Alternate: straight-line and table chunks in turn (for
/// tests of kernels that mix both).
enum class KernelForm { Auto, StraightLine, Table, Alternate };

/// "straight-line", "table": the spelling of options and of sffnn.kernel.
const char *chunkFormName(ChunkFormKind form);
const char *kernelFormName(KernelForm form);

/// The kernel-form option's value, or none for an unknown spelling.
std::optional<KernelForm> parseKernelForm(const std::string &name);

/// What the cost model needs to know of a chunk (KernelPlan.cpp counts it).
struct ChunkShape {
  int64_t connections = 0;
  /// Connections of register groups the table form runs as dense groups
  /// (members reading exactly the same sources, same activation); the
  /// rest are single neurons, each a loop over its own terms.
  int64_t denseConnections = 0;
  /// Neurons the table form runs as single neurons.
  int64_t singleNeurons = 0;
  /// Source words loaded (one per distinct source of a register group).
  int64_t sourceLoads = 0;
  /// Distinct weight values in the chunk: straight-line code keeps a few
  /// in registers and fetches the rest, with the code, from memory.
  int64_t distinctWeights = 0;
};

/// Weights straight-line code holds in registers, by FMA emitter.
constexpr int64_t kLLVMWeightRegisters = 8;
constexpr int64_t kAssemblyWeightRegisters = 0;

/// Estimated time of one batch tile of the chunk in `form`, in units of one
/// FMA from registers, when the chunk runs over `tilesPerGroup` tiles per
/// fetch of its code and tables (docs/Codegen.md, "Choosing the form of a
/// chunk", gives the terms and the measurements they are calibrated on).
/// Straight-line code keeps up to `weightRegisters` distinct weights in
/// registers and fetches the others from memory with each FMA: LLVM keeps
/// splat constants in registers, the x86-avx512 FMA emitter fetches every
/// weight (kAssemblyWeightRegisters).
double estimateChunkCost(const ChunkShape &shape, ChunkFormKind form,
                         int64_t tilesPerGroup,
                         int64_t weightRegisters = kLLVMWeightRegisters);

/// The cheaper form for the chunk (table on a tie: it compiles faster).
ChunkFormKind cheaperChunkForm(const ChunkShape &shape, int64_t tilesPerGroup,
                               int64_t weightRegisters = kLLVMWeightRegisters);

} // namespace sffnn::codegen

#endif // SFFNN_CODEGEN_KERNELFORM_H
