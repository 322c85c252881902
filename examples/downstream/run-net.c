/* run-net: reads samples from stdin (NET_INPUTS numbers each, any white
 * space between them), runs the kernel compiled from the network @net on two
 * threads through the runtime's sffnn_run, and prints the outputs one sample
 * per line (%.9g, as sparse-ffnn-run --output writes them). */
#include "net.h"
#include "sffnn_runtime.h"

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *message) {
  fprintf(stderr, "run-net: %s\n", message);
  return 1;
}

int main(void) {
  size_t capacity = 1024, count = 0;
  float *in = malloc(capacity * sizeof(float));
  float value;
  if (!in)
    return fail("out of memory");
  while (scanf("%f", &value) == 1) {
    if (count == capacity) {
      float *grown = realloc(in, 2 * capacity * sizeof(float));
      if (!grown)
        return fail("out of memory");
      in = grown;
      capacity *= 2;
    }
    in[count++] = value;
  }
  if (!feof(stdin))
    return fail("the input holds something that is not a number");
  if (count == 0 || count % NET_INPUTS != 0)
    return fail("the input is not a whole number of samples");
  int64_t batch = (int64_t)(count / NET_INPUTS);
  float *out = malloc((size_t)batch * NET_OUTPUTS * sizeof(float));
  if (!out)
    return fail("out of memory");
  if (sffnn_run(net, in, NET_INPUTS, out, NET_OUTPUTS, batch, NET_TILE, 2))
    return fail("sffnn_run rejected its arguments");
  for (int64_t s = 0; s < batch; ++s)
    for (int o = 0; o < NET_OUTPUTS; ++o)
      printf("%.9g%c", out[s * NET_OUTPUTS + o],
             o + 1 == NET_OUTPUTS ? '\n' : ' ');
  free(in);
  free(out);
  return 0;
}
