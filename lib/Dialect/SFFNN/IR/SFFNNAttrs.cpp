//===- SFFNNAttrs.cpp - sffnn attributes
//-----------------------------------===//
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/DialectImplementation.h"
#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;

Attribute SparseMatrixAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<int64_t, 2> shape;
  ElementsAttr offsets, indices, values;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/false,
                                /*withTrailingX=*/false))
    return {};
  if (shape.size() != 2) {
    parser.emitError(loc, "expected a shape 'rows x cols'");
    return {};
  }
  if (parser.parseComma() || parser.parseKeyword("offsets") ||
      parser.parseEqual() || parser.parseAttribute(offsets) ||
      parser.parseComma() || parser.parseKeyword("indices") ||
      parser.parseEqual() || parser.parseAttribute(indices) ||
      parser.parseComma() || parser.parseKeyword("values") ||
      parser.parseEqual() || parser.parseAttribute(values) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    shape[0], shape[1], offsets, indices, values);
}

void SparseMatrixAttr::print(AsmPrinter &printer) const {
  printer << '<' << getRows() << 'x' << getCols() << ", offsets = ";
  printer.printAttribute(getOffsets());
  printer << ", indices = ";
  printer.printAttribute(getIndices());
  printer << ", values = ";
  printer.printAttribute(getValues());
  printer << '>';
}

int64_t SparseMatrixAttr::getNumNonZeros() const {
  return getIndices().getShapedType().getNumElements();
}

/// Shapes and element types only: the contents may not be parsed yet.
LogicalResult
SparseMatrixAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         int64_t rows, int64_t cols, ElementsAttr offsets,
                         ElementsAttr indices, ElementsAttr values) {
  if (rows < 1 || cols < 1)
    return emitError() << "csr shape must be positive, got " << rows << 'x'
                       << cols << " (C-CSR-1)";
  auto isRank1Of = [](ElementsAttr attr, auto isType) {
    ShapedType type = attr.getShapedType();
    return type.getRank() == 1 && isType(type.getElementType());
  };
  auto isI32 = [](Type t) { return t.isSignlessInteger(32); };
  auto isF32 = [](Type t) { return t.isF32(); };
  if (!isRank1Of(offsets, isI32) || !isRank1Of(indices, isI32) ||
      !isRank1Of(values, isF32))
    return emitError() << "csr offsets and indices must be rank-1 i32 arrays "
                          "and values a rank-1 f32 array (C-CSR-2)";
  if (offsets.getNumElements() != rows + 1)
    return emitError() << "csr offsets must have rows + 1 = " << rows + 1
                       << " elements, got " << offsets.getNumElements()
                       << " (C-CSR-2)";
  if (values.getNumElements() != indices.getNumElements())
    return emitError() << "csr has " << indices.getNumElements()
                       << " indices but " << values.getNumElements()
                       << " values (C-CSR-2)";
  if (indices.getNumElements() > std::numeric_limits<int32_t>::max())
    return emitError() << "csr holds more than 2^31-1 connections (C-CSR-2)";
  return success();
}

CsrArrays SparseMatrixAttr::getArrays() const {
  return CsrArrays(getRows(), getCols(), getOffsets(), getIndices(),
                   getValues());
}

LogicalResult SparseMatrixAttr::verifyContents(
    function_ref<InFlightDiagnostic()> emitError) const {
  for (auto [name, attr] :
       {std::pair<const char *, ElementsAttr>{"offsets", getOffsets()},
        {"indices", getIndices()}}) {
    std::string why = checkElements<int32_t>(attr);
    if (!why.empty())
      return emitError() << "csr " << name << ' ' << why << " (C-CSR-5)";
  }
  std::string why = checkElements<float>(getValues());
  if (!why.empty())
    return emitError() << "csr values " << why << " (C-CSR-5)";

  // Views, not copies: a splat may stand for 2^40 offsets.
  ElementsView<int32_t> offsets(getOffsets()), indices(getIndices());
  ElementsView<float> values(getValues());
  int64_t nnz = getNumNonZeros();
  if (offsets.front() != 0 || offsets.back() != nnz)
    return emitError() << "csr offsets must run from 0 to the number of "
                          "connections "
                       << nnz << ", got " << offsets.front() << " to "
                       << offsets.back() << " (C-CSR-3)";
  // Splat offsets that pass the check above are all 0: every row is empty.
  if (offsets.isSplat())
    return success();
  for (int64_t row = 0, rows = getRows(); row < rows; ++row) {
    int32_t begin = offsets[row], end = offsets[row + 1];
    if (begin > end || end > nnz)
      return emitError() << "csr offsets decrease at row " << row
                         << " (C-CSR-3)";
    for (int32_t k = begin; k < end; ++k) {
      if (indices[k] < 0 || indices[k] >= getCols())
        return emitError() << "csr row " << row << " has column index "
                           << indices[k] << " outside [0, " << getCols()
                           << ") (C-CSR-4)";
      if (k > begin && indices[k] <= indices[k - 1])
        return emitError() << "csr row " << row
                           << " has column indices that are not strictly "
                              "increasing (duplicate or unsorted entry "
                           << indices[k] << ") (C-CSR-4)";
      if (!std::isfinite(values[k]))
        return emitError() << "csr row " << row << " column " << indices[k]
                           << " has a non-finite weight (C-CSR-5)";
    }
  }
  return success();
}
