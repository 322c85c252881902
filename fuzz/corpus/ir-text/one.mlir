sffnn.network @n(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %y = sffnn.layer relu (%x : tensor<?x1xf32>) weights #sffnn.csr<1x1, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<0> : tensor<1xi32>, values = dense<1.0> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
