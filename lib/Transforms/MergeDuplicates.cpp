//===- MergeDuplicates.cpp - sffnn-merge-duplicate-neurons ----------------===//
//
// Thin: walks each network in program order, hands every layer's CSR arrays
// and the column map of its sources to sffnn::mergeDuplicateRows
// (lib/Model), and rebuilds the layers that changed.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Model/MergeDuplicates.h"
#include "sffnn/Analysis/NetworkSummary.h"
#include "sffnn/Dialect/SFFNN/IR/CsrArrays.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OperationSupport.h"

#include <unordered_map>

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNMERGEDUPLICATENEURONS
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;

namespace {

struct Removed {
  int64_t neurons = 0, connections = 0;
};

/// The column map of a layer's sources: identity (empty) unless one of them
/// is a layer that lost neurons (`survivors`: new value -> old column ->
/// new column).
::sffnn::ColumnMap
columnMapOf(LayerOp layer,
            const DenseMap<Value, std::vector<int32_t>> &survivors) {
  ::sffnn::ColumnMap map;
  if (llvm::none_of(layer.getSources(),
                    [&](Value v) { return survivors.count(v); }))
    return map;
  for (Value source : layer.getSources()) {
    int64_t width = cast<RankedTensorType>(source.getType()).getDimSize(1);
    auto it = survivors.find(source);
    if (it == survivors.end()) {
      for (int64_t c = 0; c < width; ++c)
        map.newColumn.push_back(static_cast<int32_t>(map.newCols + c));
    } else {
      for (int32_t c : it->second)
        map.newColumn.push_back(static_cast<int32_t>(map.newCols + c));
    }
    map.newCols += width;
  }
  return map;
}

/// A layer whose columns are observed outside layer form (returned, split,
/// concatenated) keeps every neuron.
bool mustKeepNeurons(LayerOp layer) {
  return llvm::any_of(layer->getUsers(),
                      [](Operation *user) { return !isa<LayerOp>(user); });
}

/// Merges the duplicate neurons of `layer` and rewires its sources through
/// `survivors`, recording its own survivors there when it shrinks.
LogicalResult mergeLayer(LayerOp layer,
                         DenseMap<Value, std::vector<int32_t>> &survivors,
                         Removed &removed) {
  ::sffnn::ColumnMap columns = columnMapOf(layer, survivors);
  bool keep = mustKeepNeurons(layer);
  if (columns.newColumn.empty() && keep)
    return success();
  CsrArrays arrays = layer.getWeights().getArrays();
  SmallVector<float> biasStorage;
  ArrayRef<float> bias;
  if (ElementsAttr biasAttr = layer.getBiasAttr())
    bias = getElementsData(biasAttr, biasStorage);
  llvm::Expected<::sffnn::MergedLayer> merged =
      ::sffnn::mergeDuplicateRows(arrays.ref(), bias, columns, keep);
  if (!merged)
    return layer.emitError("cannot merge duplicate neurons: ")
           << llvm::toString(merged.takeError());
  if (columns.newColumn.empty() && merged->removedNeurons == 0)
    return success();
  removed.neurons += merged->removedNeurons;
  removed.connections += merged->removedConnections;

  MLIRContext *ctx = layer.getContext();
  const ::sffnn::CsrMatrix &w = merged->weights;
  auto weights = SparseMatrixAttr::get(
      ctx, w.rows, w.cols, makeElements(ctx, "merged_offsets", w.offsets),
      makeElements(ctx, "merged_indices", w.indices),
      makeElements(ctx, "merged_weights", w.values));
  ElementsAttr newBias;
  if (!merged->bias.empty())
    newBias = makeElements(ctx, "merged_bias", merged->bias);
  auto oldType = cast<RankedTensorType>(layer.getType());
  auto type = RankedTensorType::get({oldType.getDimSize(0), w.rows},
                                    oldType.getElementType());
  OpBuilder builder(layer);
  auto replacement = LayerOp::create(
      builder, layer.getLoc(), type, layer.getSources(), weights, newBias,
      layer.getActivationAttr(), layer.getClampAttr());
  if (merged->removedNeurons > 0)
    survivors[replacement.getResult()] = std::move(merged->survivor);
  // Consumers are later layers (or the return, when nothing was removed):
  // each is rewired when the walk reaches it.
  layer.getResult().replaceAllUsesWith(replacement.getResult());
  layer.erase();
  return success();
}

/// Neuron-level form: identical sffnn.neuron ops (operands and attributes,
/// which compare floats bit for bit) are one.
void mergeNeurons(NetworkOp network, Removed &removed) {
  std::unordered_map<size_t, SmallVector<NeuronOp, 1>> byHash;
  for (NeuronOp neuron :
       llvm::make_early_inc_range(network.getBody().getOps<NeuronOp>())) {
    size_t hash = OperationEquivalence::computeHash(
        neuron, OperationEquivalence::directHashValue,
        OperationEquivalence::ignoreHashValue,
        OperationEquivalence::IgnoreLocations);
    SmallVector<NeuronOp, 1> &candidates = byHash[hash];
    auto same = llvm::find_if(candidates, [&](NeuronOp other) {
      return OperationEquivalence::isEquivalentTo(
          neuron, other, OperationEquivalence::IgnoreLocations);
    });
    if (same == candidates.end()) {
      candidates.push_back(neuron);
      continue;
    }
    ++removed.neurons;
    removed.connections += static_cast<int64_t>(neuron.getSources().size());
    neuron.getResult().replaceAllUsesWith(same->getResult());
    neuron.erase();
  }
}

/// The schedule, blocks and I/O counts recorded on a network number its old
/// neurons.
void dropRecordedAttributes(NetworkOp network) {
  SmallVector<StringAttr> names;
  for (NamedAttribute attr : network->getDiscardableAttrs())
    if (attr.getName().getValue().starts_with("sffnn."))
      names.push_back(attr.getName());
  for (StringAttr name : names)
    network->removeDiscardableAttr(name);
}

struct MergeDuplicateNeuronsPass
    : public mlir::sffnn::impl::SFFNNMergeDuplicateNeuronsBase<
          MergeDuplicateNeuronsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      NetworkSummary before = summarize(network);
      Removed removed;
      DenseMap<Value, std::vector<int32_t>> survivors;
      for (LayerOp layer :
           llvm::make_early_inc_range(network.getBody().getOps<LayerOp>()))
        if (failed(mergeLayer(layer, survivors, removed)))
          return signalPassFailure();
      mergeNeurons(network, removed);
      if (removed.neurons == 0 && removed.connections == 0)
        continue;
      dropRecordedAttributes(network);
      // At the location only: the op itself may be millions of weights.
      emitRemark(network.getLoc(), "merge-duplicate-neurons: removed ")
          << removed.neurons << " of " << before.neurons << " neurons and "
          << removed.connections << " of " << before.connections
          << " connections";
    }
  }
};

} // namespace
