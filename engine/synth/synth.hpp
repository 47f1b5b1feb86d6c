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

struct SynthOptions {
  std::string out_dir;
  int64_t incidents = 0;  // 0 = the town's realistic default (40,000 over two years)
  uint64_t seed = 1;
  int wards = 0;  // 0 = the demo town (36 wards); large = a national-size set for benchmarks
  bool police_uk_format = false;  // monthly police.uk street-level CSVs instead of incidents.csv
};

struct SynthReport {
  std::vector<std::string> files;  // every file written, relative to out_dir
  int64_t wards = 0;
  int64_t incidents = 0;
  int64_t incidents_outside = 0;  // placed deliberately outside every ward
  double population = 0;
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
