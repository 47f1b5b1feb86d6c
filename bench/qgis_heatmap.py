"""QGIS's heatmap (qgis:heatmapkerneldensityestimation) timed in-process, for bench/kde_bench.sh.

Usage: /usr/bin/python3 qgis_heatmap.py POINTS.gpkg OUT.tif RUNS
Prints the seconds of each run of processing.run alone, after one untimed run: QGIS's start-up
and the reading of the layer's metadata are left out, so this is QGIS at its best. Quartic
kernel, 100 m radius, 10 m pixels, raw values, as bench/kde_bench.sh asks of `hotspot kde`.
"""
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing  # noqa: E402
import processing  # noqa: E402

Processing.initialize()
layer = QgsVectorLayer(sys.argv[1], "points", "ogr")
if not layer.isValid() or layer.featureCount() == 0:
    sys.exit(f"cannot read {sys.argv[1]}")


def heatmap():
    processing.run("qgis:heatmapkerneldensityestimation",
                   {"INPUT": layer, "RADIUS": 100, "PIXEL_SIZE": 10, "KERNEL": 0,
                    "OUTPUT_VALUE": 0, "DECAY": 0, "OUTPUT": sys.argv[2]})


heatmap()  # untimed, as kde_bench.sh's first run of hotspot kde: caches warmed for both
times = []
for run in range(int(sys.argv[3])):
    start = time.perf_counter()
    heatmap()
    times.append(time.perf_counter() - start)
print(" ".join(f"{t:.3f}" for t in times))
