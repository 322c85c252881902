//===- NetworkBuilder.cpp - LayeredNetwork <-> sffnn.network --------------===//
#include "sffnn/Target/NetworkBuilder.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Formats/FileIO.h"
#include "sffnn/Support/FatalErrors.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::sffnn;

static_assert(static_cast<int>(::sffnn::Activation::Identity) ==
                      static_cast<int>(Activation::identity) &&
                  static_cast<int>(::sffnn::Activation::Relu) ==
                      static_cast<int>(Activation::relu) &&
                  static_cast<int>(::sffnn::Activation::Sigmoid) ==
                      static_cast<int>(Activation::sigmoid) &&
                  static_cast<int>(::sffnn::Activation::Tanh) ==
                      static_cast<int>(Activation::tanh),
              "the plain and the dialect activation enums must agree");

NetworkOp mlir::sffnn::buildNetwork(OpBuilder &builder, Location loc,
                                    const ::sffnn::LayeredNetwork &net) {
  MLIRContext *ctx = builder.getContext();
  auto batchType = [&](int64_t width) {
    return RankedTensorType::get({ShapedType::kDynamic, width},
                                 builder.getF32Type());
  };
  auto type = builder.getFunctionType({batchType(net.inputs)},
                                      {batchType(net.outputs())});
  auto network = NetworkOp::create(builder, loc, net.name, type);

  OpBuilder::InsertionGuard guard(builder);
  Block &body = network.getBody().front();
  builder.setInsertionPointToStart(&body);
  SmallVector<Value> layerValues;
  for (auto [k, layer] : llvm::enumerate(net.layers)) {
    std::string prefix = net.name + "_l" + std::to_string(k + 1);
    SmallVector<Value> sources;
    for (int source : layer.sources)
      sources.push_back(source == ::sffnn::kNetworkInput ? body.getArgument(0)
                                                         : layerValues[source]);
    const ::sffnn::CsrMatrix &w = layer.weights;
    auto weights = SparseMatrixAttr::get(
        ctx, w.rows, w.cols, makeElements(ctx, prefix + "_offsets", w.offsets),
        makeElements(ctx, prefix + "_indices", w.indices),
        makeElements(ctx, prefix + "_weights", w.values));
    ElementsAttr bias;
    if (!layer.bias.empty())
      bias = makeElements(ctx, prefix + "_bias", layer.bias);
    FloatAttr clamp;
    if (layer.clamp)
      clamp = builder.getF32FloatAttr(*layer.clamp);
    auto activation = ActivationAttr::get(
        ctx, static_cast<Activation>(static_cast<int>(layer.activation)));
    Location layerLoc =
        layer.location.empty()
            ? loc
            : Location(NameLoc::get(builder.getStringAttr(layer.location)));
    layerValues.push_back(LayerOp::create(builder, layerLoc, batchType(w.rows),
                                          sources, weights, bias, activation,
                                          clamp));
  }
  ReturnOp::create(builder, loc, layerValues.back());
  return network;
}

OwningOpRef<ModuleOp>
mlir::sffnn::buildModule(MLIRContext *context,
                         const ::sffnn::LayeredNetwork &network,
                         StringRef sourceFile) {
  context->loadDialect<SFFNNDialect>();
  OpBuilder builder(context);
  Location loc = sourceFile.empty()
                     ? Location(UnknownLoc::get(context))
                     : Location(FileLineColLoc::get(context, sourceFile, 0, 0));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  buildNetwork(builder, loc, network);
  return module;
}

FailureOr<::sffnn::LayeredNetwork>
mlir::sffnn::extractLayeredNetwork(NetworkOp network) {
  ::sffnn::LayeredNetwork net;
  net.name = network.getSymName().str();
  net.inputs = network.getNumInputs();
  Block &body = network.getBody().front();
  llvm::DenseMap<Value, int> sourceId;
  sourceId[body.getArgument(0)] = ::sffnn::kNetworkInput;
  for (Operation &op : body) {
    if (auto ret = dyn_cast<ReturnOp>(op)) {
      auto it = sourceId.find(ret.getOperand(0));
      if (it == sourceId.end() ||
          it->second != static_cast<int>(net.layers.size()) - 1)
        return ret.emitError("layer form needs the last layer to be the "
                             "returned value");
      continue;
    }
    auto layerOp = dyn_cast<LayerOp>(op);
    if (!layerOp)
      return op.emitError("expected a network in layer form (sffnn.layer "
                          "ops only)");
    ::sffnn::Layer layer;
    layer.sources.clear();
    for (Value source : layerOp.getSources())
      layer.sources.push_back(sourceId.lookup(source));
    layer.weights = layerOp.getWeights().getArrays().ref().copy();
    if (ElementsAttr bias = layerOp.getBiasAttr()) {
      SmallVector<float> biasStorage;
      ArrayRef<float> b = getElementsData(bias, biasStorage);
      layer.bias.assign(b.begin(), b.end());
    }
    layer.activation = static_cast<::sffnn::Activation>(
        static_cast<int>(layerOp.getActivation()));
    if (std::optional<APFloat> clamp = layerOp.getClamp())
      layer.clamp = clamp->convertToFloat();
    if (auto name = dyn_cast<NameLoc>(layerOp.getLoc()))
      layer.location = name.getName().str();
    sourceId[layerOp.getResult()] = static_cast<int>(net.layers.size());
    net.layers.push_back(std::move(layer));
  }
  return net;
}

FailureOr<NetworkOp> mlir::sffnn::findNetwork(ModuleOp module, StringRef name) {
  NetworkOp found;
  for (auto network : module.getOps<NetworkOp>()) {
    if (!name.empty() && network.getSymName() != name)
      continue;
    if (found)
      return module.emitError("the module holds several networks; choose "
                              "one by name");
    found = network;
  }
  if (!found) {
    if (name.empty())
      return module.emitError("the module holds no sffnn.network");
    return module.emitError("no sffnn.network named '") << name << "'";
  }
  return found;
}

OwningOpRef<ModuleOp> mlir::sffnn::readModuleFile(StringRef path,
                                                  llvm::SourceMgr &sourceMgr,
                                                  MLIRContext *context) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      ::sffnn::readInputFile(path);
  if (!buffer) {
    ::sffnn::reportToolError(llvm::toString(buffer.takeError()));
    return nullptr;
  }
  llvm::StringRef contents = (*buffer)->getBuffer();
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module;
  ::sffnn::readGuardingUpstreamCrash(contents, [&] {
    module = parseSourceFile<ModuleOp>(sourceMgr, context);
  });
  return module;
}

llvm::Error mlir::sffnn::writeModuleFile(ModuleOp module, StringRef path,
                                         bool bytecode, bool debugInfo) {
  if (failed(verify(module)))
    return llvm::createStringError("the module does not verify; not writing " +
                                   path);
  return ::sffnn::writeOutputFile(
      path, [&](llvm::raw_ostream &os) -> llvm::Error {
        if (bytecode) {
          if (failed(writeBytecodeToFile(module, os)))
            return llvm::createStringError(
                path + ": cannot write the module as bytecode");
          return llvm::Error::success();
        }
        OpPrintingFlags flags;
        if (debugInfo)
          flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
        module.print(os, flags);
        os << '\n';
        return llvm::Error::success();
      });
}

double mlir::sffnn::moduleBytes(double arrayBytes, double largestArray) {
  // Measured on sparse-ffnn-translate writing one 16M-neuron layer: 24 bytes
  // per 4-byte offset as text (the array, its blob, and the printer's hex
  // digits with a copy of them), 8 as bytecode (written from the blob).
  return 2 * arrayBytes + 4 * largestArray;
}
