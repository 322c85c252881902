//===- FuzzTsv.cpp - the Graph Challenge TSV reader -----------------------===//
// Bounded and unbounded reads, then the CSR and dense conversions the tools
// apply to what was read.
#include "FuzzFile.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  const std::string &path = sffnn::fuzz::writeScratch(data, size, ".tsv");
  auto bounded = sffnn::readTsv(path, 64, 64);
  if (bounded)
    sffnn::fuzz::consume(sffnn::toCsr(*bounded, /*transpose=*/true));
  sffnn::fuzz::consume(std::move(bounded));
  sffnn::fuzz::consume(sffnn::readSamples(path, sffnn::SampleFormat::Tsv, 8));
  return 0;
}
