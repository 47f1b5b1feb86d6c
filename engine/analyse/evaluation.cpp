#include "engine/analyse/evaluation.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::analyse {

namespace {

// Default periods: the last half of the months the data covers (at most 12) is the test
// period, and as many months before it the fit period.
std::pair<MonthRange, MonthRange> default_periods(const IncidentTable& incidents) {
  int32_t first = INT32_MAX, last = INT32_MIN;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.ward[i] == kOutside) continue;
    const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
    first = std::min(first, month);
    last = std::max(last, month);
  }
  const int32_t span = last - first + 1;
  if (span < 2)
    throw UsageError(
        "evaluation needs at least two months of incidents in the wards (one to fit, one to test)");
  const int32_t length = std::min(12, span / 2);
  return {MonthRange{last - 2 * length + 1, last - length}, MonthRange{last - length + 1, last}};
}

}  // namespace

hotspots::EvaluationResult run_evaluation(const AnalyseOptions& options,
                                          const EvaluationPeriods& periods) {
  options.inputs.validate(/*require_wards=*/true);
  if (options.out_dir.empty()) throw UsageError("evaluate needs --out DIR");
  options.hotspots.validate();
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error) throw IoError(options.out_dir, "cannot create the output folder: " + error.message());
  StageClock clock(options.on_stage);
  const study::Study study = study::load_study(options.inputs, clock);
  study::require_incidents(study, options.inputs, "");
  // Plain variables, not a structured binding: the lambda below captures them (clang 14 cannot).
  const std::pair<MonthRange, MonthRange> defaults = default_periods(study.incidents());
  MonthRange fit = defaults.first, test = defaults.second;
  if (periods.fit) fit = *periods.fit;
  if (periods.test) test = *periods.test;
  const hotspots::HotspotInputs inputs{
      study.incidents(), *study.wards,       *study.locator,         fit,
      std::nullopt,      options.disclosure, options.inputs.threads, {}};
  const hotspots::EvaluationResult result = clock.time("evaluate", [&] {
    const hotspots::StudyGrid grid = hotspots::make_study_grid(inputs, options.hotspots);
    return hotspots::evaluate(inputs, grid, options.layers, options.hotspots, fit, test);
  });
  hotspots::write_evaluation_csv(result, options.out_dir + "/evaluation.csv");
  write_file_atomically(options.out_dir + "/evaluation.md", hotspots::evaluation_markdown(result));
  return result;
}

}  // namespace hotspot::analyse
