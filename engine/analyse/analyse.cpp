#include "engine/analyse/analyse.hpp"

#include <chrono>
#include <filesystem>

#include "engine/analyse/stages.hpp"
#include "engine/analyse/summary.hpp"
#include "engine/core/checksum.hpp"
#include "engine/core/errors.hpp"
#include "engine/join/ward_locator.hpp"
#include "engine/output/rejects_csv.hpp"
#include "engine/output/ward_outputs.hpp"
#include "engine/output/ward_report.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

namespace {

class StageClock {
 public:
  StageClock(nlohmann::ordered_json& timings, const std::function<void(const std::string&, double)>& on_stage)
      : timings_(timings), on_stage_(on_stage) {}
  template <typename Work>
  auto time(const char* stage, Work&& work) {
    const auto start = std::chrono::steady_clock::now();
    auto finish = [&] {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      timings_[stage] = timings_.value(stage, 0.0) + std::round(seconds * 1e4) / 1e4;
      if (on_stage_) on_stage_(stage, seconds);
    };
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      finish();
    } else {
      auto result = work();
      finish();
      return result;
    }
  }

 private:
  nlohmann::ordered_json& timings_;
  const std::function<void(const std::string&, double)>& on_stage_;
};

// Public outputs leave sensitive categories out entirely: their incidents are dropped from the
// table after the join (they are still counted in rows.in_wards / rows.outside).
int64_t withhold_sensitive(IncidentTable& incidents, const std::vector<std::string>& sensitive) {
  std::vector<bool> drop(incidents.category_slugs.size(), false);
  for (size_t c = 0; c < incidents.category_slugs.size(); ++c)
    drop[c] = std::find(sensitive.begin(), sensitive.end(), incidents.category_slugs[c]) != sensitive.end();
  size_t kept = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (drop[incidents.category[i]]) continue;
    incidents.x[kept] = incidents.x[i];
    incidents.y[kept] = incidents.y[i];
    incidents.category[kept] = incidents.category[i];
    incidents.local_time_s[kept] = incidents.local_time_s[i];
    incidents.time_precision[kept] = incidents.time_precision[i];
    incidents.ward[kept] = incidents.ward[i];
    ++kept;
  }
  const auto withheld = static_cast<int64_t>(incidents.size() - kept);
  incidents.x.resize(kept);
  incidents.y.resize(kept);
  incidents.category.resize(kept);
  incidents.local_time_s.resize(kept);
  incidents.time_precision.resize(kept);
  incidents.ward.resize(kept);
  return withheld;
}

}  // namespace

nlohmann::ordered_json run(const AnalyseOptions& options) {
  if (options.incidents.empty()) throw UsageError("no incident files given: use --incidents FILE... (or [inputs] incidents in the config)");
  if (options.wards.path.empty()) throw UsageError("no ward file given: use --wards FILE (or [inputs] wards in the config)");
  if (options.out_dir.empty()) throw UsageError("no output folder given: use --out DIR");
  std::error_code error;
  fs::create_directories(options.out_dir, error);
  if (error) throw InputError(options.out_dir, 0, "", "cannot create the output folder: " + error.message());
  // summary.json is written last and marks a complete run: an earlier run's must not vouch for
  // a folder this run fails half-way through.
  fs::remove(options.out_dir + "/summary.json", error);

  nlohmann::ordered_json timings = nlohmann::ordered_json::object();
  StageClock clock(timings, options.on_stage);
  const auto started = std::chrono::steady_clock::now();

  wards::WardLoadReport ward_report;
  const WardSet wards = clock.time("wards", [&] { return wards::load_wards(options.wards, ward_report); });

  ingest::IngestOptions ingest_options = options.ingest;
  if (!options.category_mapping.empty()) ingest_options.mapping = CategoryMapping::load(options.category_mapping);
  ingest_options.analysis_crs = ward_report.analysis_crs;
  ingest_options.study_extent = wards.extent;
  ingest_options.quiet = options.quiet;
  ingest_options.threads = options.threads;
  ingest::IngestResult ingested = clock.time("ingest", [&] { return ingest::ingest(options.incidents, ingest_options); });
  IncidentTable& incidents = ingested.table;
  const std::string out = options.out_dir;
  output::write_rejects_csv(ingested.rejects, out + "/rejects.csv");
  if (incidents.size() == 0)
    throw InputError(options.incidents.size() == 1 ? options.incidents.front() : "the incident files", 0, "",
                     "no usable incident rows: all " + std::to_string(ingested.rows_read) +
                         " rows were rejected (reasons in " + out + "/rejects.csv)");

  const join::WardLocator locator = clock.time("index", [&] { return join::WardLocator(wards); });
  clock.time("join", [&] { join::assign_wards(incidents, locator, options.threads); });

  const nlohmann::ordered_json rows = count_rows(ingested);
  const int64_t withheld = options.public_mode ? withhold_sensitive(incidents, options.sensitive_categories) : 0;

  const auto [area, layer_counts] = clock.time("profile", [&] {
    profile::AreaProfile profile = profile::build_profiles(incidents, wards, options.profile);
    output::LayerCounts counts = count_layers(incidents, wards.size(), options.layers, profile);
    return std::make_pair(std::move(profile), std::move(counts));
  });

  // Density and hotspots time their own two stages ("density", "hotspots").
  StageOutputs stage_outputs = run_hotspot_layers(incidents, wards, locator, ward_report.analysis_crs, options, area, timings);
  if (options.on_stage)
    for (const char* stage : {"density", "hotspots"})
      if (timings.contains(stage)) options.on_stage(stage, timings[stage].get<double>());

  clock.time("output", [&] {
    const output::WardOutputContext context{wards, area, layer_counts, ward_report.analysis_crs, options.title,
                                            options.public_mode ? options.minimum_count : 0};
    output::write_wards_geojson(context, out + "/wards.geojson");
    output::write_wards_csv(context, out + "/wards.csv");
    output::write_wards_json(context, out + "/wards.json");
    output::write_ward_report(context, out + "/ward_profiles.md");
  });

  nlohmann::ordered_json tiles_report = clock.time("tiles", [&] { return build_tile_archive(incidents, ward_report.analysis_crs, options); });
  if (options.viewer) clock.time("viewer", [&] { copy_viewer_into(options.out_dir); });

  SummaryInputs summary_inputs{options, ingested, ward_report, wards, area, layer_counts, rows};
  nlohmann::ordered_json summary = make_summary(summary_inputs);
  summary["layers"] = stage_outputs.layers;
  if (options.public_mode)
    summary["public"] = {{"minimum_count", options.minimum_count},
                         {"sensitive_categories", options.sensitive_categories},
                         {"sensitive_incidents_withheld", withheld},
                         {"note", "public outputs: no incident points; counts from 1 to " + std::to_string(options.minimum_count - 1) +
                                      " withheld; hour x weekday tables left out; sensitive categories left out"}};
  summary["tiles"] = tiles_report;
  timings["total"] = std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() * 1e4) / 1e4;
  summary["timings_s"] = timings;
  write_summary(summary, out + "/summary.json");
  return summary;
}

}  // namespace hotspot::analyse
