//===- RaiseLinalg.cpp - sparse FFNNs out of linalg-on-tensors ------------===//
//
// Walks each block once in order: a contraction with a constant weight
// starts a group (a network reading the contraction's input) or extends the
// group computing its input; an elementwise generic reading a group's value
// joins that group if a layer can absorb it. At the end of the block, a
// group whose ops have exactly one result used elsewhere becomes an
// `sffnn.network` and an `sffnn.call` at that result.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Raise/RaiseLinalg.h"
#include "LinalgForms.h"
#include "NetworkGroup.h"

#include "sffnn/Support/TargetInfo.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::raise;
namespace rl = ::sffnn::roofline;

rl::MachineModel mlir::sffnn::nominalHostModel() {
  ::sffnn::TargetInfo host;
  if (llvm::Expected<::sffnn::TargetInfo> probed = ::sffnn::describeHost())
    host = std::move(*probed);
  else
    llvm::consumeError(probed.takeError());
  // Per cycle: FMA pipes x lanes x 2 FLOPs; one vector load per cycle from
  // L1, half of that from L2, 8 and 4 bytes from L3 and DRAM (this
  // project's calibrated machine measures 0.84, 0.42, 0.12 and 0.06 of the
  // L1 figure; docs/Roofline.md).
  double lanes = static_cast<double>(host.simdLanes);
  rl::MachineModel model;
  model.peakFlops = 2.0 * lanes * static_cast<double>(host.fmaUnits);
  const double perCycle[] = {4 * lanes, 2 * lanes, 8};
  const double fallbackBytes[] = {32 << 10, 1 << 20, 32 << 20};
  for (size_t i = 0; i < 3; ++i) {
    double bytes = i < host.caches.size()
                       ? static_cast<double>(host.caches[i].bytes)
                       : fallbackBytes[i];
    model.levels.push_back({"l" + std::to_string(i + 1), bytes, perCycle[i]});
  }
  model.levels.push_back({"dram", double(INFINITY), 4});
  return model;
}

namespace {

/// A tensor as the batch x features matrix a network reads: rank 1 is one
/// sample, rank 2 is itself, and higher ranks must have unit leading
/// dimensions. Empty when the shape does not fit.
std::optional<SmallVector<ReassociationIndices>>
batchReassociation(RankedTensorType type) {
  int64_t rank = type.getRank();
  if (rank == 0 || type.isDynamicDim(rank - 1))
    return std::nullopt;
  if (rank == 1)
    return SmallVector<ReassociationIndices>{{0, 1}};
  ReassociationIndices rows;
  for (int64_t d = 0; d + 1 < rank; ++d) {
    if (d + 2 < rank && type.getDimSize(d) != 1)
      return std::nullopt;
    rows.push_back(d);
  }
  return SmallVector<ReassociationIndices>{rows, {rank - 1}};
}

int64_t batchOf(RankedTensorType type) {
  return type.getRank() == 1 ? 1 : type.getDimSize(type.getRank() - 2);
}

class Raiser {
public:
  Raiser(ModuleOp module, const RaiseOptions &options)
      : module(module), options(options), symbols(module) {}

  void raiseBlock(Block &block) {
    GroupSet groups;
    for (Operation &op : block) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
      if (!linalgOp)
        continue;
      if (linalg::isaContractionOpInterface(linalgOp)) {
        addContraction(groups, linalgOp);
        continue;
      }
      Group *group = nullptr;
      for (Value operand : linalgOp.getDpsInputs())
        if ((group = groups.owner(operand)))
          break;
      if (!group)
        continue;
      auto generic = dyn_cast<linalg::GenericOp>(&op);
      if (!generic) {
        op.emitRemark("not raised past this op: named elementwise ops are not "
                      "matched (run linalg-generalize-named-ops first)");
        continue;
      }
      if (llvm::Error err = groups.addElementwise(generic, *group))
        op.emitRemark("not raised past this op: it ")
            << llvm::toString(std::move(err));
    }
    for (Group *group : groups.live())
      finish(block, *group);
  }

private:
  /// Whether the layer is sparse enough to raise; remarks why not.
  bool sparseEnough(linalg::LinalgOp op, const LinearForm &form) {
    const ::sffnn::CsrMatrix &w = form.layer.weights;
    double density =
        static_cast<double>(w.nnz()) / (double(w.rows) * double(w.cols));
    if (options.minSparsity) {
      if (1.0 - density >= *options.minSparsity)
        return true;
      op.emitRemark(llvm::formatv(
          "not raised: too dense: sparsity {0:F3} is below min-sparsity {1}",
          1.0 - density, *options.minSparsity));
      return false;
    }
    int64_t batch = ShapedType::isDynamic(form.batch) ? options.batch
                                                      : form.batch;
    rl::LayerShape shape = rl::shapeOf(w, batch);
    double breakEven = rl::csrBreakEven(shape, options.machine);
    if (density < breakEven)
      return true;
    op.emitRemark(llvm::formatv(
        "not raised: too dense: density {0:F3} of a {1}x{2} layer at batch "
        "{3} is not below the roofline's CSR break-even density {4:F3} "
        "(min-sparsity=0 raises it)",
        density, w.rows, w.cols, batch, breakEven));
    return false;
  }

  void addContraction(GroupSet &groups, linalg::LinalgOp op) {
    llvm::Expected<LinearForm> form = matchLinear(op);
    if (!form) {
      op->emitRemark("not raised: this contraction ")
          << llvm::toString(form.takeError());
      return;
    }
    auto inputType = dyn_cast<RankedTensorType>(form->input.getType());
    if (!groups.owner(form->input) &&
        (!inputType || !batchReassociation(inputType))) {
      op->emitRemark("not raised: its input is not a batch of samples "
                     "(rank 1, rank 2, or unit leading dimensions)");
      return;
    }
    if (!sparseEnough(op, *form))
      return;
    groups.addLinear(op, form->input, std::move(form->layer));
  }

  /// The values of `group` read by ops outside it.
  SmallVector<Value> exits(Block &block, const Group &group) {
    llvm::DenseSet<Operation *> inGroup(group.ops.begin(), group.ops.end());
    SmallVector<Value> out;
    for (Operation *op : group.ops)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !inGroup.contains(block.findAncestorOpInBlock(*user));
            }))
          out.push_back(result);
    return out;
  }

  std::string freshName(Block &block) {
    Operation *top = block.getParentOp();
    while (top->getParentOp() && top->getParentOp() != module)
      top = top->getParentOp();
    std::string base = "raised";
    if (auto name = top->getAttrOfType<StringAttr>(
            SymbolTable::getSymbolAttrName()))
      base = name.str();
    base += "_sffnn";
    std::string name = base;
    for (int k = 1; symbols.lookup(name); ++k)
      name = base + std::to_string(k);
    return name;
  }

  void finish(Block &block, Group &group) {
    SmallVector<Value> out = exits(block, group);
    if (out.empty())
      return; // nothing reads it: dead code, left to the canonicalizer
    if (out.size() > 1) {
      for (Value value : out)
        value.getDefiningOp()->emitRemark(llvm::formatv(
            "not raised: this result and {0} other value(s) of the same "
            "network are used outside it (a network has one result)",
            out.size() - 1));
      return;
    }
    Value result = out.front();
    Operation *resultOp = result.getDefiningOp();
    auto inType = cast<RankedTensorType>(group.input.getType());
    auto outType = cast<RankedTensorType>(result.getType());
    std::optional<SmallVector<ReassociationIndices>> inRows =
                                                         batchReassociation(
                                                             inType),
                                                     outRows =
                                                         batchReassociation(
                                                             outType);
    if (!inRows || !outRows || batchOf(inType) != batchOf(outType)) {
      resultOp->emitRemark("not raised: the network's input and result "
                           "are not batches of the same samples");
      return;
    }
    ::sffnn::LayeredNetwork &net = group.net;
    int last = group.materialize(group.values[result]);
    if (last != static_cast<int>(net.layers.size()) - 1) {
      resultOp->emitRemark("not raised: layers computed after this result "
                           "would be lost");
      return;
    }
    net.inputs = inType.getShape().back();
    net.name = freshName(block);
    if (llvm::Error err = ::sffnn::validate(net)) {
      resultOp->emitRemark("not raised: ") << llvm::toString(std::move(err));
      return;
    }
    rewrite(block, group, result, *inRows, *outRows);
  }

  void rewrite(Block &block, Group &group, Value result,
               ArrayRef<ReassociationIndices> inRows,
               ArrayRef<ReassociationIndices> outRows) {
    Operation *top = block.getParentOp();
    while (top->getParentOp() && top->getParentOp() != module)
      top = top->getParentOp();
    llvm::sort(group.ops, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    Location loc = group.ops.front()->getLoc();
    OpBuilder builder(top);
    NetworkOp network = buildNetwork(builder, loc, group.net);
    symbols.insert(network);

    Operation *resultOp = result.getDefiningOp();
    builder.setInsertionPoint(resultOp);
    loc = resultOp->getLoc();
    auto inType = cast<RankedTensorType>(group.input.getType());
    auto outType = cast<RankedTensorType>(result.getType());
    int64_t batch = batchOf(inType);
    Type f32 = builder.getF32Type();
    auto matrix = [&](int64_t features) {
      return RankedTensorType::get({batch, features}, f32);
    };
    Value x = group.input;
    if (inType.getRank() == 1)
      x = tensor::ExpandShapeOp::create(builder, loc,
                                        matrix(inType.getShape().back()), x,
                                        inRows);
    else if (inType.getRank() > 2)
      x = tensor::CollapseShapeOp::create(builder, loc, x, inRows);
    Value y = CallOp::create(builder, loc,
                             TypeRange{matrix(outType.getShape().back())},
                             network.getSymName(), ValueRange{x})
                  .getResult(0);
    if (outType.getRank() == 1)
      y = tensor::CollapseShapeOp::create(builder, loc, outType, y, outRows);
    else if (outType.getRank() > 2)
      y = tensor::ExpandShapeOp::create(builder, loc, outType, y, outRows);
    result.replaceAllUsesWith(y);

    // The group's ops, then whatever only they used (weights, fills,
    // transposes, conversions).
    llvm::SetVector<Operation *> maybeDead;
    for (Operation *op : llvm::reverse(group.ops)) {
      llvm::SetVector<Value> used;
      used.insert(op->operand_begin(), op->operand_end());
      getUsedValuesDefinedAbove(op->getRegions(), used);
      for (Value value : used)
        if (Operation *def = value.getDefiningOp())
          maybeDead.insert(def);
      maybeDead.remove(op);
      op->erase();
    }
    while (!maybeDead.empty()) {
      Operation *op = maybeDead.pop_back_val();
      // Ops with regions other than linalg's may hold blocks still to raise.
      if (!isOpTriviallyDead(op) ||
          (op->getNumRegions() && !isa<linalg::LinalgOp>(op)))
        continue;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          maybeDead.insert(def);
      op->erase();
    }
  }

  ModuleOp module;
  const RaiseOptions &options;
  SymbolTable symbols;
};

} // namespace

void mlir::sffnn::raiseLinalg(ModuleOp module, const RaiseOptions &options) {
  // The blocks that hold ops (not the bodies of linalg ops, which raising
  // erases with their op).
  SmallVector<Block *> blocks;
  module->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isa<linalg::LinalgOp>(op))
      return WalkResult::skip();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        blocks.push_back(&block);
    return WalkResult::advance();
  });
  Raiser raiser(module, options);
  for (Block *block : blocks)
    raiser.raiseBlock(*block);
}
