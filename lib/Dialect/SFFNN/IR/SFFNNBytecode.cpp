//===- SFFNNBytecode.cpp - bytecode encoding of sffnn attributes ----------===//
//
// Without this, #sffnn.csr would be written to bytecode as text; re-parsing
// that text declares its `dense_resource` handles a second time and the
// reader renames them, losing the data. Encoding the attribute natively lets
// the builtin dialect write the nested blobs as real bytecode resources.
//
//===----------------------------------------------------------------------===//
#include "SFFNNBytecode.h"

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Bytecode/BytecodeImplementation.h"

using namespace mlir;
using namespace mlir::sffnn;

namespace {
enum AttributeCode : uint64_t { kSparseMatrix = 0 };

struct SFFNNBytecodeInterface : public BytecodeDialectInterface {
  explicit SFFNNBytecodeInterface(Dialect *dialect)
      : BytecodeDialectInterface(dialect) {}

  Attribute readAttribute(DialectBytecodeReader &reader) const override {
    uint64_t code, rows, cols;
    ElementsAttr offsets, indices, values;
    if (failed(reader.readVarInt(code)))
      return {};
    if (code != kSparseMatrix) {
      reader.emitError() << "unknown sffnn attribute code " << code;
      return {};
    }
    if (failed(reader.readVarInt(rows)) || failed(reader.readVarInt(cols)) ||
        failed(reader.readAttribute(offsets)) ||
        failed(reader.readAttribute(indices)) ||
        failed(reader.readAttribute(values)))
      return {};
    return SparseMatrixAttr::getChecked(
        [&] { return reader.emitError(); }, getContext(),
        static_cast<int64_t>(rows), static_cast<int64_t>(cols), offsets,
        indices, values);
  }

  LogicalResult writeAttribute(Attribute attr,
                               DialectBytecodeWriter &writer) const override {
    auto matrix = dyn_cast<SparseMatrixAttr>(attr);
    if (!matrix)
      return failure(); // everything else is written as text
    writer.writeVarInt(kSparseMatrix);
    writer.writeVarInt(matrix.getRows());
    writer.writeVarInt(matrix.getCols());
    writer.writeAttribute(matrix.getOffsets());
    writer.writeAttribute(matrix.getIndices());
    writer.writeAttribute(matrix.getValues());
    return success();
  }
};
} // namespace

void mlir::sffnn::addBytecodeInterface(SFFNNDialect *dialect) {
  dialect->addInterfaces<SFFNNBytecodeInterface>();
}
