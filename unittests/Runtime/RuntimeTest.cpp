//===- RuntimeTest.cpp - sffnn_run's split of a batch over threads --------===//
//
// A stand-in kernel (2 inputs, 3 outputs per sample) records which rows it
// was given; every row must be computed exactly once, from its own inputs,
// whatever the batch, tile and thread count. Run under ASan by
// scripts/sanitize.sh, this also catches a range that runs past the buffers.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include "gtest/gtest.h"
#include <atomic>
#include <cmath>
#include <vector>

namespace {
constexpr int64_t kInputs = 2, kOutputs = 3;

std::atomic<int64_t> calls{0};

/// out[r][j] = in[r][0] * 10 + in[r][1] + j, and a count of the calls.
void standIn(const float *in, float *out, int64_t rows) {
  ++calls;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < kOutputs; ++j)
      out[r * kOutputs + j] += in[r * kInputs] * 10 + in[r * kInputs + 1] + j;
}
} // namespace

TEST(Runtime, EveryRowOnceForAnyBatchTileAndThreads) {
  for (int64_t batch : {0, 1, 2, 7, 16, 17, 33})
    for (int64_t tile : {1, 3, 8, 16})
      for (int threads : {0, 1, 2, 3, 5}) {
        std::vector<float> in(batch * kInputs), out(batch * kOutputs, 0.0f);
        for (int64_t r = 0; r < batch; ++r) {
          in[r * kInputs] = static_cast<float>(r);
          in[r * kInputs + 1] = 0.5f;
        }
        calls = 0;
        ASSERT_EQ(sffnn_run(standIn, in.data(), kInputs, out.data(), kOutputs,
                            batch, tile, threads),
                  0);
        int64_t tiles = (batch + tile - 1) / tile;
        EXPECT_LE(calls.load(), std::max<int64_t>(1, std::min<int64_t>(
                                                        threads, tiles)));
        for (int64_t r = 0; r < batch; ++r)
          for (int64_t j = 0; j < kOutputs; ++j)
            ASSERT_EQ(out[r * kOutputs + j], r * 10 + 0.5f + j)
                << "batch " << batch << " tile " << tile << " threads "
                << threads << " row " << r;
      }
}

TEST(Runtime, RefusesBadArguments) {
  float buffer[8] = {};
  EXPECT_EQ(sffnn_run(nullptr, buffer, 1, buffer, 1, 1, 1, 1), -1);
  EXPECT_EQ(sffnn_run(standIn, buffer, 1, buffer, 1, -1, 1, 1), -1);
  EXPECT_EQ(sffnn_run(standIn, buffer, 1, buffer, 1, 1, 0, 1), -1);
  EXPECT_EQ(sffnn_run(standIn, buffer, -1, buffer, 1, 1, 1, 1), -1);
}
