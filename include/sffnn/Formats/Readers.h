//===- Readers.h - Graph Challenge TSV, MatrixMarket, dense text -*- C++ -*-=//
//
// Every reader reports bad input as an llvm::Error whose message starts with
// `file:line:col:`. Readers are linear in the file size.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_FORMATS_READERS_H
#define SFFNN_FORMATS_READERS_H

#include "sffnn/Formats/Matrix.h"
#include "llvm/ADT/StringRef.h"

namespace sffnn {

/// Graph Challenge TSV: lines `row<TAB>col<TAB>value`, 1-based indices (tabs
/// or spaces). `rows`/`cols` bound the indices; pass 0 for "no bound" (the
/// result then takes the largest index seen).
llvm::Expected<Triplets> readTsv(llvm::StringRef path, int64_t rows,
                                 int64_t cols);

/// MatrixMarket `matrix coordinate {real,integer,pattern}
/// {general,symmetric}`. Pattern entries read as 1.0; symmetric files are
/// expanded to both triangles.
llvm::Expected<Triplets> readMatrixMarket(llvm::StringRef path);

/// Dense text: one sample per line, whitespace- or comma-separated numbers.
/// `features` fixes the row length (0: take the first line's).
llvm::Expected<DenseBatch> readDenseText(llvm::StringRef path,
                                         int64_t features);

/// Rows of numbers of any length, one per non-blank line (whitespace or
/// comma separated; `#` starts a comment line). `lines` receives the line
/// number of each row.
llvm::Expected<std::vector<std::vector<float>>>
readRows(llvm::StringRef path, std::vector<int64_t> *lines = nullptr);

/// The formats a batch of samples can come in.
enum class SampleFormat { Tsv, MatrixMarket, Dense };

/// Picks a format from the extension: .tsv, .mtx, anything else dense.
SampleFormat sampleFormatFromPath(llvm::StringRef path);

/// Reads samples (rows) of `features` values in any format.
llvm::Expected<DenseBatch> readSamples(llvm::StringRef path,
                                       SampleFormat format, int64_t features);

} // namespace sffnn

#endif // SFFNN_FORMATS_READERS_H
