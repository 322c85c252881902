//===- SFFNNOps.cpp - sffnn operations: builders, parsers, verifiers ------===//
//
// Each verifier cites the numbered constraint of docs/Spec.md it checks.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Formats/Matrix.h"
#include "sffnn/Formats/MemoryLimit.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/MathExtras.h"
#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;

/// One f32 literal of the custom syntax, read in f32 semantics exactly as
/// the generic form reads an f32 attribute: a hex literal is the f32 bit
/// pattern (what printFloat writes when no short decimal round-trips), a
/// decimal rounds to the nearest f32 (a tiny one to a denormal or zero, one
/// beyond f32's range to inf). `loc` is the literal's, for the callers'
/// range checks.
static ParseResult parseF32(OpAsmParser &parser, APFloat &value, SMLoc &loc) {
  loc = parser.getCurrentLocation();
  if (succeeded(parser.parseFloat(APFloat::IEEEsingle(), value)))
    return success();
  // The parser has said what it saw; `1e-5` (no '.') is the usual slip.
  return parser.emitError(loc, "expected an f32 literal such as 0.5, "
                               "-2.5e-3 or 0x3F800000 (a decimal needs a "
                               "'.', as in 1.0e-5)");
}

/// `relu`, `relu clamp 3.2e+01`, `tanh`, ...: the activation as a bare
/// keyword, optionally followed by the clamp. `constraint` names the rule
/// of docs/Spec.md that a clamp beyond f32's range breaks.
static ParseResult parseActivation(OpAsmParser &parser,
                                   ActivationAttr &activation,
                                   FloatAttr &clamp, StringRef constraint) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<Activation> kind = symbolizeActivation(keyword);
  if (!kind)
    return parser.emitError(loc, "unknown activation '")
           << keyword << "'; expected identity, relu, sigmoid or tanh";
  activation = ActivationAttr::get(parser.getContext(), *kind);
  if (succeeded(parser.parseOptionalKeyword("clamp"))) {
    APFloat value(0.0f);
    if (parseF32(parser, value, loc))
      return failure();
    if (!value.isFinite())
      return parser.emitError(loc, "clamp must be a positive finite number, "
                                   "got ")
             << value.convertToDouble() << " (" << constraint << ")";
    clamp = parser.getBuilder().getFloatAttr(
        parser.getBuilder().getF32Type(), value);
  }
  return success();
}

static void printActivation(OpAsmPrinter &printer, Operation *,
                            ActivationAttr activation, FloatAttr clamp,
                            StringRef) {
  printer << stringifyActivation(activation.getValue());
  if (clamp) {
    printer << " clamp ";
    printer.printFloat(clamp.getValue());
  }
}

/// `[0.5, -1.0]` and an optional `bias 0.25`: a neuron's numbers, each read
/// by parseF32 and finite (C-NEURON-2, checked here so that the error points
/// at the literal).
static ParseResult parseNeuronWeights(OpAsmParser &parser,
                                      DenseF32ArrayAttr &weights,
                                      FloatAttr &bias) {
  SmallVector<float> values;
  auto parseOne = [&]() -> ParseResult {
    APFloat value(0.0f);
    SMLoc loc;
    if (parseF32(parser, value, loc))
      return failure();
    if (!value.isFinite())
      return parser.emitError(loc, "weight ")
             << values.size() << " is not finite (C-NEURON-2)";
    values.push_back(value.convertToFloat());
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseOne))
    return failure();
  weights = DenseF32ArrayAttr::get(parser.getContext(), values);
  if (failed(parser.parseOptionalKeyword("bias")))
    return success();
  APFloat value(0.0f);
  SMLoc loc;
  if (parseF32(parser, value, loc))
    return failure();
  if (!value.isFinite())
    return parser.emitError(loc, "bias is not finite (C-NEURON-2)");
  bias = parser.getBuilder().getFloatAttr(parser.getBuilder().getF32Type(),
                                          value);
  return success();
}

/// Every number through printFloat: the shortest decimal that reads back to
/// the same f32, else its hex bit pattern, so print -> parse is exact.
static void printNeuronWeights(OpAsmPrinter &printer, Operation *,
                               DenseF32ArrayAttr weights, FloatAttr bias) {
  printer << '[';
  llvm::interleaveComma(weights.asArrayRef(), printer, [&](float w) {
    printer.printFloat(APFloat(w));
  });
  printer << ']';
  if (bias) {
    printer << " bias ";
    printer.printFloat(bias.getValue());
  }
}

#define GET_OP_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNOps.cpp.inc"

static int64_t batchDim(Type type) {
  return cast<RankedTensorType>(type).getDimSize(0);
}

static int64_t featureDim(Type type) {
  return cast<RankedTensorType>(type).getDimSize(1);
}

/// C-LAYER-4 / C-NEURON-3: clamp goes with relu and is a positive number.
static LogicalResult verifyActivation(Operation *op, Activation activation,
                                      std::optional<APFloat> clamp,
                                      StringRef constraint) {
  if (!clamp)
    return success();
  if (activation != Activation::relu)
    return op->emitOpError("clamp is only allowed with relu (")
           << constraint << ")";
  double c = clamp->convertToDouble();
  if (!std::isfinite(c) || c <= 0)
    return op->emitOpError("clamp must be a positive finite number, got ")
           << c << " (" << constraint << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Type input : type.getInputs())
    block->addArgument(input, state.location);
}

ParseResult NetworkOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildType = [](Builder &builder, ArrayRef<Type> inputs,
                      ArrayRef<Type> results,
                      function_interface_impl::VariadicFlag, std::string &) {
    return builder.getFunctionType(inputs, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void NetworkOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

static bool isBatchType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 2 && tensor.getElementType().isF32() &&
         !tensor.isDynamicDim(1) && tensor.getDimSize(1) >= 1;
}

LogicalResult NetworkOp::verifyRegions() {
  // C-NET-1: one input batch, one output batch, static feature sizes.
  FunctionType type = getFunctionType();
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return emitOpError("must take one input batch and return one output "
                       "batch, got ")
           << type.getNumInputs() << " inputs and " << type.getNumResults()
           << " results (C-NET-1)";
  if (!isBatchType(type.getInput(0)) || !isBatchType(type.getResult(0)))
    return emitOpError("input and output must be tensor<B x N x f32> with a "
                       "static N >= 1 (C-NET-1)");

  // C-NET-2: one batch size for every batch in the body.
  int64_t batch = batchDim(type.getInput(0));
  if (batchDim(type.getResult(0)) != batch)
    return emitOpError("input and output batch sizes differ (C-NET-2)");
  Block &block = getBody().front();
  for (Operation &op : block) {
    // C-NET-4: only sffnn ops inside a network.
    if (!isa<LayerOp, SplitOp, NeuronOp, ConcatOp, ReturnOp>(op))
      return op.emitOpError("is not allowed inside sffnn.network (C-NET-4)");
    for (Type t : llvm::concat<Type>(op.getOperandTypes(), op.getResultTypes()))
      if (isa<RankedTensorType>(t) && batchDim(t) != batch)
        return op.emitOpError("batch size ")
               << (ShapedType::isDynamic(batchDim(t))
                       ? std::string("?")
                       : std::to_string(batchDim(t)))
               << " differs from the network's (C-NET-2)";
  }

  // C-NET-3: the body ends in a return of the output type.
  auto ret = dyn_cast<ReturnOp>(block.getTerminator());
  if (!ret)
    return emitOpError("body must end with sffnn.return (C-NET-3)");
  if (TypeRange(ret.getOperands().getTypes()) != type.getResults())
    return ret.emitOpError("operand types must match the network result "
                           "types (C-NET-3)");
  return success();
}

//===----------------------------------------------------------------------===//
// LayerOp
//===----------------------------------------------------------------------===//

LogicalResult LayerOp::verify() {
  // C-LAYER-1: at least one source.
  if (getSources().empty())
    return emitOpError("needs at least one source (C-LAYER-1)");

  // C-LAYER-5: static feature sizes; all batches share one batch size.
  int64_t batch = batchDim(getResult().getType());
  int64_t width = 0;
  for (Value source : getSources()) {
    if (!isBatchType(source.getType()) || !isBatchType(getType()))
      return emitOpError("sources and result need a static feature size "
                         "(C-LAYER-5)");
    if (batchDim(source.getType()) != batch)
      return emitOpError("sources and result must share one batch size "
                         "(C-LAYER-5)");
    width += featureDim(source.getType());
  }

  // C-LAYER-2: weights shape matches sources and result.
  SparseMatrixAttr weights = getWeights();
  if (weights.getCols() != width)
    return emitOpError("weights have ")
           << weights.getCols() << " columns but the sources have " << width
           << " features in all (C-LAYER-2)";
  if (weights.getRows() != featureDim(getType()))
    return emitOpError("weights have ")
           << weights.getRows() << " rows but the result has "
           << featureDim(getType()) << " neurons (C-LAYER-2)";
  if (failed(weights.verifyContents([&] { return emitOpError(); })))
    return failure();

  // C-LAYER-3: bias is one finite f32 per neuron.
  if (ElementsAttr bias = getBiasAttr()) {
    ShapedType biasType = bias.getShapedType();
    if (biasType.getRank() != 1 || !biasType.getElementType().isF32() ||
        biasType.getNumElements() != weights.getRows())
      return emitOpError("bias must be a tensor<")
             << weights.getRows() << "xf32> (C-LAYER-3)";
    std::string why = checkElements<float>(bias);
    if (!why.empty())
      return emitOpError("bias ") << why << " (C-LAYER-3)";
    ElementsView<float> biases(bias);
    for (int64_t j = 0, n = biases.isSplat() ? 1 : biases.size(); j < n; ++j)
      if (!std::isfinite(biases[j]))
        return emitOpError("bias of neuron ")
               << j << " is not finite (C-LAYER-3)";
  }
  return verifyActivation(*this, getActivation(), getClamp(), "C-LAYER-4");
}

//===----------------------------------------------------------------------===//
// Neuron-level ops
//===----------------------------------------------------------------------===//

/// An op result and its type in the split's result list, rounded up.
constexpr double kBytesPerSplitResult = 48;

ParseResult SplitOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::UnresolvedOperand input;
  RankedTensorType type;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseOperand(input) ||
      parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(type) ||
      parser.resolveOperand(input, type, result.operands))
    return failure();
  if (!isBatchType(type))
    return parser.emitError(loc, "expected tensor<B x N x f32> with a static "
                                 "N (C-SPLIT-1)");
  // One result per feature: refuse widths no file format can give (they
  // would also overflow the op's 32-bit result count) and widths whose
  // results alone exceed the memory limit, before creating them.
  int64_t width = type.getDimSize(1);
  if (width > ::sffnn::kMaxDimension)
    return parser.emitError(loc, "sffnn.split of ")
           << width << " features: at most 2^28 (C-SPLIT-1)";
  std::string excess = ::sffnn::memoryExcess(
      static_cast<double>(width) * kBytesPerSplitResult,
      "sffnn.split of " + llvm::Twine(width) + " features");
  if (!excess.empty())
    return parser.emitError(loc, excess);
  result.addTypes(SmallVector<Type>(type.getDimSize(1),
                                    NeuronType::get(parser.getContext())));
  return success();
}

void SplitOp::print(OpAsmPrinter &printer) {
  printer << ' ' << getInput();
  printer.printOptionalAttrDict((*this)->getAttrs());
  printer << " : " << getInput().getType();
}

LogicalResult SplitOp::verify() {
  // C-SPLIT-1: one neuron per feature.
  if (!isBatchType(getInput().getType()))
    return emitOpError("input needs a static feature size (C-SPLIT-1)");
  int64_t width = featureDim(getInput().getType());
  if (static_cast<int64_t>(getNeurons().size()) != width)
    return emitOpError("yields ")
           << getNeurons().size() << " neurons but the input has " << width
           << " features (C-SPLIT-1)";
  return success();
}

LogicalResult NeuronOp::verify() {
  // C-NEURON-1: one weight per source, no source twice.
  if (getWeights().size() != getSources().size())
    return emitOpError("has ")
           << getSources().size() << " sources but " << getWeights().size()
           << " weights (C-NEURON-1)";
  llvm::SmallDenseSet<Value, 8> seen;
  for (Value source : getSources())
    if (!seen.insert(source).second)
      return emitOpError("reads the same source twice (C-NEURON-1)");
  // C-NEURON-2: finite weights and bias.
  for (auto [i, w] : llvm::enumerate(getWeights()))
    if (!std::isfinite(w))
      return emitOpError("weight ") << i << " is not finite (C-NEURON-2)";
  if (std::optional<APFloat> bias = getBias())
    if (!bias->isFinite())
      return emitOpError("bias is not finite (C-NEURON-2)");
  // C-NEURON-3: activation as for layers.
  return verifyActivation(*this, getActivation(), getClamp(), "C-NEURON-3");
}

LogicalResult ConcatOp::verify() {
  // C-CONCAT-1: one feature per source.
  if (!isBatchType(getType()))
    return emitOpError("result needs a static feature size (C-CONCAT-1)");
  if (static_cast<int64_t>(getSources().size()) != featureDim(getType()))
    return emitOpError("has ")
           << getSources().size() << " sources but the result has "
           << featureDim(getType()) << " features (C-CONCAT-1)";
  return success();
}

//===----------------------------------------------------------------------===//
// sffnn.fma_group
//===----------------------------------------------------------------------===//

LogicalResult FmaGroupOp::verify() {
  // The expansion (sffnn-expand-fma-groups) indexes with these without
  // further checks: every index in range, the term ranges in order.
  if (getResults().getTypes() != getInits().getTypes())
    return emitOpError("needs one result per accumulator, of its type");
  // One source word is added to every accumulator of the group.
  if (!llvm::all_equal(getInits().getTypes()))
    return emitOpError("needs accumulators of one type");
  if (getAlignment() <= 0 || !llvm::isPowerOf2_64(getAlignment()))
    return emitOpError("alignment must be a power of two");
  ArrayRef<int32_t> ends = getTermEnds();
  if (ends.size() != getOffsets().size())
    return emitOpError("has ") << getOffsets().size() << " offsets but "
                               << ends.size() << " term ends";
  size_t terms = getWeights().size();
  if (getTermAccumulators().size() != terms)
    return emitOpError("has ") << terms << " weights but "
                               << getTermAccumulators().size()
                               << " term accumulators";
  int32_t previous = 0;
  for (int32_t end : ends) {
    if (end < previous || static_cast<size_t>(end) > terms)
      return emitOpError("term ends must ascend from 0 to the ")
             << terms << " terms";
    previous = end;
  }
  if (static_cast<size_t>(previous) != terms)
    return emitOpError("term ends must end at the ") << terms << " terms";
  for (int64_t offset : getOffsets())
    if (offset < 0)
      return emitOpError("offsets must not be negative");
  int64_t accumulators = getInits().size();
  for (int32_t a : getTermAccumulators())
    if (a < 0 || a >= accumulators)
      return emitOpError("term accumulator ")
             << a << " out of range [0, " << accumulators << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// sffnn.call
//===----------------------------------------------------------------------===//

/// Two batch sizes agree when they are equal or either is `?`.
static bool compatibleBatch(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

LogicalResult CallOp::verify() {
  // C-CALL-1: one tensor in, one tensor out; or two buffers in, nothing out.
  bool tensorForm = getNumOperands() == 1 && getNumResults() == 1 &&
                    isa<RankedTensorType>(getInput().getType());
  bool bufferForm = getNumOperands() == 2 && getNumResults() == 0 &&
                    isa<MemRefType>(getOperands()[0].getType()) &&
                    isa<MemRefType>(getOperands()[1].getType());
  if (!tensorForm && !bufferForm)
    return emitOpError("takes one input tensor and returns one tensor, or "
                       "takes an input and an output memref and returns "
                       "nothing (C-CALL-1)");
  auto in = cast<ShapedType>(getInput().getType());
  auto out = cast<ShapedType>(getOutput().getType());
  if (in.isDynamicDim(1) || out.isDynamicDim(1))
    return emitOpError("input and output need a static feature size "
                       "(C-CALL-1)");
  if (!compatibleBatch(in.getDimSize(0), out.getDimSize(0)))
    return emitOpError("input and output batch sizes differ (C-CALL-1)");
  return success();
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  // C-CALL-2: the callee is a network of the enclosing symbol table.
  auto network =
      symbolTable.lookupNearestSymbolFrom<NetworkOp>(*this, getCalleeAttr());
  if (!network)
    return emitOpError("'") << getCallee()
                            << "' does not name an sffnn.network (C-CALL-2)";
  // C-CALL-3: feature sizes equal the network's, batch sizes compatible.
  auto in = cast<ShapedType>(getInput().getType());
  auto out = cast<ShapedType>(getOutput().getType());
  if (in.getDimSize(1) != network.getNumInputs() ||
      out.getDimSize(1) != network.getNumOutputs())
    return emitOpError("passes ")
           << in.getDimSize(1) << " inputs and " << out.getDimSize(1)
           << " outputs to '" << getCallee() << "', which has "
           << network.getNumInputs() << " inputs and "
           << network.getNumOutputs() << " outputs (C-CALL-3)";
  int64_t networkBatch = network.getInputType().getDimSize(0);
  if (!compatibleBatch(in.getDimSize(0), networkBatch))
    return emitOpError("batch size ")
           << in.getDimSize(0) << " differs from the batch size "
           << networkBatch << " of '" << getCallee() << "' (C-CALL-3)";
  return success();
}

/// On buffers the call reads its input and writes its output (buffer
/// deallocation and the canonicalizer need to know); on tensors it has no
/// effect at all (a network is a pure function of its input).
void CallOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  if (!hasBufferSemantics())
    return;
  Operation *op = getOperation();
  effects.emplace_back(MemoryEffects::Read::get(), &op->getOpOperand(0),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), &op->getOpOperand(1),
                       SideEffects::DefaultResource::get());
}
