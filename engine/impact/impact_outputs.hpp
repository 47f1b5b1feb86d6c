// An impact evaluation as files: impact.md (the finding in words, the counts, each comparison
// with its method and reference), impact.csv (one row per measure, for Excel) and
// impact_areas.geojson (the operation area and its buffer ring, to check on a map).
#pragma once
#include <string>
#include <vector>

#include "engine/impact/run.hpp"

namespace hotspot::impact {

// Returns the names of the files written into options.out_dir (atomically).
std::vector<std::string> write_impact_outputs(const ImpactOptions& options,
                                              const ImpactResult& result,
                                              const ZoneDefinition& zones,
                                              const std::string& analysis_crs);

}  // namespace hotspot::impact
