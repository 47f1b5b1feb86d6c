// What the ward outputs may show (wards.csv, wards.geojson, wards.json, ward_profiles.md and the
// `wards` tiles), decided once from the DisclosurePolicy so that every writer shows the same
// thing. Not public: everything. Public: counts from 1 to minimum − 1 are withheld, and further
// counts too until no withheld count can be found from published totals (core/suppression);
// everything built on a withheld count (rate, share, mix, ratio, comparison, rank, change) is
// withheld with it; ranks are among shown values, ties sharing a rank; monthly and hour tables
// of single wards are left out.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/output/ward_outputs.hpp"

namespace hotspot::output {

struct WardPublication {
  size_t categories = 0;
  std::vector<uint8_t> category_shown;            // [ward × categories + category]
  std::vector<uint8_t> total_shown;               // per ward
  std::vector<uint8_t> previous_total_shown;      // per ward
  std::vector<std::vector<uint8_t>> layer_shown;  // [layer][ward]
  std::vector<uint8_t> area_category_shown;       // per category
  bool area_total_shown = true;
  std::vector<uint8_t> area_monthly_shown;  // per month of the period
  bool ward_monthly_shown = true;           // per-ward monthly counts
  bool category_previous_shown = true;      // per-ward, per-category previous counts
  std::vector<int> total_rank;              // per ward; 0 = no rank shown
  std::vector<int> category_rank;           // [ward × categories + category]
  std::vector<int32_t> priority_order;      // shown priority wards, in rank order
  std::vector<int> priority_rank;           // per ward; 0 = not a (shown) priority

  bool category(size_t ward, size_t category) const {
    return category_shown[ward * categories + category];
  }
};

WardPublication decide_ward_publication(const profile::AreaProfile& area, const LayerCounts& layers,
                                        const DisclosurePolicy& disclosure);

}  // namespace hotspot::output
