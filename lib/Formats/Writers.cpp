//===- Writers.cpp - Graph Challenge TSV and dense text output ------------===//
#include "sffnn/Formats/Writers.h"

#include "sffnn/Formats/FileIO.h"

#include "llvm/Support/Format.h"

using namespace sffnn;

llvm::Error sffnn::writeTsv(llvm::StringRef path, const CsrMatrix &layer) {
  return writeOutputFile(path, [&](llvm::raw_ostream &os) {
    for (int64_t j = 0; j < layer.rows; ++j)
      for (int32_t k = layer.offsets[j]; k < layer.offsets[j + 1]; ++k)
        os << layer.indices[k] + 1 << '\t' << j + 1 << '\t'
           << llvm::format("%.9g", layer.values[k]) << '\n';
    return llvm::Error::success();
  });
}

void sffnn::writeDense(llvm::raw_ostream &os, const DenseBatch &batch) {
  for (int64_t s = 0; s < batch.samples; ++s) {
    const float *row = batch.row(s);
    for (int64_t f = 0; f < batch.features; ++f)
      os << (f ? " " : "") << llvm::format("%.9g", row[f]);
    os << '\n';
  }
}

llvm::Error sffnn::writeDenseFile(llvm::StringRef path,
                                  const DenseBatch &batch) {
  return writeOutputFile(path, [&](llvm::raw_ostream &os) {
    writeDense(os, batch);
    return llvm::Error::success();
  });
}
