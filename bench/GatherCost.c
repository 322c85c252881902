// GatherCost.c - what one step of the small-batch code costs (issue 15).
//
//   cc -O2 -march=native bench/GatherCost.c -o gather-cost && ./gather-cost
//
// Times, best of 200, 12 000 steps of the two kinds the small-batch code
// is made of (docs/Codegen.md, "Small-batch form"), reading 2 000 floats of
// scratch and streaming the step tables (768 KB of weights) as the kernel
// does:
//   - gather row: 16 slots (int32), one vpgatherdps, one FMA;
//   - gather row, int16 slots widened (less table traffic);
//   - broadcast step: one slot, a scalar load broadcast, one FMA.
// Needs AVX-512F.
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kRows = 12000, kScratch = 2000 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  float *scratch = aligned_alloc(64, 4096 * sizeof(float));
  int *slot = aligned_alloc(64, kRows * 16 * sizeof(int));
  short *slot16 = aligned_alloc(64, kRows * 16 * sizeof(short));
  float *weight = aligned_alloc(64, kRows * 16 * sizeof(float));
  for (int i = 0; i < 4096; ++i)
    scratch[i] = i * 1e-3f;
  for (int i = 0; i < kRows * 16; ++i) {
    slot[i] = rand() % kScratch;
    slot16[i] = (short)slot[i];
    weight[i] = 1e-3f;
  }
  const char *names[] = {"gather row, int32 slots", "gather row, int16 slots",
                         "broadcast step"};
  for (int kind = 0; kind < 3; ++kind) {
    double best = 1e9;
    float sink = 0;
    for (int rep = 0; rep < 200; ++rep) {
      double start = now();
      __m512 acc = _mm512_setzero_ps();
      for (int r = 0; r < kRows; ++r) {
        __m512 w = _mm512_load_ps(weight + 16 * r), x;
        if (kind == 0)
          x = _mm512_i32gather_ps(_mm512_load_si512(slot + 16 * r), scratch, 4);
        else if (kind == 1)
          x = _mm512_i32gather_ps(
              _mm512_cvtepi16_epi32(_mm256_load_si256((void *)(slot16 + 16 * r))),
              scratch, 4);
        else
          x = _mm512_set1_ps(scratch[slot[r]]);
        acc = _mm512_fmadd_ps(w, x, acc);
      }
      sink += _mm512_reduce_add_ps(acc);
      double t = now() - start;
      if (t < best)
        best = t;
    }
    printf("%-26s %.2f ns per step (checksum %g)\n", names[kind],
           best * 1e9 / kRows, sink);
  }
  return 0;
}
