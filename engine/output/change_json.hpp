// Change on the baseline period as the ward outputs and summary.json write it: the same columns
// everywhere (change_percent, change_ratio, change_low, change_high, change_p, change_small),
// withheld together when either count they rest on is withheld.
#pragma once
#include <nlohmann/json.hpp>

#include "engine/output/ward_publication.hpp"
#include "engine/profile/ward_profile.hpp"

namespace hotspot::output {

// change_percent (NaN → null: small numbers are flagged, never a percentage), change_ratio
// (the rate ratio, per month when the periods differ in length), change_low/change_high (its
// exact 95% interval; null when unbounded), change_p (two-sided exact p-value, 4 significant
// figures), change_small (too few to quote a percentage). All null when not `shown`.
nlohmann::ordered_json change_columns(const profile::CountChange& change, bool shown);

// {"from", "to", "months", "label"} of the baseline; null without one.
nlohmann::ordered_json baseline_json(const profile::AreaProfile& area);

// The area's change on the baseline: {"total": {...}, "categories": {slug: {...}}}, each with
// count, previous_count and the change columns, as far as the publication shows them; null
// without a baseline.
nlohmann::ordered_json area_change_json(const profile::AreaProfile& area,
                                        const WardPublication& shown);

}  // namespace hotspot::output
