#!/usr/bin/env bash
# ./run bench: every benchmark, printed as the markdown tables the README quotes.
#   join:    Hotspot's ward locator vs GEOS (prepared + STRtree), 100k / 1M / 10M incidents,
#            synthetic national wards and (when ../shared/data is present) the real England wards
#   density: exact fast KDE vs point-by-point stamping (bench/density_bench.cpp)
#   kde:     `hotspot kde` as a whole process vs QGIS's heatmap in-process, 1M points
#            (bench/kde_bench.sh; QGIS's row says "not run" without qgis)
#   tiles:   hotspot tiles vs ogr2ogr -f MVT, zooms 6-14: Essex wards + 100k points by default;
#            FULL=1 for England's wards + 1M points (ogr2ogr alone then takes about 20 minutes)
#   points:  hotspot tiles vs tippecanoe on 1M points, zooms 8-16 (tippecanoe from PATH or
#            $TIPPECANOE; without it the row says "not run")
#   nearrepeat: the Knox test on 50,000 burglaries x 999 permutations (bench/nearrepeat_bench.cpp)
#   analyse: FULL=1: 10M synthetic incidents x 8,000 wards through `hotspot analyse`, stage by
#            stage, with peak memory (several minutes)
# Options (environment): SIZES=100000,1000000,10000000  RUNS=3  QUICK=1 (small sizes only)  FULL=1
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/data
sizes=${SIZES:-100000,1000000,10000000}
runs=${RUNS:-3}
if [[ ${QUICK:-} == 1 ]]; then sizes=100000,1000000; fi

echo "# Hotspot benchmarks"
echo
echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u +%Y-%m-%d)"
echo

england=""
if [[ -f $shared/england/wards-2013.geojson ]]; then england=$shared/england/wards-2013.geojson; fi
build/join_bench --sizes "$sizes" --runs "$runs" ${england:+--england "$england"}
echo

if [[ -x build/density_bench ]]; then
  build/density_bench
  echo
fi

RUNS=$runs bench/kde_bench.sh
echo

if [[ -x build/nearrepeat_bench ]]; then
  build/nearrepeat_bench "$runs"
  echo
fi

polygons=$shared/essex/wards-2013.geojson
points=${TILE_POINTS:-100000}
if [[ ${FULL:-} == 1 && -n $england ]]; then polygons=$england points=${TILE_POINTS:-1000000}; fi
if [[ -f $polygons && -x bench/tiles_bench.sh ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  bench/tiles_bench.sh --make-points "$points" "$work/points.geojson" "$polygons" >/dev/null
  echo "## Tiles: $(basename "$(dirname "$polygons")") wards + $points points, zooms 6-14"
  WORK=$work bench/tiles_bench.sh "$polygons" "$work/points.geojson" 6 14
fi

echo
RUNS=${RUNS:-3} bench/points_bench.sh "${POINTS:-1000000}"
if [[ ${FULL:-} == 1 ]]; then
  echo
  bench/analyse_bench.sh "${ANALYSE_INCIDENTS:-10000000}" "${ANALYSE_WARDS:-8000}"
fi
