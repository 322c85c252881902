//===- LineChart.cpp - a line chart with a log2 x axis --------------------===//
#include "sffnn/Support/LineChart.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include <algorithm>
#include <cmath>

using namespace sffnn;
using namespace sffnn::svg;

/// 1.5M, 20k, 300: y tick labels.
static std::string compact(double v) {
  std::string label;
  llvm::raw_string_ostream(label) << (v >= 1e6   ? llvm::format("%gM", v / 1e6)
                                      : v >= 1e3 ? llvm::format("%gk", v / 1e3)
                                                 : llvm::format("%g", v));
  return label;
}

void svg::drawLineChart(llvm::raw_ostream &os, const LineChart &chart) {
  const Frame frame{720, 440, 90, 190, 50, 60};
  const double bottomY = frame.height - frame.bottom,
               rightX = frame.width - frame.right;
  double xMin = 1e300, xMax = 0, yMax = 0;
  for (const Series &s : chart.series)
    for (auto [x, y] : s.points) {
      xMin = std::min(xMin, std::log2(x));
      xMax = std::max(xMax, std::log2(x));
      yMax = std::max(yMax, y);
    }
  if (xMax <= xMin)
    xMax = xMin + 1;
  yMax *= 1.08;
  Axis x = Axis::x(Axis::Log2, xMin, xMax, frame);
  Axis y = Axis::y(Axis::Linear, 0, yMax, frame);

  Writer w(os, frame);
  w.title(28, chart.title).nl();
  w.line(frame.left, bottomY, rightX, bottomY, "stroke=\"black\"").nl();
  w.line(frame.left, frame.top, frame.left, bottomY, "stroke=\"black\"").nl();
  for (double e = std::ceil(xMin); e <= xMax + 1e-9; e += 1) {
    double px = x(std::exp2(e));
    w.line(px, frame.top, px, bottomY, "stroke=\"#ddd\"").nl();
    std::string label;
    llvm::raw_string_ostream(label) << llvm::format("%.0f", std::exp2(e));
    w.text(px, bottomY + 18, label, "text-anchor=\"middle\"").nl();
  }
  // Round ticks: a step of 1, 2 or 5 times a power of ten.
  double raw = yMax / 5, power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = raw / power < 2   ? 2 * power
                : raw / power < 5 ? 5 * power
                                  : 10 * power;
  for (double v = 0; v <= yMax; v += step) {
    double py = y(v);
    w.line(frame.left, py, rightX, py, "stroke=\"#ddd\"").nl();
    w.text(frame.left - 6, py + 4, compact(v), "text-anchor=\"end\"").nl();
  }
  w.text((frame.left + rightX) / 2, frame.height - 18, chart.xLabel,
         "text-anchor=\"middle\"")
      .nl();
  w.verticalText(20, (frame.top + bottomY) / 2, chart.yLabel).nl();
  for (auto [k, s] : llvm::enumerate(chart.series)) {
    std::string dash = s.dashed ? " stroke-dasharray=\"6 4\"" : "";
    std::string stroke = "stroke=\"" + s.color + "\" stroke-width=\"2\"" + dash;
    std::vector<Point> pixels;
    for (auto [px, py] : s.points)
      pixels.push_back({x(px), y(py)});
    w.polyline(pixels, stroke, /*spaceAfterEach=*/true).nl();
    if (!s.dashed)
      for (auto [i, pixel] : llvm::enumerate(pixels)) {
        bool hollow = i < s.hollow.size() && s.hollow[i];
        std::string fill = hollow ? "fill=\"white\" stroke=\"" + s.color +
                                        "\" stroke-width=\"1.5\""
                                  : "fill=\"" + s.color + "\"";
        w.circle(pixel.first, pixel.second, 3, fill,
                 i < s.tooltips.size() ? s.tooltips[i] : "")
            .nl();
      }
    double ly = frame.top + 20 + 22 * k;
    w.line(rightX + 15, ly, rightX + 45, ly, stroke).nl();
    w.text(rightX + 52, ly + 4, s.label).nl();
  }
  for (auto [k, note] : llvm::enumerate(chart.notes))
    w.text(rightX + 15, frame.top + 20 + 22 * chart.series.size() + 18 * k,
           note, "font-size=\"11\"")
        .nl();
  w.finish();
}
