#include "engine/nearrepeat/knox_outputs.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

namespace hotspot::nearrepeat {

namespace {

std::string number(double value, int decimals) {
  if (std::isnan(value)) return "";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string bound(double value) {
  if (std::isinf(value)) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// A bands × bands markdown table whose cells are `text(cell)`.
std::string grid(const KnoxTable& table, const std::function<std::string(size_t)>& text) {
  const BandOptions& bands = table.bands;
  std::string out = "| distance \\ time |";
  for (int c = 0; c < bands.columns(); ++c) out += " " + bands.column_label(c) + " |";
  out += "\n|---|";
  for (int c = 0; c < bands.columns(); ++c) out += "---:|";
  out += "\n";
  for (int r = 0; r < bands.rows(); ++r) {
    out += "| " + bands.row_label(r) + " |";
    for (int c = 0; c < bands.columns(); ++c) out += " " + text(table.cell(r, c)) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace

std::string knox_csv(const KnoxTable& table) {
  const BandOptions& bands = table.bands;
  std::string out =
      "distance_band,time_band,distance_from_m,distance_to_m,days_from,days_to,observed,"
      "expected,knox_ratio,p_value,p_value_fewer\n";
  for (int r = 0; r < bands.rows(); ++r)
    for (int c = 0; c < bands.columns(); ++c) {
      const size_t cell = table.cell(r, c);
      const int to_days = bands.column_to_days(c);
      out += "\"" + bands.row_label(r) + "\",\"" + bands.column_label(c) + "\"," +
             bound(bands.row_from_m(r)) + "," + bound(bands.row_to_m(r)) + "," +
             std::to_string(bands.column_from_days(c)) + "," +
             (to_days < 0 ? "" : std::to_string(to_days)) + "," +
             std::to_string(table.observed[cell]) + "," + number(table.expected[cell], 3) + "," +
             number(table.knox_ratio[cell], 3) + "," + number(table.p_value[cell], 4) + "," +
             number(table.p_value_fewer[cell], 4) + "\n";
    }
  return out;
}

std::string knox_markdown(const KnoxTable& table, const RiskZone& zone,
                          const KnoxReportContext& context) {
  const BandOptions& bands = table.bands;
  std::string out = "# " + context.title + "\n\n" + context.summary + "\n\n";
  out += "- Events: " + std::to_string(table.events) + " " + context.category_words + ", " +
         context.period + "\n";
  out += "- Pairs: " + std::to_string(table.pairs) + " in all, " +
         std::to_string(table.close_pairs) + " closer than " + bound(bands.max_distance_m()) +
         " m\n";
  out += "- Bands: " + std::to_string(bands.spatial_bands) + " of " +
         bound(bands.spatial_bandwidth_m) + " m (" + distance_metric_name(bands.metric) +
         " distance" + (bands.same_location_band ? ", with a same-location row" : "") + "), " +
         std::to_string(bands.temporal_bands) + " of " +
         std::to_string(bands.temporal_bandwidth_days) + " days\n";
  out += "- Permutations: " + std::to_string(table.permutations) + " (seed " +
         std::to_string(context.seed) + ")\n";
  if (zone.found)
    out += "- Near-repeat zone: within " + bound(zone.distance_m) + " m and " +
           std::to_string(zone.days) + " days: " + std::to_string(zone.observed) +
           " pairs observed, " + number(zone.expected, 1) + " expected, Knox ratio " +
           number(zone.knox_ratio, 2) + ", " + format_p(zone.p_value) + "\n";
  for (const std::string& note : context.notes) out += "- Note: " + note + "\n";

  out += "\n## Knox ratios (observed / expected)\n\n";
  out +=
      "**Bold**: significantly more pairs than chance (p < 0.05); *italic*: significantly "
      "fewer (p < 0.05 for fewer).\n\n";
  out += grid(table, [&](size_t cell) {
    const std::string ratio = number(table.knox_ratio[cell], 2);
    if (ratio.empty()) return std::string("–");
    if (table.p_value[cell] < 0.05) return "**" + ratio + "**";
    if (table.p_value_fewer[cell] < 0.05) return "*" + ratio + "*";
    return ratio;
  });
  out += "\n## p-values (more pairs than chance)\n\n";
  out += grid(table, [&](size_t cell) { return number(table.p_value[cell], 3); });
  out += "\n## Observed pairs\n\n";
  out += grid(table, [&](size_t cell) { return std::to_string(table.observed[cell]); });
  out += "\n## Expected pairs (mean of the permutations)\n\n";
  out += grid(table, [&](size_t cell) { return number(table.expected[cell], 1); });
  out +=
      "\n## How to read this\n\n"
      "Every pair of events is counted once, in the cell of its distance apart (rows) and its "
      "days apart (columns); each band is a half-open interval: [0, 100) m holds pairs at least "
      "0 m and less than 100 m apart, [0, 14) days pairs on the same day up to 13 days apart. "
      "The expected count is the mean over the permutations, in each of which the dates were "
      "shuffled among the locations (so where and when are unrelated). The Knox ratio is "
      "observed / expected: 1.5 means half as many pairs again as chance would give. p = (r + "
      "1) / (n + 1), r being the number of the n permutations with at least the observed count "
      "(Knox 1964; Ratcliffe's Near Repeat Calculator, whose own band labels are one unit off).\n";
  return out;
}

}  // namespace hotspot::nearrepeat
