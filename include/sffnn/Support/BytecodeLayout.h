//===- BytecodeLayout.h - check an MLIR bytecode file's sizes ---*- C++ -*-===//
//
// MLIR 22's bytecode reader trusts some counts and sizes of a file before
// it checks them: an attribute group that claims more entries than the file
// declared writes past its table (then frees a pointer it does not own), and
// sections are read before their lengths are compared with each other. This
// checks, before MLIR reads anything, that the sections tile the file and
// that the attribute and type offset table fits: the counts, the groups and
// every entry within its section. Plain byte parsing, O(file size).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_BYTECODELAYOUT_H
#define SFFNN_SUPPORT_BYTECODELAYOUT_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace sffnn {

/// Whether `bytes` start with MLIR bytecode's magic number.
bool isBytecode(llvm::StringRef bytes);

/// Empty when the layout of the bytecode `bytes` is consistent, else what
/// is wrong, with the byte offset ("byte 36: ...").
std::string checkBytecodeLayout(llvm::StringRef bytes);

} // namespace sffnn

#endif // SFFNN_SUPPORT_BYTECODELAYOUT_H
