// Puts the map viewer next to an analysis output, so the folder is self-contained: serve it with
// `hotspot serve`, or hand it to another team. Guarantees: every file the page loads is copied
// (page, app modules, MapLibre GL JS and pmtiles builds); data files in the folder are untouched.
#pragma once
#include <string>

namespace hotspot::serve {

// Where the viewer's sources are: $HOTSPOT_VIEWER_DIR when set, else the checkout's viewer/.
std::string viewer_source_dir();

// Copies viewer/page/* into out_dir and the npm builds the page imports into out_dir/vendor/;
// writes a default config.json (no basemap) unless one is already there.
// Throws ConfigError when the viewer or its installed npm packages cannot be found.
void copy_viewer(const std::string& out_dir);

}  // namespace hotspot::serve
