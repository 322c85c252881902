//===- ReadersTest.cpp - TSV, MatrixMarket and dense readers --------------===//
#include "sffnn/Formats/Readers.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

using namespace sffnn;
using sffnn::testing::message;
using sffnn::testing::TempFile;

namespace {

/// The error a reader gives for `contents`, with the temp path replaced by
/// "F" so that expectations can spell out the location.
template <typename Reader>
std::string errorOf(llvm::StringRef contents, Reader read,
                    llvm::StringRef suffix = "txt") {
  TempFile file(contents, suffix);
  auto result = read(file.str());
  if (result)
    return "no error";
  std::string text = message(result.takeError());
  size_t at = text.find(file.str());
  if (at != std::string::npos)
    text.replace(at, file.str().size(), "F");
  return text;
}

auto tsv = [](const std::string &path) { return readTsv(path, 4, 4); };
auto mtx = [](const std::string &path) { return readMatrixMarket(path); };
auto dense = [](const std::string &path) { return readDenseText(path, 0); };

TEST(TsvReader, ReadsOneBasedTriplets) {
  TempFile file("1\t2\t0.5\n4 4 -2\r\n\n3\t1\t1e-3\n");
  auto t = readTsv(file.str(), 4, 4);
  ASSERT_TRUE(bool(t)) << message(t.takeError());
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ(t->row[0], 0);
  EXPECT_EQ(t->col[0], 1);
  EXPECT_FLOAT_EQ(t->value[1], -2.0f);
  EXPECT_EQ(t->line[2], 4);
  EXPECT_FLOAT_EQ(t->value[2], 1e-3f);
}

TEST(TsvReader, InfersSizeWithoutBounds) {
  TempFile file("7\t3\t1\n");
  auto t = readTsv(file.str(), 0, 0);
  ASSERT_TRUE(bool(t));
  EXPECT_EQ(t->rows, 7);
  EXPECT_EQ(t->cols, 3);
}

TEST(TsvReader, LocatedErrors) {
  EXPECT_EQ(errorOf("1\t1\t1\n0\t2\t1\n", tsv),
            "F:2:1: row index 0 is out of range: indices are 1-based");
  EXPECT_EQ(errorOf("1\t5\t1\n", tsv),
            "F:1:3: column index 5 is out of range: the matrix has 4");
  EXPECT_EQ(errorOf("1\t2\n", tsv),
            "F:1:1: expected 3 columns (row, column, value), found 2");
  EXPECT_EQ(errorOf("1\t2\t3\t4\n", tsv),
            "F:1:1: expected 3 columns (row, column, value), found 4");
  EXPECT_EQ(errorOf("1\t2\t0.5x\n", tsv),
            "F:1:5: malformed value '0.5x': expected a number");
  EXPECT_EQ(errorOf("1.5\t2\t1\n", tsv),
            "F:1:1: malformed row index '1.5': expected an integer");
  EXPECT_EQ(errorOf("1\t2\tnan\n", tsv), "F:1:5: value 'nan' is not finite");
  EXPECT_EQ(errorOf("1\t2\t-inf\n", tsv), "F:1:5: value '-inf' is not finite");
  EXPECT_EQ(errorOf("1\t2\t1e39\n", tsv),
            "F:1:5: value '1e39' does not fit in a 32-bit float");
  EXPECT_EQ(errorOf("", tsv), "F: no entries (empty file)");
  EXPECT_EQ(errorOf("2147483647\t1\t1\n",
                    [](const std::string &p) { return readTsv(p, 0, 0); }),
            "F:1:1: row index 2147483647 is too large (at most 2^28)");
  EXPECT_EQ(errorOf("99999999999999999999\t1\t1\n", tsv),
            "F:1:1: row index '99999999999999999999' is out of range");
}

TEST(TsvReader, MissingFile) {
  auto t = readTsv("/nonexistent/x.tsv", 0, 0);
  ASSERT_FALSE(bool(t));
  EXPECT_NE(message(t.takeError()).find("/nonexistent/x.tsv: cannot open"),
            std::string::npos);
}

TEST(MatrixMarketReader, GeneralReal) {
  TempFile file("%%MatrixMarket matrix coordinate real general\n"
                "% comment\n%%GraphBLAS type float\n"
                "2 3 2\n1 3 0.25\n2 1 -1\n");
  auto t = readMatrixMarket(file.str());
  ASSERT_TRUE(bool(t)) << message(t.takeError());
  EXPECT_EQ(t->rows, 2);
  EXPECT_EQ(t->cols, 3);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->col[0], 2);
  EXPECT_FLOAT_EQ(t->value[1], -1.0f);
}

TEST(MatrixMarketReader, PatternAndSymmetric) {
  TempFile file("%%MatrixMarket matrix coordinate pattern symmetric\n"
                "3 3 2\n1 1\n3 1\n");
  auto t = readMatrixMarket(file.str());
  ASSERT_TRUE(bool(t)) << message(t.takeError());
  ASSERT_EQ(t->size(), 3u); // (1,1), (3,1) and the mirrored (1,3)
  EXPECT_FLOAT_EQ(t->value[0], 1.0f);
  EXPECT_EQ(t->row[2], 0);
  EXPECT_EQ(t->col[2], 2);
}

TEST(MatrixMarketReader, IntegerField) {
  TempFile file("%%MatrixMarket matrix coordinate integer general\n"
                "1 1 1\n1 1 7\n");
  auto t = readMatrixMarket(file.str());
  ASSERT_TRUE(bool(t));
  EXPECT_FLOAT_EQ(t->value[0], 7.0f);
}

TEST(MatrixMarketReader, LocatedErrors) {
  const char *head = "%%MatrixMarket matrix coordinate real general\n";
  EXPECT_EQ(errorOf("", mtx), "F: empty file");
  EXPECT_EQ(errorOf("hello\n", mtx),
            "F:1:1: expected a header '%%MatrixMarket matrix coordinate "
            "<field> <symmetry>'");
  EXPECT_EQ(errorOf("%%MatrixMarket matrix array real general\n", mtx),
            "F:1:1: only 'coordinate' matrices are supported, not 'array'");
  EXPECT_EQ(errorOf("%%MatrixMarket matrix coordinate complex general\n", mtx),
            "F:1:1: unsupported field 'complex': expected real, integer or "
            "pattern");
  EXPECT_EQ(
      errorOf("%%MatrixMarket matrix coordinate real skew-symmetric\n", mtx),
      "F:1:1: unsupported symmetry 'skew-symmetric': expected general or "
      "symmetric");
  EXPECT_EQ(errorOf(std::string(head) + "2 2\n", mtx),
            "F:2:1: expected a size line 'rows columns entries', found 2 "
            "columns");
  EXPECT_EQ(errorOf(std::string(head) + "2 2 2\n1 1 1\n", mtx),
            "F: ends after 1 of the 2 declared entries");
  EXPECT_EQ(errorOf(std::string(head) + "2 2 1\n1 1 1\n2 2 1\n", mtx),
            "F:4:1: more entries than the 1 the size line declares");
  EXPECT_EQ(errorOf(std::string(head) + "2 2 1\n3 1 1\n", mtx),
            "F:3:1: row index 3 is out of range: the matrix has 2");
  EXPECT_EQ(errorOf(std::string(head) + "2 2 1\n1 1\n", mtx),
            "F:3:1: expected 3 columns, found 2");
  EXPECT_EQ(errorOf("%%MatrixMarket matrix coordinate real symmetric\n"
                    "2 2 1\n1 2 1\n",
                    mtx),
            "F:3:1: entry (1, 2) lies above the diagonal of a symmetric "
            "matrix");
  EXPECT_EQ(errorOf("%%MatrixMarket matrix coordinate real symmetric\n"
                    "2 3 1\n1 1 1\n",
                    mtx),
            "F:2:1: a symmetric matrix must be square");
  EXPECT_EQ(errorOf(std::string(head) + "% only comments\n", mtx),
            "F: no size line");
  EXPECT_EQ(errorOf(std::string(head) + "0 2 0\n", mtx),
            "F:2:1: matrix size must be positive");
  EXPECT_EQ(errorOf(std::string(head) + "2147483647 2147483647 1\n", mtx),
            "F:2:1: matrix is too large (more than 2^28 rows or columns, or "
            "2^31-1 entries)");
}

TEST(DenseReader, SpacesCommasAndComments) {
  TempFile file("# header\n1 2 3\n4,5,6\n\n");
  auto b = readDenseText(file.str(), 0);
  ASSERT_TRUE(bool(b)) << message(b.takeError());
  EXPECT_EQ(b->samples, 2);
  EXPECT_EQ(b->features, 3);
  EXPECT_FLOAT_EQ(b->row(1)[2], 6.0f);
}

TEST(DenseReader, LocatedErrors) {
  EXPECT_EQ(errorOf("1 2 3\n4 5\n", dense),
            "F:2:1: expected 3 values, found 2");
  EXPECT_EQ(errorOf("1 x\n", dense),
            "F:1:3: malformed value 'x': expected a number");
  EXPECT_EQ(errorOf("\n\n", dense), "F: no samples (empty file)");
}

TEST(ReadSamples, ChecksFeatureCount) {
  TempFile file("%%MatrixMarket matrix coordinate pattern general\n"
                "2 5 1\n1 1\n",
                "mtx");
  auto b = readSamples(file.str(), SampleFormat::MatrixMarket, 4);
  ASSERT_FALSE(bool(b));
  EXPECT_NE(message(b.takeError())
                .find("the samples have 5 features but the network has 4 "
                      "inputs"),
            std::string::npos);
  auto ok = readSamples(file.str(), SampleFormat::MatrixMarket, 5);
  ASSERT_TRUE(bool(ok));
  EXPECT_EQ(ok->samples, 2);
  EXPECT_FLOAT_EQ(ok->row(0)[0], 1.0f);
  EXPECT_FLOAT_EQ(ok->row(1)[0], 0.0f);
}

TEST(ReadSamples, FormatFromExtension) {
  EXPECT_EQ(sampleFormatFromPath("a/b.tsv"), SampleFormat::Tsv);
  EXPECT_EQ(sampleFormatFromPath("b.mtx"), SampleFormat::MatrixMarket);
  EXPECT_EQ(sampleFormatFromPath("b.txt"), SampleFormat::Dense);
}

} // namespace
