//===- sparse-ffnn-run.cpp - run a network on a batch ---------------------===//
//
//   sparse-ffnn-run NET.mlir --input FILE [--threads N] [--verify] [--time]
//   sparse-ffnn-run NET.mlir --input FILE --interpret --categories
//   sparse-ffnn-run NET.mlir --input FILE --output OUT.txt
//
// By default the network is compiled (sffnn-to-llvm-pipeline, LLVM, a shared
// library with the runtime) and run; --interpret uses the reference
// interpreter instead.
//
//===----------------------------------------------------------------------===//
#include "MpiRun.h"
#include "sffnn/Analysis/NetworkSummary.h"
#include "sffnn/Compiler/CompileFlags.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Support/TargetInfo.h"
#include "sffnn/Support/Tolerance.h"
#include "sffnn_runtime.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Formats/Writers.h"
#include "sffnn/Interpreter/Interpreter.h"
#include "sffnn/Roofline/Calibrate.h"
#include "sffnn/Target/NetworkBuilder.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>
#include <cmath>

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
static cl::opt<unsigned> repeat(
    "repeat",
    cl::desc("Run the batch this many times (default 1; compiled, with "
             "--time and batches of at most 64 samples, 1000: a latency "
             "measurement)"),
    cl::init(1), cl::cat(category));
static cl::opt<bool> timeIt(
    "time",
    cl::desc("Print 'seconds=<median per call> p99_seconds=<99th percentile> "
             "calls=<n> edges_per_s=<batch*connections/median>'"),
    cl::cat(category));

/// Batches this small are latency measurements: --time alone calls 1000
/// times so that the median and the 99th percentile mean something.
constexpr int64_t kLatencyBatch = 64;
constexpr unsigned kLatencyCalls = 1000;
/// How many times the batch runs (--repeat, or the latency default).
static unsigned calls = 1;

static cl::opt<bool> printSummary(
    "summary",
    cl::desc("Print the network's inputs, outputs, neurons, connections, "
             "biases, ops and depth"),
    cl::cat(category));

static cl::OptionCategory compileCategory("compilation (default mode)");
/// libLLVM 22 already registers a global `--threads=<int>` (no description);
/// a second option of that name aborts at startup, so the tool adopts it,
/// and registers its own only where LLVM has none.
static cl::opt<int> &threadsOption() {
  if (cl::Option *existing = cl::getRegisteredOptions().lookup("threads"))
    return *static_cast<cl::opt<int> *>(existing);
  static cl::opt<int> own("threads", cl::init(1));
  return own;
}
static int threads = 1;
static cl::opt<bool> verify(
    "verify",
    cl::desc("Compare with the interpreter; print the max error and the max "
             "error scaled by each output's error scale (|bias| + sum "
             "|w|*(|x| + error scale x carries)), and fail where the error "
             "exceeds --rtol times that plus 2 ulps of the output "
             "(docs/Testing.md)"),
    cl::cat(compileCategory));
static cl::opt<double> rtol("rtol",
                            cl::desc("Tolerance of --verify, relative to "
                                     "each output's error scale"),
                            cl::init(sffnn::kDefaultRtol),
                            cl::cat(compileCategory));
static mlir::sffnn::CompileFlags compileFlags(compileCategory);
static cl::opt<std::string> keepLibrary(
    "keep-library", cl::desc("Keep the compiled shared library at FILE"),
    cl::value_desc("FILE"), cl::cat(compileCategory));
static cl::opt<bool> compileStats(
    "compile-stats",
    cl::desc("Print compile seconds per phase, object size and kernel form"),
    cl::cat(compileCategory));

static cl::opt<bool> printTarget(
    "print-target",
    cl::desc("Print the target the kernels are compiled for (the host, or "
             "--target-triple/-cpu/-features): SIMD lanes, registers, caches "
             "and where the cache sizes came from"),
    cl::cat(category));

static cl::opt<std::string> calibrateFile(
    "calibrate",
    cl::desc("Measure this machine's fp32 peak and memory bandwidths for "
             "the roofline and write them to FILE (JSON)"),
    cl::value_desc("FILE"), cl::cat(category));

static cl::OptionCategory mpiCategory("under mpirun (docs/Distributed.md)");
static cl::opt<std::string> mpiSplit(
    "mpi-split",
    cl::desc("Run on the ranks of mpirun: 'batch' (each rank runs the whole "
             "network on whole tiles of the batch) or 'layers' (each rank "
             "runs a stage of contiguous layers, the batch streaming "
             "through them)"),
    cl::cat(mpiCategory));
static cl::opt<int64_t> mpiGroupRows(
    "mpi-group-rows",
    cl::desc("--mpi-split=layers: samples per group sent between stages "
             "(default: about four groups per stage, in whole tiles)"),
    cl::init(0), cl::cat(mpiCategory));

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

/// Compiles `network` (a copy of it, in its own module), runs it --repeat
/// times through the runtime, and with --verify compares with the
/// interpreter. Returns the exit code.
template <typename Timer>
static int runCompiled(mlir::sffnn::NetworkOp network,
                       const sffnn::DenseBatch &inputs,
                       mlir::FailureOr<sffnn::DenseBatch> &outputs,
                       Timer timed) {
  int64_t fixedBatch = network.getInputType().getDimSize(0);
  if (!mlir::ShapedType::isDynamic(fixedBatch) && fixedBatch != inputs.samples)
    return network.emitError("the network takes batches of ")
               << fixedBatch << " samples, the input has " << inputs.samples,
           1;
  sffnn::DenseBatch reference, scale;
  if (verify) {
    auto ref = mlir::sffnn::interpret(network, inputs, &scale, rtol);
    if (mlir::failed(ref))
      return 1;
    reference = std::move(*ref);
  }
  mlir::OpBuilder builder(network.getContext());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(network.getLoc());
  builder.setInsertionPointToEnd(module->getBody());
  builder.clone(*network.getOperation());
  std::string name = network.getSymName().str();
  mlir::sffnn::Artifact artifact;
  auto kernel = mlir::sffnn::compileAndLoad(*module, name, compileFlags.get(),
                                            &artifact, keepLibrary);
  if (mlir::failed(kernel))
    return 1;
  const mlir::sffnn::CompileStats &stats = artifact.stats;
  const mlir::sffnn::KernelInfo &info = artifact.kernels.front();
  if (compileStats)
    llvm::outs() << llvm::format(
        "compile: lower=%.3fs translate+optimize=%.3fs codegen=%.3fs "
        "link+load=%.3fs total=%.3fs object=%llu bytes form=%s tile=%lld "
        "chunks=%lld scratch_words=%lld\n",
        stats.lower, stats.translate, stats.codegen, stats.link,
        stats.total(), (unsigned long long)stats.objectBytes,
        info.form.c_str(), (long long)info.tile, (long long)info.chunks,
        (long long)info.slots);

  sffnn::DenseBatch result;
  result.samples = inputs.samples;
  result.features = info.outputs;
  result.data.assign(static_cast<size_t>(inputs.samples * info.outputs), 0);
  for (unsigned r = 0; r < calls; ++r)
    timed([&] {
      sffnn_run((*kernel)->function(), inputs.data.data(), inputs.features,
                result.data.data(), result.features, inputs.samples,
                info.tile, threads);
    });
  if (verify) {
    sffnn::Comparison c = sffnn::compareOutputs(result.data, reference.data,
                                                scale.data, rtol);
    double maxError = c.maxError, maxScaled = c.maxScaled;
    int64_t failures = c.failures;
    llvm::outs() << llvm::format(
        "verify: max_error=%.3g max_scaled_error=%.3g max_tolerance=%.3g "
        "rtol=%.3g %s\n",
        maxError, maxScaled, c.maxTolerance, double(rtol),
        failures ? "FAILED" : "passed");
    if (failures) {
      llvm::outs().flush();
      fail(llvm::Twine(failures) + " outputs differ from the interpreter "
                                   "by more than rtol");
      return 1;
    }
  }
  outputs = std::move(result);
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::opt<int> &threadOpt = threadsOption();
  threadOpt.setDescription("Threads running batch tiles (default 1)");
  threadOpt.addCategory(compileCategory);
  cl::HideUnrelatedOptions({&category, &compileCategory, &mpiCategory});
  cl::ParseCommandLineOptions(argc, argv, "run a sparse FFNN on a batch\n");
  sffnn::installFatalErrorHandler("sparse-ffnn-run");
  sffnn::setFatalErrorInput(networkFile);
  sffnn::setFatalErrorOutput(outputFile);
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
  if (printTarget) {
    sffnn::LoweringOptions lowering = compileFlags.get().lowering;
    auto target = sffnn::describeTarget(
        lowering.targetTriple, lowering.targetCpu, lowering.targetFeatures);
    if (!target)
      return fail(llvm::toString(target.takeError()));
    llvm::outs() << sffnn::formatTargetInfo(*target) << '\n';
    return 0;
  }
  if (networkFile.empty() || inputFile.empty())
    return fail("expected a network file and --input FILE (or --calibrate)");
  if (interpretMode && verify)
    return fail("--verify compares the compiled kernel with the interpreter; "
                "drop --interpret");
  threads = threadOpt.getNumOccurrences() ? int(threadOpt) : 1;
  if (threads < 1)
    return fail("--threads must be at least 1");
  if (!std::isfinite(rtol) || rtol < 0)
    return fail("--rtol must be a finite number >= 0");
  if (repeat < 1)
    return fail("--repeat must be at least 1");
  std::optional<sffnn::SampleFormat> format = chosenFormat();
  if (!format)
    return fail("unknown --input-format '" + inputFormat +
                "'; expected tsv, mtx or dense");
  if (!mpiSplit.empty()) {
    if (mpiSplit != "batch" && mpiSplit != "layers")
      return fail("unknown --mpi-split '" + mpiSplit +
                  "'; expected batch or layers");
    if (interpretMode || repeat.getNumOccurrences() ||
        !keepLibrary.empty() || compileStats || printSummary)
      return fail("--mpi-split runs compiled kernels once; drop --interpret, "
                  "--repeat, --keep-library, --compile-stats and --summary");
    if (mpiGroupRows < 0)
      return fail("--mpi-group-rows must be at least 1 (0: automatic)");
    sffnn::MpiRunRequest request;
    request.split = mpiSplit;
    request.networkFile = networkFile;
    request.networkName = networkName;
    request.inputFile = inputFile;
    request.outputFile = outputFile;
    request.format = *format;
    request.compile = compileFlags.get();
    request.threads = threads;
    request.groupRows = mpiGroupRows;
    request.categories = categories;
    request.verify = verify;
    request.time = timeIt;
    request.rtol = rtol;
    return sffnn::runWithMpi(request);
  }

  mlir::MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  // A pass error names its op's location; the op itself, printed in full,
  // would be the whole network (millions of weights) on the terminal.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::sffnn::readModuleFile(networkFile, sourceMgr, &context);
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

  calls = repeat;
  if (timeIt && !interpretMode && !repeat.getNumOccurrences() &&
      inputs->samples <= kLatencyBatch)
    calls = kLatencyCalls;

  mlir::FailureOr<sffnn::DenseBatch> outputs = mlir::failure();
  std::vector<double> seconds;
  auto timed = [&](auto run) {
    auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  };
  if (interpretMode) {
    // Compiled, the pipeline merges (and --verify interprets the original).
    if (compileFlags.get().lowering.mergeDuplicateNeurons) {
      mlir::PassManager pm(&context);
      pm.addPass(mlir::sffnn::createSFFNNMergeDuplicateNeurons());
      if (mlir::failed(pm.run(*module)))
        return 1;
    }
    for (unsigned r = 0; r < calls; ++r) {
      timed([&] { outputs = mlir::sffnn::interpret(*network, *inputs); });
      if (mlir::failed(outputs))
        return 1;
    }
  } else {
    int exit = runCompiled(*network, *inputs, outputs, timed);
    if (exit != 0)
      return exit;
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
    if (llvm::Error err = sffnn::writeDenseFile(outputFile, *outputs))
      return fail(llvm::toString(std::move(err)));
  }
  if (timeIt) {
    std::sort(seconds.begin(), seconds.end());
    double median = seconds[seconds.size() / 2];
    if (seconds.size() % 2 == 0)
      median = (median + seconds[seconds.size() / 2 - 1]) / 2;
    // Nearest rank: the smallest time at least 99% of the calls stay under.
    size_t rank = (seconds.size() * 99 + 99) / 100;
    double p99 = seconds[std::max<size_t>(rank, 1) - 1];
    double edges = static_cast<double>(inputs->samples) *
                   static_cast<double>(summary.connections);
    llvm::outs() << llvm::format(
        "seconds=%.6g p99_seconds=%.6g calls=%zu edges_per_s=%.6g\n", median,
        p99, seconds.size(), edges / median);
  }
  return 0;
}
