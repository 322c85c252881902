// BatchOneForms.c - what could beat gathers for a very sparse MLP at batch 1
// (issue 15).
//
//   cc -O2 -march=native bench/BatchOneForms.c -o batch-one-forms -lm
//   ./batch-one-forms [DENSITY] [ROUNDS] [bernoulli]   (default 0.01 401)
//
// Builds a 784-1024-1024-10 MLP whose neurons read round(DENSITY * fan-in)
// random sources each, as `sparse-ffnn-gen layered` does (relu hidden,
// identity output; the mlp99 at 0.01), keeps only the neurons an
// output depends on (as the kernel plan does), and times one sample, side
// by side, in forms the small-batch code could take (with `bernoulli`,
// every connection is drawn with probability DENSITY instead: uneven
// fan-in, as in pruned models):
//   gather/int32/scatter  the small-batch code as it is: inputs copied into
//                         a scratch of slots, blocks of 16 neurons in
//                         neuron order, rows padded to the longest member,
//                         one 16-lane vpgatherdps and one FMA per row,
//                         results scattered (vscatterdps);
//   gather/sorted/int32/scatter  members sorted by term count (less
//                         padding), otherwise as the first;
//   gather/sorted/store   sorted, int16 slots, the first layer gathering
//                         from the input itself (no copy), results stored
//                         contiguously; then the same with one of the first
//                         form's costs put back (input copied by scalars or
//                         by vectors, int32 slots, scatter);
//   gather8/sorted/store  the same with 8-lane (ymm) gathers;
//   permute/windows       permute rows over the sorted layers (the small-
//                         batch code's other row kind): per block and
//                         window of 32 source positions, two vector loads,
//                         then per row a byte index, vpermi2ps and an FMA;
//                         with one or two FMA chains;
//   permute/flat          one loop over a block's rows, each loading its
//                         window (no loop per window), two FMA chains; with
//                         int32 indices and a mask per row instead of bytes;
//   scalar csr            one neuron at a time, scalar FMAs over int16
//                         indices (no padding, no gathers);
//   scalar csr x4         four neurons interleaved;
//   push (column-major)   per source, scalar multiply-adds into its targets'
//                         sums (an L1-resident output block).
// Each form's output is checked against a double-precision reference.
// Time: thread CPU time of a round of 64 calls, median over ROUNDS rounds
// (the machine is shared: CPU time, not wall time). Needs AVX-512F.
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kLayers = 3, kCallsPerRound = 64 };
static const int kWidth[kLayers + 1] = {784, 1024, 1024, 10};

static uint64_t rngState = 0x9E3779B97F4A7C15ull;
static double uniform(void) {
  rngState ^= rngState << 13;
  rngState ^= rngState >> 7;
  rngState ^= rngState << 17;
  return (rngState >> 11) * (1.0 / 9007199254740992.0);
}

/// One layer's live neurons, row-major CSR over the previous layer's live
/// neurons (indices are positions in the previous layer's live list).
typedef struct {
  int rows;            // live neurons
  int *offsets;        // rows + 1
  int *source;         // terms
  float *weight;       // terms
  float *bias;         // rows
  int relu;
} Layer;

static Layer layers[kLayers];
static int liveInputs; // inputs read by a live neuron
static int *inputOf;   // live input -> input index

static void *alloc(size_t bytes) {
  void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
  memset(p, 0, (bytes + 63) / 64 * 64);
  return p;
}

/// Draws the network, then keeps what the outputs depend on.
static long buildNetwork(double density, int bernoulli) {
  // Full pattern per layer, row-major.
  int *offs[kLayers], *idx[kLayers];
  float *w[kLayers];
  for (int l = 0; l < kLayers; ++l) {
    int rows = kWidth[l + 1], cols = kWidth[l];
    offs[l] = malloc(sizeof(int) * (rows + 1));
    idx[l] = malloc(sizeof(int) * rows * cols);
    w[l] = malloc(sizeof(float) * rows * cols);
    // As `sparse-ffnn-gen layered`: every neuron reads round(density *
    // cols) distinct sources (at least one), in ascending order.
    int k = (int)lround(density * cols), n = 0;
    k = k < 1 ? 1 : k > cols ? cols : k;
    char *picked = calloc(cols, 1);
    for (int r = 0; r < rows; ++r) {
      offs[l][r] = n;
      if (bernoulli)
        for (int c = 0; c < cols; ++c)
          picked[c] = uniform() < density;
      else
        for (int j = 0; j < k;) {
          int c = (int)(uniform() * cols);
          if (!picked[c]) {
            picked[c] = 1;
            ++j;
          }
        }
      for (int c = 0; c < cols; ++c)
        if (picked[c]) {
          picked[c] = 0;
          idx[l][n] = c;
          w[l][n++] = (float)(uniform() * 2 - 1) * 0.3f;
        }
    }
    free(picked);
    offs[l][rows] = n;
  }
  // Liveness, backwards; then positions in each live list.
  char *live[kLayers + 1];
  for (int l = 0; l <= kLayers; ++l)
    live[l] = calloc(kWidth[l], 1);
  memset(live[kLayers], 1, kWidth[kLayers]);
  for (int l = kLayers - 1; l >= 0; --l)
    for (int r = 0; r < kWidth[l + 1]; ++r)
      if (live[l + 1][r])
        for (int e = offs[l][r]; e < offs[l][r + 1]; ++e)
          live[l][idx[l][e]] = 1;
  int *position[kLayers + 1];
  for (int l = 0; l <= kLayers; ++l) {
    position[l] = malloc(sizeof(int) * kWidth[l]);
    int n = 0;
    for (int c = 0; c < kWidth[l]; ++c)
      position[l][c] = live[l][c] ? n++ : -1;
    if (l == 0) {
      liveInputs = n;
      inputOf = malloc(sizeof(int) * n);
      for (int c = 0; c < kWidth[0]; ++c)
        if (live[0][c])
          inputOf[position[0][c]] = c;
    }
  }
  long terms = 0;
  for (int l = 0; l < kLayers; ++l) {
    Layer *L = &layers[l];
    L->relu = l + 1 < kLayers;
    int rows = 0;
    for (int r = 0; r < kWidth[l + 1]; ++r)
      rows += live[l + 1][r];
    L->rows = rows;
    L->offsets = alloc(sizeof(int) * (rows + 1));
    L->bias = alloc(sizeof(float) * rows);
    int n = 0, k = 0;
    for (int r = 0; r < kWidth[l + 1]; ++r)
      if (live[l + 1][r])
        n += offs[l][r + 1] - offs[l][r];
    L->source = alloc(sizeof(int) * n);
    L->weight = alloc(sizeof(float) * n);
    n = 0;
    for (int r = 0; r < kWidth[l + 1]; ++r) {
      if (!live[l + 1][r])
        continue;
      L->offsets[k] = n;
      L->bias[k++] = (float)(uniform() * 0.2 - 0.1);
      for (int e = offs[l][r]; e < offs[l][r + 1]; ++e) {
        // Layer 0 reads the input itself (its index), later layers the
        // previous layer's live list.
        L->source[n] = l == 0 ? idx[l][e] : position[l][idx[l][e]];
        L->weight[n++] = w[l][e];
      }
    }
    L->offsets[rows] = n;
    terms += n;
  }
  return terms;
}

// ---- Reference ----------------------------------------------------------

static void reference(const float *in, double *out) {
  double *prev = NULL, *cur = NULL;
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    cur = malloc(sizeof(double) * L->rows);
    for (int r = 0; r < L->rows; ++r) {
      double s = L->bias[r];
      for (int e = L->offsets[r]; e < L->offsets[r + 1]; ++e)
        s += (double)L->weight[e] *
             (l == 0 ? in[L->source[e]] : prev[L->source[e]]);
      cur[r] = L->relu && s < 0 ? 0 : s;
    }
    free(prev);
    prev = cur;
  }
  memcpy(out, cur, sizeof(double) * kWidth[kLayers]);
  free(cur);
}

// ---- Form tables --------------------------------------------------------

/// Gather blocks of one layer: rows of 16 (or 8) lanes.
typedef struct {
  int blocks, lanes;
  int *rowBegin;     // blocks + 1
  int32_t *slot32;   // rows * lanes
  int16_t *slot16;   // rows * lanes
  float *weight;     // rows * lanes
  float *bias;       // blocks * lanes
  int32_t *dest;     // blocks * lanes: destination slot (scatter form)
  int *member;       // blocks * lanes: live neuron, -1 padding
  long rows;
} GatherLayer;

static GatherLayer plain[kLayers], sorted16[kLayers], sorted8[kLayers];
/// Slots of the plain form: 0 holds zero, 1 is discarded, inputs from 2,
/// then each layer's neurons.
static int slotBase[kLayers + 1];
static int scratchFloats;

static const Layer *sortLayer;
static int compareTerms(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  int tx = sortLayer->offsets[x + 1] - sortLayer->offsets[x];
  int ty = sortLayer->offsets[y + 1] - sortLayer->offsets[y];
  return ty != tx ? ty - tx : x - y;
}

/// Blocks of `lanes` members in `order`; sources are slots (plain form) or
/// positions in the previous layer's (sorted) output, `sourceSlot` mapping
/// a live source to where it is read from.
static void buildGather(GatherLayer *g, const Layer *L, int lanes,
                        const int *order, const int *sourceSlot,
                        int zeroSlot) {
  g->lanes = lanes;
  g->blocks = (L->rows + lanes - 1) / lanes;
  g->rowBegin = alloc(sizeof(int) * (g->blocks + 1));
  long rows = 0;
  for (int b = 0; b < g->blocks; ++b) {
    g->rowBegin[b] = (int)rows;
    int most = 0;
    for (int m = b * lanes; m < (b + 1) * lanes && m < L->rows; ++m) {
      int r = order[m], n = L->offsets[r + 1] - L->offsets[r];
      most = n > most ? n : most;
    }
    rows += most;
  }
  g->rowBegin[g->blocks] = (int)rows;
  g->rows = rows;
  g->slot32 = alloc(sizeof(int32_t) * rows * lanes);
  g->slot16 = alloc(sizeof(int16_t) * rows * lanes);
  g->weight = alloc(sizeof(float) * rows * lanes);
  g->bias = alloc(sizeof(float) * g->blocks * lanes);
  g->dest = alloc(sizeof(int32_t) * g->blocks * lanes);
  g->member = alloc(sizeof(int) * g->blocks * lanes);
  for (int b = 0; b < g->blocks; ++b)
    for (int lane = 0; lane < lanes; ++lane) {
      int m = b * lanes + lane;
      int r = m < L->rows ? order[m] : -1;
      g->member[b * lanes + lane] = r;
      g->bias[b * lanes + lane] = r >= 0 ? L->bias[r] : 0;
      for (int k = 0; k < g->rowBegin[b + 1] - g->rowBegin[b]; ++k) {
        long at = (long)(g->rowBegin[b] + k) * lanes + lane;
        int real = r >= 0 && k < L->offsets[r + 1] - L->offsets[r];
        int s = real ? sourceSlot[L->source[L->offsets[r] + k]] : zeroSlot;
        g->slot32[at] = s;
        g->slot16[at] = (int16_t)s;
        g->weight[at] = real ? L->weight[L->offsets[r] + k] : 0;
      }
    }
}

/// Sorted forms: layer l's output is stored in sorted order, so the next
/// layer reads position p of it; a zero float follows each layer's output
/// (padding lanes read it).
static int *sortedOrder[kLayers], *sortedPosition[kLayers];

static void buildForms(void) {
  // Plain: slot per input and live neuron.
  slotBase[0] = 2;
  int next = 2 + kWidth[0];
  for (int l = 0; l < kLayers; ++l) {
    slotBase[l + 1] = next;
    next += layers[l].rows;
  }
  scratchFloats = (next + 15) / 16 * 16;
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    int *identity = malloc(sizeof(int) * L->rows);
    for (int r = 0; r < L->rows; ++r)
      identity[r] = r;
    int prevCount = l == 0 ? kWidth[0] : layers[l - 1].rows;
    int *slotOf = malloc(sizeof(int) * prevCount);
    for (int s = 0; s < prevCount; ++s)
      slotOf[s] = slotBase[l] + s;
    buildGather(&plain[l], L, 16, identity, slotOf, 0);
    for (int b = 0; b < plain[l].blocks * 16; ++b)
      plain[l].dest[b] = plain[l].member[b] >= 0
                             ? slotBase[l + 1] + plain[l].member[b]
                             : 1;
    // Sorted: by term count, descending.
    sortedOrder[l] = identity;
    sortLayer = L;
    qsort(identity, L->rows, sizeof(int), compareTerms);
    sortedPosition[l] = malloc(sizeof(int) * L->rows);
    for (int p = 0; p < L->rows; ++p)
      sortedPosition[l][identity[p]] = p;
    for (int s = 0; s < prevCount; ++s)
      slotOf[s] = l == 0 ? s : sortedPosition[l - 1][s];
    // Padding reads the zero after the previous layer's output (the input
    // is read in place: its padding reads in[0] with weight 0).
    int zero = l == 0 ? 0 : prevCount;
    buildGather(&sorted16[l], L, 16, identity, slotOf, zero);
    buildGather(&sorted8[l], L, 8, identity, slotOf, zero);
    free(slotOf);
  }
}

// ---- Forms ----------------------------------------------------------------

static float *scratch;
static float *act[kLayers]; // sorted forms' layer outputs (+ zero, padded)

static __m512 relu16(__m512 v, int relu) {
  return relu ? _mm512_max_ps(v, _mm512_setzero_ps()) : v;
}

static void gatherPlain(const float *in, float *out) {
  scratch[0] = 0;
  for (int i = 0; i < kWidth[0]; ++i)
    scratch[slotBase[0] + i] = in[i];
  for (int l = 0; l < kLayers; ++l) {
    const GatherLayer *g = &plain[l];
    for (int b = 0; b < g->blocks; ++b) {
      __m512 acc = _mm512_load_ps(g->bias + 16 * b);
      for (int k = g->rowBegin[b]; k < g->rowBegin[b + 1]; ++k) {
        __m512i s = _mm512_load_si512(g->slot32 + 16 * k);
        acc = _mm512_fmadd_ps(_mm512_load_ps(g->weight + 16 * k),
                              _mm512_i32gather_ps(s, scratch, 4), acc);
      }
      _mm512_i32scatter_ps(scratch, _mm512_load_si512(g->dest + 16 * b),
                           relu16(acc, layers[l].relu), 4);
    }
  }
  for (int o = 0; o < kWidth[kLayers]; ++o)
    out[o] = scratch[slotBase[kLayers] + o];
}

/// Sorted members, 16 lanes; `copy` copies the input into scratch first
/// (1: scalar stores, as the plain form; 2: vector stores), `wide` reads int32 slots, `scatter` stores the
/// results with vscatterdps: the plain form's costs, one at a time.
static inline void gatherSortedWith(const float *in, float *out, int copy,
                                    int wide, int scatter) {
  const float *src = in;
  if (copy) {
    if (copy == 2)
      for (int i = 0; i < kWidth[0]; i += 16)
        _mm512_store_ps(scratch + i, _mm512_loadu_ps(in + i));
    else
      for (int i = 0; i < kWidth[0]; ++i)
        ((volatile float *)scratch)[i] = in[i];
    src = scratch;
  }
  const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6,
                                        5, 4, 3, 2, 1, 0);
  for (int l = 0; l < kLayers; ++l) {
    const GatherLayer *g = &sorted16[l];
    float *dst = act[l];
    for (int b = 0; b < g->blocks; ++b) {
      __m512 acc = _mm512_load_ps(g->bias + 16 * b);
      for (int k = g->rowBegin[b]; k < g->rowBegin[b + 1]; ++k) {
        __m512i s =
            wide ? _mm512_load_si512(g->slot32 + 16 * k)
                 : _mm512_cvtepi16_epi32(_mm256_load_si256(
                       (const __m256i *)(g->slot16 + 16 * k)));
        acc = _mm512_fmadd_ps(_mm512_load_ps(g->weight + 16 * k),
                              _mm512_i32gather_ps(s, src, 4), acc);
      }
      if (scatter)
        _mm512_i32scatter_ps(dst, _mm512_add_epi32(_mm512_set1_epi32(16 * b),
                                                   lane),
                             relu16(acc, layers[l].relu), 4);
      else
        _mm512_store_ps(dst + 16 * b, relu16(acc, layers[l].relu));
    }
    dst[layers[l].rows] = 0; // padding lanes of the next layer read it
    src = dst;
  }
  for (int o = 0; o < kWidth[kLayers]; ++o)
    out[sortedOrder[kLayers - 1][o]] = act[kLayers - 1][o];
}

/// Permute rows (what the small-batch code does on AVX-512 where its cost
/// model prefers them), over the sorted layers: a block's terms grouped by
/// window of 32 consecutive source positions, which two vector loads bring
/// into registers; row k of a window holds the k-th term of every member in
/// it (a byte index into the window, -1 none) and costs one vpermi2ps and
/// one FMA. Per row also the window's first position (flat form).
typedef struct {
  int *windowBegin; // blocks + 1
  int *windowBase;  // per window: first source position
  int *rowBegin;    // windows + 1
  int *rowBase;     // per row: its window's first position
  int8_t *index;    // rows * 16
  int32_t *index32; // rows * 16, the same widened (-1: 0)
  uint16_t *has;    // per row: lanes with a term
  float *weight;    // rows * 16
  long rows, windows;
} PermuteLayer;
static PermuteLayer permute[kLayers];

static void buildPermute(void) {
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    const GatherLayer *g = &sorted16[l];
    PermuteLayer *p = &permute[l];
    int positions = l == 0 ? kWidth[0] : layers[l - 1].rows;
    int windowsPerLayer = (positions + 31) / 32;
    // At most one window per (block, window) pair, one row per term.
    long terms = L->offsets[L->rows];
    p->windowBegin = alloc(sizeof(int) * (g->blocks + 1));
    p->windowBase = alloc(sizeof(int) * g->blocks * windowsPerLayer);
    p->rowBegin = alloc(sizeof(int) * (g->blocks * windowsPerLayer + 1));
    p->rowBase = alloc(sizeof(int) * terms);
    p->index = alloc(terms * 16);
    p->weight = alloc(sizeof(float) * terms * 16);
    memset(p->index, -1, terms * 16);
    int *count = alloc(sizeof(int) * windowsPerLayer * 16);
    long rows = 0, windows = 0;
    for (int b = 0; b < g->blocks; ++b) {
      p->windowBegin[b] = (int)windows;
      for (int w = 0; w < windowsPerLayer; ++w) {
        int most = 0;
        for (int lane = 0; lane < 16; ++lane) {
          int r = g->member[b * 16 + lane];
          if (r < 0)
            continue;
          int n = 0;
          for (int e = L->offsets[r]; e < L->offsets[r + 1]; ++e) {
            int s = L->source[e];
            int pos = l == 0 ? s : sortedPosition[l - 1][s];
            if (pos / 32 != w)
              continue;
            long at = (rows + n++) * 16 + lane;
            p->index[at] = (int8_t)(pos - 32 * w);
            p->weight[at] = L->weight[e];
          }
          most = n > most ? n : most;
        }
        if (!most)
          continue;
        p->windowBase[windows] = 32 * w;
        p->rowBegin[windows++] = (int)rows;
        for (int k = 0; k < most; ++k)
          p->rowBase[rows + k] = 32 * w;
        rows += most;
      }
    }
    p->windowBegin[g->blocks] = (int)windows;
    p->rowBegin[windows] = (int)rows;
    p->rows = rows;
    p->windows = windows;
    p->index32 = alloc(sizeof(int32_t) * rows * 16);
    p->has = alloc(sizeof(uint16_t) * rows);
    for (long k = 0; k < rows; ++k)
      for (int lane = 0; lane < 16; ++lane) {
        int8_t i = p->index[k * 16 + lane];
        p->index32[k * 16 + lane] = i < 0 ? 0 : i;
        p->has[k] |= (uint16_t)((i >= 0) << lane);
      }
    free(count);
  }
}

static inline __m512 permuteRow(const PermuteLayer *p, long k, __m512 lo,
                                __m512 hi) {
  __m128i index = _mm_load_si128((const __m128i *)(p->index + 16 * k));
  __mmask16 has = _mm_cmpge_epi8_mask(index, _mm_setzero_si128());
  return _mm512_maskz_permutex2var_ps(has, lo, _mm512_cvtepu8_epi32(index), hi);
}

/// The same from widened indices and a mask per row: no widening or
/// compare in the loop (4 times the index bytes).
static inline __m512 permuteRowWide(const PermuteLayer *p, long k, __m512 lo,
                                    __m512 hi) {
  return _mm512_maskz_permutex2var_ps(
      p->has[k], lo, _mm512_load_si512(p->index32 + 16 * k), hi);
}

/// `flat`: one loop over the block's rows, each loading its window (no
/// loop per window); `accumulators`: 1 or 2 FMA chains.
static inline void permuteWith(const float *in, float *out, int flat,
                               int accumulators) {
  const float *src = in;
  for (int l = 0; l < kLayers; ++l) {
    const PermuteLayer *p = &permute[l];
    const GatherLayer *g = &sorted16[l];
    float *dst = act[l];
    for (int b = 0; b < g->blocks; ++b) {
      __m512 acc = _mm512_load_ps(g->bias + 16 * b),
             other = _mm512_setzero_ps();
      if (flat) {
        long first = p->rowBegin[p->windowBegin[b]],
             end = p->rowBegin[p->windowBegin[b + 1]];
        for (long k = first; k < end; ++k) {
          const float *window = src + p->rowBase[k];
          __m512 lo = _mm512_load_ps(window), hi = _mm512_load_ps(window + 16);
          __m512 x = flat == 2 ? permuteRowWide(p, k, lo, hi)
                               : permuteRow(p, k, lo, hi);
          acc = _mm512_fmadd_ps(_mm512_load_ps(p->weight + 16 * k), x, acc);
          if (accumulators == 2) {
            __m512 t = acc;
            acc = other;
            other = t;
          }
        }
      } else {
        for (int w = p->windowBegin[b]; w < p->windowBegin[b + 1]; ++w) {
          __m512 lo = _mm512_load_ps(src + p->windowBase[w]),
                 hi = _mm512_load_ps(src + p->windowBase[w] + 16);
          for (long k = p->rowBegin[w]; k < p->rowBegin[w + 1]; ++k) {
            acc = _mm512_fmadd_ps(_mm512_load_ps(p->weight + 16 * k),
                                  permuteRow(p, k, lo, hi), acc);
            if (accumulators == 2) {
              __m512 t = acc;
              acc = other;
              other = t;
            }
          }
        }
      }
      _mm512_store_ps(dst + 16 * b,
                      relu16(_mm512_add_ps(acc, other), layers[l].relu));
    }
    dst[layers[l].rows] = 0;
    src = dst;
  }
  for (int o = 0; o < kWidth[kLayers]; ++o)
    out[sortedOrder[kLayers - 1][o]] = act[kLayers - 1][o];
}

static void permuteWindows(const float *in, float *out) {
  permuteWith(in, out, 0, 1);
}
static void permuteWindows2(const float *in, float *out) {
  permuteWith(in, out, 0, 2);
}
static void permuteFlat2(const float *in, float *out) {
  permuteWith(in, out, 1, 2);
}
static void permuteFlatWide2(const float *in, float *out) {
  permuteWith(in, out, 2, 2);
}

static void gatherSorted16(const float *in, float *out) {
  gatherSortedWith(in, out, 0, 0, 0);
}
static void gatherSortedCopy(const float *in, float *out) {
  gatherSortedWith(in, out, 1, 0, 0);
}
static void gatherSortedVectorCopy(const float *in, float *out) {
  gatherSortedWith(in, out, 2, 0, 0);
}
static void gatherSortedWide(const float *in, float *out) {
  gatherSortedWith(in, out, 0, 1, 0);
}
static void gatherSortedScatter(const float *in, float *out) {
  gatherSortedWith(in, out, 0, 0, 1);
}
static void gatherSortedAll(const float *in, float *out) {
  gatherSortedWith(in, out, 1, 1, 1);
}

static void gatherSorted8(const float *in, float *out) {
  const float *src = in;
  for (int l = 0; l < kLayers; ++l) {
    const GatherLayer *g = &sorted8[l];
    float *dst = act[l];
    for (int b = 0; b < g->blocks; ++b) {
      __m256 acc = _mm256_load_ps(g->bias + 8 * b);
      for (int k = g->rowBegin[b]; k < g->rowBegin[b + 1]; ++k) {
        __m256i s = _mm256_cvtepi16_epi32(
            _mm_load_si128((const __m128i *)(g->slot16 + 8 * k)));
        acc = _mm256_fmadd_ps(_mm256_load_ps(g->weight + 8 * k),
                              _mm256_i32gather_ps(src, s, 4), acc);
      }
      if (layers[l].relu)
        acc = _mm256_max_ps(acc, _mm256_setzero_ps());
      _mm256_store_ps(dst + 8 * b, acc);
    }
    dst[layers[l].rows] = 0;
    src = dst;
  }
  for (int o = 0; o < kWidth[kLayers]; ++o)
    out[sortedOrder[kLayers - 1][o]] = act[kLayers - 1][o];
}

/// Scalar CSR tables: int16 sources, in neuron order.
static int16_t *csrSource[kLayers];

static void scalarCsr(const float *in, float *out) {
  const float *src = in;
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    float *dst = l + 1 < kLayers ? act[l] : out;
    const int16_t *s = csrSource[l];
    for (int r = 0; r < L->rows; ++r) {
      float acc = L->bias[r];
      for (int e = L->offsets[r]; e < L->offsets[r + 1]; ++e)
        acc = fmaf(L->weight[e], src[s[e]], acc);
      dst[r] = L->relu && acc < 0 ? 0 : acc;
    }
    src = dst;
  }
}

static void scalarCsr4(const float *in, float *out) {
  const float *src = in;
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    float *dst = l + 1 < kLayers ? act[l] : out;
    const int16_t *s = csrSource[l];
    const float *w = L->weight;
    const int *o = L->offsets;
    int r = 0;
    for (; r + 4 <= L->rows; r += 4) {
      float a0 = L->bias[r], a1 = L->bias[r + 1], a2 = L->bias[r + 2],
            a3 = L->bias[r + 3];
      int e0 = o[r], e1 = o[r + 1], e2 = o[r + 2], e3 = o[r + 3], end = o[r + 4];
      int n0 = e1 - e0, n1 = e2 - e1, n2 = e3 - e2, n3 = end - e3;
      int most = n0 > n1 ? n0 : n1;
      most = most > n2 ? most : n2;
      most = most > n3 ? most : n3;
      for (int k = 0; k < most; ++k) {
        if (k < n0) a0 = fmaf(w[e0 + k], src[s[e0 + k]], a0);
        if (k < n1) a1 = fmaf(w[e1 + k], src[s[e1 + k]], a1);
        if (k < n2) a2 = fmaf(w[e2 + k], src[s[e2 + k]], a2);
        if (k < n3) a3 = fmaf(w[e3 + k], src[s[e3 + k]], a3);
      }
      float a[4] = {a0, a1, a2, a3};
      for (int j = 0; j < 4; ++j)
        dst[r + j] = L->relu && a[j] < 0 ? 0 : a[j];
    }
    for (; r < L->rows; ++r) {
      float acc = L->bias[r];
      for (int e = o[r]; e < o[r + 1]; ++e)
        acc = fmaf(w[e], src[s[e]], acc);
      dst[r] = L->relu && acc < 0 ? 0 : acc;
    }
    src = dst;
  }
}

/// Push (column-major): per source, its targets (int16) and weights.
typedef struct {
  int sources;
  int *colBegin;
  int16_t *target;
  float *weight;
} PushLayer;
static PushLayer push[kLayers];

static void buildPush(void) {
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    PushLayer *p = &push[l];
    p->sources = l == 0 ? kWidth[0] : layers[l - 1].rows;
    p->colBegin = alloc(sizeof(int) * (p->sources + 1));
    int n = L->offsets[L->rows];
    p->target = alloc(sizeof(int16_t) * n);
    p->weight = alloc(sizeof(float) * n);
    for (int e = 0; e < n; ++e)
      ++p->colBegin[L->source[e] + 1];
    for (int s = 0; s < p->sources; ++s)
      p->colBegin[s + 1] += p->colBegin[s];
    int *fill = malloc(sizeof(int) * p->sources);
    memcpy(fill, p->colBegin, sizeof(int) * p->sources);
    for (int r = 0; r < L->rows; ++r)
      for (int e = L->offsets[r]; e < L->offsets[r + 1]; ++e) {
        int at = fill[L->source[e]]++;
        p->target[at] = (int16_t)r;
        p->weight[at] = L->weight[e];
      }
    free(fill);
  }
}

static void pushForm(const float *in, float *out) {
  const float *src = in;
  for (int l = 0; l < kLayers; ++l) {
    const Layer *L = &layers[l];
    const PushLayer *p = &push[l];
    float *dst = l + 1 < kLayers ? act[l] : out;
    memcpy(dst, L->bias, sizeof(float) * L->rows);
    for (int s = 0; s < p->sources; ++s) {
      float x = src[s];
      for (int e = p->colBegin[s]; e < p->colBegin[s + 1]; ++e)
        dst[p->target[e]] = fmaf(p->weight[e], x, dst[p->target[e]]);
    }
    if (L->relu)
      for (int r = 0; r < L->rows; ++r)
        dst[r] = dst[r] < 0 ? 0 : dst[r];
    src = dst;
  }
}

// ---- Timing -----------------------------------------------------------

static double cpuSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compareDouble(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef void (*Form)(const float *, float *);

int main(int argc, char **argv) {
  double density = argc > 1 ? atof(argv[1]) : 0.01;
  int rounds = argc > 2 ? atoi(argv[2]) : 401;
  int bernoulli = argc > 3 && strcmp(argv[3], "bernoulli") == 0;
  long terms = buildNetwork(density, bernoulli);
  buildForms();
  buildPermute();
  buildPush();
  scratch = alloc(sizeof(float) * scratchFloats);
  for (int l = 0; l < kLayers; ++l) {
    act[l] = alloc(sizeof(float) * (layers[l].rows + 64));
    csrSource[l] = alloc(sizeof(int16_t) * layers[l].offsets[layers[l].rows]);
    for (int e = 0; e < layers[l].offsets[layers[l].rows]; ++e)
      csrSource[l][e] = (int16_t)layers[l].source[e];
  }
  float *in = alloc(sizeof(float) * (kWidth[0] + 32));
  for (int i = 0; i < kWidth[0]; ++i)
    in[i] = (float)uniform();
  double expect[16];
  reference(in, expect);
  long rows16 = 0, rowsSorted = 0, rows8 = 0;
  for (int l = 0; l < kLayers; ++l) {
    rows16 += plain[l].rows;
    rowsSorted += sorted16[l].rows;
    rows8 += sorted8[l].rows;
  }
  printf("784-1024-1024-10, density %g%s: %d + %d + %d live neurons, %ld live "
         "terms, %d inputs read\n",
         density, bernoulli ? " (bernoulli)" : "", layers[0].rows, layers[1].rows, layers[2].rows, terms,
         liveInputs);
  printf("gather rows: %ld of 16 lanes in neuron order (%.0f%% of lanes "
         "used), %ld sorted (%.0f%%), %ld of 8 lanes sorted (%.0f%%)\n",
         rows16, 100.0 * terms / (16 * rows16), rowsSorted,
         100.0 * terms / (16 * rowsSorted), rows8,
         100.0 * terms / (8 * rows8));
  long permuteRows = 0, windowCount = 0;
  for (int l = 0; l < kLayers; ++l) {
    permuteRows += permute[l].rows;
    windowCount += permute[l].windows;
  }
  printf("permute rows: %ld in %ld windows (%.0f%% of lanes used)\n",
         permuteRows, windowCount, 100.0 * terms / (16 * permuteRows));
  struct {
    const char *name;
    Form run;
  } forms[] = {{"gather/int32/scatter", gatherPlain},
               {"gather/sorted/int32/scatter", gatherSortedAll},
               {"gather/sorted/store", gatherSorted16},
               {"  + input copied", gatherSortedCopy},
               {"  + input copied, vectors", gatherSortedVectorCopy},
               {"  + int32 slots", gatherSortedWide},
               {"  + scatter", gatherSortedScatter},
               {"gather8/sorted/store", gatherSorted8},
               {"permute/windows", permuteWindows},
               {"permute/windows, 2 sums", permuteWindows2},
               {"permute/flat, 2 sums", permuteFlat2},
               {"permute/flat, 2 sums, int32 indices", permuteFlatWide2},
               {"scalar csr", scalarCsr},
               {"scalar csr x4", scalarCsr4},
               {"push (column-major)", pushForm}};
  int count = sizeof forms / sizeof forms[0];
  double *times = malloc(sizeof(double) * rounds * count);
  float out[16];
  // Rounds interleave the forms, so load changes hit them alike.
  for (int round = 0; round < rounds; ++round)
    for (int f = 0; f < count; ++f) {
      double start = cpuSeconds();
      for (int c = 0; c < kCallsPerRound; ++c)
        forms[f].run(in, out);
      times[f * rounds + round] = (cpuSeconds() - start) / kCallsPerRound;
    }
  printf("| form | median µs per sample | ns per live term | max error |\n"
         "| --- | --- | --- | --- |\n");
  for (int f = 0; f < count; ++f) {
    forms[f].run(in, out);
    double worst = 0;
    for (int o = 0; o < kWidth[kLayers]; ++o)
      worst = fmax(worst, fabs(out[o] - expect[o]) / (1e-6 + fabs(expect[o])));
    qsort(times + f * rounds, rounds, sizeof(double), compareDouble);
    double t = times[f * rounds + rounds / 2];
    printf("| %s | %.2f | %.3f | %.1e%s |\n", forms[f].name, t * 1e6,
           t * 1e9 / terms, worst, worst < 1e-3 ? "" : " WRONG");
  }
  return 0;
}
