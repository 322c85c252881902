//===- Importers.cpp - Graph Challenge and MatrixMarket networks ----------===//
#include "sffnn/Target/Importers.h"

#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Formats/Writers.h"
#include "sffnn/Target/NetworkBuilder.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

using namespace sffnn;
using llvm::Expected;

std::optional<float> sffnn::challengeBias(int64_t neurons) {
  switch (neurons) {
  case 1024:
    return -0.3f;
  case 4096:
    return -0.35f;
  case 16384:
    return -0.4f;
  case 65536:
    return -0.45f;
  default:
    return std::nullopt;
  }
}

/// Finds N in the single `n<N>-l1.tsv` of `dir`.
static Expected<int64_t> inferChallengeWidth(llvm::StringRef dir) {
  std::error_code ec;
  llvm::Regex pattern("^n([0-9]+)-l1\\.tsv$");
  std::vector<int64_t> found;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::SmallVector<llvm::StringRef, 2> match;
    if (!pattern.match(llvm::sys::path::filename(it->path()), &match))
      continue;
    int64_t width;
    if (match[1].getAsInteger(10, width) || width < 1 ||
        width > kMaxDimension)
      return llvm::createStringError(
          std::errc::invalid_argument,
          "%s: width %s is out of range (1 to 2^28 neurons)",
          it->path().c_str(), match[1].str().c_str());
    found.push_back(width);
  }
  if (ec)
    return llvm::createStringError(ec, "%s: cannot read directory: %s",
                                   dir.str().c_str(), ec.message().c_str());
  if (found.size() != 1)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "%s: expected exactly one file n<neurons>-l1.tsv, found %zu; pass "
        "--neurons",
        dir.str().c_str(), found.size());
  return found.front();
}

llvm::Error sffnn::applyBiasFile(LayeredNetwork &net, llvm::StringRef path) {
  std::vector<int64_t> lines;
  auto rows = readRows(path, &lines);
  if (!rows)
    return rows.takeError();
  if (rows->size() != net.layers.size())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "%s: has %zu bias rows but the network has %zu layers",
        path.str().c_str(), rows->size(), net.layers.size());
  for (size_t k = 0; k < rows->size(); ++k) {
    if (static_cast<int64_t>((*rows)[k].size()) != net.layers[k].neurons())
      return llvm::createStringError(
          std::errc::invalid_argument,
          "%s:%lld:1: layer %zu has %lld neurons but this row has %zu biases",
          path.str().c_str(), static_cast<long long>(lines[k]), k + 1,
          static_cast<long long>(net.layers[k].neurons()), (*rows)[k].size());
    net.layers[k].bias = std::move((*rows)[k]);
  }
  return llvm::Error::success();
}

namespace {
/// What an import holds at its peak, counted layer by layer before each
/// layer's arrays are allocated: the arrays of every layer so far and the
/// module written from them (moduleBytes), plus the file entries of the
/// layer being built and the CSR conversion's working arrays (toCsr).
class ImportMemory {
public:
  /// Counts `layers` more layers of `neurons` neurons and `entries`
  /// connections each, with a bias per neuron when `bias`.
  void addLayers(double layers, double neurons, double entries, bool bias) {
    double offsets = 4 * (neurons + 1), weights = 4 * entries;
    arrays += layers * (offsets + 2 * weights + (bias ? 4 * neurons : 0));
    largest = std::max({largest, offsets, weights});
  }

  /// Checks everything counted, with `pending` (the entries of a file not
  /// yet converted; none for a check before reading) still held.
  llvm::Error check(const llvm::Twine &what, llvm::StringRef where,
                    const Triplets *pending = nullptr) const {
    double working = 0;
    if (pending) {
      double entries = static_cast<double>(pending->size());
      // row, col, value, line; then the sort's order and sorted arrays and
      // its counters over the longer side.
      working = entries * (4 + 4 + 4 + 8 + 4 + 4) +
                4 * (static_cast<double>(std::max(pending->rows,
                                                  pending->cols)) + 1);
    }
    return checkMemory(mlir::sffnn::moduleBytes(arrays, largest) + working,
                       what, where);
  }

private:
  double arrays = 0, largest = 0;
};
} // namespace

/// Counts layer `k` (1-based), read from `entries`, with `neurons` neurons
/// not counted yet, and checks the total against the memory limit before
/// the layer's arrays exist.
static llvm::Error countLayer(ImportMemory &memory, const Triplets &entries,
                              int64_t neurons, bool bias, size_t k) {
  memory.addLayers(1, static_cast<double>(neurons),
                   static_cast<double>(entries.size()), bias);
  return memory.check("the network up to layer " + llvm::Twine(k) +
                          " (its arrays, their MLIR blobs and the printed "
                          "module)",
                      entries.file, &entries);
}

/// Layer k (0-based) of a chain read from file triplets: entry (i, j) is the
/// weight from neuron i of the previous layer to neuron j.
static Expected<Layer> chainLayer(const Triplets &entries, size_t k,
                                  std::optional<float> bias,
                                  Activation activation,
                                  std::optional<float> clamp) {
  Expected<CsrMatrix> weights = toCsr(entries, /*transpose=*/true);
  if (!weights)
    return weights.takeError();
  Layer layer;
  layer.sources = {k == 0 ? kNetworkInput : static_cast<int>(k - 1)};
  layer.weights = std::move(*weights);
  if (bias)
    layer.bias.assign(layer.weights.rows, *bias);
  layer.activation = activation;
  if (activation == Activation::Relu)
    layer.clamp = clamp;
  return layer;
}

/// Applies the optional per-neuron bias file to an imported network.
static Expected<LayeredNetwork> withBiasFile(LayeredNetwork net,
                                             llvm::StringRef biasFile) {
  if (!biasFile.empty())
    if (llvm::Error err = applyBiasFile(net, biasFile))
      return std::move(err);
  return net;
}

Expected<LayeredNetwork>
sffnn::importGraphChallenge(const GraphChallengeOptions &options) {
  if (options.layers < 1)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "--layers must be at least 1");
  int64_t neurons = options.neurons;
  if (neurons == 0) {
    Expected<int64_t> inferred = inferChallengeWidth(options.dir);
    if (!inferred)
      return inferred.takeError();
    neurons = *inferred;
  }
  if (neurons < 1 || neurons > kMaxDimension)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "--neurons must be between 1 and 2^28");
  // Before reading a layer: the offsets and biases of every layer, written
  // out as a module. The connections are counted as each file is read.
  ImportMemory memory;
  memory.addLayers(static_cast<double>(options.layers),
                   static_cast<double>(neurons), 0, /*bias=*/true);
  if (llvm::Error err = memory.check(
          llvm::Twine(options.layers) + " layers of " + llvm::Twine(neurons) +
              " neurons",
          options.dir))
    return std::move(err);
  std::optional<float> bias =
      options.bias ? options.bias : challengeBias(neurons);
  if (!bias && options.biasFile.empty())
    return llvm::createStringError(
        std::errc::invalid_argument,
        "the challenge defines no bias for %lld neurons; pass --bias",
        static_cast<long long>(neurons));

  LayeredNetwork net;
  net.name = "graph_challenge_n" + std::to_string(neurons);
  net.inputs = neurons;
  for (int64_t k = 1; k <= options.layers; ++k) {
    llvm::SmallString<256> path(options.dir);
    llvm::sys::path::append(path, "n" + std::to_string(neurons) + "-l" +
                                      std::to_string(k) + ".tsv");
    if (!llvm::sys::fs::exists(path))
      return llvm::createStringError(
          std::errc::no_such_file_or_directory,
          "%s: missing layer file (layer %lld of %lld)", path.c_str(),
          static_cast<long long>(k), static_cast<long long>(options.layers));
    Expected<Triplets> entries = readTsv(path, neurons, neurons);
    if (!entries)
      return entries.takeError();
    // The offsets and biases are counted already: only the connections.
    if (llvm::Error err = countLayer(memory, *entries, /*neurons=*/0,
                                     /*bias=*/false, static_cast<size_t>(k)))
      return std::move(err);
    Expected<Layer> layer = chainLayer(*entries, static_cast<size_t>(k - 1),
                                       bias, Activation::Relu, options.clamp);
    if (!layer)
      return layer.takeError();
    net.layers.push_back(std::move(*layer));
  }
  return withBiasFile(std::move(net), options.biasFile);
}

Expected<LayeredNetwork>
sffnn::importMatrixMarket(const MatrixMarketOptions &options) {
  if (options.files.empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "no MatrixMarket files given");
  // The clamp applies to relu layers only: say so rather than drop it.
  Activation last = options.outputActivation.value_or(options.activation);
  bool anyRelu = last == Activation::Relu ||
                 (options.files.size() > 1 &&
                  options.activation == Activation::Relu);
  if (options.clamp && !anyRelu)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--clamp applies to relu layers, and no layer is relu (set "
        "--activation or --output-activation to relu, or drop --clamp)");
  ImportMemory memory;
  bool bias = options.bias || !options.biasFile.empty();
  LayeredNetwork net;
  net.name = "matrix_market";
  for (size_t k = 0; k < options.files.size(); ++k) {
    Expected<Triplets> entries = readMatrixMarket(options.files[k]);
    if (!entries)
      return entries.takeError();
    if (k == 0)
      net.inputs = entries->rows;
    else if (entries->rows != net.layers.back().neurons())
      return llvm::createStringError(
          std::errc::invalid_argument,
          "%s: layer %zu has %lld rows but layer %zu (%s) has %lld columns; "
          "rows of a layer are the neurons of the previous one",
          options.files[k].c_str(), k + 1,
          static_cast<long long>(entries->rows), k,
          options.files[k - 1].c_str(),
          static_cast<long long>(net.layers.back().neurons()));
    if (llvm::Error err =
            countLayer(memory, *entries, entries->cols, bias, k + 1))
      return std::move(err);
    bool last = k + 1 == options.files.size();
    Expected<Layer> layer =
        chainLayer(*entries, k, options.bias,
                   last && options.outputActivation ? *options.outputActivation
                                                    : options.activation,
                   options.clamp);
    if (!layer)
      return layer.takeError();
    net.layers.push_back(std::move(*layer));
  }
  return withBiasFile(std::move(net), options.biasFile);
}

/// Equal as bit patterns: the re-import must give the very same floats.
static bool sameBits(float a, float b) {
  return llvm::bit_cast<uint32_t>(a) == llvm::bit_cast<uint32_t>(b);
}

/// The shortest `%.Ng` that reads back (as the tools read flags: a double
/// rounded to float) to the same float; `%.9g` always does.
static std::string exactText(float value) {
  std::string text;
  for (int digits = 6; digits <= 9; ++digits) {
    text.clear();
    llvm::raw_string_ostream(text) << llvm::format("%.*g", digits, value);
    double back;
    if (!llvm::StringRef(text).getAsDouble(back) &&
        sameBits(static_cast<float>(back), value))
      break;
  }
  return text;
}

/// The one bias of every neuron of `layer` (0 without bias), or why there
/// is none.
static std::optional<float> uniformBias(const Layer &layer,
                                        std::string &problem) {
  if (layer.bias.empty())
    return 0.0f;
  for (size_t j = 1; j < layer.bias.size(); ++j)
    if (!sameBits(layer.bias[j], layer.bias[0])) {
      problem = "has per-neuron biases (neuron 1: " +
                exactText(layer.bias[0]) + ", neuron " +
                std::to_string(j + 1) + ": " + exactText(layer.bias[j]) +
                "); the import gives every neuron one --bias";
      return std::nullopt;
    }
  return layer.bias[0];
}

static std::string clampText(std::optional<float> clamp) {
  return clamp ? "clamp " + exactText(*clamp) : std::string("no clamp");
}

GraphChallengeExport
sffnn::planGraphChallengeExport(const LayeredNetwork &net) {
  GraphChallengeExport plan;
  plan.layers = static_cast<int64_t>(net.layers.size());
  plan.name = net.name;
  auto refuse = [&](size_t k, std::string problem) {
    plan.layer = static_cast<int>(k);
    plan.problem = "layer " + std::to_string(k + 1) + " " + problem;
    return plan;
  };
  for (size_t k = 0; k < net.layers.size(); ++k) {
    const Layer &layer = net.layers[k];
    int expected = k == 0 ? kNetworkInput : static_cast<int>(k - 1);
    if (layer.sources.size() != 1 || layer.sources[0] != expected)
      return refuse(k, "does not read exactly the previous layer; the Graph "
                       "Challenge format holds chains only");
    if (layer.weights.rows != net.inputs || layer.weights.cols != net.inputs)
      return refuse(k, "is " + std::to_string(layer.weights.cols) + "x" +
                           std::to_string(layer.weights.rows) +
                           "; the Graph Challenge format needs every layer "
                           "to be " +
                           std::to_string(net.inputs) + "x" +
                           std::to_string(net.inputs));
    if (layer.activation != Activation::Relu)
      return refuse(k, std::string("is ") + activationName(layer.activation) +
                           "; the Graph Challenge format computes relu only");
    std::string problem;
    std::optional<float> bias = uniformBias(layer, problem);
    if (!bias)
      return refuse(k, problem);
    if (k == 0) {
      plan.bias = *bias;
      plan.clamp = layer.clamp;
      continue;
    }
    if (!sameBits(*bias, plan.bias))
      return refuse(k, "has bias " + exactText(*bias) + " but layer 1 has " +
                           exactText(plan.bias) +
                           "; the import gives every layer one --bias");
    bool sameClamp = layer.clamp.has_value() == plan.clamp.has_value() &&
                     (!layer.clamp || sameBits(*layer.clamp, *plan.clamp));
    if (!sameClamp)
      return refuse(k, "has " + clampText(layer.clamp) + " but layer 1 has " +
                           clampText(plan.clamp) +
                           "; the import gives every layer one --clamp");
  }
  return plan;
}

std::string GraphChallengeExport::importFlags() const {
  return "--layers " + std::to_string(layers) + " --bias " + exactText(bias) +
         " --clamp " + (clamp ? exactText(*clamp) : std::string("none")) +
         " --name " + name;
}

llvm::Error sffnn::exportGraphChallenge(const LayeredNetwork &net,
                                        llvm::StringRef dir) {
  GraphChallengeExport plan = planGraphChallengeExport(net);
  if (!plan.problem.empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "network '%s': %s", net.name.c_str(),
                                   plan.problem.c_str());
  bool existed = llvm::sys::fs::is_directory(dir);
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return llvm::createStringError(ec, "%s: cannot create directory: %s",
                                   dir.str().c_str(), ec.message().c_str());
  std::vector<std::string> written;
  for (size_t k = 0; k < net.layers.size(); ++k) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, "n" + std::to_string(net.inputs) + "-l" +
                                      std::to_string(k + 1) + ".tsv");
    written.push_back(path.str().str());
    if (llvm::Error err = writeTsv(path, net.layers[k].weights)) {
      // No partial export: what this call wrote goes, and so does the
      // directory if this call made it.
      for (const std::string &file : written)
        llvm::sys::fs::remove(file);
      if (!existed)
        llvm::sys::fs::remove(dir);
      return err;
    }
  }
  return llvm::Error::success();
}
