/* A user's MPI program running a compiled network through libsffnn_mpi's
 * C API, without our tools: the kernel `net` comes from
 * `sparse-ffnn-translate --compile-to shared` (and its header). Rank 0
 * makes a batch of `samples` inputs (writing them to INPUTS.txt, dense
 * text), runs it split by batch, and writes the outputs to OUTPUTS.txt and
 * the categories to stdout. With a fourth argument S, sample S (1-based)
 * gets a NaN: the rank whose slice holds it fails, and every rank returns
 * an error. Usage: c_api_batch SAMPLES INPUTS.txt OUTPUTS.txt [NAN_SAMPLE] */
#include "net.h"
#include "sffnn_mpi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int writeRows(const char *path, const float *v, int64_t rows,
                     int64_t width) {
  FILE *f = fopen(path, "w");
  if (!f)
    return 1;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < width; ++c)
      fprintf(f, c + 1 < width ? "%.9g " : "%.9g\n", v[r * width + c]);
  return fclose(f) != 0;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (argc < 4) {
    if (rank == 0)
      fprintf(stderr, "usage: %s SAMPLES INPUTS OUTPUTS [NAN_SAMPLE]\n",
              argv[0]);
    MPI_Finalize();
    return 2;
  }
  int64_t samples = atoll(argv[1]);
  sffnn_mpi_kernel kernel = {net, NET_INPUTS, NET_OUTPUTS, NET_TILE, 1, 0};
  sffnn_mpi_batch batch = {0};
  float *in = NULL, *out = NULL;
  int64_t *categories = NULL;
  if (rank == 0) {
    in = malloc(sizeof(float) * samples * NET_INPUTS);
    out = malloc(sizeof(float) * samples * NET_OUTPUTS);
    categories = malloc(sizeof(int64_t) * samples);
    for (int64_t i = 0; i < samples * NET_INPUTS; ++i)
      in[i] = (i % 7 == 0) ? 0.0f : (float)sin(0.37 * (double)i);
    if (argc > 4)
      in[(atoll(argv[4]) - 1) * NET_INPUTS + 1] = NAN;
    else if (writeRows(argv[2], in, samples, NET_INPUTS))
      return 1;
    batch.in = in;
    batch.batch = samples;
    batch.out = out;
    batch.categories = categories;
  }
  char error[1024];
  sffnn_mpi_stats stats;
  int rc = sffnn_mpi_run(&kernel, &batch, MPI_COMM_WORLD, &stats, error,
                         sizeof error);
  if (rc != 0) {
    if (rank == 0)
      fprintf(stderr, "c_api_batch: %s\n", error);
  } else if (rank == 0) {
    for (int64_t i = 0; i < batch.category_count; ++i)
      printf(i ? " %lld" : "%lld", (long long)categories[i] + 1);
    printf("\n");
    rc = writeRows(argv[3], out, samples, NET_OUTPUTS);
  }
  free(in);
  free(out);
  free(categories);
  MPI_Finalize();
  return rc != 0;
}
