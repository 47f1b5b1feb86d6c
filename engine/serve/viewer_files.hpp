// Puts the map viewer next to an analysis output, so the folder is self-contained: serve it with
// `hotspot serve`, open index.html from disk, or hand the folder to another team. Guarantees:
// every file the page loads is copied (index.html, style.css, and vendor/: the page bundled with
// MapLibre GL JS and pmtiles, the worker, the label glyphs); data files in the folder are
// untouched.
#pragma once
#include <string>

namespace hotspot::serve {

// Where the viewer's sources are: $HOTSPOT_VIEWER_DIR when set, else the checkout's viewer/.
std::string viewer_source_dir();

// What config.json says about the basemap (empty: leave it as it is).
struct BasemapSettings {
  std::string pmtiles;    // a file in the output folder, e.g. "basemap.pmtiles"
  std::string style;      // a style file in the output folder, e.g. "basemap-style.json"
  std::string style_url;  // an online style, e.g. "https://…/style.json"
  bool empty() const { return pmtiles.empty() && style.empty() && style_url.empty(); }
};

// Copies viewer/page/index.html and style.css into out_dir and the built bundle (viewer/dist,
// made by `npm run build`) into out_dir/vendor/; writes a default config.json unless one is there,
// and sets its basemap keys when `basemap` says so. Then writes data.js (offline_data.hpp).
// Throws ConfigError when the viewer or its built bundle cannot be found.
void copy_viewer(const std::string& out_dir, const BasemapSettings& basemap = {});

}  // namespace hotspot::serve
