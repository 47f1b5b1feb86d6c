"""Hotspot for QGIS: a Processing provider that runs the hotspot binary."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import HotspotPlugin

    return HotspotPlugin(iface)
