// Terms of 1e38: exact result 3e38 (fits in a float), but a float sum in
// stored order overflows to inf, and sum |w x| = 9e38 does not fit.
sffnn.network @n(%x: tensor<?x3xf32>) -> tensor<?x1xf32> {
  %y = sffnn.layer identity (%x : tensor<?x3xf32>) weights #sffnn.csr<1x3, offsets = dense<[0, 3]> : tensor<2xi32>, indices = dense<[0, 1, 2]> : tensor<3xi32>, values = dense<[1.0e38, 1.0e38, -1.0e38]> : tensor<3xf32>> -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
