//===- MpiRun.cpp - sparse-ffnn-run --mpi-split=batch|layers --------------===//
//
// Every rank parses the network and compiles its own part: the whole
// network (batch split) or its stage (layer split). Compiling on each rank
// needs no file system shared between nodes (a library written by rank 0 on
// one node's /tmp is not on the others, and a shared network file system
// may show a fresh file late), costs no wall time (the ranks compile in
// parallel), and a stage is compiled only where it runs. Rank 0 reads the
// batch and receives the results (libsffnn_mpi, sffnn_mpi.h).
//
// Every phase ends with an agreement: a rank that fails (a network it
// cannot parse or compile, an input it cannot read, a slice over its memory
// limit) makes every rank exit 1, and rank 0 prints that rank's message,
// once. Each rank's diagnostics are therefore captured, not printed.
//
//===----------------------------------------------------------------------===//
#include "MpiRun.h"
#include "Stages.h"

#include "sffnn/Analysis/NetworkSummary.h"
#include "sffnn/Codegen/KernelPlan.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Writers.h"
#include "sffnn/IO/Schedule.h"
#include "sffnn/Interpreter/Interpreter.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Support/Tolerance.h"
#include "sffnn/Target/NetworkBuilder.h"
#include "sffnn_mpi.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <memory>

using namespace mlir;
using namespace mlir::sffnn;
using ::sffnn::MpiRunRequest;

namespace {

/// One rank: its place in MPI_COMM_WORLD and a context whose diagnostics
/// are kept (for the agreement) instead of printed.
struct Rank {
  MPI_Comm comm = MPI_COMM_WORLD;
  int rank = 0, ranks = 1;
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream{diagnostics};
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler{sourceMgr, &context, diagnosticStream};

  Rank() {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    context.loadDialect<SFFNNDialect>();
  }

  /// The agreement at the end of a phase: true when every rank succeeded;
  /// otherwise rank 0 prints the failing rank's message. A rank that failed
  /// passes `problem`, or its diagnostics when `problem` is empty.
  bool agree(bool ok, std::string problem = "") {
    if (!ok && problem.empty())
      problem = llvm::StringRef(diagnostics).rtrim().str();
    std::string error(8192, '\0');
    if (sffnn_mpi_agree(comm, ok, problem.c_str(), error.data(),
                        error.size()) < 0)
      return true;
    if (rank == 0)
      llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run")
          << error.c_str() << '\n';
    return false;
  }
};

/// This rank's kernel, compiled from `module`.
struct Compiled {
  std::unique_ptr<LoadedKernel> kernel;
  KernelInfo info;
};

FailureOr<Compiled> compileKernel(ModuleOp module, StringRef name,
                                  const MpiRunRequest &request) {
  Artifact artifact;
  auto kernel = compileAndLoad(module, name, request.compile, &artifact);
  if (failed(kernel))
    return failure();
  return Compiled{std::move(*kernel), artifact.kernels.front()};
}

sffnn_mpi_kernel describe(const Compiled &compiled, int threads) {
  return {compiled.kernel->function(),
          compiled.info.inputs,
          compiled.info.outputs,
          compiled.info.tile,
          threads,
          static_cast<int64_t>(::sffnn::memoryLimitBytes())};
}

/// Layer split: this rank's stage (null when it has none) and the plan.
struct StagePlan {
  std::vector<int> cuts;
  std::vector<int64_t> live, connections;
  bool dropZeroRows = false;
};

FailureOr<Compiled> compileStage(Rank &self, NetworkOp network,
                                 const MpiRunRequest &request,
                                 StagePlan &plan) {
  FailureOr<::sffnn::LayeredNetwork> layered = extractLayeredNetwork(network);
  if (failed(layered))
    return failure();
  plan.cuts = ::sffnn::planStages(*layered, self.ranks);
  plan.live = ::sffnn::liveValuesAtCuts(*layered);
  int stages = static_cast<int>(plan.cuts.size()) - 1;
  for (int s = 0; s < stages; ++s) {
    int64_t connections = 0;
    for (int l = plan.cuts[s]; l < plan.cuts[s + 1]; ++l)
      connections += layered->layers[l].weights.nnz();
    plan.connections.push_back(connections);
  }
  // Samples whose values at a cut are all zero stay zero to the end when
  // every later neuron maps zero to zero: then the pipeline drops them.
  if (request.compile.lowering.dropDeadSamples && stages > 1) {
    ::sffnn::Program program = ::sffnn::toProgram(*layered);
    int64_t before = 0;
    for (int l = 0; l < plan.cuts[1]; ++l)
      before += layered->layers[l].neurons();
    plan.dropZeroRows = ::sffnn::codegen::zeroStaysZeroFrom(
        program, ::sffnn::io::programOrder(program.graph))[before];
  }
  if (self.rank >= stages)
    return Compiled{};
  ::sffnn::LayeredNetwork stage = ::sffnn::stageNetwork(
      *layered, plan.cuts[self.rank], plan.cuts[self.rank + 1]);
  stage.name = network.getSymName().str() + "_stage" +
               std::to_string(self.rank);
  OwningOpRef<ModuleOp> module = buildModule(&self.context, stage);
  return compileKernel(*module, stage.name, request);
}

/// Rank 0's report of --time: the whole run, then every rank.
void printTimes(Rank &self, const sffnn_mpi_stats &mine, double seconds,
                int64_t samples, int64_t connections, StringRef split) {
  std::vector<sffnn_mpi_stats> all(self.rank == 0 ? self.ranks : 0);
  MPI_Gather(&mine, sizeof mine, MPI_BYTE, all.data(), sizeof mine, MPI_BYTE,
             0, self.comm);
  if (self.rank != 0)
    return;
  int64_t bytes = 0;
  for (const sffnn_mpi_stats &s : all)
    bytes += s.bytes_sent;
  double edges = double(samples) * double(connections);
  llvm::outs() << llvm::format(
      "mpi: split=%s ranks=%d seconds=%.6g edges_per_s=%.6g "
      "bytes_per_sample=%.6g\n",
      split.str().c_str(), self.ranks, seconds, edges / seconds,
      samples ? double(bytes) / double(samples) : 0.0);
  for (int r = 0; r < self.ranks; ++r)
    llvm::outs() << llvm::format(
        "rank %d: samples=%lld compute_seconds=%.6g "
        "communication_seconds=%.6g bytes_sent=%lld\n",
        r, (long long)all[r].samples, all[r].compute_seconds,
        all[r].communication_seconds, (long long)all[r].bytes_sent);
}

/// Rank 0: categories, the output file and --verify, as the plain tool.
int report(NetworkOp network, const MpiRunRequest &request,
           const ::sffnn::DenseBatch &inputs, const ::sffnn::DenseBatch &out,
           const std::vector<int64_t> &categories) {
  if (request.categories) {
    for (size_t i = 0; i < categories.size(); ++i)
      llvm::outs() << (i ? " " : "") << categories[i] + 1;
    llvm::outs() << '\n';
  }
  if (!request.outputFile.empty()) {
    if (llvm::Error err = ::sffnn::writeDenseFile(request.outputFile, out))
      return llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run")
                 << llvm::toString(std::move(err)) << '\n',
             1;
  }
  if (!request.verify)
    return 0;
  ::sffnn::DenseBatch scale;
  auto reference = interpret(network, inputs, &scale, request.rtol);
  if (failed(reference))
    return 1;
  ::sffnn::Comparison c = ::sffnn::compareOutputs(out.data, reference->data,
                                                  scale.data, request.rtol);
  llvm::outs() << llvm::format(
      "verify: max_error=%.3g max_scaled_error=%.3g max_tolerance=%.3g "
        "rtol=%.3g %s\n",
      c.maxError, c.maxScaled, c.maxTolerance, request.rtol,
      c.failures ? "FAILED" : "passed");
  if (!c.failures)
    return 0;
  llvm::outs().flush();
  llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run")
      << c.failures << " outputs differ from the interpreter by more than "
      << "rtol\n";
  return 1;
}

int run(const MpiRunRequest &request) {
  Rank self;
  // Phase 1: every rank parses the network; rank 0 reads the batch.
  OwningOpRef<ModuleOp> module =
      readModuleFile(request.networkFile, self.sourceMgr, &self.context);
  FailureOr<NetworkOp> network = failure();
  if (module)
    network = findNetwork(*module, request.networkName);
  std::string problem;
  ::sffnn::DenseBatch inputs;
  if (succeeded(network) &&
      !ShapedType::isDynamic(network->getInputType().getDimSize(0)))
    problem = "--mpi-split needs a network whose batch size is dynamic "
              "(tensor<?x...>), so that ranks can take parts of a batch";
  if (succeeded(network) && problem.empty() && self.rank == 0) {
    auto read = ::sffnn::readSamples(request.inputFile, request.format,
                                     network->getNumInputs());
    if (read)
      inputs = std::move(*read);
    else
      problem = llvm::toString(read.takeError());
  }
  if (!self.agree(succeeded(network) && problem.empty(), problem))
    return 1;

  // Phase 2: every rank compiles its part.
  bool batchSplit = request.split == "batch";
  StagePlan plan;
  FailureOr<Compiled> compiled = failure();
  if (batchSplit) {
    OpBuilder builder(&self.context);
    OwningOpRef<ModuleOp> own = ModuleOp::create(network->getLoc());
    builder.setInsertionPointToEnd(own->getBody());
    builder.clone(*network->getOperation());
    compiled =
        compileKernel(*own, network->getSymName(), request);
  } else {
    compiled = compileStage(self, *network, request, plan);
  }
  if (!self.agree(succeeded(compiled)))
    return 1;

  // Phase 3: run. Rank 0 gathers outputs when it writes or checks them.
  bool wantOutputs = request.verify || !request.outputFile.empty();
  ::sffnn::DenseBatch out;
  std::vector<int64_t> categories;
  sffnn_mpi_batch batch = {};
  if (self.rank == 0) {
    out.samples = inputs.samples;
    out.features = network->getNumOutputs();
    if (wantOutputs)
      out.data.assign(size_t(out.samples * out.features), 0.0f);
    if (request.categories)
      categories.assign(size_t(inputs.samples), 0);
    batch = {inputs.data.data(), inputs.samples,
             wantOutputs ? out.data.data() : nullptr,
             request.categories ? categories.data() : nullptr, 0};
  }
  sffnn_mpi_kernel kernel = {};
  if (compiled->kernel)
    kernel = describe(*compiled, request.threads);
  std::string error(8192, '\0');
  sffnn_mpi_stats stats = {};
  MPI_Barrier(self.comm);
  double start = MPI_Wtime();
  int rc;
  if (batchSplit) {
    rc = sffnn_mpi_run(&kernel, &batch, self.comm, &stats, error.data(),
                       error.size());
  } else {
    int stages = static_cast<int>(plan.cuts.size()) - 1;
    int64_t groupRows = request.groupRows;
    if (groupRows <= 0) { // about four groups per stage, in whole tiles
      int64_t tile = std::max<int64_t>(1, kernel.tile);
      groupRows = (inputs.samples + 4 * stages - 1) / (4 * stages);
      groupRows = std::max<int64_t>(1, (groupRows + tile - 1) / tile) * tile;
    }
    rc = sffnn_mpi_run_pipeline(kernel.kernel ? &kernel : nullptr,
                                plan.dropZeroRows, groupRows, &batch,
                                self.comm, &stats, error.data(),
                                error.size());
  }
  double seconds = MPI_Wtime() - start;
  if (rc != 0) {
    if (self.rank == 0)
      llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run")
          << error.c_str() << '\n';
    return 1;
  }
  categories.resize(size_t(batch.category_count));

  if (request.time) {
    NetworkSummary summary = summarize(*network);
    printTimes(self, stats, seconds, inputs.samples, summary.connections,
               request.split);
    for (size_t s = 0; self.rank == 0 && s + 1 < plan.cuts.size(); ++s)
      llvm::outs() << llvm::format(
          "stage %zu: layers %d-%d connections=%lld inputs=%lld "
          "outputs=%lld%s\n",
          s, plan.cuts[s] + 1, plan.cuts[s + 1],
          (long long)plan.connections[s], (long long)plan.live[plan.cuts[s]],
          (long long)plan.live[plan.cuts[s + 1]],
          plan.dropZeroRows ? " drops zero samples" : "");
  }
  int code = self.rank == 0
                 ? report(*network, request, inputs, out, categories)
                 : 0;
  MPI_Bcast(&code, 1, MPI_INT, 0, self.comm);
  return code;
}

} // namespace

int ::sffnn::runWithMpi(const MpiRunRequest &request) {
  int provided = 0;
  // Kernel threads never call MPI; the main thread does.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  int code = run(request);
  llvm::outs().flush();
  MPI_Finalize();
  return code;
}
