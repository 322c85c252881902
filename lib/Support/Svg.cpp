//===- Svg.cpp - a small SVG chart writer ---------------------------------===//
#include "sffnn/Support/Svg.h"

#include "llvm/Support/Format.h"
#include <cmath>

using namespace sffnn;
using namespace sffnn::svg;
using llvm::format;

double Axis::operator()(double value) const {
  double s = scale == Log2    ? std::log2(value)
             : scale == Log10 ? std::log10(value)
                              : value;
  double t = (s - lo) / (hi - lo);
  return start + (flipped ? 1 - t : t) * length;
}

std::string svg::escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

Writer::Writer(llvm::raw_ostream &os, const Frame &frame)
    : os(os), frame(frame) {
  os << format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
               "height=\"%.0f\" font-family=\"sans-serif\" "
               "font-size=\"12\">\n",
               frame.width, frame.height);
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

Writer &Writer::title(double y, llvm::StringRef text) {
  os << format("<text x=\"%.0f\" y=\"%.0f\" font-size=\"15\">", frame.left, y)
     << escape(text) << "</text>";
  return *this;
}

Writer &Writer::line(double x1, double y1, double x2, double y2,
                     llvm::StringRef attributes) {
  os << format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" ", x1, y1,
               x2, y2)
     << attributes << "/>";
  return *this;
}

Writer &Writer::text(double x, double y, llvm::StringRef content,
                     llvm::StringRef attributes) {
  os << format("<text x=\"%.1f\" y=\"%.1f\"", x, y);
  if (!attributes.empty())
    os << ' ' << attributes;
  os << '>' << escape(content) << "</text>";
  return *this;
}

Writer &Writer::verticalText(double x, double y, llvm::StringRef content) {
  os << format("<text x=\"%g\" y=\"%.1f\" transform=\"rotate(-90 %g %.1f)\" "
               "text-anchor=\"middle\">",
               x, y, x, y)
     << escape(content) << "</text>";
  return *this;
}

Writer &Writer::circle(double cx, double cy, double r,
                       llvm::StringRef attributes, llvm::StringRef tooltip) {
  os << format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%g\" ", cx, cy, r)
     << attributes;
  if (tooltip.empty())
    os << "/>";
  else
    os << "><title>" << escape(tooltip) << "</title></circle>";
  return *this;
}

Writer &Writer::polyline(llvm::ArrayRef<Point> points,
                         llvm::StringRef attributes, bool spaceAfterEach) {
  os << "<polyline fill=\"none\" " << attributes << " points=\"";
  for (size_t k = 0; k < points.size(); ++k) {
    if (k > 0 && !spaceAfterEach)
      os << ' ';
    os << format("%.1f,%.1f", points[k].first, points[k].second);
    if (spaceAfterEach)
      os << ' ';
  }
  os << "\"/>";
  return *this;
}

Writer &Writer::nl() {
  os << '\n';
  return *this;
}

void Writer::finish() { os << "</svg>\n"; }
