//===- Program.h - a network at neuron level --------------------*- C++ -*-===//
//
// The neuron-level model every later stage reads: the I/O model's graph plus,
// per edge, its weight and, per computed neuron, its bias, activation and
// clamp. Built from a LayeredNetwork here (toProgram) and from IR in
// lib/Analysis; both go through ProgramBuilder, so node and edge numbering
// is defined once. Plain C++.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_PROGRAM_H
#define SFFNN_MODEL_PROGRAM_H

#include "sffnn/IO/Graph.h"
#include "sffnn/Model/LayeredNetwork.h"

#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <vector>

namespace sffnn {

/// A network at neuron level: the graph, per edge id its weight, per computed
/// node (index v - numInputs) its bias (0 when absent), activation and clamp
/// (+inf when absent).
struct Program {
  io::Graph graph;
  std::vector<float> weights;
  std::vector<float> bias;
  std::vector<Activation> activation;
  std::vector<float> clamp;
};

/// Builds a Program neuron by neuron, in a topological order.
class ProgramBuilder {
public:
  explicit ProgramBuilder(int64_t numInputs)
      : numInputs(numInputs), graph(numInputs) {}

  /// Adds one neuron reading `sources` (existing nodes) with `weights`
  /// (same length). Returns its node.
  io::Node addNeuron(llvm::ArrayRef<io::Node> sources,
                     llvm::ArrayRef<float> weights, std::optional<float> bias,
                     Activation activation, std::optional<float> clamp);
  /// Adds one neuron per row of `weights`, in row order; column c reads node
  /// `columns[c]`. `bias` is empty or one value per row. Returns the node of
  /// row 0 (the rows get consecutive nodes). O(rows + nnz).
  io::Node addLayer(llvm::ArrayRef<io::Node> columns, const CsrRef &weights,
                    llvm::ArrayRef<float> bias, Activation activation,
                    std::optional<float> clamp);
  void addOutput(io::Node v) { graph.addOutput(v); }
  Program finish();

private:
  int64_t numInputs;
  io::GraphBuilder graph;
  Program program;
  std::vector<io::Node> sources;
};

/// The program of a layered network: layer neurons in layer order, edges in
/// CSR order, the last layer's neurons as outputs. O(inputs + neurons +
/// connections).
Program toProgram(const LayeredNetwork &network);

} // namespace sffnn

#endif // SFFNN_MODEL_PROGRAM_H
