//===- sparse-ffnn-gen.cpp - generate networks and input batches ----------===//
//
//   sparse-ffnn-gen radixnet --neurons 1024 --layers 120 -o net.mlir
//   sparse-ffnn-gen layered --widths 784,1024,1024,10 --density 0.05 -o
//   net.mlir sparse-ffnn-gen dag --inputs 64 --neurons 512 --outputs 10
//                       --connections 8192 -o net.mlir
//   sparse-ffnn-gen inputs --features 1024 --samples 64 -o x.txt
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Writers.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

static cl::OptionCategory category("sparse-ffnn-gen options");
static cl::opt<std::string>
    kind(cl::Positional, cl::Required,
         cl::desc("<radixnet | layered | dag | io-optimal | inputs>"),
         cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Output file"),
                                   cl::value_desc("FILE"), cl::init("-"),
                                   cl::cat(category));
static cl::opt<bool> emitBytecode("emit-bytecode",
                                  cl::desc("Write MLIR bytecode"),
                                  cl::cat(category));
static cl::opt<std::string> name("name", cl::desc("Name of the network"),
                                 cl::cat(category));
static cl::opt<unsigned long long> seed("seed", cl::desc("Random seed"),
                                        cl::init(1), cl::cat(category));
// radixnet
static cl::opt<long long> neurons(
    "neurons",
    cl::desc("radixnet: layer width; dag: computed neurons incl. outputs"),
    cl::init(-1), cl::cat(category));
static cl::opt<long long> layers("layers", cl::desc("radixnet: layers"),
                                 cl::init(120), cl::cat(category));
static cl::opt<long long> block("block",
                                cl::desc("radixnet: Kronecker block size"),
                                cl::init(16), cl::cat(category));
static cl::opt<std::string>
    radices("radices", cl::desc("radixnet: comma-separated radices"),
            cl::cat(category));
static cl::opt<std::string> clamp("clamp",
                                  cl::desc("radixnet: relu clamp or 'none'"),
                                  cl::init("32"), cl::cat(category));
// layered, dag
static cl::opt<std::string>
    widths("widths", cl::desc("layered: comma-separated widths, inputs first"),
           cl::cat(category));
static cl::opt<double>
    density("density",
            cl::desc("layered: fraction of each neuron's possible sources it "
                     "reads; inputs: fraction of nonzero values"),
            cl::init(0.1), cl::cat(category));
static cl::opt<long long> inputs("inputs", cl::desc("dag: inputs"),
                                 cl::init(-1), cl::cat(category));
static cl::opt<long long> outputs("outputs", cl::desc("dag: outputs"),
                                  cl::init(-1), cl::cat(category));
static cl::opt<long long>
    depth("depth",
          cl::desc("dag: levels of hidden neurons (default: the square root "
                   "of their number)"),
          cl::init(0), cl::cat(category));
static cl::opt<long long> connections("connections",
                                      cl::desc("dag: connections"),
                                      cl::init(-1), cl::cat(category));
static cl::opt<std::string>
    weights("weights",
            cl::desc("Weight distribution: he, normal:M,S, uniform:LO,HI, "
                     "const:V"),
            cl::init("he"), cl::cat(category));
static cl::opt<std::string>
    bias("bias",
         cl::desc("Bias: a distribution or 'none' (radixnet: a number; "
                  "default: the challenge's)"),
         cl::cat(category));
static cl::opt<std::string>
    activation("activation",
               cl::desc("Hidden activation: identity, relu, sigmoid, tanh"),
               cl::init("relu"), cl::cat(category));
static cl::opt<std::string>
    outputActivation("output-activation", cl::desc("Output layer activation"),
                     cl::init("identity"), cl::cat(category));
static cl::opt<long long> fastMemory(
    "fast-memory",
    cl::desc("io-optimal: fast memory M in words the network is built for"),
    cl::init(8), cl::cat(category));
// inputs
static cl::opt<long long> features("features", cl::desc("inputs: features"),
                                   cl::init(-1), cl::cat(category));
static cl::opt<long long> samples("samples", cl::desc("inputs: samples"),
                                  cl::init(-1), cl::cat(category));
static cl::opt<std::string>
    values("values", cl::desc("inputs: distribution of the nonzero values"),
           cl::init("uniform:0,1"), cl::cat(category));

static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "sparse-ffnn-gen") << message << '\n';
  return 1;
}

static llvm::Expected<std::vector<int64_t>> parseList(llvm::StringRef flag,
                                                      llvm::StringRef text) {
  std::vector<int64_t> list;
  if (text.trim().empty())
    return llvm::createStringError("--" + flag + " needs a list of integers");
  // Empty items are kept, and refused: "3,,2" is a typo, not "3,2".
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  for (llvm::StringRef part : parts) {
    int64_t v;
    if (part.trim().getAsInteger(10, v))
      return llvm::createStringError("--" + flag + ": '" + part +
                                     "' is not an integer");
    list.push_back(v);
  }
  if (list.empty())
    return llvm::createStringError("--" + flag + " needs a list of integers");
  return list;
}

static llvm::Error require(llvm::StringRef flag, int64_t value) {
  if (value < 0)
    return llvm::createStringError("--" + flag + " is required for " + kind);
  return llvm::Error::success();
}

/// Options shared by layered and dag.
static llvm::Error parseCommon(sffnn::ParameterOptions &options) {
  auto w = sffnn::parseDistribution(weights);
  if (!w)
    return w.takeError();
  options.weights = *w;
  if (bias == "none") {
    options.bias = std::nullopt;
  } else if (!bias.empty()) {
    auto b = sffnn::parseDistribution(bias);
    if (!b)
      return b.takeError();
    options.bias = *b;
  }
  auto hidden = sffnn::parseActivation(activation);
  auto out = sffnn::parseActivation(outputActivation);
  if (!hidden || !out)
    return llvm::createStringError(
        "activations are identity, relu, sigmoid or tanh");
  options.hiddenActivation = *hidden;
  options.outputActivation = *out;
  options.seed = seed;
  return llvm::Error::success();
}

/// --inputs, --neurons, --outputs and --connections, all required.
static llvm::Error parseSizes(sffnn::GraphSizes &sizes) {
  for (auto [flag, value] : {std::pair<const char *, int64_t>{"inputs", inputs},
                             {"neurons", neurons},
                             {"outputs", outputs},
                             {"connections", connections}})
    if (llvm::Error err = require(flag, value))
      return err;
  sizes.inputs = inputs;
  sizes.neurons = neurons;
  sizes.outputs = outputs;
  sizes.connections = connections;
  return llvm::Error::success();
}

static llvm::Expected<sffnn::LayeredNetwork> generate() {
  if (kind == "radixnet") {
    sffnn::RadixNetOptions options;
    options.neurons = neurons < 0 ? 1024LL : neurons.getValue();
    options.layers = layers;
    options.block = block;
    if (radices.getNumOccurrences() > 0) {
      auto list = parseList("radices", radices);
      if (!list)
        return list.takeError();
      options.radices = *list;
    }
    if (!bias.empty()) {
      auto b = sffnn::parseDistribution(bias);
      if (!b)
        return b.takeError();
      if (b->kind != sffnn::Distribution::Constant)
        return llvm::createStringError("radixnet: --bias must be a number");
      options.bias = static_cast<float>(b->a);
    }
    if (clamp == "none") {
      options.clamp = std::nullopt;
    } else {
      double c;
      if (llvm::StringRef(clamp).getAsDouble(c) || !(c > 0) ||
          !std::isfinite(c))
        return llvm::createStringError(
            "--clamp must be a positive number or 'none'");
      options.clamp = static_cast<float>(c);
    }
    return sffnn::generateRadixNet(options);
  }
  if (kind == "layered") {
    sffnn::LayeredOptions options;
    if (widths.empty())
      return llvm::createStringError("--widths is required for layered");
    auto list = parseList("widths", widths);
    if (!list)
      return list.takeError();
    options.widths = *list;
    options.density = density;
    if (llvm::Error err = parseCommon(options))
      return std::move(err);
    return sffnn::generateLayered(options);
  }
  if (kind == "io-optimal") {
    sffnn::IoOptimalOptions options;
    options.fastMemory = fastMemory;
    if (llvm::Error err = parseSizes(options))
      return std::move(err);
    if (llvm::Error err = parseCommon(options))
      return std::move(err);
    return sffnn::generateIoOptimal(options);
  }
  sffnn::DagOptions options;
  options.depth = depth;
  if (llvm::Error err = parseSizes(options))
    return std::move(err);
  if (llvm::Error err = parseCommon(options))
    return std::move(err);
  return sffnn::generateDag(options);
}

/// A dense batch with about `density` nonzeros drawn from `values`.
static int generateInputs() {
  if (features < 1 || samples < 1)
    return fail("inputs: --features and --samples must be positive");
  if (static_cast<double>(features) * samples > 1e9)
    return fail("inputs: more than 1e9 values");
  // The batch is held whole; its text is written as it is formatted.
  if (llvm::Error err = sffnn::checkMemory(
          4.0 * static_cast<double>(features) * static_cast<double>(samples),
          "inputs: a batch of " + llvm::Twine(samples) + " samples x " +
              llvm::Twine(features) + " features"))
    return fail(llvm::toString(std::move(err)));
  // Dense unless asked otherwise: the shared default suits networks.
  double fill = density.getNumOccurrences() ? density.getValue() : 1.0;
  if (!(fill > 0 && fill <= 1))
    return fail("inputs: --density must be in (0, 1]");
  auto dist = sffnn::parseDistribution(values);
  if (!dist)
    return fail(llvm::toString(dist.takeError()));
  sffnn::Random random(seed);
  sffnn::DenseBatch batch;
  batch.samples = samples;
  batch.features = features;
  batch.data.resize(samples * features);
  for (float &v : batch.data)
    v = random.uniform() < fill ? dist->sample(random, 1) : 0.0f;
  if (llvm::Error err = sffnn::writeDenseFile(output, batch))
    return fail(llvm::toString(std::move(err)));
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "generate sparse networks and inputs\n");
  sffnn::installFatalErrorHandler("sparse-ffnn-gen");
  sffnn::setFatalErrorOutput(output);
  if (kind == "inputs")
    return generateInputs();
  if (kind != "radixnet" && kind != "layered" && kind != "dag" &&
      kind != "io-optimal")
    return fail("unknown kind '" + kind +
                "'; expected radixnet, layered, dag, io-optimal or inputs");
  llvm::Expected<sffnn::LayeredNetwork> network = generate();
  if (!network)
    return fail(llvm::toString(network.takeError()));
  if (!name.empty())
    network->name = name;
  if (llvm::Error err = sffnn::validate(*network))
    return fail(llvm::toString(std::move(err)));

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::sffnn::buildModule(&context, *network);
  if (llvm::Error err =
          mlir::sffnn::writeModuleFile(*module, output, emitBytecode))
    return fail(llvm::toString(std::move(err)));
  return 0;
}
