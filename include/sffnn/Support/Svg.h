//===- Svg.h - a small SVG chart writer -------------------------*- C++ -*-===//
//
// What the report passes draw with: a frame (page size and margins), axes
// that map values to pixels (linear, log2 or log10), and one call per SVG
// element. Elements are written without a line break so that several can
// share a line; nl() ends one. Text content is XML-escaped; coordinates are
// printed with one decimal. Plain C++, no dependencies.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_SVG_H
#define SFFNN_SUPPORT_SVG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <utility>

namespace sffnn::svg {

/// The page and the margins around the plot area, in pixels.
struct Frame {
  double width, height, left, right, top, bottom;

  double plotWidth() const { return width - left - right; }
  double plotHeight() const { return height - top - bottom; }
};

/// Maps values along one axis to pixels: t = (s(v) - lo) / (hi - lo), where
/// s is the identity, log2 or log10; pixel = start + t * length, or
/// start + (1 - t) * length when flipped (a y axis, growing upwards).
struct Axis {
  enum Scale { Linear, Log2, Log10 };
  Scale scale;
  /// The range, in the axis' scale (exponents for log axes).
  double lo, hi;
  double start, length;
  bool flipped = false;

  static Axis x(Scale scale, double lo, double hi, const Frame &frame) {
    return {scale, lo, hi, frame.left, frame.plotWidth(), false};
  }
  static Axis y(Scale scale, double lo, double hi, const Frame &frame) {
    return {scale, lo, hi, frame.top, frame.plotHeight(), true};
  }
  double operator()(double value) const;
};

using Point = std::pair<double, double>;

/// Writes one SVG document: the constructor opens it on a white page,
/// finish() closes it.
class Writer {
public:
  Writer(llvm::raw_ostream &os, const Frame &frame);

  /// The chart title at the left margin, height `y`.
  Writer &title(double y, llvm::StringRef text);
  /// `attributes` (e.g. `stroke="#ddd"`) follow the coordinates.
  Writer &line(double x1, double y1, double x2, double y2,
               llvm::StringRef attributes);
  Writer &text(double x, double y, llvm::StringRef content,
               llvm::StringRef attributes = "");
  /// Text rotated to read upwards (a y-axis label), centred at (x, y).
  Writer &verticalText(double x, double y, llvm::StringRef content);
  /// With a `tooltip`, the circle holds it as its <title> (shown on hover).
  Writer &circle(double cx, double cy, double r, llvm::StringRef attributes,
                 llvm::StringRef tooltip = "");
  /// An unfilled polyline; with `spaceAfterEach` every point, the last one
  /// too, is followed by a space (the I/O plot's form).
  Writer &polyline(llvm::ArrayRef<Point> points, llvm::StringRef attributes,
                   bool spaceAfterEach = false);
  /// Ends the current line of the document.
  Writer &nl();
  void finish();

private:
  llvm::raw_ostream &os;
  Frame frame;
};

/// `text` with &, < and > escaped for XML content.
std::string escape(llvm::StringRef text);

} // namespace sffnn::svg

#endif // SFFNN_SUPPORT_SVG_H
