//===- KernelBench.cpp - time a compiled kernel library -------------------===//
//
//   kernel-bench LIB.so NAME INPUTS OUTPUTS BATCH THREADS TILE [REPEAT]
//
// Runs the kernel NAME of a shared library built by sparse-ffnn
// (sparse-ffnn-run --keep-library, or sparse-ffnn-translate --emit-shared)
// on a random dense batch and prints the median seconds per batch (wall)
// and, with one thread (sffnn_run then runs the kernel on the calling
// thread), the median thread CPU seconds, which a loaded machine disturbs
// less. The library is loaded once, so that profilers see the kernel, not
// the compiler.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <random>
#include <time.h>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 8) {
    std::fprintf(stderr, "usage: kernel-bench LIB.so NAME INPUTS OUTPUTS "
                         "BATCH THREADS TILE [REPEAT]\n");
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    std::fprintf(stderr, "kernel-bench: %s\n", dlerror());
    return 1;
  }
  auto kernel = reinterpret_cast<sffnn_kernel_fn>(dlsym(lib, argv[2]));
  if (!kernel) {
    std::fprintf(stderr, "kernel-bench: no kernel '%s'\n", argv[2]);
    return 1;
  }
  int64_t inputs = std::atoll(argv[3]), outputs = std::atoll(argv[4]);
  int64_t batch = std::atoll(argv[5]), tile = std::atoll(argv[7]);
  int threads = std::atoi(argv[6]);
  int repeat = argc > 8 ? std::atoi(argv[8]) : 20;
  std::vector<float> in(batch * inputs), out(batch * outputs);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float &v : in)
    v = dist(rng);
  auto threadSeconds = [] {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
  };
  std::vector<double> seconds, cpu;
  for (int r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    double cpuStart = threadSeconds();
    sffnn_run(kernel, in.data(), inputs, out.data(), outputs, batch, tile,
              threads);
    cpu.push_back(threadSeconds() - cpuStart);
    seconds.push_back(std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  if (threads == 1)
    std::printf("seconds=%.6g cpu_seconds=%.6g\n", seconds[seconds.size() / 2],
                cpu[cpu.size() / 2]);
  else
    std::printf("seconds=%.6g\n", seconds[seconds.size() / 2]);
  return 0;
}
