// data.js: the analysis inline, for the viewer opened from disk (file://), where browsers block
// fetch and module scripts but still run classic scripts. Holds exactly the files the page reads
// when served (config.json, wards.json, wards.geojson, hotspots.geojson, labels.geojson and each
// layer's density picture as a data URL) and nothing else: no incident points, so a public
// folder's data.js is as public as its other files.
#pragma once
#include <cstddef>
#include <string>

namespace hotspot::serve {

// Street labels inline past which only the busiest are: MapLibre indexes a GeoJSON source whole
// in the page, and a national analysis has over a million of them (hundreds of megabytes). The
// served viewer reads them all from the tiles.
inline constexpr size_t kMaxInlineStreetLabels = 100'000;

// Writes out_dir/data.js from the files already in out_dir (absent optional files become null).
// Past max_street_labels street labels, data.js holds the busiest (and every ward label) and
// street_labels_inline: {kept, of} saying so. Throws IoError when it cannot be written.
void write_offline_data(const std::string& out_dir,
                        size_t max_street_labels = kMaxInlineStreetLabels);

}  // namespace hotspot::serve
