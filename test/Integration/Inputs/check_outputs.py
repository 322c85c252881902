"""Checks what an integration test's main printed with printMemrefF32.

The module prints, for each result it checks, three labelled memrefs:
DIFF (its result through sffnn.call minus the same computation without
sffnn, computed in the module), SCALE (s = |b| + sum |w * y| of the last
layer, computed by the reference) and OUT (the result itself). Every
element must satisfy |DIFF| <= rtol * SCALE + 2 ulps of OUT (docs/Testing.md),
and at least 5% of the outputs must be nonzero, so that a dead network
cannot pass. Exit status 1 on any failure, or when nothing was checked.
"""
import re
import sys

import numpy as np

RTOL = 1e-5
FLOOR_ULPS = 2


def parse(text):
    """Label -> list of flat float arrays, in the order printed."""
    blocks = {}
    pattern = re.compile(r"(DIFF|SCALE|OUT)\s*Unranked Memref[^\n]*data =(.*?)(?=DIFF|SCALE|OUT|\Z)",
                         re.S)
    for label, data in pattern.findall(text):
        numbers = re.findall(r"[-+]?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", data)
        blocks.setdefault(label, []).append(np.array(numbers, dtype=np.float64))
    return blocks


def main():
    blocks = parse(sys.stdin.read())
    triples = list(zip(blocks.get("DIFF", []), blocks.get("SCALE", []),
                       blocks.get("OUT", [])))
    if not triples or len(set(map(len, blocks.values()))) != 1:
        print("FAILED: expected DIFF, SCALE and OUT blocks, got",
              {k: len(v) for k, v in blocks.items()})
        return 1
    failures = checked = alive = 0
    worst = 0.0
    for diff, scale, out in triples:
        if not (len(diff) == len(scale) == len(out)) or len(out) == 0:
            print("FAILED: blocks of different sizes")
            return 1
        tolerance = RTOL * scale + FLOOR_ULPS * np.spacing(
            np.abs(out).astype(np.float32)).astype(np.float64)
        bad = ~(np.abs(diff) <= tolerance)  # NaN fails
        failures += int(bad.sum())
        worst = max(worst, float(np.max(np.abs(diff) / tolerance)))
        checked += len(out)
        alive += int(np.count_nonzero(out))
    print("checked %d values, alive %.3f, max error / tolerance %.3g"
          % (checked, alive / checked, worst))
    if failures or alive < 0.05 * checked:
        print("FAILED: %d values outside the tolerance" % failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
