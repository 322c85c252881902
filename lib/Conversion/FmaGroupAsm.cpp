//===- FmaGroupAsm.cpp - a register group as x86-64 AVX-512 assembly ------===//
//
// LLVM's instruction selection and machine schedulers cost tens of
// microseconds per connection on straight-line chunks, whose code needs no
// selection: a load per source word and an FMA with a broadcast weight per
// connection, into accumulators that stay in registers. Written as one
// inline assembly statement per group, LLVM selects, allocates and
// schedules one instruction per group and its assembler parses the rest
// (docs/Codegen.md, "Compile cost of straight-line code").
//
//===----------------------------------------------------------------------===//
#include "FmaGroupAsm.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "llvm/Support/raw_ostream.h"

#include <climits>
#include <vector>

using namespace mlir;
using namespace mlir::sffnn;

namespace {

/// Accumulators of one statement: AVX-512 has 32 vector registers, one
/// holds the source word and one is left to the register allocator.
constexpr int32_t kAsmAccumulators = 30;
/// The words the statements handle: 16 floats, one zmm register.
constexpr int64_t kWordLanes = 16;

/// The terms of some of the group's accumulators (at most
/// kAsmAccumulators), in the order of the code: their sources, the operand
/// of the accumulator each adds to, and their weights.
struct Batch {
  SmallVector<int64_t> offsets;          // per source used, in floats
  SmallVector<int32_t> termEnds;         // per source used
  SmallVector<int32_t> termAccumulators; // operand numbers
  SmallVector<float> weights;
};

/// The terms of the accumulators whose `operandOf` is not negative.
Batch selectBatch(FmaGroupOp op, ArrayRef<int32_t> operandOf) {
  Batch batch;
  ArrayRef<int32_t> accumulatorOf = op.getTermAccumulators();
  ArrayRef<float> weightOf = op.getWeights();
  int32_t t = 0;
  for (auto [offset, termEnd] :
       llvm::zip_equal(op.getOffsets(), op.getTermEnds())) {
    size_t before = batch.weights.size();
    for (; t < termEnd; ++t)
      if (int32_t operand = operandOf[accumulatorOf[t]]; operand >= 0) {
        batch.termAccumulators.push_back(operand);
        batch.weights.push_back(weightOf[t]);
      }
    if (batch.weights.size() == before)
      continue;
    batch.offsets.push_back(offset);
    batch.termEnds.push_back(static_cast<int32_t>(batch.weights.size()));
  }
  return batch;
}

/// AT&T assembly of a batch with `n` accumulators: operands 0..n-1 are the
/// accumulators, n the source word's register, n+1 the scratch pointer and
/// n+2 the weights' pointer.
std::string assembly(const Batch &batch, int32_t n) {
  std::string text;
  llvm::raw_string_ostream os(text);
  int32_t t = 0;
  for (auto [offset, termEnd] : llvm::zip_equal(batch.offsets,
                                                batch.termEnds)) {
    os << "vmovups " << offset * 4 << "($" << n + 1 << "), $" << n << "\n\t";
    for (; t < termEnd; ++t)
      os << "vfmadd231ps " << t * 4 << "($" << n + 2 << "){1to16}, $" << n
         << ", $" << batch.termAccumulators[t] << "\n\t";
  }
  return text;
}

/// Operands as `assembly` numbers them, then the accumulators' initial
/// values tied to their registers. The memory clobber orders the statement
/// after the stores of earlier groups, whose values it reads.
std::string constraints(int32_t n) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (int32_t a = 0; a < n; ++a)
    os << "=v,";
  os << "=&v,r,r";
  for (int32_t a = 0; a < n; ++a)
    os << "," << a;
  os << ",~{memory}";
  return text;
}

} // namespace

FailureOr<SmallVector<Value>>
mlir::sffnn::writeFmaGroupAsX86Avx512(OpBuilder &b, FmaGroupOp op,
                                      SymbolTable &symbols,
                                      StringRef weightsName) {
  SmallVector<Value> acc(op.getInits());
  if (acc.empty())
    return acc;
  auto word = cast<VectorType>(acc.front().getType());
  if (word.getNumElements() != kWordLanes || !word.getElementType().isF32())
    return failure();
  // Displacements are signed 32-bit.
  for (int64_t offset : op.getOffsets())
    if (offset > INT32_MAX / 4)
      return failure();
  if (op.getWeights().size() > INT32_MAX / 4)
    return failure();

  MLIRContext *context = b.getContext();
  Location loc = op.getLoc();
  Type f32 = b.getF32Type();
  int32_t accumulators = static_cast<int32_t>(acc.size());
  std::vector<int32_t> operandOf(acc.size(), -1);
  for (int32_t first = 0; first < accumulators; first += kAsmAccumulators) {
    int32_t end = std::min(accumulators, first + kAsmAccumulators);
    int32_t n = end - first;
    for (int32_t a = first; a < end; ++a)
      operandOf[a] = a - first;
    Batch batch = selectBatch(op, operandOf);
    for (int32_t a = first; a < end; ++a)
      operandOf[a] = -1;
    if (batch.weights.empty())
      continue;

    // The weights, a private constant the statement reads through an
    // operand (inline assembly may reference no symbol itself).
    auto arrayType = LLVM::LLVMArrayType::get(f32, batch.weights.size());
    auto values = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(batch.weights.size())},
                              f32),
        ArrayRef<float>(batch.weights));
    OpBuilder detached(context);
    auto global = LLVM::GlobalOp::create(
        detached, loc, arrayType, /*isConstant=*/true, LLVM::Linkage::Private,
        weightsName, values, /*alignment=*/64);
    symbols.insert(global);
    Value weights = LLVM::AddressOfOp::create(b, loc, global);

    SmallVector<Type> resultTypes(n + 1, word);
    auto resultType = LLVM::LLVMStructType::getLiteral(context, resultTypes);
    SmallVector<Value> operands{op.getScratch(), weights};
    operands.append(acc.begin() + first, acc.begin() + end);
    Value result =
        LLVM::InlineAsmOp::create(
            b, loc, resultType, operands, assembly(batch, n), constraints(n),
            // MLIR takes an inline_asm without side effects for pure, so a
            // later pass could move it across the stores it must follow.
            /*has_side_effects=*/true, /*is_align_stack=*/false,
            LLVM::tailcallkind::TailCallKind::None,
            LLVM::AsmDialectAttr::get(context, LLVM::AsmDialect::AD_ATT),
            /*operand_attrs=*/ArrayAttr())
            .getRes();
    for (int32_t a = first; a < end; ++a)
      acc[a] = LLVM::ExtractValueOp::create(b, loc, result,
                                            ArrayRef<int64_t>{a - first});
  }
  return acc;
}
