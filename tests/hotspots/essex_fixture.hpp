// The Essex police.uk incidents joined to the Essex wards, as the hotspot tests use them.
// Absent ../shared/data: nullptr, and the caller skips.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "engine/ingest/ingest.hpp"
#include "engine/join/ward_locator.hpp"
#include "engine/wards/ward_loader.hpp"

namespace hotspot::testing {

struct EssexData {
  WardSet wards;
  wards::WardLoadReport report;
  ingest::IngestResult ingested;
  std::unique_ptr<join::WardLocator> locator;
};

inline std::unique_ptr<EssexData> load_essex() {
  const std::string data = HOTSPOT_SOURCE_DIR "/../shared/data/essex";
  if (!std::filesystem::exists(data + "/wards-2013.geojson")) return nullptr;
  auto essex = std::make_unique<EssexData>();
  wards::WardLoadOptions ward_options;
  ward_options.path = data + "/wards-2013.geojson";
  essex->wards = wards::load_wards(ward_options, essex->report);
  ingest::IngestOptions ingest_options;
  ingest_options.analysis_crs = essex->report.analysis_crs;
  ingest_options.study_extent = essex->wards.extent;
  essex->ingested = ingest::ingest({data + "/police-uk"}, ingest_options);
  essex->locator = std::make_unique<join::WardLocator>(essex->wards);
  join::assign_wards(essex->ingested.table, *essex->locator, 2);
  return essex;
}

}  // namespace hotspot::testing
