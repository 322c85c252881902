//===- Compiler.h - from sffnn IR to native kernels -------------*- C++ -*-===//
//
// The one compiler driver, behind sparse-ffnn-translate --compile-to,
// sparse-ffnn-run and the Python module: lowers a module with
// sffnn-to-llvm-pipeline, translates it to LLVM IR, optimizes it for the
// target, writes an object file, links a shared library (with the runtime)
// and loads it. Each step is timed for the compile-time report.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_COMPILER_COMPILER_H
#define SFFNN_COMPILER_COMPILER_H

#include "sffnn/Conversion/LoweringOptions.h"
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"

#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::sffnn {

/// Everything that decides the generated code: the lowering options
/// (which name the target) and LLVM's optimization level.
struct CompileOptions {
  ::sffnn::LoweringOptions lowering;
  /// LLVM optimization level, 0 to 3.
  int optLevel = 2;
};

/// What compile() writes.
enum class EmitKind { LLVMIR, Object, SharedLibrary, Header };

/// "llvm", "object", "shared", "header".
std::optional<EmitKind> parseEmitKind(StringRef name);

/// The kernels of a lowered module.
std::vector<KernelInfo> kernelsOf(ModuleOp lowered);

/// A C header declaring the kernels of a lowered module.
std::string kernelHeader(ModuleOp lowered);

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

/// What compile() produced.
struct Artifact {
  std::vector<KernelInfo> kernels;
  CompileStats stats;
};

/// Lowers `module` (rewritten in place) and writes `kind` to `output` ("-"
/// is stdout, for LLVM IR and headers). Options and target names are
/// checked first; on any failure `output` is left untouched.
FailureOr<Artifact> compile(ModuleOp module, const CompileOptions &options,
                            EmitKind kind, StringRef output);

/// Links object files written by compile() (kernels of distinct names) and
/// the kernel runtime into one shared library at `output`, with the
/// system's clang; fails with the linker's output when it cannot.
LogicalResult linkSharedLibrary(ArrayRef<std::string> objects,
                                StringRef output, Location loc);

/// Compiles `module` (rewritten in place) to a shared library in a private
/// temporary directory (or at `keepLibrary`) and loads the kernel of
/// network `name`.
FailureOr<std::unique_ptr<LoadedKernel>>
compileAndLoad(ModuleOp module, StringRef name, const CompileOptions &options,
               Artifact *artifact = nullptr, StringRef keepLibrary = "");

} // namespace mlir::sffnn

#endif // SFFNN_COMPILER_COMPILER_H
