//===- Interpreter.cpp - the reference interpreter of sffnn ---------------===//
#include "sffnn/Interpreter/Interpreter.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Formats/MemoryLimit.h"

#include "llvm/ADT/DenseMap.h"
#include <algorithm>
#include <cmath>
#include <limits>

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

double mlir::sffnn::activationSlopeBound(Activation activation,
                                         std::optional<double> clamp,
                                         double z, double radius) {
  double lo = z - radius, hi = z + radius;
  // The point of [lo, hi] nearest 0, where sigmoid' and tanh' are largest.
  double nearest = std::clamp(0.0, lo, hi);
  switch (activation) {
  case Activation::identity:
    return 1;
  case Activation::relu:
    // Flat (an exact 0 or the clamp in both computations) when the whole
    // interval is below 0 or above the clamp.
    if (hi <= 0 || (clamp && lo >= *clamp))
      return 0;
    return 1;
  case Activation::sigmoid: {
    double y = 1.0 / (1.0 + std::exp(-nearest));
    return y * (1 - y); // at most 1/4
  }
  case Activation::tanh: {
    double y = std::tanh(nearest);
    return 1 - y * y; // at most 1
  }
  }
  llvm_unreachable("unknown activation");
}

/// The smallest float >= value (value >= 0), so that a scale stored as a
/// float never falls below the double it bounds.
static float roundUpToFloat(double value) {
  float rounded = static_cast<float>(value);
  if (double(rounded) < value)
    rounded = std::nextafter(rounded, std::numeric_limits<float>::infinity());
  return rounded;
}

namespace {
/// Values are stored feature-major: neuron n of a batch value occupies
/// [n * samples, (n + 1) * samples), so every connection is one contiguous
/// axpy over the batch.
using Column = const float *;

class Evaluator {
public:
  /// `rtol` (with `trackScale`) is the tolerance the error scales are for:
  /// it decides which neurons are flat within their error.
  Evaluator(int64_t samples, bool trackScale, double rtol)
      : samples(samples), trackScale(trackScale), rtol(rtol) {}

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
    carried.erase(value);
  }

  /// One neuron: out = act(z), z = bias + sum_i w_i * y_i. With `scale`,
  /// also its error scales (docs/Testing.md, "The propagated tolerance"):
  ///   scale   = |bias| + sum_i |w_i| * (|y_i| + carried_i)
  ///   carried = scale * (largest slope of act within rtol * scale of z)
  /// with carried_i the error scale source i carries, so that the compiled
  /// kernel's out is within rtol * scale of this one (and its error passed
  /// on within rtol * carried).
  void neuron(ArrayRef<Column> sources, ArrayRef<Column> sourceCarried,
              ArrayRef<float> weights, double bias, Activation activation,
              std::optional<double> clamp, float *out, float *scale,
              float *carried) {
    accumulator.assign(samples, bias);
    if (scale)
      magnitude.assign(samples, std::abs(bias));
    for (size_t i = 0; i < sources.size(); ++i) {
      double w = weights[i];
      for (int64_t b = 0; b < samples; ++b)
        accumulator[b] += w * static_cast<double>(sources[i][b]);
      if (scale)
        for (int64_t b = 0; b < samples; ++b)
          magnitude[b] += std::abs(w) * (std::abs(double(sources[i][b])) +
                                         double(sourceCarried[i][b]));
    }
    for (int64_t b = 0; b < samples; ++b)
      out[b] = static_cast<float>(
          applyActivation(activation, clamp, accumulator[b]));
    if (!scale)
      return;
    for (int64_t b = 0; b < samples; ++b) {
      // Rounded up, so that the float scale is not below the bound.
      scale[b] = roundUpToFloat(magnitude[b]);
      double slope = activationSlopeBound(activation, clamp, accumulator[b],
                                          rtol * magnitude[b]);
      carried[b] = roundUpToFloat(slope * magnitude[b]);
    }
  }

  /// Storage of the error scales of a value (when tracked), like define():
  /// its own scale and the one it carries to its users, both zero for the
  /// network's input (exact in both computations).
  std::pair<float *, float *> defineScale(Value value, int64_t neurons) {
    if (!trackScale)
      return {nullptr, nullptr};
    size_t size = static_cast<size_t>(neurons * samples);
    std::vector<float> &own = scales[value], &passed = carried[value];
    own.assign(size, 0.0f);
    passed.assign(size, 0.0f);
    return {own.data(), passed.data()};
  }
  Column scaleColumn(Value value, int64_t neuron) const {
    return scales.find(value)->second.data() + neuron * samples;
  }
  Column carriedColumn(Value value, int64_t neuron) const {
    return carried.find(value)->second.data() + neuron * samples;
  }

  void layer(LayerOp op) {
    // Columns of the concatenated sources (and their carried scales).
    std::vector<Column> concat, concatCarried;
    for (Value source : op.getSources()) {
      int64_t width = cast<RankedTensorType>(source.getType()).getDimSize(1);
      for (int64_t n = 0; n < width; ++n) {
        concat.push_back(column(source, n));
        if (trackScale)
          concatCarried.push_back(carriedColumn(source, n));
      }
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
    auto [scale, passed] = defineScale(op.getResult(), w.getRows());
    std::vector<Column> sources, sourcesCarried;
    for (int64_t j = 0; j < w.getRows(); ++j) {
      sources.clear();
      sourcesCarried.clear();
      for (int32_t k = offsets[j]; k < offsets[j + 1]; ++k) {
        sources.push_back(concat[indices[k]]);
        if (trackScale)
          sourcesCarried.push_back(concatCarried[indices[k]]);
      }
      size_t at = static_cast<size_t>(j * samples);
      neuron(sources, sourcesCarried,
             weights.slice(offsets[j], offsets[j + 1] - offsets[j]),
             bias.empty() ? 0.0 : bias[j], op.getActivation(), clamp,
             out.data() + at, scale ? scale + at : nullptr,
             passed ? passed + at : nullptr);
    }
  }

  void neuronOp(NeuronOp op) {
    std::vector<Column> sources, sourcesCarried;
    for (Value source : op.getSources()) {
      sources.push_back(column(source, 0));
      if (trackScale)
        sourcesCarried.push_back(carriedColumn(source, 0));
    }
    std::optional<double> clamp;
    if (std::optional<APFloat> c = op.getClamp())
      clamp = c->convertToDouble();
    double bias = op.getBias() ? op.getBias()->convertToDouble() : 0.0;
    float *out = define(op.getResult(), 1).data();
    auto [scale, passed] = defineScale(op.getResult(), 1);
    neuron(sources, sourcesCarried, op.getWeights(), bias, op.getActivation(),
           clamp, out, scale, passed);
  }

  /// Copies neuron `from` of `source` (value and scales) to neuron `to` of
  /// `result`, which must be defined.
  void copyNeuron(Value source, int64_t from, Value result, int64_t to) {
    auto copy = [&](Column in, float *out) {
      std::copy(in, in + samples, out + to * samples);
    };
    copy(column(source, from), values[result].data());
    if (trackScale) {
      copy(scaleColumn(source, from), scales[result].data());
      copy(carriedColumn(source, from), carried[result].data());
    }
  }

  void split(SplitOp op) {
    for (auto [n, result] : llvm::enumerate(op.getNeurons())) {
      define(result, 1);
      defineScale(result, 1);
      copyNeuron(op.getInput(), n, result, 0);
    }
  }

  void concat(ConcatOp op) {
    define(op.getResult(), op.getSources().size());
    defineScale(op.getResult(), op.getSources().size());
    for (auto [n, source] : llvm::enumerate(op.getSources()))
      copyNeuron(source, 0, op.getResult(), n);
  }

private:
  int64_t samples;
  bool trackScale;
  double rtol;
  llvm::DenseMap<Value, std::vector<float>> values, scales, carried;
  std::vector<double> accumulator, magnitude;
};
} // namespace

static int64_t featureWidth(Value value) {
  return cast<RankedTensorType>(value.getType()).getDimSize(1);
}

/// Before allocating: the peak of the live values (floats per sample, three
/// times with the two error scales), the outputs, and the largest layer's
/// expanded CSR arrays and source columns. Errors at the network when over the
/// limit.
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
                         (trackScale ? 3 : 1) +
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
                       ::sffnn::DenseBatch *scale, double rtol) {
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

  Evaluator eval(samples, scale != nullptr, rtol);
  std::vector<float> &in = eval.define(body.getArgument(0), inputs.features);
  eval.defineScale(body.getArgument(0), inputs.features);
  for (int64_t s = 0; s < samples; ++s)
    for (int64_t f = 0; f < inputs.features; ++f)
      in[f * samples + s] = inputs.row(s)[f];

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
