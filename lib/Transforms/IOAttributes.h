//===- IOAttributes.h - I/O results recorded on networks --------*- C++ -*-===//
//
// The passes communicate through discardable attributes on sffnn.network:
//   sffnn.io_bounds    {fast_memory, inputs, ..., lower_bound, upper_bound}
//   sffnn.io_baseline  {policy, total, input_loads, ..., output_stores}
//   sffnn.schedule     dense i32 array: a neuron order (node ids)
//   sffnn.io_schedule  like io_baseline, for sffnn.schedule, with the
//                      expansion it was counted with (every count records
//                      `expansion` and `register_tile`, 0 for a neuron order)
//   sffnn.io_annealed  like io_baseline, for the annealed order
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_TRANSFORMS_IOATTRIBUTES_H
#define SFFNN_LIB_TRANSFORMS_IOATTRIBUTES_H

#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/InstanceBound.h"
#include "sffnn/IO/Simulator.h"

namespace mlir::sffnn {

// The attributes' names (declared and verified by the dialect).
constexpr StringLiteral kBoundsAttr = SFFNNDialect::IoBoundsAttrHelper::getNameStr();
constexpr StringLiteral kBaselineAttr =
    SFFNNDialect::IoBaselineAttrHelper::getNameStr();
constexpr StringLiteral kScheduleIOAttr =
    SFFNNDialect::IoScheduleAttrHelper::getNameStr();
constexpr StringLiteral kAnnealedAttr =
    SFFNNDialect::IoAnnealedAttrHelper::getNameStr();

DictionaryAttr boundsAttr(MLIRContext *ctx, const ::sffnn::io::Bounds &b,
                          const ::sffnn::io::InstanceBound &instance,
                          int64_t fastMemory);
DictionaryAttr countAttr(MLIRContext *ctx, const ::sffnn::io::IOCount &c,
                         ::sffnn::io::Policy policy, int64_t fastMemory,
                         ::sffnn::io::Expansion expansion,
                         int64_t registerTile);

/// Checks the shared pass options; emits an error at `op` otherwise.
FailureOr<::sffnn::io::Policy> checkIOOptions(Operation *op, int64_t fastMemory,
                                              StringRef policy);

/// The expansions an `expansion` option allows: one, or both for "best";
/// emits an error at `op` otherwise. Also checks registerTile >= 1.
FailureOr<SmallVector<::sffnn::io::Expansion>>
checkExpansionOptions(Operation *op, StringRef expansion, int64_t registerTile);

/// How a pass counts a schedule: the expansions it tries (the cheaper wins)
/// and the register tile of register groups.
struct ExpansionChoice {
  SmallVector<::sffnn::io::Expansion> expansions;
  int64_t registerTile = ::sffnn::io::kDefaultRegisterTile;
};

/// The `expansion` value of the passes that count a given schedule at other
/// memory sizes (sffnn-block, sffnn-io-plot): count it as it was recorded.
constexpr StringLiteral kRecordedExpansion = "recorded";

/// checkExpansionOptions for those passes, which also accept `recorded`:
/// then std::nullopt (each network's recordedExpansion decides).
FailureOr<std::optional<ExpansionChoice>>
checkCountingOptions(Operation *op, StringRef expansion, int64_t registerTile);

/// The expansion the network's schedule was recorded with: that of
/// sffnn.io_annealed, else sffnn.io_schedule, when sffnn.schedule is present
/// (the pass that records a schedule drops counts of an order it replaced);
/// that of sffnn.io_baseline without a recorded order (the program order);
/// a neuron order when nothing is recorded. A located error when the
/// recorded expansion or tile is not one this build knows.
FailureOr<ExpansionChoice> recordedExpansion(NetworkOp network);

/// What checkCountingOptions gave, for one network: the options' choice, or
/// with `recorded` the network's recordedExpansion.
FailureOr<ExpansionChoice>
countingChoice(NetworkOp network, const std::optional<ExpansionChoice> &given);

/// Records `order` as the network's schedule. When it differs from the
/// order the passes used so far (the recorded one, else the program order),
/// drops what described that order: its blocks, their level counts and the
/// annealer's count (the caller records the new counts).
void replaceSchedule(NetworkOp network, ArrayRef<int32_t> order);

/// Simulates `order` under the cheapest of `expansions` and records its I/O,
/// with `extra` entries, on `network` as `attrName`; emits an error at the
/// network on failure.
LogicalResult
recordSimulation(NetworkOp network, const ::sffnn::io::Graph &graph,
                 const ::sffnn::io::NeuronOrder &order, int64_t fastMemory,
                 ::sffnn::io::Policy policy, StringRef attrName,
                 ArrayRef<::sffnn::io::Expansion> expansions =
                     {::sffnn::io::Expansion::Neuron},
                 int64_t registerTile = ::sffnn::io::kDefaultRegisterTile,
                 ArrayRef<NamedAttribute> extra = {});

/// The best anchor order under the cheapest of `expansions`
/// (sffnn-schedule order=best); emits an error at the network on failure.
FailureOr<::sffnn::io::AnchorChoice>
bestAnchorOrder(NetworkOp network, const ::sffnn::io::Graph &graph,
                int64_t fastMemory, ::sffnn::io::Policy policy,
                ArrayRef<::sffnn::io::Expansion> expansions,
                int64_t registerTile);

} // namespace mlir::sffnn

#endif
