"""Hotspot's Processing algorithms: analyse, kde and evaluate, each a thin layer over the hotspot
command of the same name (so the toolbox and the command line give the same files)."""
import os
import tempfile

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingOutputFile,
                       QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFile, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString,
                       QgsProcessingParameterVectorLayer)

from . import runner

KERNELS = ["quartic", "epanechnikov", "triangular", "uniform", "gaussian"]


class HotspotAlgorithm(QgsProcessingAlgorithm):
    """Common parts: group, help and the incident inputs (layers and/or a police.uk folder)."""

    def group(self):
        return ""

    def groupId(self):  # noqa: N802
        return ""

    def createInstance(self):  # noqa: N802
        return type(self)()

    def add_incident_inputs(self):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INCIDENTS", "Incident layers (points, or CSV tables hotspot reads itself)",
            QgsProcessing.TypeVector, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "INCIDENT_FOLDER", "Folder of police.uk CSV files", QgsProcessingParameterFile.Folder,
            optional=True))

    def incident_arguments(self, parameters, context, work_dir, feedback, required):
        layers = self.parameterAsLayerList(parameters, "INCIDENTS", context)
        folder = self.parameterAsFile(parameters, "INCIDENT_FOLDER", context)
        paths = [runner.layer_as_file(layer, work_dir, f"incidents_{k}", feedback)
                 for k, layer in enumerate(layers)]
        if folder:
            paths.append(folder)
        if not paths:
            if required:
                raise QgsProcessingException("Give incident layers or a folder of police.uk CSV files")
            return []
        return ["--incidents"] + paths


class AnalyseAlgorithm(HotspotAlgorithm):
    def name(self):
        return "analyse"

    def displayName(self):  # noqa: N802
        return "Hotspot: analyse"

    def shortHelpString(self):  # noqa: N802
        return ("Ward profiles, hotspot areas and density surfaces (hotspot analyse). Writes the "
                "output folder (wards.csv, hotspots.csv, hotspot.gpkg, the viewer, ...) and adds "
                "hotspot.gpkg's layers to the project, styled like the viewer.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_incident_inputs()
        self.addParameter(QgsProcessingParameterVectorLayer(
            "WARDS", "Areas (ward or other ONS geography polygons)", [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "POPULATION", "Population CSV (optional)", extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "CONFIG", "Configuration (hotspot.toml, optional)", extension="toml", optional=True))
        self.addParameter(QgsProcessingParameterString("FROM", "First month (YYYY-MM)", optional=True))
        self.addParameter(QgsProcessingParameterString("TO", "Last month (YYYY-MM)", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            "PUBLIC", "Public outputs (small counts withheld, no incident points)", defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean("VIEWER", "Copy the map viewer", defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean("TILES", "Write tiles.pmtiles", defaultValue=True))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "hotspot.gpkg"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = self.parameterAsString(parameters, "OUTPUT", context)
        config = self.parameterAsFile(parameters, "CONFIG", context)
        with tempfile.TemporaryDirectory(prefix="hotspot-qgis-") as work_dir:
            arguments = ["analyse"]
            if config:
                arguments += ["--config", config]
            arguments += self.incident_arguments(parameters, context, work_dir, feedback,
                                                 required=not config)
            wards = self.parameterAsVectorLayer(parameters, "WARDS", context)
            if wards is not None:
                arguments += ["--wards", runner.layer_as_file(wards, work_dir, "wards", feedback)]
            elif not config:
                raise QgsProcessingException("Give the areas (ward polygons) or a configuration file")
            population = self.parameterAsFile(parameters, "POPULATION", context)
            if population:
                arguments += ["--population", population]
            for key, flag in (("FROM", "--from"), ("TO", "--to")):
                value = self.parameterAsString(parameters, key, context)
                if value:
                    arguments += [flag, value]
            if self.parameterAsBoolean(parameters, "PUBLIC", context):
                arguments.append("--public")
            if not self.parameterAsBoolean(parameters, "VIEWER", context):
                arguments.append("--no-viewer")
            if not self.parameterAsBoolean(parameters, "TILES", context):
                arguments.append("--no-tiles")
            arguments += ["--out", out]
            runner.run(arguments, feedback)
        gpkg = os.path.join(out, "hotspot.gpkg")
        runner.load_geopackage(gpkg, context, feedback)
        return {"OUTPUT": out, "GEOPACKAGE": gpkg}


class KdeAlgorithm(HotspotAlgorithm):
    def name(self):
        return "kde"

    def displayName(self):  # noqa: N802
        return "Hotspot: kernel density"

    def shortHelpString(self):  # noqa: N802
        return ("Kernel density of incidents in incidents per km² (hotspot kde): exact, with the "
                "quartic kernel by default; a Float32 GeoTIFF.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_incident_inputs()
        self.addParameter(QgsProcessingParameterString("CATEGORY", "Only this category (slug)", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "CELL", "Cell size (m)", QgsProcessingParameterNumber.Double, 100, minValue=0.01))
        self.addParameter(QgsProcessingParameterNumber(
            "BANDWIDTH", "Bandwidth (m)", QgsProcessingParameterNumber.Double, 500, minValue=0.01))
        self.addParameter(QgsProcessingParameterEnum("KERNEL", "Kernel", KERNELS, defaultValue=0))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "WARDS", "Study area (optional: the grid covers it)", [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            "CRS", "CRS of x/y columns in a CSV (e.g. EPSG:27700)", optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", "Density"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        with tempfile.TemporaryDirectory(prefix="hotspot-qgis-") as work_dir:
            arguments = ["kde"] + self.incident_arguments(parameters, context, work_dir, feedback, True)
            category = self.parameterAsString(parameters, "CATEGORY", context)
            if category:
                arguments += ["--category", category]
            arguments += ["--cell", self.parameterAsDouble(parameters, "CELL", context),
                          "--bandwidth", self.parameterAsDouble(parameters, "BANDWIDTH", context),
                          "--kernel", KERNELS[self.parameterAsEnum(parameters, "KERNEL", context)]]
            wards = self.parameterAsVectorLayer(parameters, "WARDS", context)
            if wards is not None:
                arguments += ["--wards", runner.layer_as_file(wards, work_dir, "wards", feedback)]
            crs = self.parameterAsString(parameters, "CRS", context)
            if crs:
                arguments += ["--crs", crs]
            arguments += ["--out", out]
            runner.run(arguments, feedback)
        return {"OUTPUT": out}


class EvaluateAlgorithm(HotspotAlgorithm):
    def name(self):
        return "evaluate"

    def displayName(self):  # noqa: N802
        return "Hotspot: evaluate"

    def shortHelpString(self):  # noqa: N802
        return ("Fits each hotspot method on one period and scores it on the next (PAI, RRI, PEI at "
                "equal shares of the area): hotspot evaluate. Writes evaluation.csv and evaluation.md.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "CONFIG", "Configuration (hotspot.toml)", extension="toml", optional=True))
        self.add_incident_inputs()
        self.addParameter(QgsProcessingParameterVectorLayer(
            "WARDS", "Areas", [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString("FIT", "Fitting months (YYYY-MM:YYYY-MM)"))
        self.addParameter(QgsProcessingParameterString("TEST", "Test months (YYYY-MM:YYYY-MM)"))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("EVALUATION", "evaluation.csv"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = self.parameterAsString(parameters, "OUTPUT", context)
        config = self.parameterAsFile(parameters, "CONFIG", context)
        with tempfile.TemporaryDirectory(prefix="hotspot-qgis-") as work_dir:
            arguments = ["evaluate"]
            if config:
                arguments += ["--config", config]
            arguments += self.incident_arguments(parameters, context, work_dir, feedback, not config)
            wards = self.parameterAsVectorLayer(parameters, "WARDS", context)
            if wards is not None:
                arguments += ["--wards", runner.layer_as_file(wards, work_dir, "wards", feedback)]
            arguments += ["--fit", self.parameterAsString(parameters, "FIT", context),
                          "--test", self.parameterAsString(parameters, "TEST", context), "--out", out]
            runner.run(arguments, feedback)
        return {"OUTPUT": out, "EVALUATION": os.path.join(out, "evaluation.csv")}
