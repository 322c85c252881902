//===- BufferizableOpInterfaceImpl.h - sffnn.call bufferization -*- C++ -*-===//
//
// One-Shot Bufferize turns the tensor form of `sffnn.call` into its buffer
// form: the input's buffer is read (never written), the output is a new
// buffer with an identity layout that the call writes completely.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_DIALECT_SFFNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define SFFNN_DIALECT_SFFNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace sffnn {

/// Attaches the BufferizableOpInterface model of sffnn.call (the dialect
/// promises it, so a context without it fails loudly, not silently) and
/// its memory effects (buffer deallocation asks for them).
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);

/// The dialects sffnn-to-llvm-pipeline bufferizes and lowers around the
/// networks (func, arith, linalg, tensor, scf, bufferization), with their
/// bufferization models, and ours.
void registerBufferizationDialectsAndModels(DialectRegistry &registry);

} // namespace sffnn
} // namespace mlir

#endif // SFFNN_DIALECT_SFFNN_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
