//===- OnnxFile.h - reading and checking an ONNX model file -----*- C++ -*-===//
#ifndef SFFNN_LIB_TARGET_ONNX_ONNXFILE_H
#define SFFNN_LIB_TARGET_ONNX_ONNXFILE_H

#include "onnx/onnx_pb.h"
#include "llvm/Support/Error.h"

namespace sffnn::onnximport {

/// Parses `path` as an ONNX ModelProto and runs the ONNX checker on it.
/// Empty, truncated, corrupt or non-ONNX files and checker failures are
/// errors naming the file. The checker reports by throwing; this is the only
/// place exceptions are caught (the file is built with -fexceptions).
llvm::Error loadModel(llvm::StringRef path, onnx::ModelProto &model);

} // namespace sffnn::onnximport

#endif // SFFNN_LIB_TARGET_ONNX_ONNXFILE_H
