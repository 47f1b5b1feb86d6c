// The synthetic demo town (and national-size ward sets for benchmarks): fictional wards placed
// in Great Britain, populations, and two years of incidents with realistic category shares,
// hour/weekday/season patterns and genuine hotspots. Deterministic: the same options give
// byte-identical files on every run.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/ward_set.hpp"

namespace hotspot::synth {

// An effect to plant in the synthetic data, so analyses can be tested against a known truth.
struct InjectedEffect {
  std::string category;              // slug, e.g. "anti-social-behaviour"
  double x_m = 0, y_m = 0;           // centre of the area (EPSG:27700)
  double radius_m = 0;               // the area: a circle
  int32_t from_day = 0, to_day = 0;  // inclusive day indices (days since 1970-01-01)
  double ratio = 1;                  // share of the area's incidents kept (0.7 = a 30% fall)
  double displaced_share = 0;  // of those removed, the share moved to the ring around the area
  double ring_m = 0;           // the ring's width beyond radius_m
};

// Planted patterns; all off by default, so the committed demo stays as it is.
struct Injections {
  // Share of burglaries followed by a near repeat: another burglary within near_repeat_m and
  // 1..near_repeat_days days later (Knox tests should find it; none by default).
  double near_repeat_share = 0;
  double near_repeat_m = 150;
  int near_repeat_days = 10;
  std::vector<InjectedEffect> effects;
  bool any() const { return near_repeat_share > 0 || !effects.empty(); }
  // Throws ConfigError for shares outside [0, 1], a non-positive radius or days, an unknown
  // category slug or from_day after to_day.
  void validate() const;
};

struct SynthOptions {
  std::string out_dir;
  int64_t incidents = 0;  // 0 = the town's realistic default (40,000 over two years)
  uint64_t seed = 1;
  int wards = 0;  // 0 = the demo town (36 wards); large = a national-size set for benchmarks
  bool police_uk_format = false;  // monthly police.uk street-level CSVs instead of incidents.csv
  Injections injections;
};

struct SynthReport {
  std::vector<std::string> files;  // every file written, relative to out_dir
  int64_t wards = 0;
  int64_t incidents = 0;
  int64_t incidents_outside = 0;  // placed deliberately outside every ward
  double population = 0;
  int64_t near_repeats_added = 0;  // planted near repeats (Injections)
  int64_t effect_removed = 0;      // incidents taken out by the planted effects
  int64_t effect_displaced = 0;    // of those, moved into the ring instead
};

// Writes wards.geojson, population.csv, incidents.csv (or the police.uk monthly files) and
// hotspot.toml into options.out_dir (created when missing). Throws ConfigError on bad options.
SynthReport generate(const SynthOptions& options);

// The same wards in memory, in EPSG:27700 metres (Boost.Geometry orientation, closed rings):
// for benchmarks and tests that need no files. Depends only on options.wards and options.seed.
WardSet synth_wards(const SynthOptions& options);

// The study period the incidents cover: November 2024 .. October 2026.
constexpr int kFirstYear = 2024, kFirstMonth = 11, kMonths = 24;
constexpr int64_t kDemoIncidents = 40000;
constexpr int kDemoWards = 36;

}  // namespace hotspot::synth
