// Ward profiles for the study period: counts, rates per 1,000 residents, shares, ranks, the
// comparison with the whole area (rate ratio with an exact Poisson 95% interval, classed
// above / similar / below), change on a baseline period (the exact conditional test of
// change_test.hpp), crime mix, monthly counts, the hour × weekday table, and priority wards.
// Pure computation: no I/O.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/incident_table.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/profile/baseline.hpp"
#include "engine/profile/change_test.hpp"

namespace hotspot::profile {

struct ProfileOptions {
  // Study period as civil_time::month_index values, inclusive; unset = the whole input.
  std::optional<int32_t> from_month;
  std::optional<int32_t> to_month;
  double priority_ratio = 1.5;  // priority: significantly above AND rate ratio >= this
  double confidence = 0.95;
  BaselineChoice baseline;  // what the study period is compared with (--baseline)
  // The wards' tests (exact Poisson and binomial) on this many threads; the same results for any
  // count. On a national run they are seconds of Boost.Math's incomplete gamma and beta inverses.
  int threads = 1;

  // Throws UsageError/ConfigError for a period whose start is after its end, a priority ratio
  // that is not positive, a confidence outside (0, 1), or fewer than 1 thread.
  void validate() const;
};

enum class Comparison { above, similar, below, unknown };
const char* to_string(Comparison comparison);

struct Stats {
  int64_t count = 0;
  int64_t previous_count = -1;  // in the baseline period; -1 when there is no baseline
  // The count against previous_count by compare_counts (with the periods' lengths as exposure);
  // meaningful only when previous_count >= 0.
  CountChange change;
  double change_percent = NAN;  // change.change_percent: NaN for small numbers or no baseline
  double rate_per_1000 = NAN;   // NaN without population
  double share_of_area = 0;     // this ward's share of the area's count, 0..1
  int rank = 0;                 // 1 = highest rate (or count without population) among wards
  double rate_ratio = NAN;      // ward rate / area rate
  double ratio_low = NAN;       // exact Poisson confidence interval of rate_ratio
  double ratio_high = NAN;
  Comparison comparison = Comparison::unknown;
  // This column alone meets the priority rule (above AND rate_ratio >= priority_ratio).
  bool priority = false;
};

struct WardProfile {
  std::vector<Stats> by_category;  // indexed like AreaProfile::categories
  Stats total;
  std::vector<double> mix;                        // share of this ward's total per category
  std::vector<int64_t> monthly;                   // per month of the study period
  std::array<int64_t, 7 * 24> hour_by_weekday{};  // [weekday*24 + hour], timed incidents only
  int64_t timed_count = 0;                        // incidents with a known time of day
  bool priority = false;
  int priority_rank = 0;  // 1 = first priority; 0 = not a priority
};

struct AreaProfile {
  std::vector<std::string> categories;   // slugs in output order (police.uk order, then others)
  int32_t from_month = 0, to_month = 0;  // the study period actually used
  bool has_previous_period = false;      // a baseline is in use (see `baseline`)
  std::optional<ResolvedBaseline> baseline;
  bool has_population = false;                // every ward has a population
  std::string population_note;                // why rates are empty, when they are
  double population = NAN;                    // area total; NaN unless has_population
  std::vector<int64_t> count_by_category;     // area
  int64_t total = 0;                          // incidents in wards within the period
  int64_t previous_total = -1;                // in the baseline; -1 without one
  std::vector<int64_t> previous_by_category;  // in the baseline; empty without one
  CountChange change_total;                   // area total against the baseline
  std::vector<CountChange> change_by_category;
  std::vector<double> rate_by_category;  // per 1,000; NaN unless has_population
  double rate_total = NAN;
  std::vector<int64_t> monthly;
  std::array<int64_t, 7 * 24> hour_by_weekday{};
  int64_t timed_count = 0;
  int64_t outside_period = 0;           // incidents in wards but outside the study period
  std::vector<WardProfile> wards;       // indexed like WardSet
  std::vector<int32_t> priority_order;  // ward indices, priority rank order
  // Per category (indexed like categories): the wards whose count alone meets the priority
  // rule, ranked the same way.
  std::vector<std::vector<int32_t>> category_priority_order;
};

// Method. The study period defaults to the first..last month of the incidents in wards. Rate
// = count per 1,000 residents. Comparison: O = the ward's count, E = its population × the
// area rate (count / population over the wards with a known population); rate ratio = O/E,
// and its interval is the exact Garwood Poisson interval of O divided by E; `above` when the
// low end exceeds 1, `below` when the high end is under 1, else `similar` (the way Home
// Office Most Similar Group comparisons are read). Wards with no or zero population get no
// rate and `unknown`; when any ward lacks a population, wards are ranked by count. The
// baseline (resolve_baseline): by default the previous period of the same number of months,
// used only when the earliest incident month reaches back to its first month; every count
// (ward, ward × category, area, area × category) is compared with its baseline count by
// compare_counts, with exposure = study months / baseline months. Throws ConfigError for a
// baseline the data does not cover or that overlaps the period. Priority wards: total `above`
// AND rate ratio >= priority_ratio, ranked by rate ratio, then count, then ward index.
// Incidents must already carry their ward (join::assign_wards).
AreaProfile build_profiles(const IncidentTable& incidents, const WardSet& wards,
                           const ProfileOptions& options);

// Exact (Garwood) Poisson confidence interval for an observed count.
struct Interval {
  double low, high;
};
Interval poisson_interval(int64_t observed, double confidence = 0.95);

// An observed count against its expectation under the area rate: ratio = O/E with the Garwood
// interval of O divided by E; above when low > 1, below when high < 1, else similar. With no
// expectation (E <= 0 or NaN) the ratio is NaN and the class unknown.
struct RateComparison {
  double ratio = NAN, low = NAN, high = NAN;
  Comparison comparison = Comparison::unknown;
};
RateComparison compare_with_expected(int64_t observed, double expected, double confidence = 0.95);

}  // namespace hotspot::profile
