#include "engine/study/study.hpp"

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
  if (study.incidents().size() > 0) return;
  throw InputError(options.incidents.size() == 1 ? options.incidents.front() : "the incident files",
                   0, "",
                   "no usable incident rows: all " + std::to_string(study.ingested.rows_read) +
                       " rows were rejected" +
                       (rejects_hint.empty() ? "" : " (reasons in " + rejects_hint + ")"));
}

}  // namespace hotspot::study
