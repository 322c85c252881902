//===- RooflineTest.cpp - the roofline formulas on hand-computed layers ---===//
#include "sffnn/Roofline/Roofline.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::roofline;
using sffnn::testing::message;

namespace {

/// peak 1e11 FLOP/s; L1 10 kB at 1e12 B/s, L2 1 MB at 1e11 B/s, DRAM 1e10.
MachineModel machine() {
  auto m = parseMachineModel("peak=1e11,l1=1e4:1e12,l2=1e6:1e11,dram=1e10");
  EXPECT_TRUE(bool(m));
  return *m;
}

// A 100 x 200 layer (rows = outputs), 2000 connections (10%), batch 10.
// Activations: 4 B x 10 x (200 + 100) = 12000 B.
const LayerShape kLayer = {100, 200, 2000, 10};

TEST(Roofline, Dense) {
  Cost c = denseCost(kLayer, machine());
  EXPECT_DOUBLE_EQ(c.flops, 2.0 * 100 * 200 * 10);    // 400000
  EXPECT_DOUBLE_EQ(c.bytes, 4.0 * 100 * 200 + 12000); // 92000 -> L2
  EXPECT_EQ(c.level, "l2");
  EXPECT_FALSE(c.memoryBound); // 4e-6 s compute vs 9.2e-7 s memory
  EXPECT_DOUBLE_EQ(c.seconds, 4e-6);
  EXPECT_NEAR(c.intensity(), 400000.0 / 92000, 1e-12);
}

TEST(Roofline, Csr) {
  Cost c = csrCost(kLayer, machine());
  EXPECT_DOUBLE_EQ(c.flops, 40000);
  EXPECT_DOUBLE_EQ(c.bytes, 8.0 * 2000 + 4.0 * 101 + 12000); // 28404
  EXPECT_EQ(c.level, "l2");
  EXPECT_DOUBLE_EQ(c.seconds, 4e-7); // compute-bound: 4e-7 > 2.84e-7
}

TEST(Roofline, BlockSparseAndNM) {
  Cost b = bsrCost(kLayer, 2, 2, 600, machine());
  EXPECT_EQ(b.format, "bsr2x2");
  EXPECT_DOUBLE_EQ(b.flops, 2.0 * 600 * 4 * 10); // zeros in blocks count
  EXPECT_DOUBLE_EQ(b.bytes, 4.0 * 2400 + 4.0 * 600 + 4.0 * 51 + 12000);
  Cost nm = nmCost(kLayer, 2, 4, machine());
  EXPECT_EQ(nm.format, "2:4");
  EXPECT_DOUBLE_EQ(nm.flops, 2.0 * 10000 * 10);
  EXPECT_DOUBLE_EQ(nm.bytes, 4.0 * 10000 + 10000 * 2 / 8.0 + 12000);
  EXPECT_DOUBLE_EQ(nm.seconds, 2e-6);
}

TEST(Roofline, ScheduleTakesTheBindingLevel) {
  // 1e5 B into L1 (from L2 at 1e11 B/s: 1e-6 s), 4e4 B into L2 (from DRAM
  // at 1e10: 4e-6 s): DRAM binds; compute 4e-7 s.
  Cost c = scheduleCost(kLayer, {1e5, 4e4}, machine());
  EXPECT_EQ(c.level, "dram");
  EXPECT_DOUBLE_EQ(c.bytes, 4e4);
  EXPECT_DOUBLE_EQ(c.seconds, 4e-6);
  EXPECT_TRUE(c.memoryBound);
  Cost fast = scheduleCost(kLayer, {1e3, 1e2}, machine());
  EXPECT_FALSE(fast.memoryBound);
  EXPECT_DOUBLE_EQ(fast.seconds, 4e-7);
}

TEST(Roofline, LevelByFootprint) {
  // Batch 1, 1% density: CSR bytes 8 x 200 + 404 + 1200 = 3204 fit L1.
  LayerShape small = {100, 200, 200, 1};
  Cost c = csrCost(small, machine());
  EXPECT_EQ(c.level, "l1");
  EXPECT_TRUE(c.memoryBound == false); // 4e-8 compute vs 3.2e-9 memory
  // A 10000 x 10000 dense layer (400 MB) comes from DRAM.
  Cost d = denseCost({10000, 10000, 100000000, 1}, machine());
  EXPECT_EQ(d.level, "dram");
  EXPECT_TRUE(d.memoryBound);
}

TEST(Roofline, BreakEvenDensity) {
  // Batch 1, memory-bound: dense 81200 B / 1e11 = 8.12e-7 s; CSR at
  // density d moves 160000 d + 1604 B (from L2 past 10 kB): equal at
  // d = 79596 / 160000 = 0.497475.
  LayerShape l = {100, 200, 2000, 1};
  EXPECT_NEAR(csrBreakEven(l, machine()), 0.497475, 1e-4);
  // Compute-bound (batch 10): CSR does fewer FLOPs at any density < 1.
  EXPECT_DOUBLE_EQ(csrBreakEven(kLayer, machine()), 1.0);
}

TEST(Roofline, SparseFormatsReadOnlyTheirInputs) {
  // 2 x 4 reading inputs 0 and 3 only, batch 10: CSR moves 2 inputs'
  // activations (80 B) and 2 outputs' (80 B); dense moves all 4 inputs.
  CsrMatrix w{2, 4, {0, 1, 2}, {0, 3}, {1, 1}};
  LayerShape shape = shapeOf(w, 10);
  EXPECT_EQ(shape.usedCols, 2);
  EXPECT_DOUBLE_EQ(csrCost(shape, machine()).bytes, 8.0 * 2 + 4.0 * 3 + 160);
  EXPECT_DOUBLE_EQ(denseCost(shape, machine()).bytes, 4.0 * 8 + 240);
}

TEST(Roofline, CountBlocks) {
  // 4 x 4 with (0,0) (1,1) (0,3) (3,2).
  CsrMatrix w{4, 4, {0, 2, 3, 3, 4}, {0, 3, 1, 2}, {1, 1, 1, 1}};
  EXPECT_EQ(countBlocks(w, 1, 1), 4);
  EXPECT_EQ(countBlocks(w, 2, 2), 3);
  EXPECT_EQ(countBlocks(w, 4, 4), 1);
  EXPECT_EQ(countBlocks(w, 1, 4), 3); // rows 0, 1, 3
}

TEST(Roofline, MachineFiles) {
  MachineModel m = machine();
  ASSERT_EQ(m.levels.size(), 3u);
  EXPECT_EQ(m.levels.back().name, "dram");
  EXPECT_DOUBLE_EQ(m.balance(m.levels[1]), 1.0);
  sffnn::testing::TempFile file("", "json");
  ASSERT_EQ(message(writeMachineModel(m, file.str())), "");
  auto back = readMachineModel(file.str());
  ASSERT_TRUE(bool(back)) << message(back.takeError());
  EXPECT_DOUBLE_EQ(back->peakFlops, 1e11);
  EXPECT_EQ(back->levels[0].name, "l1");
  EXPECT_DOUBLE_EQ(back->levels[2].bandwidth, 1e10);
  for (const char *bad : {"", "peak=0,dram=1", "peak=1e9", "peak=1e9,l1=x:1",
                          "peak=1e9,l1=10:-1"}) {
    auto e = parseMachineModel(bad);
    EXPECT_FALSE(bool(e)) << bad;
    if (!e)
      llvm::consumeError(e.takeError());
  }
  sffnn::testing::TempFile broken("{\"levels\": []}", "json");
  auto e = readMachineModel(broken.str());
  ASSERT_FALSE(bool(e));
  EXPECT_NE(message(e.takeError()).find("peak_flops"), std::string::npos);
}

} // namespace
