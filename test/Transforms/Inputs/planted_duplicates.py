"""A random layered network with planted duplicate neurons, and its oracle.

  planted_duplicates.py make --seed S --dir D
      writes D/net.mlir (random weights and biases, skip connections, some
      neurons copied from others of their layer), D/input.txt (dense
      samples) and D/checks.txt (the FileCheck line of the remark the merge
      pass must print: how many neurons it removes).
  planted_duplicates.py check --seed S --dir D --compare OUT
      recomputes the network in double precision and compares OUT with it:
      |ours - ref| <= 1e-5 * (|b| + sum |w*x|) + 2 ulps (docs/Testing.md).

Plain Python (no numpy): the network is small.
"""
import argparse
import math
import random
import struct


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


# (width, sources, activation, clamp): sources are -1 (the input) or earlier
# layer ids; layer 1 and 3 read skip connections.
INPUTS = 12
LAYERS = [
    (16, [-1], "relu", None),
    (14, [0, -1], "tanh", None),
    (12, [1, 0], "relu", 2.0),
    (6, [2, 1], "identity", None),
]
SAMPLES = 21


def build(seed):
    rng = random.Random(seed)
    layers, planted = [], 0
    for index, (width, sources, act, clamp) in enumerate(LAYERS):
        cols = sum(INPUTS if s < 0 else LAYERS[s][0] for s in sources)
        rows = []
        for _ in range(width):
            picked = sorted(rng.sample(range(cols), max(2, cols // 3)))
            rows.append(([(c, f32(rng.gauss(0, 0.6))) for c in picked],
                         f32(rng.uniform(-0.2, 0.2))))
        # Plant duplicates: a quarter of the neurons copy another one of
        # their layer (the output layer's too, which the pass must keep).
        for _ in range(width // 4):
            src, dst = rng.sample(range(width), 2)
            if rows[dst] != rows[src]:
                rows[dst] = rows[src]
        distinct = len({(tuple(r), b) for r, b in rows})
        if index != len(LAYERS) - 1:
            planted += width - distinct
        layers.append((sources, rows, act, clamp))
    inputs = [[f32(rng.uniform(0, 1)) if rng.random() < 0.6 else 0.0
               for _ in range(INPUTS)] for _ in range(SAMPLES)]
    return layers, inputs, planted


def fmt(values):
    return ", ".join("%.9g" % v for v in values)


def write(seed, out):
    layers, inputs, planted = build(seed)
    widths = [LAYERS[i][0] for i in range(len(LAYERS))]
    lines = ["sffnn.network @planted(%x: tensor<?x{}xf32>) -> tensor<?x{}xf32> {{"
             .format(INPUTS, widths[-1])]
    for i, (sources, rows, act, clamp) in enumerate(layers):
        names = ["%x" if s < 0 else "%l{}".format(s) for s in sources]
        types = ["tensor<?x{}xf32>".format(INPUTS if s < 0 else widths[s])
                 for s in sources]
        cols = sum(INPUTS if s < 0 else widths[s] for s in sources)
        offsets, indices, values = [0], [], []
        for entries, _ in rows:
            indices += [c for c, _ in entries]
            values += [w for _, w in entries]
            offsets.append(len(indices))
        head = act + (" clamp %.1f" % clamp if clamp else "")
        lines.append(
            "  %l{} = sffnn.layer {} ({} : {}) weights <{}x{}, "
            "offsets = dense<[{}]> : tensor<{}xi32>, "
            "indices = dense<[{}]> : tensor<{}xi32>, "
            "values = dense<[{}]> : tensor<{}xf32>> "
            "bias dense<[{}]> : tensor<{}xf32> -> tensor<?x{}xf32>".format(
                i, head, ", ".join(names), ", ".join(types), len(rows), cols,
                ", ".join(map(str, offsets)), len(offsets),
                ", ".join(map(str, indices)), len(indices), fmt(values),
                len(values), fmt(b for _, b in rows), len(rows), len(rows)))
    lines.append("  sffnn.return %l{} : tensor<?x{}xf32>".format(
        len(layers) - 1, widths[-1]))
    lines.append("}")
    with open(out + "/net.mlir", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(out + "/input.txt", "w") as f:
        for sample in inputs:
            f.write(" ".join("%.9g" % v for v in sample) + "\n")
    with open(out + "/checks.txt", "w") as f:
        f.write("CHECK: remark: merge-duplicate-neurons: removed {} of "
                .format(planted) + "{{[0-9]+}} neurons\n")
    print("planted", planted)


def activate(act, clamp, z):
    if act == "relu":
        z = max(z, 0.0)
        return min(z, clamp) if clamp else z
    return math.tanh(z) if act == "tanh" else z


def check(seed, out, compare):
    layers, inputs, _ = build(seed)
    ours = [[float(v) for v in line.split()] for line in open(compare)]
    assert len(ours) == len(inputs), "expected %d samples" % len(inputs)
    worst, checked = 0.0, 0
    for sample, got in zip(inputs, ours):
        values = []
        for sources, rows, act, clamp in layers:
            s = []
            for src in sources:
                s += sample if src < 0 else values[src]
            computed, scales = [], []
            for entries, bias in rows:
                z = bias + sum(w * s[c] for c, w in entries)
                scales.append(abs(bias) + sum(abs(w * s[c]) for c, w in entries))
                computed.append(f32(activate(act, clamp, z)))
            values.append(computed)
        assert len(got) == len(values[-1]), "expected %d outputs" % len(values[-1])
        for ref, mine, scale in zip(values[-1], got, scales):
            bound = 1e-5 * scale + 2 * math.ulp(f32(abs(ref)) or 1e-38)
            worst = max(worst, abs(mine - ref) / bound)
            checked += 1
    print("checked %d values, max error / tolerance %.3g: %s"
          % (checked, worst, "PASS" if worst <= 1 else "FAIL"))
    return 0 if worst <= 1 else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["make", "check"])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--compare")
    args = parser.parse_args()
    if args.mode == "make":
        write(args.seed, args.dir)
        return 0
    return check(args.seed, args.dir, args.compare)


if __name__ == "__main__":
    raise SystemExit(main())
