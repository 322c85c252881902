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

/* A rank-1 memref as MLIR passes it to C (the _mlir_ciface_ convention):
 * the allocated and aligned pointers, the offset, the size and the stride,
 * in elements. */
#define SFFNN_MEMREF_1D(NAME, T)                                               \
  typedef struct {                                                             \
    T *allocated, *aligned;                                                    \
    int64_t offset, size, stride;                                              \
  } NAME
SFFNN_MEMREF_1D(sffnn_memref_f32, float);
SFFNN_MEMREF_1D(sffnn_memref_i32, int32_t);
SFFNN_MEMREF_1D(sffnn_memref_i64, int64_t);
#undef SFFNN_MEMREF_1D

/* Called by kernels built with drop-dead-samples (as sffnn_rt_drop_dead,
 * through the wrapper MLIR generates). `scratch` holds ntiles * slots words
 * of `tile` floats, word w of tile t at floats [(t * slots + w) * tile,
 * +tile); `live` lists the live slots, `rows` maps lanes to input rows (-1:
 * none). Moves the samples with a nonzero live value to the front and
 * returns the tiles still needed. */
int64_t _mlir_ciface_sffnn_rt_drop_dead(const sffnn_memref_f32 *scratch,
                                        int64_t ntiles, int64_t slots,
                                        int64_t tile,
                                        const sffnn_memref_i32 *live,
                                        const sffnn_memref_i64 *rows);

/* Writes the outputs of the remaining samples to their rows of `out` and
 * zeros the rows of the dropped ones (rows [firstRow, firstRow + rowCount)
 * belong to this group of tiles). */
void _mlir_ciface_sffnn_rt_scatter(
    const sffnn_memref_f32 *scratch, int64_t ntiles, int64_t slots,
    int64_t tile, const sffnn_memref_i32 *outputSlots,
    const sffnn_memref_i64 *rows, const sffnn_memref_f32 *out, int64_t outputs,
    int64_t firstRow, int64_t rowCount);

#ifdef __cplusplus
}
#endif

#endif /* SFFNN_RUNTIME_H */
