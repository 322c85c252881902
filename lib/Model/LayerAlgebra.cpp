//===- LayerAlgebra.cpp - dense weights to layers, combining layers -------===//
#include "sffnn/Model/LayerAlgebra.h"

#include "llvm/ADT/Twine.h"
#include <cmath>
#include <limits>

using namespace sffnn;

llvm::Expected<Layer> sffnn::denseToLayer(
    std::vector<int> sources, const std::vector<float> &w, int64_t inputs, int64_t neurons,
    bool transposed, float alpha, std::optional<float> threshold,
    WeightCounts &counts) {
  // Row j of the CSR holds neuron j's in-edges; element (k, j) of the
  // weights is at k * neurons + j, or at j * inputs + k when transposed.
  auto at = [&](int64_t k, int64_t j) {
    return alpha * (transposed ? w[j * inputs + k] : w[k * neurons + j]);
  };
  auto keep = [&](float v) {
    return v != 0.0f && !(threshold && std::fabs(v) <= *threshold);
  };
  Layer layer;
  layer.sources = std::move(sources);
  layer.activation = Activation::Identity;
  CsrMatrix &csr = layer.weights;
  csr.rows = neurons;
  csr.cols = inputs;
  csr.offsets.assign(neurons + 1, 0);
  // Count per neuron first so that a row-major (inputs x neurons) matrix is
  // transposed into CSR in two linear passes.
  for (int64_t k = 0; k < inputs; ++k)
    for (int64_t j = 0; j < neurons; ++j) {
      float v = at(k, j);
      if (!std::isfinite(v))
        return llvm::createStringError(
            "weight (" + llvm::Twine(k) + ", " + llvm::Twine(j) +
            ") is not finite");
      if (v == 0.0f)
        ++counts.zero;
      else if (!keep(v))
        ++counts.pruned;
      else
        ++csr.offsets[j + 1];
    }
  for (int64_t j = 0; j < neurons; ++j)
    csr.offsets[j + 1] += csr.offsets[j];
  if (csr.offsets.back() > std::numeric_limits<int32_t>::max())
    return llvm::createStringError("has more than 2^31 nonzero weights");
  counts.kept += csr.offsets.back();
  csr.indices.resize(csr.offsets.back());
  csr.values.resize(csr.offsets.back());
  std::vector<int32_t> next(csr.offsets.begin(), csr.offsets.end() - 1);
  for (int64_t k = 0; k < inputs; ++k)
    for (int64_t j = 0; j < neurons; ++j) {
      float v = at(k, j);
      if (!keep(v))
        continue;
      csr.indices[next[j]] = static_cast<int32_t>(k);
      csr.values[next[j]++] = v;
    }
  return layer;
}

Layer sffnn::combine(std::vector<Term> &terms, bool stack,
                          Activation activation, std::optional<float> clamp) {
  Layer out;
  out.sources.clear();
  out.activation = activation;
  out.clamp = clamp;
  // Column offset of each term in the concatenation of all sources.
  std::vector<int64_t> colOffset;
  int64_t cols = 0, rows = 0;
  bool anyBias = false;
  for (Term &t : terms) {
    colOffset.push_back(cols);
    if (t.layer) {
      out.sources.insert(out.sources.end(), t.layer->sources.begin(),
                         t.layer->sources.end());
      cols += t.layer->weights.cols;
      anyBias |= !t.layer->bias.empty();
    } else {
      out.sources.push_back(t.source);
      cols += t.width;
    }
    rows = stack ? rows + t.width : t.width;
  }
  CsrMatrix &csr = out.weights;
  csr.rows = rows;
  csr.cols = cols;
  csr.offsets = {0};
  if (anyBias)
    out.bias.assign(rows, 0.0f);
  // Appends row j of term t (its own weights, or a 1 on its source column).
  auto appendRow = [&](size_t t, int64_t j) {
    const Term &term = terms[t];
    if (!term.layer) {
      csr.indices.push_back(static_cast<int32_t>(colOffset[t] + j));
      csr.values.push_back(1.0f);
      return;
    }
    const CsrMatrix &w = term.layer->weights;
    for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
      csr.indices.push_back(static_cast<int32_t>(colOffset[t] + w.indices[e]));
      csr.values.push_back(w.values[e]);
    }
  };
  auto biasOf = [&](size_t t, int64_t j) {
    const Term &term = terms[t];
    return term.layer && !term.layer->bias.empty() ? term.layer->bias[j] : 0.0f;
  };
  if (stack) {
    int64_t row = 0;
    for (size_t t = 0; t < terms.size(); ++t)
      for (int64_t j = 0; j < terms[t].width; ++j, ++row) {
        appendRow(t, j);
        csr.offsets.push_back(static_cast<int32_t>(csr.indices.size()));
        if (anyBias)
          out.bias[row] = biasOf(t, j);
      }
  } else {
    for (int64_t j = 0; j < rows; ++j) {
      // Terms in order keep the columns sorted.
      for (size_t t = 0; t < terms.size(); ++t) {
        appendRow(t, j);
        if (anyBias)
          out.bias[j] += biasOf(t, j);
      }
      csr.offsets.push_back(static_cast<int32_t>(csr.indices.size()));
    }
  }
  return out;
}
