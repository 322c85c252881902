//===- sffnn_runtime.cpp - threads and dead-sample helpers ----------------===//
//
// C++ inside, C outside: std::thread for the workers, no dependency beyond
// the C++ standard library.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

extern "C" int sffnn_run(sffnn_kernel_fn kernel, const float *in,
                         int64_t inputs, float *out, int64_t outputs,
                         int64_t batch, int64_t tile, int threads) {
  if (!kernel || batch < 0 || inputs < 0 || outputs < 0 || tile < 1)
    return -1;
  int64_t tiles = (batch + tile - 1) / tile;
  int64_t workers = std::max<int64_t>(1, std::min<int64_t>(threads, tiles));
  if (workers == 1) {
    kernel(in, out, batch);
    return 0;
  }
  // Contiguous ranges of whole tiles: each worker reads and writes its own
  // rows, so no synchronisation is needed beyond the join.
  int64_t perWorker = (tiles + workers - 1) / workers * tile;
  std::vector<std::thread> pool;
  for (int64_t first = perWorker; first < batch; first += perWorker) {
    int64_t rows = std::min(perWorker, batch - first);
    pool.emplace_back(kernel, in + first * inputs, out + first * outputs,
                      rows);
  }
  kernel(in, out, std::min(perWorker, batch));
  for (std::thread &t : pool)
    t.join();
  return 0;
}

/// The scratch area holds at least ntiles * slots words of `tile` floats,
/// word w of tile t at floats [(t * slots + w) * tile, +tile). A kernel that
/// disagrees would read and write the wrong lanes: stop rather than return
/// wrong values.
static void checkScratch(const char *function, int64_t scratchSize,
                         int64_t ntiles, int64_t slots, int64_t tile) {
  if (ntiles < 0 || slots < 0 || tile < 1 ||
      scratchSize < ntiles * slots * tile) {
    std::fprintf(stderr,
                 "%s: scratch of %lld floats cannot hold %lld tiles of %lld "
                 "words of %lld floats (kernel and runtime disagree)\n",
                 function, (long long)scratchSize, (long long)ntiles,
                 (long long)slots, (long long)tile);
    std::abort();
  }
}

extern "C" int64_t
_mlir_ciface_sffnn_rt_drop_dead(const sffnn_memref_f32 *scratch,
                                int64_t ntiles, int64_t slots, int64_t tile,
                                const sffnn_memref_i32 *live,
                                const sffnn_memref_i64 *rows) {
  checkScratch("sffnn_rt_drop_dead", scratch->size, ntiles, slots, tile);
  float *s = scratch->aligned + scratch->offset;
  const int32_t *liveSlots = live->aligned + live->offset;
  int64_t liveCount = live->size;
  int64_t *laneRow = rows->aligned + rows->offset;
  std::vector<uint8_t> alive(tile);
  int64_t next = 0; // the next lane a surviving sample moves to
  for (int64_t t = 0; t < ntiles; ++t) {
    std::fill(alive.begin(), alive.end(), 0);
    for (int64_t j = 0; j < liveCount; ++j) {
      const float *word = s + (t * slots + liveSlots[j]) * tile;
      for (int64_t l = 0; l < tile; ++l)
        alive[l] |= word[l] != 0.0f; // NaN counts as alive
    }
    for (int64_t l = 0; l < tile; ++l) {
      int64_t lane = t * tile + l;
      if (laneRow[lane] < 0 || !alive[l])
        continue;
      if (next != lane) {
        int64_t dt = next / tile, dl = next % tile;
        for (int64_t j = 0; j < liveCount; ++j)
          s[(dt * slots + liveSlots[j]) * tile + dl] =
              s[(t * slots + liveSlots[j]) * tile + l];
        laneRow[next] = laneRow[lane];
      }
      ++next;
    }
  }
  int64_t remaining = (next + tile - 1) / tile;
  for (int64_t lane = next; lane < remaining * tile; ++lane)
    laneRow[lane] = -1;
  return remaining;
}

extern "C" void
_mlir_ciface_sffnn_rt_scatter(const sffnn_memref_f32 *scratch, int64_t ntiles,
                              int64_t slots, int64_t tile,
                              const sffnn_memref_i32 *outputSlots,
                              const sffnn_memref_i64 *rows,
                              const sffnn_memref_f32 *out, int64_t outputs,
                              int64_t firstRow, int64_t rowCount) {
  checkScratch("sffnn_rt_scatter", scratch->size, ntiles, slots, tile);
  const float *s = scratch->aligned + scratch->offset;
  const int32_t *outSlots = outputSlots->aligned + outputSlots->offset;
  const int64_t *laneRow = rows->aligned + rows->offset;
  float *o = out->aligned + out->offset;
  std::memset(o + firstRow * outputs, 0,
              sizeof(float) * static_cast<size_t>(rowCount * outputs));
  for (int64_t lane = 0; lane < ntiles * tile; ++lane) {
    int64_t row = laneRow[lane];
    if (row < 0)
      continue;
    int64_t t = lane / tile, l = lane % tile;
    for (int64_t k = 0; k < outputs; ++k)
      o[row * outputs + k] = s[(t * slots + outSlots[k]) * tile + l];
  }
}
