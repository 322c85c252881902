//===- Interpreter.cpp - the reference interpreter of sffnn ---------------===//
#include "sffnn/Interpreter/Interpreter.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Formats/MemoryLimit.h"

#include "llvm/ADT/DenseMap.h"
#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;

double mlir::sffnn::applyActivation(Activation activation,
                                    std::optional<double> clamp, double z) {
  switch (activation) {
  case Activation::identity:
    return z;
  case Activation::relu:
    z = std::max(z, 0.0);
    return clamp ? std::min(z, *clamp) : z;
  case Activation::sigmoid:
    return 1.0 / (1.0 + std::exp(-z));
  case Activation::tanh:
    return std::tanh(z);
  }
  llvm_unreachable("unknown activation");
}

namespace {
/// Values are stored feature-major: neuron n of a batch value occupies
/// [n * samples, (n + 1) * samples), so every connection is one contiguous
/// axpy over the batch.
using Column = const float *;

class Evaluator {
public:
  Evaluator(int64_t samples, bool trackScale)
      : samples(samples), trackScale(trackScale) {}

  std::vector<float> &define(Value value, int64_t neurons) {
    std::vector<float> &storage = values[value];
    storage.assign(static_cast<size_t>(neurons * samples), 0.0f);
    return storage;
  }
  Column column(Value value, int64_t neuron) const {
    return values.find(value)->second.data() + neuron * samples;
  }
  void release(Value value) {
    values.erase(value);
    scales.erase(value);
  }

  /// One neuron: out = act(bias + sum_i weights[i] * sources[i]). With
  /// `scale`, also scale = |bias| + sum_i |weights[i] * sources[i]|, the
  /// magnitude rounding errors of the sum are proportional to.
  void neuron(ArrayRef<Column> sources, ArrayRef<float> weights, double bias,
              Activation activation, std::optional<double> clamp, float *out,
              float *scale) {
    accumulator.assign(samples, bias);
    if (scale)
      magnitude.assign(samples, std::abs(bias));
    for (size_t i = 0; i < sources.size(); ++i) {
      double w = weights[i];
      for (int64_t b = 0; b < samples; ++b)
        accumulator[b] += w * static_cast<double>(sources[i][b]);
      if (scale)
        for (int64_t b = 0; b < samples; ++b)
          magnitude[b] += std::abs(w * static_cast<double>(sources[i][b]));
    }
    for (int64_t b = 0; b < samples; ++b)
      out[b] = static_cast<float>(
          applyActivation(activation, clamp, accumulator[b]));
    if (scale)
      for (int64_t b = 0; b < samples; ++b)
        scale[b] = static_cast<float>(magnitude[b]);
  }

  /// Storage of the scales of a value (when tracked), like define().
  float *defineScale(Value value, int64_t neurons) {
    if (!trackScale)
      return nullptr;
    std::vector<float> &storage = scales[value];
    storage.assign(static_cast<size_t>(neurons * samples), 0.0f);
    return storage.data();
  }
  Column scaleColumn(Value value, int64_t neuron) const {
    return scales.find(value)->second.data() + neuron * samples;
  }

  void layer(LayerOp op) {
    // Columns of the concatenated sources.
    std::vector<Column> concat;
    for (Value source : op.getSources()) {
      int64_t width = cast<RankedTensorType>(source.getType()).getDimSize(1);
      for (int64_t n = 0; n < width; ++n)
        concat.push_back(column(source, n));
    }
    SparseMatrixAttr w = op.getWeights();
    CsrArrays csr = w.getArrays();
    ArrayRef<int32_t> offsets = csr.offsets, indices = csr.indices;
    ArrayRef<float> weights = csr.values;
    SmallVector<float> biasStorage;
    ArrayRef<float> bias;
    if (ElementsAttr biasAttr = op.getBiasAttr())
      bias = getElementsData(biasAttr, biasStorage);
    std::optional<double> clamp;
    if (std::optional<APFloat> c = op.getClamp())
      clamp = c->convertToDouble();

    std::vector<float> &out = define(op.getResult(), w.getRows());
    float *scale = defineScale(op.getResult(), w.getRows());
    std::vector<Column> sources;
    for (int64_t j = 0; j < w.getRows(); ++j) {
      sources.clear();
      for (int32_t k = offsets[j]; k < offsets[j + 1]; ++k)
        sources.push_back(concat[indices[k]]);
      neuron(sources, weights.slice(offsets[j], offsets[j + 1] - offsets[j]),
             bias.empty() ? 0.0 : bias[j], op.getActivation(), clamp,
             out.data() + j * samples, scale ? scale + j * samples : nullptr);
    }
  }

  void neuronOp(NeuronOp op) {
    std::vector<Column> sources;
    for (Value source : op.getSources())
      sources.push_back(column(source, 0));
    std::optional<double> clamp;
    if (std::optional<APFloat> c = op.getClamp())
      clamp = c->convertToDouble();
    double bias = op.getBias() ? op.getBias()->convertToDouble() : 0.0;
    neuron(sources, op.getWeights(), bias, op.getActivation(), clamp,
           define(op.getResult(), 1).data(), defineScale(op.getResult(), 1));
  }

  void split(SplitOp op) {
    for (auto [n, result] : llvm::enumerate(op.getNeurons())) {
      Column in = column(op.getInput(), n);
      std::copy(in, in + samples, define(result, 1).begin());
      if (trackScale) {
        Column inScale = scaleColumn(op.getInput(), n);
        std::copy(inScale, inScale + samples, defineScale(result, 1));
      }
    }
  }

  void concat(ConcatOp op) {
    std::vector<float> &out = define(op.getResult(), op.getSources().size());
    for (auto [n, source] : llvm::enumerate(op.getSources())) {
      Column in = column(source, 0);
      std::copy(in, in + samples, out.begin() + n * samples);
    }
    if (trackScale) {
      float *outScale = defineScale(op.getResult(), op.getSources().size());
      for (auto [n, source] : llvm::enumerate(op.getSources())) {
        Column in = scaleColumn(source, 0);
        std::copy(in, in + samples, outScale + n * samples);
      }
    }
  }

private:
  int64_t samples;
  bool trackScale;
  llvm::DenseMap<Value, std::vector<float>> values, scales;
  std::vector<double> accumulator, magnitude;
};
} // namespace

static int64_t featureWidth(Value value) {
  return cast<RankedTensorType>(value.getType()).getDimSize(1);
}

/// Before allocating: the peak of the live values (floats per sample, twice
/// with scales), the outputs, and the largest layer's expanded CSR arrays
/// and source columns. Errors at the network when over the limit.
static LogicalResult
checkMemory(NetworkOp network, int64_t samples,
            const llvm::DenseMap<Operation *, SmallVector<Value>> &dyingAfter,
            bool trackScale) {
  Block &body = network.getBody().front();
  double live = featureWidth(body.getArgument(0)), peak = live;
  double largestLayer = 0;
  for (Operation &op : body) {
    for (Value result : op.getResults())
      live += isa<RankedTensorType>(result.getType()) ? featureWidth(result) : 1;
    peak = std::max(peak, live);
    for (Value dead : dyingAfter.lookup(&op))
      live -= isa<RankedTensorType>(dead.getType()) ? featureWidth(dead) : 1;
    if (auto layer = dyn_cast<LayerOp>(op)) {
      SparseMatrixAttr w = layer.getWeights();
      largestLayer = std::max(
          largestLayer, 4.0 * (w.getRows() + 1) + 8.0 * w.getNumNonZeros() +
                            8.0 * w.getCols() + 4.0 * w.getRows());
    }
  }
  double perSample = (peak + network.getNumOutputs()) * sizeof(float) *
                         (trackScale ? 2 : 1) +
                     2 * sizeof(double);
  std::string excess = ::sffnn::memoryExcess(
      perSample * static_cast<double>(samples) + largestLayer,
      "interpreting " + llvm::Twine(samples) + " samples");
  if (!excess.empty())
    return mlir::emitError(network.getLoc(), excess); // no op dump
  return success();
}

FailureOr<::sffnn::DenseBatch>
mlir::sffnn::interpret(NetworkOp network, const ::sffnn::DenseBatch &inputs,
                       ::sffnn::DenseBatch *scale) {
  int64_t samples = inputs.samples;
  if (inputs.features != network.getNumInputs())
    return network.emitError("the input has ")
           << inputs.features << " features but the network has "
           << network.getNumInputs() << " inputs";
  int64_t batch = network.getInputType().getDimSize(0);
  if (!ShapedType::isDynamic(batch) && batch != samples)
    return network.emitError("the network takes batches of ")
           << batch << " samples, the input has " << samples;

  // Free each value after its last use, so memory follows the live width of
  // the network rather than its depth.
  Block &body = network.getBody().front();
  llvm::DenseMap<Operation *, SmallVector<Value>> dyingAfter;
  auto noteUses = [&](Value value) {
    Operation *last = nullptr;
    for (Operation *user : value.getUsers())
      if (!last || last->isBeforeInBlock(user))
        last = user;
    if (last)
      dyingAfter[last].push_back(value);
  };
  noteUses(body.getArgument(0));
  for (Operation &op : body)
    for (Value result : op.getResults())
      noteUses(result);

  if (failed(checkMemory(network, samples, dyingAfter, scale != nullptr)))
    return failure();

  Evaluator eval(samples, scale != nullptr);
  std::vector<float> &in = eval.define(body.getArgument(0), inputs.features);
  float *inScale = eval.defineScale(body.getArgument(0), inputs.features);
  for (int64_t s = 0; s < samples; ++s)
    for (int64_t f = 0; f < inputs.features; ++f) {
      in[f * samples + s] = inputs.row(s)[f];
      if (inScale)
        inScale[f * samples + s] = std::abs(inputs.row(s)[f]);
    }

  ::sffnn::DenseBatch result;
  for (Operation &op : body) {
    if (auto layer = dyn_cast<LayerOp>(op))
      eval.layer(layer);
    else if (auto neuron = dyn_cast<NeuronOp>(op))
      eval.neuronOp(neuron);
    else if (auto split = dyn_cast<SplitOp>(op))
      eval.split(split);
    else if (auto concat = dyn_cast<ConcatOp>(op))
      eval.concat(concat);
    else if (auto ret = dyn_cast<ReturnOp>(op)) {
      Value out = ret.getOperand(0);
      result.samples = samples;
      result.features = network.getNumOutputs();
      result.data.resize(samples * result.features);
      for (int64_t s = 0; s < samples; ++s)
        for (int64_t f = 0; f < result.features; ++f)
          result.row(s)[f] = eval.column(out, f)[s];
      if (scale) {
        *scale = result;
        for (int64_t s = 0; s < samples; ++s)
          for (int64_t f = 0; f < result.features; ++f)
            scale->row(s)[f] = eval.scaleColumn(out, f)[s];
      }
    }
    for (Value dead : dyingAfter.lookup(&op))
      eval.release(dead);
  }
  return result;
}
