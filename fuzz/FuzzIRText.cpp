//===- FuzzIRText.cpp - sffnn IR text: parse, verify, print, reparse -------===//
#include "FuzzIR.h"

#include "llvm/Support/raw_ostream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  auto module = sffnn::fuzz::parseAndVerify(text);
  if (!module)
    return 0;
  // What verifies must print and parse back (a round-trip failure is a bug).
  std::string printed;
  llvm::raw_string_ostream os(printed);
  module->print(os);
  if (!sffnn::fuzz::parseAndVerify(printed)) {
    llvm::errs() << "printed module does not parse back:\n" << printed;
    abort();
  }
  return 0;
}
