// briefing.html: the print pack for a tasking meeting or a day of action, A4 and legible in
// greyscale. A first page on how to read it; one page per hotspot layer (a map of the numbered
// areas, close-ups of the top three with street names, the ranked table with when); one page per
// priority ward (its profile in words, a map, its monthly trend). Drawn from the typed results;
// public mode: no count from 1 to the minimum − 1, and no times of day (they rest on hour tables).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/output/svg_map.hpp"
#include "engine/profile/ward_profile.hpp"

namespace hotspot::output {

struct BriefingInputs {
  const std::vector<hotspots::LayerResult>& layers;
  const profile::AreaProfile& profile;
  const WardSet& wards;
  const std::vector<std::string>& street_names;  // IncidentTable::street_names
  const DisclosurePolicy& disclosure;
  std::string title;
  const std::vector<MapLabel>& labels;  // streets and wards, analysis CRS (place_labels)
  size_t max_areas = 8;                 // rows per layer table: one A4 page with its maps
  size_t max_priority_wards = 8;        // ward pages
  // Layer name → new or intensifying places in words (emerging hot spots), as in briefing.md.
  std::map<std::string, std::vector<std::string>> emerging = {};
};

// The whole document as text (self-contained: styles and SVG maps inline).
std::string briefing_html(const BriefingInputs& inputs);

// Writes briefing_html() to `path` atomically.
void write_briefing_html(const BriefingInputs& inputs, const std::string& path);

}  // namespace hotspot::output
