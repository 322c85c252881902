//===- downstream-opt.cpp - an mlir-opt with the sffnn dialect ------------===//
//
// What an ML compiler's own opt tool needs to parse, verify and transform
// sffnn IR: the package's registration functions (SparseFFNN::SparseFFNN).
//
//===----------------------------------------------------------------------===//
#include "sffnn/InitAll.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  mlir::sffnn::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "downstream optimizer with sffnn\n", registry));
}
