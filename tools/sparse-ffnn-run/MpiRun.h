//===- MpiRun.h - sparse-ffnn-run --mpi-split -------------------*- C++ -*-===//
//
// The tool's MPI mode, in a source file of its own (MpiRun.cpp, built only
// when CMake finds MPI; NoMpi.cpp otherwise refuses the option), so that
// the tool's plain build never sees MPI.
//
//===----------------------------------------------------------------------===//
#ifndef SPARSE_FFNN_RUN_MPIRUN_H
#define SPARSE_FFNN_RUN_MPIRUN_H

#include "sffnn/Compiler/Compiler.h"
#include "sffnn/Formats/Readers.h"
#include "sffnn/Support/Tolerance.h"

#include <string>

namespace sffnn {

/// What the command line asks of an MPI run.
struct MpiRunRequest {
  std::string split; ///< "batch" or "layers"
  std::string networkFile, networkName, inputFile, outputFile;
  SampleFormat format = SampleFormat::Dense;
  mlir::sffnn::CompileOptions compile;
  int threads = 1;
  int64_t groupRows = 0; ///< layers: samples per pipelined group; 0 = auto
  bool categories = false, verify = false, time = false;
  double rtol = ::sffnn::kDefaultRtol;
};

/// Runs under mpirun (every rank calls it); returns the exit code, the same
/// non-zero code on every rank when any rank failed.
int runWithMpi(const MpiRunRequest &request);

} // namespace sffnn

#endif // SPARSE_FFNN_RUN_MPIRUN_H
