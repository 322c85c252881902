//===- PredictTest.cpp - options and per-layer predictions ----------------===//
#include "sffnn/Roofline/Predict.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::roofline;
using sffnn::testing::message;

namespace {

/// Peak 1e9 FLOP/s; L1 1 kB at 1e10 B/s; DRAM 1e9 B/s.
MachineModel machine() {
  auto m = parseMachineModel("peak=1e9,l1=1000:1e10,dram=1e9");
  EXPECT_TRUE(bool(m));
  return *m;
}

/// 2 x 4, 3 connections reading inputs 0, 3 (row 0) and 1 (row 1).
CsrMatrix tiny() { return {2, 4, {0, 2, 3}, {0, 3, 1}, {1, 1, 1}}; }

TEST(ParseFormats, KeepsTheOrderGiven) {
  auto formats = parseFormats("schedule, bsr2x3 csr,2:4,dense");
  ASSERT_TRUE(bool(formats));
  ASSERT_EQ(formats->size(), 5u);
  EXPECT_EQ((*formats)[0].kind, Format::Schedule);
  EXPECT_EQ((*formats)[1].kind, Format::Bsr);
  EXPECT_EQ((*formats)[1].a, 2);
  EXPECT_EQ((*formats)[1].b, 3);
  EXPECT_EQ((*formats)[2].kind, Format::Csr);
  EXPECT_EQ((*formats)[3].kind, Format::NM);
  EXPECT_EQ((*formats)[3].a, 2);
  EXPECT_EQ((*formats)[3].b, 4);
  EXPECT_EQ((*formats)[4].kind, Format::Dense);
}

TEST(ParseFormats, RejectsBadWords) {
  for (const char *bad :
       {"ell", "bsr0x2", "bsr2x", "3:2", "0:4", "bsr99999999999999999999x2",
        "csr,99999999999999999999:1"})
    EXPECT_EQ(
        message(parseFormats(bad).takeError()).rfind("unknown format '", 0), 0u)
        << bad;
  EXPECT_EQ(message(parseFormats(" , ").takeError()), "no formats given");
}

TEST(ParseEfficiencies, ReadsFactorsAndRejectsBadOnes) {
  auto factors = parseEfficiencies("dense=0.5,csr=0.25");
  ASSERT_TRUE(bool(factors));
  EXPECT_EQ(factors->lookup("dense"), 0.5);
  EXPECT_EQ(factors->lookup("csr"), 0.25);
  auto none = parseEfficiencies("");
  ASSERT_TRUE(bool(none));
  EXPECT_TRUE(none->empty());
  for (const char *bad : {"csr=fast", "csr=0", "csr=-1", "csr=2000", "csr"})
    EXPECT_EQ(message(parseEfficiencies(bad).takeError()),
              std::string("bad efficiency '") + bad +
                  "': expected FORMAT=FACTOR with a positive factor");
  Cost c;
  c.format = "csr";
  c.seconds = 1e-6;
  EXPECT_DOUBLE_EQ(expectedSeconds(c, *factors), 4e-6);
  c.format = "bsr2x2";
  EXPECT_DOUBLE_EQ(expectedSeconds(c, *factors), 1e-6);
}

// The numbers of test/Transforms/roofline.mlir, batch 2.
TEST(PredictLayer, CostsEveryFormatInOrder) {
  auto formats = parseFormats("dense,csr,bsr2x2,2:4,schedule");
  ASSERT_TRUE(bool(formats));
  auto layer = predictLayer("layer 1", tiny(), false, 2, *formats, machine());
  ASSERT_TRUE(bool(layer)) << message(layer.takeError());
  EXPECT_EQ(layer->name, "layer 1");
  EXPECT_EQ(layer->shape.usedCols, 3);
  ASSERT_EQ(layer->costs.size(), 5u);
  EXPECT_EQ(layer->costs[0].format, "dense");
  EXPECT_DOUBLE_EQ(layer->costs[0].flops, 32);
  EXPECT_DOUBLE_EQ(layer->costs[0].bytes, 80);
  EXPECT_DOUBLE_EQ(layer->costs[1].flops, 12);
  EXPECT_DOUBLE_EQ(layer->costs[1].bytes, 76);
  EXPECT_DOUBLE_EQ(layer->costs[2].flops, 32); // 2 blocks of 2 x 2
  EXPECT_DOUBLE_EQ(layer->costs[2].bytes, 88);
  EXPECT_DOUBLE_EQ(layer->costs[3].flops, 16);
  EXPECT_EQ(layer->costs[4].format, "schedule");
  EXPECT_DOUBLE_EQ(layer->costs[4].flops, 12);
  EXPECT_DOUBLE_EQ(layer->breakEven, 1.0);
}

// With L1 as fast memory (125 words of 2 lanes) everything stays resident:
// 3 weights of 4 bytes, 3 input loads and 2 output stores of 8 bytes.
TEST(ScheduleBytes, CountsTheSimulatedTrafficPerLevel) {
  auto bytes = scheduleBytes(tiny(), false, 2, machine());
  ASSERT_TRUE(bool(bytes));
  EXPECT_EQ(*bytes, (std::vector<double>{4.0 * 3 + 8.0 * 5}));
  // A bias per neuron is a parameter too; batch 40 runs 3 tiles of 16 lanes.
  auto tiled = scheduleBytes(tiny(), true, 40, machine());
  ASSERT_TRUE(bool(tiled));
  EXPECT_EQ(*tiled, (std::vector<double>{3 * (4.0 * 5 + 64.0 * 5)}));
}

// One memory level: no cache to simulate, every word comes from that level
// once per tile (compulsory traffic, as the other rows count): the weights,
// the biases, the 3 inputs read and the 2 outputs. Never 0 bytes.
TEST(ScheduleBytes, OneLevelServesEveryWord) {
  auto oneLevel = parseMachineModel("peak=1e9,dram=1e9");
  ASSERT_TRUE(bool(oneLevel));
  auto bytes = scheduleBytes(tiny(), false, 2, *oneLevel);
  ASSERT_TRUE(bool(bytes));
  EXPECT_EQ(*bytes, (std::vector<double>{4.0 * 3 + 8.0 * 5}));
  auto tiled = scheduleBytes(tiny(), true, 40, *oneLevel);
  ASSERT_TRUE(bool(tiled));
  EXPECT_EQ(*tiled, (std::vector<double>{3 * (4.0 * 5 + 64.0 * 5)}));

  auto formats = parseFormats("csr,schedule");
  ASSERT_TRUE(bool(formats));
  auto layer = predictLayer("l", tiny(), false, 2, *formats, *oneLevel);
  ASSERT_TRUE(bool(layer));
  const Cost &schedule = layer->costs[1];
  EXPECT_DOUBLE_EQ(schedule.bytes, 52);
  EXPECT_EQ(schedule.level, "dram");
  EXPECT_DOUBLE_EQ(schedule.seconds, 52 / 1e9);
  EXPECT_TRUE(schedule.memoryBound);
  // CSR's row on the same level: the same activations plus its indices.
  EXPECT_EQ(layer->costs[0].level, "dram");
  EXPECT_DOUBLE_EQ(layer->costs[0].bytes, 52 + 4 * 3 + 4 * 3);
}

} // namespace
