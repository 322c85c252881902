//===- FuzzMatrixMarket.cpp - the MatrixMarket reader and importer ---------===//
#include "FuzzFile.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Target/Importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  const std::string &path = sffnn::fuzz::writeScratch(data, size, ".mtx");
  sffnn::fuzz::consume(
      sffnn::readSamples(path, sffnn::SampleFormat::MatrixMarket, 4));
  sffnn::MatrixMarketOptions options;
  options.files = {path};
  auto network = sffnn::importMatrixMarket(options);
  if (network)
    sffnn::fuzz::consume(sffnn::validate(*network));
  sffnn::fuzz::consume(std::move(network));
  return 0;
}
