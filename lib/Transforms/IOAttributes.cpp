//===- IOAttributes.cpp - I/O results recorded on networks ----------------===//
#include "IOAttributes.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/IO/AnchorOrders.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

DictionaryAttr mlir::sffnn::boundsAttr(MLIRContext *ctx, const io::Bounds &b,
                                       const io::InstanceBound &instance,
                                       int64_t fastMemory) {
  Builder builder(ctx);
  auto i64 = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  return builder.getDictionaryAttr({
      builder.getNamedAttr("fast_memory", i64(fastMemory)),
      builder.getNamedAttr("inputs", i64(b.inputs)),
      builder.getNamedAttr("outputs", i64(b.outputs)),
      builder.getNamedAttr("neurons", i64(b.neurons)),
      builder.getNamedAttr("connections", i64(b.connections)),
      builder.getNamedAttr("biases", i64(b.biases)),
      builder.getNamedAttr("used_inputs", i64(b.usedInputs)),
      builder.getNamedAttr("parameter_ios", i64(b.parameterIOs)),
      builder.getNamedAttr("activation_lower_bound", i64(b.activationLower)),
      builder.getNamedAttr("activation_upper_bound", i64(b.activationUpper)),
      builder.getNamedAttr("lower_bound", i64(b.lower())),
      builder.getNamedAttr("upper_bound", i64(b.upper())),
      builder.getNamedAttr("two_optimal", builder.getBoolAttr(b.twoOptimal())),
      builder.getNamedAttr("activation_instance_lower_bound",
                           i64(instance.activation())),
      builder.getNamedAttr("instance_lower_bound",
                           i64(b.parameterIOs + instance.activation())),
      // Which proof gave it (docs/IOModel.md, section 4).
      builder.getNamedAttr(
          "instance_method",
          builder.getStringAttr(io::instanceMethodName(instance.method()))),
  });
}

DictionaryAttr mlir::sffnn::countAttr(MLIRContext *ctx, const io::IOCount &c,
                                      io::Policy policy, int64_t fastMemory,
                                      io::Expansion expansion,
                                      int64_t registerTile) {
  Builder builder(ctx);
  auto i64 = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  return builder.getDictionaryAttr({
      builder.getNamedAttr("policy",
                           builder.getStringAttr(io::policyName(policy))),
      builder.getNamedAttr("fast_memory", i64(fastMemory)),
      builder.getNamedAttr("expansion",
                           builder.getStringAttr(io::expansionName(expansion))),
      builder.getNamedAttr("register_tile",
                           i64(expansion == io::Expansion::Neuron
                                   ? 0
                                   : registerTile)),
      builder.getNamedAttr("total", i64(c.total())),
      builder.getNamedAttr("activation", i64(c.activation())),
      builder.getNamedAttr("input_loads", i64(c.inputLoads)),
      builder.getNamedAttr("hidden_loads", i64(c.hiddenLoads)),
      builder.getNamedAttr("partial_loads", i64(c.partialLoads)),
      builder.getNamedAttr("hidden_stores", i64(c.hiddenStores)),
      builder.getNamedAttr("partial_stores", i64(c.partialStores)),
      builder.getNamedAttr("output_stores", i64(c.outputStores)),
  });
}

FailureOr<io::Policy> mlir::sffnn::checkIOOptions(Operation *op,
                                                  int64_t fastMemory,
                                                  StringRef policy) {
  if (fastMemory < 2)
    return emitError(op->getLoc(),
                     "fast-memory must be at least 2 words (a partial "
                     "sum and a source), got ")
           << fastMemory;
  std::optional<io::Policy> parsed = io::parsePolicy(policy);
  if (!parsed)
    return emitError(op->getLoc(), "unknown policy '")
           << policy << "'; expected belady or lru";
  return *parsed;
}

/// checkExpansionOptions, with `expected` listing the accepted names.
static FailureOr<SmallVector<io::Expansion>>
parseExpansionOptions(Operation *op, StringRef expansion, int64_t registerTile,
                      StringRef expected) {
  if (registerTile < 1)
    return emitError(op->getLoc(), "register-tile must be at least 1, got ")
           << registerTile;
  if (expansion == "best")
    return SmallVector<io::Expansion>(std::begin(io::kAllExpansions),
                                      std::end(io::kAllExpansions));
  std::optional<io::Expansion> parsed = io::parseExpansion(expansion);
  if (!parsed)
    return emitError(op->getLoc(), "unknown expansion '")
           << expansion << "'; expected " << expected;
  return SmallVector<io::Expansion>{*parsed};
}

FailureOr<SmallVector<io::Expansion>>
mlir::sffnn::checkExpansionOptions(Operation *op, StringRef expansion,
                                   int64_t registerTile) {
  return parseExpansionOptions(op, expansion, registerTile,
                               "neuron, register-groups or best");
}

FailureOr<std::optional<ExpansionChoice>>
mlir::sffnn::checkCountingOptions(Operation *op, StringRef expansion,
                                  int64_t registerTile) {
  // register-tile is checked with `recorded` too: a bad value is an error
  // whatever the network records.
  auto expansions = parseExpansionOptions(
      op, expansion == kRecordedExpansion ? "neuron" : expansion, registerTile,
      "neuron, register-groups, best or recorded");
  if (failed(expansions))
    return failure();
  if (expansion == kRecordedExpansion)
    return std::optional<ExpansionChoice>();
  return std::optional<ExpansionChoice>(
      ExpansionChoice{std::move(*expansions), registerTile});
}

FailureOr<ExpansionChoice> mlir::sffnn::recordedExpansion(NetworkOp network) {
  StringRef attrName = kBaselineAttr;
  if (getSchedule(network))
    attrName = network->hasAttr(kAnnealedAttr) ? StringRef(kAnnealedAttr)
                                               : StringRef(kScheduleIOAttr);
  ExpansionChoice choice{{io::Expansion::Neuron}, io::kDefaultRegisterTile};
  auto count = network->getAttrOfType<DictionaryAttr>(attrName);
  if (!count)
    return choice;
  // The dialect verifies the fields' kinds (checked again here for IR built
  // without verification); their values are checked here.
  auto name = count.getAs<StringAttr>("expansion");
  auto tile = count.getAs<IntegerAttr>("register_tile");
  std::optional<io::Expansion> expansion =
      name ? io::parseExpansion(name.getValue()) : std::nullopt;
  if (!expansion)
    return emitError(network.getLoc())
           << attrName << " records an unknown expansion '"
           << (name ? name.getValue() : "")
           << "'; expected neuron or register-groups";
  choice.expansions = {*expansion};
  if (*expansion == io::Expansion::RegisterGroups) {
    choice.registerTile = tile ? tile.getInt() : 0;
    if (choice.registerTile < 1)
      return emitError(network.getLoc())
             << attrName << " records register groups of "
             << choice.registerTile << " neurons; expected at least 1";
  }
  return choice;
}

FailureOr<ExpansionChoice>
mlir::sffnn::countingChoice(NetworkOp network,
                            const std::optional<ExpansionChoice> &given) {
  if (given)
    return *given;
  return recordedExpansion(network);
}

void mlir::sffnn::replaceSchedule(NetworkOp network, ArrayRef<int32_t> order) {
  // Without a recorded order the passes use the program order: the
  // computed neurons' ids, ascending after the inputs.
  std::optional<std::vector<int32_t>> old = getSchedule(network);
  bool same = old ? ArrayRef<int32_t>(*old) == order
                  : llvm::all_of(llvm::enumerate(order), [&](auto entry) {
                      return int64_t(entry.value()) ==
                             network.getNumInputs() +
                                 static_cast<int64_t>(entry.index());
                    });
  setSchedule(network, order);
  if (same)
    return;
  for (StringRef stale :
       {SFFNNDialect::BlocksAttrHelper::getNameStr(),
        SFFNNDialect::IoLevelsAttrHelper::getNameStr(), kAnnealedAttr})
    network->removeAttr(stale);
}

LogicalResult mlir::sffnn::recordSimulation(
    NetworkOp network, const io::Graph &graph, const io::NeuronOrder &order,
    int64_t fastMemory, io::Policy policy, StringRef attrName,
    ArrayRef<io::Expansion> expansions, int64_t registerTile,
    ArrayRef<NamedAttribute> extra) {
  auto count = io::cheapestExpansion(graph, order, expansions, registerTile,
                                     fastMemory, policy);
  if (!count)
    return emitError(network.getLoc(), llvm::toString(count.takeError()));
  NamedAttrList entries(countAttr(network.getContext(), count->count, policy,
                                  fastMemory, count->expansion, registerTile));
  entries.append(extra);
  network->setAttr(attrName, entries.getDictionary(network.getContext()));
  return success();
}

FailureOr<io::AnchorChoice>
mlir::sffnn::bestAnchorOrder(NetworkOp network, const io::Graph &graph,
                             int64_t fastMemory, io::Policy policy,
                             ArrayRef<io::Expansion> expansions,
                             int64_t registerTile) {
  auto best =
      io::bestAnchor(graph, fastMemory, policy, expansions, registerTile);
  if (!best)
    return emitError(network.getLoc(), llvm::toString(best.takeError()));
  return std::move(*best);
}
