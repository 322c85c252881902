module {
  sffnn.network @layered(%arg0: tensor<?x3xf32>) -> tensor<?x2xf32> {
    %0 = sffnn.layer relu (%arg0 : tensor<?x3xf32>) weights <4x3, offsets = dense<[0, 2, 4, 6, 8]> : tensor<5xi32>, indices = dense<[1, 2, 0, 1, 0, 2, 0, 2]> : tensor<8xi32>, values = dense<[-2.50006747, 0.0877224654, -1.30947113, -1.46478009, 0.57474184, 1.13075638, -0.117816672, -0.311837018]> : tensor<8xf32>> bias dense<[0.0754697397, 0.00601579947, -0.0868079587, 0.0427541621]> : tensor<4xf32> -> tensor<?x4xf32>
    %1 = sffnn.layer identity (%0 : tensor<?x4xf32>) weights <2x4, offsets = dense<[0, 2, 4]> : tensor<3xi32>, indices = dense<[1, 2, 1, 2]> : tensor<4xi32>, values = dense<[-1.15485656, -0.933071375, 0.960411369, 0.688546062]> : tensor<4xf32>> bias dense<[-0.0493453704, 0.0416358486]> : tensor<2xf32> -> tensor<?x2xf32>
    sffnn.return %1 : tensor<?x2xf32>
  }
}

