//===- SvgTest.cpp - the SVG chart writer and the line chart --------------===//
#include "sffnn/Support/Svg.h"
#include "sffnn/Support/LineChart.h"

#include "gtest/gtest.h"

using namespace sffnn::svg;

namespace {

const Frame kFrame{200, 100, 20, 30, 10, 40};

TEST(Axis, MapsLinearAndLogScalesOntoThePlotArea) {
  Axis x = Axis::x(Axis::Linear, 0, 10, kFrame);
  EXPECT_DOUBLE_EQ(x(0), 20);
  EXPECT_DOUBLE_EQ(x(10), 170);
  EXPECT_DOUBLE_EQ(x(5), 95);
  // y grows upwards: the low end is at the bottom of the plot area.
  Axis y = Axis::y(Axis::Linear, 0, 10, kFrame);
  EXPECT_DOUBLE_EQ(y(0), 60);
  EXPECT_DOUBLE_EQ(y(10), 10);
  Axis log10 = Axis::x(Axis::Log10, -2, 3, kFrame);
  EXPECT_DOUBLE_EQ(log10(1e-2), 20);
  EXPECT_DOUBLE_EQ(log10(1), 20 + 150 * 2.0 / 5);
  Axis log2 = Axis::y(Axis::Log2, 1, 3, kFrame);
  EXPECT_DOUBLE_EQ(log2(4), 35);
}

std::string draw(llvm::function_ref<void(Writer &)> body) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Writer w(os, kFrame);
  body(w);
  w.finish();
  return text;
}

TEST(Writer, WritesOneElementPerCall) {
  std::string text = draw([](Writer &w) {
    w.title(25, "A & B").nl();
    w.line(1, 2, 3.25, 4, "stroke=\"#ddd\"")
        .text(5, 6, "x<1", "text-anchor=\"end\"")
        .nl();
    w.text(7, 8, "plain").nl();
    w.verticalText(18, 50, "GFLOP/s").nl();
    w.circle(1, 2, 3.5, "fill=\"red\"").nl();
    w.polyline({{1, 2}, {3, 4}}, "stroke=\"#555\"").nl();
    w.polyline({{1, 2}, {3, 4}}, "stroke=\"blue\"", true).nl();
  });
  EXPECT_EQ(text,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" "
            "height=\"100\" font-family=\"sans-serif\" font-size=\"12\">\n"
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            "<text x=\"20\" y=\"25\" font-size=\"15\">A &amp; B</text>\n"
            "<line x1=\"1.0\" y1=\"2.0\" x2=\"3.2\" y2=\"4.0\" "
            "stroke=\"#ddd\"/><text x=\"5.0\" y=\"6.0\" "
            "text-anchor=\"end\">x&lt;1</text>\n"
            "<text x=\"7.0\" y=\"8.0\">plain</text>\n"
            "<text x=\"18\" y=\"50.0\" transform=\"rotate(-90 18 50.0)\" "
            "text-anchor=\"middle\">GFLOP/s</text>\n"
            "<circle cx=\"1.0\" cy=\"2.0\" r=\"3.5\" fill=\"red\"/>\n"
            "<polyline fill=\"none\" stroke=\"#555\" points=\"1.0,2.0 "
            "3.0,4.0\"/>\n"
            "<polyline fill=\"none\" stroke=\"blue\" points=\"1.0,2.0 "
            "3.0,4.0 \"/>\n"
            "</svg>\n");
}

TEST(LineChart, DrawsSeriesLegendAndPowerOfTwoTicks) {
  LineChart chart;
  chart.title = "I/Os of @n";
  chart.xLabel = "M";
  chart.yLabel = "I/Os";
  chart.series = {{"measured", "#36c", {{2, 100}, {4, 80}, {8, 1500}}},
                  {"bound", "#2a7", {{2, 50}, {8, 50}}, true}};
  std::string text;
  llvm::raw_string_ostream os(text);
  drawLineChart(os, chart);
  EXPECT_EQ(llvm::StringRef(text).count("<polyline"), 2u);
  // Markers on the measured series only.
  EXPECT_EQ(llvm::StringRef(text).count("<circle"), 3u);
  EXPECT_EQ(llvm::StringRef(text).count("stroke-dasharray"),
            2u); // line and legend
  EXPECT_NE(text.find(">measured</text>"), std::string::npos);
  EXPECT_NE(text.find(">bound</text>"), std::string::npos);
  for (const char *tick : {">2</text>", ">4</text>", ">8</text>"})
    EXPECT_NE(text.find(tick), std::string::npos) << tick;
  // y ticks at round steps, large ones abbreviated.
  EXPECT_NE(text.find(">1k</text>"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 7), "</svg>\n");
}

// Per-point tooltips (escaped) and hollow markers, and notes under the
// legend (sffnn-io-plot: which expansion each point was counted with).
TEST(LineChart, TooltipsHollowMarkersAndNotes) {
  LineChart chart;
  Series s{"baseline", "#36c", {{2, 10}, {4, 8}}};
  s.tooltips = {"M=2: 10 <neuron>", "M=4: 8"};
  s.hollow = {false, true};
  chart.series = {s};
  chart.notes = {"hollow: register groups"};
  std::string text;
  llvm::raw_string_ostream os(text);
  drawLineChart(os, chart);
  EXPECT_NE(text.find("fill=\"#36c\"><title>M=2: 10 &lt;neuron&gt;</title>"
                      "</circle>"),
            std::string::npos);
  EXPECT_NE(text.find("fill=\"white\" stroke=\"#36c\" stroke-width=\"1.5\">"
                      "<title>M=4: 8</title></circle>"),
            std::string::npos);
  EXPECT_NE(text.find(">hollow: register groups</text>"), std::string::npos);
}

} // namespace
