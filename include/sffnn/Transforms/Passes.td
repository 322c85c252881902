//===- Passes.td - sffnn analysis and scheduling passes ---*- tablegen -*-===//
#ifndef SFFNN_TRANSFORMS_PASSES_TD
#define SFFNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

defvar ioOptions = [
  Option<"fastMemory", "fast-memory", "int64_t", /*default=*/"32",
         "Fast memory M in words (one word = one value of a batch tile); "
         "at least 2">,
  Option<"policy", "policy", "std::string", /*default=*/"\"belady\"",
         "Eviction policy of the simulation: belady or lru">,
];

// How a recorded neuron order is expanded into the simulated edge order
// (docs/IOModel.md, section 6: "Expansions").
defvar expansionOptions = [
  Option<"registerTile", "register-tile", "int64_t", /*default=*/"16",
         "Register group size the register-groups expansion assumes (the "
         "lowering's register-tile; the count is exact with pull-window=0)">,
];

def SFFNNIOBounds : Pass<"sffnn-io-bounds", "::mlir::ModuleOp"> {
  let summary = "Compute I/O bounds and the baseline schedule's exact I/O";
  let description = [{
    For every `sffnn.network`: the lower and upper bounds on the words any
    inference must move with a fast memory of M words (docs/IOModel.md),
    split into parameter I/Os (W + B, the same for every schedule) and
    activation I/Os, and the exact I/O of the baseline schedule (the program
    order, layer by layer) simulated under the chosen eviction policy, with
    its load/store breakdown. Results are recorded on the network as the
    dictionaries `sffnn.io_bounds` and `sffnn.io_baseline`, which
    `sffnn-io-report` prints. Time O(W log M) per network.
  }];
  let options = ioOptions;
}

def SFFNNSchedule : Pass<"sffnn-schedule", "::mlir::ModuleOp"> {
  let summary = "Choose a neuron order and record it with its exact I/O";
  let description = [{
    Records on every network a neuron order (`sffnn.schedule`, the computed
    neurons numbered after the inputs, in program order) and its simulated
    I/O (`sffnn.io_schedule`). `order=given` keeps the order as written (for
    layered networks the layer-by-layer baseline, and for networks built in
    construction order by `sparse-ffnn-gen io-optimal`, the order that meets
    the lower bound); `order=depth` sorts neurons by their depth (longest
    path from the inputs), a breadth-first topological order. The anchor
    orders (docs/IOModel.md, section 6.1): `grouped` puts neurons with
    identical input sets together inside each depth level and chains the
    groups by shared inputs; `rcm` sorts each level by the reverse
    Cuthill-McKee order of the network graph (Boost.Graph); `depth-first`
    computes a consumer as soon as its last source is computed, across
    layers; `partition` splits the neurons recursively with METIS by shared
    sources until each part's working set fits in `fast-memory` words;
    `cache-aware` is a greedy list scheduler on a simulated LRU cache of M
    words that next computes the ready group of equal input sets missing the
    fewest sources, a wavefront across layers; `early-release` keeps the
    cache-aware order where it crosses layers and elsewhere computes, before
    each layer's last groups, the next layer's groups that finish some
    values, so that those die before they are stored (each choice simulated
    on a window of three layers); `best` simulates every anchor
    and keeps the one that moves the fewest words. `baseline` is another name
    for `given`. `expansion` says how the order is counted: `neuron` (each
    neuron in one go), `register-groups` (the compiled kernel's register
    groups, each source loaded once for the group: partial sums), or `best`
    (the cheaper, recorded as `expansion` in `sffnn.io_schedule`). An order
    different from the one used so far drops `sffnn.blocks`,
    `sffnn.io_levels` and `sffnn.io_annealed`, which describe the old one.
  }];
  let options = !listconcat(ioOptions, expansionOptions, [
    Option<"order", "order", "std::string", /*default=*/"\"given\"",
           "given (baseline), depth, grouped, rcm, depth-first, partition, "
           "cache-aware, early-release or best">,
    Option<"expansion", "expansion", "std::string", /*default=*/"\"neuron\"",
           "neuron, register-groups or best">,
  ]);
}

def SFFNNAnneal : Pass<"sffnn-anneal", "::mlir::ModuleOp"> {
  let summary = "Reorder neurons by simulated annealing to move fewer words";
  let description = [{
    Starts from the recorded schedule (`sffnn.schedule`) or, when none is
    recorded, the best anchor order (`sffnn-schedule order=best`: never
    worse than the program order), searches neuron orders by simulated annealing (docs/IOModel.md,
    section 6: moves slide a neuron inside its window, a surrogate cost is
    updated in O(degree), the current order is simulated exactly at
    checkpoints) and records the best exactly simulated order as
    `sffnn.schedule` with its I/O as `sffnn.io_annealed`. Every exact
    simulation tries each allowed expansion (`expansion=best`: the neuron
    order and the kernel's register groups with partial sums) and the
    cheaper is recorded as `expansion`. Never worse than the start under
    any allowed expansion. Deterministic for a given seed and move budget.
    An order different from the one used so far (the recorded one, else the
    program order) drops `sffnn.blocks` and `sffnn.io_levels`, which
    describe the old one.
  }];
  let options = !listconcat(ioOptions, expansionOptions, [
    Option<"expansion", "expansion", "std::string", /*default=*/"\"best\"",
           "neuron, register-groups or best (both tried, the cheaper kept)">,
    Option<"seed", "seed", "uint64_t", /*default=*/"1", "Random seed">,
    Option<"iterations", "iterations", "int64_t", /*default=*/"100000",
           "Move budget (0: only the time budget)">,
    Option<"seconds", "seconds", "double", /*default=*/"0",
           "Time budget in seconds of the annealer itself: its set-up, "
           "moves and checkpoints, not the choice of its start before it "
           "(0: only the move budget)">,
    Option<"maxDistance", "max-distance", "int64_t", /*default=*/"16",
           "Largest slide of one move, in positions">,
    Option<"checkpoints", "checkpoints", "int64_t", /*default=*/"8",
           "Exact simulations during the run">,
  ]);
}

// How sffnn-block and sffnn-io-plot count a schedule that another pass
// chose: by default as it was recorded (docs/IOModel.md, "Expansions").
defvar countingExpansionOption =
    Option<"expansion", "expansion", "std::string", /*default=*/"\"recorded\"",
           "recorded (the expansion and register tile the schedule was "
           "recorded with, whatever register-tile says; a neuron order when "
           "none is), neuron, register-groups or best (the cheaper at each "
           "size)">;

def SFFNNBlock : Pass<"sffnn-block", "::mlir::ModuleOp"> {
  let summary = "Split the schedule into cache blocks for each memory level";
  let description = [{
    Splits the recorded schedule (`sffnn.schedule`, else the program order)
    into nested blocks whose working set fits each level of the machine
    (docs/IOModel.md, section 6) and simulates the schedule with each level's
    size as M. Records `sffnn.blocks` (level name -> block start positions)
    and `sffnn.io_levels` (level name -> words, blocks, simulated I/O and the
    expansion it was counted with). The machine is `host` (the vector
    registers and caches of the host as sffnn::describeHost finds them: a
    machine file named by $SFFNN_MACHINE_FILE, sysfs, sysconf or CPUID;
    docs/Pipeline.md) or a list such as `registers=32,l1=768,l2=32768` in
    words. `expansion` says how the schedule is counted: by default
    (`recorded`) the way the pass that chose it counted it (the expansion
    and register tile of `sffnn.io_annealed`, else `sffnn.io_schedule`, else
    `sffnn.io_baseline`; a neuron order when nothing is recorded), so the
    level counts agree with `sffnn-io-report`; `neuron`, `register-groups`
    or `best` (the cheaper per level) as in `sffnn-schedule`. When register
    groups are counted, blocks start only at register-group starts, so the
    lowering (which ends a group at every block start) keeps the groups
    that were counted.
  }];
  let options = !listconcat(expansionOptions, [
    Option<"machine", "machine", "std::string", /*default=*/"\"host\"",
           "host, or name=words,... (e.g. registers=32,l1=768,l2=32768)">,
    Option<"wordBytes", "word-bytes", "int64_t", /*default=*/"64",
           "Bytes per word when reading the host (64: 16 fp32 lanes)">,
    Option<"policy", "policy", "std::string", /*default=*/"\"belady\"",
           "Eviction policy of the per-level simulations: belady or lru">,
    countingExpansionOption,
  ]);
}

def SFFNNIOPlot : Pass<"sffnn-io-plot", "::mlir::ModuleOp"> {
  let summary = "Plot I/Os versus fast memory size as SVG";
  let description = [{
    For every network, simulates the baseline, the best anchor order
    (`sffnn-schedule order=best`) and, with `anneal-iterations` > 0, an
    annealed order found for each M, at every fast-memory size of
    `memories`, and draws total I/Os against M (log scale) with the lower,
    instance lower and upper bounds, as an SVG file. With several
    networks the network name is inserted before the extension. Every
    point is counted under `expansion` (as in `sffnn-block`: by default the
    expansion the network's schedule was recorded with); the title says
    which, each point's tooltip gives M, the count and its expansion, and
    with `best` the points where register groups were cheaper are drawn
    hollow.
  }];
  let options = !listconcat(expansionOptions, [
    Option<"output", "output", "std::string", /*default=*/"\"\"",
           "SVG file to write">,
    ListOption<"memories", "memories", "int64_t",
               "Fast memory sizes in words (default 2, 4, ..., 4096)">,
    Option<"policy", "policy", "std::string", /*default=*/"\"belady\"",
           "Eviction policy: belady or lru">,
    Option<"annealIterations", "anneal-iterations", "int64_t",
           /*default=*/"0", "Annealing moves per size (0: no annealing)">,
    countingExpansionOption,
  ]);
}

def SFFNNRoofline : Pass<"sffnn-roofline", "::mlir::ModuleOp"> {
  let summary = "Predict each layer's speed per storage format (sparsity roofline)";
  let description = [{
    For every `sffnn.layer` (docs/Roofline.md): FLOPs, bytes, arithmetic
    intensity, the memory level the data comes from, whether it is
    memory-bound, the predicted time and the speedup over dense, for each
    format of `formats` (dense, csr, bsrRxC, N:M, schedule), plus CSR's
    break-even density; network totals are the ratio of summed times. The
    machine is a file written by `sparse-ffnn-run --calibrate` or a spec
    `peak=FLOPS,l1=BYTES:BW,...,dram=BW`. Writes a table (`table`), JSON
    (`output`) and an SVG roofline chart (`svg`).
  }];
  let options = [
    Option<"machine", "machine", "std::string", /*default=*/"\"\"",
           "Machine file (JSON) or spec peak=...,l1=BYTES:BW,...,dram=BW">,
    Option<"batch", "batch", "int64_t", /*default=*/"1024",
           "Batch size N">,
    Option<"formats", "formats", "std::string",
           /*default=*/"\"dense,csr,bsr4x4,bsr16x16,2:4,schedule\"",
           "Formats, comma-separated">,
    Option<"efficiency", "efficiency", "std::string", /*default=*/"\"\"",
           "Measured fraction of the roofline per format, e.g. "
           "dense=0.67,csr=0.095 (bench/RooflineValidation.cpp): adds "
           "expected times and speedups">,
    Option<"output", "output", "std::string", /*default=*/"\"\"",
           "JSON file (- for stdout)">,
    Option<"table", "table", "std::string", /*default=*/"\"\"",
           "Text table file (- for stdout)">,
    Option<"svg", "svg", "std::string", /*default=*/"\"\"",
           "SVG roofline chart">,
  ];
}

def SFFNNMergeDuplicateNeurons
    : Pass<"sffnn-merge-duplicate-neurons", "::mlir::ModuleOp"> {
  let summary = "Merge neurons of a layer with identical sources, weights, "
                "bias and activation";
  let description = [{
    In every `sffnn.layer` (all of whose neurons share the activation and
    clamp), neurons with the same connections, the same weights bit for bit
    and the same bias bit for bit compute the same values: the first one is
    kept and the others removed. Consumers read the survivor; a consumer
    that read several duplicates gets one connection whose weight is their
    sum (double, rounded once to f32; a sum beyond f32 is an error). Layers
    whose result is returned, split or concatenated keep all their neurons,
    so the network's inputs and outputs stay as they are. In the
    neuron-level form, `sffnn.neuron` ops with the same sources, weights,
    bias, activation and clamp are merged the same way. Rows are hashed:
    expected linear time. Reports the neurons and connections removed as a
    remark per changed network; drops the network's
    recorded schedule, blocks and I/O counts, which number the old neurons.
  }];
}

def SFFNNIOReport : Pass<"sffnn-io-report", "::mlir::ModuleOp"> {
  let summary = "Write the I/O results as JSON and as a table";
  let description = [{
    Writes what `sffnn-io-bounds` (and `sffnn-schedule`, `sffnn-anneal`)
    recorded: JSON with one object per network to `output` and a table per
    network, readable by people, to `table` (`-` is stdout, empty: not
    written). A network without `sffnn.io_bounds` is an error.
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"\"",
           "JSON file (- for stdout)">,
    Option<"table", "table", "std::string", /*default=*/"\"\"",
           "Text table file (- for stdout)">,
  ];
}

def SFFNNRaiseLinalg : Pass<"sffnn-raise-linalg", "::mlir::ModuleOp"> {
  let summary = "Raise sparse FFNN subgraphs of linalg-on-tensors IR to sffnn";
  let description = [{
    Finds, in linalg-on-tensors IR as torch-mlir and MPACT emit it, the
    subgraphs that are sparse feed-forward networks: contractions (through
    linalg's contraction interface) of a batch with a constant weight
    (`arith.constant`, possibly through a transpose or a
    `sparse_tensor.convert`; zeros dropped), followed by bias adds, relu,
    clamps, sigmoid, tanh and skip adds. Each becomes an `sffnn.network`
    symbol of the module and an `sffnn.call` in its place. A layer is raised
    when its fraction of zero weights is at least `min-sparsity`, or, by
    default, when the sparsity roofline of `machine` predicts CSR faster than
    dense for it. Every contraction left alone, and every op a network stops
    at, gets a remark saying why. docs/Integration.md lists the forms.
  }];
  let dependentDialects = ["::mlir::sffnn::SFFNNDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"minSparsity", "min-sparsity", "double", /*default=*/"-1",
           "Raise layers with at least this fraction of zero weights, in "
           "[0, 1] (0 raises all; negative: decided by the roofline)">,
    Option<"machine", "machine", "std::string", /*default=*/"\"\"",
           "The roofline's machine: a file from sparse-ffnn-run --calibrate, "
           "a spec peak=...,l1=BYTES:BW,...,dram=BW, or empty for a nominal "
           "model of the host">,
    Option<"batch", "batch", "int64_t", /*default=*/"1",
           "The batch the roofline assumes where the IR's is dynamic">,
  ];
}

#endif // SFFNN_TRANSFORMS_PASSES_TD
