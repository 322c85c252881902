//===- SFFNNAttrs.td - sffnn attributes -------------------*- tablegen -*-===//
#ifndef SFFNN_ATTRS_TD
#define SFFNN_ATTRS_TD

include "sffnn/Dialect/SFFNN/IR/SFFNNBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def SFFNN_SparseMatrixAttr : AttrDef<SFFNN_Dialect, "SparseMatrix"> {
  let mnemonic = "csr";
  let summary = "a sparse weight matrix in compressed sparse row form";
  let description = [{
    A `rows x cols` matrix in CSR form. Row `j` lists the in-edges of neuron
    `j` of a layer: `indices[offsets[j] .. offsets[j+1])` are the source
    positions (0-based, into the concatenation of the layer's sources) and
    `values` the weights. The three arrays are elements attributes: a
    `dense_resource` blob (what importers write; compact and not uniqued), a
    `dense` literal (hand-written tests) or a splat (e.g. uniform weights).
    Constraints C-CSR-1 to C-CSR-6 of docs/Spec.md.

    Example:
    ```mlir
    #sffnn.csr<2x3, offsets = dense<[0, 1, 3]> : tensor<3xi32>,
               indices = dense<[2, 0, 1]> : tensor<3xi32>,
               values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>>
    ```
  }];
  let parameters = (ins "int64_t":$rows, "int64_t":$cols,
                        "::mlir::ElementsAttr":$offsets,
                        "::mlir::ElementsAttr":$indices,
                        "::mlir::ElementsAttr":$values);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Number of stored connections.
    int64_t getNumNonZeros() const;

    /// The three arrays as contiguous views (CsrArrays.h), whatever their
    /// storage: how every reader gets at the weights. Requires
    /// verifyContents to have passed. O(1), or O(size) for a splat.
    ::mlir::sffnn::CsrArrays getArrays() const;

    /// Checks the array contents (C-CSR-3 to C-CSR-5): O(rows + nnz). Kept
    /// out of the attribute verifier because `dense_resource` blobs are parsed
    /// after the ops that use them; op verifiers call this instead.
    ::mlir::LogicalResult verifyContents(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError) const;
  }];
}

#endif // SFFNN_ATTRS_TD
