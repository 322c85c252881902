//===- NetworkSummary.cpp - the sizes the I/O model is stated in ----------===//
#include "sffnn/Analysis/NetworkSummary.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::sffnn;

NetworkSummary mlir::sffnn::summarize(NetworkOp network) {
  NetworkSummary summary;
  summary.inputs = network.getNumInputs();
  summary.outputs = network.getNumOutputs();
  // Depth of each value in computing ops; split/concat only regroup.
  llvm::DenseMap<Value, int64_t> depth;
  auto deepest = [&](ValueRange operands) {
    int64_t d = 0;
    for (Value v : operands)
      d = std::max(d, depth.lookup(v));
    return d;
  };
  for (Operation &op : network.getBody().front()) {
    int64_t d = deepest(op.getOperands());
    if (auto layer = dyn_cast<LayerOp>(op)) {
      summary.neurons += layer.getNumNeurons();
      summary.connections += layer.getWeights().getNumNonZeros();
      if (layer.getBiasAttr())
        summary.biases += layer.getNumNeurons();
      ++summary.computeOps;
      ++d;
    } else if (auto neuron = dyn_cast<NeuronOp>(op)) {
      ++summary.neurons;
      summary.connections += neuron.getSources().size();
      summary.biases += neuron.getBias() ? 1 : 0;
      ++summary.computeOps;
      ++d;
    }
    for (Value result : op.getResults())
      depth[result] = d;
    summary.depth = std::max(summary.depth, d);
  }
  return summary;
}
