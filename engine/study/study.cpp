#include "engine/study/study.hpp"

#include <algorithm>

#include "engine/core/errors.hpp"

namespace hotspot::study {

void StudyOptions::validate(bool require_wards) const {
  if (incidents.empty())
    throw UsageError(
        "no incident files given: use --incidents FILE... (or [inputs] incidents in the config)");
  if (require_wards && wards.path.empty())
    throw UsageError("no ward file given: use --wards FILE (or [inputs] wards in the config)");
}

Study load_study(const StudyOptions& options, StageClock& clock) {
  Study study;
  ingest::IngestOptions ingest_options = options.ingest;
  if (!options.wards.path.empty()) {
    study.wards =
        clock.time("wards", [&] { return wards::load_wards(options.wards, study.ward_report); });
    ingest_options.analysis_crs = study.ward_report.analysis_crs;
    ingest_options.study_extent = study.wards->extent;
  }
  if (!options.category_mapping.empty())
    ingest_options.mapping = CategoryMapping::load(options.category_mapping);
  ingest_options.threads = options.threads;
  study.ingested =
      clock.time("ingest", [&] { return ingest::ingest(options.incidents, ingest_options); });
  if (study.wards) {
    study.locator.emplace(clock.time("index", [&] { return join::WardLocator(*study.wards); }));
    clock.time("join",
               [&] { join::assign_wards(study.ingested.table, *study.locator, options.threads); });
  }
  return study;
}

void require_incidents(const Study& study, const StudyOptions& options,
                       const std::string& rejects_hint) {
  const std::string where =
      options.incidents.size() == 1 ? options.incidents.front() : "the incident files";
  const std::string reasons = rejects_hint.empty() ? "" : " (reasons in " + rejects_hint + ")";
  const IncidentTable& table = study.incidents();
  if (table.size() == 0) {
    const auto& by_reason = study.ingested.rejects_by_reason;
    const auto far = by_reason.find("far-outside-study-area");
    const bool mostly_far = far != by_reason.end() && 2 * far->second > study.ingested.rows_read;
    throw InputError(
        where, 0, "",
        "no usable incident rows: all " + std::to_string(study.ingested.rows_read) +
            " rows were rejected" + reasons +
            (mostly_far ? ". Most lie far from the wards: check the CRS of the incidents "
                          "(--crs) and of the ward file (its .prj), and that it is the right "
                          "ward file"
                        : ""));
  }
  // An empty join means the two inputs cover different places: stop rather than write profiles
  // of nothing for a period that does not exist.
  if (study.wards && !table.ward.empty() &&
      std::none_of(table.ward.begin(), table.ward.end(),
                   [](int32_t ward) { return ward != kOutside; }))
    throw InputError(where, 0, "",
                     "no incident falls inside the wards (" + std::to_string(table.size()) +
                         " incidents read, all outside): likely a wrong CRS (--crs for the "
                         "incidents, the .prj of the ward file) or the wrong ward file for this "
                         "area");
}

}  // namespace hotspot::study
