//===- GraphFromIR.cpp - the I/O model's graph of a network ---------------===//
#include "sffnn/Analysis/GraphFromIR.h"

#include "sffnn/Analysis/ProgramFromIR.h"

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
