//===- LineChart.h - a line chart with a log2 x axis ------------*- C++ -*-===//
//
// Series of (x, y) points over a log2 x axis (one grid line per power of
// two) and a linear y axis from 0 with round ticks, with a legend; what
// sffnn-io-plot draws (I/Os against the fast-memory size).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_LINECHART_H
#define SFFNN_SUPPORT_LINECHART_H

#include "sffnn/Support/Svg.h"

#include <string>
#include <vector>

namespace sffnn::svg {

struct Series {
  std::string label, color;
  /// x > 0, y >= 0.
  std::vector<Point> points;
  /// Dashed and without point markers (bounds, as opposed to measurements).
  bool dashed = false;
  /// Optional, per point (same indices as `points`): the marker's tooltip,
  /// and whether it is drawn hollow (a second kind of measurement, which
  /// the chart's notes explain).
  std::vector<std::string> tooltips;
  std::vector<bool> hollow;
};

struct LineChart {
  std::string title, xLabel, yLabel;
  std::vector<Series> series;
  /// Lines of text under the legend.
  std::vector<std::string> notes;
};

void drawLineChart(llvm::raw_ostream &os, const LineChart &chart);

} // namespace sffnn::svg

#endif // SFFNN_SUPPORT_LINECHART_H
