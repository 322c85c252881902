//===- ProgramFromIR.cpp - a network as a codegen program -----------------===//
#include "sffnn/Analysis/ProgramFromIR.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <limits>

using namespace mlir;
using namespace mlir::sffnn;
using ::sffnn::codegen::Program;
using ::sffnn::io::GraphBuilder;
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

static float clampOf(std::optional<APFloat> clamp) {
  return clamp ? clamp->convertToFloat()
               : std::numeric_limits<float>::infinity();
}

Program mlir::sffnn::buildProgram(NetworkOp network) {
  Block &body = network.getBody().front();
  GraphBuilder builder(network.getNumInputs());
  Program program;
  llvm::DenseMap<Value, std::vector<Node>> nodes;
  std::vector<Node> &input = nodes[body.getArgument(0)];
  for (Node i = 0; i < network.getNumInputs(); ++i)
    input.push_back(i);

  auto addNeuron = [&](const std::vector<Node> &sources, bool hasBias,
                       float bias, Activation act, float clamp) {
    program.bias.push_back(hasBias ? bias : 0.0f);
    program.activation.push_back(toModel(act));
    program.clamp.push_back(clamp);
    return builder.addNeuron(sources, hasBias);
  };

  std::vector<Node> sources;
  for (Operation &op : body) {
    if (auto layer = dyn_cast<LayerOp>(op)) {
      std::vector<Node> columns;
      for (Value source : layer.getSources())
        llvm::append_range(columns, nodes[source]);
      SparseMatrixAttr w = layer.getWeights();
      SmallVector<int32_t> offsetStorage, indexStorage;
      SmallVector<float> valueStorage, biasStorage;
      ArrayRef<int32_t> offsets =
          getElementsData(w.getOffsets(), offsetStorage);
      ArrayRef<int32_t> indices = getElementsData(w.getIndices(), indexStorage);
      ArrayRef<float> values = getElementsData(w.getValues(), valueStorage);
      ArrayRef<float> bias;
      if (ElementsAttr biasAttr = layer.getBiasAttr())
        bias = getElementsData(biasAttr, biasStorage);
      float clamp = clampOf(layer.getClamp());
      std::vector<Node> &result = nodes[layer.getResult()];
      for (int64_t j = 0; j < w.getRows(); ++j) {
        sources.clear();
        for (int32_t k = offsets[j]; k < offsets[j + 1]; ++k) {
          sources.push_back(columns[indices[k]]);
          program.weights.push_back(values[k]);
        }
        result.push_back(addNeuron(sources, !bias.empty(),
                                   bias.empty() ? 0.0f : bias[j],
                                   layer.getActivation(), clamp));
      }
    } else if (auto neuron = dyn_cast<NeuronOp>(op)) {
      sources.clear();
      for (Value source : neuron.getSources())
        sources.push_back(nodes[source].front());
      llvm::append_range(program.weights, neuron.getWeights());
      std::optional<APFloat> bias = neuron.getBias();
      nodes[neuron.getResult()] = {addNeuron(
          sources, bias.has_value(), bias ? bias->convertToFloat() : 0.0f,
          neuron.getActivation(), clampOf(neuron.getClamp()))};
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
  program.graph = builder.finish();
  return program;
}
