//===- SmallBatchKernel.h - sample by sample, across neurons ----*- C++ -*-===//
//
// Internal to lib/Conversion. Emits `NAME_small(in, out, batch)`, the code
// the kernel function calls for batches below its limit: per sample, the
// inputs are copied into a scratch area of one float per slot (the whole
// row by vectors, or only the used inputs one by one), then the lane
// blocks of the small-batch plan (sffnn/Codegen/SmallBatchPlan.h) run in
// plan order, one loop per segment, each block summing its broadcast
// steps, gather rows and permute rows into one vector of L lanes and
// storing the activated lanes to its run of L slots with one vector store;
// then the outputs are copied out.
// docs/Codegen.md ("Small-batch form").
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_CONVERSION_SMALLBATCHKERNEL_H
#define SFFNN_LIB_CONVERSION_SMALLBATCHKERNEL_H

#include "KernelBuilder.h"

#include "sffnn/Codegen/SmallBatchPlan.h"

namespace mlir::sffnn::lowering {

/// Adds `NAME_small` (private) to the module and returns it.
func::FuncOp emitSmallBatchKernel(ModuleOp module, Location loc,
                                  StringRef name,
                                  const ::sffnn::codegen::KernelPlan &kernel,
                                  const ::sffnn::codegen::SmallBatchPlan &plan);

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_SMALLBATCHKERNEL_H
