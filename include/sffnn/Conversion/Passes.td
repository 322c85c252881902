//===- Passes.td - sffnn lowering passes -------------------*- tablegen -*-===//
#ifndef SFFNN_CONVERSION_PASSES_TD
#define SFFNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSFFNNToVector : Pass<"convert-sffnn-to-vector", "::mlir::ModuleOp"> {
  let summary = "Lower scheduled networks to straight-line, batch-tiled "
                "vector code";
  let description = [{
    Replaces every `sffnn.network @NAME` by a kernel `func.func @NAME_impl(
    %in: memref<?xf32>, %out: memref<?xf32>, %batch: index)` over row-major
    batch x features buffers, plus private chunk functions and constant pools
    (docs/Codegen.md). Every value is a word of `tile` samples (a
    `vector<tile x f32>`); the kernel runs the network on one batch tile
    after another, the last one masked. Neurons are evaluated in the order of
    `sffnn.schedule` (or program order) in register groups of at most
    `register-tile` neurons whose accumulators stay in registers; each
    distinct source of a group is loaded once from the per-tile scratch area,
    whose slots are reused as soon as a value dies; weights are read from a
    constant pool at fixed offsets in the order the code uses them. Code is
    split into chunk functions at the starts of the blocks of
    `sffnn.blocks[block-level]` and after `chunk-connections` connections;
    each chunk runs over `tiles-per-group` tiles before the next chunk
    starts, so that its code and weights stay in cache.

    `kernel-form` chooses how chunks are spelled: straight-line code (one
    FMA per connection, weights as constants) or the table form (loops over
    the same schedule with source slots and weights streamed from constant
    tables); `auto` picks the table form, with a remark, for networks of
    more than `max-straight-line` connections. `drop-dead-samples` (the Graph
    Challenge trick) removes, after every chunk, the samples whose live
    values are all zero, when the rest of the network maps zero to zero.

    Then every `sffnn.call` on buffers becomes a `func.call` of its
    network's kernel on 1-D views of the buffers (CallLowering.cpp); calls
    on tensors must be bufferized first (`one-shot-bufferize`, which
    sffnn-to-llvm-pipeline runs).

    The options (tile, register-tile, pull-window, chunk-connections,
    tiles-per-group, block-level, max-straight-line, drop-dead-samples,
    target-triple,
    target-cpu, target-features) are declared once, in
    include/sffnn/Conversion/LoweringOptions.def, for this pass, the
    pipeline and the tools; `--help` lists them with their descriptions.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    // The small-batch code calls vpermi2ps as an LLVM intrinsic.
    "::mlir::LLVM::LLVMDialect"
  ];
}

def SFFNNBufferize : Pass<"sffnn-bufferize", "::mlir::ModuleOp"> {
  let summary = "One-Shot Bufferize the code around the networks";
  let description = [{
    Upstream One-Shot Bufferize with `bufferize-function-boundaries` and
    identity layouts (function boundaries and unknown ops), on every op but
    the `sffnn.network`s and their bodies, which convert-sffnn-to-vector
    lowers whole. `sffnn.call` on tensors becomes `sffnn.call` on buffers
    (its input read, a new output buffer); func, arith, linalg, tensor, scf
    and bufferization ops bufferize with their upstream models.
    It inserts no deallocation: sffnn-to-llvm-pipeline runs upstream's
    ownership-based deallocation on the functions next
    (docs/Integration.md).
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def SFFNNEmitCABI : Pass<"sffnn-emit-c-abi", "::mlir::ModuleOp"> {
  let summary = "Add the C entry point of every lowered kernel";
  let description = [{
    For every lowered kernel `llvm.func @NAME_impl` (marked `sffnn.kernel`),
    adds `llvm.func @NAME(%in: !llvm.ptr, %out: !llvm.ptr, %batch: i64)`,
    the C function `void NAME(const float *in, float *out, int64_t batch)`,
    which wraps the buffers in memref descriptors and calls the kernel. Runs
    after the conversion to the LLVM dialect.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def SFFNNExpandFmaGroups : Pass<"sffnn-expand-fma-groups", "::mlir::ModuleOp"> {
  let summary = "Write out the loads and FMAs of straight-line register groups";
  let description = [{
    Replaces every `sffnn.fma_group` by its LLVM dialect ops: per source a
    `llvm.getelementptr` and an aligned `llvm.load` of the word, per term an
    `llvm.intr.fmuladd` with its weight as a splat `llvm.mlir.constant`
    (one per distinct weight and function, at the start of its entry
    block). The last pass of sffnn-to-llvm-pipeline, so that the upstream
    conversion passes before it see one op per register group instead of
    one per connection (docs/Codegen.md, "Compile cost of straight-line
    code").

    With `emitter=x86-avx512` each group whose words are vector<16xf32>
    becomes instead one `llvm.inline_asm` of x86-64 AVX-512 code (a
    `vmovups` per source, a `vfmadd231ps` with an embedded-broadcast weight
    per term, the weights in a private constant global), so that LLVM's
    instruction selection and schedulers, which cost tens of microseconds
    per connection, see one instruction per group; groups of more than 30
    accumulators are split. sffnn-to-llvm-pipeline
    chooses it on x86-64 targets with AVX-512F (option `fma-emitter`).
  }];
  let options = [
    Option<"emitter", "emitter", "std::string", "\"llvm\"",
           "How the loads and FMAs are written: llvm (LLVM dialect ops, any "
           "target) or x86-avx512 (inline assembly; x86-64 with AVX-512F)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // SFFNN_CONVERSION_PASSES_TD
