//===- UpstreamCrash.h - survive crashes inside libMLIR's code --*- C++ -*-===//
//
// MLIR 22's bytecode reader crashes on some corrupt files (null types,
// blob sizes taken from the file) before any sffnn code can check them
// (docs/Testing.md, "Fatal errors inside LLVM and MLIR"). The tools read
// such a file once under this guard, to turn that crash into an error; the
// bytecode fuzz target does the same, so that it keeps finding crashes in
// our code.
//
// A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) whose faulting instruction is
// inside libMLIR's shared library, or in code that libMLIR called directly
// and that is not ours (the C library's memcpy, or one of LLVM's or MLIR's
// header templates: the executable's copy, which libMLIR's calls bind to),
// is caught: the guarded code is abandoned
// (its state leaked, never used again) and runGuardingUpstreamCrash returns
// false. A fault anywhere else, ours included, goes to the handler that was
// installed before (LLVM's stack trace, ASan, libFuzzer) as if the guard
// were not there. One guard at a time, on one thread.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_UPSTREAMCRASH_H
#define SFFNN_SUPPORT_UPSTREAMCRASH_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace sffnn {

/// Runs `body`; false when it faulted inside libMLIR, with `where` set to
/// the function (or library) that faulted.
bool runGuardingUpstreamCrash(llvm::function_ref<void()> body,
                              std::string &where);

/// Leaves the guarded code now, as a caught crash with `where` = `reason`
/// (for LLVM's fatal-error handler: MLIR's reader ends in fatal errors on
/// sizes from corrupt files, which the tools report as errors). Returns
/// only when no guard is active.
void abandonGuardedCode(const char *reason);

/// Whether faults can be attributed on this platform (x86-64 and AArch64
/// Linux); elsewhere the guard runs `body` unguarded.
bool canGuardUpstreamCrash();

} // namespace sffnn

#endif // SFFNN_SUPPORT_UPSTREAMCRASH_H
