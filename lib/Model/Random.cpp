//===- Random.cpp - portable, seeded random numbers -----------------------===//
#include "sffnn/Model/Random.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace sffnn;

float Distribution::sample(Random &random, int64_t fanIn) const {
  switch (kind) {
  case He:
    return static_cast<float>(random.normal() *
                              std::sqrt(2.0 / std::max<int64_t>(fanIn, 1)));
  case Normal:
    return static_cast<float>(a + b * random.normal());
  case Uniform:
    return static_cast<float>(a + (b - a) * random.uniform());
  case Constant:
    return static_cast<float>(a);
  }
  return 0.0f;
}

llvm::Expected<Distribution> sffnn::parseDistribution(llvm::StringRef text) {
  auto bad = [&](const char *why) {
    return llvm::createStringError(
        "bad distribution '" + text + "': " + why +
        " (expected he, normal:MEAN,STD, uniform:LO,HI, const:V or a number)");
  };
  Distribution d;
  if (text == "he")
    return d;
  auto [kind, args] = text.split(':');
  llvm::SmallVector<llvm::StringRef, 2> parts;
  llvm::SplitString(args, parts, ",");
  llvm::SmallVector<double, 2> values;
  for (llvm::StringRef part : parts) {
    double v;
    if (part.trim().getAsDouble(v) || !std::isfinite(v))
      return bad("not a finite number");
    values.push_back(v);
  }
  double plain;
  if (args.empty() && !kind.getAsDouble(plain) && std::isfinite(plain)) {
    d.kind = Distribution::Constant;
    d.a = plain;
    return d;
  }
  if (kind == "const" && values.size() == 1) {
    d.kind = Distribution::Constant;
    d.a = values[0];
  } else if (kind == "normal" && values.size() == 2) {
    if (values[1] < 0)
      return bad("negative standard deviation");
    d.kind = Distribution::Normal;
    d.a = values[0];
    d.b = values[1];
  } else if (kind == "uniform" && values.size() == 2) {
    if (values[0] > values[1])
      return bad("LO > HI");
    d.kind = Distribution::Uniform;
    d.a = values[0];
    d.b = values[1];
  } else {
    return bad("unknown form");
  }
  return d;
}
