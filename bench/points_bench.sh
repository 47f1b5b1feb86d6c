#!/usr/bin/env bash
# Points benchmark: `hotspot tiles` against tippecanoe on the same 1,000,000 points, zooms 8-16.
# tippecanoe runs with -r1 --cluster-densest-as-needed (keep every point; cluster only where a
# tile would pass 500 KB), the closest match to hotspot's promise. Reports tiles, total and
# largest gzipped tile bytes, wall and CPU seconds (median of RUNS) and peak memory.
#
#   bench/points_bench.sh [POINTS=1000000] [POLYGONS.geojson for the hot centres]
#
# Environment: HOTSPOT (default build/hotspot), TIPPECANOE (default: `tippecanoe` on PATH),
# RUNS (3), WORK (a temp folder). Without tippecanoe its row says "not run".
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
polygons=${2:-../shared/data/essex/wards-2013.geojson}
[[ -f $polygons ]] || polygons=""
hotspot=${HOTSPOT:-build/hotspot}
tippecanoe=${TIPPECANOE:-$(command -v tippecanoe || true)}
runs=${RUNS:-3}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
points=$work/points.geojson
[[ -f $points ]] || bench/tiles_bench.sh --make-points "$count" "$points" "$polygons"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # prints "wall cpu peak_kb" for one run of the command
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/last.log"
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time.txt"
}
row() {  # tool, archive, then "wall cpu kb" lines on stdin
  local timings stats
  timings=$(cat)
  stats=$(python3 bench/pmtiles_stats.py "$2")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$stats" \
    "$(awk '{print $1}' <<<"$timings" | median)" "$(awk '{print $2}' <<<"$timings" | median)" \
    "$(( $(awk '{print $3}' <<<"$timings" | median) / 1024 ))"
}

echo "## Points: $count points, zooms 8-16 (median of $runs runs; $(nproc) cores)"
echo
echo "| tool | tiles | tile bytes | largest tile | wall s | CPU s | peak MB |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
times=()
for ((i = 0; i < runs; i++)); do
  times+=("$(measure "$hotspot" tiles --layer "incidents=$points" --minzoom 8 --maxzoom 16 -q --out "$work/hotspot.pmtiles")")
done
printf '%s\n' "${times[@]}" | row "hotspot tiles" "$work/hotspot.pmtiles"
if [[ -z $tippecanoe ]]; then
  echo "| tippecanoe | tippecanoe not available: not run | | | | | |"
  exit 0
fi
times=()
for ((i = 0; i < runs; i++)); do
  rm -f "$work/tippecanoe.pmtiles"
  times+=("$(measure "$tippecanoe" -q -f -Z8 -z16 -r1 --cluster-densest-as-needed -l incidents \
    -o "$work/tippecanoe.pmtiles" "$points")")
done
printf '%s\n' "${times[@]}" | row "tippecanoe $("$tippecanoe" --version 2>&1 | awk '{print $2}')" "$work/tippecanoe.pmtiles"
