module {
  sffnn.network @dag(%arg0: tensor<?x2xf32>) -> tensor<?x2xf32> {
    %0 = sffnn.layer relu (%arg0 : tensor<?x2xf32>) weights <2x2, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<[-0.15048255, -1.42551315]> : tensor<2xf32>> bias dense<[-0.0321036726, -0.0252393242]> : tensor<2xf32> -> tensor<?x2xf32>
    %1 = sffnn.layer relu (%arg0, %0 : tensor<?x2xf32>, tensor<?x2xf32>) weights <1x4, offsets = dense<[0, 2]> : tensor<2xi32>, indices = dense<[0, 2]> : tensor<2xi32>, values = dense<[-0.439528584, 0.669383764]> : tensor<2xf32>> bias dense<-0.0244348869> : tensor<1xf32> -> tensor<?x1xf32>
    %2 = sffnn.layer identity (%arg0, %0, %1 : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x1xf32>) weights <2x5, offsets = dense<[0, 2, 4]> : tensor<3xi32>, indices = dense<[3, 4, 0, 4]> : tensor<4xi32>, values = dense<[0.655703306, -0.897806465, -0.890981197, -0.136396885]> : tensor<4xf32>> bias dense<[-0.0338622704, -0.0976680889]> : tensor<2xf32> -> tensor<?x2xf32>
    sffnn.return %2 : tensor<?x2xf32>
  }
}

