//===- Roofline.h - the sparsity roofline of a layer ------------*- C++ -*-===//
//
// The performance model of Shinn et al., "The Sparsity Roofline" (arXiv
// 2310.00496), for CPU: a layer in a storage format costs FLOPs and moves
// bytes; its time is max(FLOPs / peak, bytes / bandwidth of the memory level
// its data comes from). docs/Roofline.md states every formula. Plain C++.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_ROOFLINE_ROOFLINE_H
#define SFFNN_ROOFLINE_ROOFLINE_H

#include "sffnn/Formats/Matrix.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace sffnn::roofline {

/// A machine: fp32 peak of one core and the memory levels, smallest first;
/// the last level (DRAM) holds everything.
struct MemoryLevel {
  std::string name;
  double bytes = 0;     ///< capacity (ignored for the last level)
  double bandwidth = 0; ///< bytes per second read from this level
};
struct MachineModel {
  double peakFlops = 0; ///< fp32 FLOP/s of one core
  std::vector<MemoryLevel> levels;

  /// The smallest level holding `footprint` bytes.
  const MemoryLevel &levelFor(double footprint) const;
  /// Machine balance at a level: FLOPs per byte at which it stops being
  /// memory-bound.
  double balance(const MemoryLevel &level) const {
    return peakFlops / level.bandwidth;
  }
};

/// Numbers of a machine model are finite and positive, sizes at most 1e18
/// bytes (they become word counts in int64), only the last level, the one
/// every size is measured against, may have no size, names are distinct
/// (ignoring case), sizes increase strictly from the first (innermost)
/// level to the last, and levels named lN (cache levels by number) come in
/// increasing N. Errors name the offending level by position and name.
llvm::Error checkMachineModel(const MachineModel &machine);

/// A machine file (JSON, levels smallest first) or a spec (levels in the
/// same order); both are checked with checkMachineModel, and errors start
/// with the file name or "machine spec 'SPEC': ".
llvm::Expected<MachineModel> readMachineModel(llvm::StringRef path);
llvm::Error writeMachineModel(const MachineModel &machine,
                              llvm::StringRef path);
/// "peak=FLOPS,l1=BYTES:BW,l2=BYTES:BW,dram=BW".
llvm::Expected<MachineModel> parseMachineModel(llvm::StringRef spec);

/// A layer: rows x cols weights (rows = output neurons), `nnz` kept, run on
/// a batch of `batch` samples. fp32 values, 32-bit indices.
struct LayerShape {
  int64_t rows = 0, cols = 0, nnz = 0, batch = 1;
  /// Inputs that at least one connection reads (0: all of them). Sparse
  /// formats read only these; dense and N:M read every input.
  int64_t usedCols = 0;
  int64_t readCols() const { return usedCols > 0 ? usedCols : cols; }
  double density() const {
    return static_cast<double>(nnz) / (double(rows) * double(cols));
  }
};

/// A storage format and what it costs.
struct Cost {
  std::string format;
  double flops = 0, bytes = 0;
  std::string level; ///< where the data comes from
  double seconds = 0;
  bool memoryBound = false;
  double intensity() const { return flops / bytes; }
};

/// Block-sparse rows with r x c blocks: the kept blocks of `weights`
/// (blocks holding at least one nonzero). O(nnz).
int64_t countBlocks(const CsrRef &weights, int64_t r, int64_t c);

/// The shape of a layer, with the inputs it really reads. O(nnz + cols).
LayerShape shapeOf(const CsrRef &weights, int64_t batch);

/// Costs of one layer. Activation traffic is included: the inputs are read
/// (all of them for dense and N:M, the read ones for sparse formats) and
/// the outputs written, once each.
Cost denseCost(const LayerShape &layer, const MachineModel &machine);
Cost csrCost(const LayerShape &layer, const MachineModel &machine);
Cost bsrCost(const LayerShape &layer, int64_t r, int64_t c, int64_t blocks,
             const MachineModel &machine);
/// N:M structured sparsity (n kept in every m): density n/m whatever the
/// layer's, 2-bit-per-kept-value metadata for m <= 4 (log2(m) bits).
Cost nmCost(const LayerShape &layer, int64_t n, int64_t m,
            const MachineModel &machine);
/// Our schedule: FLOPs of CSR; `bytesInto[i]` is the traffic into level i
/// from level i + 1 that the I/O simulator counts with level i's size as
/// fast memory (one entry per level but the last). The level whose traffic
/// takes longest at the next level's bandwidth sets the time. On a machine
/// with one level, `bytesInto[0]` is all the traffic and comes from it.
Cost scheduleCost(const LayerShape &layer, const std::vector<double> &bytesInto,
                  const MachineModel &machine);

/// The density below which CSR beats dense on this machine, by bisection
/// over the model (0 if never, 1 if always).
double csrBreakEven(const LayerShape &layer, const MachineModel &machine);

} // namespace sffnn::roofline

#endif // SFFNN_ROOFLINE_ROOFLINE_H
