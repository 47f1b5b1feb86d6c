// data.js: the analysis inline, for the viewer opened from disk (file://), where browsers block
// fetch and module scripts but still run classic scripts. Holds exactly the files the page reads
// when served (config.json, wards.json, wards.geojson, hotspots.geojson, labels.geojson and each
// layer's density picture as a data URL) and nothing else: no incident points, so a public
// folder's data.js is as public as its other files.
#pragma once
#include <string>

namespace hotspot::serve {

// Writes out_dir/data.js from the files already in out_dir (absent optional files become null).
// Throws IoError when it cannot be written.
void write_offline_data(const std::string& out_dir);

}  // namespace hotspot::serve
