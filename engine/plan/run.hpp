// `hotspot plan` as one library call: a days-of-action rota from an analyse output folder (never
// re-running the analysis). Reads the folder, scores the candidates (candidates.hpp), builds the
// rota (rota.hpp) and writes plan.csv, plan.md, plan.geojson and plan.html (a print pack, one A4
// page per visit). Week 1 must start after the analysed period and within 13 weeks of its end:
// earlier dates are already in the data, later ones rest on a stale forecast (UsageError, exit 2).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/analysis_folder.hpp"
#include "engine/plan/candidates.hpp"
#include "engine/plan/rota.hpp"

namespace hotspot::plan {

// How long after the analysed period a rota may start before the forecast is too old to plan on.
inline constexpr int kLatestStartDays = 13 * 7;

struct PlanOptions {
  std::string analysis_dir, out_dir;
  int areas_per_week = 4;
  int weeks = 8;
  int gap_weeks = 3;
  std::optional<int32_t> start_day;       // day index; default: the first Monday after the period
  std::map<std::string, double> weights;  // layer name or "wards" → weight (default 1)
  std::string history_path;               // a previous plan.csv (optional)
  // Throws UsageError naming the flag for a value out of range.
  void validate() const;
};

struct PlanVisit {
  int week = 0, slot = 0;  // 1-based
  int32_t day = 0;
  size_t candidate = 0;  // index into PlanResult::candidates.list
};

struct PlanResult {
  PlanOptions options;
  AnalysisFolder folder;
  Candidates candidates;
  std::map<std::string, double> weights;  // every layer and "wards", defaults filled in
  int32_t start_day = 0;
  std::vector<PlanVisit> visits;  // week by week, slot by slot
  std::vector<std::string> notes;
  std::vector<std::string> files;
};

// The first Monday after `day`.
int32_t first_monday_after(int32_t day);

// Reads a previous plan.csv: area id → days it was visited. Throws InputError naming the file,
// line and field for a file that is not a plan.csv or a date that is not YYYY-MM-DD.
std::map<std::string, std::vector<int32_t>> read_history(const std::string& path);

PlanResult run_plan(const PlanOptions& options);

}  // namespace hotspot::plan
