// The stages of `hotspot analyse` that hand work to other modules: per-layer ward counts, the
// tile archive and the viewer. Kept apart from analyse.cpp so the pipeline reads as a list of
// stages.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analyse/analyse.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/output/place_labels.hpp"
#include "engine/output/svg_map.hpp"
#include "engine/output/ward_outputs.hpp"

namespace hotspot::analyse {

// Incidents in wards within the study period that each layer's filter keeps, per ward.
output::LayerCounts count_layers(const IncidentTable& incidents, size_t ward_count,
                                 const std::vector<LayerDefinition>& layers,
                                 const profile::AreaProfile& area);

// tiles.pmtiles from wards.geojson, hotspots.geojson, the place labels (those labels.geojson
// holds, passed in memory, their WGS84 positions taken over for the tile layer rather than
// copied: 1.7M labels on a national run) and (unless public) the incident points. Returns the
// tiles report for summary.json.
nlohmann::ordered_json build_tile_archive(
    const IncidentTable& incidents, std::shared_ptr<const std::vector<output::MapLabel>> labels,
    output::LabelPositions label_positions, const std::string& analysis_crs,
    const AnalyseOptions& options);

// Throws UsageError unless --basemap is empty, an http(s) style URL or an existing .pmtiles file
// and --basemap-style an existing file given with a .pmtiles basemap; ConfigError when --pdf is
// asked for and Chromium is missing (before any work is done).
void validate_presentation(const AnalyseOptions& options);

// briefing.html (and briefing.pdf with --pdf) from the typed results and the labels and area
// words in labels.geojson / hotspots.geojson.
void write_briefing_pack(const std::vector<hotspots::LayerResult>& layers,
                         const profile::AreaProfile& area, const WardSet& wards,
                         const std::vector<std::string>& street_names,
                         const std::vector<output::MapLabel>& labels,
                         const std::map<std::string, std::vector<std::string>>& emerging,
                         const AnalyseOptions& options);

// The viewer, with the basemap (copied next to it as basemap.pmtiles / basemap-style.json).
void copy_viewer_into(const std::string& out_dir, const AnalyseOptions& options);

}  // namespace hotspot::analyse
