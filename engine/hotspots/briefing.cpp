// briefing.md: what a tasking meeting reads. The period and the data's own dates first; per
// layer the method in one sentence, when incidents happen, a short ranked table of patrol areas
// (place, ward, incidents, share, PAI, when, change) and what is new or growing.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/hotspots/writers.hpp"

namespace hotspot::hotspots {

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// A cell of a markdown table: no pipes or line breaks from names.
std::string cell(std::string text) {
  for (char& c : text)
    if (c == '|' || c == '\n' || c == '\r') c = ' ';
  return text.empty() ? "–" : text;
}

void append_layer(std::string& text, const LayerResult& result, const HotspotWriteContext& context,
                  size_t shown) {
  const LayerSummary& s = result.summary;
  text += "\n## " + result.title + "\n\n";
  text += (s.incidents >= 0 ? with_thousands(s.incidents)
                            : "Fewer than " + std::to_string(context.disclosure.minimum_count)) +
          " incidents in the study period. ";
  if (s.when)
    text += "When: " + describe_window(*s.when) + ".\n";
  else if (result.layer.hours && s.title != result.layer.title)
    text += "When: the data has no times of day, so this layer covers all hours.\n";
  else
    text += "\n";
  if (!result.hours_note.empty()) text += "\n**Note:** this layer " + result.hours_note + ".\n";
  text += "\n**Method:** " + s.method.name() + ", " + s.method_rule + ". ";
  text += std::to_string(result.areas.size()) + " patrol areas fill the budget of " + s.budget +
          " (" + format("%.2f", s.areas_km2) + " km²)" +
          (s.harm_weighted ? ", ranked by expected harm" : "") + ".\n";
  for (const std::string& note : s.notes) text += "\n**Note:** " + note + "\n";
  if (result.areas.empty()) {
    text += "\nNo hotspot areas.\n";
    return;
  }
  if (!s.change_basis.empty()) text += "\nChange: " + s.change_basis + ".\n";
  // "when" rests on times of day: no column when no area has them (police.uk data).
  const bool times = std::any_of(result.areas.begin(), result.areas.end(),
                                 [](const HotspotArea& a) { return a.when.has_value(); });
  text += times ? "\n| # | place | ward | incidents | share | PAI | when | change |\n"
                : "\n| # | place | ward | incidents | share | PAI | change |\n";
  text += times ? "| ---: | --- | --- | ---: | ---: | ---: | --- | --- |\n"
                : "| ---: | --- | --- | ---: | ---: | ---: | --- |\n";
  for (size_t k = 0; k < std::min(shown, result.areas.size()); ++k) {
    const HotspotArea& a = result.areas[k];
    text += "| " + std::to_string(a.rank) + " | " + cell(streets_text(a, context.street_names, 2)) +
            " | " + cell(wards_text(a, context.wards, 1)) + " | " + with_thousands(a.incidents) +
            " | " + format("%.1f%%", 100 * a.share) + " | " + format("%.0f", a.pai) + " | " +
            (times ? cell(when_text(a)) + " | " : "") + cell(change_text(a)) + " |\n";
  }
  if (result.areas.size() > shown)
    text += "\n… and " + std::to_string(result.areas.size() - shown) + " more in hotspots.csv.\n";
  // New or growing: areas whose rise is significant and not a small number.
  std::string growing;
  for (const HotspotArea& a : result.areas)
    if (a.change && a.change->significant() && a.change->rate_ratio > 1 && !a.change->small_numbers)
      growing += std::string(growing.empty() ? "" : "; ") + "#" + std::to_string(a.rank) + " " +
                 cell(streets_text(a, context.street_names, 1).empty()
                          ? wards_text(a, context.wards, 1)
                          : streets_text(a, context.street_names, 1)) +
                 " (" + change_text(a) + ")";
  text +=
      "\n**New or growing:** " + (growing.empty() ? "no significant rise." : growing + ".") + "\n";
  // Emerging hot spots look at every month of the data, cell by cell (emerging.md has the method).
  if (const auto places = context.emerging.find(result.layer.name);
      places != context.emerging.end()) {
    text += "\n**New or intensifying (emerging hot spot analysis):** ";
    if (places->second.empty()) text += "none.\n";
    for (size_t k = 0; k < places->second.size(); ++k)
      text += (k ? "; " : "") + places->second[k] + (k + 1 == places->second.size() ? ".\n" : "");
  }
}

}  // namespace

void write_briefing(const std::vector<LayerResult>& results, const HotspotWriteContext& context,
                    const std::string& path) {
  std::string text = "# Tasking briefing: " + context.title + "\n\n";
  text += "**Study period:** " + month_label(context.period.from_month) + " to " +
          month_label(context.period.to_month) + " (" + std::to_string(context.period.months()) +
          (context.period.months() == 1 ? " month" : " months") + "). **The data runs** " +
          context.data_range + ".\n\n";
  text +=
      "Each layer's patrol areas are the places with the most incidents expected next month, by "
      "the forecast "
      "that predicted the data's own later months best; a hot region larger than a patrol can "
      "cover is split at "
      "its quieter streets. PAI (predictive accuracy index) = share of the layer's incidents / "
      "share of the study "
      "area. Change: the exact test of the two counts; small numbers are not turned into "
      "percentages.\n";
  if (context.disclosure.public_output)
    text += "\nPublic version: areas resting on fewer than " +
            std::to_string(context.disclosure.minimum_count) +
            " incidents, hour tables and small changes are left out.\n";
  for (const LayerResult& result : results)
    append_layer(text, result, context, static_cast<size_t>(context.briefing_areas));
  write_file_atomically(path, text);
}

}  // namespace hotspot::hotspots
