#!/usr/bin/env bash
# Tiling benchmark: `hotspot tiles` against `ogr2ogr -f MVT` on the same layers and zooms.
# Reports tiles, bytes, largest tile and wall time (median of RUNS, default 3).
#
#   bench/tiles_bench.sh POLYGONS.geojson POINTS.geojson [MINZOOM=6] [MAXZOOM=14]
#   bench/tiles_bench.sh --make-points N OUT.geojson [POLYGONS.geojson]   # synthetic incidents
#
# Environment: HOTSPOT (default build/hotspot), RUNS (3), WORK (a temp folder), SKIP_OGR=1.
# Tile sizes compare like with like: ogr2ogr's tiles are gzipped (COMPRESS=YES, its default),
# and so are the tiles inside the PMTiles archive.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --make-points ]]; then
  count=$2 out=$3 polygons=${4:-}
  python3 - "$count" "$out" "$polygons" <<'PY'
import json, random, sys
count, out, polygons = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(1)
# Hot centres: vertices of the polygon layer when given (so points fall where wards are), else England.
centres = []
if polygons:
    data = json.load(open(polygons))
    for feature in data["features"][:: max(1, len(data["features"]) // 400)]:
        geometry = feature["geometry"]
        ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
        centres.append(ring[0])
if not centres:
    centres = [[random.uniform(-3.0, 1.5), random.uniform(50.8, 54.5)] for _ in range(400)]
categories = ["burglary", "anti-social-behaviour", "violent-crime", "vehicle-crime", "drugs", "shoplifting"]
with open(out, "w") as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    for i in range(count):
        lon, lat = random.choice(centres)
        spread = random.choice([0.002, 0.01, 0.05])
        lon, lat = lon + random.gauss(0, spread), lat + random.gauss(0, spread * 0.6)
        props = {"category": random.choice(categories), "month": "2024-%02d" % random.randint(1, 12),
                 "hour": random.randint(-1, 23)}
        f.write(("," if i else "") + json.dumps({"type": "Feature", "properties": props,
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}}) + "\n")
    f.write("]}\n")
PY
  exit 0
fi

polygons=${1:?usage: bench/tiles_bench.sh POLYGONS.geojson POINTS.geojson [MINZOOM] [MAXZOOM]}
points=${2:?points GeoJSON}
min_zoom=${3:-6}
max_zoom=${4:-14}
hotspot=${HOTSPOT:-build/hotspot}
runs=${RUNS:-3}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Wall and CPU (user + system) seconds: on a shared machine CPU time is the steadier measure.
seconds() {
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" >/dev/null 2>"$work/last.log"
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time.txt"
}
report() {  # tool, tiles, bytes, largest, then "wall cpu" lines on stdin
  local timings wall cpu
  timings=$(cat)
  wall=$(awk '{print $1}' <<<"$timings" | median)
  cpu=$(awk '{print $2}' <<<"$timings" | median)
  printf '%-10s %10s %14s %12s %10s %10s\n' "$1" "$2" "$3" "$4" "$wall" "$cpu"
}

# Largest and total gzipped tile bytes inside a PMTiles archive (spec v3, read independently).
pmtiles_stats() {
  python3 bench/pmtiles_stats.py "$1" --plain
}

folder_stats() {
  find "$1" -name '*.pbf' -printf '%s\n' | awk '{n++; s+=$1; if ($1>m) m=$1} END {print n, s, m}'
}

echo "layers: $(basename "$polygons") + $(basename "$points"), zooms $min_zoom-$max_zoom, median of $runs runs"
printf '%-10s %10s %14s %12s %10s %10s\n' tool tiles tile_bytes largest wall_s cpu_s

times=()
for ((i = 0; i < runs; i++)); do
  times+=("$(seconds "$hotspot" tiles --layer "wards=$polygons" --layer "incidents=$points" \
    --minzoom "$min_zoom" --maxzoom "$max_zoom" --out "$work/hotspot.pmtiles")")
done
read -r tiles bytes largest < <(pmtiles_stats "$work/hotspot.pmtiles")
printf '%s\n' "${times[@]}" | report hotspot "$tiles" "$bytes" "$largest"

if [[ ${SKIP_OGR:-0} != 1 ]]; then
  # ogr2ogr reads one datasource: a VRT names both layers as hotspot does.
  python3 - "$work/layers.vrt" "$polygons" "$points" <<'PY'
import os, sys
path, polygons, points = sys.argv[1:]
layer = lambda p: os.path.splitext(os.path.basename(p))[0]
open(path, "w").write(f"""<OGRVRTDataSource>
  <OGRVRTLayer name="wards"><SrcDataSource>{os.path.realpath(polygons)}</SrcDataSource><SrcLayer>{layer(polygons)}</SrcLayer></OGRVRTLayer>
  <OGRVRTLayer name="incidents"><SrcDataSource>{os.path.realpath(points)}</SrcDataSource><SrcLayer>{layer(points)}</SrcLayer></OGRVRTLayer>
</OGRVRTDataSource>
""")
PY
  times=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$work/ogr"
    times+=("$(seconds ogr2ogr -f MVT "$work/ogr" "$work/layers.vrt" -dsco MINZOOM="$min_zoom" -dsco MAXZOOM="$max_zoom")")
  done
  read -r tiles bytes largest < <(folder_stats "$work/ogr")
  printf '%s\n' "${times[@]}" | report ogr2ogr "$tiles" "$bytes" "$largest"
fi
