//===- KernelForm.cpp - kernel forms: names and the automatic choice ------===//
#include "sffnn/Codegen/KernelForm.h"

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
  }
  return "unknown";
}

ChunkFormKind sffnn::codegen::chooseChunkForm(KernelForm requested,
                                              int64_t connections,
                                              int64_t maxStraightLine) {
  switch (requested) {
  case KernelForm::StraightLine:
    return ChunkFormKind::StraightLine;
  case KernelForm::Table:
    return ChunkFormKind::Table;
  case KernelForm::Auto:
    break;
  }
  // Straight-line code compiles in about 40-160 us per connection (LLVM on
  // very long blocks), table code in about 2 us: docs/Performance.md.
  return connections > maxStraightLine ? ChunkFormKind::Table
                                       : ChunkFormKind::StraightLine;
}

std::optional<KernelForm>
sffnn::codegen::parseKernelForm(const std::string &name) {
  for (KernelForm form :
       {KernelForm::Auto, KernelForm::StraightLine, KernelForm::Table})
    if (name == kernelFormName(form))
      return form;
  return std::nullopt;
}
