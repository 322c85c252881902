//===- OnnxTensor.cpp - constant tensors of an ONNX graph -----------------===//
#include "OnnxTensor.h"

#include "sffnn/Formats/Matrix.h"

#include "llvm/ADT/Twine.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include <type_traits>

using namespace sffnn;
using namespace sffnn::onnximport;

int64_t onnximport::product(const std::vector<int64_t> &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

int64_t ConstTensor::size() const { return product(dims); }

const char *onnximport::elemTypeName(int32_t elemType) {
  if (!onnx::TensorProto::DataType_IsValid(elemType))
    return "an unknown type";
  // The generated name table outlives every caller.
  return onnx::TensorProto::DataType_Name(
             static_cast<onnx::TensorProto::DataType>(elemType))
      .c_str();
}

/// One little-endian value of raw_data.
template <typename Stored> static Stored readLittle(const char *p) {
  if constexpr (std::is_same_v<Stored, float>)
    return llvm::bit_cast<float>(
        llvm::support::endian::read<uint32_t, llvm::endianness::little>(p));
  else
    return llvm::support::endian::read<Stored, llvm::endianness::little>(p);
}

/// Reads `count` values stored as `Stored`, from raw_data or from the
/// typed repeated field, into `out`.
template <typename Stored, typename T, typename Field>
static llvm::Error readValues(const onnx::TensorProto &proto, int64_t count,
                              const Field &typed, std::vector<T> &out) {
  auto sizeError = [&](int64_t have) {
    return llvm::createStringError("holds " + llvm::Twine(have) +
                                   " values for a shape of " +
                                   llvm::Twine(count) + " elements");
  };
  if (!proto.has_raw_data()) {
    if (typed.size() != count)
      return sizeError(typed.size());
    out.assign(typed.begin(), typed.end());
    return llvm::Error::success();
  }
  const std::string &raw = proto.raw_data();
  if (raw.size() != static_cast<size_t>(count) * sizeof(Stored))
    return sizeError(raw.size() / sizeof(Stored));
  out.resize(count);
  for (int64_t i = 0; i < count; ++i)
    out[i] = static_cast<T>(readLittle<Stored>(raw.data() + i * sizeof(Stored)));
  return llvm::Error::success();
}

llvm::Expected<ConstTensor>
onnximport::readTensor(const onnx::TensorProto &proto) {
  ConstTensor t;
  t.elemType = proto.data_type();
  int64_t count = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0 || d > kMaxDimension)
      return llvm::createStringError("has dimension " + llvm::Twine(d) +
                                     ", outside [0, 2^28]");
    t.dims.push_back(d);
    count *= d;
    if (count > (int64_t(1) << 31))
      return llvm::createStringError("has more than 2^31 elements");
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return llvm::createStringError("keeps its data in an external file, "
                                   "which is not supported");
  llvm::Error err = llvm::Error::success();
  switch (t.elemType) {
  case onnx::TensorProto::FLOAT:
    err = readValues<float>(proto, count, proto.float_data(), t.floats);
    break;
  case onnx::TensorProto::INT64:
    err = readValues<int64_t>(proto, count, proto.int64_data(), t.ints);
    break;
  case onnx::TensorProto::INT32:
    err = readValues<int32_t>(proto, count, proto.int32_data(), t.ints);
    break;
  case onnx::TensorProto::BOOL:
    err = readValues<uint8_t>(proto, count, proto.int32_data(), t.ints);
    break;
  default:
    // Kept by type only: using it as a weight is rejected by the caller.
    break;
  }
  if (err)
    return std::move(err);
  return t;
}

llvm::Expected<ConstTensor> onnximport::transpose2D(const ConstTensor &tensor) {
  if (tensor.dims.size() != 2)
    return llvm::createStringError("transposes a constant of rank " +
                                   llvm::Twine(tensor.dims.size()) +
                                   "; only 2-D constants are supported");
  ConstTensor t = tensor;
  int64_t rows = tensor.dims[0], cols = tensor.dims[1];
  t.dims = {cols, rows};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      if (!tensor.floats.empty())
        t.floats[c * rows + r] = tensor.floats[r * cols + c];
      if (!tensor.ints.empty())
        t.ints[c * rows + r] = tensor.ints[r * cols + c];
    }
  return t;
}
