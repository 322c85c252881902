//===- FuzzDense.cpp - dense sample text, any width and a fixed one --------===//
#include "FuzzFile.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  const std::string &path = sffnn::fuzz::writeScratch(data, size, ".txt");
  sffnn::fuzz::consume(sffnn::readDenseText(path, 0));
  sffnn::fuzz::consume(sffnn::readDenseText(path, 3));
  return 0;
}
