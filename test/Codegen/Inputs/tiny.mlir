// README.md's example network.
sffnn.network @tiny(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu clamp 4.0 (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>,
         indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>>
       bias dense<[0.1, 0.2]> : tensor<2xf32> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}
