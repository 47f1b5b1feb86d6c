"""What the algorithms share: finding the hotspot binary, handing it QGIS layers as files, running
it with progress and cancel, and loading hotspot.gpkg's tables with their stored styles."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile

from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsRasterLayer,
                       QgsVectorFileWriter, QgsVectorLayer)

BINARY_SETTING = "HOTSPOT_BINARY"


def find_binary():
    """The hotspot binary: the provider's setting, then $HOTSPOT_BINARY, then PATH."""
    candidates = []
    try:
        from processing.core.ProcessingConfig import ProcessingConfig

        candidates.append(ProcessingConfig.getSetting(BINARY_SETTING))
    except ImportError:
        pass
    candidates.append(os.environ.get("HOTSPOT_BINARY"))
    candidates.append(shutil.which("hotspot"))
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise QgsProcessingException(
        "Cannot find the hotspot binary: set it in Processing > Options > Providers > Hotspot, "
        "set HOTSPOT_BINARY, or put hotspot on PATH (build it with ./run build: build/hotspot)")


def layer_as_file(layer, work_dir, name, feedback):
    """A path hotspot can read for `layer`: the layer's own file when it is one whole file (or a
    database connection string), else the layer exported to a GeoPackage in work_dir."""
    provider = layer.providerType()
    source = layer.source()
    if provider == "ogr" and not layer.subsetString():
        path, _, options = source.partition("|")
        only_layer = not options or re.fullmatch(r"layername=[^|]+", options) and \
            len(layer.dataProvider().subLayers()) <= 1
        if os.path.isfile(path) and only_layer:
            return path
    if provider == "delimitedtext" and not layer.subsetString():
        path = source.split("?", 1)[0]
        path = path[len("file://"):] if path.startswith("file://") else path
        if os.path.isfile(path):  # hotspot reads the CSV itself, with its own column detection
            return path
    target = os.path.join(work_dir, name + ".gpkg")
    feedback.pushInfo(f"Exporting {layer.name()} to {target}")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, target, layer.transformContext(), options)
    if result[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"Cannot export {layer.name()}: {result[1]}")
    return target


def run(arguments, feedback):
    """Runs hotspot with `arguments`, passing its progress lines to `feedback`; raises on failure."""
    command = [find_binary()] + [str(argument) for argument in arguments]
    feedback.pushCommandInfo(" ".join(command))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", errors="replace")
    lines = []
    for line in process.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        feedback.pushConsoleInfo(line)
        if feedback.isCanceled():
            process.terminate()  # hotspot removes its temporary files on SIGTERM
            break
    code = process.wait()
    if feedback.isCanceled():
        raise QgsProcessingException("Cancelled")
    if code != 0:
        raise QgsProcessingException("hotspot failed (exit code %d): %s" % (code, "\n".join(lines[-5:])))
    return lines


def stored_styles(gpkg):
    """table name → QML, from the GeoPackage's layer_styles table."""
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault ORDER BY id").fetchall()
    return dict(rows)


def load_geopackage(gpkg, context, feedback):
    """Adds every table of hotspot.gpkg to the project when the algorithm completes, styled."""
    styles = stored_styles(gpkg)
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as connection:
        tables = connection.execute(
            "SELECT table_name, data_type FROM gpkg_contents ORDER BY "
            "CASE data_type WHEN '2d-gridded-coverage' THEN 0 ELSE 1 END, table_name").fetchall()
    order = {"incidents": 3, "hotspots": 2, "wards": 0}
    tables.sort(key=lambda table: (table[1] != "2d-gridded-coverage", order.get(table[0], 1)))
    for table, data_type in tables:
        if table == "layer_styles":
            continue
        if data_type == "2d-gridded-coverage":
            layer = QgsRasterLayer(f"GPKG:{gpkg}:{table}", table, "gdal")
        else:
            layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if not layer.isValid():
            feedback.reportError(f"Cannot load {table} from {gpkg}")
            continue
        if table in styles:  # vector layers read it themselves; rasters need it applied
            apply_qml(layer, styles[table])
        context.temporaryLayerStore().addMapLayer(layer)
        context.addLayerToLoadOnCompletion(
            layer.id(), QgsProcessingContext.LayerDetails(table, context.project(), table))


def apply_qml(layer, qml):
    with tempfile.NamedTemporaryFile("w", suffix=".qml", delete=False, encoding="utf-8") as file:
        file.write(qml)
    try:
        layer.loadNamedStyle(file.name)
    finally:
        os.unlink(file.name)
