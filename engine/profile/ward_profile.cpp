// build_profiles: one counting pass over the incidents into flat ward × category arrays, then
// the statistics per column. Method (also in the README): rates per 1,000 residents; the
// comparison divides a ward's count O by its expectation E = population × area rate, where the
// area rate is taken over the wards with a known population; the exact Garwood Poisson interval
// of O divided by E is the interval of the ratio (the ward is part of the area, so this is the
// usual, slightly conservative reading used for Most Similar Group comparisons).
#include "engine/profile/ward_profile.hpp"

#include <algorithm>
#include <numeric>

#include "engine/core/categories.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/core/parallel.hpp"

namespace hotspot::profile {

void ProfileOptions::validate() const {
  if (from_month && to_month && *from_month > *to_month)
    throw UsageError("the study period starts after it ends: --from must not be after --to");
  if (!(priority_ratio > 0))
    throw ConfigError("the priority ratio (--priority-ratio) must be a positive number");
  if (!(confidence > 0 && confidence < 1))
    throw ConfigError("the confidence level must be between 0 and 1");
  if (threads < 1) throw UsageError("the thread count (--threads) must be at least 1");
}

namespace {

struct Period {
  int32_t from_month = 0, to_month = -1;  // inclusive; empty when to < from
  std::optional<ResolvedBaseline> baseline;
  int months() const { return std::max(0, to_month - from_month + 1); }
  bool in_baseline(int32_t month) const { return baseline && baseline->months.contains(month); }
};

// Month of a local time through a per-day table built once: calling civil_from_days for
// every row would dominate the stage at millions of incidents.
class MonthLookup {
 public:
  explicit MonthLookup(const std::vector<int64_t>& times_s) {
    if (times_s.empty()) return;
    const auto [earliest, latest] = std::minmax_element(times_s.begin(), times_s.end());
    first_day_ = day_of(*earliest);
    const int64_t days = day_of(*latest) - first_day_ + 1;
    if (days > 400000) return;  // over a millennium: implausible data, compute per row
    table_.resize(static_cast<size_t>(days));
    for (int64_t day = 0; day < days; ++day)
      table_[day] = civil_time::month_index((first_day_ + day) * 86400);
  }
  int32_t operator()(int64_t time_s) const {
    return table_.empty() ? civil_time::month_index(time_s) : table_[day_of(time_s) - first_day_];
  }

 private:
  static int64_t day_of(int64_t time_s) { return time_s / 86400 - (time_s % 86400 < 0); }
  int64_t first_day_ = 0;
  std::vector<int32_t> table_;
};

void check_inputs(const IncidentTable& incidents, const WardSet& wards,
                  const ProfileOptions& options) {
  if (incidents.ward.size() != incidents.size())
    throw std::logic_error("build_profiles: incidents have no ward column; run the join first");
  if (wards.population.size() != wards.size())
    throw std::logic_error("build_profiles: the ward set has no population column");
  for (int32_t ward : incidents.ward)
    if (ward != kOutside && (ward < 0 || static_cast<size_t>(ward) >= wards.size()))
      throw std::logic_error("build_profiles: an incident refers to a ward that does not exist");
  if (!(options.confidence > 0 && options.confidence < 1))
    throw ConfigError("the confidence level must lie strictly between 0 and 1 (e.g. 0.95)");
  if (!(options.priority_ratio >= 0))
    throw ConfigError("the priority ratio must be a number >= 0 (e.g. 1.5)");
}

// The study period (default: the months of the incidents in wards) and its baseline, which must
// lie within the months the input holds.
Period resolve_period(const IncidentTable& incidents, const MonthLookup& month_of,
                      const ProfileOptions& options) {
  int32_t earliest = INT32_MAX, latest = INT32_MIN, first_in_wards = INT32_MAX,
          last_in_wards = INT32_MIN;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t month = month_of(incidents.local_time_s[i]);
    earliest = std::min(earliest, month);
    latest = std::max(latest, month);
    if (incidents.ward[i] == kOutside) continue;
    first_in_wards = std::min(first_in_wards, month);
    last_in_wards = std::max(last_in_wards, month);
  }
  Period period;
  if (first_in_wards == INT32_MAX && !(options.from_month && options.to_month)) return period;
  period.from_month = options.from_month.value_or(first_in_wards);
  period.to_month = options.to_month.value_or(last_in_wards);
  if (period.to_month < period.from_month)
    throw ConfigError("the study period ends before it starts: give --from before --to");
  if (earliest <= latest && (period.from_month < earliest || period.to_month > latest))
    throw ConfigError("the study period " + month_label(period.from_month) + " to " +
                      month_label(period.to_month) + " reaches outside the data, which runs from " +
                      month_label(earliest) + " to " + month_label(latest) +
                      ": choose --from and --to within it");
  if (earliest <= latest)
    period.baseline =
        resolve_baseline(options.baseline, {period.from_month, period.to_month}, earliest, latest);
  return period;
}

// Category ids in output order: police.uk slugs first in police.uk's order, then the others
// alphabetically; only categories that occur in the incidents.
std::vector<int> category_output_order(const IncidentTable& incidents) {
  std::vector<bool> present(incidents.category_slugs.size(), false);
  for (CategoryId id : incidents.category) present.at(id) = true;
  std::vector<int> order;
  for (const std::string& slug : police_uk_slugs()) {
    const int id = incidents.find_category(slug);
    if (id >= 0 && present[id]) order.push_back(id);
  }
  std::vector<int> others;
  for (size_t id = 0; id < present.size(); ++id) {
    const auto& slugs = police_uk_slugs();
    const bool police =
        std::find(slugs.begin(), slugs.end(), incidents.category_slugs[id]) != slugs.end();
    if (present[id] && !police) others.push_back(static_cast<int>(id));
  }
  std::sort(others.begin(), others.end(), [&](int a, int b) {
    return incidents.category_slugs[a] < incidents.category_slugs[b];
  });
  order.insert(order.end(), others.begin(), others.end());
  return order;
}

// Ward × category counts for the period and the previous period (flat, row = ward).
struct Counts {
  size_t categories = 0;
  std::vector<int64_t> current, previous;
};

Counts count_incidents(const IncidentTable& incidents, const MonthLookup& month_of,
                       const std::vector<int>& output_index, const Period& period,
                       AreaProfile& area) {
  const size_t ward_count = area.wards.size(), categories = area.categories.size();
  Counts counts{categories, std::vector<int64_t>(ward_count * categories, 0),
                std::vector<int64_t>(ward_count * categories, 0)};
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t ward = incidents.ward[i];
    if (ward == kOutside) continue;
    const int64_t time_s = incidents.local_time_s[i];
    const int32_t month = month_of(time_s);
    const size_t cell =
        static_cast<size_t>(ward) * categories + output_index[incidents.category[i]];
    if (month < period.from_month || month > period.to_month) {
      ++area.outside_period;
      if (period.in_baseline(month)) ++counts.previous[cell];
      continue;
    }
    ++counts.current[cell];
    WardProfile& profile = area.wards[ward];
    ++profile.monthly[month - period.from_month];
    if (incidents.time_precision[i] == TimePrecision::minute) {
      ++profile.hour_by_weekday[civil_time::weekday(time_s) * 24 + civil_time::hour_of_day(time_s)];
      ++profile.timed_count;
    }
  }
  return counts;
}

// Rank 1 = highest key; ties by ward index. Keys that are NaN go last, ordered by count.
void assign_ranks(std::vector<Stats*>& column, bool by_rate) {
  std::vector<size_t> order(column.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](size_t w) {
    return by_rate ? column[w]->rate_per_1000 : double(column[w]->count);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const double ka = key(a), kb = key(b);
    if (std::isnan(ka) != std::isnan(kb)) return std::isnan(kb);
    if (std::isnan(ka)) return column[a]->count > column[b]->count;
    return ka > kb;
  });
  for (size_t r = 0; r < order.size(); ++r) column[order[r]]->rank = static_cast<int>(r + 1);
}

struct Reference {
  double population = 0;  // residents of the wards with a known population
  int64_t count = 0;      // incidents in those wards
  int64_t area_count = 0;
};

// Fills every ward's Stats for one column (a category or the total).
void fill_column(std::vector<Stats*>& column, const WardSet& wards, const Reference& reference,
                 bool rank_by_rate, double exposure_ratio, const ProfileOptions& options) {
  const double rate_per_person =
      reference.population > 0 ? reference.count / reference.population : NAN;
  auto fill_ward = [&](size_t w) {
    Stats& stats = *column[w];
    if (stats.previous_count >= 0) {
      stats.change =
          compare_counts(stats.count, stats.previous_count, exposure_ratio, options.confidence);
      stats.change_percent = stats.change.change_percent;
    }
    stats.share_of_area =
        reference.area_count > 0 ? double(stats.count) / double(reference.area_count) : 0;
    const double population = wards.population[w];
    if (!(population > 0)) return;  // unknown or zero residents: no rate, no comparison
    stats.rate_per_1000 = 1000.0 * double(stats.count) / population;
    const RateComparison comparison =
        compare_with_expected(stats.count, population * rate_per_person, options.confidence);
    stats.rate_ratio = comparison.ratio;
    stats.ratio_low = comparison.low;
    stats.ratio_high = comparison.high;
    stats.comparison = comparison.comparison;
    stats.priority =
        stats.comparison == Comparison::above && stats.rate_ratio >= options.priority_ratio;
  };
  // Each ward's tests read only its own counts: split between the threads.
  parallel_for(column.size(), options.threads, [&](size_t begin, size_t end, int) {
    for (size_t w = begin; w < end; ++w) fill_ward(w);
  });
  assign_ranks(column, rank_by_rate);
}

std::string list_codes(const WardSet& wards, const std::vector<size_t>& indices) {
  std::string text;
  const size_t shown = std::min<size_t>(indices.size(), 10);
  for (size_t i = 0; i < shown; ++i) text += (i ? ", " : "") + wards.code[indices[i]];
  if (indices.size() > shown) text += " and " + std::to_string(indices.size() - shown) + " more";
  return text;
}

std::string population_note(const WardSet& wards) {
  std::vector<size_t> missing, zero;
  for (size_t w = 0; w < wards.size(); ++w) {
    if (std::isnan(wards.population[w]))
      missing.push_back(w);
    else if (!(wards.population[w] > 0))
      zero.push_back(w);
  }
  std::string note;
  if (!missing.empty() && missing.size() == wards.size())
    note =
        "no population given for any ward; rates and comparisons are left empty and wards are "
        "ranked by count";
  else if (!missing.empty())
    note = "no population given for " + std::to_string(missing.size()) + " ward" +
           (missing.size() == 1 ? "" : "s") + ": " + list_codes(wards, missing) +
           "; rates and comparisons are left empty for them and wards are ranked by count";
  if (!zero.empty())
    note += std::string(note.empty() ? "" : "; ") + "population 0 for " +
            std::to_string(zero.size()) + " ward" + (zero.size() == 1 ? "" : "s") + ": " +
            list_codes(wards, zero) +
            "; a rate per resident is undefined there, so it is left empty";
  return note;
}

// Wards whose column (picked by `stats_of`) meets the priority rule, ranked by rate ratio
// (highest first), ties by count, then ward index.
template <typename StatsOf>
std::vector<int32_t> priority_ranking(const AreaProfile& area, StatsOf stats_of) {
  std::vector<int32_t> order;
  for (size_t w = 0; w < area.wards.size(); ++w)
    if (stats_of(area.wards[w]).priority) order.push_back(static_cast<int32_t>(w));
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const Stats &sa = stats_of(area.wards[a]), &sb = stats_of(area.wards[b]);
    if (sa.rate_ratio != sb.rate_ratio) return sa.rate_ratio > sb.rate_ratio;
    return sa.count > sb.count;
  });
  return order;
}

// Priority wards on the total, and the per-category rankings.
void rank_priorities(AreaProfile& area) {
  area.priority_order =
      priority_ranking(area, [](const WardProfile& ward) -> const Stats& { return ward.total; });
  for (size_t r = 0; r < area.priority_order.size(); ++r) {
    WardProfile& ward = area.wards[area.priority_order[r]];
    ward.priority = true;
    ward.priority_rank = static_cast<int>(r + 1);
  }
  for (size_t c = 0; c < area.categories.size(); ++c)
    area.category_priority_order.push_back(priority_ranking(
        area, [c](const WardProfile& ward) -> const Stats& { return ward.by_category[c]; }));
}

}  // namespace

AreaProfile build_profiles(const IncidentTable& incidents, const WardSet& wards,
                           const ProfileOptions& options) {
  check_inputs(incidents, wards, options);
  const MonthLookup month_of(incidents.local_time_s);
  const Period period = resolve_period(incidents, month_of, options);
  const std::vector<int> order = category_output_order(incidents);
  std::vector<int> output_index(incidents.category_slugs.size(), 0);
  AreaProfile area;
  for (size_t k = 0; k < order.size(); ++k) {
    output_index[order[k]] = static_cast<int>(k);
    area.categories.push_back(incidents.category_slugs[order[k]]);
  }
  const size_t categories = order.size(), months = period.months();
  area.from_month = period.from_month;
  area.to_month = period.to_month;
  area.has_previous_period = period.baseline.has_value();
  area.baseline = period.baseline;
  const bool has_baseline = period.baseline.has_value();
  area.wards.resize(wards.size());
  for (WardProfile& ward : area.wards) {
    ward.by_category.resize(categories);
    ward.monthly.assign(months, 0);
  }
  const Counts counts = count_incidents(incidents, month_of, output_index, period, area);

  // Per ward: counts into Stats; area sums; the reference over wards with a known population.
  area.count_by_category.assign(categories, 0);
  area.monthly.assign(months, 0);
  std::vector<Reference> reference(categories + 1);
  int64_t previous_total = 0;
  bool every_population_known = wards.size() > 0;
  for (size_t w = 0; w < wards.size(); ++w) {
    WardProfile& ward = area.wards[w];
    const bool known = !std::isnan(wards.population[w]);
    every_population_known = every_population_known && known;
    int64_t previous_ward_total = 0;
    for (size_t c = 0; c < categories; ++c) {
      Stats& stats = ward.by_category[c];
      stats.count = counts.current[w * categories + c];
      if (has_baseline) stats.previous_count = counts.previous[w * categories + c];
      previous_ward_total += counts.previous[w * categories + c];
      ward.total.count += stats.count;
      area.count_by_category[c] += stats.count;
      reference[c].area_count += stats.count;
      if (known) reference[c].count += stats.count, reference[c].population += wards.population[w];
    }
    if (has_baseline) ward.total.previous_count = previous_ward_total;
    previous_total += previous_ward_total;
    area.total += ward.total.count;
    reference[categories].area_count += ward.total.count;
    if (known)
      reference[categories].count += ward.total.count,
          reference[categories].population += wards.population[w];
    for (size_t c = 0; c < categories; ++c)
      ward.mix.push_back(
          ward.total.count > 0 ? double(ward.by_category[c].count) / double(ward.total.count) : 0);
    for (size_t m = 0; m < months; ++m) area.monthly[m] += ward.monthly[m];
    for (size_t k = 0; k < ward.hour_by_weekday.size(); ++k)
      area.hour_by_weekday[k] += ward.hour_by_weekday[k];
    area.timed_count += ward.timed_count;
  }
  if (has_baseline) {
    const double exposure = period.baseline->exposure_ratio;
    area.previous_total = previous_total;
    area.change_total = compare_counts(area.total, previous_total, exposure, options.confidence);
    area.previous_by_category.assign(categories, 0);
    for (size_t w = 0; w < wards.size(); ++w)
      for (size_t c = 0; c < categories; ++c)
        area.previous_by_category[c] += counts.previous[w * categories + c];
    for (size_t c = 0; c < categories; ++c)
      area.change_by_category.push_back(compare_counts(
          area.count_by_category[c], area.previous_by_category[c], exposure, options.confidence));
  }

  area.has_population = every_population_known;
  area.population_note = population_note(wards);
  area.rate_by_category.assign(categories, NAN);
  if (every_population_known) {
    area.population = reference[categories].population;
    for (size_t c = 0; c < categories; ++c)
      if (area.population > 0)
        area.rate_by_category[c] = 1000.0 * double(area.count_by_category[c]) / area.population;
    if (area.population > 0) area.rate_total = 1000.0 * double(area.total) / area.population;
  }

  std::vector<Stats*> column(wards.size());
  for (size_t c = 0; c <= categories; ++c) {
    for (size_t w = 0; w < wards.size(); ++w)
      column[w] = c < categories ? &area.wards[w].by_category[c] : &area.wards[w].total;
    fill_column(column, wards, reference[c], every_population_known,
                has_baseline ? period.baseline->exposure_ratio : 1.0, options);
  }
  rank_priorities(area);
  return area;
}

}  // namespace hotspot::profile
