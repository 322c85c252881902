//===- RooflineValidation.cpp - predicted versus measured layer times -----===//
//
//   roofline-validation MACHINE.json BATCH
//
// For every layer of the first 8 Graph Challenge layers and of a pruned
// MLP 784-1024-1024-10 at 95% sparsity: the roofline's predicted time and
// the measured time (median of 5) of OpenBLAS sgemm on the dense weights
// and of a plain CSR kernel, on one thread. Prints per-layer rows and, per
// format, the median efficiency (predicted / measured): the factor that
// turns the ideal roofline into an expected time.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Model/Generators.h"
#include "sffnn/Roofline/Roofline.h"
#include "sffnn/Target/Importers.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>

extern "C" {
#include <cblas.h>
void openblas_set_num_threads(int);
}

using namespace sffnn;
using namespace sffnn::roofline;

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Median of 5 timings of `run`, each repeated to last at least 20 ms.
template <typename F> double time(F run) {
  run();
  int repeats = 1;
  while (true) {
    double start = now();
    for (int r = 0; r < repeats; ++r)
      run();
    if (now() - start > 0.02)
      break;
    repeats *= 2;
  }
  std::vector<double> samples;
  for (int k = 0; k < 5; ++k) {
    double start = now();
    for (int r = 0; r < repeats; ++r)
      run();
    samples.push_back((now() - start) / repeats);
  }
  std::sort(samples.begin(), samples.end());
  return samples[2];
}

/// The standard layer-by-layer CSR kernel: feature-major activations
/// (x[k * N + n]), one axpy over the batch per connection.
void csrLayer(const CsrMatrix &w, const float *x, float *y, int64_t n) {
  for (int64_t j = 0; j < w.rows; ++j) {
    float *out = y + j * n;
    std::fill(out, out + n, 0.0f);
    for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e) {
      const float *in = x + int64_t(w.indices[e]) * n;
      float v = w.values[e];
      for (int64_t b = 0; b < n; ++b)
        out[b] += v * in[b];
    }
  }
}

struct Row {
  std::string network, format;
  int layer;
  double predicted, measured;
};

void validate(const std::string &name, const LayeredNetwork &net,
              const MachineModel &machine, int64_t batch,
              std::vector<Row> &rows) {
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const CsrMatrix &w = net.layers[l].weights;
    LayerShape shape = shapeOf(w, batch);
    std::vector<float> dense(w.rows * w.cols, 0.0f);
    for (int64_t j = 0; j < w.rows; ++j)
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e)
        dense[j * w.cols + w.indices[e]] = w.values[e];
    std::vector<float> x(w.cols * batch, 1.0f), y(w.rows * batch);
    double gemm = time([&] {
      // Y (R x N) = W (R x C) * X (C x N), row-major.
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(w.rows),
                  int(batch), int(w.cols), 1.0f, dense.data(), int(w.cols),
                  x.data(), int(batch), 0.0f, y.data(), int(batch));
    });
    double csr = time([&] { csrLayer(w, x.data(), y.data(), batch); });
    rows.push_back({name, "dense (OpenBLAS)", int(l + 1),
                    denseCost(shape, machine).seconds, gemm});
    rows.push_back({name, "csr (plain C++)", int(l + 1),
                    csrCost(shape, machine).seconds, csr});
  }
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: roofline-validation MACHINE.json BATCH\n";
    return 2;
  }
  auto machine = readMachineModel(argv[1]);
  if (!machine) {
    llvm::errs() << llvm::toString(machine.takeError()) << "\n";
    return 1;
  }
  int64_t batch = std::atoll(argv[2]);
  openblas_set_num_threads(1); // the model is per core
  const char *data = std::getenv("SFFNN_DATA_DIR");
  GraphChallengeOptions gc;
  gc.dir = std::string(data ? data : "../shared/data") + "/sdnn/n1024";
  gc.layers = 8;
  auto challenge = importGraphChallenge(gc);
  LayeredOptions mlp;
  mlp.widths = {784, 1024, 1024, 10};
  mlp.density = 0.05;
  auto pruned = generateLayered(mlp);
  if (!challenge || !pruned) {
    llvm::errs() << "cannot build the networks\n";
    return 1;
  }
  std::vector<Row> rows;
  validate("graph challenge", *challenge, *machine, batch, rows);
  validate("pruned mlp", *pruned, *machine, batch, rows);

  llvm::outs() << "| network | layer | format | predicted s | measured s | "
                  "efficiency (pred/meas) |\n| --- | --- | --- | --- | --- | "
                  "--- |\n";
  std::map<std::string, std::vector<double>> efficiency;
  for (const Row &r : rows) {
    double e = r.predicted / r.measured;
    efficiency[r.network + ", " + r.format].push_back(e);
    llvm::outs() << llvm::format("| %s | %d | %s | %.3g | %.3g | %.3f |\n",
                                 r.network.c_str(), r.layer, r.format.c_str(),
                                 r.predicted, r.measured, e);
  }
  llvm::outs() << "\n| network, format | median efficiency | largest error "
                  "of efficiency-scaled prediction |\n| --- | --- | --- |\n";
  std::map<std::string, std::vector<double>> byFormat;
  for (auto &[key, values] : efficiency) {
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted[sorted.size() / 2], worst = 0;
    for (double e : values)
      worst = std::max(worst, std::abs(e / median - 1));
    llvm::outs() << llvm::format("| %s | %.3f | %.0f%% |\n", key.c_str(),
                                 median, 100 * worst);
    std::string format = key.substr(key.find(", ") + 2);
    format = format.substr(0, format.find(' '));
    byFormat[format].insert(byFormat[format].end(), values.begin(),
                            values.end());
  }
  // The factors in the form sffnn-roofline takes (medians over all layers).
  llvm::outs() << "\nsffnn-roofline option: efficiency=";
  bool first = true;
  for (auto &[format, values] : byFormat) {
    std::sort(values.begin(), values.end());
    llvm::outs() << (first ? "" : ",") << format << "="
                 << llvm::format("%.3g", values[values.size() / 2]);
    first = false;
  }
  llvm::outs() << "\n";
  return 0;
}
