//===- FuzzPassOptions.cpp - option strings of every sffnn pass -----------===//
//
// The first byte picks a pass (or the lowering pipeline), the rest is its
// option string; it runs on a small network. Inputs naming files to write (output, table, svg) are
// skipped: a fuzzer must not write where its input says. The annealing
// budgets are capped so that a large but valid budget is not a "hang".
//
//===----------------------------------------------------------------------===//
#include "FuzzIR.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

static const char *const kPasses[] = {
    "sffnn-io-bounds", "sffnn-schedule", "sffnn-anneal",
    "sffnn-block",     "sffnn-io-plot",  "sffnn-roofline",
    "sffnn-io-report", "convert-sffnn-to-vector",
    "sffnn-merge-duplicate-neurons", "sffnn-raise-linalg", "sffnn-bufferize",
    // Last, so that the seeds' first bytes keep their passes: the whole
    // lowering, whose options pick the straight-line FMA emitter.
    "sffnn-to-llvm-pipeline"};

static const char *const kNetwork = R"(
sffnn.network @n(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3, offsets = dense<[0, 2, 3]> : tensor<3xi32>, indices = dense<[0, 2, 1]> : tensor<3xi32>, values = dense<[1.0, -2.0, 0.5]> : tensor<3xf32>> bias dense<[0.1, -0.2]> : tensor<2xf32> -> tensor<?x2xf32>
  %y = sffnn.layer sigmoid (%h, %x : tensor<?x2xf32>, tensor<?x3xf32>) weights #sffnn.csr<2x5, offsets = dense<[0, 2, 4]> : tensor<3xi32>, indices = dense<[0, 3, 1, 4]> : tensor<4xi32>, values = dense<[1.0, 1.5, -1.0, 2.0]> : tensor<4xf32>> -> tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
)";

/// Option values that would only make the run long, not exercise checks.
static bool unbounded(llvm::StringRef options) {
  for (llvm::StringRef key : {"output", "table", "svg", "iterations",
                              "seconds", "memories", "checkpoints"})
    if (options.contains(key))
      return true;
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  static bool registered = (mlir::sffnn::registerAllPasses(), true);
  (void)registered;
  const char *pass = kPasses[data[0] % std::size(kPasses)];
  llvm::StringRef options(reinterpret_cast<const char *>(data + 1), size - 1);
  if (options.contains('\0') || options.contains('}') || unbounded(options))
    return 0;
  auto module = sffnn::fuzz::parseAndVerify(kNetwork);
  if (!module)
    abort(); // the fixed network must parse
  mlir::PassManager pm(&sffnn::fuzz::fuzzContext());
  std::string pipeline = (llvm::Twine(pass) + "{" + options + "}").str();
  if (failed(mlir::parsePassPipeline(pipeline, pm)))
    return 0;
  (void)pm.run(*module);
  return 0;
}
