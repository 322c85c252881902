//===- FatalErrors.cpp - LLVM's fatal errors as tool errors ---------------===//
#include "sffnn/Support/FatalErrors.h"

#include "sffnn/Support/BytecodeLayout.h"
#include "sffnn/Support/UpstreamCrash.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>

namespace {
std::string &toolName() {
  static std::string name;
  return name;
}
std::string &inputPath() {
  static std::string path;
  return path;
}

/// Prints "tool: input: error: <message>" and exits with code 1.
[[noreturn]] void exitWithError(const llvm::Twine &message) {
  llvm::errs() << toolName() << ": "
               << (inputPath().empty() ? "" : inputPath() + ": ")
               << "error: " << message << "\n";
  llvm::errs().flush();
  // Output files opened so far (ToolOutputFile registers them) are removed:
  // no partial output. Then not exit(): a fatal error may come from any
  // state, so no destructors run.
  llvm::sys::RunInterruptHandlers();
  std::_Exit(1);
}

std::string &outputPath() {
  static std::string path;
  return path;
}

void handle(void *, const char *reason, bool) {
  // raw_fd_ostream's destructor reports a write that failed (a full disk,
  // /dev/full) this way: the output is at fault, not the input. Files
  // written through sffnn::writeOutputFile report their own errors, so
  // this is mostly standard output.
  llvm::StringRef text(reason);
  if (text.consume_front("IO failure on output stream: ")) {
    bool toStdout = llvm::outs().has_error() || outputPath().empty() ||
                    outputPath() == "-";
    std::string output =
        toStdout ? std::string("standard output") : outputPath();
    inputPath().clear();
    exitWithError("cannot write to " + output + ": " + text);
  }
  exitWithError(llvm::Twine("cannot continue: ") + reason +
                " (a corrupt input file, or one too large for this "
                "machine)");
}

/// LLVM reports failed allocations apart from other fatal errors (a
/// corrupt bytecode file can ask for a buffer with an impossible size or
/// alignment); without this it prints "LLVM ERROR: out of memory" and
/// aborts.
void handleBadAlloc(void *, const char *reason, bool) {
  exitWithError(llvm::Twine("cannot continue: out of memory: ") + reason +
                " (a corrupt input file, or one too large for this "
                "machine)");
}
} // namespace

void sffnn::installFatalErrorHandler(llvm::StringRef tool) {
  toolName() = tool.str();
  llvm::install_fatal_error_handler(handle, nullptr);
  llvm::install_bad_alloc_error_handler(handleBadAlloc, nullptr);
  // operator new too (MLIR's reader calls new[] with sizes from the file):
  // a failure goes to the handler above instead of std::bad_alloc and
  // terminate.
  llvm::install_out_of_memory_new_handler();
}

void sffnn::reportToolError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), toolName()) << message << '\n';
}

void sffnn::setFatalErrorInput(llvm::StringRef path) {
  inputPath() = path.str();
}

void sffnn::setFatalErrorOutput(llvm::StringRef path) {
  outputPath() = path.str();
}

void sffnn::readGuardingUpstreamCrash(llvm::StringRef contents,
                                      llvm::function_ref<void()> read) {
  if (isBytecode(contents)) {
    std::string problem = checkBytecodeLayout(contents);
    if (!problem.empty())
      exitWithError("corrupt bytecode: " + problem);
  }
  std::string where;
  if (runGuardingUpstreamCrash(read, where))
    return;
  exitWithError("MLIR's reader crashed reading this file, in " +
                llvm::demangle(where) +
                ": the file is corrupt (docs/Testing.md, \"Fatal errors "
                "inside LLVM and MLIR\"); regenerate it from its text form");
}
