//===- ElementsData.cpp - contiguous views of elements attributes ---------===//
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Dialect/SFFNN/IR/CsrArrays.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace {
template <typename T> bool hasElementType(Type type) {
  if constexpr (std::is_same_v<T, float>)
    return type.isF32();
  else
    return type.isSignlessInteger(32);
}

template <typename T> const char *elementTypeName() {
  return std::is_same_v<T, float> ? "f32" : "i32";
}

/// Arrays up to this size are written as `dense` literals, readable in tests.
constexpr size_t kLiteralLimit = 64;
} // namespace

template <typename T>
std::string mlir::sffnn::checkElements(ElementsAttr attr) {
  ShapedType type = attr.getShapedType();
  if (type.getRank() != 1 || !hasElementType<T>(type.getElementType()))
    return std::string("must be a rank-1 array of ") + elementTypeName<T>();
  if (isa<DenseElementsAttr>(attr))
    return "";
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return "refers to resource '" + resource.getRawHandle().getKey().str() +
             "', which the file does not provide";
    if (blob->getData().size() != type.getNumElements() * sizeof(T))
      return "resource '" + resource.getRawHandle().getKey().str() +
             "' holds " + std::to_string(blob->getData().size()) +
             " bytes, expected " +
             std::to_string(type.getNumElements() * sizeof(T));
    return "";
  }
  return "must be a dense or dense_resource elements attribute";
}

/// The elements of a dense literal that is not a splat, or of a resource.
template <typename T> static ArrayRef<T> viewInPlace(ElementsAttr attr) {
  ArrayRef<char> raw =
      isa<DenseElementsAttr>(attr)
          ? cast<DenseElementsAttr>(attr).getRawData()
          : cast<DenseResourceElementsAttr>(attr).getRawHandle().getBlob()
                ->getData();
  return ArrayRef<T>(reinterpret_cast<const T *>(raw.data()),
                     raw.size() / sizeof(T));
}

template <typename T>
ArrayRef<T> mlir::sffnn::getElementsData(ElementsAttr attr,
                                         SmallVectorImpl<T> &storage) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr); dense && dense.isSplat()) {
    storage.assign(dense.getNumElements(), dense.getSplatValue<T>());
    return storage;
  }
  return viewInPlace<T>(attr);
}

template <typename T>
mlir::sffnn::ElementsView<T>::ElementsView(ElementsAttr attr)
    : count(attr.getShapedType().getNumElements()) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr); dense && dense.isSplat())
    splat = dense.getSplatValue<T>();
  else
    data = viewInPlace<T>(attr);
}

template std::string mlir::sffnn::checkElements<int32_t>(ElementsAttr);
template std::string mlir::sffnn::checkElements<float>(ElementsAttr);
template ArrayRef<int32_t>
mlir::sffnn::getElementsData(ElementsAttr, SmallVectorImpl<int32_t> &);
template ArrayRef<float> mlir::sffnn::getElementsData(ElementsAttr,
                                                      SmallVectorImpl<float> &);
template class mlir::sffnn::ElementsView<int32_t>;
template class mlir::sffnn::ElementsView<float>;

namespace {
template <typename T, typename ResourceAttr>
ElementsAttr makeElementsImpl(MLIRContext *ctx, StringRef nameHint,
                              ArrayRef<T> data, Type elementType) {
  auto type =
      RankedTensorType::get({static_cast<int64_t>(data.size())}, elementType);
  bool allEqual = !data.empty() && llvm::all_equal(data);
  if (allEqual || data.size() <= kLiteralLimit) {
    if (allEqual)
      return DenseElementsAttr::get(type, data.front());
    return DenseElementsAttr::get(type, data);
  }
  return cast<ElementsAttr>(Attribute(ResourceAttr::get(
      type, nameHint, HeapAsmResourceBlob::allocateAndCopyInferAlign(data))));
}
} // namespace

ElementsAttr mlir::sffnn::makeElements(MLIRContext *ctx, StringRef nameHint,
                                       ArrayRef<int32_t> data) {
  return makeElementsImpl<int32_t, DenseI32ResourceElementsAttr>(
      ctx, nameHint, data, IntegerType::get(ctx, 32));
}

ElementsAttr mlir::sffnn::makeElements(MLIRContext *ctx, StringRef nameHint,
                                       ArrayRef<float> data) {
  return makeElementsImpl<float, DenseF32ResourceElementsAttr>(
      ctx, nameHint, data, Float32Type::get(ctx));
}

mlir::sffnn::CsrArrays::CsrArrays(int64_t rows, int64_t cols,
                                  ElementsAttr offsetsAttr,
                                  ElementsAttr indicesAttr,
                                  ElementsAttr valuesAttr)
    : rows(rows), cols(cols),
      offsets(getElementsData(offsetsAttr, offsetStorage)),
      indices(getElementsData(indicesAttr, indexStorage)),
      values(getElementsData(valuesAttr, valueStorage)) {}
