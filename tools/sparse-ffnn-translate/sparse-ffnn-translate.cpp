//===- sparse-ffnn-translate.cpp - importers and exporters ----------------===//
//
//   sparse-ffnn-translate --import-graph-challenge DIR --layers N -o net.mlir
//   sparse-ffnn-translate --import-mtx l1.mtx l2.mtx ... -o net.mlir
//   sparse-ffnn-translate --import-onnx model.onnx -o net.mlir
//   sparse-ffnn-translate --export-graph-challenge DIR net.mlir
//
//===----------------------------------------------------------------------===//
#include "sffnn/Compiler/CompileFlags.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/InitAll.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Target/Importers.h"
#include "sffnn/Target/OnnxImporter.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <cmath>
#include <limits>

using llvm::StringRef;
using mlir::failed;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::ModuleOp;
using mlir::OwningOpRef;
using mlir::success;
namespace cl = llvm::cl;

static cl::OptionCategory category("sparse-ffnn-translate options");

static cl::opt<std::string> importGraphChallenge(
    "import-graph-challenge",
    cl::desc("Import the Graph Challenge network in DIR (n<N>-l<k>.tsv)"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::opt<bool>
    importMtx("import-mtx",
              cl::desc("Import one MatrixMarket file per layer (positional)"),
              cl::cat(category));
static cl::opt<std::string>
    importOnnx("import-onnx",
               cl::desc("Import the ONNX model FILE (docs/Import.md)"),
               cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> pruneThreshold(
    "prune-threshold",
    cl::desc("ONNX: also drop weights with |w| <= T (exact zeros are always "
             "dropped) and report how many"),
    cl::value_desc("T"), cl::cat(category));
static cl::opt<std::string> exportGraphChallenge(
    "export-graph-challenge",
    cl::desc("Write the layers of the input network as DIR/n<N>-l<k>.tsv"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::list<std::string> inputs(cl::Positional, cl::desc("<input files>"),
                                    cl::cat(category));
static cl::opt<long long> layers("layers", cl::desc("Number of layers to read"),
                                 cl::init(0), cl::cat(category));
static cl::opt<long long>
    neurons("neurons", cl::desc("Layer width (default: from the file names)"),
            cl::init(0), cl::cat(category));
static cl::opt<std::string>
    bias("bias",
         cl::desc("Bias of every neuron (Graph Challenge default: -0.3 for "
                  "1024 neurons, -0.35/-0.4/-0.45 for 4096/16384/65536; "
                  "MatrixMarket default: none)"),
         cl::cat(category));
static cl::opt<std::string> biasFile(
    "bias-file",
    cl::desc("Per-neuron biases: one line per layer, one number per neuron "
             "(overrides --bias)"),
    cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string>
    clamp("clamp",
          cl::desc("Clamp of the relu, a number or 'none' (Graph Challenge "
                   "default: 32; MatrixMarket default: none)"),
          cl::cat(category));
static cl::opt<std::string>
    activation("activation",
               cl::desc("MatrixMarket layers' activation: identity, relu, "
                        "sigmoid, tanh"),
               cl::init("relu"), cl::cat(category));
static cl::opt<std::string> outputActivation(
    "output-activation",
    cl::desc("MatrixMarket: the last layer's activation (default: "
             "--activation)"),
    cl::cat(category));
static cl::opt<std::string> name("name", cl::desc("Name of the network"),
                                 cl::cat(category));
static cl::opt<std::string>
    networkName("network",
                cl::desc("Network to export when the input holds several"),
                cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Output file"),
                                   cl::value_desc("FILE"), cl::init("-"),
                                   cl::cat(category));
static cl::opt<bool> emitBytecode("emit-bytecode",
                                  cl::desc("Write MLIR bytecode"),
                                  cl::cat(category));

static cl::OptionCategory compileCategory("compilation");
static cl::opt<std::string> compileTo(
    "compile-to",
    cl::desc("Lower the networks of the input file (sffnn-to-llvm-pipeline) "
             "and write: llvm (LLVM IR), object, shared (a shared library "
             "with the runtime; host only) or header (the C declarations)"),
    cl::value_desc("llvm|object|shared|header"), cl::cat(compileCategory));
static cl::opt<std::string> pipelineOptions(
    "pipeline-options",
    cl::desc("The lowering options as one sffnn-to-llvm-pipeline string, "
             "e.g. \"tile=8 drop-dead-samples=true\" (instead of the "
             "separate flags)"),
    cl::cat(compileCategory));
static mlir::sffnn::CompileFlags compileFlags(compileCategory);

static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "sparse-ffnn-translate")
      << message << '\n';
  return 1;
}

static int fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// Parses an optional number option; `none` (if allowed) gives nullopt.
static LogicalResult parseNumber(StringRef option, StringRef text,
                                 std::optional<float> &value) {
  if (text == "none") {
    value = std::nullopt;
    return success();
  }
  double parsed;
  if (text.getAsDouble(parsed) || !std::isfinite(parsed)) {
    fail("--" + option + " expects a number or 'none', got '" + text + "'");
    return failure();
  }
  // The IR holds f32: a value past its range would become infinity.
  if (std::fabs(parsed) > std::numeric_limits<float>::max()) {
    fail("--" + option + ": '" + text + "' does not fit in a 32-bit float");
    return failure();
  }
  value = static_cast<float>(parsed);
  return success();
}

/// Fails naming the first of `options` given on the command line: options
/// the chosen importer does not read are an error, not silently dropped.
static LogicalResult rejectUnused(StringRef importer,
                                  std::initializer_list<cl::Option *> options) {
  for (cl::Option *option : options)
    if (option->getNumOccurrences() > 0) {
      fail("--" + option->ArgStr + " does not apply to --" + importer);
      return failure();
    }
  return success();
}

/// Imports the ONNX model; reports the pruned weights on stderr.
static llvm::Expected<sffnn::LayeredNetwork> runImportOnnx() {
  if (!inputs.empty())
    return llvm::createStringError("--import-onnx takes the model as its "
                                   "value, not input files");
  sffnn::OnnxImportOptions options;
  options.path = importOnnx;
  if (!pruneThreshold.empty()) {
    double t;
    if (StringRef(pruneThreshold).getAsDouble(t) || !std::isfinite(t) || t < 0)
      return llvm::createStringError("--prune-threshold expects a finite "
                                     "number >= 0, got '" +
                                     pruneThreshold + "'");
    options.pruneThreshold = static_cast<float>(t);
  }
  llvm::Expected<sffnn::OnnxImportResult> imported = sffnn::importOnnx(options);
  if (!imported)
    return imported.takeError();
  if (options.pruneThreshold)
    llvm::errs() << "sparse-ffnn-translate: --prune-threshold=" << pruneThreshold
                 << " dropped " << imported->prunedWeights << " of "
                 << imported->prunedWeights + imported->keptWeights
                 << " nonzero weights (" << imported->zeroWeights
                 << " exact zeros)\n";
  return std::move(imported->network);
}

static int runImport(mlir::MLIRContext &context) {
  llvm::Expected<sffnn::LayeredNetwork> network = sffnn::LayeredNetwork();
  if (!importOnnx.empty()) {
    if (failed(rejectUnused("import-onnx",
                            {&layers, &neurons, &bias, &biasFile, &clamp,
                             &activation, &outputActivation})))
      return 1;
    network = runImportOnnx();
  } else if (!importGraphChallenge.empty()) {
    if (failed(rejectUnused("import-graph-challenge",
                            {&pruneThreshold, &activation, &outputActivation})))
      return 1;
    if (!inputs.empty())
      return fail("--import-graph-challenge takes a directory, not input "
                  "files");
    sffnn::GraphChallengeOptions options;
    options.dir = importGraphChallenge;
    options.layers = layers;
    options.neurons = neurons;
    options.biasFile = biasFile;
    if (!bias.empty() && failed(parseNumber("bias", bias, options.bias)))
      return 1;
    if (!clamp.empty() && failed(parseNumber("clamp", clamp, options.clamp)))
      return 1;
    network = sffnn::importGraphChallenge(options);
  } else {
    if (inputs.empty())
      return fail("--import-mtx needs one file per layer");
    if (failed(rejectUnused("import-mtx", {&pruneThreshold, &layers, &neurons})))
      return 1;
    sffnn::MatrixMarketOptions options;
    options.files.assign(inputs.begin(), inputs.end());
    options.biasFile = biasFile;
    if (!bias.empty() && failed(parseNumber("bias", bias, options.bias)))
      return 1;
    if (!clamp.empty() && failed(parseNumber("clamp", clamp, options.clamp)))
      return 1;
    std::optional<sffnn::Activation> act = sffnn::parseActivation(activation);
    if (!act)
      return fail("unknown --activation '" + activation +
                  "'; expected identity, relu, sigmoid or tanh");
    options.activation = *act;
    if (!outputActivation.empty()) {
      std::optional<sffnn::Activation> out =
          sffnn::parseActivation(outputActivation);
      if (!out)
        return fail("unknown --output-activation '" + outputActivation +
                    "'; expected identity, relu, sigmoid or tanh");
      options.outputActivation = *out;
    }
    network = sffnn::importMatrixMarket(options);
  }
  if (!network)
    return fail(network.takeError());
  if (!name.empty())
    network->name = name;
  if (llvm::Error err = sffnn::validate(*network))
    return fail(std::move(err));
  // Only the ONNX import keeps locations in its output (its layers carry
  // the node names); the network as a whole is the model file.
  OwningOpRef<ModuleOp> module =
      mlir::sffnn::buildModule(&context, *network, importOnnx);
  if (llvm::Error err =
          mlir::sffnn::writeModuleFile(*module, output, emitBytecode,
                                       /*debugInfo=*/!importOnnx.empty()))
    return fail(std::move(err));
  return 0;
}

static int runExport(mlir::MLIRContext &context) {
  if (inputs.size() != 1)
    return fail("--export-graph-challenge takes exactly one input network");
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      mlir::sffnn::readModuleFile(inputs.front(), sourceMgr, &context);
  if (!module)
    return 1;
  FailureOr<mlir::sffnn::NetworkOp> network =
      mlir::sffnn::findNetwork(*module, networkName);
  if (failed(network))
    return 1;
  FailureOr<::sffnn::LayeredNetwork> layered =
      mlir::sffnn::extractLayeredNetwork(*network);
  if (failed(layered))
    return 1;
  // Refuse, at the op, what the TSV files and the import's flags cannot
  // reproduce, before anything is written.
  ::sffnn::GraphChallengeExport plan =
      ::sffnn::planGraphChallengeExport(*layered);
  if (!plan.problem.empty()) {
    llvm::SmallVector<mlir::sffnn::LayerOp> layerOps(
        network->getBody().getOps<mlir::sffnn::LayerOp>());
    mlir::Operation *at = plan.layer >= 0
                              ? layerOps[plan.layer].getOperation()
                              : network->getOperation();
    at->emitError("cannot export network @")
        << network->getSymName() << " as Graph Challenge TSV: "
        << plan.problem;
    return 1;
  }
  if (llvm::Error err =
          ::sffnn::exportGraphChallenge(*layered, exportGraphChallenge))
    return fail(std::move(err));
  // The files hold weights only: say how to get the same network back.
  llvm::errs() << "sparse-ffnn-translate: re-import with "
               << "--import-graph-challenge " << exportGraphChallenge << " "
               << plan.importFlags() << "\n";
  return 0;
}

/// The compile options: the flags, and over them the options that the
/// --pipeline-options string names.
static FailureOr<mlir::sffnn::CompileOptions> compileOptions() {
  mlir::sffnn::CompileOptions options = compileFlags.get();
  if (pipelineOptions.empty())
    return options;
  auto parsed = mlir::sffnn::SFFNNToLLVMPipelineOptions::createFromString(
      pipelineOptions);
  if (!parsed) {
    fail("bad --pipeline-options '" + pipelineOptions + "'");
    return failure();
  }
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  if (parsed->FIELD.hasValue())                                               \
    options.lowering.FIELD = parsed->FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
  return options;
}

static int runCompile(mlir::MLIRContext &context) {
  if (inputs.size() != 1)
    return fail("--compile-to takes exactly one input file");
  std::optional<mlir::sffnn::EmitKind> kind =
      mlir::sffnn::parseEmitKind(compileTo);
  if (!kind)
    return fail("unknown --compile-to '" + compileTo +
                "'; expected llvm, object, shared or header");
  bool binary = *kind == mlir::sffnn::EmitKind::Object ||
                *kind == mlir::sffnn::EmitKind::SharedLibrary;
  if (binary && (output.empty() || output == "-"))
    return fail("--compile-to " + compileTo + " needs -o FILE");
  FailureOr<mlir::sffnn::CompileOptions> options = compileOptions();
  if (failed(options))
    return 1;
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      mlir::sffnn::readModuleFile(inputs.front(), sourceMgr, &context);
  if (!module)
    return 1;
  std::string outPath = output.empty() ? "-" : std::string(output);
  return failed(mlir::sffnn::compile(*module, *options, *kind, outPath));
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category, &compileCategory});
  cl::ParseCommandLineOptions(argc, argv,
                              "sparse-ffnn importers and exporters\n");
  sffnn::installFatalErrorHandler("sparse-ffnn-translate");
  sffnn::setFatalErrorOutput(output);
  if (inputs.size() == 1)
    sffnn::setFatalErrorInput(inputs.front());
  else if (!importOnnx.empty())
    sffnn::setFatalErrorInput(importOnnx);
  int modes = !importGraphChallenge.empty() + importMtx + !importOnnx.empty() +
              !exportGraphChallenge.empty() + !compileTo.empty();
  if (modes != 1)
    return fail("choose exactly one of --import-graph-challenge, "
                "--import-mtx, --import-onnx, --export-graph-challenge, "
                "--compile-to");
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  // A pass error names its op's location; the op itself, printed in full,
  // would be the whole network (millions of weights) on the terminal.
  context.printOpOnDiagnostic(false);
  if (!compileTo.empty())
    return runCompile(context);
  return exportGraphChallenge.empty() ? runImport(context) : runExport(context);
}
