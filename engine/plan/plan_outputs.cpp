#include "engine/plan/plan_outputs.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/day.hpp"
#include "engine/core/rounding.hpp"
#include "engine/plan/words.hpp"

namespace hotspot::plan {

namespace {
std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

std::string plan_csv(const PlanResult& result) {
  std::string csv =
      "week,date,slot,area_id,kind,layer,name,score,reason,incidents,expected_per_month,when,"
      "streets,wards\n";
  for (const PlanVisit& visit : result.visits) {
    const Candidate& c = result.candidates.list[visit.candidate];
    std::string incidents, expected, wards;
    if (c.hotspot >= 0) {
      const AnalysedHotspot& area = result.folder.hotspots[static_cast<size_t>(c.hotspot)];
      if (area.incidents) incidents = std::to_string(*area.incidents);
      expected = fixed_decimals(area.expected_per_month, 3);
      wards = area.wards;
    } else {
      const AnalysedWard& ward = result.folder.wards[static_cast<size_t>(c.ward)];
      if (ward.count) incidents = std::to_string(*ward.count);
      wards = ward.name;
    }
    csv += std::to_string(visit.week) + "," + day_label(visit.day) + "," +
           std::to_string(visit.slot) + "," + csv_field(c.id) + "," + c.kind + "," +
           csv_field(c.layer) + "," + csv_field(c.name) + "," + fixed_decimals(c.score, 3) + "," +
           csv_field(c.reason) + "," + incidents + "," + expected + "," +
           csv_field(peak_window(result.folder, c)) + "," +
           csv_field(joined(key_streets(result.folder, c), "; ")) + "," + csv_field(wards) + "\n";
  }
  return csv;
}

std::string plan_md(const PlanOptions& options, const PlanResult& result) {
  const AnalysisFolder& folder = result.folder;
  std::string md =
      "# Days of action: " + (folder.title.empty() ? std::string("rota") : folder.title) + "\n\n";
  const int weeks = options.weeks;
  md += std::to_string(weeks) + " weeks from " + short_date(result.start_day) + ", up to " +
        std::to_string(options.areas_per_week) + " areas a week, no area again within " +
        std::to_string(options.gap_weeks) + " weeks. From the analysis of " + folder.period_from +
        " to " + folder.period_to + " in " + folder.dir + ".\n";
  int week = 0;
  for (const PlanVisit& visit : result.visits) {
    if (visit.week != week) {
      week = visit.week;
      md += "\n## Week " + std::to_string(week) + " (" + short_date(visit.day) + ")\n\n";
    }
    const Candidate& c = result.candidates.list[visit.candidate];
    md += std::to_string(visit.slot) + ". **" + c.name + "** — " + area_summary(folder, c);
    const auto streets = key_streets(folder, c, 4);
    if (!streets.empty()) md += ". Key streets: " + joined(streets, ", ");
    md += ".\n";
  }
  for (int w = week + 1; w <= weeks; ++w)
    md += "\n## Week " + std::to_string(w) + " (" + short_date(result.start_day + 7 * (w - 1)) +
          ")\n\nNo area is clear of the gap this week.\n";
  md += "\n## How the areas were chosen\n\n" +
        ranking_rule(result.weights, options.areas_per_week, options.gap_weeks) + "\n";
  if (folder.public_output)
    md += "\nPublic version: it repeats only figures the analysis published (counts under " +
          std::to_string(folder.minimum_count) + " and times of day are not shown).\n";
  if (!result.notes.empty()) {
    md += "\n## Notes\n\n";
    for (const std::string& note : result.notes) md += "- " + note + "\n";
  }
  md +=
      "\nplan.html is the print pack (the rota, then one A4 page per area); plan.csv and "
      "plan.geojson hold "
      "the same rota for spreadsheets and GIS.\n";
  return md;
}

std::string plan_geojson(const PlanResult& result) {
  nlohmann::ordered_json collection;
  collection["type"] = "FeatureCollection";
  collection["name"] = "plan";
  collection["features"] = nlohmann::ordered_json::array();
  for (const PlanVisit& visit : result.visits) {
    const Candidate& c = result.candidates.list[visit.candidate];
    nlohmann::ordered_json feature;
    feature["type"] = "Feature";
    nlohmann::ordered_json& p = feature["properties"];
    p["week"] = visit.week;
    p["date"] = day_label(visit.day);
    p["slot"] = visit.slot;
    p["area_id"] = c.id;
    p["kind"] = c.kind;
    p["layer"] = c.layer;
    p["name"] = c.name;
    p["score"] = std::stod(fixed_decimals(c.score, 3));
    p["summary"] = area_summary(result.folder, c);
    const std::string& geometry =
        c.hotspot >= 0 ? result.folder.hotspots[static_cast<size_t>(c.hotspot)].geometry_json
                       : result.folder.wards[static_cast<size_t>(c.ward)].geometry_json;
    feature["geometry"] = nlohmann::ordered_json::parse(geometry);
    collection["features"].push_back(std::move(feature));
  }
  return collection.dump() + "\n";
}

}  // namespace

std::vector<std::string> write_plan_outputs(const PlanOptions& options, const PlanResult& result) {
  write_file_atomically(options.out_dir + "/plan.csv",
                        std::string(kCsvByteOrderMark) + plan_csv(result));
  write_file_atomically(options.out_dir + "/plan.md", plan_md(options, result));
  write_file_atomically(options.out_dir + "/plan.geojson", plan_geojson(result));
  return {"plan.csv", "plan.md", "plan.geojson"};
}

}  // namespace hotspot::plan
