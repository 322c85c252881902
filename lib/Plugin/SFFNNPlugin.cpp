//===- SFFNNPlugin.cpp - the dialect and passes for any mlir-opt ----------===//
//
// A plugin that an mlir-opt built against the same libMLIR.so (Debian's
// /usr/lib/llvm-22/bin/mlir-opt) loads with --load-dialect-plugin and
// --load-pass-plugin: the sffnn dialect, every sffnn pass and
// sffnn-to-llvm-pipeline. Pass flags from a plugin are not known when
// mlir-opt parses its command line, so they are given through
// --pass-pipeline="builtin.module(...)" (docs/Integration.md).
//
//===----------------------------------------------------------------------===//
#include "sffnn/InitAll.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "SFFNN", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::sffnn::registerAllDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "SFFNN", LLVM_VERSION_STRING,
          [] { mlir::sffnn::registerAllPasses(); }};
}
