//===- sparse-ffnn-translate.cpp - importers and exporters ----------------===//
//
//   sparse-ffnn-translate --import-graph-challenge DIR --layers N -o net.mlir
//   sparse-ffnn-translate --import-mtx l1.mtx l2.mtx ... -o net.mlir
//   sparse-ffnn-translate --export-graph-challenge DIR net.mlir
//
//===----------------------------------------------------------------------===//
#include "sffnn/Compiler/Compiler.h"
#include "sffnn/InitAll.h"
#include "sffnn/Target/Importers.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

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
    cl::desc("Options of sffnn-to-llvm-pipeline, e.g. \"tile=8 "
             "drop-dead-samples=true\""),
    cl::cat(compileCategory));
static cl::opt<std::string> targetTriple("target-triple",
                                         cl::desc("Target triple (default: "
                                                  "the host)"),
                                         cl::cat(compileCategory));
static cl::opt<std::string> targetCpu("target-cpu",
                                      cl::desc("Target CPU (default: the "
                                               "host's)"),
                                      cl::cat(compileCategory));
static cl::opt<std::string>
    targetFeatures("target-features",
                   cl::desc("Target features, e.g. +avx2,+fma"),
                   cl::cat(compileCategory));
static cl::opt<int> optLevel("opt-level", cl::desc("LLVM optimization level"),
                             cl::init(2), cl::cat(compileCategory));

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
  value = static_cast<float>(parsed);
  return success();
}

static int runImport(mlir::MLIRContext &context) {
  llvm::Expected<sffnn::LayeredNetwork> network = sffnn::LayeredNetwork();
  if (!importGraphChallenge.empty()) {
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
  OwningOpRef<ModuleOp> module = mlir::sffnn::buildModule(&context, *network);
  return mlir::failed(
      mlir::sffnn::writeModuleFile(*module, output, emitBytecode));
}

static int runExport(mlir::MLIRContext &context) {
  if (inputs.size() != 1)
    return fail("--export-graph-challenge takes exactly one input network");
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      mlir::parseSourceFile<ModuleOp>(inputs.front(), sourceMgr, &context);
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
  if (llvm::Error err =
          ::sffnn::exportGraphChallenge(*layered, exportGraphChallenge))
    return fail(std::move(err));
  return 0;
}

static int runCompile(mlir::MLIRContext &context) {
  if (inputs.size() != 1)
    return fail("--compile-to takes exactly one input file");
  if (compileTo != "llvm" && compileTo != "object" && compileTo != "shared" &&
      compileTo != "header")
    return fail("unknown --compile-to '" + compileTo +
                "'; expected llvm, object, shared or header");
  if (optLevel < 0 || optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3");
  if (compileTo == "shared" && !targetTriple.empty())
    return fail("--compile-to shared links for the host only; use "
                "--compile-to object for another target");
  if (output.empty() || output == "-") {
    if (compileTo == "object" || compileTo == "shared")
      return fail("--compile-to " + compileTo + " needs -o FILE");
  }
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      mlir::parseSourceFile<ModuleOp>(inputs.front(), sourceMgr, &context);
  if (!module)
    return 1;
  if (failed(mlir::sffnn::lowerToLLVMDialect(*module, pipelineOptions)))
    return 1;
  std::string outPath = output.empty() ? "-" : std::string(output);
  if (compileTo == "header") {
    std::string error;
    auto file = mlir::openOutputFile(outPath, &error);
    if (!file)
      return fail(error);
    file->os() << mlir::sffnn::kernelHeader(*module);
    file->keep();
    return 0;
  }
  mlir::sffnn::TargetOptions target{targetTriple, targetCpu, targetFeatures,
                                    optLevel};
  auto machine = mlir::sffnn::createTargetMachine(target, module->getLoc());
  if (failed(machine))
    return 1;
  llvm::LLVMContext llvmContext;
  auto llvmModule = mlir::sffnn::translateToLLVMIR(*module, llvmContext,
                                                   **machine, optLevel);
  if (failed(llvmModule))
    return 1;
  if (compileTo == "llvm") {
    std::string error;
    auto file = mlir::openOutputFile(outPath, &error);
    if (!file)
      return fail(error);
    (*llvmModule)->print(file->os(), nullptr);
    file->keep();
    return 0;
  }
  if (compileTo == "object")
    return failed(mlir::sffnn::writeObjectFile(**llvmModule, **machine,
                                               outPath, module->getLoc()));
  llvm::SmallString<128> object;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("sffnn-kernel", "o", object))
    return fail("cannot create a temporary file: " + ec.message());
  llvm::scope_exit cleanup([&] { llvm::sys::fs::remove(object); });
  if (failed(mlir::sffnn::writeObjectFile(**llvmModule, **machine, object,
                                          module->getLoc())))
    return 1;
  return failed(mlir::sffnn::linkSharedLibrary(object, outPath,
                                               module->getLoc()));
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category, &compileCategory});
  cl::ParseCommandLineOptions(argc, argv,
                              "sparse-ffnn importers and exporters\n");
  int modes = !importGraphChallenge.empty() + importMtx +
              !exportGraphChallenge.empty() + !compileTo.empty();
  if (modes != 1)
    return fail("choose exactly one of --import-graph-challenge, "
                "--import-mtx, --export-graph-challenge, --compile-to");
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  if (!compileTo.empty())
    return runCompile(context);
  return exportGraphChallenge.empty() ? runImport(context) : runExport(context);
}
