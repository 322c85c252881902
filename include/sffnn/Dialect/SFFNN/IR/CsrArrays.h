//===- CsrArrays.h - the arrays of an sffnn.csr attribute -------*- C++ -*-===//
//
// What SparseMatrixAttr::getArrays() returns: the offsets, indices and values
// as contiguous views, whatever their storage (dense literal, splat or
// dense_resource blob), with the expansion of a splat kept in the object.
// The one way code reads the weights of a layer.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_DIALECT_SFFNN_IR_CSRARRAYS_H
#define SFFNN_DIALECT_SFFNN_IR_CSRARRAYS_H

#include "sffnn/Formats/Matrix.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::sffnn {

class CsrArrays {
  // Declared first: the views below are initialised from them.
  SmallVector<int32_t, 0> offsetStorage, indexStorage;
  SmallVector<float, 0> valueStorage;

public:
  /// Views verified arrays (SparseMatrixAttr::verifyContents checks that
  /// they can be viewed). O(1), or O(size) for a splat.
  CsrArrays(int64_t rows, int64_t cols, ElementsAttr offsets,
            ElementsAttr indices, ElementsAttr values);
  // The views may point into the storage: a copy would point into the
  // original's. A move keeps them valid (SmallVector<T, 0> has no inline
  // buffer, so moving hands over the heap buffer).
  CsrArrays(const CsrArrays &) = delete;
  CsrArrays &operator=(const CsrArrays &) = delete;
  CsrArrays(CsrArrays &&) = default;

  int64_t rows, cols;
  ArrayRef<int32_t> offsets, indices;
  ArrayRef<float> values;

  int64_t nnz() const { return static_cast<int64_t>(indices.size()); }
  /// The arrays as the plain C++ view the libraries take.
  ::sffnn::CsrRef ref() const { return {rows, cols, offsets, indices, values}; }
};

} // namespace mlir::sffnn

#endif // SFFNN_DIALECT_SFFNN_IR_CSRARRAYS_H
