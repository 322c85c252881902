//===- MatrixTest.cpp - COO to CSR and dense ------------------------------===//
#include "sffnn/Formats/Matrix.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

using namespace sffnn;
using sffnn::testing::message;

namespace {

Triplets sample() {
  // 3x2: (0,1)=1 (2,0)=2 (0,0)=3 (1,1)=4, given out of order.
  Triplets t;
  t.file = "m.tsv";
  t.rows = 3;
  t.cols = 2;
  t.add(0, 1, 1, 1);
  t.add(2, 0, 2, 2);
  t.add(0, 0, 3, 3);
  t.add(1, 1, 4, 4);
  return t;
}

TEST(ToCsr, SortsRows) {
  auto csr = toCsr(sample(), /*transpose=*/false);
  ASSERT_TRUE(bool(csr));
  EXPECT_EQ(csr->rows, 3);
  EXPECT_EQ(csr->cols, 2);
  EXPECT_EQ(csr->offsets, (std::vector<int32_t>{0, 2, 3, 4}));
  EXPECT_EQ(csr->indices, (std::vector<int32_t>{0, 1, 1, 0}));
  EXPECT_EQ(csr->values, (std::vector<float>{3, 1, 4, 2}));
}

TEST(ToCsr, Transposes) {
  auto csr = toCsr(sample(), /*transpose=*/true);
  ASSERT_TRUE(bool(csr));
  EXPECT_EQ(csr->rows, 2);
  EXPECT_EQ(csr->cols, 3);
  EXPECT_EQ(csr->offsets, (std::vector<int32_t>{0, 2, 4}));
  EXPECT_EQ(csr->indices, (std::vector<int32_t>{0, 2, 0, 1}));
  EXPECT_EQ(csr->values, (std::vector<float>{3, 2, 1, 4}));
}

TEST(ToCsr, EmptyRowsAndNoEntries) {
  Triplets t;
  t.rows = 3;
  t.cols = 3;
  auto csr = toCsr(t, false);
  ASSERT_TRUE(bool(csr));
  EXPECT_EQ(csr->offsets, (std::vector<int32_t>{0, 0, 0, 0}));
}

TEST(ToCsr, DuplicateNamesBothLines) {
  Triplets t = sample();
  t.add(2, 0, 9, 7);
  auto csr = toCsr(t, true);
  ASSERT_FALSE(bool(csr));
  EXPECT_EQ(message(csr.takeError()),
            "m.tsv:7:1: duplicate entry (3, 1), first given on line 2");
}

TEST(ToDense, ScattersAndRejectsDuplicates) {
  auto dense = toDense(sample());
  ASSERT_TRUE(bool(dense));
  EXPECT_EQ(dense->data, (std::vector<float>{3, 1, 0, 4, 2, 0}));
  Triplets t = sample();
  t.add(1, 1, 5, 9);
  auto bad = toDense(t);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(message(bad.takeError()),
            "m.tsv:9:1: duplicate entry (2, 2), first given on line 4");
}

TEST(ToDense, RefusesHugeBatches) {
  Triplets t;
  t.file = "x.tsv";
  t.rows = kMaxDimension;
  t.cols = 8;
  t.add(0, 0, 1, 1);
  t.add(static_cast<int32_t>(kMaxDimension - 1), 0, 1, 2);
  auto dense = toDense(t);
  ASSERT_FALSE(bool(dense));
  EXPECT_EQ(message(dense.takeError()),
            "x.tsv:2:1: a batch of 268435456 samples x 8 features is more "
            "than 1073741824 values");
}

} // namespace
