#include "engine/synth/incident_model.hpp"

#include <algorithm>
#include <numeric>

#include "engine/core/civil_time.hpp"
#include "engine/synth/synth.hpp"

namespace hotspot::synth {
namespace {

struct HourWeekday {
  std::array<double, 24> hour;    // relative weight per hour of day
  std::array<double, 7> weekday;  // Monday first
};

// Shapes read off published hour-of-day and weekday profiles of recorded crime in England and
// Wales: night-time violence peaking Friday/Saturday 22:00–02:00, burglary in the evening,
// ASB late afternoon and evening, shoplifting in shop hours, vehicle crime overnight.
// clang-format off
const HourWeekday kProfiles[] = {
    {{1.6, 1.5, 1.1, .6, .3, .15, .1, .1, .15, .2, .25, .3, .35, .35, .35, .4, .45, .5, .6, .8, 1.0, 1.3, 1.6, 1.8},
     {.55, .55, .6, .75, 1.3, 1.9, 1.35}},
    {{.6, .5, .4, .3, .2, .15, .2, .35, .5, .6, .7, .75, .8, .85, .9, 1.0, 1.05, 1.1, 1.15, 1.15, 1.1, 1.0, .95, .8},
     {.95, .95, .95, .95, 1.0, 1.1, 1.1}},
    {{.35, .25, .18, .12, .08, .06, .08, .15, .25, .35, .45, .55, .65, .7, .8, 1.0, 1.2, 1.3, 1.35, 1.3, 1.2, 1.0, .8, .55},
     {.95, .95, .95, 1.0, 1.15, 1.1, .9}},
    {{.45, .35, .3, .25, .2, .15, .2, .3, .45, .55, .6, .6, .6, .6, .65, .7, .85, 1.1, 1.3, 1.35, 1.25, 1.05, .8, .6},
     {1.0, 1.0, 1.0, 1.0, 1.05, 1.0, .95}},
    {{.02, .01, .01, .01, .01, .02, .05, .15, .4, .7, .95, 1.1, 1.2, 1.25, 1.3, 1.35, 1.35, 1.2, .95, .7, .45, .25, .1, .04},
     {.95, .95, .95, 1.0, 1.1, 1.25, .8}},
    {{.9, .9, .85, .8, .6, .45, .4, .45, .55, .55, .55, .55, .6, .6, .6, .65, .7, .8, .9, 1.0, 1.05, 1.05, 1.05, 1.0},
     {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}},
    {{.3, .2, .15, .1, .08, .08, .15, .3, .55, .75, .9, 1.0, 1.05, 1.05, 1.05, 1.1, 1.1, 1.05, .95, .85, .75, .65, .55, .4},
     {1.0, 1.0, 1.0, 1.0, 1.05, 1.05, .9}},
};
// clang-format on

struct TimeSampler {
  std::vector<double> hour_cumulative;
  double weekday_max = 0;
};

const std::array<TimeSampler, 7>& time_samplers() {
  static const std::array<TimeSampler, 7> samplers = [] {
    std::array<TimeSampler, 7> result;
    for (size_t p = 0; p < result.size(); ++p) {
      result[p].hour_cumulative = running_sums(kProfiles[p].hour.data(), 24);
      result[p].weekday_max =
          *std::max_element(kProfiles[p].weekday.begin(), kProfiles[p].weekday.end());
    }
    return result;
  }();
  return samplers;
}

int days_in_month(int year, unsigned month) {
  return static_cast<int>(civil_time::days_from_civil(year + (month == 12), month % 12 + 1, 1) -
                          civil_time::days_from_civil(year, month, 1));
}

// Even-odd rule over every ring of a ward (exteriors, holes, detached parts). Hand-written:
// Boost's within() costs several times more in this hot loop and edge cases do not matter here.
bool inside(const MultiPolygon& shape, double x, double y) {
  bool in = false;
  auto scan = [&](const Ring& ring) {
    for (size_t a = 0, b = ring.size() - 1; a < ring.size(); b = a++) {
      const Point &p = ring[a], &q = ring[b];
      if ((p.y() > y) != (q.y() > y) && x < (q.x() - p.x()) * (y - p.y()) / (q.y() - p.y()) + p.x())
        in = !in;
    }
  };
  for (const Polygon& polygon : shape) {
    scan(polygon.outer());
    for (const Ring& hole : polygon.inners()) scan(hole);
  }
  return in;
}

}  // namespace

const std::vector<CategoryModel>& category_models() {
  // Shares close to police.uk's England and Wales street-level totals (2023–24).
  //                 slug, police.uk name, share, time, season amp, peak, trend/yr,
  //                 {night economy, shops, burglary clusters, parks, town centre}
  // clang-format off
  static const std::vector<CategoryModel> models = {
      {"violent-crime", "Violence and sexual offences", .31, violence_day, .12, 7, 0, {.25, 0, 0, 0, 0}},
      {"anti-social-behaviour", "Anti-social behaviour", .19, asb_evening, .25, 7, -.05, {0, 0, 0, .22, .12}},
      {"criminal-damage-arson", "Criminal damage and arson", .08, daytime, .08, 7, 0, {0, 0, 0, .10, .05}},
      {"public-order", "Public order", .08, violence_day, .10, 7, 0, {.35, 0, 0, 0, .05}},
      {"shoplifting", "Shoplifting", .07, shop_hours, .10, 12, .10, {0, .75, 0, 0, 0}},
      {"other-theft", "Other theft", .07, daytime, .05, 8, 0, {0, .10, 0, 0, .20}},
      {"vehicle-crime", "Vehicle crime", .06, vehicle_night, .10, 11, 0, {0, .10, 0, 0, 0}},
      {"burglary", "Burglary", .045, burglary_evening, .20, 12, -.05, {0, 0, .40, 0, 0}},
      {"drugs", "Drugs", .03, daytime, .05, 6, 0, {.10, 0, 0, .10, .20}},
      {"other-crime", "Other crime", .02, daytime, 0, 1, 0, {0, 0, 0, 0, 0}},
      {"theft-from-the-person", "Theft from the person", .012, daytime, .10, 12, 0, {.20, .10, 0, 0, .30}},
      {"robbery", "Robbery", .012, violence_day, .10, 11, 0, {.15, 0, 0, 0, .20}},
      {"bicycle-theft", "Bicycle theft", .012, daytime, .30, 7, 0, {0, .10, 0, 0, .30}},
      {"possession-of-weapons", "Possession of weapons", .009, violence_day, .05, 7, 0, {.15, 0, 0, 0, .15}},
  };
  // clang-format on
  return models;
}

std::vector<int64_t> apportion(int64_t total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int64_t> counts(weights.size());
  std::vector<std::pair<double, size_t>> remainders;
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = total * weights[i] / sum;
    counts[i] = static_cast<int64_t>(std::floor(exact));
    assigned += counts[i];
    remainders.emplace_back(exact - counts[i], i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; assigned < total; ++k, ++assigned)
    ++counts[remainders[k % remainders.size()].second];
  return counts;
}

IncidentModel::IncidentModel(const Town& town, int64_t total, uint64_t seed,
                             const Injections& injections)
    : town_(town),
      random_(seed ^ 0x1C1DE775ull),
      injections_(injections),
      injection_random_(seed ^ 0x9A47ED5EEDull) {
  const auto& models = category_models();
  std::vector<double> shares;
  for (const CategoryModel& model : models) shares.push_back(model.share);
  const std::vector<int64_t> per_category = apportion(total, shares);
  counts_.assign(kMonths * models.size(), 0);
  for (size_t c = 0; c < models.size(); ++c) {
    std::vector<double> weights;
    for (int m = 0; m < kMonths; ++m) {
      const int month_of_year = (kFirstMonth - 1 + m) % 12 + 1;
      const int year = kFirstYear + (kFirstMonth - 1 + m) / 12;
      const double season =
          1 + models[c].season_amplitude *
                  std::cos(2 * M_PI * (month_of_year - models[c].peak_month) / 12);
      const double trend = 1 + models[c].trend_per_year * (m - (kMonths - 1) / 2.0) / 12;
      const double noise = std::max(0.5, 1 + 0.06 * random_.normal());
      weights.push_back(season * trend * noise * days_in_month(year, month_of_year));
    }
    const std::vector<int64_t> monthly = apportion(per_category[c], weights);
    for (int m = 0; m < kMonths; ++m) counts_[m * models.size() + c] = monthly[m];
  }
  for (int kind = 0; kind < kHotspotKinds; ++kind) {
    std::vector<double> weights;
    for (const Hotspot& hotspot : town.hotspots[kind]) weights.push_back(hotspot.weight);
    hotspot_cumulative_[kind] = running_sums(weights.data(), weights.size());
  }
  std::vector<double> background_weight;
  for (size_t w = 0; w < town.wards.size(); ++w)
    background_weight.push_back(town.wards.population[w] * town.propensity[w]);
  background_cumulative_ = running_sums(background_weight.data(), background_weight.size());
  for (const MultiPolygon& shape : town.wards.shape) ward_box_.push_back(bounding_box(shape));
}

std::vector<Record> IncidentModel::month(int month_offset) {
  const auto& models = category_models();
  const int year = kFirstYear + (kFirstMonth - 1 + month_offset) / 12;
  const unsigned month = (kFirstMonth - 1 + month_offset) % 12 + 1;
  std::vector<Record> records;
  for (size_t c = 0; c < models.size(); ++c)
    for (int64_t i = 0; i < counts_[month_offset * models.size() + c]; ++i)
      records.push_back(draw(year, month, static_cast<uint16_t>(c)));
  if (injections_.any()) {
    const unsigned next_month = month % 12 + 1;
    plant(records, civil_time::days_from_civil(year + (month == 12), next_month, 1) * 86400);
  }
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
    if (a.local_time_s != b.local_time_s) return a.local_time_s < b.local_time_s;
    if (a.x_m != b.x_m) return a.x_m < b.x_m;
    if (a.y_m != b.y_m) return a.y_m < b.y_m;
    return a.category < b.category;
  });
  return records;
}

Record IncidentModel::draw(int year, unsigned month, uint16_t category) {
  const CategoryModel& model = category_models()[category];
  Record record{0, 0, 0, category};
  bool night = false;
  place(model, record, night);
  const HourWeekday& profile = kProfiles[night ? night_out : model.time_profile];
  const TimeSampler& sampler = time_samplers()[night ? night_out : model.time_profile];
  const int days = days_in_month(year, month);
  const int64_t first_day = civil_time::days_from_civil(year, month, 1);
  int day = 0;
  for (;;) {  // a day of the month, weighted by the profile's weekday weight
    day = static_cast<int>(random_.below(days));
    const int weekday = static_cast<int>(((first_day + day + 3) % 7 + 7) % 7);
    if (random_.uniform() * sampler.weekday_max < profile.weekday[weekday]) break;
  }
  int hour = static_cast<int>(pick(sampler.hour_cumulative, random_));
  // Recorded times bunch on the hour, as in real crime records.
  const int minute = random_.uniform() < 0.2 ? 0 : static_cast<int>(random_.below(60));
  // 01:00–01:59 does not exist on the last Sunday of March (clocks go forward).
  const int64_t date = first_day + day;
  if (month == 3 && day + 7 >= 31 && ((date + 3) % 7 + 7) % 7 == 6 && hour == 1) hour = 2;
  record.local_time_s = date * 86400 + hour * 3600 + minute * 60;
  return record;
}

void IncidentModel::place(const CategoryModel& model, Record& record, bool& night) {
  if (random_.uniform() < kOutsideShare) return place_outside(record);
  double u = random_.uniform();
  for (int kind = 0; kind < kHotspotKinds; ++kind) {
    if (u >= model.hotspot_share[kind] || town_.hotspots[kind].empty()) {
      u -= model.hotspot_share[kind];
      continue;
    }
    const Hotspot& hotspot = town_.hotspots[kind][pick(hotspot_cumulative_[kind], random_)];
    record.x_m = std::round(hotspot.x_m + hotspot.sigma_m * random_.normal());
    record.y_m = std::round(hotspot.y_m + hotspot.sigma_m * random_.normal());
    night = kind == night_economy;
    return;
  }
  place_in_ward(record);
}

void IncidentModel::place_in_ward(Record& record) {
  const size_t ward = pick(background_cumulative_, random_);
  const Box& box = ward_box_[ward];
  for (;;) {  // rejection sampling: uniform over the ward's area
    const double x = random_.uniform(box.min_corner().x(), box.max_corner().x());
    const double y = random_.uniform(box.min_corner().y(), box.max_corner().y());
    if (!inside(town_.wards.shape[ward], x, y)) continue;
    record.x_m = std::round(x);
    record.y_m = std::round(y);
    return;
  }
}

void IncidentModel::place_outside(Record& record) {
  // 300 m to 3 km beyond the town's bounding box: outside every ward by construction.
  const Box& extent = town_.wards.extent;
  const double distance = random_.uniform(300, 3000);
  const double along = random_.uniform();
  const double west = extent.min_corner().x(), east = extent.max_corner().x();
  const double south = extent.min_corner().y(), north = extent.max_corner().y();
  switch (random_.below(4)) {
    case 0:
      record.x_m = west - distance, record.y_m = south + along * (north - south);
      break;
    case 1:
      record.x_m = east + distance, record.y_m = south + along * (north - south);
      break;
    case 2:
      record.x_m = west + along * (east - west), record.y_m = south - distance;
      break;
    default:
      record.x_m = west + along * (east - west), record.y_m = north + distance;
      break;
  }
  record.x_m = std::round(record.x_m);
  record.y_m = std::round(record.y_m);
  ++outside_;
}

}  // namespace hotspot::synth
