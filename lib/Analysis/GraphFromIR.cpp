//===- GraphFromIR.cpp - the I/O model's graph of a network ---------------===//
#include "sffnn/Analysis/GraphFromIR.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::sffnn;
using ::sffnn::io::Graph;
using ::sffnn::io::GraphBuilder;
using ::sffnn::io::Node;

Graph mlir::sffnn::buildGraph(NetworkOp network) {
  Block &body = network.getBody().front();
  GraphBuilder builder(network.getNumInputs());
  // The nodes of every batch value (one per feature) and neuron value.
  llvm::DenseMap<Value, std::vector<Node>> nodes;
  std::vector<Node> &input = nodes[body.getArgument(0)];
  for (Node i = 0; i < network.getNumInputs(); ++i)
    input.push_back(i);

  std::vector<Node> sources;
  for (Operation &op : body) {
    if (auto layer = dyn_cast<LayerOp>(op)) {
      std::vector<Node> columns;
      for (Value source : layer.getSources())
        llvm::append_range(columns, nodes[source]);
      SparseMatrixAttr w = layer.getWeights();
      SmallVector<int32_t> offsetStorage, indexStorage;
      ArrayRef<int32_t> offsets =
          getElementsData(w.getOffsets(), offsetStorage);
      ArrayRef<int32_t> indices = getElementsData(w.getIndices(), indexStorage);
      std::vector<Node> &result = nodes[layer.getResult()];
      for (int64_t j = 0; j < w.getRows(); ++j) {
        sources.clear();
        for (int32_t k = offsets[j]; k < offsets[j + 1]; ++k)
          sources.push_back(columns[indices[k]]);
        result.push_back(
            builder.addNeuron(sources, layer.getBiasAttr() != nullptr));
      }
    } else if (auto neuron = dyn_cast<NeuronOp>(op)) {
      sources.clear();
      for (Value source : neuron.getSources())
        sources.push_back(nodes[source].front());
      nodes[neuron.getResult()] = {
          builder.addNeuron(sources, neuron.getBias().has_value())};
    } else if (auto split = dyn_cast<SplitOp>(op)) {
      std::vector<Node> in = nodes[split.getInput()];
      for (auto [k, result] : llvm::enumerate(split.getNeurons()))
        nodes[result] = {in[k]};
    } else if (auto concat = dyn_cast<ConcatOp>(op)) {
      std::vector<Node> gathered;
      for (Value source : concat.getSources())
        gathered.push_back(nodes[source].front());
      nodes[concat.getResult()] = std::move(gathered);
    } else if (auto ret = dyn_cast<ReturnOp>(op)) {
      llvm::DenseSet<Node> seen;
      for (Node y : nodes[ret.getOperand(0)])
        if (seen.insert(y).second)
          builder.addOutput(y);
    }
  }
  return builder.finish();
}
