//===- LayeredNetwork.cpp - a network as a list of sparse layers ----------===//
#include "sffnn/Model/LayeredNetwork.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <cmath>

using namespace sffnn;

std::optional<Activation> sffnn::parseActivation(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Activation>>(name)
      .Case("identity", Activation::Identity)
      .Case("relu", Activation::Relu)
      .Case("sigmoid", Activation::Sigmoid)
      .Case("tanh", Activation::Tanh)
      .Default(std::nullopt);
}

const char *sffnn::activationName(Activation activation) {
  switch (activation) {
  case Activation::Identity:
    return "identity";
  case Activation::Relu:
    return "relu";
  case Activation::Sigmoid:
    return "sigmoid";
  case Activation::Tanh:
    return "tanh";
  }
  return "?";
}

float sffnn::activate(const Layer &layer, float z) {
  switch (layer.activation) {
  case Activation::Identity:
    return z;
  case Activation::Relu:
    z = std::max(z, 0.0f);
    return layer.clamp ? std::min(z, *layer.clamp) : z;
  case Activation::Sigmoid:
    return 1.0f / (1.0f + std::exp(-z));
  case Activation::Tanh:
    return std::tanh(z);
  }
  return z;
}

int64_t LayeredNetwork::connections() const {
  int64_t total = 0;
  for (const Layer &layer : layers)
    total += layer.weights.nnz();
  return total;
}

llvm::Error sffnn::validate(const LayeredNetwork &net) {
  auto fail = [&](size_t k, const llvm::Twine &message) {
    return llvm::createStringError("network '" + net.name + "', layer " +
                                   llvm::Twine(k + 1) + ": " + message);
  };
  if (net.inputs < 1)
    return llvm::createStringError("network '" + net.name + "' has no inputs");
  if (net.layers.empty())
    return llvm::createStringError("network '" + net.name + "' has no layers");
  for (size_t k = 0; k < net.layers.size(); ++k) {
    const Layer &layer = net.layers[k];
    const CsrMatrix &w = layer.weights;
    if (layer.sources.empty())
      return fail(k, "has no sources");
    int64_t width = 0;
    for (int source : layer.sources) {
      if (source != kNetworkInput &&
          (source < 0 || static_cast<size_t>(source) >= k))
        return fail(k, "reads layer " + llvm::Twine(source + 1) +
                           ", which is not an earlier layer");
      width += net.width(source);
    }
    if (w.rows < 1)
      return fail(k, "has no neurons");
    if (w.cols != width)
      return fail(k, "weights have " + llvm::Twine(w.cols) +
                         " columns but its sources have " + llvm::Twine(width) +
                         " neurons");
    if (static_cast<int64_t>(w.offsets.size()) != w.rows + 1 ||
        w.offsets.front() != 0 || w.offsets.back() != w.nnz() ||
        w.values.size() != w.indices.size())
      return fail(k, "malformed CSR arrays");
    for (int64_t j = 0; j < w.rows; ++j)
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
        if (w.indices[e] < 0 || w.indices[e] >= w.cols ||
            (e > w.offsets[j] && w.indices[e] <= w.indices[e - 1]))
          return fail(k, "neuron " + llvm::Twine(j + 1) +
                             " has unsorted, duplicate or out-of-range "
                             "source indices");
        if (!std::isfinite(w.values[e]))
          return fail(k, "neuron " + llvm::Twine(j + 1) +
                             " has a non-finite weight");
      }
    if (!layer.bias.empty() &&
        static_cast<int64_t>(layer.bias.size()) != w.rows)
      return fail(k, "has " + llvm::Twine(layer.bias.size()) + " biases for " +
                         llvm::Twine(w.rows) + " neurons");
    for (float b : layer.bias)
      if (!std::isfinite(b))
        return fail(k, "has a non-finite bias");
    if (layer.clamp && (layer.activation != Activation::Relu ||
                        !std::isfinite(*layer.clamp) || *layer.clamp <= 0))
      return fail(k, "clamp needs relu and a positive finite value");
  }
  return llvm::Error::success();
}
