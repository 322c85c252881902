//===- NetworkBuilder.h - LayeredNetwork <-> sffnn.network ------*- C++ -*-===//
#ifndef SFFNN_TARGET_NETWORKBUILDER_H
#define SFFNN_TARGET_NETWORKBUILDER_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Model/LayeredNetwork.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

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

/// Reads the IR file `path` (`-`: stdin; a stream is refused past the
/// memory limit, sffnn/Formats/FileIO.h) into `sourceMgr` and parses it,
/// guarded against upstream crashes (sffnn/Support/FatalErrors.h). Null
/// after an error: a file that cannot be read is reported naming it, a
/// parse error through the diagnostic handler on `sourceMgr`.
OwningOpRef<ModuleOp> readModuleFile(StringRef path, llvm::SourceMgr &sourceMgr,
                                     MLIRContext *context);

/// Verifies `module` and writes it to `path` (`-`: stdout) as text (with a
/// final newline, as sparse-ffnn-opt prints) or as bytecode, whole or not
/// at all (sffnn/Formats/FileIO.h). Verifier errors go to the context's
/// diagnostic handler; the returned error names the file. With
/// `debugInfo`, text keeps the locations (`loc(#locN)` aliases);
/// bytecode always keeps them.
llvm::Error writeModuleFile(ModuleOp module, StringRef path, bool bytecode,
                              bool debugInfo = false);

/// Peak memory, in bytes, of building and writing the module of a network
/// whose arrays (CSR offsets, indices, weights, biases) take `arrayBytes`
/// in all, the largest `largestArray`: the arrays, the dense_resource blobs
/// buildNetwork copies them into, and the printed text of one blob at a
/// time (hex digits, built in memory). Bytecode needs less. Importers and
/// generators check it against the memory limit before they allocate.
double moduleBytes(double arrayBytes, double largestArray);

} // namespace mlir::sffnn

#endif // SFFNN_TARGET_NETWORKBUILDER_H
