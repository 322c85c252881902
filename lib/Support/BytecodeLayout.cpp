//===- BytecodeLayout.cpp - check an MLIR bytecode file's sizes -----------===//
//
// The encoding, as MLIR 22 writes it (mlir/lib/Bytecode): magic "ML\xefR",
// version (varint), producer (NUL-terminated), then sections: an id byte
// (bit 7: aligned), a length (varint), for aligned sections an alignment
// (varint, a power of two) and padding to it, then the data. Varints are
// prefix-encoded: the first byte's trailing zeros count the bytes that
// follow (a zero byte: 8 follow). Section 3 holds the offsets of the
// entries of section 2: the number of attributes and of types, then for
// each, groups of (dialect, count, count * (size << 1 | flag)).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Support/BytecodeLayout.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace sffnn;

namespace {
constexpr unsigned kAttrTypeSection = 2, kAttrTypeOffsetSection = 3,
                   kNumSections = 9;

class Reader {
public:
  Reader(llvm::StringRef bytes, size_t base) : bytes(bytes), base(base) {}

  bool empty() const { return at == bytes.size(); }
  uint64_t remaining() const { return bytes.size() - at; }
  size_t offset() const { return base + at; }

  bool byte(uint8_t &value) {
    if (at >= bytes.size())
      return fail("the file ends inside a value");
    value = static_cast<uint8_t>(bytes[at++]);
    return true;
  }
  bool varInt(uint64_t &value) {
    uint8_t first;
    if (!byte(first))
      return false;
    if (first & 1) {
      value = first >> 1;
      return true;
    }
    unsigned more = first == 0 ? 8 : llvm::countr_zero(first);
    if (at + more > bytes.size())
      return fail("the file ends inside a value");
    uint64_t rest = 0;
    for (unsigned i = 0; i < more; ++i)
      rest |= uint64_t(static_cast<uint8_t>(bytes[at + i])) << (8 * i);
    at += more;
    value = first == 0 ? rest : ((rest << 8) | first) >> (more + 1);
    return true;
  }
  bool take(uint64_t size, llvm::StringRef &data) {
    if (size > bytes.size() - at)
      return fail("a section of " + llvm::Twine(size) +
                  " bytes runs past the end of the file");
    data = bytes.substr(at, size);
    at += size;
    return true;
  }
  bool skipTo(uint64_t alignment) {
    while ((base + at) % alignment != 0)
      if (at++ >= bytes.size())
        return fail("the file ends inside padding");
    return true;
  }
  bool fail(const llvm::Twine &what) {
    if (error.empty())
      error = "byte " + std::to_string(offset()) + ": " + what.str();
    return false;
  }

  std::string error;

private:
  llvm::StringRef bytes;
  size_t base, at = 0;
};

/// The offset table (section 3) against the size of section 2.
bool checkOffsets(Reader &r, uint64_t entriesSize) {
  uint64_t numAttributes, numTypes;
  if (!r.varInt(numAttributes) || !r.varInt(numTypes))
    return false;
  // Every entry takes at least a byte of this table; MLIR sizes its tables
  // from these counts before reading them.
  if (numAttributes > r.remaining() || numTypes > r.remaining() - numAttributes)
    return r.fail(llvm::Twine(numAttributes) + " attributes and " +
                  llvm::Twine(numTypes) + " types declared in a table of " +
                  llvm::Twine(r.remaining()) + " bytes");
  uint64_t used = 0;
  for (uint64_t total : {numAttributes, numTypes}) {
    uint64_t seen = 0;
    while (seen < total) {
      uint64_t dialect, count;
      if (!r.varInt(dialect) || !r.varInt(count))
        return false;
      if (count > total - seen)
        return r.fail("a group of " + llvm::Twine(count) + " entries where " +
                      llvm::Twine(total - seen) + " remain of the " +
                      llvm::Twine(total) + " declared");
      for (uint64_t i = 0; i < count; ++i) {
        uint64_t sizeAndFlag;
        if (!r.varInt(sizeAndFlag))
          return false;
        uint64_t size = sizeAndFlag >> 1;
        if (size > entriesSize - used)
          return r.fail("an attribute or type entry runs past the end of "
                        "its section");
        used += size;
      }
      seen += count;
    }
  }
  return true;
}
} // namespace

bool sffnn::isBytecode(llvm::StringRef bytes) {
  return bytes.starts_with("ML\xef"
                           "R");
}

std::string sffnn::checkBytecodeLayout(llvm::StringRef bytes) {
  if (!isBytecode(bytes))
    return "not MLIR bytecode";
  Reader r(bytes.drop_front(4), 4);
  uint64_t version;
  if (!r.varInt(version))
    return r.error;
  size_t producerEnd = bytes.find('\0', r.offset());
  if (producerEnd == llvm::StringRef::npos)
    return "byte " + std::to_string(r.offset()) +
           ": the producer string has no end";
  r = Reader(bytes.drop_front(producerEnd + 1), producerEnd + 1);
  std::optional<llvm::StringRef> sections[kNumSections];
  std::optional<size_t> sectionStart[kNumSections];
  while (!r.empty()) {
    uint8_t idAndAligned;
    uint64_t length;
    if (!r.byte(idAndAligned) || !r.varInt(length))
      return r.error;
    unsigned id = idAndAligned & 0x7f;
    if (id >= kNumSections) {
      r.fail("unknown section " + llvm::Twine(id));
      return r.error;
    }
    if (sections[id]) {
      r.fail("section " + llvm::Twine(id) + " appears twice");
      return r.error;
    }
    if (idAndAligned & 0x80) {
      uint64_t alignment;
      if (!r.varInt(alignment))
        return r.error;
      if (!llvm::isPowerOf2_64(alignment) || alignment > 4096) {
        r.fail("alignment " + llvm::Twine(alignment));
        return r.error;
      }
      if (!r.skipTo(alignment))
        return r.error;
    }
    sectionStart[id] = r.offset();
    llvm::StringRef data;
    if (!r.take(length, data))
      return r.error;
    sections[id] = data;
  }
  if (sections[kAttrTypeOffsetSection]) {
    Reader offsets(*sections[kAttrTypeOffsetSection],
                   *sectionStart[kAttrTypeOffsetSection]);
    uint64_t entriesSize =
        sections[kAttrTypeSection] ? sections[kAttrTypeSection]->size() : 0;
    if (!checkOffsets(offsets, entriesSize))
      return offsets.error;
  }
  return "";
}
