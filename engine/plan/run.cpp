#include "engine/plan/run.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/core/csv_reader.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/plan/plan_outputs.hpp"
#include "engine/plan/plan_pack.hpp"

namespace hotspot::plan {

namespace {

// Layers are scored in their own incidents, so a rare crime (burglary) can lose every slot to a
// common one (violence): say so, with the weight that would bring its best area in.
void note_layers_left_out(PlanResult& result) {
  double lowest_chosen = INFINITY;
  for (const PlanVisit& visit : result.visits)
    lowest_chosen = std::min(lowest_chosen, result.candidates.list[visit.candidate].score);
  for (const AnalysedLayer& layer : result.folder.layers) {
    double best_expected = 0;
    bool visited = false;
    for (const PlanVisit& visit : result.visits)
      visited = visited || result.candidates.list[visit.candidate].layer == layer.name;
    for (const Candidate& c : result.candidates.list)
      if (c.layer == layer.name)
        best_expected =
            std::max(best_expected,
                     result.folder.hotspots[static_cast<size_t>(c.hotspot)].expected_per_month);
    if (visited || best_expected <= 0 || !std::isfinite(lowest_chosen)) continue;
    const double weight = std::ceil(lowest_chosen / best_expected * 1.01 * 10) / 10;
    char text[32];
    std::snprintf(text, sizeof text, "%g", weight);
    result.notes.push_back("no " + layer.name +
                           " area is on the rota: its best expects fewer "
                           "incidents a month than every area chosen; --weights " +
                           layer.name + "=" + text + " would bring its top area in");
  }
}

}  // namespace

void PlanOptions::validate() const {
  if (analysis_dir.empty())
    throw UsageError("no analysis: give --analysis DIR, the output folder of `hotspot analyse`");
  if (out_dir.empty()) throw UsageError("no output folder: give --out DIR");
  if (areas_per_week < 1 || areas_per_week > 20)
    throw UsageError("--areas must be from 1 to 20 areas a week");
  if (weeks < 1 || weeks > 52) throw UsageError("--weeks must be from 1 to 52");
  if (gap_weeks < 1 || gap_weeks > 52)
    throw UsageError("--gap must be from 1 to 52 weeks (1: an area may return the next week)");
  for (const auto& [key, weight] : weights)
    if (!(weight >= 0) || weight > 1e6)
      throw UsageError("--weights: the weight of '" + key +
                       "' must be a number from 0 (leave the layer out) up");
  if (std::filesystem::weakly_canonical(analysis_dir) == std::filesystem::weakly_canonical(out_dir))
    throw UsageError("--out must not be the --analysis folder: give the plan a folder of its own");
}

int32_t first_monday_after(int32_t day) {
  // Day 0 (1970-01-01) was a Thursday: weekday 0 = Monday is (day + 3) mod 7.
  const int weekday = ((day + 3) % 7 + 7) % 7;
  return day + 7 - weekday;
}

std::map<std::string, std::vector<int32_t>> read_history(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields))
    throw InputError(path, 1, "", "empty: give --history a plan.csv that `hotspot plan` wrote");
  int date_column = -1, id_column = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == "date") date_column = static_cast<int>(i);
    if (fields[i] == "area_id") id_column = static_cast<int>(i);
  }
  if (date_column < 0 || id_column < 0)
    throw InputError(path, 1, date_column < 0 ? "date" : "area_id",
                     "no such column: give --history a plan.csv that `hotspot plan` wrote");
  std::map<std::string, std::vector<int32_t>> visits;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() <= static_cast<size_t>(std::max(date_column, id_column)))
      throw InputError(path, reader.line_number(), "", "too few fields for a plan.csv row");
    const auto day = parse_day(fields[static_cast<size_t>(date_column)]);
    if (!day) throw InputError(path, reader.line_number(), "date", "not a date as YYYY-MM-DD");
    visits[std::string(fields[static_cast<size_t>(id_column)])].push_back(*day);
  }
  return visits;
}

PlanResult run_plan(const PlanOptions& options) {
  options.validate();
  PlanResult result;
  result.options = options;
  result.folder = read_analysis_folder(options.analysis_dir);
  const AnalysisFolder& folder = result.folder;

  const int32_t earliest = folder.period_last_day + 1;
  const int32_t latest = folder.period_last_day + kLatestStartDays;
  result.start_day = options.start_day.value_or(first_monday_after(folder.period_last_day));
  if (result.start_day < earliest || result.start_day > latest)
    throw UsageError("--start " + day_label(result.start_day) + " is outside " +
                     day_label(earliest) + " to " + day_label(latest) + ": the analysis covers " +
                     folder.period_from + " to " + folder.period_to +
                     ", so a rota starts after that and within 13 weeks of its end (later, the "
                     "forecast is stale: run `hotspot analyse` on newer data)");

  result.candidates = make_candidates(folder, options.weights);
  result.notes = result.candidates.notes;
  for (const AnalysedLayer& layer : folder.layers) result.weights[layer.name] = 1;
  result.weights[kWardsWeight] = 1;
  for (const auto& [key, weight] : options.weights) result.weights[key] = weight;

  RotaInput input;
  for (const Candidate& c : result.candidates.list) input.scores.push_back(c.score);
  input.overlaps = result.candidates.overlaps;
  input.visited.resize(result.candidates.list.size());
  if (!options.history_path.empty()) {
    const auto history = read_history(options.history_path);
    size_t matched = 0;
    for (size_t c = 0; c < result.candidates.list.size(); ++c) {
      const auto found = history.find(result.candidates.list[c].id);
      if (found == history.end()) continue;
      input.visited[c] = found->second;
      ++matched;
    }
    result.notes.push_back(std::to_string(matched) + " of the areas were visited in " +
                           options.history_path + " and wait " + std::to_string(options.gap_weeks) +
                           " weeks from that visit");
  }
  input.start_day = result.start_day;
  input.weeks = options.weeks;
  input.areas_per_week = options.areas_per_week;
  input.gap_weeks = options.gap_weeks;
  const Rota rota = build_rota(input);
  for (size_t w = 0; w < rota.size(); ++w) {
    for (size_t s = 0; s < rota[w].size(); ++s)
      result.visits.push_back({static_cast<int>(w + 1), static_cast<int>(s + 1),
                               result.start_day + 7 * static_cast<int32_t>(w), rota[w][s]});
    if (rota[w].size() < static_cast<size_t>(options.areas_per_week))
      result.notes.push_back("week " + std::to_string(w + 1) + " has " +
                             std::to_string(rota[w].size()) + " areas, not " +
                             std::to_string(options.areas_per_week) +
                             ": no other area is both clear of the gap and apart from the rest");
  }
  note_layers_left_out(result);

  std::filesystem::create_directories(options.out_dir);
  result.files = write_plan_outputs(options, result);
  write_plan_pack(result, options.out_dir + "/plan.html");
  result.files.push_back("plan.html");
  return result;
}

}  // namespace hotspot::plan
