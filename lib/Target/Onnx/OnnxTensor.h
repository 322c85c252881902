//===- OnnxTensor.h - constant tensors of an ONNX graph ---------*- C++ -*-===//
#ifndef SFFNN_LIB_TARGET_ONNX_ONNXTENSOR_H
#define SFFNN_LIB_TARGET_ONNX_ONNXTENSOR_H

#include "onnx/onnx_pb.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <vector>

namespace sffnn::onnximport {

/// The number of elements of a shape.
int64_t product(const std::vector<int64_t> &dims);

/// An initializer or a Constant node's value. Float tensors keep their
/// values; integer and boolean tensors (Reshape shapes, Dropout modes) keep
/// theirs in `ints`; any other type
/// is kept by type only, so that using it as a weight can be rejected.
struct ConstTensor {
  std::vector<int64_t> dims;
  int32_t elemType = onnx::TensorProto::UNDEFINED;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  int64_t size() const;
  bool isFloat() const { return elemType == onnx::TensorProto::FLOAT; }
  bool isInteger() const {
    return elemType == onnx::TensorProto::INT64 ||
           elemType == onnx::TensorProto::INT32;
  }
};

/// The name of an ONNX element type (FLOAT, DOUBLE, ...).
const char *elemTypeName(int32_t elemType);

/// Reads raw_data or the typed fields. External data and mismatched sizes
/// are errors (the caller adds the node or initializer name).
llvm::Expected<ConstTensor> readTensor(const onnx::TensorProto &proto);

/// A 2-D constant transposed; any other rank is an error.
llvm::Expected<ConstTensor> transpose2D(const ConstTensor &tensor);

} // namespace sffnn::onnximport

#endif // SFFNN_LIB_TARGET_ONNX_ONNXTENSOR_H
