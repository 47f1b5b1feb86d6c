// Archive metadata: the PMTiles header's bounds/zooms, TileJSON-style `vector_layers`, and
// honest notes on what was simplified, kept as a minimal ring or clustered.
// Guarantees: deterministic (no timings or paths), so archives stay byte-identical.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "tiles/feature_store.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::tiles {

void write_notes(const std::vector<LayerData>& layers, const TilesOptions& options,
                 TilesReport& report);
nlohmann::json archive_metadata(const std::vector<LayerData>& layers, const TilesOptions& options,
                                const TilesReport& report);
// metadata.json for a z/x/y folder, in the form GDAL's MVT driver and mbtiles readers know.
nlohmann::json directory_metadata(const nlohmann::json& archive_metadata);
PmtilesHeader archive_header(const std::vector<LayerData>& layers, const TilesOptions& options);

}  // namespace hotspot::tiles
