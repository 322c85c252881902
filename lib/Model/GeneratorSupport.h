//===- GeneratorSupport.h - shared by the generators ------------*- C++ -*-===//
//
// Internal to lib/Model: the size check and CSR assembly every generator
// uses, and the grouping of a DAG of neurons into layers.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_MODEL_GENERATORSUPPORT_H
#define SFFNN_LIB_MODEL_GENERATORSUPPORT_H

#include "sffnn/Model/Generators.h"

#include <limits>
#include <utility>
#include <vector>

namespace sffnn::detail {

/// Connections one network may hold: CSR offsets are int32.
constexpr int64_t kMaxConnections = std::numeric_limits<int32_t>::max();

llvm::Error tooLarge(const char *what, double count);

/// Refuses, before anything is allocated, a network of `values` (inputs
/// and neurons), `connections` and at most `layers` layers whose generation
/// and writing as an MLIR module (sparse-ffnn-gen, difftest reproducers)
/// would exceed the memory limit (sffnn/Formats/MemoryLimit.h).
llvm::Error checkGeneratorMemory(const char *what, double values,
                                 double connections, double layers);

/// Appends one CSR row from (column, weight) pairs, sorting by column.
void appendRow(CsrMatrix &csr, std::vector<std::pair<int32_t, float>> &row);

/// Groups a DAG of neurons (sources[v]: node ids, inputs [0, I), computed
/// neuron v is I + v) into one layer per layerOfNeuron value, drawing
/// weights and biases in neuron order. O(neurons + connections + layers).
LayeredNetwork groupIntoLayers(const char *name, int64_t inputs,
                               const std::vector<std::vector<int32_t>> &sources,
                               const std::vector<int32_t> &layerOfNeuron,
                               const ParameterOptions &options,
                               Random &random);

} // namespace sffnn::detail

#endif // SFFNN_LIB_MODEL_GENERATORSUPPORT_H
