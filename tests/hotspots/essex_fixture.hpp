// The Essex police.uk incidents joined to the Essex wards, as the hotspot tests use them: loaded
// the one way every command loads a study (study::load_study). Absent ../shared/data: nullptr
// and the caller skips (under CI the test has already FAILed: see tests/shared_data.hpp).
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "engine/study/study.hpp"
#include "tests/shared_data.hpp"

namespace hotspot::testing {

struct EssexData {
  WardSet wards;
  wards::WardLoadReport report;
  ingest::IngestResult ingested;
  std::unique_ptr<join::WardLocator> locator;
};

inline std::unique_ptr<EssexData> load_essex() {
  const std::string data = HOTSPOT_SOURCE_DIR "/../shared/data/essex";
  if (!shared_data_present(data + "/wards-2013.geojson")) return nullptr;
  study::StudyOptions options;
  options.wards.path = data + "/wards-2013.geojson";
  options.incidents = {data + "/police-uk"};
  StageClock clock;
  study::Study study = study::load_study(options, clock);
  auto essex = std::make_unique<EssexData>();
  essex->wards = std::move(*study.wards);
  essex->report = std::move(study.ward_report);
  essex->ingested = std::move(study.ingested);
  essex->locator = std::make_unique<join::WardLocator>(std::move(*study.locator));
  return essex;
}

}  // namespace hotspot::testing
