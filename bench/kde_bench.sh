#!/usr/bin/env bash
# `hotspot kde` as a whole process (read the CSV, estimate, write the GeoTIFF) against QGIS's
# heatmap in-process (bench/qgis_heatmap.py) on the same 1,000,000 points: 20 km x 20 km, half
# uniform and half in 200 clusters, 10 m cells (2,000 x 2,000), a 100 m quartic kernel.
# QGIS reads the points from a GeoPackage (its fastest source); hotspot reads the CSV.
#
#   bench/kde_bench.sh [POINTS=1000000]
#
# Environment: HOTSPOT (default build/hotspot), RUNS (3), WORK (a temp folder, else removed).
# Without qgis (./run test installs it) QGIS's row says "not run".
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
hotspot=${HOTSPOT:-build/hotspot}
runs=${RUNS:-3}
if [[ -n ${WORK:-} ]]; then work=$WORK; else work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
python3 - "$count" "$work/points.csv" <<'PY'
import random, sys
count, path = int(sys.argv[1]), sys.argv[2]
random.seed(42)
side = 20000.0
centres = [(random.uniform(0, side), random.uniform(0, side)) for _ in range(200)]
with open(path, "w") as out:
    out.write("x,y,offence,occurred_at\n")
    for i in range(count):
        if i % 2 == 0:
            x, y = random.uniform(0, side), random.uniform(0, side)
        else:
            cx, cy = centres[i % 200]
            x, y = random.gauss(cx, side / 200), random.gauss(cy, side / 200)
        x, y = min(max(x, 0), side - 0.01), min(max(y, 0), side - 0.01)
        out.write(f"{500000 + x:.2f},{150000 + y:.2f},burglary,2026-01\n")
PY
median() { tr ' ' '\n' | sort -n | awk 'NF {a[++n]=$1} END {print a[int((n+1)/2)]}'; }
kde() {
  "$hotspot" kde --incidents "$work/points.csv" --crs EPSG:27700 --x-column x --y-column y \
    --cell 10 --bandwidth 100 --extent 500000,150000,520000,170000 --out "$work/hotspot.tif" -q
}
# The 40 MB CSV just written is flushed to disk first, and one untimed run warms the caches:
# otherwise the first timed run shares the disk with that write-back. QGIS gets the same
# untimed first run (bench/qgis_heatmap.py).
sync
kde
hotspot_times=""
for ((i = 0; i < runs; i++)); do
  start=$(date +%s.%N)
  kde
  hotspot_times+=" $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$(date +%s.%N)")"
done
hotspot_median=$(median <<<"$hotspot_times")
echo "## Kernel density as a user runs it: $count points, 2,000 x 2,000 cells of 10 m, 100 m quartic (median of $runs)"
echo
echo "| tool | how timed | seconds |"
echo "| --- | --- | --- |"
echo "| \`hotspot kde\` | whole process: CSV in, GeoTIFF out | $hotspot_median |"
if [[ ! -x /usr/bin/qgis_process ]] || ! /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then
  echo "| QGIS heatmap | qgis not installed here: not run | |"
  exit 0
fi
ogr2ogr -f GPKG "$work/points.gpkg" "$work/points.csv" -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y \
  -a_srs EPSG:27700 -nln points -gt 1000000
mkdir -p "$work/home" "$work/run" && chmod 700 "$work/run"
qgis_times=$(HOME=$work/home XDG_RUNTIME_DIR=$work/run /usr/bin/python3 bench/qgis_heatmap.py \
  "$work/points.gpkg" "$work/qgis.tif" "$runs" 2>/dev/null | tail -1)
qgis_median=$(median <<<"$qgis_times")
qgis_version=$(QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c "from qgis.core import Qgis; print(Qgis.version())" 2>/dev/null || true)
echo "| QGIS $qgis_version heatmap | in-process \`processing.run\` only (GeoPackage in) | $qgis_median |"
echo
python3 -c "import sys; print(f'hotspot kde is {float(sys.argv[2]) / float(sys.argv[1]):.1f}x faster than QGIS heatmap')" \
  "$hotspot_median" "$qgis_median"
