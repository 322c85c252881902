//===- CNames.h - names a kernel's C entry point must not take -*- C++ -*-===//
#ifndef SFFNN_SUPPORT_CNAMES_H
#define SFFNN_SUPPORT_CNAMES_H

#include "llvm/ADT/StringRef.h"

namespace sffnn {

/// Whether `name` is reserved for the C library (C17 7.1.3: a standard
/// library function, "__x" or "_X") or is a POSIX call every
/// Linux program links (pthread_*, open, read, ...): a kernel exported
/// under it would replace that function in the programs linking it.
bool isReservedCName(llvm::StringRef name);

} // namespace sffnn

#endif // SFFNN_SUPPORT_CNAMES_H
