"""The Hotspot provider: its algorithms and the setting that names the hotspot binary."""
from qgis.core import QgsProcessingProvider

from .algorithms import AnalyseAlgorithm, EvaluateAlgorithm, KdeAlgorithm
from .runner import BINARY_SETTING


class HotspotProvider(QgsProcessingProvider):
    def load(self):
        try:  # The setting shows in Processing > Options > Providers > Hotspot.
            from processing.core.ProcessingConfig import ProcessingConfig, Setting

            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(
                Setting(self.name(), BINARY_SETTING, "Hotspot binary (empty: HOTSPOT_BINARY, then PATH)", "",
                        valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        except ImportError:  # Processing's Python plugin is not loaded: the environment and PATH still work
            pass
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig

            ProcessingConfig.removeSetting(BINARY_SETTING)
        except ImportError:
            pass

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in (AnalyseAlgorithm(), KdeAlgorithm(), EvaluateAlgorithm()):
            self.addAlgorithm(algorithm)

    def id(self):
        return "hotspot"

    def name(self):
        return "Hotspot"

    def longName(self):  # noqa: N802
        return "Hotspot: crime hotspots and ward profiles"
