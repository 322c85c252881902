//===- CallLowering.h - sffnn.call on buffers to a kernel call --*- C++ -*-===//
#ifndef SFFNN_LIB_CONVERSION_CALLLOWERING_H
#define SFFNN_LIB_CONVERSION_CALLLOWERING_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir::sffnn::lowering {

/// Replaces every buffer-form `sffnn.call @NAME(%in, %out)` of `module` by
/// `func.call @NAME_impl(%in1d, %out1d, %batch)`, the kernel that
/// convert-sffnn-to-vector made of the network (docs/Codegen.md): 1-D views
/// of the row-major buffers (a collapse_shape of identity-layout buffers,
/// else a contiguous copy in and back out) and the batch size as an index.
/// Fails with a located error on a call still on tensors (not bufferized),
/// a callee that has no kernel, or buffers outside the default memory space.
LogicalResult lowerNetworkCalls(ModuleOp module);

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_CALLLOWERING_H
