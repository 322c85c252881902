//===- NoMpi.cpp - sparse-ffnn-run built without MPI ----------------------===//
#include "MpiRun.h"

#include "llvm/Support/WithColor.h"

int sffnn::runWithMpi(const MpiRunRequest &) {
  llvm::WithColor::error(llvm::errs(), "sparse-ffnn-run")
      << "--mpi-split needs MPI, and this sparse-ffnn-run was built without "
         "it (install libopenmpi-dev and reconfigure; docs/Distributed.md)\n";
  return 1;
}
