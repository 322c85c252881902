//===- sparse-ffnn-run.cpp - run a network on a batch ---------------------===//
//
//   sparse-ffnn-run NET.mlir --input FILE --interpret --categories
//   sparse-ffnn-run NET.mlir --input FILE --interpret --output OUT.txt
//
//===----------------------------------------------------------------------===//
#include "sffnn/Analysis/NetworkSummary.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Formats/Writers.h"
#include "sffnn/Interpreter/Interpreter.h"
#include "sffnn/Roofline/Calibrate.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>

namespace cl = llvm::cl;

static cl::OptionCategory category("sparse-ffnn-run options");
static cl::opt<std::string>
    networkFile(cl::Positional, cl::desc("<network.mlir>"), cl::cat(category));
static cl::opt<std::string> inputFile("input",
                                      cl::desc("Batch of samples to run"),
                                      cl::value_desc("FILE"),
                                      cl::cat(category));
static cl::opt<std::string> inputFormat(
    "input-format",
    cl::desc("tsv (Graph Challenge, 1-based 'sample feature value'), mtx "
             "(MatrixMarket, rows are samples) or dense (one sample per "
             "line); default: from the extension (.tsv, .mtx, else dense)"),
    cl::cat(category));
static cl::opt<std::string>
    networkName("network",
                cl::desc("Network to run when the file holds several"),
                cl::cat(category));
static cl::opt<bool>
    interpretMode("interpret",
                  cl::desc("Evaluate with the reference interpreter"),
                  cl::cat(category));
static cl::opt<bool> categories(
    "categories",
    cl::desc("Print the 1-based ids of samples whose outputs are not all "
             "zero, on one line"),
    cl::cat(category));
static cl::opt<std::string>
    outputFile("output",
               cl::desc("Write the outputs, one sample per line (%.9g)"),
               cl::value_desc("FILE"), cl::cat(category));
static cl::opt<unsigned> repeat("repeat",
                                cl::desc("Run the batch this many times"),
                                cl::init(1), cl::cat(category));
static cl::opt<bool> timeIt(
    "time",
    cl::desc("Print 'seconds=<median> edges_per_s=<batch*connections/s>'"),
    cl::cat(category));

static cl::opt<bool> printSummary(
    "summary",
    cl::desc("Print the network's inputs, outputs, neurons, connections, "
             "biases, ops and depth"),
    cl::cat(category));

static cl::opt<std::string> calibrateFile(
    "calibrate",
    cl::desc("Measure this machine's fp32 peak and memory bandwidths for "
             "the roofline and write them to FILE (JSON)"),
    cl::value_desc("FILE"), cl::cat(category));

static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run") << message << '\n';
  return 1;
}

static std::optional<sffnn::SampleFormat> chosenFormat() {
  if (inputFormat.empty())
    return sffnn::sampleFormatFromPath(inputFile);
  if (inputFormat == "tsv")
    return sffnn::SampleFormat::Tsv;
  if (inputFormat == "mtx")
    return sffnn::SampleFormat::MatrixMarket;
  if (inputFormat == "dense")
    return sffnn::SampleFormat::Dense;
  return std::nullopt;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "run a sparse FFNN on a batch\n");
  if (!calibrateFile.empty()) {
    auto machine = sffnn::roofline::calibrate();
    if (!machine)
      return fail(llvm::toString(machine.takeError()));
    if (llvm::Error err =
            sffnn::roofline::writeMachineModel(*machine, calibrateFile))
      return fail(llvm::toString(std::move(err)));
    llvm::outs() << llvm::format("peak=%.4g FLOP/s", machine->peakFlops);
    for (const auto &level : machine->levels)
      llvm::outs() << llvm::format(" %s=%.4g B/s", level.name.c_str(),
                                   level.bandwidth);
    llvm::outs() << "\n";
    return 0;
  }
  if (networkFile.empty() || inputFile.empty())
    return fail("expected a network file and --input FILE (or --calibrate)");
  if (!interpretMode)
    return fail("compiled execution is not available yet; pass --interpret "
                "to use the reference interpreter");
  if (repeat < 1)
    return fail("--repeat must be at least 1");
  std::optional<sffnn::SampleFormat> format = chosenFormat();
  if (!format)
    return fail("unknown --input-format '" + inputFormat +
                "'; expected tsv, mtx or dense");

  mlir::MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(networkFile, sourceMgr, &context);
  if (!module)
    return 1;
  mlir::FailureOr<mlir::sffnn::NetworkOp> network =
      mlir::sffnn::findNetwork(*module, networkName);
  if (mlir::failed(network))
    return 1;

  mlir::sffnn::NetworkSummary summary = mlir::sffnn::summarize(*network);
  if (printSummary)
    llvm::outs() << "network @" << network->getSymName()
                 << ": inputs=" << summary.inputs
                 << " outputs=" << summary.outputs
                 << " neurons=" << summary.neurons
                 << " connections=" << summary.connections
                 << " biases=" << summary.biases
                 << " ops=" << summary.computeOps << " depth=" << summary.depth
                 << '\n';

  llvm::Expected<sffnn::DenseBatch> inputs =
      sffnn::readSamples(inputFile, *format, network->getNumInputs());
  if (!inputs)
    return fail(llvm::toString(inputs.takeError()));

  mlir::FailureOr<sffnn::DenseBatch> outputs = mlir::failure();
  std::vector<double> seconds;
  for (unsigned r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    outputs = mlir::sffnn::interpret(*network, *inputs);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
    if (mlir::failed(outputs))
      return 1;
  }

  if (categories) {
    bool first = true;
    for (int64_t s = 0; s < outputs->samples; ++s) {
      const float *row = outputs->row(s);
      if (std::any_of(row, row + outputs->features,
                      [](float v) { return v != 0.0f; })) {
        llvm::outs() << (first ? "" : " ") << s + 1;
        first = false;
      }
    }
    llvm::outs() << '\n';
  }
  if (!outputFile.empty()) {
    std::string error;
    auto file = mlir::openOutputFile(outputFile, &error);
    if (!file)
      return fail(error);
    sffnn::writeDense(file->os(), *outputs);
    file->keep();
  }
  if (timeIt) {
    std::sort(seconds.begin(), seconds.end());
    double median = seconds[seconds.size() / 2];
    if (seconds.size() % 2 == 0)
      median = (median + seconds[seconds.size() / 2 - 1]) / 2;
    double edges = static_cast<double>(inputs->samples) *
                   static_cast<double>(summary.connections);
    llvm::outs() << llvm::format("seconds=%.6g edges_per_s=%.6g\n", median,
                                 edges / median);
  }
  return 0;
}
