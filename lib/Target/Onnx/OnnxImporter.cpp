//===- OnnxImporter.cpp - the ONNX graph walk -----------------------------===//
#include "GraphImporter.h"
#include "OnnxFile.h"

#include "llvm/ADT/Twine.h"
#include <cctype>
#include <cmath>

using namespace sffnn;
using namespace sffnn::onnximport;

int64_t Computed::width() const { return product(dims); }

std::string GraphImporter::nodeLocation(const onnx::NodeProto &node) const {
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "_" + std::to_string(nodeIndex);
}

std::string GraphImporter::nodeLabel(const onnx::NodeProto &node) const {
  std::string label = node.name().empty()
                          ? "node #" + std::to_string(nodeIndex)
                          : "node '" + node.name() + "'";
  return label + " (" + node.op_type() + ")";
}

llvm::Error GraphImporter::nodeError(const onnx::NodeProto &node,
                                     const llvm::Twine &message) {
  return llvm::createStringError(file + ": " + nodeLabel(node) + ": " +
                                 message);
}

Computed GraphImporter::take(llvm::StringRef name) {
  Computed &value = computed[name];
  int &left = uses[name];
  if (--left > 0 && value.pending)
    materialize(value);
  if (left > 0)
    return value;
  Computed last = std::move(value);
  value.pending.reset();
  return last;
}

int GraphImporter::materialize(Computed &value) {
  if (value.pending) {
    result.network.layers.push_back(std::move(*value.pending));
    value.pending.reset();
    value.source = static_cast<int>(result.network.layers.size()) - 1;
  }
  return value.source;
}

Computed GraphImporter::fusable(Computed value, const std::string &location) {
  if (value.pending && value.pending->activation == Activation::Identity &&
      !value.pending->clamp)
    return value;
  std::vector<Term> terms(1);
  terms[0].source = materialize(value);
  terms[0].width = value.width();
  Computed out;
  out.dims = value.dims;
  out.pending = combine(terms, /*stack=*/false, Activation::Identity,
                        std::nullopt);
  out.pending->location = location;
  return out;
}

llvm::Error GraphImporter::readInputs(const onnx::GraphProto &graph) {
  for (const onnx::TensorProto &init : graph.initializer()) {
    llvm::Expected<ConstTensor> tensor = readTensor(init);
    if (!tensor)
      return llvm::createStringError(file + ": initializer '" + init.name() +
                                     "' " +
                                     llvm::toString(tensor.takeError()));
    constants[init.name()] = std::move(*tensor);
  }
  // Old IR versions list the initializers among the graph inputs too.
  std::vector<const onnx::ValueInfoProto *> inputs;
  std::string names;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (isConstant(input.name()))
      continue;
    inputs.push_back(&input);
    names += (names.empty() ? "'" : ", '") + input.name() + "'";
  }
  if (inputs.size() != 1)
    return llvm::createStringError(
        file + ": the graph has " + llvm::Twine(inputs.size()) +
        " inputs that are not initializers (" + names +
        "); a sparse FFNN has one float input (batch x features) and "
        "constant weights");
  const onnx::ValueInfoProto &input = *inputs.front();
  inputName = input.name();
  auto inputError = [&](const llvm::Twine &message) {
    return llvm::createStringError(file + ": graph input '" + inputName +
                                   "': " + message);
  };
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type())
    return inputError("is not a tensor");
  int32_t elem = type.tensor_type().elem_type();
  if (elem != onnx::TensorProto::FLOAT)
    return inputError(llvm::Twine("has element type ") + elemTypeName(elem) +
                      "; only FLOAT (float32) is supported");
  if (!type.tensor_type().has_shape() ||
      type.tensor_type().shape().dim_size() < 2)
    return inputError("needs a shape of rank >= 2 (batch x features)");
  Computed in;
  const onnx::TensorShapeProto &shape = type.tensor_type().shape();
  for (int i = 0; i < shape.dim_size(); ++i) {
    const onnx::TensorShapeProto::Dimension &dim = shape.dim(i);
    if (i == 0) {
      if (dim.has_dim_value())
        staticBatch = dim.dim_value();
      continue;
    }
    if (!dim.has_dim_value() || dim.dim_value() < 1 ||
        dim.dim_value() > kMaxDimension)
      return inputError("feature dimension " + llvm::Twine(i) +
                        " must be a fixed size in [1, 2^28]");
    in.dims.push_back(dim.dim_value());
  }
  if (in.width() > kMaxDimension)
    return inputError("has more than 2^28 features");
  result.network.inputs = in.width();
  computed[inputName] = std::move(in);

  if (graph.output_size() != 1)
    return llvm::createStringError(
        file + ": the graph has " + llvm::Twine(graph.output_size()) +
        " outputs; a sparse FFNN has exactly one");
  const onnx::TypeProto &outType = graph.output(0).type();
  if (outType.has_tensor_type() && outType.tensor_type().elem_type() !=
                                       onnx::TensorProto::FLOAT)
    return llvm::createStringError(
        file + ": graph output '" + graph.output(0).name() +
        "' has element type " +
        elemTypeName(outType.tensor_type().elem_type()) +
        "; only FLOAT (float32) is supported");
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &name : node.input())
      if (!name.empty())
        ++uses[name];
  ++uses[graph.output(0).name()];
  return llvm::Error::success();
}

llvm::Error GraphImporter::importNode(const onnx::NodeProto &node) {
  llvm::StringRef op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return nodeError(node, "op of domain '" + node.domain() +
                               "' is not supported (only the default ONNX "
                               "domain)");
  if (op == "Constant")
    return importConstant(node);
  bool anyComputed = false;
  for (const std::string &name : node.input())
    anyComputed |= !name.empty() && isComputed(name);
  bool foldable = op == "Identity" || op == "Dropout" || op == "Flatten" ||
                  op == "Reshape" || op == "Transpose";
  if (!anyComputed) {
    if (foldable)
      return importConstantFold(node);
    return nodeError(node, "computes on constants only; fold constants "
                           "before export (only Identity, Dropout, Flatten, "
                           "Reshape and Transpose are folded)");
  }
  // Apart from the ops that check their operands themselves, the first
  // input is the data and the others (bounds, shapes, ratios) constants.
  bool checksOperands = op == "Gemm" || op == "MatMul" || op == "Add" ||
                        op == "Concat";
  if (!checksOperands && !isComputed(node.input(0)))
    return nodeError(node, "input '" + node.input(0) +
                               "' is a constant while another input is "
                               "computed from the input; only constant "
                               "bounds, shapes and modes are supported");
  if (op == "Gemm")
    return importGemm(node);
  if (op == "MatMul")
    return importMatMul(node);
  if (op == "Add")
    return importAdd(node);
  if (op == "Relu")
    return importActivation(node, Activation::Relu);
  if (op == "Sigmoid")
    return importActivation(node, Activation::Sigmoid);
  if (op == "Tanh")
    return importActivation(node, Activation::Tanh);
  if (op == "Clip")
    return importClip(node);
  if (op == "Identity" || op == "Dropout")
    return importPassThrough(node);
  if (op == "Flatten" || op == "Reshape")
    return importReshape(node);
  if (op == "Concat")
    return importConcat(node);
  if (op == "Transpose")
    return nodeError(node, "transposes a tensor computed from the input; "
                           "only initializers may be transposed");
  return nodeError(node, "unsupported op: a sparse FFNN supports Gemm, "
                         "MatMul, Add, Relu, Clip, Sigmoid, Tanh, Flatten, "
                         "Reshape, Identity, Dropout, Concat and Transpose "
                         "(docs/Import.md)");
}

/// The declared shape of the graph output, where it is given, must be what
/// the graph computes: a model whose own type contradicts its weights is
/// malformed (onnx's checker only compares them with full_check).
llvm::Error GraphImporter::checkDeclaredOutput(
    const onnx::ValueInfoProto &output, const std::vector<int64_t> &dims) {
  const onnx::TypeProto &type = output.type();
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return llvm::Error::success();
  const onnx::TensorShapeProto &shape = type.tensor_type().shape();
  auto show = [](const onnx::TensorShapeProto &declared) {
    std::string text = "[";
    for (int i = 0; i < declared.dim_size(); ++i) {
      const onnx::TensorShapeProto::Dimension &dim = declared.dim(i);
      text += (i ? ", " : "") + (dim.has_dim_value()
                                     ? std::to_string(dim.dim_value())
                                     : dim.has_dim_param() ? dim.dim_param()
                                                           : std::string("?"));
    }
    return text + "]";
  };
  std::string computedText = "[batch";
  for (int64_t d : dims)
    computedText += ", " + std::to_string(d);
  computedText += "]";
  bool agrees = shape.dim_size() == static_cast<int>(dims.size()) + 1;
  for (int i = 0; agrees && i < shape.dim_size(); ++i) {
    const onnx::TensorShapeProto::Dimension &dim = shape.dim(i);
    if (!dim.has_dim_value())
      continue;
    if (i == 0)
      agrees = staticBatch < 0 || staticBatch == dim.dim_value();
    else
      agrees = dim.dim_value() == dims[i - 1];
  }
  if (agrees)
    return llvm::Error::success();
  return llvm::createStringError(file + ": graph output '" + output.name() +
                                 "' is declared " + show(shape) +
                                 " but the graph computes " + computedText);
}

llvm::Error GraphImporter::finish(const onnx::GraphProto &graph) {
  const std::string &outName = graph.output(0).name();
  if (!isComputed(outName))
    return llvm::createStringError(file + ": graph output '" + outName +
                                   "' does not depend on the input");
  Computed out = take(outName);
  if (llvm::Error err = checkDeclaredOutput(graph.output(0), out.dims))
    return err;
  if (!out.pending && out.source == kNetworkInput)
    out = fusable(std::move(out), outName);
  int last = materialize(out);
  // Drop layers the output does not read (emitted for dead branches);
  // everything after the output layer is among them.
  std::vector<Layer> &layers = result.network.layers;
  std::vector<char> live(layers.size(), 0);
  live[last] = 1;
  for (int k = last; k >= 0; --k)
    if (live[k])
      for (int s : layers[k].sources)
        if (s != kNetworkInput)
          live[s] = 1;
  std::vector<int> newIndex(layers.size(), -1);
  std::vector<Layer> kept;
  for (int k = 0; k <= last; ++k) {
    if (!live[k])
      continue;
    newIndex[k] = static_cast<int>(kept.size());
    for (int &s : layers[k].sources)
      if (s != kNetworkInput)
        s = newIndex[s];
    kept.push_back(std::move(layers[k]));
  }
  layers = std::move(kept);
  return llvm::Error::success();
}

/// A C identifier from the graph name, for the network symbol and the C
/// entry point.
static std::string networkName(const std::string &graphName) {
  std::string name;
  for (char c : graphName)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "net_" + name;
  return name;
}

llvm::Expected<OnnxImportResult>
GraphImporter::run(const onnx::ModelProto &model) {
  const onnx::GraphProto &graph = model.graph();
  result.network.name = networkName(graph.name());
  if (llvm::Error err = readInputs(graph))
    return std::move(err);
  for (const onnx::NodeProto &node : graph.node()) {
    if (llvm::Error err = importNode(node))
      return std::move(err);
    ++nodeIndex;
  }
  if (llvm::Error err = finish(graph))
    return std::move(err);
  result.zeroWeights = counts.zero;
  result.prunedWeights = counts.pruned;
  result.keptWeights = counts.kept;
  if (llvm::Error err = validate(result.network))
    return llvm::createStringError(file + ": " +
                                   llvm::toString(std::move(err)));
  return std::move(result);
}

llvm::Expected<OnnxImportResult>
sffnn::importOnnx(const OnnxImportOptions &options) {
  if (options.pruneThreshold &&
      !(std::isfinite(*options.pruneThreshold) && *options.pruneThreshold >= 0))
    return llvm::createStringError("the prune threshold must be a finite "
                                   "number >= 0");
  onnx::ModelProto model;
  if (llvm::Error err = loadModel(options.path, model))
    return std::move(err);
  GraphImporter importer(options.path, options);
  return importer.run(model);
}
