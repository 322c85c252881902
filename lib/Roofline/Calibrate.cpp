//===- Calibrate.cpp - measure this machine for the roofline --------------===//
//
// The project is compiled for baseline x86-64, so the kernels carry their
// own target attributes and are picked from what sffnn::describeHost says
// the CPU has. They are x86 only: elsewhere calibrate() says so (the rest
// of the compiler builds and runs on any target LLVM supports).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Roofline/Calibrate.h"

#include "sffnn/Support/TargetInfo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

using namespace sffnn;
using namespace sffnn::roofline;

#if defined(__x86_64__)
#include <immintrin.h>

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// 16 independent chains hide the FMA latency on every current core.
__attribute__((target("avx512f"))) double fma512(int64_t iterations) {
  __m512 acc[16];
  for (int k = 0; k < 16; ++k)
    acc[k] = _mm512_set1_ps(1.0f + k * 1e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < 16; ++k)
      acc[k] = _mm512_fmadd_ps(acc[k], a, b);
  float sum = 0;
  for (int k = 0; k < 16; ++k)
    sum += _mm512_reduce_add_ps(acc[k]);
  return sum;
}

__attribute__((target("avx2,fma"))) double fma256(int64_t iterations) {
  __m256 acc[16];
  for (int k = 0; k < 16; ++k)
    acc[k] = _mm256_set1_ps(1.0f + k * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < 16; ++k)
      acc[k] = _mm256_fmadd_ps(acc[k], a, b);
  float lanes[8], sum = 0;
  for (int k = 0; k < 16; ++k) {
    _mm256_storeu_ps(lanes, acc[k]);
    for (float v : lanes)
      sum += v;
  }
  return sum;
}

__attribute__((target("avx512f"))) float sum512(const float *data, int64_t n) {
  __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(),
                   _mm512_setzero_ps(), _mm512_setzero_ps()};
  for (int64_t i = 0; i + 64 <= n; i += 64)
    for (int k = 0; k < 4; ++k)
      acc[k] = _mm512_add_ps(acc[k], _mm512_loadu_ps(data + i + 16 * k));
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc[0], acc[1]),
                                            _mm512_add_ps(acc[2], acc[3])));
}

__attribute__((target("avx2"))) float sum256(const float *data, int64_t n) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps(), _mm256_setzero_ps()};
  for (int64_t i = 0; i + 32 <= n; i += 32)
    for (int k = 0; k < 4; ++k)
      acc[k] = _mm256_add_ps(acc[k], _mm256_loadu_ps(data + i + 8 * k));
  float lanes[8], sum = 0;
  _mm256_storeu_ps(lanes, _mm256_add_ps(_mm256_add_ps(acc[0], acc[1]),
                                        _mm256_add_ps(acc[2], acc[3])));
  for (float v : lanes)
    sum += v;
  return sum;
}

volatile double sink; // keeps results alive

/// Best FLOP/s of a few timed runs of at least 0.2 s.
double measurePeak(bool avx512) {
  int lanes = avx512 ? 16 : 8;
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    int64_t iterations = 1 << 20;
    while (true) {
      double start = now();
      sink = avx512 ? fma512(iterations) : fma256(iterations);
      double seconds = now() - start;
      if (seconds > 0.2) {
        best = std::max(best, 2.0 * 16 * lanes * iterations / seconds);
        break;
      }
      iterations *= 2;
    }
  }
  return best;
}

/// Best read bandwidth (bytes/s) summing a buffer of `bytes`.
double measureBandwidth(bool avx512, int64_t bytes) {
  int64_t n = std::max<int64_t>(bytes / 4, 1024) & ~int64_t(63);
  std::vector<float> data(n, 1.0f);
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    int64_t repeats = 1;
    while (true) {
      double start = now();
      float s = 0;
      for (int64_t r = 0; r < repeats; ++r) {
        // The buffer "may have changed": every repeat really reads it.
        asm volatile("" : : "r"(data.data()) : "memory");
        s += avx512 ? sum512(data.data(), n) : sum256(data.data(), n);
      }
      sink = s;
      double seconds = now() - start;
      if (seconds > 0.1) {
        best = std::max(best, 4.0 * n * repeats / seconds);
        break;
      }
      repeats *= 2;
    }
  }
  return best;
}

} // namespace

int64_t sffnn::roofline::runFmaLoop(bool avx512, int64_t iterations) {
  sink = avx512 ? fma512(iterations) : fma256(iterations);
  return 16 * (avx512 ? 16 : 8) * iterations;
}

llvm::Expected<MachineModel> sffnn::roofline::calibrate() {
  llvm::Expected<TargetInfo> host = describeHost();
  if (!host)
    return host.takeError();
  bool avx512 = host->simdLanes >= 16;
  if (host->simdLanes < 8)
    return llvm::createStringError("calibration needs AVX2 with FMA");
  if (llvm::Error err = requireCaches(*host))
    return std::move(err);
  MachineModel machine;
  machine.peakFlops = measurePeak(avx512);
  for (const CacheLevel &cache : host->caches) {
    // Half the level, at most 16 MiB: virtual machines report last-level
    // caches of hundreds of MiB, and a buffer that large measures DRAM.
    machine.levels.push_back(
        {"l" + std::to_string(cache.level), double(cache.bytes),
         measureBandwidth(avx512,
                          std::min<int64_t>(cache.bytes / 2, 16 << 20))});
  }
  machine.levels.push_back(
      {"dram", double(INFINITY), measureBandwidth(avx512, int64_t(1) << 30)});
  // A host whose caches do not grow outwards (a misreporting VM) would
  // write a file every reader refuses: refuse it here, saying where the
  // sizes came from.
  if (llvm::Error err = checkMachineModel(machine))
    return llvm::createStringError("the host's caches (from " +
                                   host->cacheSource + ") make no machine "
                                   "model: " + llvm::toString(std::move(err)));
  return machine;
}

#else

int64_t sffnn::roofline::runFmaLoop(bool, int64_t) { return 0; }

llvm::Expected<MachineModel> sffnn::roofline::calibrate() {
  return llvm::createStringError(
      "the calibration microbenchmark has x86 kernels only; write the "
      "machine file by hand on this target (docs/Roofline.md)");
}

#endif
