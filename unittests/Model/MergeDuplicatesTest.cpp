//===- MergeDuplicatesTest.cpp - merging identical rows of a layer --------===//
#include "sffnn/Model/MergeDuplicates.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>

using namespace sffnn;
using sffnn::testing::message;

namespace {

CsrMatrix matrix(int64_t cols,
                 std::vector<std::vector<std::pair<int32_t, float>>> rows) {
  CsrMatrix m;
  m.rows = static_cast<int64_t>(rows.size());
  m.cols = cols;
  for (const auto &row : rows) {
    for (auto [c, w] : row) {
      m.indices.push_back(c);
      m.values.push_back(w);
    }
    m.offsets.push_back(static_cast<int32_t>(m.indices.size()));
  }
  return m;
}

TEST(MergeDuplicateRows, KeepsTheFirstOfEqualRows) {
  CsrMatrix w = matrix(3, {{{0, 1.0f}, {2, 2.0f}},
                           {{0, 1.0f}},
                           {{0, 1.0f}, {2, 2.0f}},
                           {{0, 1.0f}, {2, std::nextafter(2.0f, 3.0f)}}});
  auto merged = mergeDuplicateRows(w, {}, {}, /*keepNeurons=*/false);
  ASSERT_TRUE(bool(merged)) << message(merged.takeError());
  EXPECT_EQ(merged->survivor, (std::vector<int32_t>{0, 1, 0, 2}));
  EXPECT_EQ(merged->weights.rows, 3);
  EXPECT_EQ(merged->removedNeurons, 1);
  EXPECT_EQ(merged->removedConnections, 2);
  EXPECT_TRUE(merged->bias.empty());
}

TEST(MergeDuplicateRows, BiasBitsDecide) {
  CsrMatrix w = matrix(1, {{{0, 1.0f}}, {{0, 1.0f}}, {{0, 1.0f}}});
  std::vector<float> bias = {0.0f, -0.0f, 0.0f};
  auto merged = mergeDuplicateRows(w, bias, {}, false);
  ASSERT_TRUE(bool(merged)) << message(merged.takeError());
  EXPECT_EQ(merged->survivor, (std::vector<int32_t>{0, 1, 0}));
  ASSERT_EQ(merged->bias.size(), 2u);
  EXPECT_TRUE(std::signbit(merged->bias[1]));
}

TEST(MergeDuplicateRows, ColumnMapSumsConnectionsToOneSurvivor) {
  // Old columns 0 and 2 are now column 0; column 1 is column 1.
  ColumnMap columns{{0, 1, 0}, 2};
  CsrMatrix w = matrix(3, {{{0, 0.5f}, {1, 4.0f}, {2, 0.25f}}, {{2, 3.0f}}});
  auto merged = mergeDuplicateRows(w, {}, columns, /*keepNeurons=*/true);
  ASSERT_TRUE(bool(merged)) << message(merged.takeError());
  EXPECT_EQ(merged->weights.cols, 2);
  EXPECT_EQ(merged->weights.offsets, (std::vector<int32_t>{0, 2, 3}));
  EXPECT_EQ(merged->weights.indices, (std::vector<int32_t>{0, 1, 0}));
  EXPECT_EQ(merged->weights.values, (std::vector<float>{0.75f, 4.0f, 3.0f}));
  EXPECT_EQ(merged->removedNeurons, 0);
  EXPECT_EQ(merged->removedConnections, 1);
}

TEST(MergeDuplicateRows, RowsEqualAfterTheColumnMapMerge) {
  // Rows reading different duplicates of a producer become one.
  ColumnMap columns{{0, 0}, 1};
  CsrMatrix w = matrix(2, {{{0, 1.0f}}, {{1, 1.0f}}});
  auto merged = mergeDuplicateRows(w, {}, columns, false);
  ASSERT_TRUE(bool(merged)) << message(merged.takeError());
  EXPECT_EQ(merged->survivor, (std::vector<int32_t>{0, 0}));
}

TEST(MergeDuplicateRows, SumBeyondF32IsAnError) {
  ColumnMap columns{{0, 0}, 1};
  CsrMatrix w = matrix(2, {{{0, FLT_MAX}, {1, FLT_MAX}}});
  auto merged = mergeDuplicateRows(w, {}, columns, false);
  ASSERT_FALSE(bool(merged));
  EXPECT_NE(message(merged.takeError()).find("neuron 0"), std::string::npos);
}

} // namespace
