//===- PassAttributes.h - what passes record on networks and kernels -*- C++ -*-===//
//
// The passes communicate through discardable attributes of the dialect,
// declared in SFFNNBase.td and checked by one verifier each
// (SFFNNDialect::verifyOperationAttribute), so that a malformed attribute is
// a located error wherever it appears. These are their only readers and
// writers.
//
//   sffnn.schedule     network  i32 array: a neuron order (node ids)
//   sffnn.blocks       network  {level: ascending i32 block starts}
//   sffnn.io_levels    network  {level: {words, blocks, total, activation,
//                               expansion, register_tile}}
//   sffnn.io_bounds    network  I/O bounds (sffnn-io-bounds)
//   sffnn.io_baseline, sffnn.io_schedule, sffnn.io_annealed
//                      network  simulated I/O counts, with the expansion
//                               (neuron order or register groups) used
//   sffnn.kernel       function the shape of a lowered kernel (KernelInfo)
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_DIALECT_SFFNN_IR_PASSATTRIBUTES_H
#define SFFNN_DIALECT_SFFNN_IR_PASSATTRIBUTES_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::sffnn {

/// The recorded neuron order, if any. The verifier guarantees its shape
/// (one entry per computed neuron, each once); whether it respects the
/// dependencies is checked by its users (io::checkNeuronOrder).
std::optional<std::vector<int32_t>> getSchedule(NetworkOp network);
void setSchedule(NetworkOp network, ArrayRef<int32_t> order);

/// The block starts of `level`, or of the largest recorded level (the one
/// with the fewest blocks) when `level` is empty: none without
/// sffnn.blocks; a located error when a named level is missing.
FailureOr<std::vector<int64_t>> getBlockStarts(NetworkOp network,
                                               StringRef level);

/// One level of sffnn.io_levels: its size, its blocks, and the schedule's
/// I/O with M = words under `expansion` ("neuron" or "register-groups", with
/// registerTile; 0 for a neuron order). Levels recorded before sffnn-block
/// took an expansion lack the last two fields and read as neuron orders.
struct LevelIO {
  std::string name;
  int64_t words = 0, blocks = 0, total = 0, activation = 0;
  std::string expansion = "neuron";
  int64_t registerTile = 0;
};
void setBlocks(NetworkOp network,
               ArrayRef<std::pair<std::string, std::vector<int32_t>>> starts,
               ArrayRef<LevelIO> levels);
std::vector<LevelIO> getLevelIO(NetworkOp network);

/// The shape of a lowered kernel (sffnn.kernel).
struct KernelInfo {
  std::string name, form;
  int64_t inputs = 0, outputs = 0, connections = 0, tile = 0, slots = 0,
          chunks = 0;
  bool dropDeadSamples = false;
};
std::optional<KernelInfo> getKernelInfo(Operation *function);
void setKernelInfo(Operation *function, const KernelInfo &info);

} // namespace mlir::sffnn

#endif // SFFNN_DIALECT_SFFNN_IR_PASSATTRIBUTES_H
