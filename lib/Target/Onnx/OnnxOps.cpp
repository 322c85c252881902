//===- OnnxOps.cpp - the ONNX ops a sparse FFNN can represent -------------===//
//
// One handler per op. Each checks that the node has an exact sparse-FFNN
// meaning (constant weights on the right, per-neuron biases, activations
// applied to a whole layer, shapes that keep the batch first) and either
// fuses the node into the pending layer it reads or starts a new one.
//
//===----------------------------------------------------------------------===//
#include "GraphImporter.h"

#include "llvm/ADT/Twine.h"
#include <cmath>
#include <limits>

using namespace sffnn;
using namespace sffnn::onnximport;

static const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                            llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

static int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                       int64_t fallback) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : fallback;
}

static float floatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                       float fallback) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->f() : fallback;
}

static std::string shapeText(const std::vector<int64_t> &dims,
                             bool batch = false) {
  std::string text = batch ? "[batch" : "[";
  for (size_t i = 0; i < dims.size(); ++i)
    text += (batch || i ? ", " : "") + std::to_string(dims[i]);
  return text + "]";
}

static std::string number(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", v);
  return buffer;
}

llvm::Error GraphImporter::needs2D(const onnx::NodeProto &node,
                                   const Computed &value) {
  if (value.dims.size() == 1)
    return llvm::Error::success();
  return nodeError(node, "needs a 2-D tensor (batch x features), got " +
                             shapeText(value.dims, true) +
                             "; flatten it first");
}

llvm::Expected<const ConstTensor *>
GraphImporter::floatConstant(const onnx::NodeProto &node, llvm::StringRef name,
                             llvm::StringRef role) {
  if (isComputed(name))
    return nodeError(node, role + " '" + name +
                               "' is computed from the input (a "
                               "non-constant weight); only initializers and "
                               "Constant nodes can be weights");
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(node, role + " '" + name + "' is not defined");
  if (!it->second.isFloat())
    return nodeError(node, role + " '" + name + "' has element type " +
                               elemTypeName(it->second.elemType) +
                               "; only FLOAT (float32) is supported");
  return &it->second;
}

llvm::Expected<std::vector<float>>
GraphImporter::biasVector(const onnx::NodeProto &node, const ConstTensor &bias,
                          int64_t neurons, float beta) {
  const std::vector<int64_t> &d = bias.dims;
  bool scalar = bias.size() == 1 && d.size() <= 2;
  bool perNeuron = (d.size() == 1 && d[0] == neurons) ||
                   (d.size() == 2 && d[0] == 1 && d[1] == neurons);
  if (!scalar && !perNeuron) {
    if (d.size() == 2 && d[0] != 1 && (d[1] == neurons || d[1] == 1))
      return nodeError(node, "bias of shape " + shapeText(d) +
                                 " differs per sample (a per-sample bias "
                                 "matrix); a sparse FFNN has one bias per "
                                 "neuron");
    return nodeError(node, "bias of shape " + shapeText(d) +
                               " does not broadcast to [batch, " +
                               llvm::Twine(neurons) + "]");
  }
  std::vector<float> out(neurons);
  for (int64_t j = 0; j < neurons; ++j) {
    out[j] = beta * bias.floats[scalar ? 0 : j];
    if (!std::isfinite(out[j]))
      return nodeError(node, "bias " + llvm::Twine(j) + " is not finite");
  }
  return out;
}

llvm::Error GraphImporter::importConstant(const onnx::NodeProto &node) {
  ConstTensor t;
  if (const onnx::AttributeProto *value = findAttr(node, "value")) {
    llvm::Expected<ConstTensor> read = readTensor(value->t());
    if (!read)
      return nodeError(node, "value " + llvm::toString(read.takeError()));
    t = std::move(*read);
  } else if (const onnx::AttributeProto *f = findAttr(node, "value_float")) {
    t.elemType = onnx::TensorProto::FLOAT;
    t.floats = {f->f()};
  } else if (const onnx::AttributeProto *fs = findAttr(node, "value_floats")) {
    t.elemType = onnx::TensorProto::FLOAT;
    t.floats.assign(fs->floats().begin(), fs->floats().end());
    t.dims = {static_cast<int64_t>(t.floats.size())};
  } else if (const onnx::AttributeProto *i = findAttr(node, "value_int")) {
    t.elemType = onnx::TensorProto::INT64;
    t.ints = {i->i()};
  } else if (const onnx::AttributeProto *is = findAttr(node, "value_ints")) {
    t.elemType = onnx::TensorProto::INT64;
    t.ints.assign(is->ints().begin(), is->ints().end());
    t.dims = {static_cast<int64_t>(t.ints.size())};
  } else {
    return nodeError(node, "only tensor, float and int values are supported");
  }
  constants[node.output(0)] = std::move(t);
  return llvm::Error::success();
}

/// The target shape of a Reshape: 0 copies the input dimension (unless
/// `allowZero`), one -1 is inferred. Errors are returned as text.
static llvm::Expected<std::vector<int64_t>>
reshapeTarget(const std::vector<int64_t> &in, const std::vector<int64_t> &shape,
              bool allowZero) {
  int64_t total = 1;
  for (int64_t d : in)
    total *= d;
  std::vector<int64_t> out;
  int inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t d = shape[i];
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return llvm::createStringError("copies dimension " + llvm::Twine(i) +
                                       " that the input does not have");
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return llvm::createStringError("has more than one -1");
      inferred = static_cast<int>(i);
      out.push_back(1);
      continue;
    }
    if (d < 0)
      return llvm::createStringError("has dimension " + llvm::Twine(d));
    out.push_back(d);
    known *= d;
  }
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return llvm::createStringError("cannot infer its -1 dimension");
    out[inferred] = total / known;
  } else if (known != total) {
    return llvm::createStringError("changes the number of elements");
  }
  return out;
}

llvm::Error GraphImporter::importConstantFold(const onnx::NodeProto &node) {
  llvm::StringRef op = node.op_type();
  auto it = constants.find(node.input(0));
  if (it == constants.end())
    return nodeError(node, "input '" + node.input(0) + "' is not defined");
  ConstTensor t = it->second;
  if (op == "Transpose") {
    const onnx::AttributeProto *perm = findAttr(node, "perm");
    if (perm && !(perm->ints_size() == 2 && perm->ints(0) == 1 &&
                  perm->ints(1) == 0))
      return nodeError(node, "only the 2-D transpose (perm [1, 0]) of a "
                             "constant is supported");
    llvm::Expected<ConstTensor> transposed = transpose2D(t);
    if (!transposed)
      return nodeError(node, llvm::toString(transposed.takeError()));
    t = std::move(*transposed);
  } else if (op == "Flatten") {
    int64_t rank = static_cast<int64_t>(t.dims.size());
    int64_t axis = intAttr(node, "axis", 1);
    if (axis < 0)
      axis += rank;
    int64_t outer = 1;
    for (int64_t i = 0; i < axis && i < rank; ++i)
      outer *= t.dims[i];
    t.dims = {outer, outer ? t.size() / outer : 0};
  } else if (op == "Reshape") {
    auto shape = constants.find(node.input_size() > 1 ? node.input(1) : "");
    if (shape == constants.end() || !shape->second.isInteger())
      return nodeError(node, "needs a constant integer shape");
    llvm::Expected<std::vector<int64_t>> dims = reshapeTarget(
        t.dims, shape->second.ints, intAttr(node, "allowzero", 0) != 0);
    if (!dims)
      return nodeError(node, "shape " + shapeText(shape->second.ints) + " " +
                                 llvm::toString(dims.takeError()));
    t.dims = std::move(*dims);
  }
  constants[node.output(0)] = std::move(t);
  return llvm::Error::success();
}

llvm::Error GraphImporter::linear(const onnx::NodeProto &node,
                                  llvm::StringRef input, const ConstTensor &w,
                                  bool transposed, float alpha,
                                  const ConstTensor *bias, float beta) {
  if (w.dims.size() != 2)
    return nodeError(node, "weight of shape " + shapeText(w.dims) +
                               " is not a matrix");
  int64_t inputs = transposed ? w.dims[1] : w.dims[0];
  int64_t neurons = transposed ? w.dims[0] : w.dims[1];
  Computed in = take(input);
  if (llvm::Error err = needs2D(node, in))
    return err;
  if (in.width() != inputs)
    return nodeError(node, "input has " + llvm::Twine(in.width()) +
                               " features but the weight expects " +
                               llvm::Twine(inputs));
  std::vector<float> b;
  if (bias) {
    llvm::Expected<std::vector<float>> read =
        biasVector(node, *bias, neurons, beta);
    if (!read)
      return read.takeError();
    b = std::move(*read);
  }
  if (neurons < 1)
    return nodeError(node, "has no outputs");
  // A Concat of emitted tensors is read in place, without its copy layer.
  bool readConcat = in.pending && !in.concatOf.empty() &&
                    in.pending->activation == Activation::Identity &&
                    !in.pending->clamp && in.pending->bias.empty();
  std::vector<int> sources =
      readConcat ? in.concatOf : std::vector<int>{materialize(in)};
  llvm::Expected<Layer> layer =
      denseToLayer(std::move(sources), w.floats, inputs, neurons, transposed, alpha,
                   options.pruneThreshold, counts);
  if (!layer)
    return nodeError(node, llvm::toString(layer.takeError()));
  layer->bias = std::move(b);
  layer->location = nodeLocation(node);
  Computed out;
  out.dims = {neurons};
  out.pending = std::move(*layer);
  computed[node.output(0)] = std::move(out);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importGemm(const onnx::NodeProto &node) {
  if (!isComputed(node.input(0)))
    return nodeError(node, "input A is a constant and B is computed from "
                           "the input (a non-constant weight); a sparse FFNN "
                           "computes x W with constant W");
  if (intAttr(node, "transA", 0) != 0)
    return nodeError(node, "transA=1 transposes the batch into the features, "
                           "which a sparse FFNN cannot represent");
  llvm::Expected<const ConstTensor *> w =
      floatConstant(node, node.input(1), "weight B");
  if (!w)
    return w.takeError();
  const ConstTensor *c = nullptr;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    llvm::Expected<const ConstTensor *> bias =
        floatConstant(node, node.input(2), "bias C");
    if (!bias)
      return bias.takeError();
    c = *bias;
  }
  return linear(node, node.input(0), **w, intAttr(node, "transB", 0) != 0,
                floatAttr(node, "alpha", 1.0f), c,
                floatAttr(node, "beta", 1.0f));
}

llvm::Error GraphImporter::importMatMul(const onnx::NodeProto &node) {
  if (!isComputed(node.input(0)))
    return nodeError(node, "multiplies a constant by a tensor computed from "
                           "the input (a non-constant weight); a sparse FFNN "
                           "computes x W with constant W on the right");
  llvm::Expected<const ConstTensor *> w =
      floatConstant(node, node.input(1), "weight");
  if (!w)
    return w.takeError();
  return linear(node, node.input(0), **w, /*transposed=*/false, 1.0f, nullptr,
                1.0f);
}

llvm::Error GraphImporter::importAdd(const onnx::NodeProto &node) {
  const std::string &a = node.input(0), &b = node.input(1);
  if (isConstant(a) || isConstant(b)) {
    const std::string &x = isConstant(a) ? b : a;
    llvm::Expected<const ConstTensor *> bias =
        floatConstant(node, isConstant(a) ? a : b, "bias");
    if (!bias)
      return bias.takeError();
    Computed in = take(x);
    if (llvm::Error err = needs2D(node, in))
      return err;
    llvm::Expected<std::vector<float>> values =
        biasVector(node, **bias, in.width(), 1.0f);
    if (!values)
      return values.takeError();
    Computed out = fusable(std::move(in), nodeLocation(node));
    std::vector<float> &layerBias = out.pending->bias;
    if (layerBias.empty())
      layerBias = std::move(*values);
    else
      for (size_t j = 0; j < layerBias.size(); ++j)
        layerBias[j] += (*values)[j];
    computed[node.output(0)] = std::move(out);
    return llvm::Error::success();
  }
  // A skip connection: one identity layer summing both operands, absorbing
  // an operand that is itself a pending identity layer (x W + b + y is one
  // layer reading x and y).
  std::vector<Term> terms;
  std::vector<int64_t> dims;
  for (const std::string &name : {a, b}) {
    Computed value = take(name);
    if (!terms.empty() && value.dims != dims)
      return nodeError(node, "adds tensors of shapes " +
                                 shapeText(dims, true) + " and " +
                                 shapeText(value.dims, true) +
                                 "; only equal shapes are supported");
    dims = value.dims;
    Term term;
    term.width = value.width();
    if (value.pending && value.pending->activation == Activation::Identity &&
        !value.pending->clamp)
      term.layer = std::move(value.pending);
    else
      term.source = materialize(value);
    terms.push_back(std::move(term));
  }
  Computed out;
  out.dims = dims;
  out.pending = combine(terms, /*stack=*/false, Activation::Identity,
                        std::nullopt);
  out.pending->location = nodeLocation(node);
  computed[node.output(0)] = std::move(out);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importActivation(const onnx::NodeProto &node,
                                            Activation act) {
  Computed out = fusable(take(node.input(0)), nodeLocation(node));
  out.pending->activation = act;
  computed[node.output(0)] = std::move(out);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importClip(const onnx::NodeProto &node) {
  const float inf = std::numeric_limits<float>::infinity();
  // Opset < 11: attributes; opset >= 11: optional scalar inputs.
  float lo = floatAttr(node, "min", -inf), hi = floatAttr(node, "max", inf);
  for (int i = 1; i < node.input_size() && i < 3; ++i) {
    if (node.input(i).empty())
      continue;
    llvm::Expected<const ConstTensor *> bound =
        floatConstant(node, node.input(i), i == 1 ? "min" : "max");
    if (!bound)
      return bound.takeError();
    if ((*bound)->size() != 1)
      return nodeError(node, "bound '" + node.input(i) + "' is not a scalar");
    (i == 1 ? lo : hi) = (*bound)->floats[0];
  }
  Computed in = take(node.input(0));
  if (lo == -inf && hi == inf) {
    computed[node.output(0)] = std::move(in);
    return llvm::Error::success();
  }
  bool afterRelu = in.pending && in.pending->activation == Activation::Relu;
  // After a relu every value is >= 0, so any min <= 0 is a no-op there.
  bool representable = (afterRelu ? lo <= 0.0f : lo == 0.0f) && hi > 0.0f;
  if (!representable)
    return nodeError(node, "Clip to [" + number(lo) + ", " + number(hi) +
                               "] is not a relu clamp: a sparse FFNN clamps "
                               "to [0, max] with max > 0 (min <= 0 after a "
                               "Relu)");
  Computed out = afterRelu ? std::move(in)
                           : fusable(std::move(in), nodeLocation(node));
  out.pending->activation = Activation::Relu;
  if (hi != inf)
    out.pending->clamp = out.pending->clamp ? std::min(*out.pending->clamp, hi)
                                            : hi;
  computed[node.output(0)] = std::move(out);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importPassThrough(const onnx::NodeProto &node) {
  if (node.op_type() == "Dropout") {
    if (node.input_size() > 2 && !node.input(2).empty()) {
      auto mode = constants.find(node.input(2));
      if (mode == constants.end() ||
          mode->second.elemType != onnx::TensorProto::BOOL ||
          mode->second.ints.size() != 1)
        return nodeError(node, "training_mode must be a constant boolean");
      if (mode->second.ints[0] != 0)
        return nodeError(node, "runs in training mode; only inference "
                               "(training_mode false) is supported");
    }
    if (node.output_size() > 1 && !node.output(1).empty() &&
        uses.lookup(node.output(1)) > 0)
      return nodeError(node, "reads the dropout mask, which does not exist "
                             "at inference");
  }
  computed[node.output(0)] = take(node.input(0));
  return llvm::Error::success();
}

llvm::Error GraphImporter::importReshape(const onnx::NodeProto &node) {
  Computed in = take(node.input(0));
  std::vector<int64_t> full = {staticBatch};
  full.insert(full.end(), in.dims.begin(), in.dims.end());
  int64_t rank = static_cast<int64_t>(full.size());
  if (node.op_type() == "Flatten") {
    int64_t axis = intAttr(node, "axis", 1);
    if (axis < 0)
      axis += rank;
    if (axis != 1)
      return nodeError(node, "flattens at axis " + llvm::Twine(axis) +
                                 ", which mixes samples and features (only "
                                 "axis 1 keeps the batch first)");
    in.dims = {in.width()};
    computed[node.output(0)] = std::move(in);
    return llvm::Error::success();
  }
  if (node.input_size() < 2 || !isConstant(node.input(1)) ||
      !constants[node.input(1)].isInteger())
    return nodeError(node, "needs a constant integer shape");
  std::vector<int64_t> shape = constants[node.input(1)].ints;
  if (shape.size() < 2)
    return nodeError(node, "reshapes to rank " + llvm::Twine(shape.size()) +
                               "; the batch must stay the first dimension");
  // Reshape the features alone; the batch dimension must stay as it is.
  int64_t batch = shape[0];
  if (batch == 0 && intAttr(node, "allowzero", 0) == 0)
    batch = -1;
  if (batch != -1 && (staticBatch < 0 || batch != staticBatch))
    return nodeError(node, "shape " + shapeText(shape) +
                               " fixes the batch dimension to " +
                               llvm::Twine(batch));
  std::vector<int64_t> featureShape(shape.begin() + 1, shape.end());
  for (size_t i = 0; i < featureShape.size(); ++i)
    if (featureShape[i] == 0 && intAttr(node, "allowzero", 0) == 0) {
      if (i >= in.dims.size())
        return nodeError(node, "shape " + shapeText(shape) +
                                   " copies a dimension the input lacks");
      featureShape[i] = in.dims[i];
    }
  bool batchInferred = shape[0] == -1;
  bool featureInferred = false;
  for (int64_t d : featureShape)
    featureInferred |= d == -1;
  if (batchInferred && featureInferred)
    return nodeError(node, "shape " + shapeText(shape) +
                               " infers both the batch and a feature "
                               "dimension");
  llvm::Expected<std::vector<int64_t>> dims =
      reshapeTarget(in.dims, featureShape, /*allowZero=*/true);
  if (!dims)
    return nodeError(node, "shape " + shapeText(shape) + " " +
                               llvm::toString(dims.takeError()) +
                               " of a sample (" + llvm::Twine(in.width()) +
                               " features)");
  in.dims = std::move(*dims);
  computed[node.output(0)] = std::move(in);
  return llvm::Error::success();
}

llvm::Error GraphImporter::importConcat(const onnx::NodeProto &node) {
  int64_t axis = intAttr(node, "axis", 1);
  if (axis != 1 && axis != -1)
    return nodeError(node, "concatenates along axis " + llvm::Twine(axis) +
                               "; only the features (axis 1) of 2-D tensors "
                               "are supported");
  std::vector<Computed> values;
  for (const std::string &name : node.input()) {
    if (!isComputed(name))
      return nodeError(node, "concatenates the constant '" + name +
                                 "'; only tensors computed from the input "
                                 "are supported");
    values.push_back(take(name));
    if (llvm::Error err = needs2D(node, values.back()))
      return err;
  }
  // Stack the pending layers row-wise when they share an activation (one
  // layer, no copies); otherwise copy through identity weights.
  bool shared = true;
  for (const Computed &v : values)
    shared &= v.pending.has_value();
  for (const Computed &v : values)
    shared = shared &&
             v.pending->activation == values[0].pending->activation &&
             v.pending->clamp == values[0].pending->clamp;
  Activation act = shared ? values[0].pending->activation
                          : Activation::Identity;
  std::optional<float> clamp = shared ? values[0].pending->clamp : std::nullopt;
  std::vector<Term> terms;
  int64_t width = 0;
  for (Computed &v : values) {
    Term term;
    term.width = v.width();
    width += term.width;
    if (v.pending && v.pending->activation == act && v.pending->clamp == clamp)
      term.layer = std::move(v.pending);
    else
      term.source = materialize(v);
    terms.push_back(std::move(term));
  }
  Computed out;
  out.dims = {width};
  for (const Term &term : terms)
    if (!term.layer)
      out.concatOf.push_back(term.source);
  if (out.concatOf.size() != terms.size())
    out.concatOf.clear();
  out.pending = combine(terms, /*stack=*/true, act, clamp);
  out.pending->location = nodeLocation(node);
  computed[node.output(0)] = std::move(out);
  return llvm::Error::success();
}
