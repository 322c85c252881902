//===- MergeDuplicates.cpp - merge identical neurons of a layer -----------===//
#include "sffnn/Model/MergeDuplicates.h"

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <unordered_map>

using namespace sffnn;

namespace {

/// One row of CSR arrays.
struct Row {
  llvm::ArrayRef<int32_t> indices;
  llvm::ArrayRef<float> values;
};

Row rowOf(const CsrMatrix &m, int64_t j) {
  int32_t begin = m.offsets[j], size = m.offsets[j + 1] - begin;
  return {llvm::ArrayRef(m.indices).slice(begin, size),
          llvm::ArrayRef(m.values).slice(begin, size)};
}

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

/// Bit-exact equality: -0.0 and +0.0 differ, as they may after a division.
bool sameBits(llvm::ArrayRef<float> a, llvm::ArrayRef<float> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

/// `in` with its columns renamed by `columns`; connections of a row that now
/// read the same column become one, whose weight is their sum (in double,
/// in the stored order, rounded once).
llvm::Expected<CsrMatrix> remapColumns(CsrRef in, const ColumnMap &columns) {
  CsrMatrix out;
  out.rows = in.rows;
  out.cols = columns.newCols;
  out.offsets.reserve(in.rows + 1);
  out.indices.reserve(in.nnz());
  out.values.reserve(in.nnz());
  // (new column, stored position): sorting keeps the stored order of sums.
  llvm::SmallVector<std::pair<int32_t, int32_t>> entries;
  for (int64_t j = 0; j < in.rows; ++j) {
    entries.clear();
    for (int32_t e = in.offsets[j]; e < in.offsets[j + 1]; ++e)
      entries.push_back({columns.newColumn[in.indices[e]], e});
    llvm::sort(entries);
    for (size_t k = 0; k < entries.size();) {
      size_t end = k + 1;
      while (end < entries.size() && entries[end].first == entries[k].first)
        ++end;
      float weight = in.values[entries[k].second];
      if (end - k > 1) {
        double sum = 0;
        for (size_t m = k; m < end; ++m)
          sum += in.values[entries[m].second];
        if (std::fabs(sum) > FLT_MAX)
          return llvm::createStringError(
              "neuron " + llvm::Twine(j) + ": the weights of its " +
              llvm::Twine(end - k) +
              " connections to merged duplicates sum to " +
              llvm::formatv("{0:e}", sum) + ", beyond f32");
        weight = static_cast<float>(sum);
      }
      out.indices.push_back(entries[k].first);
      out.values.push_back(weight);
      k = end;
    }
    out.offsets.push_back(static_cast<int32_t>(out.indices.size()));
  }
  return out;
}

} // namespace

llvm::Expected<MergedLayer>
sffnn::mergeDuplicateRows(CsrRef weights, llvm::ArrayRef<float> bias,
                          const ColumnMap &columns, bool keepNeurons) {
  CsrMatrix remapped;
  if (columns.newColumn.empty()) {
    remapped = weights.copy();
  } else {
    llvm::Expected<CsrMatrix> renamed = remapColumns(weights, columns);
    if (!renamed)
      return renamed.takeError();
    remapped = std::move(*renamed);
  }

  MergedLayer merged;
  merged.survivor.resize(weights.rows);
  if (keepNeurons) {
    for (int64_t j = 0; j < weights.rows; ++j)
      merged.survivor[j] = static_cast<int32_t>(j);
    merged.removedConnections = weights.nnz() - remapped.nnz();
    merged.weights = std::move(remapped);
    merged.bias.assign(bias.begin(), bias.end());
    return merged;
  }

  CsrMatrix &out = merged.weights;
  out.rows = 0;
  out.cols = remapped.cols;
  auto biasBits = [&](int64_t j) { return bias.empty() ? 0 : bitsOf(bias[j]); };
  // Hash -> survivors with that hash (old row ids); equal hashes are
  // compared in full, so a collision costs time, never a wrong merge.
  std::unordered_map<size_t, llvm::SmallVector<int32_t, 1>> byHash;
  byHash.reserve(weights.rows);
  for (int64_t j = 0; j < weights.rows; ++j) {
    Row row = rowOf(remapped, j);
    size_t hash = llvm::hash_combine(
        llvm::hash_combine_range(row.indices.begin(), row.indices.end()),
        llvm::hash_combine_range(
            reinterpret_cast<const char *>(row.values.data()),
            reinterpret_cast<const char *>(row.values.data() +
                                           row.values.size())),
        biasBits(j));
    llvm::SmallVector<int32_t, 1> &candidates = byHash[hash];
    auto same = llvm::find_if(candidates, [&](int32_t k) {
      Row other = rowOf(remapped, k);
      return other.indices == row.indices &&
             sameBits(other.values, row.values) && biasBits(k) == biasBits(j);
    });
    if (same != candidates.end()) {
      merged.survivor[j] = merged.survivor[*same];
      ++merged.removedNeurons;
      continue;
    }
    candidates.push_back(static_cast<int32_t>(j));
    merged.survivor[j] = static_cast<int32_t>(out.rows++);
    out.indices.insert(out.indices.end(), row.indices.begin(),
                       row.indices.end());
    out.values.insert(out.values.end(), row.values.begin(), row.values.end());
    out.offsets.push_back(static_cast<int32_t>(out.indices.size()));
    if (!bias.empty())
      merged.bias.push_back(bias[j]);
  }
  merged.removedConnections = weights.nnz() - out.nnz();
  return merged;
}
