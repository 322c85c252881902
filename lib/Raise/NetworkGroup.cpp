//===- NetworkGroup.cpp - a network being gathered from linalg ------------===//
#include "NetworkGroup.h"
#include "LinalgForms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/Twine.h"
#include <limits>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::raise;
using ::sffnn::Activation;
using ::sffnn::kNetworkInput;
using ::sffnn::Layer;
using ::sffnn::Term;

/// The source id of a value whose one reader has taken its pending layer.
constexpr int kConsumed = std::numeric_limits<int>::min();

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

static std::string number(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", v);
  return buffer;
}

int Group::materialize(Computed &value) {
  if (value.pending) {
    net.layers.push_back(std::move(*value.pending));
    value.pending.reset();
    value.source = static_cast<int>(net.layers.size()) - 1;
  }
  return value.source;
}

std::pair<Activation, std::optional<float>>
Group::activationOf(const Computed &value) const {
  if (value.pending)
    return {value.pending->activation, value.pending->clamp};
  if (value.source == kNetworkInput)
    return {Activation::Identity, std::nullopt};
  const Layer &layer = net.layers[value.source];
  return {layer.activation, layer.clamp};
}

Group *GroupSet::owner(Value value) const {
  Group *group = owners.lookup(value);
  while (group && group->mergedInto)
    group = group->mergedInto;
  return group;
}

SmallVector<Group *> GroupSet::live() const {
  SmallVector<Group *> out;
  for (const std::unique_ptr<Group> &group : groups)
    if (!group->mergedInto)
      out.push_back(group.get());
  return out;
}

Computed GroupSet::take(Group &group, Operation *user, Value value) {
  if (value == group.input)
    return Computed{};
  Computed &stored = group.values[value];
  if (value.hasOneUse()) {
    // Its only reader: later ops may still fuse into the pending layer.
    Computed out = std::move(stored);
    stored.pending.reset();
    stored.source = kConsumed;
    return out;
  }
  return Computed{std::nullopt, group.materialize(stored)};
}

Computed GroupSet::fusable(Group &group, Computed value) {
  if (value.pending && value.pending->activation == Activation::Identity &&
      !value.pending->clamp)
    return value;
  std::vector<Term> terms(1);
  terms[0].width = group.width(value);
  terms[0].source = group.materialize(value);
  Computed out;
  out.pending = ::sffnn::combine(terms, /*stack=*/false, Activation::Identity,
                                 std::nullopt);
  return out;
}

void GroupSet::addLinear(Operation *op, Value input, Layer layer) {
  Group *group = owner(input);
  if (group) {
    Computed in = take(*group, op, input);
    layer.sources = {group->materialize(in)};
  } else {
    groups.push_back(std::make_unique<Group>());
    group = groups.back().get();
    group->input = input;
    layer.sources = {kNetworkInput};
  }
  Value result = op->getResult(0);
  group->values[result] = Computed{std::move(layer), kNetworkInput};
  owners[result] = group;
  group->ops.push_back(op);
}

void GroupSet::merge(Group &into, Group &from) {
  int offset = static_cast<int>(into.net.layers.size());
  auto remap = [&](int source) {
    return source == kNetworkInput || source == kConsumed ? source
                                                          : source + offset;
  };
  auto remapLayer = [&](Layer &layer) {
    for (int &source : layer.sources)
      source = remap(source);
  };
  for (Layer &layer : from.net.layers) {
    remapLayer(layer);
    into.net.layers.push_back(std::move(layer));
  }
  for (auto &[value, computed] : from.values) {
    if (computed.pending)
      remapLayer(*computed.pending);
    else
      computed.source = remap(computed.source);
    into.values[value] = std::move(computed);
    owners[value] = &into;
  }
  into.ops.append(from.ops.begin(), from.ops.end());
  from.values.clear();
  from.ops.clear();
  from.mergedInto = &into;
}

namespace {
/// max or min of two body values, from arith.maximumf/minimumf and friends
/// or from a cmpf + select pair.
struct MinMax {
  bool isMax;
  Value lhs, rhs;
};
} // namespace

static std::optional<MinMax> minMaxOf(Operation *def) {
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(def))
    return MinMax{true, def->getOperand(0), def->getOperand(1)};
  if (isa<arith::MinimumFOp, arith::MinNumFOp>(def))
    return MinMax{false, def->getOperand(0), def->getOperand(1)};
  auto select = dyn_cast<arith::SelectOp>(def);
  if (!select)
    return std::nullopt;
  auto cmp = select.getCondition().getDefiningOp<arith::CmpFOp>();
  if (!cmp)
    return std::nullopt;
  Value l = cmp.getLhs(), r = cmp.getRhs();
  Value t = select.getTrueValue(), f = select.getFalseValue();
  if (!((t == l && f == r) || (t == r && f == l)))
    return std::nullopt;
  bool greater;
  switch (cmp.getPredicate()) {
  case arith::CmpFPredicate::OGT:
  case arith::CmpFPredicate::OGE:
  case arith::CmpFPredicate::UGT:
  case arith::CmpFPredicate::UGE:
    greater = true;
    break;
  case arith::CmpFPredicate::OLT:
  case arith::CmpFPredicate::OLE:
  case arith::CmpFPredicate::ULT:
  case arith::CmpFPredicate::ULE:
    greater = false;
    break;
  default:
    return std::nullopt;
  }
  // select(l > r, l, r) is max(l, r); picking r instead is min.
  return MinMax{greater == (t == l), l, r};
}

/// `value` is `1.0` (an f32 scalar constant).
static bool isOne(Value value) {
  std::optional<float> c = scalarConstant(value);
  return c && *c == 1.0f;
}

/// The x of 1 / (1 + exp(-x)), in any operand order of the add.
static std::optional<Value> sigmoidArgument(arith::DivFOp div) {
  if (!isOne(div.getLhs()))
    return std::nullopt;
  auto add = div.getRhs().getDefiningOp<arith::AddFOp>();
  if (!add)
    return std::nullopt;
  Value e = isOne(add.getLhs()) ? add.getRhs() : add.getLhs();
  if (!isOne(add.getLhs()) && !isOne(add.getRhs()))
    return std::nullopt;
  auto exp = e.getDefiningOp<math::ExpOp>();
  if (!exp)
    return std::nullopt;
  auto neg = exp.getOperand().getDefiningOp<arith::NegFOp>();
  if (!neg)
    return std::nullopt;
  return neg.getOperand();
}

static std::unique_ptr<Expr> makeExpr(Expr::Kind kind,
                                      std::unique_ptr<Expr> lhs = nullptr,
                                      std::unique_ptr<Expr> rhs = nullptr) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->lhs = std::move(lhs);
  e->rhs = std::move(rhs);
  return e;
}

/// min/max of a computed value and a uniform constant as what a layer can
/// absorb: max(x, 0) is relu, max(x, c <= 0) after a relu changes nothing,
/// min(x, c > 0) after a relu is relu's clamp.
static llvm::Expected<std::unique_ptr<Expr>>
absorbMinMax(bool isMax, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b) {
  const char *what = isMax ? "max" : "min";
  if (a->kind == Expr::Constant)
    std::swap(a, b);
  if (a->kind == Expr::Constant || b->kind != Expr::Constant)
    return fail(llvm::Twine("takes the ") + what +
                " of two computed values; a layer clamps to constants only");
  const std::vector<float> &c = b->values;
  if (llvm::any_of(c, [&](float v) { return v != c.front(); }))
    return fail(llvm::Twine("takes the ") + what +
                " with a bound that differs per neuron");
  float bound = c.front();
  if (isMax && bound == 0.0f) {
    auto relu = makeExpr(Expr::Relu, std::move(a));
    relu->afterRelu = true;
    return relu;
  }
  if (isMax && bound < 0.0f && a->afterRelu)
    return a;
  if (!isMax && bound > 0.0f && a->afterRelu) {
    auto clamp = makeExpr(Expr::Clamp, std::move(a));
    clamp->bound = bound;
    clamp->afterRelu = true;
    return clamp;
  }
  return fail(llvm::Twine("takes the ") + what + " with " + number(bound) +
              ", which is not relu (max with 0) or a relu clamp (min with a "
              "positive bound after a relu)");
}

llvm::Expected<std::unique_ptr<Expr>>
GroupSet::analyzeBody(linalg::GenericOp op, Group &group, Value value,
                      ArrayRef<std::optional<std::vector<float>>> constants,
                      SmallVectorImpl<bool> &seen) {
  Block &body = op.getRegion().front();
  auto recurse = [&](Value v) {
    return analyzeBody(op, group, v, constants, seen);
  };
  auto arg = dyn_cast<BlockArgument>(value);
  if (arg && arg.getOwner() == &body) {
    unsigned i = arg.getArgNumber();
    if (i >= op.getNumDpsInputs())
      return fail("reads its outs value");
    if (constants[i]) {
      auto e = makeExpr(Expr::Constant);
      e->values = *constants[i];
      return e;
    }
    if (seen[i])
      return fail("reads the same computed value twice");
    seen[i] = true;
    auto e = makeExpr(Expr::Operand);
    e->operand = i;
    Value in = op.getDpsInputs()[i];
    if (in != group.input) {
      Group *g = owner(in);
      e->afterRelu =
          g->activationOf(g->values[in]).first == Activation::Relu;
    }
    return e;
  }
  if (std::optional<float> c = scalarConstant(value)) {
    auto e = makeExpr(Expr::Constant);
    int64_t neurons =
        cast<ShapedType>(op->getResult(0).getType()).getShape().back();
    e->values.assign(neurons, *c);
    return e;
  }
  Operation *def = value.getDefiningOp();
  if (!def || def->getBlock() != &body)
    return fail("uses a value from outside its body that is not an f32 "
                "constant");
  auto network = [](const std::unique_ptr<Expr> &e) -> llvm::Error {
    if (e->kind == Expr::Constant)
      return fail("applies an activation to a constant");
    return llvm::Error::success();
  };
  if (isa<arith::AddFOp, arith::SubFOp>(def)) {
    auto l = recurse(def->getOperand(0));
    if (!l)
      return l.takeError();
    auto r = recurse(def->getOperand(1));
    if (!r)
      return r.takeError();
    bool sub = isa<arith::SubFOp>(def);
    if (sub && (*r)->kind != Expr::Constant)
      return fail("subtracts a computed value; a layer only adds them");
    if (sub)
      for (float &v : (*r)->values)
        v = -v;
    if ((*l)->kind == Expr::Constant && (*r)->kind == Expr::Constant) {
      for (size_t j = 0; j < (*l)->values.size(); ++j)
        (*l)->values[j] += (*r)->values[j];
      return std::move(*l);
    }
    return makeExpr(Expr::Add, std::move(*l), std::move(*r));
  }
  if (std::optional<MinMax> mm = minMaxOf(def)) {
    auto l = recurse(mm->lhs);
    if (!l)
      return l.takeError();
    auto r = recurse(mm->rhs);
    if (!r)
      return r.takeError();
    return absorbMinMax(mm->isMax, std::move(*l), std::move(*r));
  }
  std::optional<Value> activationArg;
  Expr::Kind kind = Expr::Tanh;
  if (auto div = dyn_cast<arith::DivFOp>(def)) {
    activationArg = sigmoidArgument(div);
    kind = Expr::Sigmoid;
  } else if (auto tanh = dyn_cast<math::TanhOp>(def)) {
    activationArg = tanh.getOperand();
  }
  if (activationArg) {
    auto x = recurse(*activationArg);
    if (!x)
      return x.takeError();
    if (llvm::Error err = network(*x))
      return std::move(err);
    return makeExpr(kind, std::move(*x));
  }
  return fail("computes '" + def->getName().getStringRef() +
              "', an elementwise op that no layer form matches (bias "
              "add, relu, clamp, sigmoid, tanh, skip add)");
}

Computed GroupSet::apply(Group &group, linalg::GenericOp op,
                         const Expr &expr) {
  switch (expr.kind) {
  case Expr::Operand:
    return take(group, op, op.getDpsInputs()[expr.operand]);
  case Expr::Constant:
    break; // folded into its parent: never applied alone
  case Expr::Add: {
    const Expr *constant = expr.rhs->kind == Expr::Constant   ? expr.rhs.get()
                           : expr.lhs->kind == Expr::Constant ? expr.lhs.get()
                                                              : nullptr;
    if (constant) {
      const Expr &other = constant == expr.rhs.get() ? *expr.lhs : *expr.rhs;
      Computed out = fusable(group, apply(group, op, other));
      std::vector<float> &bias = out.pending->bias;
      if (bias.empty())
        bias.assign(constant->values.size(), 0.0f);
      for (size_t j = 0; j < bias.size(); ++j)
        bias[j] += constant->values[j];
      return out;
    }
    // A skip add: one identity layer summing both, absorbing a side that is
    // itself a pending identity layer (x W + b + y is one layer).
    std::vector<Term> terms;
    for (const Expr *side : {expr.lhs.get(), expr.rhs.get()}) {
      Computed value = apply(group, op, *side);
      Term term;
      term.width = group.width(value);
      if (value.pending &&
          value.pending->activation == Activation::Identity &&
          !value.pending->clamp)
        term.layer = std::move(value.pending);
      else
        term.source = group.materialize(value);
      terms.push_back(std::move(term));
    }
    Computed out;
    out.pending = ::sffnn::combine(terms, /*stack=*/false,
                                   Activation::Identity, std::nullopt);
    return out;
  }
  case Expr::Relu: {
    Computed x = apply(group, op, *expr.lhs);
    if (group.activationOf(x).first == Activation::Relu)
      return x;
    Computed out = fusable(group, std::move(x));
    out.pending->activation = Activation::Relu;
    return out;
  }
  case Expr::Clamp: {
    Computed x = apply(group, op, *expr.lhs);
    if (!x.pending)
      x = fusable(group, std::move(x));
    Layer &layer = *x.pending;
    layer.activation = Activation::Relu;
    layer.clamp = layer.clamp ? std::min(*layer.clamp, expr.bound)
                              : expr.bound;
    return x;
  }
  case Expr::Sigmoid:
  case Expr::Tanh: {
    Computed out = fusable(group, apply(group, op, *expr.lhs));
    out.pending->activation = expr.kind == Expr::Sigmoid ? Activation::Sigmoid
                                                         : Activation::Tanh;
    return out;
  }
  }
  llvm_unreachable("a constant expression is never applied alone");
}

llvm::Error GroupSet::addElementwise(linalg::GenericOp op, Group &group) {
  if (!op.isAllParallelLoops() || op.getNumDpsInits() != 1 ||
      op->getNumResults() != 1)
    return fail("is not an elementwise op with one result");
  AffineMap outMap = op.getIndexingMapsArray().back();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (resultType.getRank() == 0 || resultType.isDynamicDim(resultType.getRank() - 1))
    return fail("has no static feature dimension");
  int64_t neurons = resultType.getShape().back();
  SmallVector<std::optional<std::vector<float>>> constants;
  SmallVector<Group *> others;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    Value in = operand->get();
    Group *g = owner(in);
    if (g || in == group.input) {
      if (g && g->input != group.input)
        return fail("combines values computed from different inputs (a "
                    "network has one input)");
      if (op.getMatchingIndexingMap(operand) != outMap)
        return fail("reads a computed value through a broadcast or "
                    "transpose");
      if (g && g != &group && !llvm::is_contained(others, g))
        others.push_back(g);
      constants.push_back(std::nullopt);
      continue;
    }
    llvm::Expected<std::vector<float>> values =
        perNeuronConstant(op, *operand, neurons);
    if (!values)
      return fail("reads an operand that is neither computed by the network "
                  "nor a per-neuron constant: it " +
                  llvm::toString(values.takeError()));
    constants.push_back(std::move(*values));
  }
  Block &body = op.getRegion().front();
  SmallVector<bool> seen(op.getNumDpsInputs(), false);
  auto expr = analyzeBody(op, group,
                          cast<linalg::YieldOp>(body.getTerminator()).getOperand(0),
                          constants, seen);
  if (!expr)
    return expr.takeError();
  if ((*expr)->kind == Expr::Constant)
    return fail("computes a constant");
  for (Group *other : others)
    merge(group, *other);
  Computed out = apply(group, op, **expr);
  Value result = op->getResult(0);
  group.values[result] = std::move(out);
  owners[result] = &group;
  group.ops.push_back(op);
  return llvm::Error::success();
}
