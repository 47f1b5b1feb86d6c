// Text made safe for XML and HTML: the one escaping used by the SVG maps and charts, the HTML
// briefings and plans, the QGIS styles and the GeoTIFF's GDAL metadata.
#pragma once
#include <string>
#include <string_view>

namespace hotspot {

// & < > " ' as entities (' as &#39;, which HTML knows as well as XML).
std::string xml_escape(std::string_view text);

}  // namespace hotspot
