//===- SFFNNPassAttrs.cpp - the attributes passes record, checked ---------===//
//
// One verifier per discardable attribute (declared in SFFNNBase.td), and
// their accessors (PassAttributes.h). Checks are O(neurons) at most.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::sffnn;

namespace {

using D = SFFNNDialect;

enum class Kind { Int, Bool, String };

struct Field {
  const char *name;
  Kind kind;
};

const Field kCountFields[] = {
    {"policy", Kind::String},        {"fast_memory", Kind::Int},
    {"expansion", Kind::String},     {"register_tile", Kind::Int},
    {"total", Kind::Int},            {"activation", Kind::Int},
    {"input_loads", Kind::Int},      {"hidden_loads", Kind::Int},
    {"partial_loads", Kind::Int},    {"hidden_stores", Kind::Int},
    {"partial_stores", Kind::Int},   {"output_stores", Kind::Int}};
/// What the annealer records besides the counts.
const Field kAnnealFields[] = {{"seed", Kind::Int},
                               {"moves", Kind::Int},
                               {"accepted", Kind::Int},
                               {"start", Kind::String},
                               {"start_total", Kind::Int}};
/// What sffnn-schedule records besides the counts: the anchor order it
/// chose (absent in attributes written before it did).
const Field kScheduleOptionalFields[] = {{"order", Kind::String}};
const Field kBoundsFields[] = {
    {"fast_memory", Kind::Int},
    {"inputs", Kind::Int},
    {"outputs", Kind::Int},
    {"neurons", Kind::Int},
    {"connections", Kind::Int},
    {"biases", Kind::Int},
    {"used_inputs", Kind::Int},
    {"parameter_ios", Kind::Int},
    {"activation_lower_bound", Kind::Int},
    {"activation_upper_bound", Kind::Int},
    {"activation_instance_lower_bound", Kind::Int},
    {"instance_lower_bound", Kind::Int},
    {"instance_method", Kind::String},
    {"lower_bound", Kind::Int},
    {"upper_bound", Kind::Int},
    {"two_optimal", Kind::Bool}};
const Field kLevelFields[] = {{"words", Kind::Int},
                              {"blocks", Kind::Int},
                              {"total", Kind::Int},
                              {"activation", Kind::Int}};
/// How sffnn-block counted a level (absent in attributes written before it
/// took an expansion, which counted neuron orders).
const Field kLevelOptionalFields[] = {{"expansion", Kind::String},
                                      {"register_tile", Kind::Int}};
const Field kKernelFields[] = {
    {"name", Kind::String},   {"form", Kind::String},
    {"inputs", Kind::Int},    {"outputs", Kind::Int},
    {"connections", Kind::Int}, {"tile", Kind::Int},
    {"slots", Kind::Int},     {"chunks", Kind::Int},
    {"drop_dead_samples", Kind::Bool}};

/// `dict` has exactly `fields` and `more`, and may have `optional`, each of
/// its kind (integers non-negative).
LogicalResult checkFields(Operation *op, StringRef attr, DictionaryAttr dict,
                          ArrayRef<Field> fields, ArrayRef<Field> more = {},
                          ArrayRef<Field> optional = {}) {
  SmallVector<Field> all(fields.begin(), fields.end());
  all.append(more.begin(), more.end());
  size_t required = all.size();
  all.append(optional.begin(), optional.end());
  fields = all;
  for (auto [index, field] : llvm::enumerate(fields)) {
    Attribute value = dict.get(field.name);
    if (!value && index >= required)
      continue;
    bool ok = false;
    if (field.kind == Kind::Int) {
      auto i = dyn_cast_or_null<IntegerAttr>(value);
      ok = i && i.getType().isInteger(64) && i.getInt() >= 0;
    } else if (field.kind == Kind::Bool) {
      ok = isa_and_nonnull<BoolAttr>(value);
    } else {
      ok = isa_and_nonnull<StringAttr>(value);
    }
    if (!ok)
      return op->emitOpError("attribute '")
             << attr << "' needs '" << field.name << "' as "
             << (field.kind == Kind::Int    ? "a non-negative i64"
                 : field.kind == Kind::Bool ? "a bool"
                                            : "a string");
  }
  if (dict.size() != fields.size())
    for (NamedAttribute entry : dict)
      if (llvm::none_of(fields, [&](const Field &f) {
            return entry.getName() == f.name;
          }))
        return op->emitOpError("attribute '")
               << attr << "' has unknown entry '" << entry.getName().getValue()
               << "'";
  return success();
}

/// Nodes are numbered inputs first, then computed neurons.
std::pair<int64_t, int64_t> nodeRange(NetworkOp network) {
  int64_t computed = 0;
  for (Operation &op : network.getBody().front()) {
    if (auto layer = dyn_cast<LayerOp>(op))
      computed += layer.getNumNeurons();
    else if (isa<NeuronOp>(op))
      ++computed;
  }
  return {network.getNumInputs(), computed};
}

/// An i32 array of node ids: one per computed neuron, each once.
LogicalResult verifySchedule(NetworkOp network, StringRef attr,
                             Attribute value) {
  auto elements = dyn_cast<ElementsAttr>(value);
  std::string why = elements ? checkElements<int32_t>(elements)
                             : std::string("it is not an elements attribute");
  if (!why.empty())
    return network.emitOpError("attribute '")
           << attr << "' must be an i32 array: " << why;
  auto [inputs, computed] = nodeRange(network);
  if (elements.getNumElements() != computed)
    return network.emitOpError("attribute '")
           << attr << "' has " << elements.getNumElements()
           << " entries for " << computed << " neurons";
  SmallVector<int32_t> storage;
  ArrayRef<int32_t> order = getElementsData(elements, storage);
  std::vector<bool> seen(computed, false);
  for (auto [i, node] : llvm::enumerate(order)) {
    int64_t local = int64_t(node) - inputs;
    if (local < 0 || local >= computed || seen[local])
      return network.emitOpError("attribute '")
             << attr << "' entry " << i << " (" << node
             << ") is not a new computed neuron (ids " << inputs << " to "
             << inputs + computed - 1 << ")";
    seen[local] = true;
  }
  return success();
}

/// level name -> ascending i32 positions starting at 0, within the order.
LogicalResult verifyBlocks(NetworkOp network, StringRef attr,
                           DictionaryAttr dict) {
  int64_t computed = nodeRange(network).second;
  for (NamedAttribute level : dict) {
    auto elements = dyn_cast<ElementsAttr>(level.getValue());
    if (!elements || !checkElements<int32_t>(elements).empty())
      return network.emitOpError("attribute '")
             << attr << "' level '" << level.getName().getValue()
             << "' must be an i32 array";
    SmallVector<int32_t> storage;
    ArrayRef<int32_t> starts = getElementsData(elements, storage);
    for (auto [i, start] : llvm::enumerate(starts))
      if ((i == 0 && start != 0) || (i > 0 && start <= starts[i - 1]) ||
          start >= std::max<int64_t>(computed, 1))
        return network.emitOpError("attribute '")
               << attr << "' level '" << level.getName().getValue()
               << "' must rise strictly from 0 below " << computed
               << "; entry " << i << " is " << start;
  }
  return success();
}

} // namespace

LogicalResult SFFNNDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  if (name == D::KernelAttrHelper::getNameStr()) {
    auto dict = dyn_cast<DictionaryAttr>(value);
    if (!isa<FunctionOpInterface>(op) || !dict)
      return op->emitOpError("attribute '")
             << name << "' must be a dictionary on a function";
    return checkFields(op, name, dict, kKernelFields);
  }
  auto network = dyn_cast<NetworkOp>(op);
  if (!network)
    return op->emitOpError("attribute '")
           << name << "' belongs on sffnn.network (or, for sffnn.kernel, on "
           << "a function)";
  if (name == D::ScheduleAttrHelper::getNameStr())
    return verifySchedule(network, name, value);
  auto dict = dyn_cast<DictionaryAttr>(value);
  bool known = name == D::BlocksAttrHelper::getNameStr() ||
               name == D::IoLevelsAttrHelper::getNameStr() ||
               name == D::IoBoundsAttrHelper::getNameStr() ||
               name == D::IoBaselineAttrHelper::getNameStr() ||
               name == D::IoScheduleAttrHelper::getNameStr() ||
               name == D::IoAnnealedAttrHelper::getNameStr();
  if (!known)
    return op->emitOpError("unknown sffnn attribute '") << name << "'";
  if (!dict)
    return op->emitOpError("attribute '") << name << "' must be a dictionary";
  if (name == D::BlocksAttrHelper::getNameStr())
    return verifyBlocks(network, name, dict);
  if (name == D::IoLevelsAttrHelper::getNameStr()) {
    for (NamedAttribute level : dict) {
      auto fields = dyn_cast<DictionaryAttr>(level.getValue());
      if (!fields)
        return op->emitOpError("attribute '")
               << name << "' level '" << level.getName().getValue()
               << "' must be a dictionary";
      if (failed(checkFields(op, name, fields, kLevelFields, {},
                             kLevelOptionalFields)))
        return failure();
    }
    return success();
  }
  if (name == D::IoBoundsAttrHelper::getNameStr())
    return checkFields(op, name, dict, kBoundsFields);
  if (name == D::IoAnnealedAttrHelper::getNameStr())
    return checkFields(op, name, dict, kCountFields, kAnnealFields);
  if (name == D::IoScheduleAttrHelper::getNameStr())
    return checkFields(op, name, dict, kCountFields, {},
                       kScheduleOptionalFields);
  return checkFields(op, name, dict, kCountFields);
}

//===----------------------------------------------------------------------===//
// Accessors
//===----------------------------------------------------------------------===//

std::optional<std::vector<int32_t>> mlir::sffnn::getSchedule(NetworkOp network) {
  auto attr = network->getAttrOfType<ElementsAttr>(
      D::ScheduleAttrHelper::getNameStr());
  if (!attr || !checkElements<int32_t>(attr).empty())
    return std::nullopt;
  SmallVector<int32_t> storage;
  ArrayRef<int32_t> order = getElementsData(attr, storage);
  return std::vector<int32_t>(order.begin(), order.end());
}

void mlir::sffnn::setSchedule(NetworkOp network, ArrayRef<int32_t> order) {
  network->setAttr(D::ScheduleAttrHelper::getNameStr(),
                   makeElements(network.getContext(),
                                network.getSymName().str() + "_schedule",
                                order));
}

FailureOr<std::vector<int64_t>> mlir::sffnn::getBlockStarts(NetworkOp network,
                                                           StringRef level) {
  auto blocks = network->getAttrOfType<DictionaryAttr>(
      D::BlocksAttrHelper::getNameStr());
  if (!blocks) {
    if (!level.empty())
      return network.emitError("block-level '")
             << level << "' needs sffnn.blocks (run sffnn-block first)";
    return std::vector<int64_t>{};
  }
  ElementsAttr chosen;
  if (!level.empty()) {
    chosen = dyn_cast_or_null<ElementsAttr>(blocks.get(level));
    if (!chosen)
      return network.emitError("sffnn.blocks has no level '") << level << "'";
  } else {
    // The largest level is the one with the fewest blocks.
    for (NamedAttribute entry : blocks)
      if (auto e = dyn_cast<ElementsAttr>(entry.getValue()))
        if (!chosen || e.getNumElements() < chosen.getNumElements())
          chosen = e;
  }
  if (!chosen || !checkElements<int32_t>(chosen).empty())
    return network.emitError("sffnn.blocks entries must be i32 arrays");
  SmallVector<int32_t> storage;
  ArrayRef<int32_t> starts = getElementsData(chosen, storage);
  return std::vector<int64_t>(starts.begin(), starts.end());
}

void mlir::sffnn::setBlocks(
    NetworkOp network,
    ArrayRef<std::pair<std::string, std::vector<int32_t>>> starts,
    ArrayRef<LevelIO> levels) {
  MLIRContext *ctx = network.getContext();
  Builder b(ctx);
  NamedAttrList blocks, io;
  for (const auto &[level, positions] : starts)
    blocks.set(level, makeElements(ctx,
                                   network.getSymName().str() + "_blocks_" +
                                       level,
                                   ArrayRef<int32_t>(positions)));
  for (const LevelIO &level : levels)
    io.set(level.name,
           b.getDictionaryAttr({
               b.getNamedAttr("words", b.getI64IntegerAttr(level.words)),
               b.getNamedAttr("blocks", b.getI64IntegerAttr(level.blocks)),
               b.getNamedAttr("total", b.getI64IntegerAttr(level.total)),
               b.getNamedAttr("activation",
                              b.getI64IntegerAttr(level.activation)),
               b.getNamedAttr("expansion", b.getStringAttr(level.expansion)),
               b.getNamedAttr("register_tile",
                              b.getI64IntegerAttr(level.registerTile)),
           }));
  network->setAttr(D::BlocksAttrHelper::getNameStr(),
                   blocks.getDictionary(ctx));
  network->setAttr(D::IoLevelsAttrHelper::getNameStr(),
                   io.getDictionary(ctx));
}

std::vector<LevelIO> mlir::sffnn::getLevelIO(NetworkOp network) {
  std::vector<LevelIO> levels;
  auto dict = network->getAttrOfType<DictionaryAttr>(
      D::IoLevelsAttrHelper::getNameStr());
  if (!dict)
    return levels;
  for (NamedAttribute entry : dict) {
    auto fields = dyn_cast<DictionaryAttr>(entry.getValue());
    if (!fields)
      continue;
    auto get = [&](StringRef key) {
      auto v = fields.getAs<IntegerAttr>(key);
      return v ? v.getInt() : 0;
    };
    auto expansion = fields.getAs<StringAttr>("expansion");
    levels.push_back({entry.getName().str(), get("words"), get("blocks"),
                      get("total"), get("activation"),
                      expansion ? expansion.str() : "neuron",
                      get("register_tile")});
  }
  return levels;
}

std::optional<KernelInfo> mlir::sffnn::getKernelInfo(Operation *function) {
  auto dict = function->getAttrOfType<DictionaryAttr>(
      D::KernelAttrHelper::getNameStr());
  if (!dict)
    return std::nullopt;
  auto integer = [&](StringRef key) {
    auto v = dict.getAs<IntegerAttr>(key);
    return v ? v.getInt() : 0;
  };
  auto string = [&](StringRef key) {
    auto v = dict.getAs<StringAttr>(key);
    return v ? v.str() : std::string();
  };
  KernelInfo k;
  k.name = string("name");
  k.form = string("form");
  k.inputs = integer("inputs");
  k.outputs = integer("outputs");
  k.connections = integer("connections");
  k.tile = integer("tile");
  k.slots = integer("slots");
  k.chunks = integer("chunks");
  auto drop = dict.getAs<BoolAttr>("drop_dead_samples");
  k.dropDeadSamples = drop && drop.getValue();
  return k;
}

void mlir::sffnn::setKernelInfo(Operation *function, const KernelInfo &k) {
  Builder b(function->getContext());
  auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
  function->setAttr(
      D::KernelAttrHelper::getNameStr(),
      b.getDictionaryAttr({
          b.getNamedAttr("name", b.getStringAttr(k.name)),
          b.getNamedAttr("form", b.getStringAttr(k.form)),
          b.getNamedAttr("inputs", i64(k.inputs)),
          b.getNamedAttr("outputs", i64(k.outputs)),
          b.getNamedAttr("connections", i64(k.connections)),
          b.getNamedAttr("tile", i64(k.tile)),
          b.getNamedAttr("slots", i64(k.slots)),
          b.getNamedAttr("chunks", i64(k.chunks)),
          b.getNamedAttr("drop_dead_samples",
                         b.getBoolAttr(k.dropDeadSamples)),
      }));
}
