# lit configuration of the sparse-ffnn tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "sparse-ffnn"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lib", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sffnn_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# Scripts run by tests (test/*/Inputs/*.sh) call the tools by name.
llvm_config.with_environment("PATH", config.sffnn_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["sparse-ffnn-opt", "sparse-ffnn-translate", "sparse-ffnn-run",
     "sparse-ffnn-gen", "sparse-ffnn-difftest", "split-file"],
    [config.sffnn_tools_dir, config.llvm_tools_dir])

# The mlir-opt plugin (lib/Plugin) and Debian's own mlir-opt, which loads it.
config.substitutions.append(
    ("%sffnn_plugin", os.path.join(config.sffnn_obj_root, "lib", "SFFNNPlugin.so")))
config.substitutions.append(
    ("%debian_mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))

# Debian's Python packages (scipy, numpy) are only visible to /usr/bin/python3.
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%scripts", os.path.join(config.sffnn_src_root, "scripts")))

# Graph Challenge data: tests that need it say `REQUIRES: sdnn-data` and are
# reported UNSUPPORTED (never passed) when it is absent.
sdnn = os.path.join(config.sffnn_data_dir, "sdnn")
config.substitutions.append(("%sdnn", sdnn))
if os.path.isfile(os.path.join(sdnn, "n1024", "n1024-l120.tsv")):
    config.available_features.add("sdnn-data")

# The scipy reference of the value-sensitive tests.
import subprocess
if subprocess.call([config.python_executable, "-c", "import scipy"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("scipy")

# The ONNX importer's tests build models with Debian's python3-onnx; the
# backend cases come from libonnx-testdata; the PyTorch tests need
# python3-torch. Each feature is added only when the package is present.
def python_can_import(module):
    return subprocess.call([config.python_executable, "-c", "import " + module],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


# The sparse_ffnn Python module as built (PYTHONPATH).
config.substitutions.append(
    ("%sffnn_python", os.path.join(config.sffnn_obj_root, "python")))

if python_can_import("numpy"):
    config.available_features.add("numpy")
if python_can_import("onnx"):
    config.available_features.add("onnx")
if python_can_import("torch"):
    config.available_features.add("torch")
onnx_testdata = "/usr/share/libonnx-testdata/data"
config.substitutions.append(("%onnx_testdata", onnx_testdata))
if os.path.isdir(os.path.join(onnx_testdata, "node", "test_gemm_alpha")):
    config.available_features.add("onnx-testdata")

# Host features some tests need: the calibration microbenchmark runs AVX2
# with FMA (or AVX-512) kernels.
try:
    cpuinfo = open("/proc/cpuinfo").read().split()
    if "avx2" in cpuinfo and "fma" in cpuinfo:
        config.available_features.add("x86-avx2-fma")
except OSError:
    pass

# test/Install: `cmake --install` of this build into a temporary prefix and a
# downstream project (examples/downstream) built against it with the same
# compilers (and ccache, when this build uses it).
config.substitutions.append(("%sffnn_obj_root", config.sffnn_obj_root))
config.substitutions.append(("%sffnn_src_root", config.sffnn_src_root))
config.substitutions.append(("%cmake", config.cmake_command))
downstream_flags = ["-G", "Ninja", "-DCMAKE_C_COMPILER=" + config.c_compiler,
                    "-DCMAKE_CXX_COMPILER=" + config.cxx_compiler]
if config.compiler_launcher:
    downstream_flags += ["-DCMAKE_C_COMPILER_LAUNCHER=" + config.compiler_launcher,
                         "-DCMAKE_CXX_COMPILER_LAUNCHER=" + config.compiler_launcher]
config.substitutions.append(("%downstream_cmake_flags", " ".join(downstream_flags)))
config.substitutions.append(("%install_pythondir", config.sffnn_install_pythondir))
# Debian's mlir-runner and MLIR's runner utils (printMemrefF32, memrefCopy),
# for the modules lowered whole by sffnn-to-llvm-pipeline (test/Integration).
mlir_runner = os.path.join(config.llvm_tools_dir, "mlir-runner")
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
runner_utils = os.path.join(llvm_lib_dir, "libmlir_runner_utils.so")
c_runner_utils = os.path.join(llvm_lib_dir, "libmlir_c_runner_utils.so")
config.substitutions.append(("%mlir_runner", mlir_runner))
config.substitutions.append(
    ("%runner_libs", "-shared-libs=%s,%s" % (runner_utils, c_runner_utils)))
if all(os.path.exists(p) for p in (mlir_runner, runner_utils, c_runner_utils)):
    config.available_features.add("mlir-runner")
# MPI (test/MPI): `REQUIRES: mpi` when CMake found MPI and mpirun. Tests run
# as root in containers, which OpenMPI refuses unless told it is intended.
if config.sffnn_mpirun and os.access(config.sffnn_mpirun, os.X_OK):
    config.available_features.add("mpi")
    config.substitutions.append(("%mpirun", config.sffnn_mpirun))
    # A user's MPI program against libsffnn_mpi (test/MPI/c-api.test).
    config.substitutions.append(("%mpicc", config.sffnn_mpicc))
    config.substitutions.append(
        ("%sffnn_runtime_src", os.path.join(config.sffnn_src_root, "runtime")))
    config.substitutions.append(
        ("%sffnn_libdir", os.path.join(config.sffnn_obj_root, "lib")))
    config.environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    config.environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
lit_config.parallelism_groups["mpi"] = 1
