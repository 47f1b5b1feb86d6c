#include "engine/nearrepeat/risk_zone.hpp"

#include <cstdio>

namespace hotspot::nearrepeat {

namespace {

bool raised(const KnoxTable& table, size_t cell, double alpha) {
  return table.knox_ratio[cell] > 1 && table.p_value[cell] < alpha;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g m", value);
  return text;
}

}  // namespace

std::string format_p(double p) { return "p = " + fixed(p, 3); }

RiskZone find_risk_zone(const KnoxTable& table, double alpha) {
  const BandOptions& bands = table.bands;
  RiskZone zone;
  const int first_row = bands.same_location_band ? 1 : 0;
  const size_t first = table.cell(first_row, 0);
  zone.first_ratio = table.knox_ratio[first];
  zone.first_p = table.p_value[first];
  if (!raised(table, first, alpha)) return zone;
  int rows = 1, columns = 1;  // spatial bands and temporal bands in the zone
  while (first_row + rows < bands.close_rows() &&
         raised(table, table.cell(first_row + rows, 0), alpha))
    ++rows;
  while (columns < bands.temporal_bands && raised(table, table.cell(first_row, columns), alpha))
    ++columns;
  zone.found = true;
  zone.distance_m = bands.row_to_m(first_row + rows - 1);
  zone.days = bands.column_to_days(columns - 1);
  // Pool the zone's cells in the observed table and in every permutation.
  auto zone_sum = [&](const int64_t* counts) {
    int64_t sum = 0;
    for (int r = 0; r < first_row + rows; ++r)
      for (int c = 0; c < columns; ++c) sum += counts[table.cell(r, c)];
    return sum;
  };
  zone.observed = zone_sum(table.observed.data());
  int64_t total = 0, at_least = 0;
  for (int k = 0; k < table.permutations; ++k) {
    const int64_t count = zone_sum(table.permuted.data() + static_cast<size_t>(k) * table.cells());
    total += count;
    at_least += count >= zone.observed;
  }
  zone.expected = static_cast<double>(total) / table.permutations;
  if (zone.expected > 0) zone.knox_ratio = static_cast<double>(zone.observed) / zone.expected;
  zone.p_value = static_cast<double>(at_least + 1) / (table.permutations + 1);
  return zone;
}

std::string describe_risk_zone(const RiskZone& zone, const KnoxTable& table,
                               const std::string& category_words) {
  const BandOptions& bands = table.bands;
  const std::string runs = "; " + std::to_string(table.permutations) + " permutations of " +
                           std::to_string(table.events) + " " + category_words;
  if (zone.found)
    return "Pairs of " + category_words + " within " + metres(zone.distance_m) + " and " +
           std::to_string(zone.days) + " days of each other are " + fixed(zone.knox_ratio, 1) +
           " times as common as chance would make them (" + format_p(zone.p_value) + runs +
           "): after one, the homes within " + metres(zone.distance_m) +
           " face a raised risk for " + std::to_string(zone.days) + " days.";
  const int first_row = bands.same_location_band ? 1 : 0;
  const std::string where = "within " + metres(bands.row_to_m(first_row)) + " and " +
                            std::to_string(bands.column_to_days(0)) + " days of each other";
  if (std::isnan(zone.first_ratio))
    return "No pairs of " + category_words + " could occur " + where + " (" + runs.substr(2) +
           "): too few events to test for near repeats.";
  return "No near-repeat pattern: pairs of " + category_words + " " + where + " are " +
         (zone.first_ratio >= 1 ? "not significantly more common than" : "no more common than") +
         " chance would make them (Knox ratio " + fixed(zone.first_ratio, 2) + ", " +
         format_p(zone.first_p) + runs + ").";
}

}  // namespace hotspot::nearrepeat
