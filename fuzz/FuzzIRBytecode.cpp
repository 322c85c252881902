//===- FuzzIRBytecode.cpp - sffnn IR bytecode: read and verify ------------===//
// Inputs are bytecode files (the seeds are written by sparse-ffnn-translate
// --emit-bytecode); the first bytes keep the magic number so that mutations
// reach the sffnn attribute and resource readers.
#include "FuzzIR.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  if (!bytes.starts_with("ML\xefR"))
    return 0;
  (void)sffnn::fuzz::parseAndVerify(bytes);
  return 0;
}
