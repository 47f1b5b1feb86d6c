// QGIS styles for the GIS layers, as QML (what QGIS reads from a GeoPackage's or a database's
// layer_styles table) and SLD 1.1 (for other tools): the viewer's classes and colours, so a
// layer dragged into QGIS looks like the viewer. Wards: grey outlines over a quantile choropleth
// (ColorBrewer YlOrRd on the rate, YlOrBr on counts), "no value" in grey, priority wards with a
// dashed black outline. Hotspots: each layer's Okabe–Ito hue as a faint fill with a strong
// outline on a white casing, ranked labels. Incidents: small dark dots. Density: the picture's
// ramp (density_ramp), clear at zero.
#pragma once
#include <string>

#include "engine/gis/gis_layer.hpp"

namespace hotspot::gis {

struct Style {
  std::string qml, sld;
};

// The style of a vector layer whose geometry column is `geometry_column`; empty for Kind::none.
Style vector_style(const GisLayer& layer);
// The style of a density raster whose highest value is raster.peak_per_km2.
Style raster_style(const GisRaster& raster);

// "#fd8d3c" → "253,141,60,alpha" (QGIS's colour notation).
std::string qgis_colour(const std::string& hex, int alpha = 255);

}  // namespace hotspot::gis
