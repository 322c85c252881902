//===- ProgramFromIR.cpp - a network at neuron level, from IR -------------===//
#include "sffnn/Analysis/ProgramFromIR.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::sffnn;
using ::sffnn::Program;
using ::sffnn::ProgramBuilder;
using ::sffnn::io::Node;

static ::sffnn::Activation toModel(Activation activation) {
  switch (activation) {
  case Activation::identity:
    return ::sffnn::Activation::Identity;
  case Activation::relu:
    return ::sffnn::Activation::Relu;
  case Activation::sigmoid:
    return ::sffnn::Activation::Sigmoid;
  case Activation::tanh:
    return ::sffnn::Activation::Tanh;
  }
  llvm_unreachable("unknown activation");
}

static std::optional<float> toFloat(std::optional<APFloat> value) {
  if (!value)
    return std::nullopt;
  return value->convertToFloat();
}

Program mlir::sffnn::buildProgram(NetworkOp network) {
  Block &body = network.getBody().front();
  ProgramBuilder builder(network.getNumInputs());
  // The nodes of every value, in column order.
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
      CsrArrays csr = layer.getWeights().getArrays();
      SmallVector<float> biasStorage;
      ArrayRef<float> bias;
      if (ElementsAttr biasAttr = layer.getBiasAttr())
        bias = getElementsData(biasAttr, biasStorage);
      Node first = builder.addLayer(columns, csr.ref(), bias,
                                    toModel(layer.getActivation()),
                                    toFloat(layer.getClamp()));
      std::vector<Node> &result = nodes[layer.getResult()];
      for (int64_t j = 0; j < csr.rows; ++j)
        result.push_back(static_cast<Node>(first + j));
    } else if (auto neuron = dyn_cast<NeuronOp>(op)) {
      sources.clear();
      for (Value source : neuron.getSources())
        sources.push_back(nodes[source].front());
      nodes[neuron.getResult()] = {builder.addNeuron(
          sources, neuron.getWeights(), toFloat(neuron.getBias()),
          toModel(neuron.getActivation()), toFloat(neuron.getClamp()))};
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
      for (Node y : nodes[ret.getOperand(0)])
        builder.addOutput(y);
    }
  }
  return builder.finish();
}
