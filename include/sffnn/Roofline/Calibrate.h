//===- Calibrate.h - measure this machine for the roofline ------*- C++ -*-===//
#ifndef SFFNN_ROOFLINE_CALIBRATE_H
#define SFFNN_ROOFLINE_CALIBRATE_H

#include "sffnn/Roofline/Roofline.h"

namespace sffnn::roofline {

/// Measures one core: the fp32 FMA peak (16 independent vector FMA chains,
/// AVX-512 or AVX2+FMA chosen at run time) and the read bandwidth of every
/// cache level reported by sysfs and of DRAM (summing a buffer of half the
/// level's size, or 1 GiB for DRAM, best of 3 runs). A few seconds.
llvm::Expected<MachineModel> calibrate();

/// Runs the calibration's FMA loop (16 independent chains of vector FMAs,
/// AVX-512 when `avx512`, else AVX2+FMA) for `iterations` and returns the
/// fp32 FMA lanes it executed, for callers that time it themselves
/// (bench/ThroughputBench.cpp: in thread CPU time, next to the kernels).
/// 0 on targets other than x86-64.
int64_t runFmaLoop(bool avx512, int64_t iterations);

} // namespace sffnn::roofline

#endif
