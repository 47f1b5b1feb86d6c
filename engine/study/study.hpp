// The study area and its incidents, loaded the one way every command and test loads them: wards
// from any GDAL polygon layer (which fix the analysis CRS), incidents ingested into that CRS,
// and every incident joined to its ward. Stages "wards", "ingest", "index" and "join" are timed
// on the caller's clock.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/stage_clock.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/join/ward_locator.hpp"
#include "engine/wards/ward_loader.hpp"

namespace hotspot::study {

struct StudyOptions {
  std::vector<std::string> incidents;  // files or folders
  std::string category_mapping;        // CSV name,slug (optional)
  ingest::IngestOptions ingest;        // columns, CRS, date order; analysis CRS is set from wards
  wards::WardLoadOptions wards;        // wards.path empty: incidents only (no join)
  int threads = 2;

  // Throws UsageError when no incidents are named (and, with require_wards, no wards).
  void validate(bool require_wards) const;
};

struct Study {
  std::optional<WardSet> wards;  // absent when no ward file was given
  wards::WardLoadReport ward_report;
  std::optional<join::WardLocator> locator;
  ingest::IngestResult ingested;  // ingested.table.ward is filled when wards are present

  const IncidentTable& incidents() const { return ingested.table; }
  IncidentTable& incidents() { return ingested.table; }
  const std::string& analysis_crs() const { return ingested.analysis_crs; }
};

// Loads, ingests and joins. A table left empty (every row rejected) is returned, not thrown:
// callers write rejects.csv first when they may, then call require_incidents.
Study load_study(const StudyOptions& options, StageClock& clock);

// Throws InputError when every row was rejected, or (with wards) when no incident falls inside
// any ward; `rejects_hint` says where the reasons are.
void require_incidents(const Study& study, const StudyOptions& options,
                       const std::string& rejects_hint);

}  // namespace hotspot::study
