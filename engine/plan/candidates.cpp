#include "engine/plan/candidates.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/errors.hpp"
#include "engine/core/rounding.hpp"

namespace hotspot::plan {

namespace {
double weight_of(const std::map<std::string, double>& weights, const std::string& key) {
  const auto found = weights.find(key);
  return found == weights.end() ? 1.0 : found->second;
}

}  // namespace

bool share_ground(const MultiPolygon& a, const MultiPolygon& b, double share) {
  if (a.empty() || b.empty()) return false;
  if (!bg::intersects(bg::return_envelope<Box>(a), bg::return_envelope<Box>(b))) return false;
  MultiPolygon common;
  bg::intersection(a, b, common);
  const double smaller = std::min(bg::area(a), bg::area(b));
  return smaller > 0 && bg::area(common) > share * smaller;
}

Candidates make_candidates(const AnalysisFolder& folder,
                           const std::map<std::string, double>& weights) {
  for (const auto& entry : weights) {
    // A named copy: Clang 14 cannot capture a structured binding in the lambda below.
    const std::string& key = entry.first;
    const bool known = key == kWardsWeight ||
                       std::any_of(folder.layers.begin(), folder.layers.end(),
                                   [&](const AnalysedLayer& layer) { return layer.name == key; });
    if (!known) {
      std::string names;
      for (const AnalysedLayer& layer : folder.layers) names += layer.name + ", ";
      throw UsageError("--weights: no layer '" + key + "' in " + folder.dir + " (its layers: " +
                       names + "and " + kWardsWeight + " for the priority wards)");
    }
  }
  Candidates out;
  for (size_t h = 0; h < folder.hotspots.size(); ++h) {
    const AnalysedHotspot& area = folder.hotspots[h];
    const double weight = weight_of(weights, area.layer);
    if (weight <= 0) continue;
    Candidate c;
    c.id = area.id;
    c.kind = "hotspot";
    c.layer = area.layer;
    c.name = (area.streets.empty() ? area.wards : area.streets.front()) + " area";
    c.score = area.expected_per_month * weight;
    c.reason = area.layer_title + " hotspot area " + std::to_string(area.rank) + ": " +
               fixed_decimals(area.expected_per_month, 2) +
               " incidents expected a month × weight " + fixed_decimals(weight, 2);
    c.hotspot = static_cast<int>(h);
    out.list.push_back(std::move(c));
  }
  const double ward_weight = weight_of(weights, kWardsWeight);
  for (size_t w = 0; w < folder.wards.size() && ward_weight > 0; ++w) {
    const AnalysedWard& ward = folder.wards[w];
    if (ward.priority_rank <= 0) continue;
    if (!ward.count || !ward.rate_ratio || *ward.rate_ratio <= 0 || folder.months <= 0) {
      out.notes.push_back("priority ward " + ward.name +
                          " is left out: its count or rate is withheld in the analysis");
      continue;
    }
    // Observed − expected, where expected is what the area-wide rate gives the ward.
    const double count = static_cast<double>(*ward.count);
    const double excess_per_month = (count - count / *ward.rate_ratio) / folder.months;
    Candidate c;
    c.id = "ward-" + ward.code;
    c.kind = "ward";
    c.layer = kWardsWeight;
    c.name = ward.name + " ward";
    c.score = excess_per_month * ward_weight;
    c.reason = "priority ward " + std::to_string(ward.priority_rank) + ": " +
               fixed_decimals(excess_per_month, 2) +
               " incidents a month above the area-wide rate × weight " +
               fixed_decimals(ward_weight, 2);
    c.ward = static_cast<int>(w);
    out.list.push_back(std::move(c));
  }

  const size_t n = out.list.size();
  out.overlaps.assign(n, std::vector<bool>(n, false));
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      const Candidate& ca = out.list[a];
      const Candidate& cb = out.list[b];
      const MultiPolygon& sa = ca.hotspot >= 0
                                   ? folder.hotspots[static_cast<size_t>(ca.hotspot)].footprint
                                   : folder.wards[static_cast<size_t>(ca.ward)].shape;
      const MultiPolygon& sb = cb.hotspot >= 0
                                   ? folder.hotspots[static_cast<size_t>(cb.hotspot)].footprint
                                   : folder.wards[static_cast<size_t>(cb.ward)].shape;
      bool overlap = share_ground(sa, sb);
      // A hotspot area in a ward the analysis lists for it overlaps that ward.
      for (const auto& [hotspot, ward] : {std::pair{&ca, &cb}, std::pair{&cb, &ca}}) {
        if (hotspot->hotspot < 0 || ward->ward < 0) continue;
        const auto& codes = folder.hotspots[static_cast<size_t>(hotspot->hotspot)].ward_codes;
        const std::string& code = folder.wards[static_cast<size_t>(ward->ward)].code;
        overlap = overlap || std::find(codes.begin(), codes.end(), code) != codes.end();
      }
      out.overlaps[a][b] = out.overlaps[b][a] = overlap;
    }
  }
  return out;
}

}  // namespace hotspot::plan
