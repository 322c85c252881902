//===- Compiler.h - from sffnn IR to native kernels -------------*- C++ -*-===//
//
// The driver behind sparse-ffnn-translate and sparse-ffnn-run: lowers a
// module with sffnn-to-llvm-pipeline, translates it to LLVM IR, optimizes
// it for a target, writes an object file, links a shared library (with the
// runtime) and loads it. Each step is timed for the compile-time report.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_COMPILER_COMPILER_H
#define SFFNN_COMPILER_COMPILER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace mlir::sffnn {

struct TargetOptions {
  /// Empty: the host (triple, CPU name and features).
  std::string triple, cpu, features;
  /// LLVM optimization level, 0 to 3.
  int optLevel = 2;
};

/// The shape of a lowered kernel (the sffnn.kernel attribute).
struct KernelInfo {
  std::string name, form;
  int64_t inputs = 0, outputs = 0, connections = 0, tile = 0, slots = 0,
          chunks = 0;
  bool dropDeadSamples = false;
};

/// Runs sffnn-to-llvm-pipeline with `pipelineOptions` ("tile=16 ...").
LogicalResult lowerToLLVMDialect(ModuleOp module, StringRef pipelineOptions);

/// The kernels of a lowered module.
std::vector<KernelInfo> kernelsOf(ModuleOp lowered);

/// A C header declaring the kernels of a lowered module.
std::string kernelHeader(ModuleOp lowered);

FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options, Location loc);

/// Translates a lowered module to LLVM IR for `machine` and optimizes it.
FailureOr<std::unique_ptr<llvm::Module>>
translateToLLVMIR(ModuleOp lowered, llvm::LLVMContext &context,
                  llvm::TargetMachine &machine, int optLevel);

LogicalResult writeObjectFile(llvm::Module &module,
                              llvm::TargetMachine &machine, StringRef path,
                              Location loc);

/// Links an object file and the kernel runtime into a shared library with
/// the system's clang. Fails (with the linker's output) when it cannot.
LogicalResult linkSharedLibrary(StringRef object, StringRef output,
                                Location loc);

/// A shared library loaded with dlopen, and one kernel in it.
class LoadedKernel {
public:
  using Fn = void (*)(const float *, float *, int64_t);
  static FailureOr<std::unique_ptr<LoadedKernel>>
  load(StringRef library, StringRef name, Location loc);
  ~LoadedKernel();
  Fn function() const { return fn; }

private:
  void *handle = nullptr;
  Fn fn = nullptr;
};

/// Seconds per phase and the object's size, for compile-time reports.
struct CompileStats {
  double lower = 0, translate = 0, codegen = 0, link = 0;
  uint64_t objectBytes = 0;
  double total() const { return lower + translate + codegen + link; }
};

/// Lowers `module` (consumed: it is rewritten in place), builds a shared
/// library in a temporary directory (or at `keepLibrary`) and loads the
/// kernel of network `name`.
FailureOr<std::unique_ptr<LoadedKernel>>
compileAndLoad(ModuleOp module, StringRef name, StringRef pipelineOptions,
               const TargetOptions &target, CompileStats *stats,
               StringRef keepLibrary = "");

} // namespace mlir::sffnn

#endif // SFFNN_COMPILER_COMPILER_H
