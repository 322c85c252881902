//===- TextScanner.cpp - line/token scanner with located errors -----------===//
#include "TextScanner.h"

#include "sffnn/Formats/FileIO.h"

#include <charconv>
#include <cmath>
#include <limits>

using namespace sffnn;
using llvm::Error;
using llvm::StringRef;

llvm::Expected<TextScanner> TextScanner::open(StringRef path,
                                              StringRef separators) {
  auto buffer = readInputFile(path, /*requiresNullTerminator=*/false);
  if (!buffer)
    return buffer.takeError();
  return TextScanner(std::move(*buffer), path.str(), separators);
}

bool TextScanner::nextLine() {
  if (rest.empty())
    return false;
  size_t end = rest.find('\n');
  lineText = rest.substr(0, end);
  rest = end == StringRef::npos ? StringRef() : rest.substr(end + 1);
  if (lineText.ends_with("\r"))
    lineText = lineText.drop_back();
  ++lineNumber;
  cursor = tokenStart = 0;
  return true;
}

bool TextScanner::atLineEnd() {
  cursor = lineText.find_first_not_of(separators, cursor);
  if (cursor == StringRef::npos)
    cursor = lineText.size();
  return cursor == lineText.size();
}

int64_t TextScanner::countTokens() const {
  int64_t count = 0;
  size_t pos = cursor;
  while (true) {
    pos = lineText.find_first_not_of(separators, pos);
    if (pos == StringRef::npos)
      return count;
    ++count;
    pos = lineText.find_first_of(separators, pos);
    if (pos == StringRef::npos)
      return count;
  }
}

StringRef TextScanner::readToken() {
  atLineEnd();
  tokenStart = cursor;
  size_t end = lineText.find_first_of(separators, cursor);
  if (end == StringRef::npos)
    end = lineText.size();
  cursor = end;
  return lineText.slice(tokenStart, end);
}

Error TextScanner::missing(StringRef what) const {
  return error("expected " + what + ", found the end of the line");
}

Error TextScanner::readInt(int64_t &value, StringRef what) {
  StringRef token = readToken();
  if (token.empty())
    return missing(what);
  auto [ptr, ec] = std::from_chars(token.begin(), token.end(), value);
  if (ec == std::errc::result_out_of_range)
    return error(what + " '" + token + "' is out of range");
  if (ec != std::errc() || ptr != token.end())
    return error("malformed " + what + " '" + token + "': expected an integer");
  return Error::success();
}

Error TextScanner::readReal(double &value, StringRef what) {
  StringRef token = readToken();
  if (token.empty())
    return missing(what);
  const char *begin = token.begin();
  // from_chars rejects a leading '+'; files may have one, but only before
  // the digits ("+-5" is malformed, not -5).
  if (*begin == '+' && token.size() > 1 && begin[1] != '-' && begin[1] != '+')
    ++begin;
  auto [ptr, ec] = std::from_chars(begin, token.end(), value);
  if (ec == std::errc::result_out_of_range)
    return error(what + " '" + token + "' is out of range");
  if (ec != std::errc() || ptr != token.end())
    return error("malformed " + what + " '" + token + "': expected a number");
  if (!std::isfinite(value))
    return error(what + " '" + token + "' is not finite");
  return Error::success();
}

Error TextScanner::readFloat(float &value, StringRef what) {
  double wide;
  if (Error err = readReal(wide, what))
    return err;
  if (std::fabs(wide) > std::numeric_limits<float>::max())
    return error(what + " '" + lineText.slice(tokenStart, cursor) +
                 "' does not fit in a 32-bit float");
  value = static_cast<float>(wide);
  return Error::success();
}

Error TextScanner::checkEmptyFields() {
  // Whitespace may surround a comma; two commas with nothing between them,
  // or a comma that starts or ends the line, leave a value out.
  StringRef trimmed = lineText.rtrim(" \t");
  size_t first = trimmed.find_first_not_of(" \t");
  bool afterComma = true; // the line start counts as a delimiter
  for (size_t i = first == StringRef::npos ? trimmed.size() : first;
       i < trimmed.size(); ++i) {
    char c = trimmed[i];
    if (c == ' ' || c == '\t')
      continue;
    if (c == ',' && afterComma) {
      tokenStart = i;
      return error("empty value before this comma");
    }
    afterComma = c == ',';
  }
  if (afterComma && !trimmed.empty() && trimmed.back() == ',') {
    tokenStart = trimmed.size() - 1;
    return error("empty value after the last comma");
  }
  return Error::success();
}

Error TextScanner::error(const llvm::Twine &message) const {
  return llvm::createStringError(fileName + ":" + llvm::Twine(lineNumber) +
                                 ":" + llvm::Twine(tokenStart + 1) + ": " +
                                 message);
}

Error TextScanner::lineError(const llvm::Twine &message) const {
  return llvm::createStringError(fileName + ":" + llvm::Twine(lineNumber) +
                                 ":1: " + message);
}

Error TextScanner::fileError(const llvm::Twine &message) const {
  return llvm::createStringError(fileName + ": " + message);
}
