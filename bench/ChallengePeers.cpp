//===- ChallengePeers.cpp - Graph Challenge inference with the peers ------===//
//
//   challenge-peers LAYERS THREADS [NETDIR INPUT.mtx EXPECTED_IDS|-
//                   [LABEL=KERNEL.so:SYMBOL ...]]
//
// Runs the first LAYERS layers of the real 1024-neuron Graph Challenge
// network on the 1200-image subset with each peer, checks each against the
// golden categories (after 30 or 120 layers), and prints the median time
// and connection-samples per second. With NETDIR (TSV layers, as
// --export-graph-challenge writes them), INPUT and EXPECTED_IDS (a file of
// sample ids, sparse-ffnn-run --categories; "-": GraphBLAS's own ids are
// the reference) it runs that network instead and checks against those ids;
// each LABEL=KERNEL.so:SYMBOL adds our compiled kernel SYMBOL of that
// library (sparse-ffnn-translate --compile-to shared) as a peer. Every
// peer's clock starts after its weights and its input are built and
// materialized (GrB_Matrix_wait) and stops when the last layer is
// complete; reading the categories is not timed. The peers take turns, one
// run each per round, so a change of load hits them alike:
//   - graphblas: SuiteSparse:GraphBLAS, the challenge's reference method
//     (Y = Y*W, bias on the structural nonzeros, keep > 0, clamp at 32;
//     sparse activations);
//   - csr: the standard layer-by-layer CSR kernel on dense feature-major
//     activations (one axpy over the batch per connection), one thread
//     (left out with SFFNN_NO_CSR set);
//   - the kernels named on the command line, through sffnn_run.
// The environment:
//   - SFFNN_REPEAT: rounds, the median is printed (default 3);
//   - SFFNN_CPU_CLOCK (one thread): each run is also timed by the calling
//     thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which a loaded machine
//     does not inflate by the time spent waiting; two more columns;
//   - SFFNN_CHECK_INPUT (.mtx) and SFFNN_CHECK_IDS (ids, or "-"): a second
//     batch, run once by every peer after the timing, whose categories are
//     checked the same way (one more column): a batch where samples
//     survive, when none of the timed batch's do.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/Readers.h"
#include "sffnn/Target/Importers.h"
#include "sffnn_runtime.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <time.h>
#include <vector>

#include "CheckGraphBLAS.h"

using namespace sffnn;

namespace {

const std::vector<int64_t> kGolden = {287,  295,  386,  427,  428,  529,  571,
                                      666,  757,  943,  945,  1031, 1097, 1098,
                                      1177, 1184, 1190, 1194, 1200};

double wallSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// The calling thread's CPU time: with one thread every peer runs in it.
double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  size_t n = t.size();
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/// A peer: build what the inference needs (weights once, the input of a
/// batch before every run, both materialized), run the layers, read the
/// categories.
class Peer {
public:
  virtual ~Peer() = default;
  /// The batch the next runs read (it outlives them).
  virtual void setBatch(const DenseBatch &batch) = 0;
  virtual void prepareInput() = 0;
  virtual void infer() = 0;
  virtual std::vector<int64_t> categories() = 0;
};

/// The ids (1-based) of the samples with a nonzero output, row-major
/// outputs.
std::vector<int64_t> liveRows(const std::vector<float> &out, int64_t samples,
                              int64_t width) {
  std::vector<int64_t> result;
  for (int64_t s = 0; s < samples; ++s)
    if (std::any_of(out.begin() + s * width, out.begin() + (s + 1) * width,
                    [](float v) { return v != 0.0f; }))
      result.push_back(s + 1);
  return result;
}

/// The challenge's reference method on sparse activations.
class GraphBlasPeer : public Peer {
public:
  explicit GraphBlasPeer(const LayeredNetwork &net) : net(net) {
    for (const Layer &layer : net.layers) {
      const CsrMatrix &w = layer.weights; // row j: in-edges of neuron j
      std::vector<GrB_Index> rows, cols;
      for (int64_t j = 0; j < w.rows; ++j)
        for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
          rows.push_back(w.indices[e]); // W(i, j): from i to j
          cols.push_back(j);
        }
      GrB_Matrix m;
      CHECK_GRB(GrB_Matrix_new(&m, GrB_FP32, w.cols, w.rows));
      CHECK_GRB(GrB_Matrix_build_FP32(m, rows.data(), cols.data(),
                                      w.values.data(), rows.size(),
                                      GrB_PLUS_FP32));
      // Nonblocking mode may defer the build into the first use.
      CHECK_GRB(GrB_Matrix_wait(m, GrB_MATERIALIZE));
      weights.push_back(m);
    }
  }
  ~GraphBlasPeer() override {
    for (GrB_Matrix m : weights)
      GrB_Matrix_free(&m);
    GrB_Matrix_free(&input);
    GrB_Matrix_free(&y);
    GrB_Matrix_free(&z);
  }
  void setBatch(const DenseBatch &images) override {
    GrB_Matrix_free(&input);
    std::vector<GrB_Index> ri, ci;
    std::vector<float> vals;
    for (int64_t s = 0; s < images.samples; ++s)
      for (int64_t f = 0; f < images.features; ++f)
        if (float v = images.row(s)[f]; v != 0) {
          ri.push_back(s);
          ci.push_back(f);
          vals.push_back(v);
        }
    CHECK_GRB(GrB_Matrix_new(&input, GrB_FP32, images.samples, net.inputs));
    CHECK_GRB(GrB_Matrix_build_FP32(input, ri.data(), ci.data(), vals.data(),
                                    ri.size(), GrB_PLUS_FP32));
    CHECK_GRB(GrB_Matrix_wait(input, GrB_MATERIALIZE));
  }
  /// The input (samples x width; the challenge's layers are square) and the
  /// product's matrix, as the untimed version of the reference method.
  void prepareInput() override {
    GrB_Matrix_free(&y);
    GrB_Matrix_free(&z);
    GrB_Index samples, width;
    CHECK_GRB(GrB_Matrix_nrows(&samples, input));
    CHECK_GRB(GrB_Matrix_ncols(&width, input));
    CHECK_GRB(GrB_Matrix_dup(&y, input));
    CHECK_GRB(GrB_Matrix_new(&z, GrB_FP32, samples, width));
    CHECK_GRB(GrB_Matrix_wait(y, GrB_MATERIALIZE));
  }
  void infer() override {
    for (size_t l = 0; l < weights.size(); ++l) {
      float bias = net.layers[l].bias.empty() ? 0.0f : net.layers[l].bias[0];
      CHECK_GRB(GrB_mxm(z, NULL, NULL, GrB_PLUS_TIMES_SEMIRING_FP32, y,
                        weights[l], NULL));
      CHECK_GRB(GrB_Matrix_apply_BinaryOp2nd_FP32(z, NULL, NULL, GrB_PLUS_FP32,
                                                  z, bias, NULL));
      CHECK_GRB(GrB_Matrix_select_FP32(y, NULL, NULL, GrB_VALUEGT_FP32, z, 0.0f,
                                       GrB_DESC_R));
      CHECK_GRB(GrB_Matrix_apply_BinaryOp2nd_FP32(y, NULL, NULL, GrB_MIN_FP32,
                                                  y, 32.0f, NULL));
    }
    // The result is complete inside the clock.
    CHECK_GRB(GrB_Matrix_wait(y, GrB_MATERIALIZE));
  }
  std::vector<int64_t> categories() override {
    GrB_Index samples;
    CHECK_GRB(GrB_Matrix_nrows(&samples, y));
    GrB_Vector alive;
    CHECK_GRB(GrB_Vector_new(&alive, GrB_FP32, samples));
    CHECK_GRB(GrB_Matrix_reduce_Monoid(alive, NULL, NULL, GrB_PLUS_MONOID_FP32,
                                       y, NULL));
    GrB_Index count;
    CHECK_GRB(GrB_Vector_nvals(&count, alive));
    std::vector<GrB_Index> ids(count);
    std::vector<float> sums(count);
    CHECK_GRB(
        GrB_Vector_extractTuples_FP32(ids.data(), sums.data(), &count, alive));
    GrB_Vector_free(&alive);
    std::vector<int64_t> result;
    for (GrB_Index i = 0; i < count; ++i)
      result.push_back(int64_t(ids[i]) + 1);
    return result;
  }

private:
  const LayeredNetwork &net;
  std::vector<GrB_Matrix> weights;
  GrB_Matrix input = nullptr, y = nullptr, z = nullptr;
};

/// The standard CSR kernel on dense feature-major activations.
class CsrPeer : public Peer {
public:
  explicit CsrPeer(const LayeredNetwork &net) : net(net) {}
  void setBatch(const DenseBatch &batch) override { images = &batch; }
  void prepareInput() override {
    const int64_t n = net.inputs, batch = images->samples;
    x.assign(n * batch, 0.0f);
    y.assign(n * batch, 0.0f);
    for (int64_t s = 0; s < batch; ++s)
      for (int64_t f = 0; f < n; ++f)
        x[f * batch + s] = images->row(s)[f];
  }
  void infer() override {
    const int64_t batch = images->samples;
    for (const Layer &layer : net.layers) {
      const CsrMatrix &w = layer.weights;
      float bias = layer.bias.empty() ? 0.0f : layer.bias[0];
      for (int64_t j = 0; j < w.rows; ++j) {
        float *out = y.data() + j * batch;
        std::fill(out, out + batch, bias);
        for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
          const float *in = x.data() + int64_t(w.indices[e]) * batch;
          float v = w.values[e];
          for (int64_t b = 0; b < batch; ++b)
            out[b] += v * in[b];
        }
        for (int64_t b = 0; b < batch; ++b)
          out[b] = std::min(std::max(out[b], 0.0f), 32.0f);
      }
      std::swap(x, y);
    }
  }
  std::vector<int64_t> categories() override {
    const int64_t n = net.outputs(), batch = images->samples;
    std::vector<int64_t> result;
    for (int64_t s = 0; s < batch; ++s)
      for (int64_t f = 0; f < n; ++f)
        if (x[f * batch + s] != 0) {
          result.push_back(s + 1);
          break;
        }
    return result;
  }

private:
  const LayeredNetwork &net;
  const DenseBatch *images = nullptr;
  std::vector<float> x, y;
};

/// Our compiled kernel (sparse-ffnn-translate --compile-to shared), run
/// through sffnn_run on the row-major batch as sparse-ffnn-run runs it.
class KernelPeer : public Peer {
public:
  KernelPeer(const LayeredNetwork &net, sffnn_kernel_fn kernel, int threads)
      : net(net), kernel(kernel), threads(threads) {}
  void setBatch(const DenseBatch &batch) override { images = &batch; }
  void prepareInput() override {
    out.assign(images->samples * net.outputs(), 0.0f);
  }
  void infer() override {
    // The tile only splits the batch between threads; 16 is every form's
    // multiple.
    if (sffnn_run(kernel, images->data.data(), images->features, out.data(),
                  net.outputs(), images->samples, /*tile=*/16, threads) != 0) {
      llvm::errs() << "challenge-peers: sffnn_run rejected its arguments\n";
      std::exit(1);
    }
  }
  std::vector<int64_t> categories() override {
    return liveRows(out, images->samples, net.outputs());
  }

private:
  const LayeredNetwork &net;
  sffnn_kernel_fn kernel;
  int threads;
  const DenseBatch *images = nullptr;
  std::vector<float> out;
};

/// Whitespace-separated sample ids (sparse-ffnn-run --categories).
std::optional<std::vector<int64_t>> readIds(const char *path) {
  std::ifstream in(path);
  if (!in)
    return std::nullopt;
  std::vector<int64_t> ids;
  for (int64_t id; in >> id;)
    ids.push_back(id);
  return ids;
}

/// LABEL=KERNEL.so:SYMBOL, loaded; the library stays loaded to the end.
std::optional<std::pair<std::string, sffnn_kernel_fn>>
loadKernel(const std::string &arg) {
  size_t eq = arg.find('='), colon = arg.rfind(':');
  if (eq == std::string::npos || colon == std::string::npos || colon < eq) {
    llvm::errs() << "challenge-peers: expected LABEL=KERNEL.so:SYMBOL, got '"
                 << arg << "'\n";
    return std::nullopt;
  }
  std::string path = arg.substr(eq + 1, colon - eq - 1);
  std::string symbol = arg.substr(colon + 1);
  void *lib = dlopen(path.c_str(), RTLD_NOW);
  auto kernel = lib ? reinterpret_cast<sffnn_kernel_fn>(
                          dlsym(lib, symbol.c_str()))
                    : nullptr;
  if (!kernel) {
    llvm::errs() << "challenge-peers: cannot load '" << symbol << "' from "
                 << path << ": " << (lib ? "no such symbol" : dlerror())
                 << "\n";
    return std::nullopt;
  }
  return std::make_pair(arg.substr(0, eq), kernel);
}

/// Reads a batch or exits with the reason.
DenseBatch readBatch(const std::string &path, int64_t features) {
  auto batch = readSamples(path, SampleFormat::MatrixMarket, features);
  if (!batch) {
    llvm::errs() << "cannot read " << path << ": "
                 << llvm::toString(batch.takeError()) << "\n";
    std::exit(1);
  }
  return std::move(*batch);
}

/// The reference ids of EXPECTED ("-": none, GraphBLAS's are).
std::optional<std::vector<int64_t>> expectedIds(const char *path) {
  if (std::string(path) == "-")
    return std::vector<int64_t>{};
  auto ids = readIds(path);
  if (!ids) {
    llvm::errs() << "cannot read " << path << "\n";
    std::exit(1);
  }
  return ids;
}

const char *verdict(const std::vector<int64_t> &got,
                    const std::optional<std::vector<int64_t>> &expected,
                    const char *pass) {
  if (!expected)
    return "n/a";
  return got == *expected ? pass : "WRONG";
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3 && argc < 6) {
    llvm::errs() << "usage: challenge-peers LAYERS THREADS [NETDIR INPUT.mtx "
                    "EXPECTED_IDS|- [LABEL=KERNEL.so:SYMBOL ...]]\n";
    return 2;
  }
  int64_t layers = std::atoll(argv[1]);
  int threads = std::atoi(argv[2]);
  const char *data = std::getenv("SFFNN_DATA_DIR");
  std::string root = std::string(data ? data : "../shared/data") + "/sdnn";
  GraphChallengeOptions options;
  options.dir = argc >= 6 ? argv[3] : root + "/n1024";
  options.layers = layers;
  std::string inputPath =
      argc >= 6 ? argv[4] : root + "/lagraph/sparse-images-1024_subset.mtx";
  auto net = importGraphChallenge(options);
  if (!net) {
    llvm::errs() << "cannot read the network: "
                 << llvm::toString(net.takeError()) << "\n";
    return 1;
  }
  DenseBatch images = readBatch(inputPath, net->inputs);
  // An empty list: GraphBLAS's own categories are the reference.
  std::optional<std::vector<int64_t>> expected;
  if (argc >= 6)
    expected = expectedIds(argv[5]);
  else if (layers == 30 || layers == 120)
    expected = kGolden;
  const char *pass = argc >= 6 ? "ok" : "golden";
  bool byGraphBlas = argc >= 6 && std::string(argv[5]) == "-";

  std::optional<DenseBatch> checkBatch;
  std::optional<std::vector<int64_t>> checkExpected;
  bool checkByGraphBlas = false;
  if (const char *path = std::getenv("SFFNN_CHECK_INPUT")) {
    const char *ids = std::getenv("SFFNN_CHECK_IDS");
    checkBatch = readBatch(path, net->inputs);
    checkExpected = expectedIds(ids ? ids : "-");
    checkByGraphBlas = !ids || std::string(ids) == "-";
  }
  int repeat = std::max(1, std::atoi(std::getenv("SFFNN_REPEAT")
                                         ? std::getenv("SFFNN_REPEAT")
                                         : "3"));
  bool cpuClock = std::getenv("SFFNN_CPU_CLOCK") && threads == 1;

  GrB_init(GrB_NONBLOCKING);
  GxB_Global_Option_set(GxB_GLOBAL_NTHREADS, threads);
  double edges = double(net->connections()) * double(images.samples);
  {
    // GraphBLAS first: with "-" its categories are the others' reference.
    std::vector<std::pair<std::string, std::unique_ptr<Peer>>> peers;
    peers.emplace_back("graphblas", std::make_unique<GraphBlasPeer>(*net));
    if (!std::getenv("SFFNN_NO_CSR"))
      peers.emplace_back("csr (1 thread)", std::make_unique<CsrPeer>(*net));
    for (int a = 6; a < argc; ++a) {
      auto kernel = loadKernel(argv[a]);
      if (!kernel)
        return 1;
      peers.emplace_back(kernel->first, std::make_unique<KernelPeer>(
                                            *net, kernel->second, threads));
    }
    std::vector<std::vector<double>> wall(peers.size()), cpu(peers.size());
    for (auto &peer : peers)
      peer.second->setBatch(images);
    for (int r = 0; r < repeat; ++r)
      for (size_t p = 0; p < peers.size(); ++p) {
        Peer &peer = *peers[p].second;
        peer.prepareInput();
        double w0 = wallSeconds(), c0 = threadSeconds();
        peer.infer();
        double c1 = threadSeconds(), w1 = wallSeconds();
        wall[p].push_back(w1 - w0);
        cpu[p].push_back(c1 - c0);
      }
    std::vector<std::string> checks(peers.size());
    for (size_t p = 0; p < peers.size(); ++p) {
      std::vector<int64_t> ids = peers[p].second->categories();
      if (p == 0 && byGraphBlas)
        expected = ids;
      checks[p] = p == 0 && byGraphBlas ? "reference"
                                        : verdict(ids, expected, pass);
    }
    std::vector<std::string> liveChecks(peers.size());
    if (checkBatch) {
      for (size_t p = 0; p < peers.size(); ++p) {
        Peer &peer = *peers[p].second;
        peer.setBatch(*checkBatch);
        peer.prepareInput();
        peer.infer();
        std::vector<int64_t> ids = peer.categories();
        if (p == 0 && checkByGraphBlas)
          checkExpected = ids;
        liveChecks[p] = p == 0 && checkByGraphBlas
                            ? "reference"
                            : verdict(ids, checkExpected, "ok");
      }
    }
    for (size_t p = 0; p < peers.size(); ++p) {
      double seconds = median(wall[p]);
      llvm::outs() << llvm::format("| %s | %lld | %d | %.4f | %.3g | %s |",
                                   peers[p].first.c_str(), (long long)layers,
                                   threads, seconds, edges / seconds,
                                   checks[p].c_str());
      if (cpuClock) {
        double c = median(cpu[p]);
        llvm::outs() << llvm::format(" %.4f | %.3g |", c, edges / c);
      }
      if (checkBatch)
        llvm::outs() << " " << liveChecks[p] << " |";
      llvm::outs() << "\n";
    }
  }
  GrB_finalize();
  return 0;
}
