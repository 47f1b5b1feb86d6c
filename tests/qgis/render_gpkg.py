"""Opens hotspot.gpkg in QGIS (headless) as a user who drags it in: each table as a layer, with the
style QGIS finds for it by itself. Renders the map to a PNG and prints what it found as JSON:
the renderer of each layer and, for the picture, how many pixels are not background.
Usage: render_gpkg.py HOTSPOT.GPKG OUT.PNG"""
import json
import os
import sqlite3
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRasterLayer,  # noqa: E402
                       QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402

gpkg, png = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.initQgis()
with sqlite3.connect(gpkg) as connection:
    tables = connection.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall()
layers, report = [], {}
for table, data_type in tables:
    if data_type == "2d-gridded-coverage":
        layer = QgsRasterLayer(f"GPKG:{gpkg}:{table}", table, "gdal")
        if layer.isValid():
            # What QGIS does when the file is dragged in: the default style stored for the table.
            # QGIS 3.22 reads stored styles for vector tables only: apply the raster's stored
            # style as the Processing plugin does (a user: Layer Properties > Style > Load).
            with sqlite3.connect(gpkg) as connection:
                row = connection.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = ?",
                                         (table,)).fetchone()
            document = QDomDocument()
            if row and document.setContent(row[0])[0]:
                layer.importNamedStyle(document)
            report[table] = {"kind": "raster", "renderer": layer.renderer().type()}
    elif data_type == "features":
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if layer.isValid():
            report[table] = {"kind": "vector", "renderer": layer.renderer().type(),
                             "features": layer.featureCount(), "labels": layer.labelsEnabled()}
    else:
        continue
    if not layer.isValid():
        report[table] = {"valid": False}
        continue
    layers.append(layer)

# Draw order: density beneath, then wards, hotspots, incidents on top.
order = {"wards": 1, "hotspots": 2, "incidents": 3}
layers.sort(key=lambda layer: order.get(layer.name(), 0), reverse=True)
settings = QgsMapSettings()
# One density at a time, as in the viewer: the first layer's.
densities = [layer for layer in layers if isinstance(layer, QgsRasterLayer)]
settings.setLayers([layer for layer in layers
                    if layer.name() != "incidents" and (layer not in densities or layer is densities[-1])])
extent = QgsRectangle()
for layer in layers:
    if layer.name() == "wards":
        extent = layer.extent()
settings.setDestinationCrs(layers[0].crs())
settings.setExtent(extent)
settings.setOutputSize(QSize(1000, 800))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
image.save(png, "PNG")
background = QColor(255, 255, 255).rgb()
drawn = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
            if image.pixel(x, y) != background)
colours = len({image.pixel(x, y) for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)})
report["picture"] = {"sampled_pixels": (image.width() // 2) * (image.height() // 2), "drawn": drawn,
                     "distinct_colours": colours}
print(json.dumps(report), flush=True)
os._exit(0)  # QGIS 3.22's exitQgis() can crash on the way out; everything is written by now
