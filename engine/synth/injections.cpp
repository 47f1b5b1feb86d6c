// Planted patterns for testing analyses against a known truth: near-repeat burglaries and the
// effect of an operation (a fall in one area over some days, optionally displaced to a ring
// around it). They draw from their own generator, so the base records stay as they were.
#include <cmath>

#include "engine/core/errors.hpp"
#include "engine/synth/incident_model.hpp"

namespace hotspot::synth {

void Injections::validate() const {
  if (!(near_repeat_share >= 0 && near_repeat_share <= 1))
    throw ConfigError("the near-repeat share must lie between 0 and 1");
  if (near_repeat_share > 0 && (!(near_repeat_m > 0) || near_repeat_days < 1))
    throw ConfigError("near repeats need a positive distance and at least 1 day");
  for (const InjectedEffect& effect : effects) {
    bool known = false;
    for (const CategoryModel& model : category_models()) known |= effect.category == model.slug;
    if (!known)
      throw ConfigError("an injected effect names an unknown category: " + effect.category);
    if (!(effect.radius_m > 0)) throw ConfigError("an injected effect needs a positive radius");
    if (effect.from_day > effect.to_day)
      throw ConfigError("an injected effect ends before it starts");
    if (!(effect.ratio >= 0 && effect.ratio <= 1) ||
        !(effect.displaced_share >= 0 && effect.displaced_share <= 1))
      throw ConfigError("an injected effect's ratio and displaced share must lie between 0 and 1");
  }
}

void IncidentModel::plant(std::vector<Record>& records, int64_t month_end_s) {
  const auto& models = category_models();
  Random& random = injection_random_;
  // Near repeats: each burglary of this month may be followed by another close by, days later.
  if (injections_.near_repeat_share > 0) {
    const size_t base = records.size();
    for (size_t i = 0; i < base; ++i) {
      const Record& source = records[i];
      if (std::string(models[source.category].slug) != "burglary") continue;
      if (random.uniform() >= injections_.near_repeat_share) continue;
      const double angle = 2 * M_PI * random.uniform();
      const double distance = injections_.near_repeat_m * std::sqrt(random.uniform());
      Record repeat = source;
      repeat.x_m = std::round(source.x_m + distance * std::cos(angle));
      repeat.y_m = std::round(source.y_m + distance * std::sin(angle));
      repeat.local_time_s += (1 + static_cast<int64_t>(random.below(
                                      static_cast<uint64_t>(injections_.near_repeat_days)))) *
                             86400;
      pending_.push_back(repeat);
      ++near_repeats_added_;
    }
    // Repeats due this month join it; later ones wait (past the study period they are dropped).
    std::vector<Record> later;
    for (const Record& record : pending_)
      (record.local_time_s < month_end_s ? records : later).push_back(record);
    pending_ = std::move(later);
  }
  // Effects: incidents of the category inside the circle during the days are thinned.
  for (const InjectedEffect& effect : injections_.effects) {
    std::vector<Record> kept;
    kept.reserve(records.size());
    for (Record& record : records) {
      const int64_t day = record.local_time_s / 86400;
      const double dx = record.x_m - effect.x_m, dy = record.y_m - effect.y_m;
      if (std::string(models[record.category].slug) != effect.category || day < effect.from_day ||
          day > effect.to_day || dx * dx + dy * dy >= effect.radius_m * effect.radius_m ||
          random.uniform() < effect.ratio) {
        kept.push_back(record);
        continue;
      }
      ++effect_removed_;
      if (random.uniform() >= effect.displaced_share) continue;
      const double angle = 2 * M_PI * random.uniform();
      const double distance = effect.radius_m + effect.ring_m * random.uniform();
      record.x_m = std::round(effect.x_m + distance * std::cos(angle));
      record.y_m = std::round(effect.y_m + distance * std::sin(angle));
      kept.push_back(record);
      ++effect_displaced_;
    }
    records = std::move(kept);
  }
}

}  // namespace hotspot::synth
