//===- ScheduleSpeed.cpp - compiled schedules timed side by side ----------===//
//
//   schedule-speed NAME INPUTS OUTPUTS BATCH ROUNDS LIB.so...
//
// Loads the kernel NAME from every library (the same network compiled with
// different schedules) and runs them in turn, one batch each per round, on
// one thread and the same random input, after one warm-up round. The timed
// region is the kernel call alone (sffnn_run with one thread calls the
// kernel on this thread). Prints per library the median thread CPU seconds
// (CLOCK_THREAD_CPUTIME_ID: what a loaded machine steals from the thread is
// not counted) and the median wall seconds per batch. Interleaving the
// libraries round by round, each round starting at the next library,
// exposes them to the same background load and the same predecessors, so
// their ratios are fairer than separate runs. The warm-up outputs of every
// library are compared with the first library's: a variant that computes
// something else must not be reported as faster.
//
//===----------------------------------------------------------------------===//
#include "sffnn_runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dlfcn.h>
#include <random>
#include <string>
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

/// dlopen searches the library path for a name without a slash; a file
/// named on the command line is meant as a path.
std::string asPath(const char *file) {
  return std::strchr(file, '/') ? file : std::string("./") + file;
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
    void *lib = dlopen(asPath(argv[i]).c_str(), RTLD_NOW | RTLD_LOCAL);
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
  size_t n = kernels.size();
  std::vector<float> in(batch * inputs);
  std::vector<std::vector<float>> out(n, std::vector<float>(batch * outputs));
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float &v : in)
    v = dist(rng);
  std::vector<std::vector<double>> cpu(n), wall(n);
  for (int r = -1; r < rounds; ++r)
    for (size_t i = 0; i < n; ++i) {
      size_t k = r < 0 ? i : (i + static_cast<size_t>(r)) % n;
      double c0 = threadSeconds();
      auto w0 = std::chrono::steady_clock::now();
      // One thread: the whole batch in one call on this thread.
      int status = sffnn_run(kernels[k], in.data(), inputs, out[k].data(),
                             outputs, batch, 1, 1);
      double c1 = threadSeconds();
      auto w1 = std::chrono::steady_clock::now();
      if (status != 0) {
        std::fprintf(stderr, "schedule-speed: %s failed\n", argv[6 + k]);
        return 1;
      }
      if (r < 0)
        continue;
      cpu[k].push_back(c1 - c0);
      wall[k].push_back(std::chrono::duration<double>(w1 - w0).count());
    }
  // The schedules change the order of neurons, not of a neuron's terms
  // beyond register grouping: the outputs agree up to rounding.
  float scale = 1.0f;
  for (float v : out[0])
    scale = std::max(scale, std::fabs(v));
  for (size_t k = 1; k < n; ++k)
    for (size_t j = 0; j < out[k].size(); ++j)
      if (!(std::fabs(out[k][j] - out[0][j]) <= 1e-4f * scale)) {
        std::fprintf(stderr,
                     "schedule-speed: %s and %s disagree at output %zu: %g "
                     "against %g\n",
                     argv[6 + k], argv[6], j, out[k][j], out[0][j]);
        return 1;
      }
  for (size_t k = 0; k < n; ++k)
    std::printf("%s cpu=%.6g wall=%.6g\n", argv[6 + k], median(cpu[k]),
                median(wall[k]));
  return 0;
}
