//===- WorkloadPeers.cpp - our kernel and the peers on one workload -------===//
//
//   workload-peers NET.mlir KERNEL.so BATCH THREADS [REPEAT]
//
// Loads a layered network (any DAG of layers), a random batch (uniform in
// [0, 1), fixed seed; or the samples of the file SFFNN_INPUT names, whose
// count then replaces BATCH), and times in one process, median of REPEAT
// runs:
//   - ours: the compiled kernel KERNEL.so (sparse-ffnn-translate
//     --compile-to shared), through sffnn_run with THREADS threads;
//   - csr: the standard layer-by-layer CSR kernel on dense feature-major
//     activations (one axpy over the batch per connection), one thread;
//   - openblas: every layer as a dense sgemm (sgemv for one sample; zeros
//     included), THREADS threads;
//   - graphblas: SuiteSparse:GraphBLAS, Y = [X 1] * [W; b] per layer with
//     dense activations, THREADS threads (relu and identity layers only).
// With SFFNN_CPU_CLOCK set and one thread, the times are the thread's CPU
// time (medians of groups of calls of at least 50 us).
// With SFFNN_OURS_ONLY set, prints our row only.
// With SFFNN_DUMP_DIR set, also writes the network, the batch and our
// outputs there as .npy files for bench/workload_torch.py (PyTorch).
// Every peer's output is compared with ours (max |diff| / (|bias| + sum
// |w*x|) bound, as in docs/Testing.md) and the row says "ok" or "DIFFERS".
// Prints one markdown row per peer: seconds, connection-samples/s, GFLOP/s
// (2 per connection-sample) and the peer's time over ours.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/Readers.h"
#include "sffnn/Model/LayeredNetwork.h"
#include "sffnn/Target/NetworkBuilder.h"
#include "sffnn_runtime.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <dlfcn.h>
#include <random>
#include <string>
#include <time.h>
#include <vector>

#include "CheckGraphBLAS.h"

extern "C" {
#include <cblas.h>
void openblas_set_num_threads(int);
}

using namespace sffnn;

namespace {

using Clock = std::chrono::steady_clock;

/// With SFFNN_CPU_CLOCK set (one thread only: every peer then runs in the
/// calling thread), time the calling thread's CPU time instead of wall
/// time, which a loaded machine inflates: a sample is a group of calls
/// lasting at least 50 us, so the clock's own cost (a system call) stays
/// small against kernels of a few microseconds.
bool cpuClock = false;

double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

template <typename F> double median(int repeat, F run) {
  std::vector<double> t;
  if (cpuClock) {
    // Size the groups on a warm call: the first call pays page faults and
    // cold caches (10-60 us for a 2 us kernel), which gave groups of 1-5
    // calls that differed between processes, and each group also counts
    // about one clock read (0.5 us of a system call here), so the per-call
    // time differed by up to 0.5 us between processes (docs/Performance.md,
    // "Small batches").
    run();
    double start = threadSeconds();
    run();
    double once = threadSeconds() - start;
    int group = once >= 50e-6 ? 1 : int(50e-6 / std::max(once, 1e-8)) + 1;
    for (int k = 0; k < repeat; ++k) {
      start = threadSeconds();
      for (int c = 0; c < group; ++c)
        run();
      t.push_back((threadSeconds() - start) / group);
    }
  } else {
    for (int k = 0; k < repeat; ++k) {
      auto start = Clock::now();
      run();
      t.push_back(
          std::chrono::duration<double>(Clock::now() - start).count());
    }
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/// Row-major batch x width activations of every layer source.
struct Activations {
  std::vector<std::vector<float>> values; // index: source id + 1
  const std::vector<float> &of(int source) const { return values[source + 1]; }
};

/// The concatenated sources of a layer, row-major batch x width.
std::vector<float> concatSources(const LayeredNetwork &net, const Layer &layer,
                                 const Activations &acts, int64_t batch) {
  int64_t width = 0;
  for (int s : layer.sources)
    width += net.width(s);
  std::vector<float> x(batch * width);
  int64_t offset = 0;
  for (int s : layer.sources) {
    int64_t w = net.width(s);
    const std::vector<float> &src = acts.of(s);
    for (int64_t b = 0; b < batch; ++b)
      std::copy(src.begin() + b * w, src.begin() + (b + 1) * w,
                x.begin() + b * width + offset);
    offset += w;
  }
  return x;
}

/// The standard CSR kernel: feature-major activations, one axpy over the
/// batch per connection.
std::vector<float> csr(const LayeredNetwork &net, const std::vector<float> &in,
                       int64_t batch) {
  // Feature-major copies of every source.
  std::vector<std::vector<float>> fm(net.layers.size() + 1);
  fm[0].resize(in.size());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t f = 0; f < net.inputs; ++f)
      fm[0][f * batch + b] = in[b * net.inputs + f];
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer &layer = net.layers[l];
    std::vector<const float *> columns;
    for (int s : layer.sources)
      for (int64_t f = 0; f < net.width(s); ++f)
        columns.push_back(fm[s + 1].data() + f * batch);
    const CsrMatrix &w = layer.weights;
    std::vector<float> &out = fm[l + 1];
    out.assign(w.rows * batch, 0.0f);
    for (int64_t j = 0; j < w.rows; ++j) {
      float *o = out.data() + j * batch;
      std::fill(o, o + batch, layer.bias.empty() ? 0.0f : layer.bias[j]);
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
        const float *x = columns[w.indices[e]];
        float v = w.values[e];
        for (int64_t b = 0; b < batch; ++b)
          o[b] += v * x[b];
      }
      for (int64_t b = 0; b < batch; ++b)
        o[b] = activate(layer, o[b]);
    }
  }
  const std::vector<float> &last = fm.back();
  int64_t outputs = net.outputs();
  std::vector<float> result(batch * outputs);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t j = 0; j < outputs; ++j)
      result[b * outputs + j] = last[j * batch + b];
  return result;
}

/// Dense sgemm per layer (zeros included).
std::vector<float> dense(const LayeredNetwork &net,
                         const std::vector<std::vector<float>> &denseWeights,
                         const std::vector<float> &in, int64_t batch) {
  Activations acts;
  acts.values.push_back(in);
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer &layer = net.layers[l];
    std::vector<float> x = concatSources(net, layer, acts, batch);
    int64_t width = layer.weights.cols, n = layer.weights.rows;
    std::vector<float> y(batch * n);
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t j = 0; j < n; ++j)
        y[b * n + j] = layer.bias.empty() ? 0.0f : layer.bias[j];
    // y (batch x n) += x (batch x width) * W^T (W: n x width); one sample
    // is a matrix-vector product (sgemv, what a latency user would call).
    if (batch == 1)
      cblas_sgemv(CblasRowMajor, CblasNoTrans, n, width, 1.0f,
                  denseWeights[l].data(), width, x.data(), 1, 1.0f, y.data(),
                  1);
    else
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, n, width,
                  1.0f, x.data(), width, denseWeights[l].data(), width, 1.0f,
                  y.data(), n);
    for (float &v : y)
      v = activate(layer, v);
    acts.values.push_back(std::move(y));
  }
  return acts.values.back();
}


/// GraphBLAS: per layer, Z = [X 1] * [W^T; b] (the bias as an extra input
/// of constant 1), then relu or identity.
struct GraphBlasNet {
  std::vector<GrB_Matrix> weights; // (width + 1) x n
  bool supported = true;

  explicit GraphBlasNet(const LayeredNetwork &net) {
    for (const Layer &layer : net.layers) {
      if (layer.activation != Activation::Relu &&
          layer.activation != Activation::Identity)
        supported = false;
      const CsrMatrix &w = layer.weights;
      std::vector<GrB_Index> rows, cols;
      std::vector<float> vals;
      for (int64_t j = 0; j < w.rows; ++j) {
        for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
          rows.push_back(w.indices[e]);
          cols.push_back(j);
          vals.push_back(w.values[e]);
        }
        if (!layer.bias.empty()) {
          rows.push_back(w.cols);
          cols.push_back(j);
          vals.push_back(layer.bias[j]);
        }
      }
      GrB_Matrix m;
      CHECK_GRB(GrB_Matrix_new(&m, GrB_FP32, w.cols + 1, w.rows));
      CHECK_GRB(GrB_Matrix_build_FP32(m, rows.data(), cols.data(),
                                      vals.data(), rows.size(),
                                      GrB_PLUS_FP32));
      // Built before the clock: nonblocking mode would otherwise finish the
      // build inside the first timed run.
      CHECK_GRB(GrB_Matrix_wait(m, GrB_MATERIALIZE));
      weights.push_back(m);
    }
  }
  ~GraphBlasNet() {
    for (GrB_Matrix &m : weights)
      GrB_Matrix_free(&m);
  }

  std::vector<float> run(const LayeredNetwork &net,
                         const std::vector<float> &in, int64_t batch) {
    Activations acts;
    acts.values.push_back(in);
    for (size_t l = 0; l < net.layers.size(); ++l) {
      const Layer &layer = net.layers[l];
      std::vector<float> x = concatSources(net, layer, acts, batch);
      int64_t width = layer.weights.cols, n = layer.weights.rows;
      // [X 1], row-major, handed to GraphBLAS (which frees it) as a full
      // matrix.
      size_t bytes = sizeof(float) * batch * (width + 1);
      float *xa = static_cast<float *>(std::malloc(bytes));
      for (int64_t b = 0; b < batch; ++b) {
        std::copy(x.begin() + b * width, x.begin() + (b + 1) * width,
                  xa + b * (width + 1));
        xa[b * (width + 1) + width] = 1.0f;
      }
      GrB_Matrix X, Z;
      CHECK_GRB(GrB_Matrix_new(&X, GrB_FP32, batch, width + 1));
      CHECK_GRB(GxB_Matrix_pack_FullR(X, reinterpret_cast<void **>(&xa), bytes,
                                      false, nullptr));
      CHECK_GRB(GrB_Matrix_new(&Z, GrB_FP32, batch, n));
      CHECK_GRB(GrB_mxm(Z, NULL, NULL, GrB_PLUS_TIMES_SEMIRING_FP32, X,
                        weights[l], NULL));
      if (layer.activation == Activation::Relu) {
        CHECK_GRB(GrB_Matrix_apply_BinaryOp2nd_FP32(Z, NULL, NULL, GrB_MAX_FP32,
                                                    Z, 0.0f, NULL));
        if (layer.clamp)
          CHECK_GRB(GrB_Matrix_apply_BinaryOp2nd_FP32(
              Z, NULL, NULL, GrB_MIN_FP32, Z, *layer.clamp, NULL));
      }
      std::vector<float> y(batch * n, 0.0f);
      GrB_Index count = batch * n;
      std::vector<GrB_Index> ri(count), ci(count);
      std::vector<float> vals(count);
      CHECK_GRB(GrB_Matrix_extractTuples_FP32(ri.data(), ci.data(), vals.data(),
                                              &count, Z));
      for (GrB_Index k = 0; k < count; ++k)
        y[ri[k] * n + ci[k]] = vals[k];
      GrB_Matrix_free(&X);
      GrB_Matrix_free(&Z);
      acts.values.push_back(std::move(y));
    }
    return acts.values.back();
  }
};

/// Writes a rank-1 little-endian .npy file (NumPy format 1.0).
template <typename T>
void writeNpy(const std::string &path, const std::vector<T> &data,
              const char *dtype) {
  std::string header = std::string("{'descr': '") + dtype +
                       "', 'fortran_order': False, 'shape': (" +
                       std::to_string(data.size()) + ",), }";
  while ((10 + header.size() + 1) % 16 != 0)
    header += ' ';
  header += '\n';
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    llvm::errs() << "workload-peers: cannot write " << path << "\n";
    std::exit(1);
  }
  std::fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  uint16_t length = static_cast<uint16_t>(header.size());
  std::fwrite(&length, 2, 1, f);
  std::fwrite(header.data(), 1, header.size(), f);
  std::fwrite(data.data(), sizeof(T), data.size(), f);
  std::fclose(f);
}

/// The network, the batch and our outputs as .npy files for
/// bench/workload_torch.py.
void dump(const std::string &dir, const LayeredNetwork &net,
          const std::vector<float> &in, const std::vector<float> &ours,
          int64_t batch) {
  std::string meta = std::to_string(net.inputs) + " " +
                     std::to_string(net.outputs()) + " " +
                     std::to_string(batch) + " " +
                     std::to_string(net.layers.size()) + "\n";
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer &layer = net.layers[l];
    const CsrMatrix &w = layer.weights;
    std::string prefix = dir + "/layer" + std::to_string(l) + "_";
    writeNpy(prefix + "offsets.npy", w.offsets, "<i4");
    writeNpy(prefix + "indices.npy", w.indices, "<i4");
    writeNpy(prefix + "values.npy", w.values, "<f4");
    std::vector<float> bias = layer.bias;
    bias.resize(w.rows, 0.0f);
    writeNpy(prefix + "bias.npy", bias, "<f4");
    meta += std::to_string(w.rows) + " " + std::to_string(w.cols) + " " +
            activationName(layer.activation) + " " +
            (layer.clamp ? std::to_string(*layer.clamp) : "none");
    for (int s : layer.sources)
      meta += " " + std::to_string(s);
    meta += "\n";
  }
  writeNpy(dir + "/input.npy", in, "<f4");
  writeNpy(dir + "/ours.npy", ours, "<f4");
  FILE *f = std::fopen((dir + "/meta.txt").c_str(), "w");
  std::fputs(meta.c_str(), f);
  std::fclose(f);
}

/// Max over outputs of |a - b| / (1e-30 + the magnitude bound of b), a
/// cheap stand-in for sum |w*x|: the largest |value| of the output row.
double difference(const std::vector<float> &a, const std::vector<float> &b,
                  int64_t outputs) {
  double worst = 0;
  for (size_t row = 0; row * outputs < a.size(); ++row) {
    const float *x = a.data() + row * outputs, *y = b.data() + row * outputs;
    double scale = 1e-30;
    for (int64_t j = 0; j < outputs; ++j)
      scale = std::max(scale, double(std::abs(y[j])));
    for (int64_t j = 0; j < outputs; ++j)
      worst = std::max(worst, std::abs(double(x[j]) - double(y[j])) / scale);
  }
  return worst;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    llvm::errs() << "usage: workload-peers NET.mlir KERNEL.so BATCH THREADS "
                    "[REPEAT]\n";
    return 2;
  }
  int64_t batch = std::atoll(argv[3]);
  int threads = std::atoi(argv[4]);
  int repeat = argc > 5 ? std::atoi(argv[5]) : 5;
  cpuClock = getenv("SFFNN_CPU_CLOCK") && threads == 1;

  mlir::MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  llvm::SourceMgr sourceMgr;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], sourceMgr, &context);
  if (!module)
    return 1;
  auto network = mlir::sffnn::findNetwork(*module, "");
  if (mlir::failed(network))
    return 1;
  auto layered = mlir::sffnn::extractLayeredNetwork(*network);
  if (mlir::failed(layered))
    return 1;
  const LayeredNetwork &net = *layered;
  std::string name = network->getSymName().str();

  void *lib = dlopen(argv[2], RTLD_NOW);
  auto kernel =
      lib ? reinterpret_cast<sffnn_kernel_fn>(dlsym(lib, name.c_str()))
          : nullptr;
  if (!kernel) {
    llvm::errs() << "workload-peers: cannot load kernel '" << name
                 << "' from " << argv[2] << "\n";
    return 1;
  }
  int64_t tile = std::atoll(getenv("SFFNN_TILE") ? getenv("SFFNN_TILE")
                                                 : "16");

  std::vector<float> in;
  if (const char *path = getenv("SFFNN_INPUT")) {
    // A real batch (e.g. the Graph Challenge images) instead of random data.
    auto samples = readSamples(path, sampleFormatFromPath(path), net.inputs);
    if (!samples) {
      llvm::errs() << "workload-peers: " << llvm::toString(samples.takeError())
                   << "\n";
      return 1;
    }
    batch = samples->samples;
    in = std::move(samples->data);
  } else {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(0.0f, 1.0f);
    in.resize(batch * net.inputs);
    for (float &v : in)
      v = dist(rng);
  }
  int64_t outputs = net.outputs();
  double connections = double(net.connections());
  double edges = connections * double(batch);

  std::vector<float> ours(batch * outputs);
  double tOurs = median(repeat, [&] {
    sffnn_run(kernel, in.data(), net.inputs, ours.data(), outputs, batch, tile,
              threads);
  });
  auto row = [&](const char *peer, int peerThreads, double seconds,
                 const char *check) {
    llvm::outs() << llvm::format(
        "| %s | %lld | %d | %.3g | %.3g | %.1f | %.2f | %s |\n", peer,
        (long long)batch, peerThreads, seconds, edges / seconds,
        2 * edges / seconds / 1e9, seconds / tOurs, check);
  };
  row("ours", threads, tOurs, "reference");
  // Only our row: a kernel of a transformed network (merged duplicates)
  // timed against the rows of the plain one.
  if (getenv("SFFNN_OURS_ONLY"))
    return 0;
  if (const char *dir = getenv("SFFNN_DUMP_DIR"))
    dump(dir, net, in, ours, batch);

  std::vector<float> out;
  double t = median(repeat, [&] { out = csr(net, in, batch); });
  row("csr", 1, t, difference(out, ours, outputs) < 1e-4 ? "ok" : "DIFFERS");

  openblas_set_num_threads(threads);
  std::vector<std::vector<float>> denseWeights;
  for (const Layer &layer : net.layers) {
    const CsrMatrix &w = layer.weights;
    std::vector<float> d(w.rows * w.cols, 0.0f);
    for (int64_t j = 0; j < w.rows; ++j)
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e)
        d[j * w.cols + w.indices[e]] += w.values[e];
    denseWeights.push_back(std::move(d));
  }
  t = median(repeat, [&] { out = dense(net, denseWeights, in, batch); });
  row("openblas dense", threads, t,
      difference(out, ours, outputs) < 1e-4 ? "ok" : "DIFFERS");

  GrB_init(GrB_NONBLOCKING);
  GxB_Global_Option_set(GxB_GLOBAL_NTHREADS, threads);
  {
    GraphBlasNet gb(net);
    if (gb.supported) {
      t = median(repeat, [&] { out = gb.run(net, in, batch); });
      row("graphblas", threads, t,
          difference(out, ours, outputs) < 1e-4 ? "ok" : "DIFFERS");
    }
  }
  GrB_finalize();
  return 0;
}
