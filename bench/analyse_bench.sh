#!/usr/bin/env bash
# Whole-pipeline benchmark at national scale: `hotspot synth` makes WARDS wards and INCIDENTS
# incidents, then `hotspot analyse` runs once; prints each stage's seconds (summary.json's
# timings_s), the whole run's wall and CPU seconds and its peak memory (/usr/bin/time -v).
#
#   bench/analyse_bench.sh [INCIDENTS=10000000] [WARDS=8000]
#
# Environment: HOTSPOT (default build/hotspot), WORK (a temp folder, removed unless given).
set -euo pipefail
cd "$(dirname "$0")/.."
incidents=${1:-10000000}
wards=${2:-8000}
hotspot=${HOTSPOT:-build/hotspot}
if [[ -n ${WORK:-} ]]; then work=$WORK; else work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"
[[ -f $work/in/hotspot.toml ]] || "$hotspot" synth --wards "$wards" --incidents "$incidents" --out "$work/in" -q
/usr/bin/time -v "$hotspot" analyse --config "$work/in/hotspot.toml" --out "$work/out" -q 2>"$work/time.txt" >/dev/null
python3 - "$work/out/summary.json" "$work/time.txt" "$incidents" "$wards" <<'PY'
import json, re, sys
summary, timing, incidents, wards = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), int(sys.argv[3]), sys.argv[4]
field = lambda name: re.search(name + r": *([0-9.:]+)", timing).group(1)
wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
cpu = float(field("User time \\(seconds\\)")) + float(field("System time \\(seconds\\)"))
peak_kb = int(field("Maximum resident set size \\(kbytes\\)"))
print(f"## Analyse: {incidents:,} incidents x {wards} wards, one run")
print()
print("| stage | seconds |")
print("| --- | --- |")
for stage, value in summary["timings_s"].items():
    print(f"| {stage} | {value:.2f} |")
print()
tiles = summary.get("tiles", {})
print(f"Whole run: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak {peak_kb / 1024:,.0f} MB "
      f"({peak_kb * 1024 / incidents:.0f} bytes per incident); tiles: {tiles.get('tiles', 0):,} "
      f"({tiles.get('bytes', 0) / 1e6:,.0f} MB)")
PY
