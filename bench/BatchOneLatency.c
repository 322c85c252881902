// BatchOneLatency.c - one compiled kernel at a small batch, timed so that
// processes can be compared (issue 15: the 99%-sparse MLP under 3 us).
//
//   cc -O2 bench/BatchOneLatency.c -o batch-one-latency -ldl
//   ./batch-one-latency KERNEL.so NAME INPUTS OUTPUTS [BATCH [ROUNDS]]
//
// Loads NAME (the network's symbol) from KERNEL.so, warms it with 1000
// calls, then runs ROUNDS rounds (default 401), each timing by the thread's
// CPU time
//   - a group of calls lasting about 100 us (sized on warm calls, so that
//     the clock's own cost, a system call of about 0.5 us here, is under 1%
//     of a sample), and
//   - a reference: a chain of 100 000 dependent integer additions, one
//     cycle each on any core running at full speed. The chain does not
//     touch memory, so it shows how fast the core ran during the round:
//     when it slows, the kernel's time is the machine's (a busy sibling
//     hardware thread or a lower clock on the host), not the kernel's.
// Prints one line: the median kernel time per call (us), its 10th and 90th
// percentiles, the median reference time (ns per 1000 additions), the group
// size and the CPU the process ended on.
// bench/batch-one-latency.sh runs it in many processes.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*kernel_fn)(const float *in, float *out, int64_t batch);

static double threadSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

// 100 000 additions, each depending on the one before.
__attribute__((noinline)) static uint64_t additionChain(uint64_t x) {
  for (int i = 0; i < 100000; ++i)
    __asm__ volatile("add $1, %0" : "+r"(x));
  return x;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: batch-one-latency KERNEL.so NAME INPUTS OUTPUTS "
                    "[BATCH [ROUNDS]]\n");
    return 2;
  }
  long inputs = atol(argv[3]), outputs = atol(argv[4]);
  long batch = argc > 5 ? atol(argv[5]) : 1;
  int rounds = argc > 6 ? atoi(argv[6]) : 401;
  if (inputs < 1 || outputs < 1 || batch < 1 || rounds < 1) {
    fprintf(stderr, "batch-one-latency: INPUTS, OUTPUTS, BATCH and ROUNDS "
                    "must be positive\n");
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW);
  kernel_fn kernel = lib ? (kernel_fn)dlsym(lib, argv[2]) : NULL;
  if (!kernel) {
    fprintf(stderr, "batch-one-latency: cannot load '%s' from %s: %s\n",
            argv[2], argv[1], dlerror());
    return 1;
  }
  float *in = malloc(sizeof(float) * inputs * batch);
  float *out = malloc(sizeof(float) * outputs * batch);
  double *kernelTimes = malloc(sizeof(double) * rounds);
  double *chainTimes = malloc(sizeof(double) * rounds);
  if (!in || !out || !kernelTimes || !chainTimes) {
    fprintf(stderr, "batch-one-latency: out of memory\n");
    return 1;
  }
  srand(7);
  for (long i = 0; i < inputs * batch; ++i)
    in[i] = (float)rand() / (float)RAND_MAX;

  for (int i = 0; i < 1000; ++i)
    kernel(in, out, batch);
  double start = threadSeconds();
  for (int i = 0; i < 100; ++i)
    kernel(in, out, batch);
  double once = (threadSeconds() - start) / 100;
  int group = once >= 100e-6 ? 1 : (int)(100e-6 / (once > 1e-9 ? once : 1e-9));

  uint64_t sink = 0;
  for (int r = 0; r < rounds; ++r) {
    start = threadSeconds();
    for (int c = 0; c < group; ++c)
      kernel(in, out, batch);
    kernelTimes[r] = (threadSeconds() - start) / group;
    start = threadSeconds();
    sink += additionChain((uint64_t)r);
    chainTimes[r] = (threadSeconds() - start) / 100;
  }
  qsort(kernelTimes, rounds, sizeof(double), byValue);
  qsort(chainTimes, rounds, sizeof(double), byValue);
  printf("kernel_us %.3f p10 %.3f p90 %.3f add1000_ns %.0f group %d cpu %d%s\n",
         kernelTimes[rounds / 2] * 1e6, kernelTimes[rounds / 10] * 1e6,
         kernelTimes[rounds * 9 / 10] * 1e6, chainTimes[rounds / 2] * 1e9,
         group, sched_getcpu(), sink == 42 ? " " : "");
  return 0;
}
