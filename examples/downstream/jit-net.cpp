//===- jit-net.cpp - compile a network in-process and run it --------------===//
//
//   jit-net NETWORK.mlir < samples
// Compiles the network @net with the package's compiler driver
// (mlir::sffnn::compileAndLoad: lowering, LLVM, a shared library holding the
// kernel and the runtime, dlopen) and prints its outputs for the samples on
// stdin, one sample per line (%.9g). The runtime archive it links is the
// one installed beside libSparseFFNN.so.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Compiler/Compiler.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: jit-net NETWORK.mlir < samples\n");
    return 1;
  }
  mlir::MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], sourceMgr, &context);
  if (!module)
    return 1;
  mlir::sffnn::Artifact artifact;
  auto kernel = mlir::sffnn::compileAndLoad(*module, "net", {}, &artifact);
  if (mlir::failed(kernel))
    return 1;
  const mlir::sffnn::KernelInfo &info = artifact.kernels.front();

  std::vector<float> in;
  float value;
  while (std::scanf("%f", &value) == 1)
    in.push_back(value);
  if (!std::feof(stdin) || in.empty() || in.size() % info.inputs != 0) {
    std::fprintf(stderr, "jit-net: expected whole samples of %lld numbers\n",
                 (long long)info.inputs);
    return 1;
  }
  int64_t batch = in.size() / info.inputs;
  std::vector<float> out(batch * info.outputs);
  (*kernel)->function()(in.data(), out.data(), batch);
  for (int64_t s = 0; s < batch; ++s)
    for (int64_t o = 0; o < info.outputs; ++o)
      std::printf("%.9g%c", out[s * info.outputs + o],
                  o + 1 == info.outputs ? '\n' : ' ');
  return 0;
}
