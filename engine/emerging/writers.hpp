// emerging.csv and emerging.geojson (one row / square polygon per cell with a pattern, per
// layer), emerging.md (the method, the steps, the patterns per layer and the new or
// intensifying places) and the summary.json section. Public outputs leave out cells whose hot
// steps rest on fewer than the minimum incidents, and every per-cell incident count.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "engine/core/disclosure.hpp"
#include "engine/emerging/emerging.hpp"

namespace hotspot::emerging {

struct EmergingOutputContext {
  const EmergingResult& result;
  const WardSet& wards;
  std::string analysis_crs;
  std::string title;
  const DisclosurePolicy& disclosure;
};

void write_emerging_csv(const EmergingOutputContext& context, const std::string& path);
void write_emerging_geojson(const EmergingOutputContext& context, const std::string& path);
void write_emerging_markdown(const EmergingOutputContext& context, const std::string& path);
nlohmann::ordered_json emerging_json(const EmergingOutputContext& context);

// "Burglary: new hot spot in Town Centre (X05000018), 0.36 km², 14 incidents in 2026-10".
std::string describe_place(const EmergingPlace& place, const std::string& final_step);

}  // namespace hotspot::emerging
