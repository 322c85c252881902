//===- SFFNNToVector.cpp - convert-sffnn-to-vector ------------------------===//
//
// The pass: builds the program and its plan (sffnn::codegen::planKernel
// decides register groups, slots, pool layout, chunks and each chunk's
// form) and hands them to the KernelDriver, which only spells them as func,
// scf, memref, vector, arith and math operations. docs/Codegen.md describes
// the generated code.
//
//===----------------------------------------------------------------------===//
#include "CallLowering.h"
#include "KernelDriver.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/Analysis/ProgramFromIR.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"
#include "sffnn/Codegen/SmallBatchPlan.h"
#include "sffnn/IO/Schedule.h"
#include "sffnn/Support/CNames.h"


#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_CONVERTSFFNNTOVECTOR
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace cg = ::sffnn::codegen;
namespace io = ::sffnn::io;
using lowering::KernelDriver;
using lowering::KernelOptions;

namespace {

/// The kernel's C entry point is `void NAME(...)`: NAME must be a C
/// identifier that is not a keyword and not one of the runtime's names
/// (docs/Codegen.md). Other names are rejected rather than mangled, so that
/// the function a user calls is always the network's own name.
LogicalResult checkCEntryName(NetworkOp network) {
  StringRef name = network.getSymName();
  static const char *const keywords[] = {
      "auto",     "break",    "case",     "char",   "const",    "continue",
      "default",  "do",       "double",   "else",   "enum",     "extern",
      "float",    "for",      "goto",     "if",     "inline",   "int",
      "long",     "register", "restrict", "return", "short",    "signed",
      "sizeof",   "static",   "struct",   "switch", "typedef",  "union",
      "unsigned", "void",     "volatile", "while",  "_Bool",    "_Complex",
      "bool",     "true",     "false",    "main"};
  bool identifier = !name.empty() && !llvm::isDigit(name.front()) &&
                    llvm::all_of(name, [](char c) {
                      return llvm::isAlnum(c) || c == '_';
                    });
  const char *why = nullptr;
  if (!identifier)
    why = "is not a C identifier ([A-Za-z_][A-Za-z0-9_]*)";
  else if (llvm::is_contained(keywords, name))
    why = "is a C keyword or 'main'";
  else if (name.starts_with("sffnn_"))
    why = "starts with 'sffnn_', which the runtime reserves";
  else if (::sffnn::isReservedCName(name))
    why = "is reserved for the C library (a libc or POSIX function, or "
          "'__'/'_' and a capital): programs linking the kernel would call "
          "it instead of libc's";
  if (!why)
    return success();
  return emitError(network.getLoc(), "network name '")
         << name << "' " << why
         << ": it names the kernel's C function; rename the network (e.g. "
            "sparse-ffnn-translate --name)";
}

struct ConvertSFFNNToVectorPass
    : public mlir::sffnn::impl::ConvertSFFNNToVectorBase<
          ConvertSFFNNToVectorPass> {
  ConvertSFFNNToVectorPass() = default;
  // Options are registered per instance; clonePass copies their values.
  ConvertSFFNNToVectorPass(const ConvertSFFNNToVectorPass &other)
      : Base(other) {}

#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  Option<TYPE> FIELD{*this, FLAG, llvm::cl::desc(DESC),                       \
                     llvm::cl::init(DEFAULT)};
#include "sffnn/Conversion/LoweringOptions.def"

  ::sffnn::LoweringOptions loweringOptions() const {
    ::sffnn::LoweringOptions o;
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC) o.FIELD = FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
    return o;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    ::sffnn::LoweringOptions given = loweringOptions();
    if (llvm::Error invalid = given.validate()) {
      emitError(module.getLoc(), llvm::toString(std::move(invalid)));
      return signalPassFailure();
    }
    llvm::Expected<int64_t> resolved = given.resolvedTile();
    if (!resolved) {
      emitError(module.getLoc(), llvm::toString(resolved.takeError()));
      return signalPassFailure();
    }
    int64_t T = *resolved;
    llvm::Expected<std::string> emitter = given.resolvedFmaEmitter();
    if (!emitter) {
      emitError(module.getLoc(), llvm::toString(emitter.takeError()));
      return signalPassFailure();
    }
    bool assembly = *emitter == "x86-avx512";
    llvm::Expected<int64_t> lanes = given.resolvedLanes();
    if (!lanes) {
      emitError(module.getLoc(), llvm::toString(lanes.takeError()));
      return signalPassFailure();
    }
    for (NetworkOp network :
         llvm::make_early_inc_range(module.getOps<NetworkOp>())) {
      if (failed(convert(module, network, T, *lanes, assembly)))
        return signalPassFailure();
      network.erase();
    }
    // Calls of the networks (sffnn.call on buffers), now that each is a
    // kernel.
    if (failed(lowering::lowerNetworkCalls(module)))
      return signalPassFailure();
  }

  /// `assembly`: straight-line FMAs will be the x86-avx512 inline assembly.
  LogicalResult convert(ModuleOp module, NetworkOp network, int64_t T,
                        int64_t lanes, bool assembly) {
    if (failed(checkCEntryName(network)))
      return failure();
    cg::Program program = buildProgram(network);
    // Checked here, naming sffnn.schedule, rather than only by planKernel.
    FailureOr<io::NeuronOrder> order = scheduleOf(network, program.graph);
    if (failed(order))
      return failure();
    FailureOr<std::vector<int64_t>> starts =
        getBlockStarts(network, blockLevel);
    if (failed(starts))
      return failure();

    KernelOptions options;
    options.tile = T;
    options.dropDeadSamples = dropDeadSamples;
    options.tilesPerGroup =
        tilesPerGroup > 0 ? int64_t(tilesPerGroup) : (dropDeadSamples ? 64 : 4);
    int64_t connections = program.graph.numEdges();

    cg::PlanOptions planOptions;
    planOptions.registerTile = registerTile;
    planOptions.window = pullWindow;
    // The straight-line budget and chunk size by what straight-line code
    // costs to compile with the emitter (docs/Codegen.md, "Compile cost of
    // straight-line code"): inline assembly is cheap per connection, and
    // LLVM's per-function costs favour fewer, larger functions; with LLVM
    // IR FMAs instruction selection grows faster than the function. Table
    // chunks are 16 x 1024 connections unless chunk-connections is set.
    planOptions.chunkConnections =
        chunkConnections >= 1 ? int64_t(chunkConnections)
        : assembly            ? 4096
                              : 1024;
    planOptions.tableChunkFactor =
        chunkConnections >= 1 ? 16 : 16384 / planOptions.chunkConnections;
    planOptions.weightRegisters = assembly ? cg::kAssemblyWeightRegisters
                                           : cg::kLLVMWeightRegisters;
    planOptions.form = *cg::parseKernelForm(kernelForm);
    planOptions.maxStraightLine =
        maxStraightLine >= 0 ? int64_t(maxStraightLine)
        : assembly           ? 200000
                             : 100000;
    planOptions.tilesPerGroup = options.tilesPerGroup;
    planOptions.blockStarts = *starts;
    planOptions.dropDeadSamples = dropDeadSamples;
    auto plan = cg::planKernel(program, *order, planOptions);
    if (!plan)
      return emitError(network.getLoc(), "cannot plan the kernel: ")
             << llvm::toString(plan.takeError());
    // The plan holds what the code needs; the program's graph (about 20
    // bytes per connection) would otherwise stay alive through the
    // emission, the peak of the compiler's memory.
    program = cg::Program();
    if (dropDeadSamples && llvm::none_of(plan->chunks, [](const cg::Chunk &c) {
          return c.dropDeadAfter;
        }))
      emitRemark(network.getLoc(),
                 "drop-dead-samples: no chunk boundary after which zero "
                 "stays zero (a positive bias or a sigmoid follows); no "
                 "sample will be dropped");
    // Batches below a tile may run sample by sample, vectors across neurons.
    std::optional<cg::SmallBatchPlan> small;
    if (smallBatch != 0) {
      // 16 lanes: AVX-512, whose vpermi2ps the permute rows use.
      small = cg::planSmallBatch(*plan, lanes, /*windows=*/lanes == 16);
      options.smallBatch = &*small;
      options.smallBatchLimit =
          cg::smallBatchLimit(smallBatch, T, *plan, *small);
    }
    KernelDriver(module, network.getLoc(), network.getSymName(), *plan, options)
        .emit(connections);
    return success();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sffnn::createConvertSFFNNToVector(
    const ::sffnn::LoweringOptions &options) {
  auto pass = std::make_unique<ConvertSFFNNToVectorPass>();
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  pass->FIELD = options.FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
  return pass;
}
