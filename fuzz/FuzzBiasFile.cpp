//===- FuzzBiasFile.cpp - bias files applied to a small network -----------===//
#include "FuzzFile.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Target/Importers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  const std::string &path = sffnn::fuzz::writeScratch(data, size, ".bias");
  sffnn::fuzz::consume(sffnn::readRows(path));
  // Two layers of 3 and 2 neurons: the rows must match them exactly.
  sffnn::LayeredNetwork net;
  net.inputs = 2;
  for (int64_t width : {3, 2}) {
    sffnn::Layer layer;
    layer.sources = {net.layers.empty() ? sffnn::kNetworkInput
                                        : static_cast<int>(net.layers.size()) - 1};
    layer.weights.rows = width;
    layer.weights.cols = net.layers.empty() ? 2 : 3;
    layer.weights.offsets.assign(width + 1, 0);
    net.layers.push_back(layer);
  }
  sffnn::fuzz::consume(sffnn::applyBiasFile(net, path));
  return 0;
}
