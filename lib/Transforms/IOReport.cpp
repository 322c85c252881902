//===- IOReport.cpp - sffnn-io-report: I/O results as JSON and tables -----===//
#include "IOAttributes.h"
#include "PassOutput.h"

#include "sffnn/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNIOREPORT
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;

namespace {

int64_t field(DictionaryAttr dict, StringRef name) {
  auto attr = dict ? dict.getAs<IntegerAttr>(name) : IntegerAttr();
  return attr ? attr.getInt() : 0;
}

/// ", register-groups of 16" for a count made with the kernel's register
/// groups; nothing for a neuron order (or a count recorded before counts
/// said their expansion).
std::string expansionSuffix(DictionaryAttr dict) {
  auto expansion = dict.getAs<StringAttr>("expansion");
  if (!expansion || expansion.getValue() == "neuron")
    return "";
  return (", " + expansion.getValue() + " of " +
          llvm::Twine(field(dict, "register_tile")))
      .str();
}

/// A recorded dictionary as a JSON object.
llvm::json::Object toJson(DictionaryAttr dict) {
  llvm::json::Object object;
  for (NamedAttribute entry : dict) {
    if (auto b = dyn_cast<BoolAttr>(entry.getValue()))
      object[entry.getName().strref()] = b.getValue();
    else if (auto i = dyn_cast<IntegerAttr>(entry.getValue()))
      object[entry.getName().strref()] = i.getInt();
    else if (auto s = dyn_cast<StringAttr>(entry.getValue()))
      object[entry.getName().strref()] = s.getValue();
  }
  return object;
}

/// The schedules recorded on a network: (label, JSON key, dictionary).
SmallVector<std::tuple<StringRef, StringRef, DictionaryAttr>>
schedules(NetworkOp network) {
  SmallVector<std::tuple<StringRef, StringRef, DictionaryAttr>> result;
  for (auto [label, key, attr] : {std::tuple<StringRef, StringRef, StringRef>{
                                      "baseline", "baseline", kBaselineAttr},
                                  {"schedule", "schedule", kScheduleIOAttr},
                                  {"annealed", "annealed", kAnnealedAttr}})
    if (auto dict = network->getAttrOfType<DictionaryAttr>(attr))
      result.push_back({label, key, dict});
  return result;
}

llvm::json::Object report(NetworkOp network, DictionaryAttr bounds) {
  llvm::json::Object object = toJson(bounds);
  object["network"] = network.getSymName();
  double lower = static_cast<double>(field(bounds, "lower_bound"));
  object["bound_ratio"] = field(bounds, "upper_bound") / lower;
  if (auto levels = network->getAttrOfType<DictionaryAttr>(SFFNNDialect::IoLevelsAttrHelper::getNameStr())) {
    llvm::json::Object byLevel;
    for (NamedAttribute level : levels)
      byLevel[level.getName().strref()] =
          toJson(cast<DictionaryAttr>(level.getValue()));
    object["levels"] = std::move(byLevel);
  }
  double instance = static_cast<double>(field(bounds, "instance_lower_bound"));
  double activationInstance =
      static_cast<double>(field(bounds, "activation_instance_lower_bound"));
  for (auto [label, key, dict] : schedules(network)) {
    object[(key + "_ios").str()] = field(dict, "total");
    object[(key + "_efficiency").str()] = lower / field(dict, "total");
    // Against the instance bound: how far the schedule can still be from
    // the optimum, in all and in the activation I/Os a schedule controls.
    object[(key + "_instance_efficiency").str()] =
        instance / field(dict, "total");
    object[(key + "_activation_instance_efficiency").str()] =
        field(dict, "activation") ? activationInstance /
                                        field(dict, "activation")
                                  : 1.0;
    object[key] = toJson(dict);
  }
  return object;
}

void printTable(llvm::raw_ostream &os, NetworkOp network,
                DictionaryAttr bounds) {
  os << "network @" << network.getSymName() << ": I=" << field(bounds, "inputs")
     << " O=" << field(bounds, "outputs") << " n=" << field(bounds, "neurons")
     << " W=" << field(bounds, "connections")
     << " B=" << field(bounds, "biases")
     << "  fast memory M=" << field(bounds, "fast_memory") << " words\n";
  os << llvm::format("  %-42s %12s %12s %12s %12s %10s\n", "", "total I/O",
                     "parameters", "activations", "loads", "stores");
  int64_t p = field(bounds, "parameter_ios");
  os << llvm::format("  %-42s %12lld %12lld %12lld %12s %10s\n", "lower bound",
                     field(bounds, "lower_bound"), p,
                     field(bounds, "activation_lower_bound"), "", "");
  // Which proof gave the instance bound, when the attribute says.
  std::string instanceLabel = "instance lower bnd";
  if (auto method = bounds.getAs<StringAttr>("instance_method"))
    instanceLabel += (" (" + method.getValue() + ")").str();
  os << llvm::format("  %-42s %12lld %12lld %12lld %12s %10s\n",
                     instanceLabel.c_str(),
                     field(bounds, "instance_lower_bound"), p,
                     field(bounds, "activation_instance_lower_bound"), "", "");
  os << llvm::format("  %-42s %12lld %12lld %12lld %12s %10s\n", "upper bound",
                     field(bounds, "upper_bound"), p,
                     field(bounds, "activation_upper_bound"), "", "");
  for (auto [label, key, dict] : schedules(network)) {
    // A neuron order says only its policy; an order counted with the
    // kernel's register groups (partial sums) says so.
    std::string name = (label + " (" +
                        dict.getAs<StringAttr>("policy").getValue() +
                        expansionSuffix(dict) + ")")
                           .str();
    int64_t loads = field(dict, "input_loads") + field(dict, "hidden_loads") +
                    field(dict, "partial_loads");
    int64_t stores = field(dict, "hidden_stores") +
                     field(dict, "partial_stores") +
                     field(dict, "output_stores");
    os << llvm::format("  %-42s %12lld %12lld %12lld %12lld %10lld\n",
                       name.c_str(), field(dict, "total"), p,
                       field(dict, "activation"), loads, stores);
  }
  if (auto levels = network->getAttrOfType<DictionaryAttr>(SFFNNDialect::IoLevelsAttrHelper::getNameStr())) {
    // Smallest level first (the dictionary is sorted by name).
    SmallVector<NamedAttribute> bySize(levels.begin(), levels.end());
    llvm::sort(bySize, [](NamedAttribute a, NamedAttribute b) {
      int64_t x = field(cast<DictionaryAttr>(a.getValue()), "words");
      int64_t y = field(cast<DictionaryAttr>(b.getValue()), "words");
      return x != y ? x < y : a.getName().strref() < b.getName().strref();
    });
    for (NamedAttribute entry : bySize) {
      auto level = cast<DictionaryAttr>(entry.getValue());
      os << llvm::format("  level %-10s %8lld words %8lld blocks  schedule "
                         "I/O %lld (activations %lld)",
                         entry.getName().str().c_str(), field(level, "words"),
                         field(level, "blocks"), field(level, "total"),
                         field(level, "activation"));
      // Like the schedules (levels recorded before sffnn-block took an
      // expansion count neuron orders).
      os << expansionSuffix(level) << "\n";
    }
  }
  for (auto [label, key, dict] : schedules(network)) {
    // sffnn-schedule says which order it recorded, the annealer where it
    // started: an anchor or the recorded order.
    if (auto order = dict.getAs<StringAttr>("order"))
      os << "  " << label << " order: " << order.getValue() << "\n";
    if (auto start = dict.getAs<StringAttr>("start"))
      os << "  " << label << " started from: " << start.getValue() << " ("
         << field(dict, "start_total") << " I/Os)\n";
    os << llvm::format("  %s efficiency (lower bound / total): %.4f\n",
                       label.str().c_str(),
                       static_cast<double>(field(bounds, "lower_bound")) /
                           field(dict, "total"));
    int64_t activation = field(dict, "activation");
    os << llvm::format(
        "  %s against the instance bound: total %.4f, activations %.4f\n",
        label.str().c_str(),
        static_cast<double>(field(bounds, "instance_lower_bound")) /
            field(dict, "total"),
        activation ? static_cast<double>(
                         field(bounds, "activation_instance_lower_bound")) /
                         activation
                   : 1.0);
  }
}

struct IOReportPass
    : public mlir::sffnn::impl::SFFNNIOReportBase<IOReportPass> {
  using Base::Base;
  void runOnOperation() override {
    llvm::json::Array networks;
    std::string tableText;
    llvm::raw_string_ostream tableStream(tableText);
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      auto bounds = network->getAttrOfType<DictionaryAttr>(kBoundsAttr);
      if (!bounds) {
        emitError(network.getLoc(),
                  "no I/O results recorded; run sffnn-io-bounds "
                  "before sffnn-io-report");
        return signalPassFailure();
      }
      networks.push_back(report(network, bounds));
      printTable(tableStream, network, bounds);
    }
    if (failed(writeOutputFile(getOperation(), output,
                               [&](llvm::raw_ostream &os) {
                                 os << llvm::formatv(
                                     "{0:2}\n",
                                     llvm::json::Value(std::move(networks)));
                               })) ||
        failed(
            writeOutputFile(getOperation(), table,
                            [&](llvm::raw_ostream &os) { os << tableText; })))
      signalPassFailure();
  }
};

} // namespace
