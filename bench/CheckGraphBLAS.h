//===- CheckGraphBLAS.h - abort on a failed GraphBLAS call ------*- C++ -*-===//
#ifndef SFFNN_BENCH_CHECKGRAPHBLAS_H
#define SFFNN_BENCH_CHECKGRAPHBLAS_H

#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

extern "C" {
#include <GraphBLAS.h>
}

#define CHECK_GRB(call)                                                        \
  do {                                                                         \
    GrB_Info info = (call);                                                    \
    if (info != GrB_SUCCESS) {                                                 \
      llvm::errs() << "GraphBLAS error " << int(info) << " at " #call "\n";    \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

#endif // SFFNN_BENCH_CHECKGRAPHBLAS_H
