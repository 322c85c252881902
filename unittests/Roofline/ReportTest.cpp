//===- ReportTest.cpp - the table, JSON and chart of predictions ----------===//
#include "sffnn/Roofline/Report.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::roofline;

namespace {

MachineModel machine() {
  auto m = parseMachineModel("peak=1e9,l1=1000:1e10,dram=1e9");
  EXPECT_TRUE(bool(m));
  return *m;
}

/// Two copies of test/Transforms/roofline.mlir's layer, dense and csr.
NetworkPrediction tinyNetwork() {
  CsrMatrix w{2, 4, {0, 2, 3}, {0, 3, 1}, {1, 1, 1}};
  std::vector<Format> formats = {{Format::Dense}, {Format::Csr}};
  NetworkPrediction network{"tiny", 2, {}};
  for (const char *name : {"layer 1", "layer 2"})
    network.layers.push_back(
        *predictLayer(name, w, false, 2, formats, machine()));
  return network;
}

std::string table(const NetworkPrediction &network,
                  const Efficiencies &efficiencies) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printTable(os, network, machine(), efficiencies);
  return text;
}

TEST(Table, PrintsEveryLayerAndTheNetworkSpeedup) {
  std::string text = table(tinyNetwork(), {});
  EXPECT_EQ(text.rfind("network @tiny: batch 2, peak 1 GFLOP/s\n", 0), 0u);
  EXPECT_NE(text.find("  layer 2: 2x4, 3 connections (density 0.3750), CSR "
                      "break-even density 1.0000\n"),
            std::string::npos);
  EXPECT_NE(text.find("    csr                  12           76     0.158"
                      "     l1 compute      1.2e-08     2.667\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  network speedup over dense (ratio of summed times): "
                      "dense 1.000 csr 2.667\n"),
            std::string::npos);
  EXPECT_EQ(text.find("expected"), std::string::npos);
}

// Dense at 50% of its roofline takes 6.4e-8 s, CSR at 25% 4.8e-8 s.
TEST(Table, AddsExpectedTimesWithEfficiencies) {
  Efficiencies efficiencies;
  efficiencies["dense"] = 0.5;
  efficiencies["csr"] = 0.25;
  std::string text = table(tinyNetwork(), efficiencies);
  EXPECT_NE(text.find("    2.667      4.8e-08     1.333\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  expected network speedup (with the efficiencies): "
                      "dense 1.000 csr 1.333\n"),
            std::string::npos);
}

TEST(Table, AcceptsANetworkWithoutLayers) {
  NetworkPrediction empty{"none", 1, {}};
  EXPECT_EQ(table(empty, {}),
            "network @none: batch 1, peak 1 GFLOP/s\n"
            "  network speedup over dense (ratio of summed times):\n");
}

TEST(Json, HoldsLayersFormatsAndSpeedups) {
  Efficiencies efficiencies;
  efficiencies["csr"] = 0.25;
  llvm::json::Object object = toJSON(tinyNetwork(), machine(), efficiencies);
  EXPECT_EQ(object.getString("network"), "tiny");
  EXPECT_EQ(object.getInteger("batch"), 2);
  EXPECT_EQ(object.getNumber("peak_flops"), 1e9);
  const llvm::json::Array *layers = object.getArray("layers");
  ASSERT_TRUE(layers && layers->size() == 2);
  const llvm::json::Object *first = (*layers)[0].getAsObject();
  EXPECT_EQ(first->getString("layer"), "layer 1");
  EXPECT_EQ(first->getInteger("connections"), 3);
  const llvm::json::Object *csr =
      (*first->getArray("formats"))[1].getAsObject();
  EXPECT_EQ(csr->getString("format"), "csr");
  EXPECT_NEAR(*csr->getNumber("speedup"), 32.0 / 12, 1e-12);
  EXPECT_NEAR(*csr->getNumber("expected_seconds"), 4.8e-8, 1e-20);
  EXPECT_NEAR(*object.getObject("speedup")->getNumber("csr"), 32.0 / 12, 1e-12);
  EXPECT_NEAR(*object.getObject("expected_speedup")->getNumber("csr"),
              32.0 / 48, 1e-12);
}

TEST(Chart, DrawsARoofPerLevelAndAPointPerLayerAndFormat) {
  NetworkPrediction network = tinyNetwork();
  network.layers[1].costs[1].format = "a<b";
  std::string svg;
  llvm::raw_string_ostream os(svg);
  drawRoofline(os, machine(), network.layers);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(llvm::StringRef(svg).count("<polyline"), 2u); // l1 and dram
  EXPECT_EQ(llvm::StringRef(svg).count(">l1</text>"), 1u);
  // 4 points, then a legend entry per distinct format (dense, csr, a<b).
  EXPECT_EQ(llvm::StringRef(svg).count("r=\"3.5\""), 4u);
  EXPECT_EQ(llvm::StringRef(svg).count("r=\"4\""), 3u);
  EXPECT_NE(svg.find(">a&lt;b</text>"), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
}

} // namespace
