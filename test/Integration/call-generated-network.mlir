// A generated network (sparse-ffnn-gen) called from a function, lowered
// as a whole, run by mlir-runner; its outputs must be those of the same
// network run without sffnn.call: sparse-ffnn-run's compiled kernel (its C
// entry point, same options) to the printed precision, itself checked
// against the reference interpreter by --verify (docs/Testing.md). The
// batch is `?` and smaller than a tile (one masked tile).
// REQUIRES: mlir-runner
// RUN: rm -rf %t && split-file %s %t
// RUN: sparse-ffnn-gen layered --widths=16,24,10 --density=0.3 --activation=relu --seed=7 --name=net -o %t/net.mlir
// The caller goes inside the generated module (before its resources).
// RUN: sed '1r %t/main.mlir' %t/net.mlir > %t/module.mlir
// RUN: sparse-ffnn-opt %t/module.mlir --sffnn-to-llvm-pipeline="tile=8" -o %t/lowered.mlir
// RUN: %mlir_runner %t/lowered.mlir -e main -entry-point-result=void %runner_libs > %t/printed.txt
// RUN: %python %S/Inputs/compare_with_run.py sparse-ffnn-run %t/net.mlir %t/printed.txt %t --tile=8 | FileCheck %s
// CHECK: verify: {{.*}} passed
// CHECK: checked 50 values
// CHECK-NOT: FAILED

//--- main.mlir
  func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

  func.func @print(%t: tensor<?x?xf32>) {
    %m = bufferization.to_buffer %t read_only : tensor<?x?xf32> to memref<?x?xf32>
    %u = memref.cast %m : memref<?x?xf32> to memref<*xf32>
    call @printMemrefF32(%u) : (memref<*xf32>) -> ()
    return
  }

  func.func @main() {
    %x = arith.constant dense<[[-0.75, 0.25, 1.75, 1.0, 0.75, 1.0, 1.75, 0.25, -0.75, 1.5, 1.5, -0.75, 0.25, 1.75, 1.0, 0.75],
                             [0.5, 1.5, 0.25, -0.5, -0.75, -0.5, 0.25, 1.5, 0.5, 0.0, 0.0, 0.5, 1.5, 0.25, -0.5, -0.75],
                             [1.75, 0.0, 1.5, 0.75, 0.5, 0.75, 1.5, 0.0, 1.75, 1.25, 1.25, 1.75, 0.0, 1.5, 0.75, 0.5],
                             [0.25, 1.25, 0.0, -0.75, 1.75, -0.75, 0.0, 1.25, 0.25, -0.25, -0.25, 0.25, 1.25, 0.0, -0.75, 1.75],
                             [1.5, -0.25, 1.25, 0.5, 0.25, 0.5, 1.25, -0.25, 1.5, 1.0, 1.0, 1.5, -0.25, 1.25, 0.5, 0.25]]> : tensor<5x16xf32>
    // A relu as torch-mlir writes it (cmpf + select) before the network.
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<5x16xf32>
    %p = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%x : tensor<5x16xf32>) outs(%e : tensor<5x16xf32>) {
    ^bb0(%a: f32, %o: f32):
      %pos = arith.cmpf ugt, %a, %zero : f32
      %r = arith.select %pos, %a, %zero : f32
      linalg.yield %r : f32
    } -> tensor<5x16xf32>
    %pd = tensor.cast %p : tensor<5x16xf32> to tensor<?x16xf32>
    %y = sffnn.call @net(%pd) : (tensor<?x16xf32>) -> tensor<?x10xf32>
    %pp = tensor.cast %p : tensor<5x16xf32> to tensor<?x?xf32>
    %yp = tensor.cast %y : tensor<?x10xf32> to tensor<?x?xf32>
    vector.print str "INPUT\n"
    call @print(%pp) : (tensor<?x?xf32>) -> ()
    vector.print str "OUT\n"
    call @print(%yp) : (tensor<?x?xf32>) -> ()
    return
  }
