#include "engine/analyse/evaluation.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/join/ward_locator.hpp"

namespace hotspot::analyse {

namespace {

// Default periods: the last half of the months the data covers (at most 12) is the test
// period, and as many months before it the fit period.
std::pair<hotspots::MonthRange, hotspots::MonthRange> default_periods(const IncidentTable& incidents) {
  int32_t first = INT32_MAX, last = INT32_MIN;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.ward[i] == kOutside) continue;
    const int32_t month = civil_time::month_index(incidents.local_time_s[i]);
    first = std::min(first, month);
    last = std::max(last, month);
  }
  const int32_t span = last - first + 1;
  if (span < 2) throw UsageError("evaluation needs at least two months of incidents in the wards (one to fit, one to test)");
  const int32_t length = std::min(12, span / 2);
  return {hotspots::MonthRange{last - 2 * length + 1, last - length}, hotspots::MonthRange{last - length + 1, last}};
}

}  // namespace

nlohmann::json run_evaluation(const AnalyseOptions& options, const EvaluationPeriods& periods) {
  if (options.incidents.empty() || options.wards.path.empty() || options.out_dir.empty())
    throw UsageError("evaluate needs --incidents, --wards (or --config) and --out");
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error) throw InputError(options.out_dir, 0, "", "cannot create the output folder: " + error.message());
  wards::WardLoadReport ward_report;
  const WardSet wards = wards::load_wards(options.wards, ward_report);
  ingest::IngestOptions ingest_options = options.ingest;
  if (!options.category_mapping.empty()) ingest_options.mapping = CategoryMapping::load(options.category_mapping);
  ingest_options.analysis_crs = ward_report.analysis_crs;
  ingest_options.study_extent = wards.extent;
  ingest_options.quiet = options.quiet;
  ingest::IngestResult ingested = ingest::ingest(options.incidents, ingest_options);
  if (ingested.table.size() == 0) throw InputError(options.incidents.front(), 0, "", "no usable incident rows");
  const join::WardLocator locator(wards);
  join::assign_wards(ingested.table, locator, options.threads);
  auto [fit, test] = default_periods(ingested.table);
  if (periods.fit) fit = *periods.fit;
  if (periods.test) test = *periods.test;
  hotspots::HotspotOptions hotspot_options = options.hotspots;
  hotspot_options.threads = options.threads;
  nlohmann::json result = hotspots::evaluate(ingested.table, wards, locator, options.layers, hotspot_options, fit, test, options.out_dir);
  return result;
}

}  // namespace hotspot::analyse
