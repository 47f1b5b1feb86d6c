#!/usr/bin/env bash
# The QGIS Processing provider (qgis/hotspot_processing), driven headless by Debian's qgis_process:
# - `qgis_process run hotspot:analyse` on the Essex data writes the same files as the command
#   line, byte for byte (wards.csv, hotspots.csv, fields.csv, rejects.csv, hotspot.gpkg);
# - a layer that is not a whole file (here: with a subset filter) is exported and still gives
#   the same wards.csv;
# - hotspot.gpkg opens in QGIS styled (the stored styles) and renders to a PNG that is not blank
#   (saved as ARTIFACT_DIR/essex-qgis.png to look at).
# Usage: qgis_processing.sh HOTSPOT_BINARY DATA_DIR ARTIFACT_DIR
set -euo pipefail
binary=$1 data=$2 artifacts=$3
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [[ ! -d $data/essex ]]; then
  if [[ -n ${CI:-} ]]; then echo "FAILED: no Essex data in $data (CI)"; exit 1; fi
  echo "skipped: no Essex data in $data"; exit 77
fi
# Debian 12's /usr/bin/qgis_process wrapper passes --noversioncheck, which qgis_process 3.22
# refuses: call the program itself.
qgis_process=$(command -v qgis_process.bin || true)
[[ -n $qgis_process ]] || { echo "FAILED: qgis_process is not installed (apt-get install qgis python3-qgis)"; exit 1; }
work=$(mktemp -d /tmp/hotspot-qgis.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/run" "$work/tmp" "$artifacts"
chmod 700 "$work/run"
export HOME=$work/home XDG_RUNTIME_DIR=$work/run TMPDIR=$work/tmp QT_QPA_PLATFORM=offscreen
export QGIS_PLUGINPATH=$repo/qgis HOTSPOT_BINARY=$binary
passes=0 failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; passes=$((passes + 1)); else echo "FAILED: $what"; failures=$((failures + 1)); fi
}

"$qgis_process" plugins enable hotspot_processing >/dev/null 2>&1
check "the Processing toolbox lists hotspot:analyse, kde and evaluate" \
  bash -c "\"$qgis_process\" list 2>/dev/null | grep -c 'hotspot:\\(analyse\\|kde\\|evaluate\\)' | grep -qx 3"

essex=$data/essex
"$qgis_process" run hotspot:analyse -- "INCIDENT_FOLDER=$essex/police-uk" \
  "WARDS=$essex/wards-2013.geojson" VIEWER=false TILES=false "OUTPUT=$work/qgis" >"$work/qgis.log" 2>&1 ||
  { cat "$work/qgis.log"; exit 1; }
"$binary" analyse --incidents "$essex/police-uk" --wards "$essex/wards-2013.geojson" --no-viewer \
  --no-tiles --quiet --out "$work/cli"
for file in wards.csv hotspots.csv fields.csv rejects.csv hotspot.gpkg; do
  check "qgis_process and the command line write the same $file" cmp -s "$work/qgis/$file" "$work/cli/$file"
done

"$qgis_process" run hotspot:analyse -- "INCIDENT_FOLDER=$essex/police-uk" \
  "WARDS=$essex/wards-2013.geojson|subset=\"WD13CD\" IS NOT NULL" VIEWER=false TILES=false \
  "OUTPUT=$work/exported" >"$work/exported.log" 2>&1 || { cat "$work/exported.log"; exit 1; }
check "a filtered layer is exported first" grep -q "Exporting" "$work/exported.log"
check "and gives the same wards.csv" cmp -s "$work/exported/wards.csv" "$work/cli/wards.csv"

/usr/bin/python3 "$repo/tests/qgis/render_gpkg.py" "$work/qgis/hotspot.gpkg" "$artifacts/essex-qgis.png" \
  2>/dev/null | tail -1 >"$work/render.json"
python3 - "$work/render.json" <<'PY' && ok=1 || ok=0
import json, sys
report = json.load(open(sys.argv[1]))
assert report["wards"]["renderer"] == "RuleRenderer", report["wards"]       # the stored style, by itself
assert report["hotspots"]["renderer"] == "categorizedSymbol", report["hotspots"]
assert report["incidents"]["renderer"] == "singleSymbol", report["incidents"]
assert report["density_burglary"]["renderer"] == "singlebandpseudocolor", report["density_burglary"]
picture = report["picture"]
assert picture["drawn"] > 0.2 * picture["sampled_pixels"], picture          # not blank
assert picture["distinct_colours"] > 20, picture                             # classes, not one fill
PY
check "hotspot.gpkg opens styled and renders a picture that is not blank ($(cat "$work/render.json" | head -c 300))" test $ok == 1
echo "$passes passed, $failures failed"
exit $((failures > 0))
