//===- ScheduleSpeed.cpp - compiled schedules timed side by side ----------===//
//
//   schedule-speed NAME INPUTS OUTPUTS BATCH ROUNDS LIB.so...
//
// Loads the kernel NAME from every library (the same network compiled with
// different schedules) and runs them in turn, one batch each per round, on
// one thread and the same random input, after one warm-up round. Prints per
// library the median thread CPU seconds (CLOCK_THREAD_CPUTIME_ID: what a
// loaded machine steals from the thread is not counted) and the median wall
// seconds per batch. Interleaving the libraries round by round exposes them
// to the same background load, so their ratios are fairer than separate runs.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dlfcn.h>
#include <random>
#include <vector>

namespace {

double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: schedule-speed NAME INPUTS OUTPUTS BATCH "
                         "ROUNDS LIB.so...\n");
    return 2;
  }
  const char *name = argv[1];
  int64_t inputs = std::atoll(argv[2]), outputs = std::atoll(argv[3]);
  int64_t batch = std::atoll(argv[4]);
  int rounds = std::atoi(argv[5]);
  if (inputs < 1 || outputs < 1 || batch < 1 || rounds < 1) {
    std::fprintf(stderr, "schedule-speed: INPUTS, OUTPUTS, BATCH and ROUNDS "
                         "must be positive\n");
    return 2;
  }
  std::vector<sffnn_kernel_fn> kernels;
  for (int i = 6; i < argc; ++i) {
    void *lib = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      std::fprintf(stderr, "schedule-speed: %s\n", dlerror());
      return 1;
    }
    auto kernel = reinterpret_cast<sffnn_kernel_fn>(dlsym(lib, name));
    if (!kernel) {
      std::fprintf(stderr, "schedule-speed: no kernel '%s' in %s\n", name,
                   argv[i]);
      return 1;
    }
    kernels.push_back(kernel);
  }
  std::vector<float> in(batch * inputs), out(batch * outputs);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float &v : in)
    v = dist(rng);
  size_t n = kernels.size();
  std::vector<std::vector<double>> cpu(n), wall(n);
  for (int r = -1; r < rounds; ++r)
    for (size_t k = 0; k < n; ++k) {
      double c0 = threadSeconds();
      auto w0 = std::chrono::steady_clock::now();
      // One thread: the whole batch in one call (the tile only splits work
      // between threads).
      if (sffnn_run(kernels[k], in.data(), inputs, out.data(), outputs, batch,
                    1, 1) != 0) {
        std::fprintf(stderr, "schedule-speed: %s failed\n", argv[6 + k]);
        return 1;
      }
      if (r < 0)
        continue;
      cpu[k].push_back(threadSeconds() - c0);
      wall[k].push_back(std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - w0)
                            .count());
    }
  for (size_t k = 0; k < n; ++k)
    std::printf("%s cpu=%.6g wall=%.6g\n", argv[6 + k], median(cpu[k]),
                median(wall[k]));
  return 0;
}
