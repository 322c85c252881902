//===- FuzzOnnx.cpp - ONNX models through the importer --------------------===//
//
// Any bytes as an .onnx file: the protobuf parser, the ONNX checker and the
// importer's op handlers must answer with a value or an error, never crash.
//
//===----------------------------------------------------------------------===//
#include "FuzzFile.h"
#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Target/OnnxImporter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  sffnn::OnnxImportOptions options;
  options.path = sffnn::fuzz::writeScratch(data, size, ".onnx");
  sffnn::fuzz::consume(sffnn::importOnnx(options));
  return 0;
}
