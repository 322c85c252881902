//===- NetworkBuilder.h - LayeredNetwork <-> sffnn.network ------*- C++ -*-===//
#ifndef SFFNN_TARGET_NETWORKBUILDER_H
#define SFFNN_TARGET_NETWORKBUILDER_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Model/LayeredNetwork.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::sffnn {

/// Builds `sffnn.network @<name>` (batch size `?`) from a validated network.
/// Large arrays become `dense_resource` blobs. O(connections).
NetworkOp buildNetwork(OpBuilder &builder, Location loc,
                       const ::sffnn::LayeredNetwork &network);

/// A module holding just that network, located at `sourceFile` (line 0:
/// the whole file) when one is given, so that errors about the network as a
/// whole name the file it came from; layers keep their own locations.
OwningOpRef<ModuleOp> buildModule(MLIRContext *context,
                                  const ::sffnn::LayeredNetwork &network,
                                  StringRef sourceFile = {});

/// Reads a network in layer form back (the neuron-level ops have no layered
/// equivalent here); emits an error at the offending op otherwise.
FailureOr<::sffnn::LayeredNetwork> extractLayeredNetwork(NetworkOp network);

/// The only network of `module`, or the one named `name`; emits an error
/// when there is none or the choice is ambiguous.
FailureOr<NetworkOp> findNetwork(ModuleOp module, StringRef name);

/// Verifies `module` and writes it to `path` (`-`: stdout) as text (with a
/// final newline, as sparse-ffnn-opt prints) or as bytecode. Errors go to
/// the context's diagnostic handler or, for files, to stderr. With
/// `debugInfo`, text keeps the locations (`loc(#locN)` aliases);
/// bytecode always keeps them.
LogicalResult writeModuleFile(ModuleOp module, StringRef path, bool bytecode,
                              bool debugInfo = false);

} // namespace mlir::sffnn

#endif // SFFNN_TARGET_NETWORKBUILDER_H
