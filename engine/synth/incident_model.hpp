// The incident model: police.uk-like category shares, seasonal monthly totals, hour and
// weekday patterns per category, and locations drawn from hotspots or spread over wards in
// proportion to population (with a small share placed just outside the town). Generates one
// month at a time, sorted by time, so writers can stream any number of rows.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/synth/synth.hpp"
#include "engine/synth/town.hpp"

namespace hotspot::synth {

enum TimeProfile {
  night_out,
  violence_day,
  asb_evening,
  burglary_evening,
  shop_hours,
  vehicle_night,
  daytime
};

struct CategoryModel {
  const char* slug;
  const char* police_name;  // police.uk "Crime type"
  double share;             // of all incidents
  TimeProfile time_profile;
  double season_amplitude;                          // ± fraction around the mean month
  int peak_month;                                   // 1..12
  double trend_per_year;                            // relative change per year
  std::array<double, kHotspotKinds> hotspot_share;  // the rest is background
};
const std::vector<CategoryModel>& category_models();

// Share of incidents placed just outside every ward ("outside the study area").
constexpr double kOutsideShare = 0.003;

struct Record {
  int64_t local_time_s;  // local civil time, to the minute
  double x_m, y_m;       // EPSG:27700, rounded to 1 m
  uint16_t category;     // index into category_models()
};

class IncidentModel {
 public:
  // `injections` plant near repeats and effects (synth.hpp), drawing from a generator of their
  // own so that without them the records are exactly as before.
  IncidentModel(const Town& town, int64_t total, uint64_t seed, const Injections& injections = {});
  // The records of month 0..kMonths-1 of the study period, sorted by time then place.
  std::vector<Record> month(int month_offset);
  int64_t outside() const { return outside_; }
  int64_t near_repeats_added() const { return near_repeats_added_; }
  int64_t effect_removed() const { return effect_removed_; }
  int64_t effect_displaced() const { return effect_displaced_; }

 private:
  Record draw(int year, unsigned month, uint16_t category);
  void place(const CategoryModel& model, Record& record, bool& night);
  void place_in_ward(Record& record);
  void place_outside(Record& record);
  void plant(std::vector<Record>& records, int64_t month_end_s);

  const Town& town_;
  Random random_;
  std::vector<int64_t> counts_;  // [month * categories + category]
  std::array<std::vector<double>, kHotspotKinds> hotspot_cumulative_;
  std::vector<double> background_cumulative_;  // population × propensity, per ward
  std::vector<Box> ward_box_;
  int64_t outside_ = 0;
  const Injections injections_;
  Random injection_random_;
  std::vector<Record> pending_;  // planted near repeats that fall in a later month
  int64_t near_repeats_added_ = 0, effect_removed_ = 0, effect_displaced_ = 0;
};

// Largest-remainder apportionment of `total` in proportion to `weights` (ties to the lower
// index), so monthly and category totals add up exactly.
std::vector<int64_t> apportion(int64_t total, const std::vector<double>& weights);

}  // namespace hotspot::synth
