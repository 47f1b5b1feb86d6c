#include "engine/plan/words.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/civil_time.hpp"
#include "engine/core/rounding.hpp"
#include "engine/output/ward_report.hpp"

namespace hotspot::plan {

namespace {
std::string signed_percent(double value) {
  const long rounded = std::lround(value);
  return (rounded < 0 ? "−" + std::to_string(-rounded) : std::to_string(rounded));
}

}  // namespace

std::string short_date(int32_t day) {
  static const char* weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const civil_time::Date date = civil_time::civil_from_days(day);
  const int weekday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return std::string(weekdays[weekday]) + " " + std::to_string(date.day) + " " +
         months[date.month - 1] + " " + std::to_string(date.year);
}

std::string short_label(const AnalysisFolder& folder, const Candidate& candidate) {
  if (candidate.hotspot < 0)
    return "priority ward " +
           std::to_string(folder.wards[static_cast<size_t>(candidate.ward)].priority_rank);
  const AnalysedHotspot& area = folder.hotspots[static_cast<size_t>(candidate.hotspot)];
  std::string text = area.layer_title.empty() ? area.layer : area.layer_title;
  text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text + " area " + std::to_string(area.rank);
}

std::string peak_window(const AnalysisFolder& folder, const Candidate& candidate) {
  if (candidate.hotspot < 0) return "";
  return folder.hotspots[static_cast<size_t>(candidate.hotspot)].when;
}

std::string area_summary(const AnalysisFolder& folder, const Candidate& candidate) {
  const std::string months = std::to_string(folder.months) + " months";
  if (candidate.hotspot >= 0) {
    const AnalysedHotspot& area = folder.hotspots[static_cast<size_t>(candidate.hotspot)];
    std::string text = area.layer_title.empty() ? area.layer : area.layer_title;
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    if (area.incidents)
      text += ", " + output::with_commas(*area.incidents) + " incidents in " + months;
    text += ", " + fixed_decimals(area.expected_per_month, 1) + " expected a month";
    if (!area.when.empty()) {
      const size_t colon = area.when.find(": ");
      text += ", peak " + (colon == std::string::npos ? area.when
                                                      : area.when.substr(0, colon) + " (" +
                                                            area.when.substr(colon + 2) + ")");
    }
    return text;
  }
  const AnalysedWard& ward = folder.wards[static_cast<size_t>(candidate.ward)];
  std::string text = "priority ward " + std::to_string(ward.priority_rank);
  if (ward.count) text += ", " + output::with_commas(*ward.count) + " incidents in " + months;
  if (ward.rate_ratio) text += ", " + fixed_decimals(*ward.rate_ratio, 2) + "× the area-wide rate";
  return text;
}

std::vector<std::string> key_streets(const AnalysisFolder& folder, const Candidate& candidate,
                                     size_t limit) {
  std::vector<std::string> streets;
  if (candidate.hotspot >= 0) {
    streets = folder.hotspots[static_cast<size_t>(candidate.hotspot)].streets;
  } else {
    // The streets that lead the hotspot areas inside the ward, the busiest areas first.
    const std::string& code = folder.wards[static_cast<size_t>(candidate.ward)].code;
    std::vector<const AnalysedHotspot*> inside;
    for (const AnalysedHotspot& area : folder.hotspots)
      if (std::find(area.ward_codes.begin(), area.ward_codes.end(), code) != area.ward_codes.end())
        inside.push_back(&area);
    std::stable_sort(inside.begin(), inside.end(), [](const auto* a, const auto* b) {
      return a->expected_per_month > b->expected_per_month;
    });
    for (const AnalysedHotspot* area : inside)
      for (size_t s = 0; s < std::min<size_t>(2, area->streets.size()); ++s)
        if (std::find(streets.begin(), streets.end(), area->streets[s]) == streets.end())
          streets.push_back(area->streets[s]);
  }
  if (streets.size() > limit) streets.resize(limit);
  return streets;
}

std::vector<const AnalysedWard*> wards_of(const AnalysisFolder& folder,
                                          const Candidate& candidate) {
  std::vector<const AnalysedWard*> wards;
  if (candidate.ward >= 0) return {&folder.wards[static_cast<size_t>(candidate.ward)]};
  for (const std::string& code : folder.hotspots[static_cast<size_t>(candidate.hotspot)].ward_codes)
    if (const AnalysedWard* ward = folder.find_ward(code)) wards.push_back(ward);
  return wards;
}

std::vector<std::string> ward_profile(const AnalysisFolder& folder, const AnalysedWard& ward) {
  std::vector<std::string> sentences;
  std::string first = ward.name + " ward";
  if (ward.priority_rank > 0) first += " is priority ward " + std::to_string(ward.priority_rank);
  if (ward.count)
    first += std::string(ward.priority_rank > 0 ? ", with " : " had ") +
             output::with_commas(*ward.count) + " incidents in the " +
             std::to_string(folder.months) + " months " + folder.period_from + " to " +
             folder.period_to;
  sentences.push_back(first + ".");
  if (ward.rate_ratio && ward.ratio_low && ward.ratio_high && !ward.comparison.empty()) {
    std::string comparison = ward.comparison == "above"   ? "significantly above"
                             : ward.comparison == "below" ? "significantly below"
                                                          : "not significantly different";
    sentences.push_back("Its rate is " + output::describe_ratio(*ward.rate_ratio) +
                        " the area's (" + fixed_decimals(*ward.rate_ratio, 2) + "×, 95% interval " +
                        fixed_decimals(*ward.ratio_low, 2) + "–" +
                        fixed_decimals(*ward.ratio_high, 2) + "): " + comparison + ".");
  }
  if (ward.previous_count && ward.change_percent && ward.change_low && ward.change_high &&
      ward.change_p) {
    const double percent = *ward.change_percent;
    const std::string direction = percent < 0 ? "down " : "up ";
    const std::string against =
        folder.previous_label.empty() ? "the previous period" : folder.previous_label;
    sentences.push_back("Against " + against + " it is " + direction +
                        signed_percent(std::fabs(percent)) + "% (95% CI " +
                        signed_percent(100 * (*ward.change_low - 1)) + " to " +
                        signed_percent(100 * (*ward.change_high - 1)) + "%), " +
                        (*ward.change_p < 0.05 ? "significant" : "not significant") + ".");
  }
  return sentences;
}

std::string ranking_rule(const std::map<std::string, double>& weights, int areas_per_week,
                         int gap_weeks) {
  std::string list;
  for (const auto& [key, weight] : weights)
    list += (list.empty() ? "" : ", ") + key + " " + fixed_decimals(weight, 2);
  return "Each week takes the " + std::to_string(areas_per_week) +
         " highest-scoring areas in turn, skipping any that shares ground with one already taken "
         "that week (a hotspot area and the ward it lies in count as sharing) and any visited "
         "fewer than " +
         std::to_string(gap_weeks) +
         " weeks before. Score: for a hotspot area, the incidents its layer's forecast expects "
         "there a month × the layer's weight; for a priority ward, its incidents a month above "
         "what the area-wide rate would give it (observed − expected) × the weight of wards. "
         "Ties go to the area listed first in the analysis. Weights: " +
         list + ".";
}

}  // namespace hotspot::plan
