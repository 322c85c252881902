//===- FuzzIRBytecode.cpp - sffnn IR bytecode: read and verify ------------===//
// Inputs are bytecode files (the seeds are written by sparse-ffnn-translate
// --emit-bytecode); the first bytes keep the magic number so that mutations
// reach the sffnn attribute and resource readers.
//
// MLIR 22's bytecode reader crashes on some corrupt files inside its own
// code (docs/Testing.md lists them with reproducers). As in the tools
// (sffnn::readGuardingUpstreamCrash), a file whose sizes do not fit is
// refused before MLIR reads it (sffnn::checkBytecodeLayout), and faults are
// caught (sffnn::runGuardingUpstreamCrash: the
// faulting instruction in libMLIR, or in code it called that is not ours)
// and the input counts as rejected; a fault in our code, and every ASan or
// UBSan report, still stops the fuzzer. LeakSanitizer is off during the
// read: a read abandoned by such a crash leaves its allocations behind.
//
//===----------------------------------------------------------------------===//
#include "FuzzIR.h"

#include "sffnn/Support/BytecodeLayout.h"
#include "sffnn/Support/UpstreamCrash.h"

#include "llvm/Support/ErrorHandling.h"

#include <cstdlib>
#include <sanitizer/lsan_interface.h>

/// MLIR's reader ends some corrupt files in LLVM fatal errors ("SmallVector
/// unable to grow", a failed allocation of a buffer whose size or
/// alignment came from the file), which the tools turn into an error line
/// (sffnn::installFatalErrorHandler): here they reject the input. Outside
/// the read they still abort.
static void onFatalError(void *, const char *reason, bool) {
  sffnn::abandonGuardedCode(reason);
  std::abort();
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::install_fatal_error_handler(onFatalError, nullptr);
  llvm::install_bad_alloc_error_handler(onFatalError, nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  if (!sffnn::isBytecode(bytes) || !sffnn::checkBytecodeLayout(bytes).empty())
    return 0;
  std::string where;
  __lsan_disable();
  bool survived = sffnn::runGuardingUpstreamCrash(
      [&] { (void)sffnn::fuzz::parseAndVerify(bytes); }, where);
  __lsan_enable();
  if (!survived)
    sffnn::fuzz::abandonFuzzContext();
  return 0;
}
