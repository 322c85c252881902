// A small network for the downstream example: a skip connection, relu,
// clamp and identity. Every weight, bias and input (samples.txt) is a
// multiple of 1/8 of small size, so every product and sum is exact in float:
// the compiled kernel and the interpreter agree bit for bit, whatever the
// order of the additions or the use of FMA.
sffnn.network @net(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  %in:4 = sffnn.split %x : tensor<?x4xf32>
  %h0 = sffnn.neuron relu (%in#0, %in#2) weights [0.5, -1.25] bias 0.25
  %h1 = sffnn.neuron relu clamp 2.0 (%in#1, %in#2, %in#3) weights [1.0, 0.75, -0.5]
  %h2 = sffnn.neuron identity (%in#0, %in#3) weights [-2.0, 1.5] bias -0.5
  %y0 = sffnn.neuron identity (%h0, %h1, %in#1) weights [1.0, -0.5, 0.25]
  %y1 = sffnn.neuron relu (%h1, %h2) weights [2.0, 0.125] bias 1.0
  %y = sffnn.concat %y0, %y1 : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
