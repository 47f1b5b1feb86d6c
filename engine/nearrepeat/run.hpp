// `hotspot nearrepeat` as one library call: load the study (study::load_study), pick the dated
// events of one category, run the Knox test, find the near-repeat zone, plan cocoon zones around
// the recent events and write knox.csv, knox.md, cocoon_zones.geojson, cocoon_zones.csv (and
// cocoon_addresses.csv) into the output folder. Operational: public mode is refused.
#pragma once
#include <string>
#include <vector>

#include "engine/core/stage_clock.hpp"
#include "engine/nearrepeat/cocoon.hpp"
#include "engine/nearrepeat/knox.hpp"
#include "engine/study/study.hpp"

namespace hotspot::nearrepeat {

struct NearRepeatOptions {
  study::StudyOptions inputs;
  EventSelection selection;
  KnoxOptions knox;
  CocoonOptions cocoon;
  std::string addresses_path, address_field;
  std::string out_dir;
  bool public_output = false;  // refused: these outputs place recent victims' homes
  StageClock::StageDone on_stage;
  // Throws UsageError / ConfigError for bad options, and for public mode.
  void validate() const;
};

struct NearRepeatResult {
  KnoxTable table;
  RiskZone zone;
  std::string summary;  // the finding in words
  CocoonPlan plan;
  int64_t events = 0, month_only = 0;
  int32_t first_day = 0, last_day = 0;
  int64_t addresses_read = 0;
  std::vector<std::string> files;  // written, relative to out_dir
  std::vector<std::string> notes;
  std::vector<std::pair<std::string, double>> timings_s;
};

NearRepeatResult run_nearrepeat(const NearRepeatOptions& options);

// "burglaries" for "burglary", "vehicle crimes" for "vehicle-crime": the category in words.
std::string category_words(const std::string& slug);

}  // namespace hotspot::nearrepeat
