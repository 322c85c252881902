//===- ElementsData.h - contiguous views of elements attributes -*- C++ -*-===//
//
// Weights, biases and CSR index arrays may be a `dense` literal, a splat or a
// `dense_resource` blob. These helpers give all three the same face: a
// contiguous ArrayRef, expanding splats into caller-provided storage. O(1)
// except for splats, which are O(size).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_DIALECT_SFFNN_IR_ELEMENTSDATA_H
#define SFFNN_DIALECT_SFFNN_IR_ELEMENTSDATA_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace mlir::sffnn {

/// Why an elements attribute cannot be viewed as a rank-1 array of T.
/// Returns the empty string when it can.
template <typename T> std::string checkElements(ElementsAttr attr);

/// Views `attr` as a contiguous array. Requires checkElements<T>(attr) to be
/// empty. `storage` receives the expansion of a splat.
template <typename T>
ArrayRef<T> getElementsData(ElementsAttr attr, SmallVectorImpl<T> &storage);

/// Element k of a rank-1 attribute, without expanding a splat (its one
/// value is read once): what verifiers use, since a splat may stand for more
/// elements than fit in memory. Requires checkElements<T>(attr) to be empty.
template <typename T> class ElementsView {
public:
  explicit ElementsView(ElementsAttr attr);
  T operator[](int64_t k) const { return splat ? *splat : data[k]; }
  bool isSplat() const { return splat.has_value(); }
  int64_t size() const { return count; }
  T front() const { return (*this)[0]; }
  T back() const { return (*this)[count - 1]; }

private:
  ArrayRef<T> data;
  std::optional<T> splat;
  int64_t count;
};

/// Builds a rank-1 elements attribute holding `data`: a splat when all
/// elements are equal, a `dense` literal when small, else a `dense_resource`
/// blob named after `nameHint` (blobs are neither uniqued nor hashed, which is
/// what keeps million-connection networks cheap).
ElementsAttr makeElements(MLIRContext *ctx, StringRef nameHint,
                          ArrayRef<int32_t> data);
ElementsAttr makeElements(MLIRContext *ctx, StringRef nameHint,
                          ArrayRef<float> data);

} // namespace mlir::sffnn

#endif // SFFNN_DIALECT_SFFNN_IR_ELEMENTSDATA_H
