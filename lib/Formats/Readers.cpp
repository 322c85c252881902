//===- Readers.cpp - Graph Challenge TSV, MatrixMarket, dense text --------===//
#include "sffnn/Formats/Readers.h"

#include "TextScanner.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <cmath>
#include <limits>

using namespace sffnn;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// Reads a 1-based index, checks it against `bound` (0: only against the
/// int32 range) and returns it 0-based.
static Error readIndex(TextScanner &scanner, StringRef what, int64_t bound,
                       int32_t &index) {
  int64_t value;
  if (Error err = scanner.readInt(value, what))
    return err;
  if (value < 1)
    return scanner.error(what + " " + llvm::Twine(value) +
                         " is out of range: indices are 1-based");
  if (bound > 0 && value > bound)
    return scanner.error(what + " " + llvm::Twine(value) +
                         " is out of range: the matrix has " +
                         llvm::Twine(bound));
  if (value > kMaxDimension)
    return scanner.error(what + " " + llvm::Twine(value) +
                         " is too large (at most 2^28)");
  index = static_cast<int32_t>(value - 1);
  return Error::success();
}

/// An `integer` MatrixMarket value: digits only (no '2.5'), and exactly
/// representable as a float, since the weights are f32.
static Error readIntegerValue(TextScanner &scanner, float &value) {
  int64_t wide;
  if (Error err = scanner.readInt(wide, "integer value"))
    return err;
  value = static_cast<float>(wide);
  if (std::fabs(value) >= 0x1p62f || static_cast<int64_t>(value) != wide)
    return scanner.error("integer value " + llvm::Twine(wide) +
                         " is not exactly representable as a 32-bit float");
  return Error::success();
}

Expected<Triplets> sffnn::readTsv(StringRef path, int64_t rows, int64_t cols) {
  auto scanner = TextScanner::open(path);
  if (!scanner)
    return scanner.takeError();
  Triplets t;
  t.file = path.str();
  t.rows = rows;
  t.cols = cols;
  int32_t maxRow = -1, maxCol = -1;
  while (scanner->nextLine()) {
    if (scanner->atLineEnd())
      continue;
    if (int64_t n = scanner->countTokens(); n != 3)
      return scanner->lineError(
          "expected 3 columns (row, column, value), found " + llvm::Twine(n));
    int32_t r, c;
    float v;
    if (Error err = readIndex(*scanner, "row index", rows, r))
      return std::move(err);
    if (Error err = readIndex(*scanner, "column index", cols, c))
      return std::move(err);
    if (Error err = scanner->readFloat(v, "value"))
      return std::move(err);
    maxRow = std::max(maxRow, r);
    maxCol = std::max(maxCol, c);
    t.add(r, c, v, scanner->lineNo());
  }
  if (t.size() == 0)
    return scanner->fileError("no entries (empty file)");
  if (t.rows == 0)
    t.rows = maxRow + 1;
  if (t.cols == 0)
    t.cols = maxCol + 1;
  return t;
}

Expected<Triplets> sffnn::readMatrixMarket(StringRef path) {
  auto scanner = TextScanner::open(path);
  if (!scanner)
    return scanner.takeError();
  if (!scanner->nextLine())
    return scanner->fileError("empty file");

  // Banner: %%MatrixMarket matrix coordinate <field> <symmetry>
  std::string lower = scanner->line().lower();
  llvm::SmallVector<StringRef, 5> banner;
  llvm::SplitString(lower, banner);
  if (banner.size() != 5 || banner[0] != "%%matrixmarket" ||
      banner[1] != "matrix")
    return scanner->lineError("expected a header '%%MatrixMarket matrix "
                              "coordinate <field> <symmetry>'");
  if (banner[2] != "coordinate")
    return scanner->lineError(
        "only 'coordinate' matrices are supported, not '" + banner[2] + "'");
  enum Field { Real, Integer, Pattern, Unknown };
  Field field = llvm::StringSwitch<Field>(banner[3])
                    .Case("real", Real)
                    .Case("double", Real)
                    .Case("integer", Integer)
                    .Case("pattern", Pattern)
                    .Default(Unknown);
  if (field == Unknown)
    return scanner->lineError("unsupported field '" + banner[3] +
                              "': expected real, integer or pattern");
  bool symmetric = banner[4] == "symmetric";
  if (!symmetric && banner[4] != "general")
    return scanner->lineError("unsupported symmetry '" + banner[4] +
                              "': expected general or symmetric");

  // Size line, after comments.
  Triplets t;
  t.file = path.str();
  bool sized = false;
  int64_t declared = 0, seen = 0;
  while (scanner->nextLine()) {
    if (scanner->atLineEnd() || scanner->line().starts_with("%"))
      continue;
    if (!sized) {
      if (int64_t n = scanner->countTokens(); n != 3)
        return scanner->lineError(
            "expected a size line 'rows columns entries', "
            "found " +
            llvm::Twine(n) + " columns");
      if (Error err = scanner->readInt(t.rows, "row count"))
        return std::move(err);
      if (Error err = scanner->readInt(t.cols, "column count"))
        return std::move(err);
      if (Error err = scanner->readInt(declared, "entry count"))
        return std::move(err);
      if (t.rows < 1 || t.cols < 1 || declared < 0)
        return scanner->lineError("matrix size must be positive");
      if (t.rows > kMaxDimension || t.cols > kMaxDimension ||
          declared > std::numeric_limits<int32_t>::max())
        return scanner->lineError(
            "matrix is too large (more than 2^28 rows or columns, or "
            "2^31-1 entries)");
      if (symmetric && t.rows != t.cols)
        return scanner->lineError("a symmetric matrix must be square");
      // Before reading a single entry: the triplets (20 bytes each, twice
      // for symmetric files), and the CSR built from them (8 bytes per
      // entry, offsets and two counting-sort arrays per row or column).
      double entryBytes = (symmetric ? 2 : 1) * (20.0 + 8.0 + 8.0);
      double rowBytes = 3.0 * sizeof(int32_t) *
                        (static_cast<double>(std::max(t.rows, t.cols)) + 1);
      if (Error err = checkMemory(
              static_cast<double>(declared) * entryBytes + rowBytes,
              "a " + llvm::Twine(t.rows) + " x " + llvm::Twine(t.cols) +
                  " matrix of " + llvm::Twine(declared) + " entries",
              scanner->path() + ":" + llvm::Twine(scanner->lineNo()) + ":1"))
        return std::move(err);
      sized = true;
      continue;
    }
    int64_t expected = field == Pattern ? 2 : 3;
    if (int64_t n = scanner->countTokens(); n != expected)
      return scanner->lineError("expected " + llvm::Twine(expected) +
                                " columns, found " + llvm::Twine(n));
    if (seen == declared)
      return scanner->lineError("more entries than the " +
                                llvm::Twine(declared) +
                                " the size line declares");
    int32_t r, c;
    float v = 1.0f;
    if (Error err = readIndex(*scanner, "row index", t.rows, r))
      return std::move(err);
    if (Error err = readIndex(*scanner, "column index", t.cols, c))
      return std::move(err);
    if (field == Real) {
      if (Error err = scanner->readFloat(v, "value"))
        return std::move(err);
    } else if (field == Integer) {
      if (Error err = readIntegerValue(*scanner, v))
        return std::move(err);
    }
    if (symmetric && r < c)
      return scanner->lineError(
          "entry (" + llvm::Twine(r + 1) + ", " + llvm::Twine(c + 1) +
          ") lies above the diagonal of a symmetric matrix");
    t.add(r, c, v, scanner->lineNo());
    if (symmetric && r != c)
      t.add(c, r, v, scanner->lineNo());
    ++seen;
  }
  if (!sized)
    return scanner->fileError("no size line");
  if (seen != declared)
    return scanner->fileError("ends after " + llvm::Twine(seen) + " of the " +
                              llvm::Twine(declared) + " declared entries");
  return t;
}

Expected<DenseBatch> sffnn::readDenseText(StringRef path, int64_t features) {
  auto scanner = TextScanner::open(path, " \t,");
  if (!scanner)
    return scanner.takeError();
  DenseBatch batch;
  batch.features = features;
  while (scanner->nextLine()) {
    if (scanner->atLineEnd() || scanner->line().ltrim().starts_with("#"))
      continue;
    if (Error err = scanner->checkEmptyFields())
      return std::move(err);
    int64_t n = scanner->countTokens();
    if (batch.features == 0)
      batch.features = n;
    if (n != batch.features)
      return scanner->lineError("expected " + llvm::Twine(batch.features) +
                                " values, found " + llvm::Twine(n));
    for (int64_t i = 0; i < n; ++i) {
      float v;
      if (Error err = scanner->readFloat(v, "value"))
        return std::move(err);
      batch.data.push_back(v);
    }
    ++batch.samples;
  }
  if (batch.samples == 0)
    return scanner->fileError("no samples (empty file)");
  return batch;
}

Expected<std::vector<std::vector<float>>>
sffnn::readRows(StringRef path, std::vector<int64_t> *lines) {
  auto scanner = TextScanner::open(path, " \t,");
  if (!scanner)
    return scanner.takeError();
  std::vector<std::vector<float>> rows;
  while (scanner->nextLine()) {
    if (scanner->atLineEnd() || scanner->line().ltrim().starts_with("#"))
      continue;
    if (Error err = scanner->checkEmptyFields())
      return std::move(err);
    std::vector<float> &row = rows.emplace_back();
    while (!scanner->atLineEnd()) {
      float v;
      if (Error err = scanner->readFloat(v, "value"))
        return std::move(err);
      row.push_back(v);
    }
    if (lines)
      lines->push_back(scanner->lineNo());
  }
  if (rows.empty())
    return scanner->fileError("no rows (empty file)");
  return rows;
}

SampleFormat sffnn::sampleFormatFromPath(StringRef path) {
  if (path.ends_with(".tsv"))
    return SampleFormat::Tsv;
  if (path.ends_with(".mtx"))
    return SampleFormat::MatrixMarket;
  return SampleFormat::Dense;
}

Expected<DenseBatch> sffnn::readSamples(StringRef path, SampleFormat format,
                                        int64_t features) {
  Expected<Triplets> triplets = Triplets();
  switch (format) {
  case SampleFormat::Dense:
    return readDenseText(path, features);
  case SampleFormat::Tsv:
    triplets = readTsv(path, /*rows=*/0, features);
    break;
  case SampleFormat::MatrixMarket:
    triplets = readMatrixMarket(path);
    if (triplets && triplets->cols != features)
      return llvm::createStringError(
          std::errc::invalid_argument,
          "%s: the samples have %lld features but the network has %lld "
          "inputs",
          path.str().c_str(), static_cast<long long>(triplets->cols),
          static_cast<long long>(features));
    break;
  }
  if (!triplets)
    return triplets.takeError();
  return toDense(*triplets);
}
