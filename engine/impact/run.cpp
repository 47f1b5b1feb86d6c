#include "engine/impact/run.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/core/categories.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/impact/area_loader.hpp"
#include "engine/impact/impact_outputs.hpp"

namespace hotspot::impact {

namespace {

// "fell 5%", "rose 12%", "was unchanged".
std::string movement(const profile::CountChange& change) {
  if (std::isnan(change.rate_ratio)) return "had no incidents before";
  const long percent = std::lround(std::fabs(change.rate_ratio - 1) * 100);
  if (percent == 0) return "was unchanged";
  return std::string(change.rate_ratio < 1 ? "fell " : "rose ") + std::to_string(percent) + "%";
}

// The data's first and last day (or month), over every incident of the study.
Window data_range(const IncidentTable& incidents, PeriodUnit unit) {
  Window range{INT32_MAX, INT32_MIN};
  for (size_t i = 0; i < incidents.size(); ++i) {
    const bool month_only = incidents.time_precision[i] == TimePrecision::month;
    if (unit == PeriodUnit::day && month_only) continue;
    const int32_t value = unit == PeriodUnit::day
                              ? day_of(incidents.local_time_s[i])
                              : civil_time::month_index(incidents.local_time_s[i]);
    range.first = std::min(range.first, value);
    range.last = std::max(range.last, value);
  }
  return range;
}

void require_inside(const Window& window, const Window& data, PeriodUnit unit,
                    const std::string& what) {
  if (window.first >= data.first && window.last <= data.last) return;
  throw UsageError(what + " (" + window_label(unit, window) +
                   ") fall outside the data, which runs from " + window_label(unit, data) +
                   ": choose operation dates with as much data before and after them");
}

Comparison compare(int64_t area_before, int64_t area_after, const PeriodCounts& other_before_after,
                   bool last_year) {
  Comparison comparison;
  comparison.available = true;
  const int64_t before =
      last_year ? other_before_after.before_last_year : other_before_after.before;
  const int64_t after = last_year ? other_before_after.after_last_year : other_before_after.after;
  comparison.change = profile::compare_counts(after, before);
  comparison.effect = ratio_of_rate_ratios(area_before, area_after, before, after);
  return comparison;
}

}  // namespace

void ImpactOptions::validate() const {
  inputs.validate(false);
  if (category.empty())
    throw UsageError("no category: give --category SLUG, e.g. --category anti-social-behaviour");
  const int areas = !area_path.empty() + !hotspot_id.empty();
  if (areas != 1)
    throw UsageError(
        "give the operation's area either as --area FILE (a polygon layer) or as "
        "--hotspot ID with --analysis DIR (an analyse output folder)");
  if (!hotspot_id.empty() && analysis_dir.empty())
    throw UsageError(
        "--hotspot needs --analysis DIR: the analyse output folder whose "
        "hotspots.geojson holds the area");
  if (!(buffer_m >= 0) || !std::isfinite(buffer_m))
    throw UsageError("--buffer must be zero or a positive number of metres");
  if (comparison == ComparisonKind::polygon && comparison_path.empty())
    throw UsageError("--comparison needs wards, district or a polygon FILE");
  if (out_dir.empty()) throw UsageError("no output folder: give --out DIR");
}

ImpactResult run_impact(const ImpactOptions& options) {
  options.validate();
  StageClock clock(options.on_stage);
  const study::Study study = study::load_study(options.inputs, clock);
  study::require_incidents(study, options.inputs, "");
  const IncidentTable& incidents = study.incidents();
  const std::string source = options.inputs.incidents.size() == 1 ? options.inputs.incidents.front()
                                                                  : "the incident files";
  const int category = incidents.find_category(options.category);
  if (category < 0)
    throw InputError(source, 0, "", "no '" + options.category + "' incidents in the data");

  ImpactResult result;
  result.periods = make_periods(options.unit, options.from, options.to, options.weeks);
  const ImpactPeriods& periods = result.periods;
  const Window data = data_range(incidents, options.unit);
  if (data.first > data.last)
    throw InputError(source, 0, "",
                     "every record gives the month only (as police.uk publishes them), so day "
                     "periods cannot be counted: give --from and --to as months (YYYY-MM)");
  require_inside(periods.before, data, options.unit,
                 "the " + window_length(options.unit, periods.before) + " before the operation");
  require_inside(periods.after, data, options.unit,
                 "the " + window_length(options.unit, periods.after) + " from its start");

  ZoneDefinition zones;
  zones.buffer_m = options.buffer_m;
  zones.comparison = options.comparison;
  zones.area = options.hotspot_id.empty()
                   ? load_area(options.area_path, options.area_id_field, options.area_id,
                               study.analysis_crs())
                   : load_area(options.analysis_dir + "/hotspots.geojson", "id", options.hotspot_id,
                               study.analysis_crs());
  if (options.comparison == ComparisonKind::polygon)
    zones.comparison_polygon = load_area(options.comparison_path, "", "", study.analysis_crs());
  result.counts = clock.time("count", [&] {
    return count_zones(incidents, category, periods, zones, study.wards ? &*study.wards : nullptr);
  });
  const ZoneCounts& counts = result.counts;
  if (options.unit == PeriodUnit::day && counts.month_only > 0)
    result.notes.push_back(std::to_string(counts.month_only) + " '" + options.category +
                           "' records give the month only and are left out of day periods");

  const std::string ring = std::to_string(static_cast<long>(options.buffer_m)) + " m ring";
  if (options.comparison == ComparisonKind::wards) {
    std::string names;
    for (size_t i = 0; i < counts.comparison_wards.size(); ++i)
      names += (i ? (i + 1 == counts.comparison_wards.size() ? " and " : ", ") : "") +
               study.wards->name[static_cast<size_t>(counts.comparison_wards[i])];
    result.comparison_name =
        "the rest of " + names + (counts.comparison_wards.size() > 1 ? " wards" : " ward");
  } else if (options.comparison == ComparisonKind::district) {
    result.comparison_name = "the rest of the study area";
  } else {
    result.comparison_name = "the comparison area in " + options.comparison_path;
  }
  result.comparison_name += ", outside the operation area and its " + ring;

  result.area_change = profile::compare_counts(counts.area.after, counts.area.before);
  result.ring_change = profile::compare_counts(counts.ring.after, counts.ring.before);
  if (counts.comparison.before + counts.comparison.after == 0) {
    result.against_comparison.reason = "the comparison area has no incidents in either period";
  } else {
    result.against_comparison =
        compare(counts.area.before, counts.area.after, counts.comparison, false);
  }
  if (periods.before_last_year.first < data.first) {
    result.against_last_year.reason = "the data does not reach back to the same " +
                                      window_length(options.unit, periods.before) + " last year (" +
                                      window_label(options.unit, periods.before_last_year) + ")";
  } else {
    result.against_last_year = compare(counts.area.before, counts.area.after, counts.area, true);
  }
  result.displacement = weighted_displacement_quotient(
      counts.area.before, counts.area.after, counts.ring.before, counts.ring.after,
      counts.comparison.before, counts.comparison.after);

  std::string what = category_title(options.category);
  what[0] = static_cast<char>(std::tolower(what[0]));
  // "In the 8 weeks from 2026-06-01 against the 8 weeks before, anti-social behaviour in the
  // operation area was down 32% (95% CI 2 to 53%), significant; the comparison area rose 4%."
  result.headline = "In the " + window_length(options.unit, periods.after) + " from " +
                    unit_label(options.unit, periods.after.first) + " against the " +
                    window_length(options.unit, periods.before) + " before, " + what +
                    " in the operation area was " + profile::describe_change(result.area_change);
  if (result.against_comparison.available)
    result.headline +=
        "; the comparison area " + movement(result.against_comparison.change) +
        ". Relative to the comparison area: " + describe_ratio(result.against_comparison.effect) +
        ".";
  else
    result.headline += ". No comparison area: " + result.against_comparison.reason + ".";

  std::filesystem::create_directories(options.out_dir);
  clock.time("write", [&] {
    result.files = write_impact_outputs(options, result, zones, study.analysis_crs());
  });
  return result;
}

}  // namespace hotspot::impact
