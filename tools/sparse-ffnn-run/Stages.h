//===- Stages.h - a layered network cut into pipeline stages ----*- C++ -*-===//
//
// For sparse-ffnn-run --mpi-split=layers: contiguous runs of layers with
// about equal connections, cut where few values are live, each stage a
// network of its own whose input is the values live at its first cut and
// whose output is the values live at its last (skip connections that cross
// a cut are carried along). Plain C++ over LayeredNetwork.
//
//===----------------------------------------------------------------------===//
#ifndef SPARSE_FFNN_RUN_STAGES_H
#define SPARSE_FFNN_RUN_STAGES_H

#include "sffnn/Model/LayeredNetwork.h"

#include <vector>

namespace sffnn {

/// Entry c: the values live between layer c-1 and layer c (entry 0: the
/// inputs, entry L: the outputs), a value being live when a layer at or
/// after c reads it or it is the output. O(layers + sources).
std::vector<int64_t> liveValuesAtCuts(const LayeredNetwork &network);

/// The first layer of every stage and, last, the layer count: at most
/// `stages` stages (never more than layers). Cut j aims at j/stages of the
/// connections and takes, among the cuts within a tenth of a stage's
/// connections of that aim, the one with the fewest live values.
/// O(stages * layers).
std::vector<int> planStages(const LayeredNetwork &network, int stages);

/// Layers [begin, end) as a network: inputs are the values live at `begin`
/// (the network input, then earlier layers, in index order), outputs the
/// values live at `end` (through an identity layer with weights 1 when
/// they are more than the stage's last layer). O(stage connections log d).
LayeredNetwork stageNetwork(const LayeredNetwork &network, int begin, int end);

} // namespace sffnn

#endif // SPARSE_FFNN_RUN_STAGES_H
