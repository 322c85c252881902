//===- LinalgForms.cpp - the single ops a sparse FFNN is made of ----------===//
#include "LinalgForms.h"

#include "sffnn/Formats/MemoryLimit.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/Twine.h"

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::raise;

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

static std::string opName(Operation *op) {
  return "'" + op->getName().getStringRef().str() + "'";
}

/// For a generic that only copies its one input into its output with both
/// maps permutations: result dimension i is input dimension p[i].
static std::optional<SmallVector<int64_t>>
transposingGeneric(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      !generic.isAllParallelLoops())
    return std::nullopt;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1 || yield.getOperand(0) != body.getArgument(0))
    return std::nullopt;
  AffineMap in = generic.getIndexingMapsArray()[0];
  AffineMap out = generic.getIndexingMapsArray()[1];
  if (!in.isPermutation() || !out.isPermutation())
    return std::nullopt;
  SmallVector<int64_t> p;
  for (unsigned i = 0; i < out.getNumResults(); ++i)
    p.push_back(*in.getResultPosition(out.getResult(i)));
  return p;
}

llvm::Expected<TracedConstant> raise::traceConstant(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return fail("is not a ranked tensor");
  TracedConstant traced;
  for (int64_t i = 0; i < type.getRank(); ++i)
    traced.perm.push_back(i);
  while (true) {
    Operation *def = value.getDefiningOp();
    if (!def)
      return fail("is a block argument, not a constant");
    if (auto constant = dyn_cast<arith::ConstantOp>(def)) {
      traced.attr = dyn_cast<ElementsAttr>(constant.getValue());
      if (!traced.attr)
        return fail("is not a tensor constant");
      return traced;
    }
    if (auto convert = dyn_cast<sparse_tensor::ConvertOp>(def)) {
      // A change of storage format only: the logical tensor is the same.
      value = convert.getSource();
      continue;
    }
    std::optional<SmallVector<int64_t>> p;
    if (auto transpose = dyn_cast<linalg::TransposeOp>(def))
      p = llvm::to_vector(transpose.getPermutation());
    else if (auto generic = dyn_cast<linalg::GenericOp>(def))
      p = transposingGeneric(generic);
    if (!p)
      return fail("is computed by " + opName(def) + ", not a constant");
    for (int64_t &d : traced.perm)
      d = (*p)[d];
    value = def->getOperand(0);
  }
}

llvm::Expected<std::vector<float>> raise::readFloats(ElementsAttr attr) {
  if (!attr.getElementType().isF32())
    return fail("has element type other than f32");
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return fail("is a dense_resource whose blob is not available");
    return std::vector<float>(data->begin(), data->end());
  }
  if (isa<DenseResourceElementsAttr>(attr))
    return fail("is a dense_resource that is not an f32 blob");
  auto values = attr.tryGetValues<float>();
  if (!values)
    return fail("has elements that cannot be read as f32");
  return std::vector<float>(values->begin(), values->end());
}

std::optional<float> raise::scalarConstant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto attr = dyn_cast<FloatAttr>(constant.getValue());
  if (!attr || !attr.getType().isF32())
    return std::nullopt;
  return attr.getValue().convertToFloat();
}

/// A constant that is one value per neuron or a scalar, as `neurons` values.
static llvm::Expected<std::vector<float>> neuronValues(Value value,
                                                       int64_t neurons) {
  llvm::Expected<TracedConstant> traced = traceConstant(value);
  if (!traced)
    return traced.takeError();
  llvm::Expected<std::vector<float>> values = readFloats(traced->attr);
  if (!values)
    return values.takeError();
  if (values->size() == 1)
    return std::vector<float>(neurons, values->front());
  if (static_cast<int64_t>(values->size()) != neurons)
    return fail("has " + llvm::Twine(values->size()) + " elements for " +
                llvm::Twine(neurons) + " neurons");
  return std::move(*values);
}

llvm::Expected<std::vector<float>>
raise::perNeuronConstant(linalg::LinalgOp op, OpOperand &operand,
                         int64_t neurons) {
  AffineMap out = op.getIndexingMapsArray().back();
  AffineMap map = op.getMatchingIndexingMap(&operand);
  if (out.getNumResults() == 0 ||
      !isa<AffineDimExpr>(out.getResults().back()))
    return fail("has a result without a feature dimension");
  unsigned neuronDim =
      cast<AffineDimExpr>(out.getResults().back()).getPosition();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Every dimension but the neurons' must be of size 1: the constant is the
  // same for every sample.
  for (AffineExpr e : map.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (dim && dim.getPosition() != neuronDim &&
        ranges[dim.getPosition()] != 1)
      return fail("varies over the batch (a per-sample constant)");
    if (!dim && !isa<AffineConstantExpr>(e))
      return fail("is indexed by a non-trivial map");
  }
  return neuronValues(operand.get(), neurons);
}

/// The bias a contraction starts from: its `outs` filled with zero (none),
/// a scalar or a broadcast per-neuron constant.
static llvm::Expected<std::vector<float>> initBias(Value init,
                                                   int64_t neurons) {
  Operation *def = init.getDefiningOp();
  auto unknown = [&] {
    return fail("accumulates into " +
                (def ? opName(def) : std::string("a block argument")) +
                ", which is not a fill or a broadcast of a constant bias");
  };
  if (!def)
    return unknown();
  llvm::Expected<std::vector<float>> bias = std::vector<float>();
  if (auto fill = dyn_cast<linalg::FillOp>(def)) {
    std::optional<float> c = scalarConstant(fill.getInputs()[0]);
    if (!c)
      return fail("accumulates into a fill with a value that is not an f32 "
                  "constant");
    if (*c == 0.0f)
      return std::vector<float>();
    return std::vector<float>(neurons, *c);
  }
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(def)) {
    int64_t last = broadcast.getInit().getType().getRank() - 1;
    if (llvm::is_contained(broadcast.getDimensions(), last))
      return fail("accumulates into a broadcast along the neurons");
    bias = neuronValues(broadcast.getInput(), neurons);
  } else if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    Block &body = generic.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
        !generic.isAllParallelLoops() ||
        yield.getOperand(0) != body.getArgument(0))
      return unknown();
    bias = perNeuronConstant(cast<linalg::LinalgOp>(def),
                             *generic.getDpsInputOperand(0), neurons);
  } else if (isa<arith::ConstantOp>(def)) {
    auto attr = dyn_cast<ElementsAttr>(cast<arith::ConstantOp>(def).getValue());
    if (!attr || !attr.isSplat())
      return fail("accumulates into a constant that is not a splat");
    bias = neuronValues(init, neurons);
  } else {
    return unknown();
  }
  if (!bias)
    return fail("accumulates into a bias that " +
                llvm::toString(bias.takeError()));
  if (llvm::all_of(*bias, [](float b) { return b == 0.0f; }))
    bias->clear();
  return bias;
}

llvm::Expected<LinearForm> raise::matchLinear(linalg::LinalgOp op) {
  for (Value operand : op->getOperands())
    if (!getElementTypeOrSelf(operand.getType()).isF32())
      return fail("computes on elements other than f32");
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics())
    return fail("is not a contraction of two tensors into one");
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->k.size() != 1)
    return fail("reduces over more than one dimension");
  // The weight is whichever operand is a constant; the other is the batch.
  llvm::Expected<TracedConstant> rhs = traceConstant(op.getDpsInputs()[1]);
  int weightIdx = 1;
  std::optional<TracedConstant> weight;
  if (rhs) {
    weight = std::move(*rhs);
  } else {
    std::string why = llvm::toString(rhs.takeError());
    llvm::Expected<TracedConstant> lhs = traceConstant(op.getDpsInputs()[0]);
    if (!lhs) {
      llvm::consumeError(lhs.takeError());
      return fail("has no constant weight (its right operand " + why +
                  "; its left operand is not constant either)");
    }
    weight = std::move(*lhs);
    weightIdx = 0;
  }
  ArrayRef<unsigned> neuronDims = weightIdx == 1 ? dims->n : dims->m;
  ArrayRef<unsigned> batchDims = weightIdx == 1 ? dims->m : dims->n;
  if (neuronDims.size() != 1 || batchDims.size() > 1)
    return fail("has more than one neuron or batch dimension");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (unsigned b : dims->batch)
    if (ranges[b] != 1)
      return fail("batches over a dimension of size other than 1 (a "
                  "batch_matmul of several matrices)");
  unsigned k = dims->k.front(), j = neuronDims.front();
  if (ShapedType::isDynamic(ranges[k]) || ShapedType::isDynamic(ranges[j]))
    return fail("has a dynamic number of features");
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap inMap = maps[1 - weightIdx], wMap = maps[weightIdx],
            outMap = maps[2];
  if (inMap.getDimPosition(inMap.getNumResults() - 1) != k)
    return fail("reads its input with the features first (transposed)");
  if (outMap.getDimPosition(outMap.getNumResults() - 1) != j)
    return fail("writes its result with the neurons first (transposed)");
  std::optional<unsigned> kPos = wMap.getResultPosition(
                              getAffineDimExpr(k, op.getContext())),
                          jPos = wMap.getResultPosition(
                              getAffineDimExpr(j, op.getContext()));
  // Stored dimensions other than these two have size 1, so the flat
  // elements are the matrix in the order of its two stored dimensions.
  bool transposed = weight->perm[*kPos] > weight->perm[*jPos];
  // The dense matrix and, at worst, a CSR copy of every element of it: a
  // splat constant of any shape is a few bytes of IR.
  std::string excess = ::sffnn::memoryExcess(
      double(ranges[k]) * double(ranges[j]) * 12, "reading its weight");
  if (!excess.empty())
    return fail("has a weight too large to raise: " + excess);
  llvm::Expected<std::vector<float>> values = readFloats(weight->attr);
  if (!values)
    return fail("has a weight that " + llvm::toString(values.takeError()));
  if (static_cast<int64_t>(values->size()) != ranges[k] * ranges[j])
    return fail("has a weight whose elements are not its " +
                llvm::Twine(ranges[k]) + " x " + llvm::Twine(ranges[j]) +
                " matrix");
  ::sffnn::WeightCounts counts;
  llvm::Expected<::sffnn::Layer> layer =
      ::sffnn::denseToLayer({::sffnn::kNetworkInput}, *values, ranges[k],
                            ranges[j], transposed, 1.0f, std::nullopt, counts);
  if (!layer)
    return fail("cannot use its weight: " + llvm::toString(layer.takeError()));
  llvm::Expected<std::vector<float>> bias =
      initBias(op.getDpsInits()[0], ranges[j]);
  if (!bias)
    return bias.takeError();
  LinearForm form;
  form.input = op.getDpsInputs()[1 - weightIdx];
  form.layer = std::move(*layer);
  form.layer.bias = std::move(*bias);
  form.batch = batchDims.empty() ? 1 : ranges[batchDims.front()];
  return form;
}
