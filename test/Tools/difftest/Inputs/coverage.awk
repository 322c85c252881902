# Summarizes `sparse-ffnn-difftest --list` lines: what the draws covered.
# (A line without --tile takes the target's tile, a power of two.)
{
  generator[$3] = 1
  # No --tile: the target's (0), a power of two.
  tile = 0
  for (i = 1; i <= NF; ++i) {
    if ($i ~ /^--tile=/) { split($i, a, "="); tile = a[2]; tiles[tile] = 1 }
    if ($i ~ /^--kernel-form=/) forms[$i] = 1
    if ($i ~ /^--threads=/) threads[$i] = 1
    if ($i ~ /^--opt-level=/) levels[$i] = 1
    if ($i ~ /^--activation=/ || $i ~ /^--output-activation=/) acts[$i] = 1
    if ($i ~ /^--batch=/) { split($i, a, "="); batch = a[2] }
    if ($i ~ /^--widths=/) {
      split(substr($i, 10), w, ",")
      for (j in w) if (w[j] + 0 > widest) widest = w[j] + 0
    }
    if ($i ~ /^connections=/) { split($i, a, "="); if (a[2] + 0 > most) most = a[2] + 0 }
  }
  if (/--drop-dead-samples=true/) {
    p = tile; while (p > 0 && p % 2 == 0) p /= 2
    if (p > 1) odddrop = 1; else drop = 1
  }
  if (/relu clamp/) clamped = 1
  if (tile > 0) {
    rest = batch % tile
    if (rest == 0) offsets["0"] = 1
    else if (rest == 1) offsets["+1"] = 1
    if (rest == tile - 1 || tile == 1) offsets["-1"] = 1
  }
  if (/--register-tile=(2[5-9]|[3-6][0-9])/) bigregister = 1
}
function keys(set,   k, s) { s = ""; for (k in set) s = s " " k; return s }
function count(set,   k, n) { n = 0; for (k in set) ++n; return n }
END {
  print "generators" keys(generator) " (" count(generator) ")"
  print "tiles " count(tiles)
  print "forms " count(forms) ", threads " count(threads) ", opt levels " count(levels) + 1
  print "activation flags " count(acts)
  print "drop-dead with power-of-two tiles " drop ", others " odddrop
  print "relu clamps " clamped ", register tiles above 24 " bigregister
  print "batch offsets " count(offsets)
  print "widest " (widest >= 1000 ? "1000+" : widest) ", largest network " (most > 1500 ? "over 1500" : most)
}
