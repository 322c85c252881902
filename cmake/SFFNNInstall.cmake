# `cmake --install` and the CMake package SparseFFNN (docs/Building.md,
# "Installing"; docs/Integration.md, "A CMake package"). Included last by the
# top CMakeLists.txt, once every target exists.
#
#   PREFIX/bin                      the tools
#   PREFIX/include                  sffnn/ (with the generated .inc), sffnn_runtime.h
#   PREFIX/lib                      libSparseFFNN.so, libsffnn_runtime.{a,so},
#                                   SFFNNPlugin.so
#   PREFIX/lib/cmake/SparseFFNN     SparseFFNNConfig.cmake, version, targets
#   PREFIX/${SFFNN_INSTALL_PYTHONDIR}   the sparse_ffnn module (python/CMakeLists.txt)
include(CMakePackageConfigHelpers)

set(SFFNN_INSTALL_CMAKEDIR lib/cmake/SparseFFNN)

# libSparseFFNN.so, the library behind SparseFFNN::SparseFFNN: the dialect,
# passes, conversions, compiler driver, importers and interpreter in one
# shared library linked to libMLIR.so and libLLVM.so only. The project's own
# libraries stay static archives for the tools; exporting those would hand
# downstream projects their link interface of static MLIR libraries, and a
# process holding both those and libMLIR.so has two MLIRs (two registries,
# two TypeIDs per class). -z defs proves every symbol comes from the two
# shared libraries (and libmetis.so, which SFFNNIO calls). A new project
# library joins one of these lists.
set(SFFNN_PACKAGE_MLIR_LIBS SFFNNDialect SFFNNBufferization SFFNNAnalysis
    SFFNNTransforms SFFNNConversion SFFNNCompiler SFFNNInterpreter SFFNNTarget
    SFFNNRaise)
set(SFFNN_PACKAGE_PLAIN_LIBS SFFNNSupport SFFNNFormats SFFNNIO SFFNNModel
    SFFNNRoofline SFFNNCodegen)
# The MLIR-side libraries come as their object libraries (add_mlir_library
# makes obj.NAME); the plain C++ ones (add_llvm_library) as whole archives.
add_library(SparseFFNN SHARED)
foreach(lib IN LISTS SFFNN_PACKAGE_MLIR_LIBS)
  target_sources(SparseFFNN PRIVATE $<TARGET_OBJECTS:obj.${lib}>)
endforeach()
set(whole_archives)
foreach(lib IN LISTS SFFNN_PACKAGE_PLAIN_LIBS)
  list(APPEND whole_archives $<TARGET_FILE:${lib}>)
endforeach()
add_dependencies(SparseFFNN ${SFFNN_PACKAGE_PLAIN_LIBS})
find_package(Threads REQUIRED)
target_link_libraries(SparseFFNN
  PRIVATE -Wl,--whole-archive ${whole_archives} -Wl,--no-whole-archive
          ${SFFNN_METIS_LIBRARY} ${CMAKE_DL_LIBS} Threads::Threads
  PUBLIC MLIR LLVM)
# (Sanitized builds leave the sanitizer runtime's symbols to the executable.)
if(NOT SFFNN_ENABLE_SANITIZERS AND NOT SFFNN_ENABLE_FUZZERS)
  target_link_options(SparseFFNN PRIVATE -Wl,-z,defs)
endif()
target_include_directories(SparseFFNN PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
  $<INSTALL_INTERFACE:include>)
target_compile_features(SparseFFNN PUBLIC cxx_std_17)
set_target_properties(SparseFFNN PROPERTIES
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})

# Installed binaries find libMLIR.so and libLLVM.so where Debian keeps them
# (the build tree's RUNPATH also has $ORIGIN/../lib, which holds nothing they
# load). The tools link the runtime statically and find the archive they
# link into shared kernels relative to themselves (lib/Compiler/Compiler.cpp,
# findRuntimeLibrary).
set(SFFNN_INSTALLED_TOOLS sparse-ffnn-opt sparse-ffnn-translate
    sparse-ffnn-run sparse-ffnn-gen)
set_target_properties(${SFFNN_INSTALLED_TOOLS} SparseFFNN SFFNNPlugin
  PROPERTIES INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
# Its RUNPATH is the same in the build tree (no rewriting, no padding).
set_target_properties(SparseFFNN PROPERTIES BUILD_WITH_INSTALL_RPATH ON)

set_target_properties(sffnn_runtime PROPERTIES EXPORT_NAME runtime_static)
set_target_properties(sffnn_runtime_shared PROPERTIES EXPORT_NAME runtime)
install(TARGETS ${SFFNN_INSTALLED_TOOLS} SparseFFNN sffnn_runtime
                sffnn_runtime_shared
  EXPORT SparseFFNNTargets
  RUNTIME DESTINATION bin
  LIBRARY DESTINATION lib
  ARCHIVE DESTINATION lib)
install(TARGETS SFFNNPlugin LIBRARY DESTINATION lib)

# libsffnn_mpi (built when MPI was found): sparse-ffnn-run's MPI mode loads
# it, and users' MPI programs call its C API (sffnn_mpi.h, docs/Distributed.md).
if(TARGET sffnn_mpi)
  set_target_properties(sparse-ffnn-run PROPERTIES
    INSTALL_RPATH "${LLVM_LIBRARY_DIR};\$ORIGIN/../lib")
  install(TARGETS sffnn_mpi LIBRARY DESTINATION lib)
  install(FILES ${PROJECT_SOURCE_DIR}/runtime/mpi/sffnn_mpi.h
    DESTINATION include)
endif()

# The ONNX importer's header stays out: its library (protobuf, ONNX) is not
# in libSparseFFNN.so.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sffnn DESTINATION include
  FILES_MATCHING PATTERN "*.h" PATTERN "*.def" PATTERN "*.td"
  PATTERN "OnnxImporter.h" EXCLUDE)
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/sffnn DESTINATION include
  FILES_MATCHING PATTERN "*.inc" PATTERN "CMakeFiles" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/runtime/sffnn_runtime.h
  DESTINATION include)

install(EXPORT SparseFFNNTargets NAMESPACE SparseFFNN::
  DESTINATION ${SFFNN_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/SparseFFNNConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/SparseFFNNConfig.cmake
  INSTALL_DESTINATION ${SFFNN_INSTALL_CMAKEDIR})
# libSparseFFNN.so changes its C++ API between minor versions.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/SparseFFNNConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/SparseFFNNConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/SparseFFNNConfigVersion.cmake
  DESTINATION ${SFFNN_INSTALL_CMAKEDIR})
