//===- sparse-ffnn-difftest.cpp - the differential campaign, in one process ===//
//
//   sparse-ffnn-difftest --networks N --seed S [--first I] [--max-connections C]
//                        [--exclude-known] [--failures DIR] [--progress K]
//                        [--batch-link K] [--list]
//
// Draws networks I..I+N-1 of campaign S (each from its own seed, so any one
// of them is reproduced alone with --first I --networks 1), compiles each
// with its random options as sparse-ffnn-run does, runs it and compares with
// the interpreter. One process for the whole campaign, and one link per
// batch of networks (docs/Testing.md has the profile that chose this).
// A failure prints what was drawn and two reproducing commands (this tool
// for one network, and sparse-ffnn-run --verify on files written to
// --failures). Last line: 'difftest: N passed, N failed'.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/FileIO.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Support/Tolerance.h"
#include "sffnn/Testing/Differential.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>

namespace cl = llvm::cl;
using namespace sffnn::difftest;

static cl::OptionCategory category("sparse-ffnn-difftest options");
static cl::opt<long long> networks("networks", cl::desc("Networks to check"),
                                   cl::init(20), cl::cat(category));
static cl::opt<unsigned long long> seed("seed", cl::desc("Campaign seed"),
                                        cl::init(1), cl::cat(category));
static cl::opt<long long> first("first",
                                cl::desc("Index of the first network"),
                                cl::init(0), cl::cat(category));
static cl::opt<long long> maxConnections(
    "max-connections",
    cl::desc("About the largest network (connections); most are far smaller"),
    cl::init(5000), cl::cat(category));
static cl::opt<bool> excludeKnown(
    "exclude-known",
    cl::desc("Leave out the two fixed defects of issue 12 the campaign first "
             "found (sigmoid outputs; drop-dead-samples with a tile that is "
             "not a power of two), for bisecting old commits"),
    cl::cat(category));
static cl::opt<std::string> failuresDir(
    "failures",
    cl::desc("Directory for failing networks and inputs (default: a new "
             "temporary directory, made at the first failure)"),
    cl::cat(category));
static cl::opt<double> rtol("rtol",
                            cl::desc("Tolerance relative to each output's "
                                     "propagated error scale"),
                            cl::init(sffnn::kDefaultRtol), cl::cat(category));
static cl::opt<long long>
    progress("progress", cl::desc("Print a progress line every K networks"),
             cl::init(0), cl::cat(category));
static cl::opt<std::string> statusFile(
    "status",
    cl::desc("Write the index of the network being checked to FILE (for a "
             "driver that resumes after a crash)"),
    cl::cat(category));
static cl::opt<bool> list(
    "list",
    cl::desc("Print what each network draws (generator, options, batch, "
             "connections) without compiling it"),
    cl::cat(category));
static cl::opt<bool> injectError(
    "inject-error",
    cl::desc("Add 1 to the first output of every network before comparing "
             "(tests the failure path)"),
    cl::cat(category));
static cl::opt<long long> batchLink(
    "batch-link",
    cl::desc("Networks compiled to objects and linked into one shared "
             "library (one linker run per batch); 1: each compiled and "
             "loaded alone, exactly as sparse-ffnn-run does"),
    cl::init(16), cl::cat(category));
static cl::opt<unsigned> timeout(
    "timeout",
    cl::desc("Seconds one network may take before the process is killed "
             "(SIGALRM; 0: no limit)"),
    cl::init(0), cl::cat(category));

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Network I of campaign S: its own seed, independent of the others.
uint64_t caseSeed(uint64_t campaign, int64_t index) {
  sffnn::Random random(campaign * 0x100000001b3ULL ^
                       static_cast<uint64_t>(index));
  return random.next();
}

/// What the campaign covered: counts per value of each drawn property.
struct Coverage {
  std::map<std::string, std::map<std::string, int64_t>> counts;
  int64_t maxConnectionsSeen = 0, maxWidth = 0;
  std::vector<int64_t> connections;
  double draw = 0, interpretAndRun = 0;
  mlir::sffnn::CompileStats compile;

  void add(llvm::StringRef key, const llvm::Twine &value) {
    ++counts[key.str()][value.str()];
  }
  void record(const Case &c, const Outcome &o) {
    const auto &lowering = c.options.lowering;
    add("generator", llvm::StringRef(c.generator).split(' ').first);
    const auto &layers = c.network.layers;
    // Per network: the generators give every hidden layer one activation.
    auto activation = [](const sffnn::Layer &layer) {
      return activationName(layer.activation) +
             llvm::Twine(layer.clamp ? " clamped" : "");
    };
    if (layers.size() > 1)
      add("hidden activation", activation(layers.front()));
    add("output activation", activation(layers.back()));
    for (const sffnn::Layer &layer : layers)
      maxWidth = std::max(maxWidth, layer.neurons());
    maxWidth = std::max(maxWidth, c.network.inputs);
    add("biases", layers.back().bias.empty() ? "no" : "yes");
    // Tile 0 is the target's width (the host's: cases compile for it).
    int64_t tile = lowering.tile;
    if (tile == 0) {
      llvm::Expected<int64_t> resolved = lowering.resolvedTile();
      tile = resolved ? *resolved : 1;
      if (!resolved)
        llvm::consumeError(resolved.takeError());
    }
    std::string tileLabel = std::to_string(lowering.tile);
    if (lowering.tile == 0)
      tileLabel += " (" + std::to_string(tile) + ")";
    add("tile", tileLabel);
    llvm::Expected<std::string> emitter = lowering.resolvedFmaEmitter();
    add("fma emitter", emitter ? *emitter : "(unresolved)");
    if (!emitter)
      llvm::consumeError(emitter.takeError());
    add("register tile", lowering.registerTile <= 24 ? "1-24" : "25-64");
    add("chunk connections", llvm::Twine(lowering.chunkConnections));
    add("tiles per group", llvm::Twine(lowering.tilesPerGroup));
    add("form", o.form.empty() ? "(not compiled)" : o.form);
    add("drop dead samples", lowering.dropDeadSamples ? "yes" : "no");
    add("threads", llvm::Twine(c.threads));
    add("opt level", llvm::Twine(c.options.optLevel));
    int64_t rest = c.inputs.samples % tile;
    add("batch mod tile", rest == 0   ? "0"
                          : rest == 1 ? "1"
                          : rest == tile - 1 ? "tile-1"
                                             : "other");
    add("batch tiles", llvm::Twine(c.inputs.samples / tile));
    int64_t n = c.network.connections();
    connections.push_back(n);
    add("connections", n <= 100    ? "1-100"
                       : n <= 1000 ? "101-1000"
                                   : "1001+");
    compile.lower += o.stats.lower;
    compile.translate += o.stats.translate;
    compile.codegen += o.stats.codegen;
    compile.link += o.stats.link;
  }

  void print(llvm::raw_ostream &os, double wall) const {
    for (const auto &[key, values] : counts) {
      os << "difftest: covered " << key << ":";
      for (const auto &[value, count] : values)
        os << " " << value << "=" << count;
      os << "\n";
    }
    std::vector<int64_t> sorted = connections;
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty())
      os << "difftest: connections median " << sorted[sorted.size() / 2]
         << ", max " << sorted.back() << "; widest layer " << maxWidth
         << "\n";
    os << llvm::format("difftest: seconds: draw %.1f, lower %.1f, "
                       "translate+optimize %.1f, codegen %.1f, link+load "
                       "%.1f, interpret+run+compare %.1f, wall %.1f\n",
                       draw, compile.lower, compile.translate, compile.codegen,
                       compile.link, interpretAndRun, wall);
    // CPU, not wall: the machine is shared; the linker runs as a child.
    rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    auto seconds = [](const rusage &u) {
      return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
             1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    };
    os << llvm::format("difftest: CPU seconds: this process %.1f, child "
                       "processes (the linker) %.1f\n",
                       seconds(self), seconds(children));
  }
};

/// The command that redraws and checks network `index` alone.
std::string rerunCommand(const char *argv0, int64_t index) {
  std::string command;
  llvm::raw_string_ostream os(command);
  os << argv0 << " --seed " << seed << " --first " << index
     << " --networks 1 --max-connections " << maxConnections;
  if (excludeKnown)
    os << " --exclude-known";
  if (rtol.getNumOccurrences())
    os << llvm::format(" --rtol %.17g", double(rtol));
  if (injectError)
    os << " --inject-error";
  return command;
}

/// The failures directory, made at the first failure.
std::string failures() {
  static std::string dir = [] {
    if (!failuresDir.empty()) {
      llvm::sys::fs::create_directories(failuresDir);
      return std::string(failuresDir);
    }
    llvm::SmallString<128> path;
    if (llvm::sys::fs::createUniqueDirectory("sffnn-difftest", path))
      return std::string(".");
    return std::string(path);
  }();
  return dir;
}

void reportFailure(const char *argv0, int64_t index, const Case *c,
                   llvm::StringRef message) {
  llvm::outs() << "difftest: FAILED network " << index << ": " << message
               << "\n";
  if (c) {
    llvm::outs() << "  network: " << c->generator << "\n"
                 << "  options:" << optionFlags(*c) << " (batch "
                 << c->inputs.samples << ")\n";
  }
  llvm::outs() << "  reproduce: " << rerunCommand(argv0, index) << "\n";
  if (c) {
    llvm::SmallString<128> stem(failures());
    llvm::sys::path::append(stem, "seed" + std::to_string(seed) + "-net" +
                                      std::to_string(index));
    llvm::SmallString<128> runTool(
        llvm::sys::path::parent_path(llvm::sys::fs::getMainExecutable(
            argv0, reinterpret_cast<void *>(&caseSeed))));
    llvm::sys::path::append(runTool, "sparse-ffnn-run");
    auto command = writeReproducer(*c, stem, runTool);
    if (command)
      llvm::outs() << "  reproduce: " << *command
                   << (rtol.getNumOccurrences()
                           ? llvm::formatv(" --rtol={0:e16}", double(rtol)).str()
                           : std::string())
                   << "\n";
    else
      llvm::outs() << "  (" << llvm::toString(command.takeError()) << ")\n";
  }
  llvm::outs().flush();
}

/// For a driver that resumes after a crash (scripts/difftest.sh): the
/// network being checked, the first network whose result is not printed
/// yet, and the counts printed so far.
/// Replaced whole (FileIO.h), so that the driver never reads half a line.
/// A status that cannot be written ends the run: the driver would resume
/// from a stale one.
/// With no `current` (before the first network) the file is empty, as the
/// driver expects until a network starts.
void writeStatus(std::optional<int64_t> current, int64_t unreported,
                 int64_t passed, int64_t failed) {
  if (statusFile.empty())
    return;
  llvm::Error err =
      sffnn::writeOutputFile(statusFile, [&](llvm::raw_ostream &os) {
        if (current)
          os << *current << " " << unreported << " " << passed << " "
             << failed << "\n";
        return llvm::Error::success();
      });
  if (err) {
    llvm::errs() << "sparse-ffnn-difftest: error: --status: "
                 << llvm::toString(std::move(err)) << "\n";
    std::exit(2);
  }
}

/// What a crash prints with LLVM's stack trace: the network and how to
/// rerun it.
struct CurrentNetwork : llvm::PrettyStackTraceEntry {
  std::string text;
  void print(llvm::raw_ostream &os) const override { os << text << "\n"; }
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "random networks and compile options, each "
                              "compiled and checked against the "
                              "interpreter\n");
  sffnn::installFatalErrorHandler("sparse-ffnn-difftest");
  if (networks < 0 || first < 0 || maxConnections < 1 || progress < 0 ||
      batchLink < 1 || !(rtol >= 0) || !std::isfinite(rtol)) {
    llvm::errs() << "sparse-ffnn-difftest: --networks, --first and "
                    "--progress must be >= 0, --max-connections and "
                    "--batch-link >= 1, --rtol finite and >= 0\n";
    return 2;
  }
  // Network indices are int64: the last one, first + networks - 1, must be
  // one.
  if (networks > std::numeric_limits<int64_t>::max() - first) {
    llvm::errs() << "sparse-ffnn-difftest: --first (" << first
                 << ") + --networks (" << networks
                 << ") is past the largest network index, 2^63-1\n";
    return 2;
  }
  // Before the first network: a --status that cannot be written is an
  // error now, not after the first crash.
  writeStatus(std::nullopt, first, 0, 0);
  Limits limits;
  limits.maxConnections = maxConnections;
  limits.excludeKnown = excludeKnown;
  Coverage coverage;
  int64_t passed = 0, failed = 0;
  // The margin of the tolerance: the passed network closest to failing.
  double closestScaled = 0;
  int64_t closestNetwork = -1;
  auto start = Clock::now();
  CurrentNetwork current;
  const int64_t end = first + networks;
  for (int64_t group = first, groupEnd; group < end; group = groupEnd) {
    // Without overflow near the largest index.
    groupEnd = end - group > batchLink ? group + batchLink : end;
    // Draw a batch of cases.
    std::vector<Case> cases;
    std::vector<int64_t> indices;
    for (int64_t index = group; index < groupEnd; ++index) {
      RandomChoices choices(caseSeed(seed, index));
      auto drawStart = Clock::now();
      llvm::Expected<Case> c = drawCase(choices, limits);
      coverage.draw += since(drawStart);
      if (!c) {
        ++failed;
        reportFailure(argv[0], index, nullptr,
                      "drawing failed: " + llvm::toString(c.takeError()));
      } else if (list) {
        llvm::outs() << "network " << index << ": " << c->generator << " |"
                     << optionFlags(*c) << " --batch=" << c->inputs.samples
                     << " | connections=" << c->network.connections()
                     << "\n";
      } else {
        cases.push_back(std::move(*c));
        indices.push_back(index);
      }
    }
    if (cases.empty())
      continue;
    // Check them, with one link (or, with --batch-link=1, exactly as
    // sparse-ffnn-run does: compileAndLoad per network).
    auto starting = [&](size_t k) {
      writeStatus(indices[k], group, passed, failed);
      current.text = "difftest network " + std::to_string(indices[k]) +
                     "; reproduce: " + rerunCommand(argv[0], indices[k]);
      if (timeout)
        alarm(timeout);
    };
    auto checkStart = Clock::now();
    std::vector<Outcome> outcomes;
    if (batchLink == 1) {
      starting(0);
      outcomes.push_back(check(cases.front(), rtol, injectError));
    } else {
      outcomes = checkAll(cases, rtol, injectError, starting);
    }
    coverage.interpretAndRun += since(checkStart);
    for (size_t k = 0; k < cases.size(); ++k) {
      coverage.interpretAndRun -= outcomes[k].stats.total();
      coverage.record(cases[k], outcomes[k]);
      if (outcomes[k].passed) {
        ++passed;
        if (outcomes[k].maxScaled > closestScaled) {
          closestScaled = outcomes[k].maxScaled;
          closestNetwork = indices[k];
        }
      } else {
        ++failed;
        reportFailure(argv[0], indices[k], &cases[k], outcomes[k].message);
      }
      int64_t done = indices[k] - first + 1;
      if (progress && done % progress == 0)
        llvm::errs() << llvm::format(
            "difftest: %lld/%lld networks, %lld failed, %.0f s\n",
            static_cast<long long>(done), static_cast<long long>(networks),
            static_cast<long long>(failed), since(start));
    }
  }
  alarm(0);
  if (list)
    return failed ? 1 : 0;
  coverage.print(llvm::outs(), since(start));
  if (closestNetwork >= 0)
    llvm::outs() << llvm::format(
        "difftest: largest error / error scale of a passed network %.3g "
        "(network %lld; rtol %.3g)\n",
        closestScaled, static_cast<long long>(closestNetwork), double(rtol));
  llvm::outs() << "difftest: " << passed << " passed, " << failed
               << " failed\n";
  return failed ? 1 : 0;
}
