//===- CsrArraysTest.cpp - reading an sffnn.csr attribute -----------------===//
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/AsmParser/AsmParser.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::sffnn;

namespace {

SparseMatrixAttr parse(MLIRContext &context, StringRef text) {
  context.loadDialect<SFFNNDialect>();
  return dyn_cast_or_null<SparseMatrixAttr>(parseAttribute(text, &context));
}

TEST(CsrArrays, ViewsDenseArrays) {
  MLIRContext context;
  SparseMatrixAttr w =
      parse(context, "#sffnn.csr<2x3, offsets = dense<[0, 1, 3]> : "
                     "tensor<3xi32>, indices = dense<[2, 0, 1]> : "
                     "tensor<3xi32>, values = dense<[0.5, -1.0, 2.0]> : "
                     "tensor<3xf32>>");
  ASSERT_TRUE(w);
  CsrArrays arrays = w.getArrays();
  EXPECT_EQ(arrays.rows, 2);
  EXPECT_EQ(arrays.cols, 3);
  EXPECT_EQ(arrays.offsets, ArrayRef<int32_t>({0, 1, 3}));
  EXPECT_EQ(arrays.indices, ArrayRef<int32_t>({2, 0, 1}));
  EXPECT_EQ(arrays.values, ArrayRef<float>({0.5f, -1.0f, 2.0f}));
  ::sffnn::CsrMatrix copy = arrays.ref().copy();
  EXPECT_EQ(copy.nnz(), 3);
  EXPECT_EQ(copy.values, (std::vector<float>{0.5f, -1.0f, 2.0f}));
}

// A splat is expanded into the object's own storage; the views survive a
// move of the object.
TEST(CsrArrays, ExpandsSplatsAndSurvivesAMove) {
  MLIRContext context;
  SparseMatrixAttr w =
      parse(context, "#sffnn.csr<2x2, offsets = dense<[0, 2, 4]> : "
                     "tensor<3xi32>, indices = dense<[0, 1, 0, 1]> : "
                     "tensor<4xi32>, values = dense<0.25> : tensor<4xf32>>");
  ASSERT_TRUE(w);
  CsrArrays first = w.getArrays();
  CsrArrays moved = std::move(first);
  EXPECT_EQ(moved.values, ArrayRef<float>({0.25f, 0.25f, 0.25f, 0.25f}));
  EXPECT_EQ(moved.nnz(), 4);
  EXPECT_EQ(moved.ref().offsets, ArrayRef<int32_t>({0, 2, 4}));
}

} // namespace
