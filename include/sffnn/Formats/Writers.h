//===- Writers.h - Graph Challenge TSV and dense text output ----*- C++ -*-===//
#ifndef SFFNN_FORMATS_WRITERS_H
#define SFFNN_FORMATS_WRITERS_H

#include "sffnn/Formats/Matrix.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace sffnn {

/// Writes a layer (row j = in-edges of neuron j) as Graph Challenge TSV:
/// `source<TAB>neuron<TAB>weight`, 1-based, grouped by neuron, weights
/// printed with %.9g so that they read back bit-exactly.
llvm::Error writeTsv(llvm::StringRef path, const CsrMatrix &layer);

/// One sample per line, values separated by spaces, printed with %.9g.
void writeDense(llvm::raw_ostream &os, const DenseBatch &batch);

/// writeDense into the file `path` (`-`: stdout), whole or not at all
/// (FileIO.h); the error names the file.
llvm::Error writeDenseFile(llvm::StringRef path, const DenseBatch &batch);

} // namespace sffnn

#endif // SFFNN_FORMATS_WRITERS_H
