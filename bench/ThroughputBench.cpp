//===- ThroughputBench.cpp - kernels against the FMA peak, 1 and 2 threads ===//
//
//   throughput-bench INPUTS OUTPUTS CONNECTIONS BATCH ROUNDS
//                    LABEL=LIB.so:SYMBOL:TILE...
//
// Times compiled kernels (sparse-ffnn-translate --compile-to shared) of one
// network on a random batch (uniform in [0, 1), fixed seed) next to the
// FMA loop of the roofline calibration, for issue 15's goal: the fraction
// of the FMA peak on one core, and what a second thread adds. A shared
// machine makes wall times noisy, so every round measures, in turn:
//   - the FMA loop on one thread: lanes per second of thread CPU time (the
//     peak of this round) and of wall time;
//   - the FMA loop on two threads at once: its wall-time speedup over one,
//     i.e. what the machine gave a second thread during this round;
//   - each kernel (in an order rotated every round) on one thread, called
//     directly: thread CPU time and wall time;
//   - each kernel through sffnn_run with two threads: wall time and the
//     process's CPU time (both threads).
// Printed per kernel, medians over the rounds of per-round ratios:
//   - lanes/s: connection-samples (one fp32 FMA lane each) per second of
//     thread CPU time on one thread, and its fraction of the round's peak;
//   - 2 threads, wall: one thread's wall time over two threads' (the
//     speedup a user sees); the FMA loop's, for comparison;
//   - 2 threads, CPU: twice one thread's CPU time over the two threads'
//     total (the speedup had each thread had a core to itself: below 2
//     only when the threads slow each other down, e.g. in shared caches);
//   - max |diff| of the outputs against the first kernel's (a sanity check
//     that the variants compute the same thing; test/ checks the values).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Roofline/Calibrate.h"
#include "sffnn/Support/TargetInfo.h"
#include "sffnn_runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dlfcn.h>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

double clockSeconds(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}
double wallNow() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Kernel {
  std::string label;
  sffnn_kernel_fn fn = nullptr;
  int64_t tile = 0;
  std::vector<float> out;
  // Per round.
  std::vector<double> fraction, lanesPerSecond, wall2Speedup, cpu2Speedup;
};

bool parseKernel(const char *spec, Kernel &k) {
  std::string s(spec);
  size_t eq = s.find('='), c1 = s.find(':', eq + 1),
         c2 = s.find(':', c1 == std::string::npos ? s.size() : c1 + 1);
  if (eq == std::string::npos || c1 == std::string::npos ||
      c2 == std::string::npos) {
    std::fprintf(stderr,
                 "throughput-bench: '%s' is not LABEL=LIB:SYMBOL:TILE\n", spec);
    return false;
  }
  k.label = s.substr(0, eq);
  std::string lib = s.substr(eq + 1, c1 - eq - 1);
  std::string symbol = s.substr(c1 + 1, c2 - c1 - 1);
  k.tile = std::atoll(s.c_str() + c2 + 1);
  void *handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::fprintf(stderr, "throughput-bench: %s\n", dlerror());
    return false;
  }
  k.fn = reinterpret_cast<sffnn_kernel_fn>(dlsym(handle, symbol.c_str()));
  if (!k.fn || k.tile < 1) {
    std::fprintf(stderr,
                 "throughput-bench: no kernel '%s' in %s, or bad tile\n",
                 symbol.c_str(), lib.c_str());
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: throughput-bench INPUTS OUTPUTS CONNECTIONS "
                         "BATCH ROUNDS LABEL=LIB.so:SYMBOL:TILE...\n");
    return 2;
  }
  int64_t inputs = std::atoll(argv[1]), outputs = std::atoll(argv[2]);
  double connections = std::atof(argv[3]);
  int64_t batch = std::atoll(argv[4]);
  int rounds = std::atoi(argv[5]);
  if (inputs < 1 || outputs < 1 || connections <= 0 || batch < 1 ||
      rounds < 1) {
    std::fprintf(stderr,
                 "throughput-bench: sizes and rounds must be positive\n");
    return 2;
  }
  std::vector<Kernel> kernels(argc - 6);
  for (int i = 6; i < argc; ++i)
    if (!parseKernel(argv[i], kernels[i - 6]))
      return 1;
  llvm::Expected<sffnn::TargetInfo> host = sffnn::describeHost();
  if (!host) {
    std::fprintf(stderr, "throughput-bench: %s\n",
                 llvm::toString(host.takeError()).c_str());
    return 1;
  }
  bool avx512 = host->simdLanes >= 16;

  std::vector<float> in(batch * inputs);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float &v : in)
    v = dist(rng);
  for (Kernel &k : kernels) {
    k.out.assign(batch * outputs, 0.0f);
    k.fn(in.data(), k.out.data(), batch); // warm-up: pages, caches
  }

  // The FMA loop runs about as long as one kernel call (at least 10 ms).
  const double lanes = connections * double(batch);
  int64_t iterations = 1 << 16;
  while (true) {
    double start = clockSeconds(CLOCK_THREAD_CPUTIME_ID);
    sffnn::roofline::runFmaLoop(avx512, iterations);
    if (clockSeconds(CLOCK_THREAD_CPUTIME_ID) - start > 0.01 &&
        double(iterations) * 256 >= lanes)
      break;
    iterations *= 2;
  }

  std::vector<double> peak, fmaWall2;
  for (int r = 0; r < rounds; ++r) {
    double c0 = clockSeconds(CLOCK_THREAD_CPUTIME_ID), w0 = wallNow();
    double fmaLanes = double(sffnn::roofline::runFmaLoop(avx512, iterations));
    double roundPeak = fmaLanes / (clockSeconds(CLOCK_THREAD_CPUTIME_ID) - c0);
    double fmaWall1 = wallNow() - w0;
    w0 = wallNow();
    std::thread other([&] { sffnn::roofline::runFmaLoop(avx512, iterations); });
    sffnn::roofline::runFmaLoop(avx512, iterations);
    other.join();
    peak.push_back(roundPeak);
    fmaWall2.push_back(2 * fmaWall1 / (wallNow() - w0));

    for (size_t i = 0; i < kernels.size(); ++i) {
      Kernel &k = kernels[(i + r) % kernels.size()];
      c0 = clockSeconds(CLOCK_THREAD_CPUTIME_ID);
      w0 = wallNow();
      k.fn(in.data(), k.out.data(), batch);
      double cpu1 = clockSeconds(CLOCK_THREAD_CPUTIME_ID) - c0;
      double wall1 = wallNow() - w0;
      c0 = clockSeconds(CLOCK_PROCESS_CPUTIME_ID);
      w0 = wallNow();
      sffnn_run(k.fn, in.data(), inputs, k.out.data(), outputs, batch, k.tile,
                2);
      double wall2 = wallNow() - w0;
      double cpu2 = clockSeconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
      k.lanesPerSecond.push_back(lanes / cpu1);
      k.fraction.push_back(lanes / cpu1 / roundPeak);
      k.wall2Speedup.push_back(wall1 / wall2);
      k.cpu2Speedup.push_back(2 * cpu1 / cpu2);
    }
  }

  std::printf("FMA peak (one core, thread CPU time): %.3g lanes/s, median of "
              "%d rounds (%.3g to %.3g); FMA loop on 2 threads: %.2fx one "
              "(wall, median)\n",
              median(peak), rounds, *std::min_element(peak.begin(), peak.end()),
              *std::max_element(peak.begin(), peak.end()), median(fmaWall2));
  std::printf("| kernel | 1 thread lanes/s | of FMA peak | (min - max) | "
              "2 threads, wall | 2 threads, CPU | FMA loop 2 threads, wall | "
              "max abs diff |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (const Kernel &k : kernels) {
    double diff = 0;
    for (size_t j = 0; j < k.out.size(); ++j)
      diff = std::max(diff, double(std::fabs(k.out[j] - kernels[0].out[j])));
    std::printf(
        "| %s | %.3g | %.1f%% | %.1f - %.1f%% | %.2fx | %.2fx | %.2fx "
        "| %.2g |\n",
        k.label.c_str(), median(k.lanesPerSecond), 100 * median(k.fraction),
        100 * *std::min_element(k.fraction.begin(), k.fraction.end()),
        100 * *std::max_element(k.fraction.begin(), k.fraction.end()),
        median(k.wall2Speedup), median(k.cpu2Speedup), median(fmaWall2), diff);
  }
  return 0;
}
