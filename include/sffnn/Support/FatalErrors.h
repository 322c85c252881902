//===- FatalErrors.h - LLVM's fatal errors as tool errors -------*- C++ -*-===//
//
// Some inputs reach fatal errors inside LLVM and MLIR (a corrupt bytecode
// file whose sizes ask for exabytes ends in "SmallVector unable to grow").
// The tools install this handler so that the user sees one located error
// line and exit code 1 instead of "LLVM ERROR" and an abort.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_FATALERRORS_H
#define SFFNN_SUPPORT_FATALERRORS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

namespace sffnn {

/// Installs the handler; `tool` prefixes its message.
void installFatalErrorHandler(llvm::StringRef tool);

/// Prints "tool: error: <message>" (the tool named to
/// installFatalErrorHandler), the form of every tool's own errors.
void reportToolError(const llvm::Twine &message);

/// The input being read, named in the message (empty: none).
void setFatalErrorInput(llvm::StringRef path);

/// The output file, named when writing it fails inside a stream that can
/// only report the failure as a fatal error (empty or `-`: stdout).
void setFatalErrorOutput(llvm::StringRef path);

/// Runs `read`, which parses `contents` (an IR file or stream already read,
/// with MLIR's parser), guarded against MLIR 22's bytecode reader: bytecode
/// whose sizes do not fit (BytecodeLayout.h) is refused before `read` runs,
/// and a crash inside libMLIR's own code during `read` (UpstreamCrash.h) is
/// caught. Either becomes one error line naming the input file, with output
/// files removed and exit code 1.
void readGuardingUpstreamCrash(llvm::StringRef contents,
                               llvm::function_ref<void()> read);

} // namespace sffnn

#endif // SFFNN_SUPPORT_FATALERRORS_H
