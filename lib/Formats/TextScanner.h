//===- TextScanner.h - line/token scanner with located errors --*- C++ -*-===//
//
// Reads a whole file and hands out lines and tokens; every error it makes is
// `file:line:col: message`. Private to the Formats library.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_FORMATS_TEXTSCANNER_H
#define SFFNN_LIB_FORMATS_TEXTSCANNER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>

namespace sffnn {

class TextScanner {
public:
  /// Opens `path`; a missing or unreadable file is an error naming it.
  static llvm::Expected<TextScanner> open(llvm::StringRef path,
                                          llvm::StringRef separators = " \t");

  /// Moves to the next line (without its line break). False at the end.
  bool nextLine();
  /// The current line and its 1-based number.
  llvm::StringRef line() const { return lineText; }
  int64_t lineNo() const { return lineNumber; }
  const std::string &path() const { return fileName; }

  /// True when only separators remain on the line.
  bool atLineEnd();
  /// Number of tokens left on the current line (does not consume them).
  int64_t countTokens() const;
  /// Reads the next token of the line; `what` names it in errors.
  llvm::Error readInt(int64_t &value, llvm::StringRef what);
  llvm::Error readReal(double &value, llvm::StringRef what);
  /// Reads a finite number that fits a float.
  llvm::Error readFloat(float &value, llvm::StringRef what);
  llvm::StringRef readToken();
  /// For comma-separated lines: an error at a comma that has no value
  /// before it (`1,,2`, `,1`) or at a trailing comma (`1,2,`).
  llvm::Error checkEmptyFields();

  /// An error at the start of the last token read (or the line start).
  llvm::Error error(const llvm::Twine &message) const;
  /// An error about the whole current line (column 1).
  llvm::Error lineError(const llvm::Twine &message) const;
  /// An error with no line (e.g. an empty file).
  llvm::Error fileError(const llvm::Twine &message) const;

private:
  TextScanner(std::unique_ptr<llvm::MemoryBuffer> buffer, std::string fileName,
              llvm::StringRef separators)
      : buffer(std::move(buffer)), fileName(std::move(fileName)),
        separators(separators.str()) {
    rest = this->buffer->getBuffer();
  }
  llvm::Error missing(llvm::StringRef what) const;

  std::unique_ptr<llvm::MemoryBuffer> buffer;
  std::string fileName, separators;
  llvm::StringRef rest, lineText;
  size_t cursor = 0, tokenStart = 0;
  int64_t lineNumber = 0;
};

} // namespace sffnn

#endif // SFFNN_LIB_FORMATS_TEXTSCANNER_H
