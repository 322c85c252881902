//===- Program.cpp - a network at neuron level ----------------------------===//
#include "sffnn/Model/Program.h"

#include <cassert>
#include <limits>

using namespace sffnn;
using io::Node;

Node ProgramBuilder::addNeuron(llvm::ArrayRef<Node> neuronSources,
                               llvm::ArrayRef<float> weights,
                               std::optional<float> bias, Activation activation,
                               std::optional<float> clamp) {
  assert(neuronSources.size() == weights.size() && "one weight per source");
  sources.assign(neuronSources.begin(), neuronSources.end());
  program.weights.insert(program.weights.end(), weights.begin(), weights.end());
  program.bias.push_back(bias.value_or(0.0f));
  program.activation.push_back(activation);
  program.clamp.push_back(
      clamp.value_or(std::numeric_limits<float>::infinity()));
  return graph.addNeuron(sources, bias.has_value());
}

Node ProgramBuilder::addLayer(llvm::ArrayRef<Node> columns,
                              const CsrRef &weights, llvm::ArrayRef<float> bias,
                              Activation activation,
                              std::optional<float> clamp) {
  Node first = static_cast<Node>(numInputs + program.bias.size());
  for (int64_t j = 0; j < weights.rows; ++j) {
    sources.clear();
    for (int32_t k = weights.offsets[j]; k < weights.offsets[j + 1]; ++k)
      sources.push_back(columns[weights.indices[k]]);
    program.weights.insert(program.weights.end(),
                           weights.values.begin() + weights.offsets[j],
                           weights.values.begin() + weights.offsets[j + 1]);
    bool hasBias = !bias.empty();
    program.bias.push_back(hasBias ? bias[j] : 0.0f);
    program.activation.push_back(activation);
    program.clamp.push_back(
        clamp.value_or(std::numeric_limits<float>::infinity()));
    graph.addNeuron(sources, hasBias);
  }
  return first;
}

Program ProgramBuilder::finish() {
  program.graph = graph.finish();
  return std::move(program);
}

Program sffnn::toProgram(const LayeredNetwork &net) {
  ProgramBuilder builder(net.inputs);
  std::vector<Node> firstNode(net.layers.size());
  std::vector<Node> columns;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer &layer = net.layers[l];
    // The node of each column of the concatenated sources.
    columns.clear();
    for (int source : layer.sources) {
      Node base = source == kNetworkInput ? 0 : firstNode[source];
      for (int64_t k = 0; k < net.width(source); ++k)
        columns.push_back(static_cast<Node>(base + k));
    }
    firstNode[l] = builder.addLayer(columns, layer.weights, layer.bias,
                                    layer.activation, layer.clamp);
  }
  if (!net.layers.empty())
    for (int64_t j = 0; j < net.layers.back().neurons(); ++j)
      builder.addOutput(static_cast<Node>(firstNode.back() + j));
  return builder.finish();
}
