//===- RuntimeTest.cpp - the dead-sample helpers of the kernel runtime ----===//
//
// The kernel and runtime/sffnn_runtime.cpp must agree on the scratch layout:
// word w of tile t at floats [(t * slots + w) * tile, +tile), no padding. A
// tile of 3 is where a padded layout (vector<3xf32> takes 16 bytes) and the
// packed one differ, so these tests use it.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

constexpr int64_t kTile = 3, kSlots = 2, kTiles = 2;

/// Value of word `w`, lane `l` of tile `t`: distinct per position, never 0.
float valueAt(int64_t t, int64_t w, int64_t l) {
  return static_cast<float>(100 * t + 10 * w + l + 1);
}

/// A packed scratch area of kTiles tiles; `deadSample` lanes (tile * kTile +
/// lane) are zero in every word.
std::vector<float> scratchWithDead(const std::vector<int64_t> &deadSamples) {
  std::vector<float> s(kTiles * kSlots * kTile);
  for (int64_t t = 0; t < kTiles; ++t)
    for (int64_t w = 0; w < kSlots; ++w)
      for (int64_t l = 0; l < kTile; ++l)
        s[(t * kSlots + w) * kTile + l] = valueAt(t, w, l);
  for (int64_t sample : deadSamples)
    for (int64_t w = 0; w < kSlots; ++w)
      s[((sample / kTile) * kSlots + w) * kTile + sample % kTile] = 0.0f;
  return s;
}

/// The descriptor MLIR passes for a whole vector.
template <typename Memref, typename T> Memref memref(std::vector<T> &v) {
  return Memref{v.data(), v.data(), 0, (int64_t)v.size(), 1};
}

int64_t dropDead(std::vector<float> &s, std::vector<int32_t> &live,
                 std::vector<int64_t> &rows, int64_t tiles) {
  auto scratch = memref<sffnn_memref_f32>(s);
  auto liveSlots = memref<sffnn_memref_i32>(live);
  auto laneRows = memref<sffnn_memref_i64>(rows);
  return _mlir_ciface_sffnn_rt_drop_dead(&scratch, tiles, kSlots, kTile,
                                         &liveSlots, &laneRows);
}

void scatter(std::vector<float> &s, std::vector<int32_t> &outSlots,
             std::vector<int64_t> &rows, int64_t tiles, std::vector<float> &out,
             int64_t firstRow, int64_t rowCount) {
  auto scratch = memref<sffnn_memref_f32>(s);
  auto slots = memref<sffnn_memref_i32>(outSlots);
  auto laneRows = memref<sffnn_memref_i64>(rows);
  auto output = memref<sffnn_memref_f32>(out);
  _mlir_ciface_sffnn_rt_scatter(&scratch, tiles, kSlots, kTile, &slots,
                                &laneRows, &output, (int64_t)outSlots.size(),
                                firstRow, rowCount);
}

TEST(Runtime, ScatterReadsPackedWords) {
  std::vector<float> s = scratchWithDead({});
  std::vector<int32_t> outSlots{1, 0};
  std::vector<int64_t> rows{0, 1, 2, 3, 4, -1}; // 5 samples, lane 5 unused
  std::vector<float> out(5 * 2, -7.0f);
  scatter(s, outSlots, rows, kTiles, out, 0, 5);
  for (int64_t sample = 0; sample < 5; ++sample) {
    int64_t t = sample / kTile, l = sample % kTile;
    EXPECT_EQ(out[sample * 2 + 0], valueAt(t, 1, l)) << "sample " << sample;
    EXPECT_EQ(out[sample * 2 + 1], valueAt(t, 0, l)) << "sample " << sample;
  }
}

TEST(Runtime, DropDeadMovesSurvivorsAndScatterZerosTheDead) {
  // Samples 0, 2 and 4 die; 1, 3 and 5 survive and fill the first tile.
  std::vector<float> s = scratchWithDead({0, 2, 4});
  std::vector<int32_t> live{0, 1};
  std::vector<int64_t> rows{0, 1, 2, 3, 4, 5};
  EXPECT_EQ(dropDead(s, live, rows, kTiles), 1);
  EXPECT_EQ(rows, (std::vector<int64_t>{1, 3, 5, 3, 4, 5}));
  for (int64_t w = 0; w < kSlots; ++w) {
    EXPECT_EQ(s[w * kTile + 0], valueAt(0, w, 1));
    EXPECT_EQ(s[w * kTile + 1], valueAt(1, w, 0));
    EXPECT_EQ(s[w * kTile + 2], valueAt(1, w, 2));
  }
  std::vector<int32_t> outSlots{1};
  std::vector<float> out(6, -7.0f);
  scatter(s, outSlots, rows, 1, out, 0, 6);
  EXPECT_EQ(out,
            (std::vector<float>{0.0f, valueAt(0, 1, 1), 0.0f, valueAt(1, 1, 0),
                                0.0f, valueAt(1, 1, 2)}));
}

TEST(Runtime, DropDeadMarksUnusedLanesOfTheLastTile) {
  // Four survivors need two tiles; lanes 4 and 5 no longer hold samples.
  std::vector<float> s = scratchWithDead({1, 3});
  std::vector<int32_t> live{1};
  std::vector<int64_t> rows{0, 1, 2, 3, 4, 5};
  EXPECT_EQ(dropDead(s, live, rows, kTiles), 2);
  EXPECT_EQ(rows, (std::vector<int64_t>{0, 2, 4, 5, -1, -1}));
}

TEST(RuntimeDeathTest, ScratchTooSmallForTheLayoutStops) {
  // A padded kernel (4 floats per word of 3) would pass ntiles * slots words
  // but the packed layout needs ntiles * slots * tile floats; here one fewer.
  std::vector<float> s = scratchWithDead({});
  std::vector<int32_t> live{0};
  std::vector<int64_t> rows{0, 1, 2, 3, 4, 5};
  sffnn_memref_f32 scratch{s.data(), s.data(), 0, (int64_t)s.size() - 1, 1};
  auto liveSlots = memref<sffnn_memref_i32>(live);
  auto laneRows = memref<sffnn_memref_i64>(rows);
  EXPECT_DEATH(_mlir_ciface_sffnn_rt_drop_dead(&scratch, kTiles, kSlots, kTile,
                                               &liveSlots, &laneRows),
               "kernel and runtime disagree");
}

} // namespace
