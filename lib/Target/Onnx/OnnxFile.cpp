//===- OnnxFile.cpp - reading and checking an ONNX model file -------------===//
//
// Built with -fexceptions: onnx::checker reports by throwing
// ValidationError, which must not cross into the rest of the project.
//
//===----------------------------------------------------------------------===//
#include "OnnxFile.h"

#include "sffnn/Formats/FileIO.h"

#include "onnx/checker.h"
#include "llvm/Support/MemoryBuffer.h"
#include <climits>
#include <exception>

using namespace sffnn;

llvm::Error onnximport::loadModel(llvm::StringRef path,
                                  onnx::ModelProto &model) {
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError(path + ": " + message);
  };
  // A stream (/dev/zero, a pipe) is refused past the memory limit.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      readInputFile(path, /*requiresNullTerminator=*/false);
  if (!buffer)
    return buffer.takeError();
  llvm::StringRef bytes = (*buffer)->getBuffer();
  if (bytes.empty())
    return fail("the file is empty, not an ONNX model");
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return fail("the file is larger than the 2 GiB protobuf limit; models "
                "with external data are not supported");
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return fail("not an ONNX model (the protobuf does not parse: the file is "
                "truncated, corrupt or of another format)");
  if (!model.has_graph() || !model.has_ir_version())
    return fail("not an ONNX model (no graph or IR version)");
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    // The checker's message spans lines ("==> Context: ..."): keep one.
    std::string message = e.what();
    for (char &c : message)
      if (c == '\n')
        c = ' ';
    return fail("the ONNX checker rejects the model: " + message);
  }
  return llvm::Error::success();
}
