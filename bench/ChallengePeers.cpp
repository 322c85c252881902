//===- ChallengePeers.cpp - Graph Challenge inference with the peers ------===//
//
//   challenge-peers LAYERS THREADS
//
// Runs the first LAYERS layers of the real 1024-neuron Graph Challenge
// network on the 1200-image subset with each peer, checks each against the
// golden categories (after 30 or 120 layers), and prints the median time
// of 3 runs and connection-samples per second. With NETDIR (TSV layers, as
// --export-graph-challenge writes them), INPUT and EXPECTED_IDS (a file of
// sample ids, sparse-ffnn-run --categories) it runs that network instead and
// checks against those ids. Every peer's clock starts after its weights and
// its input are built and materialized (GrB_Matrix_wait) and stops when the
// last layer is complete; reading the categories is not timed:
//   - graphblas: SuiteSparse:GraphBLAS, the challenge's reference method
//     (Y = Y*W, bias on the structural nonzeros, keep > 0, clamp at 32;
//     sparse activations);
//   - csr: the standard layer-by-layer CSR kernel on dense feature-major
//     activations (one axpy over the batch per connection), one thread.
// The compiled kernels of the code-generation issue join this table.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/Readers.h"
#include "sffnn/Target/Importers.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "CheckGraphBLAS.h"

using namespace sffnn;

namespace {

const std::vector<int64_t> kGolden = {287,  295,  386,  427,  428,  529,  571,
                                      666,  757,  943,  945,  1031, 1097, 1098,
                                      1177, 1184, 1190, 1194, 1200};

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// The median of 3 runs of `run`, each after a fresh `prepare` (outside the
/// clock): the timed region holds the inference only, for every peer.
template <typename P, typename F> double median3(P prepare, F run) {
  std::vector<double> t;
  for (int k = 0; k < 3; ++k) {
    prepare();
    double start = now();
    run();
    t.push_back(now() - start);
  }
  std::sort(t.begin(), t.end());
  return t[1];
}

/// A peer: build what the inference needs (weights once, the input before
/// every run, both materialized), run the layers, read the categories.
class Peer {
public:
  virtual ~Peer() = default;
  virtual void prepareInput() = 0;
  virtual void infer() = 0;
  virtual std::vector<int64_t> categories() = 0;
};

/// The challenge's reference method on sparse activations.
class GraphBlasPeer : public Peer {
public:
  GraphBlasPeer(const LayeredNetwork &net, const DenseBatch &images)
      : net(net) {
    const GrB_Index n = net.inputs, samples = images.samples;
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
    std::vector<GrB_Index> ri, ci;
    std::vector<float> vals;
    for (int64_t s = 0; s < images.samples; ++s)
      for (int64_t f = 0; f < images.features; ++f)
        if (float v = images.row(s)[f]; v != 0) {
          ri.push_back(s);
          ci.push_back(f);
          vals.push_back(v);
        }
    CHECK_GRB(GrB_Matrix_new(&input, GrB_FP32, samples, n));
    CHECK_GRB(GrB_Matrix_build_FP32(input, ri.data(), ci.data(), vals.data(),
                                    ri.size(), GrB_PLUS_FP32));
    CHECK_GRB(GrB_Matrix_wait(input, GrB_MATERIALIZE));
  }
  ~GraphBlasPeer() override {
    for (GrB_Matrix m : weights)
      GrB_Matrix_free(&m);
    GrB_Matrix_free(&input);
    GrB_Matrix_free(&y);
    GrB_Matrix_free(&z);
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
  CsrPeer(const LayeredNetwork &net, const DenseBatch &images)
      : net(net), images(images) {}
  void prepareInput() override {
    const int64_t n = net.inputs, batch = images.samples;
    x.assign(n * batch, 0.0f);
    y.assign(n * batch, 0.0f);
    for (int64_t s = 0; s < batch; ++s)
      for (int64_t f = 0; f < n; ++f)
        x[f * batch + s] = images.row(s)[f];
  }
  void infer() override {
    const int64_t batch = images.samples;
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
    const int64_t n = net.outputs(), batch = images.samples;
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
  const DenseBatch &images;
  std::vector<float> x, y;
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

} // namespace

int main(int argc, char **argv) {
  if (argc != 3 && argc != 6) {
    llvm::errs() << "usage: challenge-peers LAYERS THREADS [NETDIR INPUT.mtx "
                    "EXPECTED_IDS]\n";
    return 2;
  }
  int64_t layers = std::atoll(argv[1]);
  int threads = std::atoi(argv[2]);
  const char *data = std::getenv("SFFNN_DATA_DIR");
  std::string root = std::string(data ? data : "../shared/data") + "/sdnn";
  GraphChallengeOptions options;
  options.dir = argc == 6 ? argv[3] : root + "/n1024";
  options.layers = layers;
  std::string inputPath =
      argc == 6 ? argv[4] : root + "/lagraph/sparse-images-1024_subset.mtx";
  auto net = importGraphChallenge(options);
  if (!net) {
    llvm::errs() << "cannot read the network: "
                 << llvm::toString(net.takeError()) << "\n";
    return 1;
  }
  auto images = readSamples(inputPath, SampleFormat::MatrixMarket, net->inputs);
  if (!images) {
    llvm::errs() << "cannot read the input: "
                 << llvm::toString(images.takeError()) << "\n";
    return 1;
  }
  std::optional<std::vector<int64_t>> expected;
  if (argc == 6) {
    expected = readIds(argv[5]);
    if (!expected) {
      llvm::errs() << "cannot read " << argv[5] << "\n";
      return 1;
    }
  } else if (layers == 30 || layers == 120) {
    expected = kGolden;
  }
  GrB_init(GrB_NONBLOCKING);
  GxB_Global_Option_set(GxB_GLOBAL_NTHREADS, threads);
  double edges = double(net->connections()) * double(images->samples);
  {
    GraphBlasPeer graphblas(*net, *images);
    CsrPeer csr(*net, *images);
    for (auto [name, peer] :
         {std::pair<const char *, Peer *>{"graphblas", &graphblas},
          {"csr (1 thread)", &csr}}) {
      Peer *p = peer; // a structured binding cannot be captured in C++17
      double seconds = median3([&] { p->prepareInput(); }, [&] { p->infer(); });
      const char *check = !expected                      ? "n/a"
                          : p->categories() == *expected ? "golden"
                                                         : "WRONG";
      llvm::outs() << llvm::format("| %s | %lld | %d | %.4f | %.3g | %s |\n",
                                   name, (long long)layers, threads, seconds,
                                   edges / seconds, check);
    }
  }
  GrB_finalize();
  return 0;
}
