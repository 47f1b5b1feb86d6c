// The areas a rota may visit, scored: each layer's hotspot areas (incidents expected next month ×
// the layer's weight) and the priority wards (incidents a month above the rate the area as a
// whole would give them × the weight of "wards"). Two candidates overlap when they share ground
// (more than 1% of the smaller) or when a hotspot area lies in the ward (the analysis's own
// ward list).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "engine/plan/analysis_folder.hpp"

namespace hotspot::plan {

// The weight key for priority wards (layers use their names).
inline constexpr const char* kWardsWeight = "wards";

struct Candidate {
  std::string id;     // the hotspot area's id, or "ward-" + ward code
  std::string kind;   // "hotspot" | "ward"
  std::string layer;  // the hotspot's layer, or kWardsWeight
  std::string name;   // "North Gardens area", "Town Centre ward"
  double score = 0;   // incidents a month × weight
  std::string reason;
  int hotspot = -1;  // index into AnalysisFolder::hotspots
  int ward = -1;     // index into AnalysisFolder::wards (kind "ward")
};

struct Candidates {
  std::vector<Candidate> list;
  std::vector<std::vector<bool>> overlaps;  // [a][b], symmetric
  std::vector<std::string> notes;           // wards left out (withheld figures), ...
};

// Throws UsageError naming --weights for a weight on a layer the folder does not have.
Candidates make_candidates(const AnalysisFolder& folder,
                           const std::map<std::string, double>& weights);

// True when a and b share more than `share` of the smaller one's area.
bool share_ground(const MultiPolygon& a, const MultiPolygon& b, double share = 0.01);

}  // namespace hotspot::plan
