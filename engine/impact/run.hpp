// `hotspot impact` as one library call: did an operation work? Loads the study
// (study::load_study), the operation's area (a polygon file, or a hotspot area from an analyse
// output folder), counts the category in the area, a buffer ring and a comparison area over the
// periods before and after the start and the same periods a year earlier, and writes impact.md,
// impact.csv and impact_areas.geojson. Refuses periods outside the data (UsageError, exit 2).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/stage_clock.hpp"
#include "engine/impact/difference_in_differences.hpp"
#include "engine/impact/displacement.hpp"
#include "engine/impact/periods.hpp"
#include "engine/impact/zones.hpp"
#include "engine/profile/change_test.hpp"
#include "engine/study/study.hpp"

namespace hotspot::impact {

struct ImpactOptions {
  study::StudyOptions inputs;
  std::string category;  // slug, required
  // The area: a polygon file (every feature, or the one whose area_id_field is area_id), or a
  // hotspot area id with the analyse output folder whose hotspots.geojson holds it.
  std::string area_path, area_id_field, area_id;
  std::string hotspot_id, analysis_dir;
  PeriodUnit unit = PeriodUnit::day;
  int32_t from = 0, to = 0;  // the operation's first and last day (or month)
  int weeks = 0;             // 0: the operation's length in weeks, at least 4
  double buffer_m = 250;
  ComparisonKind comparison = ComparisonKind::district;
  std::string comparison_path;  // ComparisonKind::polygon
  std::string title;            // "Operation Insight" (optional)
  std::string out_dir;
  StageClock::StageDone on_stage;
  // Throws UsageError / ConfigError for bad or missing options.
  void validate() const;
};

struct Comparison {
  bool available = false;
  std::string reason;           // why not, when unavailable
  profile::CountChange change;  // the comparison's own before → after change
  RatioOfRatios effect;         // the area's change relative to it
};

struct ImpactResult {
  ImpactPeriods periods;
  ZoneCounts counts;
  std::string comparison_name;       // "the rest of Town Centre and Riverside wards"
  profile::CountChange area_change;  // after against before, exact (profile/change_test)
  profile::CountChange ring_change;
  Comparison against_comparison, against_last_year;
  DisplacementQuotient displacement;
  std::string headline;  // the finding in words
  std::vector<std::string> notes;
  std::vector<std::string> files;
};

ImpactResult run_impact(const ImpactOptions& options);

}  // namespace hotspot::impact
