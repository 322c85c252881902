//===- Stages.cpp - a layered network cut into pipeline stages ------------===//
#include "Stages.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <utility>

namespace sffnn {

namespace {

/// Sources are numbered 0 for the network input and l + 1 for layer l.
int sourceId(int source) { return source == kNetworkInput ? 0 : source + 1; }
int64_t widthOf(const LayeredNetwork &net, int id) {
  return net.width(id == 0 ? kNetworkInput : id - 1);
}

/// Per source id, the last layer that reads it (the layer count for the
/// output layer, which the network's result reads; -1: never read).
std::vector<int> lastReaders(const LayeredNetwork &net) {
  int layers = static_cast<int>(net.layers.size());
  std::vector<int> last(net.layers.size() + 1, -1);
  for (int l = 0; l < layers; ++l)
    for (int source : net.layers[l].sources)
      last[sourceId(source)] = std::max(last[sourceId(source)], l);
  if (layers > 0)
    last[layers] = layers;
  return last;
}

/// The source ids live at cut c (produced before layer c, read at or after
/// it), in id order: the network input first, then layers by index.
std::vector<int> liveAt(const std::vector<int> &last, int cut) {
  std::vector<int> live;
  for (int id = 0; id <= cut && id < int(last.size()); ++id)
    if (last[id] >= cut)
      live.push_back(id);
  return live;
}

/// Maps the values of `ids` (concatenated in that order) to consecutive
/// columns from `base`: column of value k of id, or -1 for other ids.
std::vector<int64_t> offsetsOf(const LayeredNetwork &net,
                               const std::vector<int> &ids, int64_t base) {
  std::vector<int64_t> offset(net.layers.size() + 1, -1);
  for (int id : ids) {
    offset[id] = base;
    base += widthOf(net, id);
  }
  return offset;
}

} // namespace

std::vector<int64_t> liveValuesAtCuts(const LayeredNetwork &net) {
  int layers = static_cast<int>(net.layers.size());
  std::vector<int> last = lastReaders(net);
  // Source id i (produced just before cut i) is live at cuts i .. last[i].
  std::vector<int64_t> delta(layers + 2, 0);
  for (int id = 0; id <= layers; ++id)
    if (last[id] >= id) {
      delta[id] += widthOf(net, id);
      delta[last[id] + 1] -= widthOf(net, id);
    }
  std::vector<int64_t> live(layers + 1);
  int64_t running = 0;
  for (int c = 0; c <= layers; ++c)
    live[c] = running += delta[c];
  return live;
}

std::vector<int> planStages(const LayeredNetwork &net, int stages) {
  int layers = static_cast<int>(net.layers.size());
  stages = std::max(1, std::min(stages, layers));
  std::vector<int64_t> before(layers + 1, 0); // connections before cut c
  for (int l = 0; l < layers; ++l)
    before[l + 1] = before[l] + net.layers[l].weights.nnz();
  std::vector<int64_t> live = liveValuesAtCuts(net);
  double perStage = double(before[layers]) / stages;
  std::vector<int> cuts{0};
  for (int j = 1; j < stages; ++j) {
    double aim = perStage * j;
    int best = -1;
    auto distance = [&](int c) { return std::abs(double(before[c]) - aim); };
    // Leave at least one layer for each stage still to come.
    for (int c = cuts.back() + 1; c <= layers - (stages - j); ++c) {
      bool near = distance(c) <= perStage / 10;
      bool bestNear = best >= 0 && distance(best) <= perStage / 10;
      if (best < 0 || (near && !bestNear) ||
          (near && (live[c] < live[best] ||
                    (live[c] == live[best] && distance(c) < distance(best)))) ||
          (!near && !bestNear && distance(c) < distance(best)))
        best = c;
    }
    cuts.push_back(best);
  }
  cuts.push_back(layers);
  return cuts;
}

LayeredNetwork stageNetwork(const LayeredNetwork &net, int begin, int end) {
  int layers = static_cast<int>(net.layers.size());
  assert(0 <= begin && begin < end && end <= layers);
  std::vector<int> last = lastReaders(net);
  std::vector<int> in = liveAt(last, begin);
  std::vector<int64_t> inOffset = offsetsOf(net, in, 0);

  LayeredNetwork stage;
  stage.name = net.name;
  for (int id : in)
    stage.inputs += widthOf(net, id);

  // Rewrites a layer reading `ids` (earlier values of the whole network) to
  // read the stage input (for ids before `begin`) and stage layers.
  auto remap = [&](const std::vector<int> &ids, const CsrMatrix &weights,
                   Layer &out) {
    std::vector<int> internal;
    bool external = false;
    for (int id : ids) {
      if (id <= begin)
        external = true;
      else if (std::find(internal.begin(), internal.end(), id) ==
               internal.end())
        internal.push_back(id);
    }
    out.sources.clear();
    if (external)
      out.sources.push_back(kNetworkInput);
    for (int id : internal)
      out.sources.push_back(id - 1 - begin);
    std::vector<int64_t> internalOffset =
        offsetsOf(net, internal, external ? stage.inputs : 0);
    // Column c of the original concatenation -> column of the new one.
    std::vector<int64_t> column;
    for (int id : ids) {
      int64_t base = id <= begin ? inOffset[id] : internalOffset[id];
      for (int64_t k = 0; k < widthOf(net, id); ++k)
        column.push_back(base + k);
    }
    CsrMatrix &w = out.weights;
    w.rows = weights.rows;
    w.cols = (external ? stage.inputs : 0);
    for (int id : internal)
      w.cols += widthOf(net, id);
    w.offsets.assign(1, 0);
    std::vector<std::pair<int64_t, float>> row;
    for (int64_t r = 0; r < weights.rows; ++r) {
      row.clear();
      for (int32_t e = weights.offsets[r]; e < weights.offsets[r + 1]; ++e)
        row.emplace_back(column[weights.indices[e]], weights.values[e]);
      std::sort(row.begin(), row.end());
      for (size_t i = 0; i < row.size(); ++i) {
        // A source listed twice maps twice to one column: one connection.
        if (i > 0 && row[i].first == row[i - 1].first) {
          w.values.back() += row[i].second;
          continue;
        }
        w.indices.push_back(static_cast<int32_t>(row[i].first));
        w.values.push_back(row[i].second);
      }
      w.offsets.push_back(static_cast<int32_t>(w.indices.size()));
    }
  };

  for (int l = begin; l < end; ++l) {
    const Layer &layer = net.layers[l];
    Layer copy;
    copy.bias = layer.bias;
    copy.activation = layer.activation;
    copy.clamp = layer.clamp;
    copy.location = layer.location;
    std::vector<int> ids;
    for (int source : layer.sources)
      ids.push_back(sourceId(source));
    remap(ids, layer.weights, copy);
    stage.layers.push_back(std::move(copy));
  }

  std::vector<int> out =
      end == layers ? std::vector<int>{layers} : liveAt(last, end);
  if (out.size() == 1 && out[0] == end)
    return stage; // the stage's last layer is all that stays live
  // An identity layer gathers the live values: x * 1 + 0 is exact.
  int64_t width = 0;
  for (int id : out)
    width += widthOf(net, id);
  CsrMatrix gather;
  gather.rows = gather.cols = width;
  for (int64_t r = 0; r < width; ++r) {
    gather.indices.push_back(static_cast<int32_t>(r));
    gather.values.push_back(1.0f);
    gather.offsets.push_back(static_cast<int32_t>(r + 1));
  }
  Layer identity;
  identity.activation = Activation::Identity;
  remap(out, gather, identity);
  stage.layers.push_back(std::move(identity));
  return stage;
}

} // namespace sffnn
