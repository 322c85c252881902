//===- GraphFromIR.cpp - the I/O model's graph of a network ---------------===//
#include "sffnn/Analysis/GraphFromIR.h"

#include "sffnn/Analysis/ProgramFromIR.h"
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::sffnn;
using ::sffnn::io::Graph;
using ::sffnn::io::Node;

Graph mlir::sffnn::buildGraph(NetworkOp network) {
  // The program's graph, whose outputs keep repeats (a network may return
  // a neuron twice); the I/O model counts each output once.
  Graph graph = buildProgram(network).graph;
  llvm::DenseSet<Node> seen;
  std::vector<Node> distinct;
  for (Node y : graph.outputs)
    if (seen.insert(y).second)
      distinct.push_back(y);
  graph.outputs = std::move(distinct);
  return graph;
}

FailureOr<::sffnn::io::NeuronOrder>
mlir::sffnn::scheduleOf(NetworkOp network, const Graph &graph) {
  namespace io = ::sffnn::io;
  std::optional<std::vector<int32_t>> recorded = getSchedule(network);
  if (!recorded)
    return io::programOrder(graph);
  io::NeuronOrder order(recorded->begin(), recorded->end());
  if (llvm::Error err = io::checkNeuronOrder(graph, order))
    return emitError(network.getLoc(), "invalid sffnn.schedule: ")
           << llvm::toString(std::move(err));
  return order;
}
