//===- Chart.cpp - the roofline chart as SVG ------------------------------===//
#include "sffnn/Roofline/Report.h"
#include "sffnn/Support/Svg.h"

#include "llvm/Support/Format.h"
#include <algorithm>
#include <cmath>

using namespace sffnn;
using namespace sffnn::roofline;

static std::string number(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

void sffnn::roofline::drawRoofline(llvm::raw_ostream &os,
                                   const MachineModel &machine,
                                   llvm::ArrayRef<LayerPrediction> layers) {
  const svg::Frame frame{760, 480, 80, 170, 40, 60};
  const double bottomY = frame.height - frame.bottom,
               rightX = frame.width - frame.right;
  // Intensity from 0.01 to 1000 FLOP/byte; five decades of FLOP/s below
  // twice the peak.
  double xLo = 1e-2, xHi = 1e3;
  double yHi = machine.peakFlops * 2, yLo = yHi / 1e5;
  svg::Axis x =
      svg::Axis::x(svg::Axis::Log10, std::log10(xLo), std::log10(xHi), frame);
  svg::Axis yAxis =
      svg::Axis::y(svg::Axis::Log10, std::log10(yLo), std::log10(yHi), frame);
  auto y = [&](double v) { return yAxis(std::max(v, yLo)); };

  svg::Writer w(os, frame);
  w.title(25, "Sparsity roofline: each point a layer in a format").nl();
  for (double d = std::log10(xLo); d <= std::log10(xHi) + 1e-9; d += 1) {
    double px = x(std::pow(10, d));
    w.line(px, frame.top, px, bottomY, "stroke=\"#ddd\"")
        .text(px, bottomY + 16, number(std::pow(10, d)),
              "text-anchor=\"middle\"")
        .nl();
  }
  for (double d = std::ceil(std::log10(yLo)); d <= std::log10(yHi); d += 1) {
    double py = y(std::pow(10, d));
    w.line(frame.left, py, rightX, py, "stroke=\"#ddd\"")
        .text(frame.left - 5, py + 4, number(std::pow(10, d) / 1e9),
              "text-anchor=\"end\"")
        .nl();
  }
  w.text((frame.left + rightX) / 2, frame.height - 20,
         "arithmetic intensity (FLOP/byte)", "text-anchor=\"middle\"")
      .nl();
  w.verticalText(18, (frame.top + bottomY) / 2, "GFLOP/s").nl();
  // Roofs: min(peak, bandwidth x intensity), one per level.
  for (const MemoryLevel &level : machine.levels) {
    double knee = machine.peakFlops / level.bandwidth;
    w.polyline({{x(xLo), y(level.bandwidth * xLo)},
                {x(knee), y(machine.peakFlops)},
                {x(xHi), y(machine.peakFlops)}},
               "stroke=\"#555\"")
        .nl();
    // Labels spread along the slope so that equal roofs stay readable.
    double lx =
        std::min(knee / (3.0 + 4.0 * (&level - &machine.levels[0])), xHi);
    w.text(x(lx), y(level.bandwidth * lx) - 6, level.name, "fill=\"#555\"")
        .nl();
  }
  static const char *colors[] = {"#c33", "#36c", "#2a7", "#e80",
                                 "#939", "#088", "#777", "#b60"};
  auto fill = [&](size_t k) {
    return std::string("fill=\"") + colors[k % 8] + "\"";
  };
  std::vector<std::string> legend;
  for (const LayerPrediction &layer : layers)
    for (const Cost &c : layer.costs) {
      size_t k =
          std::find(legend.begin(), legend.end(), c.format) - legend.begin();
      if (k == legend.size())
        legend.push_back(c.format);
      w.circle(x(std::clamp(c.intensity(), xLo, xHi)), y(c.flops / c.seconds),
               3.5, fill(k) + " fill-opacity=\"0.7\"")
          .nl();
    }
  for (size_t k = 0; k < legend.size(); ++k)
    w.circle(rightX + 20, frame.top + 20 + 20.0 * k, 4, fill(k))
        .text(rightX + 30, frame.top + 24 + 20.0 * k, legend[k])
        .nl();
  w.finish();
}
