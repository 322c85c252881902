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

/// The kernel-form option: one form for every chunk, or Auto: straight-line
/// for networks of at most max-straight-line connections, else table.
enum class KernelForm { Auto, StraightLine, Table };

/// "straight-line", "table": the spelling of options and of sffnn.kernel.
const char *chunkFormName(ChunkFormKind form);
const char *kernelFormName(KernelForm form);

/// The kernel-form option's value, or none for an unknown spelling.
std::optional<KernelForm> parseKernelForm(const std::string &name);

/// The form of every chunk of a network with `connections` connections.
ChunkFormKind chooseChunkForm(KernelForm requested, int64_t connections,
                              int64_t maxStraightLine);

} // namespace sffnn::codegen

#endif // SFFNN_CODEGEN_KERNELFORM_H
