// Which incidents a layer takes: its categories, hours, weekdays and months, inside the study
// area. Records without a time of day cannot be tested against hours: they are kept and
// counted, and the layer says so plainly (hours_note) — never a silent substitution.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/incident_table.hpp"
#include "engine/core/layer.hpp"

namespace hotspot::hotspots {

struct LayerSelection {
  std::vector<uint32_t> rows;  // incident indices, ascending
  std::vector<double> x, y;    // their coordinates
  int64_t untimed = 0;         // kept although the layer's hours/weekdays could not be tested
  std::string hours_note;      // "" when nothing was assumed
};

// Incidents inside the study area (incidents.ward, filled by the join) whose month lies in
// [from_month, to_month] when given, and that the layer's filter keeps.
LayerSelection select_layer(const IncidentTable& incidents, const LayerDefinition& layer,
                            std::optional<int32_t> from_month = std::nullopt,
                            std::optional<int32_t> to_month = std::nullopt);

// "covers all hours: 1,234 records have no time of day" (or days of the week), "" for none.
std::string hours_note(const LayerDefinition& layer, int64_t untimed);
// The same with the records in words ("fewer than 5 records have").
std::string hours_note(const LayerDefinition& layer, const std::string& records_have);

// 1234567 → "1,234,567".
std::string with_thousands(int64_t value);

}  // namespace hotspot::hotspots
