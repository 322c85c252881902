//===- FatalErrors.cpp - LLVM's fatal errors as tool errors ---------------===//
#include "sffnn/Support/FatalErrors.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"
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

void handle(void *, const char *reason, bool) {
  llvm::errs() << toolName() << ": "
               << (inputPath().empty() ? "" : inputPath() + ": ")
               << "error: cannot continue: " << reason
               << " (a corrupt input file, or one too large for this "
                  "machine)\n";
  llvm::errs().flush();
  // Output files opened so far (ToolOutputFile registers them) are removed:
  // no partial output. Then not exit(): a fatal error may come from any
  // state, so no destructors run.
  llvm::sys::RunInterruptHandlers();
  std::_Exit(1);
}
} // namespace

void sffnn::installFatalErrorHandler(llvm::StringRef tool) {
  toolName() = tool.str();
  llvm::install_fatal_error_handler(handle, nullptr);
}

void sffnn::setFatalErrorInput(llvm::StringRef path) {
  inputPath() = path.str();
}
