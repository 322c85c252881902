/*===- sffnn_runtime.h - the C runtime of sparse-ffnn kernels -------------===*
 *
 * A compiled network is a C function
 *     void NAME(const float *in, float *out, int64_t batch);
 * with `in` a row-major batch x inputs buffer and `out` a row-major
 * batch x outputs buffer (docs/Codegen.md). This library, which has no MLIR
 * or LLVM dependency, runs such a kernel on several threads, and provides
 * the helpers kernels built with drop-dead-samples call.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SFFNN_RUNTIME_H
#define SFFNN_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*sffnn_kernel_fn)(const float *in, float *out, int64_t batch);

/* Runs `kernel` on `batch` samples, split into `threads` contiguous ranges
 * of whole batch tiles of `tile` samples (threads <= 1: the calling thread
 * only). Returns 0, or -1 when an argument is out of range. */
int sffnn_run(sffnn_kernel_fn kernel, const float *in, int64_t inputs,
              float *out, int64_t outputs, int64_t batch, int64_t tile,
              int threads);

/* Called by kernels built with drop-dead-samples; the arguments are the
 * expanded MLIR memref descriptors (allocated, aligned, offset, size,
 * stride) of the scratch area, the live-slot table and the lane-to-row
 * table. The scratch area is a plain float array (offset and size count
 * floats) of ntiles * slots words of `tile` floats, without padding: word w
 * of tile t is floats [(t * slots + w) * tile, +tile), lane l of it sample
 * l of the tile. Moves the samples with a nonzero live value to the front
 * and returns the tiles still needed. Aborts with a message when the
 * scratch is too small for that layout. */
int64_t sffnn_rt_drop_dead(float *scratchAllocated, float *scratch,
                           int64_t scratchOffset, int64_t scratchSize,
                           int64_t scratchStride, int64_t ntiles, int64_t slots,
                           int64_t tile, int32_t *liveAllocated, int32_t *live,
                           int64_t liveOffset, int64_t liveCount,
                           int64_t liveStride, int64_t *rowsAllocated,
                           int64_t *rows, int64_t rowsOffset, int64_t rowsSize,
                           int64_t rowsStride);

/* Writes the outputs of the remaining samples to their rows of `out` and
 * zeros the rows of the dropped ones (rows [firstRow, firstRow + rowCount)
 * belong to this group of tiles). */
void sffnn_rt_scatter(float *scratchAllocated, float *scratch,
                      int64_t scratchOffset, int64_t scratchSize,
                      int64_t scratchStride, int64_t ntiles, int64_t slots,
                      int64_t tile, int32_t *slotsAllocated,
                      int32_t *outputSlots, int64_t outputSlotsOffset,
                      int64_t outputSlotsSize, int64_t outputSlotsStride,
                      int64_t *rowsAllocated, int64_t *rows,
                      int64_t rowsOffset, int64_t rowsSize, int64_t rowsStride,
                      float *outAllocated, float *out, int64_t outOffset,
                      int64_t outSize, int64_t outStride, int64_t outputs,
                      int64_t firstRow, int64_t rowCount);

#ifdef __cplusplus
}
#endif

#endif /* SFFNN_RUNTIME_H */
