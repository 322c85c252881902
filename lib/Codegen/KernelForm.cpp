//===- KernelForm.cpp - kernel forms: names and the cost of each ----------===//
#include "sffnn/Codegen/KernelForm.h"

#include <algorithm>

using namespace sffnn::codegen;

const char *sffnn::codegen::chunkFormName(ChunkFormKind form) {
  switch (form) {
  case ChunkFormKind::StraightLine:
    return "straight-line";
  case ChunkFormKind::Table:
    return "table";
  }
  return "unknown";
}

const char *sffnn::codegen::kernelFormName(KernelForm form) {
  switch (form) {
  case KernelForm::Auto:
    return "auto";
  case KernelForm::StraightLine:
    return "straight-line";
  case KernelForm::Table:
    return "table";
  case KernelForm::Alternate:
    return "alternate";
  }
  return "unknown";
}

namespace {

// The cost model's constants, in units of one FMA whose operands are in
// registers, calibrated on the measurements of docs/Codegen.md ("Choosing
// the form of a chunk"): Graph Challenge layers (one weight value, dense
// groups), the same pattern with random weights, and pruned MLPs (single
// neurons, distinct weights).

/// A use of a weight that straight-line code does not hold in a register:
/// a broadcast from memory (an FMA's embedded broadcast operand with
/// AVX-512: one more load).
constexpr double kBroadcast = 0.25;
/// Loading one source word from scratch (both forms).
constexpr double kSourceLoad = 0.5;
/// Fetching one byte of code or table, once per tile group.
constexpr double kByte = 0.05;
/// Table form: one connection of a dense group (an FMA with its weight
/// broadcast from the table), one term of a single neuron (slot load,
/// dependent word load, weight, FMA), the start of a single neuron's loop.
constexpr double kDenseTerm = 1.25;
constexpr double kSingleTerm = 3.0;
constexpr double kSingleStart = 1;
/// Bytes of AVX-512 code: an FMA with register operands, a broadcast, a
/// word load; bytes of table per dense term, per source, per single term.
constexpr double kFmaBytes = 7, kBroadcastBytes = 10, kLoadBytes = 8;
constexpr double kDenseTermBytes = 4, kSourceBytes = 4, kSingleTermBytes = 8;

} // namespace

double sffnn::codegen::estimateChunkCost(const ChunkShape &shape,
                                         ChunkFormKind form,
                                         int64_t tilesPerGroup,
                                         int64_t weightRegisters) {
  double connections = double(shape.connections);
  double loads = double(shape.sourceLoads);
  double reuse = double(std::max<int64_t>(tilesPerGroup, 1));
  if (form == ChunkFormKind::StraightLine) {
    // Uses of weights that do not fit in registers, spread evenly.
    double distinct = double(std::max<int64_t>(shape.distinctWeights, 1));
    double fetched =
        connections * std::max(0.0, distinct - double(weightRegisters)) /
        distinct;
    double codeBytes = kFmaBytes * connections + kBroadcastBytes * fetched +
                       4 * distinct + kLoadBytes * loads;
    return connections + kBroadcast * fetched + kSourceLoad * loads +
           kByte * codeBytes / reuse;
  }
  double dense = double(shape.denseConnections);
  double single = connections - dense;
  double tableBytes = kDenseTermBytes * dense + kSourceBytes * loads +
                      kSingleTermBytes * single;
  return kDenseTerm * dense + kSingleTerm * single +
         kSingleStart * double(shape.singleNeurons) + kSourceLoad * loads +
         kByte * tableBytes / reuse;
}

ChunkFormKind sffnn::codegen::cheaperChunkForm(const ChunkShape &shape,
                                               int64_t tilesPerGroup,
                                               int64_t weightRegisters) {
  return estimateChunkCost(shape, ChunkFormKind::StraightLine, tilesPerGroup,
                           weightRegisters) <
                 estimateChunkCost(shape, ChunkFormKind::Table, tilesPerGroup,
                                   weightRegisters)
             ? ChunkFormKind::StraightLine
             : ChunkFormKind::Table;
}

std::optional<KernelForm>
sffnn::codegen::parseKernelForm(const std::string &name) {
  for (KernelForm form : {KernelForm::Auto, KernelForm::StraightLine,
                          KernelForm::Table, KernelForm::Alternate})
    if (name == kernelFormName(form))
      return form;
  return std::nullopt;
}
