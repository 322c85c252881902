//===- Differential.cpp - random networks checked against the interpreter -===//
#include "sffnn/Testing/Differential.h"

#include "sffnn/Formats/Writers.h"
#include "sffnn/Interpreter/Interpreter.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Support/Tolerance.h"
#include "sffnn/Target/NetworkBuilder.h"
#include "sffnn_runtime.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>

using namespace sffnn;
using namespace sffnn::difftest;

namespace {

/// Uniform in [0, 1), at the resolution a fuzzer's bytes can reach.
double fraction(Choices &choices) {
  return static_cast<double>(choices.below(1 << 20)) / (1 << 20);
}

/// Log-uniform in [1, max]: most draws small, a few near `max`.
int64_t logUniform(Choices &choices, int64_t max) {
  return std::clamp<int64_t>(
      std::llround(std::exp(fraction(choices) * std::log(double(max)))), 1,
      max);
}

const Activation kActivations[] = {Activation::Identity, Activation::Relu,
                                   Activation::Sigmoid, Activation::Tanh};

/// Weights, biases, activations and the generator's seed.
void drawParameters(Choices &choices, const Limits &limits,
                    ParameterOptions &options, llvm::raw_ostream &os) {
  using D = Distribution;
  const D weights[] = {{D::He, 0, 0},
                       {D::Normal, 0, 1},
                       {D::Uniform, -1, 1},
                       {D::Constant, 0.5, 0}};
  const char *weightNames[] = {"he", "normal:0,1", "uniform:-1,1",
                               "const:0.5"};
  const std::optional<D> biases[] = {
      std::nullopt, D{D::Normal, 0, 0.2}, D{D::Uniform, -0.5, 0.5}};
  const char *biasNames[] = {"none", "normal:0,0.2", "uniform:-0.5,0.5"};
  size_t w = choices.below(4), b = choices.below(3);
  options.weights = weights[w];
  options.bias = biases[b];
  options.hiddenActivation = choices.pick(kActivations);
  options.outputActivation = choices.pick(kActivations);
  if (limits.excludeKnown && options.outputActivation == Activation::Sigmoid)
    options.outputActivation = Activation::Tanh;
  options.seed = choices.below(1u << 31);
  os << " --weights=" << weightNames[w] << " --bias=" << biasNames[b]
     << " --activation=" << activationName(options.hiddenActivation)
     << " --output-activation=" << activationName(options.outputActivation)
     << " --seed=" << options.seed;
}

/// A chain of 1-4 layers, a third of the widths large when the limits allow;
/// about log-uniform connections up to the limit (at least one per neuron).
llvm::Expected<LayeredNetwork> drawLayered(Choices &choices,
                                           const Limits &limits,
                                           llvm::raw_ostream &os) {
  const int64_t small[] = {1, 2, 3, 5, 8, 16, 17, 31, 64};
  const int64_t large[] = {100, 257, 1000, 2048, 3000};
  LayeredOptions options;
  int64_t count = choices.between(2, 5);
  bool wide = limits.maxWidth >= large[0];
  for (int64_t l = 0; l < count; ++l)
    options.widths.push_back(std::min(
        limits.maxWidth, wide && choices.oneIn(3) ? choices.pick(large)
                                                  : choices.pick(small)));
  // Every neuron reads at least one source: narrow the widest layer until
  // that minimum fits the limit.
  auto least = [&] {
    int64_t sum = 0;
    for (size_t l = 1; l < options.widths.size(); ++l)
      sum += options.widths[l];
    return sum;
  };
  while (least() > limits.maxConnections) {
    auto widest = std::max_element(options.widths.begin() + 1,
                                   options.widths.end());
    *widest = std::max<int64_t>(1, *widest / 4);
  }
  double total = 0;
  for (size_t l = 1; l < options.widths.size(); ++l)
    total += double(options.widths[l - 1]) * double(options.widths[l]);
  double target = double(logUniform(choices, limits.maxConnections));
  options.density = std::clamp(target / total, 1e-4, 1.0);
  os << "layered --widths=";
  llvm::interleave(options.widths, os, ",");
  os << llvm::format(" --density=%.6g", options.density);
  drawParameters(choices, limits, options, os);
  return generateLayered(options);
}

/// A DAG with skip connections: mostly a few dozen neurons, up to 400.
llvm::Expected<LayeredNetwork>
drawDag(Choices &choices, const Limits &limits, llvm::raw_ostream &os) {
  const int64_t inputs[] = {1, 2, 5, 16, 100, 1000};
  DagOptions options;
  options.inputs = std::min(limits.maxWidth, choices.pick(inputs));
  options.neurons = std::min(
      limits.maxWidth, choices.oneIn(4) ? choices.between(2, 400)
                                        : choices.between(2, 40));
  options.neurons = std::min(options.neurons, limits.maxConnections);
  options.outputs =
      choices.between(1, std::min<int64_t>(options.neurons, 50));
  options.connections = std::clamp(
      choices.between(options.neurons, options.neurons * 8), options.neurons,
      std::max(options.neurons, limits.maxConnections));
  os << "dag";
  const int64_t depths[] = {0, 0, 1, 2, 5};
  options.depth = choices.pick(depths);
  drawParameters(choices, limits, options, os);
  // Few inputs and shallow levels leave room for fewer connections than
  // drawn: halve them until they fit (one per neuron always does).
  llvm::Expected<LayeredNetwork> network = generateDag(options);
  while (!network && options.connections > options.neurons) {
    llvm::consumeError(network.takeError());
    options.connections = std::max(options.neurons, options.connections / 2);
    network = generateDag(options);
  }
  os << " --inputs=" << options.inputs << " --neurons=" << options.neurons
     << " --outputs=" << options.outputs
     << " --connections=" << options.connections
     << " --depth=" << options.depth;
  return network;
}

/// A network built in I/O-optimal order for a small fast memory.
llvm::Expected<LayeredNetwork> drawIoOptimal(Choices &choices,
                                             const Limits &limits,
                                             llvm::raw_ostream &os) {
  IoOptimalOptions options;
  options.fastMemory = choices.between(4, 32);
  options.inputs = std::min(limits.maxWidth, choices.between(1, 24));
  options.neurons = std::min(limits.maxWidth, choices.between(2, 80));
  options.outputs = choices.between(1, std::min<int64_t>(options.neurons, 8));
  // More than one source per neuron only as the memory allows; a draw the
  // construction cannot place falls back to one source per neuron.
  options.connections = std::min(
      limits.maxConnections,
      choices.between(options.neurons,
                      options.neurons * (options.fastMemory / 4 + 1)));
  os << "io-optimal --fast-memory=" << options.fastMemory
     << " --inputs=" << options.inputs << " --neurons=" << options.neurons
     << " --outputs=" << options.outputs;
  std::string rest;
  llvm::raw_string_ostream restOs(rest);
  drawParameters(choices, limits, options, restOs);
  auto network = generateIoOptimal(options);
  if (!network) {
    llvm::consumeError(network.takeError());
    options.connections = options.neurons;
    network = generateIoOptimal(options);
  }
  os << " --connections=" << options.connections << rest;
  return network;
}

/// RadiX-Net: the Graph Challenge's structure, with its clamp.
llvm::Expected<LayeredNetwork> drawRadixNet(Choices &choices,
                                            const Limits &limits,
                                            llvm::raw_ostream &os) {
  const char *radixNames[] = {"2", "3", "4", "2,2", "2,3", "3,2,2", "4,4", "8"};
  const std::vector<int64_t> radixLists[] = {{2},    {3},       {4},    {2, 2},
                                             {2, 3}, {3, 2, 2}, {4, 4}, {8}};
  const int64_t blocks[] = {1, 2, 3, 4, 8};
  const float biases[] = {0.0f, -0.3f, 0.1f};
  const std::optional<float> clamps[] = {std::nullopt, 1.0f, 32.0f};
  RadixNetOptions options;
  size_t r = choices.below(std::size(radixLists)), c = choices.below(3);
  options.radices = radixLists[r];
  options.block = choices.pick(blocks);
  options.neurons = options.block;
  for (int64_t radix : options.radices)
    options.neurons *= radix;
  options.layers = choices.between(1, 6);
  // Each neuron reads block * radix sources: fewer layers, then smaller
  // blocks, until the network fits the limit.
  auto connections = [&] {
    int64_t total = 0;
    for (int64_t l = 0; l < options.layers; ++l)
      total += options.neurons * options.block *
               options.radices[l % options.radices.size()];
    return total;
  };
  while (connections() > limits.maxConnections &&
         (options.layers > 1 || options.block > 1)) {
    if (options.layers > 1) {
      --options.layers;
    } else {
      options.neurons /= options.block;
      options.block = 1;
    }
  }
  options.bias = choices.pick(biases);
  options.clamp = clamps[c];
  os << "radixnet --radices=" << radixNames[r] << " --block=" << options.block
     << " --neurons=" << options.neurons << " --layers=" << options.layers
     << llvm::format(" --bias=%g", *options.bias) << " --clamp="
     << (c == 0 ? std::string("none") : std::to_string(int(*clamps[c])));
  return generateRadixNet(options);
}

/// Compile options as the campaign draws them: every lowering option that
/// changes the generated code, the LLVM level (other than the default only
/// on small networks: -O0 code generation is slow on large straight-line
/// functions), threads.
void drawOptions(Choices &choices, const Limits &limits, int64_t connections,
                 Case &c) {
  ::sffnn::LoweringOptions &lowering = c.options.lowering;
  lowering.tile = choices.between(1, 32);
  lowering.registerTile =
      choices.oneIn(8) ? choices.between(25, 64) : choices.between(1, 24);
  const int64_t chunks[] = {16, 100, 1024, 5000};
  lowering.chunkConnections = choices.pick(chunks);
  const int64_t tilesPerGroup[] = {0, 1, 2, 3, 7};
  lowering.tilesPerGroup = choices.pick(tilesPerGroup);
  const char *forms[] = {"auto", "auto", "straight-line", "table",
                         "alternate"};
  lowering.kernelForm = choices.pick(forms);
  const int64_t straightLine[] = {0, 100, 100000, 100000000};
  lowering.maxStraightLine = choices.pick(straightLine);
  bool powerOfTwo = (lowering.tile & (lowering.tile - 1)) == 0;
  lowering.dropDeadSamples =
      choices.oneIn(3) && !(limits.excludeKnown && !powerOfTwo);
  const int otherLevels[] = {0, 1, 3};
  c.options.optLevel =
      connections <= 1000 && choices.oneIn(6) ? choices.pick(otherLevels) : 2;
  c.threads = static_cast<int>(choices.between(1, 3));
}

/// k tiles of samples, give or take one: the edges of tiles and groups.
void drawInputs(Choices &choices, const Limits &limits, Case &c) {
  int64_t tile = c.options.lowering.tile;
  int64_t batch = tile * choices.between(0, limits.maxTiles) +
                  choices.between(-1, 1);
  const double fills[] = {0.05, 0.3, 1.0};
  double fill = choices.pick(fills);
  bool positive = choices.oneIn(2);
  Random random(choices.below(1u << 31));
  DenseBatch &inputs = c.inputs;
  inputs.samples = std::max<int64_t>(batch, 1);
  inputs.features = c.network.inputs;
  inputs.data.resize(inputs.samples * inputs.features);
  for (float &v : inputs.data)
    v = random.uniform() >= fill ? 0.0f
        : positive               ? static_cast<float>(2 * random.uniform())
                                 : static_cast<float>(random.normal());
}

template <typename T> std::string flagValue(const T &value) {
  std::string text;
  llvm::raw_string_ostream(text) << value;
  return text;
}
std::string flagValue(bool value) { return value ? "true" : "false"; }

} // namespace

llvm::Expected<Case> sffnn::difftest::drawCase(Choices &choices,
                                               const Limits &limits) {
  Case c;
  llvm::raw_string_ostream os(c.generator);
  Limits drawn = limits;
  if (!choices.oneIn(limits.largeOneIn)) {
    drawn.maxConnections =
        std::min(limits.maxConnections, limits.smallConnections);
    drawn.maxWidth = std::min(limits.maxWidth, limits.smallWidth);
  }
  auto draw = [&, &limits = drawn]() -> llvm::Expected<LayeredNetwork> {
    switch (choices.below(6)) {
    case 0:
    case 1:
      return drawLayered(choices, limits, os);
    case 2:
    case 3:
      return drawDag(choices, limits, os);
    case 4:
      return drawIoOptimal(choices, limits, os);
    default:
      return drawRadixNet(choices, limits, os);
    }
  };
  llvm::Expected<LayeredNetwork> network = draw();
  if (!network)
    return llvm::createStringError(os.str() + ": " +
                                   llvm::toString(network.takeError()));
  c.network = std::move(*network);
  c.network.name = "difftest";
  // A relu clamp on every relu layer, sometimes (radixnet draws its own).
  const float clamps[] = {0.5f, 0.75f, 2.0f};
  if (c.generator.rfind("radixnet", 0) != 0 && choices.oneIn(3)) {
    float clamp = choices.pick(clamps);
    for (Layer &layer : c.network.layers)
      if (layer.activation == Activation::Relu)
        layer.clamp = clamp;
    os << llvm::format(" + relu clamp %g", clamp);
  }
  drawOptions(choices, limits, c.network.connections(), c);
  drawInputs(choices, limits, c);
  // Straight-line code as inline assembly (the default on AVX-512 hosts,
  // which needs the target's tile of 16) or as LLVM IR: one case in three
  // takes the target's tile (0), half of those as LLVM IR. Drawn last, so
  // that the cases of earlier campaigns (network, options, inputs) are
  // drawn as before.
  if (choices.oneIn(3)) {
    c.options.lowering.tile = 0;
    c.options.lowering.fmaEmitter = choices.oneIn(2) ? "llvm" : "auto";
  }
  return c;
}

namespace {

/// A context of its own per case (the resources of earlier cases are
/// freed with it), its diagnostics collected as text.
struct CaseContext {
  mlir::MLIRContext context;
  std::string diagnostics;
  llvm::raw_string_ostream os{diagnostics};
  mlir::ScopedDiagnosticHandler handler{&context, [this](mlir::Diagnostic &d) {
    os << d.getLocation() << ": " << d << "\n";
    return mlir::success();
  }};
  CaseContext() { context.loadDialect<mlir::sffnn::SFFNNDialect>(); }
};

/// A case's network, interpreted, ready to compile.
struct Interpreted {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  DenseBatch reference, scale;
};

/// Builds the network of `c` under `name` and runs the interpreter, with
/// the error scales of tolerance `rtol`; the error message on failure.
llvm::Expected<Interpreted> interpretCase(CaseContext &cc, const Case &c,
                                          llvm::StringRef name, double rtol) {
  Interpreted result;
  result.module = mlir::sffnn::buildModule(&cc.context, c.network);
  auto network = mlir::sffnn::findNetwork(*result.module, c.network.name);
  if (mlir::failed(network))
    return llvm::createStringError("building the network failed: " +
                                   cc.diagnostics);
  network->setSymName(name);
  auto reference = mlir::sffnn::interpret(*network, c.inputs, &result.scale, rtol);
  if (mlir::failed(reference))
    return llvm::createStringError("the interpreter failed: " +
                                   cc.diagnostics);
  result.reference = std::move(*reference);
  return result;
}

/// Runs the kernel as sparse-ffnn-run does (sffnn_run, c.threads) and
/// compares with the interpreter's outputs; fills `outcome`.
void runAndCompare(const Case &c, mlir::sffnn::LoadedKernel::Fn kernel,
                   const mlir::sffnn::KernelInfo &info,
                   const Interpreted &want, double rtol, bool injectError,
                   Outcome &outcome) {
  outcome.form = info.form;
  DenseBatch result;
  result.samples = c.inputs.samples;
  result.features = info.outputs;
  // NaN, so that an output the kernel never writes cannot pass.
  result.data.assign(result.samples * result.features, std::nanf(""));
  if (sffnn_run(kernel, c.inputs.data.data(), c.inputs.features,
                result.data.data(), result.features, result.samples,
                info.tile, c.threads) != 0) {
    outcome.message = "sffnn_run refused its arguments";
    return;
  }
  if (injectError && !result.data.empty())
    result.data[0] += 1;
  Comparison cmp = compareOutputs(result.data, want.reference.data,
                                  want.scale.data, rtol);
  outcome.maxError = cmp.maxError;
  outcome.maxScaled = cmp.maxScaled;
  if (cmp.failures == 0) {
    outcome.passed = true;
    return;
  }
  int64_t i = cmp.firstFailure, features = result.features;
  llvm::raw_string_ostream(outcome.message) << llvm::format(
      "%lld of %zu outputs differ from the interpreter by more than rtol; "
      "first: sample %lld output %lld: got %.9g, want %.9g, error scale "
      "%.9g; max error %.3g, max error / scale %.3g",
      static_cast<long long>(cmp.failures), result.data.size(),
      static_cast<long long>(i / features),
      static_cast<long long>(i % features), result.data[i],
      want.reference.data[i], want.scale.data[i], cmp.maxError,
      cmp.maxScaled);
}

} // namespace

Outcome sffnn::difftest::check(const Case &c, double rtol,
                               bool injectError) {
  Outcome outcome;
  CaseContext cc;
  auto want = interpretCase(cc, c, c.network.name, rtol);
  if (!want) {
    outcome.message = llvm::toString(want.takeError());
    return outcome;
  }
  mlir::sffnn::Artifact artifact;
  auto kernel = mlir::sffnn::compileAndLoad(*want->module, c.network.name,
                                            c.options, &artifact);
  if (mlir::failed(kernel)) {
    outcome.message = "compiling failed: " + cc.diagnostics;
    return outcome;
  }
  outcome.stats = artifact.stats;
  runAndCompare(c, (*kernel)->function(), artifact.kernels.front(), *want,
                rtol, injectError, outcome);
  return outcome;
}

std::vector<Outcome>
sffnn::difftest::checkAll(llvm::ArrayRef<Case> cases, double rtol,
                          bool injectError,
                          llvm::function_ref<void(size_t)> starting) {
  std::vector<Outcome> outcomes(cases.size());
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("sffnn-difftest", dir)) {
    for (size_t k = 0; k < cases.size(); ++k)
      outcomes[k].message = "cannot create a temporary directory";
    return outcomes;
  }
  auto file = [&](const llvm::Twine &name) {
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  // Compile each case to an object of its own; keep what running needs.
  std::vector<Interpreted> wanted(cases.size());
  std::vector<mlir::sffnn::KernelInfo> kernels(cases.size());
  std::vector<std::string> objects;
  std::vector<size_t> compiled;
  for (size_t k = 0; k < cases.size(); ++k) {
    starting(k);
    CaseContext cc;
    std::string name = "difftest_" + std::to_string(k);
    auto want = interpretCase(cc, cases[k], name, rtol);
    if (!want) {
      outcomes[k].message = llvm::toString(want.takeError());
      continue;
    }
    std::string object = file(name + ".o");
    auto artifact =
        mlir::sffnn::compile(*want->module, cases[k].options,
                             mlir::sffnn::EmitKind::Object, object);
    if (mlir::failed(artifact)) {
      outcomes[k].message = "compiling failed: " + cc.diagnostics;
      continue;
    }
    outcomes[k].stats = artifact->stats;
    kernels[k] = artifact->kernels.front();
    want->module = nullptr; // frees the module before its context goes
    wanted[k] = std::move(*want);
    objects.push_back(object);
    compiled.push_back(k);
  }
  // One link and one load for all of them.
  std::string library = file("libkernels.so");
  mlir::MLIRContext context;
  std::string linkErrors;
  llvm::raw_string_ostream linkOs(linkErrors);
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    linkOs << d << "\n";
    return mlir::success();
  });
  mlir::Location loc = mlir::UnknownLoc::get(&context);
  auto start = std::chrono::steady_clock::now();
  bool linked = compiled.empty() ||
                mlir::succeeded(
                    mlir::sffnn::linkSharedLibrary(objects, library, loc));
  double linkSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // Loaded kernels stay loaded until the end: the library is mapped once.
  std::vector<std::unique_ptr<mlir::sffnn::LoadedKernel>> loaded;
  for (size_t k : compiled) {
    starting(k);
    Outcome &outcome = outcomes[k];
    outcome.stats.link = linkSeconds / compiled.size();
    if (!linked) {
      outcome = check(cases[k], rtol, injectError);
      continue;
    }
    auto kernel =
        mlir::sffnn::LoadedKernel::load(library, kernels[k].name, loc);
    if (mlir::failed(kernel)) {
      outcome.message = "loading failed: " + linkErrors;
      continue;
    }
    runAndCompare(cases[k], (*kernel)->function(), kernels[k], wanted[k],
                  rtol, injectError, outcome);
    loaded.push_back(std::move(*kernel));
  }
  loaded.clear();
  llvm::sys::fs::remove_directories(dir);
  return outcomes;
}

std::string sffnn::difftest::optionFlags(const Case &c) {
  std::string flags;
  llvm::raw_string_ostream os(flags);
  const mlir::sffnn::CompileOptions defaults;
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  if (c.options.lowering.FIELD != defaults.lowering.FIELD)                     \
    os << " --" FLAG "=" << flagValue(c.options.lowering.FIELD);
#include "sffnn/Conversion/LoweringOptions.def"
  if (c.options.optLevel != defaults.optLevel)
    os << " --opt-level=" << c.options.optLevel;
  os << " --threads=" << c.threads;
  return flags;
}

llvm::Expected<std::string>
sffnn::difftest::writeReproducer(const Case &c, llvm::StringRef stem,
                                 llvm::StringRef runTool) {
  std::string net = (stem + ".mlir").str(), in = (stem + ".txt").str();
  mlir::MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::sffnn::buildModule(&context, c.network);
  if (llvm::Error err = mlir::sffnn::writeModuleFile(*module, net, false))
    return std::move(err);
  if (llvm::Error err = writeDenseFile(in, c.inputs))
    return std::move(err);
  return (runTool + " " + net + " --input " + in + " --verify" +
          optionFlags(c))
      .str();
}
