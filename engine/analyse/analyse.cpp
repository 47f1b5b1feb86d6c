#include "engine/analyse/analyse.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/analyse/stages.hpp"
#include "engine/analyse/summary.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/errors.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/output/density_image.hpp"
#include "engine/output/rejects_csv.hpp"
#include "engine/output/ward_outputs.hpp"
#include "engine/output/ward_publication.hpp"
#include "engine/output/ward_report.hpp"
#include "engine/serve/viewer_files.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

void AnalyseOptions::validate() const {
  inputs.validate(/*require_wards=*/true);
  if (out_dir.empty()) throw UsageError("no output folder given: use --out DIR");
  profile.validate();
  hotspots.validate();
  disclosure.validate();
  if (tiles.min_zoom < 0 || tiles.max_zoom > 22 || tiles.min_zoom > tiles.max_zoom)
    throw UsageError("zooms must satisfy 0 <= --minzoom <= --maxzoom <= 22");
  if (inputs.threads < 1) throw UsageError("--threads must be at least 1");
  if (layers.empty())
    throw ConfigError("no hotspot layers: define at least one [[layer]] or use the built-in ones");
  validate_presentation(*this);
}

namespace {

// Public outputs leave sensitive categories out entirely: their incidents are dropped from the
// table after the join (they are still counted in rows.in_wards / rows.outside).
int64_t withhold_sensitive(IncidentTable& incidents, const DisclosurePolicy& disclosure) {
  std::vector<bool> drop(incidents.category_slugs.size(), false);
  for (size_t c = 0; c < incidents.category_slugs.size(); ++c)
    drop[c] = disclosure.is_sensitive(incidents.category_slugs[c]);
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

// Everything an earlier run may have left, so that nothing of a non-public run survives into a
// public one: the files analyse writes, the viewer, and temporary files of an interrupted run.
// Files of the user's own are left alone.
void clear_previous_outputs(const std::string& out_dir) {
  static const char* const kOutputs[] = {
      "summary.json",  // first: it marks a complete run, and must not vouch for this one
      "wards.geojson",  "wards.csv",     "wards.json",    "ward_profiles.md", "hotspots.geojson",
      "hotspots.csv",   "briefing.md",   "briefing.html", "briefing.pdf",     "density.geojson",
      "labels.geojson", "tiles.pmtiles", "rejects.csv",   "incidents.csv",    "hotspot.gpkg",
      "fields.csv",     "index.html"};
  std::error_code ignored;
  for (const char* name : kOutputs) fs::remove(fs::path(out_dir) / name, ignored);
  for (const char* folder : {"density", "vendor"})
    fs::remove_all(fs::path(out_dir) / folder, ignored);
  for (const auto& page :
       fs::directory_iterator(fs::path(serve::viewer_source_dir()) / "page", ignored))
    if (page.path().filename() != "config.json")
      fs::remove_all(fs::path(out_dir) / page.path().filename(), ignored);
  remove_temporary_files(out_dir);
}

void prepare_output_folder(const std::string& out_dir) {
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) throw IoError(out_dir, "cannot create the output folder: " + error.message());
  clear_previous_outputs(out_dir);
  fs::create_directories(out_dir + "/density", error);
  if (error) throw IoError(out_dir, "cannot create the output folder: " + error.message());
}

}  // namespace

nlohmann::ordered_json run(const AnalyseOptions& options) {
  options.validate();
  const std::string& out = options.out_dir;
  prepare_output_folder(out);
  StageClock clock(options.on_stage);

  study::Study study = study::load_study(options.inputs, clock);
  IncidentTable& incidents = study.incidents();
  const WardSet& wards = *study.wards;
  const std::string& analysis_crs = study.ward_report.analysis_crs;
  const std::string rejects_path =
      options.disclosure.shows_incident_records() && options.rejects_path.empty()
          ? out + "/rejects.csv"
          : options.rejects_path;
  if (!rejects_path.empty()) output::write_rejects_csv(study.ingested.rejects, rejects_path);
  study::require_incidents(study, options.inputs, rejects_path);

  const int64_t withheld =
      options.disclosure.public_output ? withhold_sensitive(incidents, options.disclosure) : 0;
  const nlohmann::ordered_json rows = count_rows(study.ingested, withheld);
  const std::vector<LayerDefinition> layer_definitions =
      options.disclosure.without_sensitive(options.layers);

  const auto [area, layer_counts] = clock.time("profile", [&] {
    profile::AreaProfile profile = profile::build_profiles(incidents, wards, options.profile);
    output::LayerCounts counts = count_layers(incidents, wards.size(), layer_definitions, profile);
    return std::make_pair(std::move(profile), std::move(counts));
  });

  const hotspots::HotspotInputs hotspot_inputs{
      incidents,          wards,
      *study.locator,     MonthRange{area.from_month, area.to_month},
      options.disclosure, options.inputs.threads};
  const hotspots::StudyGrid grid = clock.time(
      "density", [&] { return hotspots::make_study_grid(hotspot_inputs, options.hotspots); });
  std::vector<hotspots::LayerResult> layers;
  for (const LayerDefinition& layer : layer_definitions) {
    hotspots::LayerOutcome outcome =
        hotspots::analyse_layer(hotspot_inputs, grid, layer, options.hotspots, clock);
    clock.time("density", layer.name, [&] {
      density::write_density_geotiff(outcome.surface, analysis_crs,
                                     out + "/density/" + layer.name + ".tif",
                                     hotspots::density_metadata(outcome.result.summary));
      output::write_density_image(outcome.surface, analysis_crs, layer.name, out + "/density");
    });
    layers.push_back(std::move(outcome.result));
  }

  const output::WardPublication publication =
      output::decide_ward_publication(area, layer_counts, options.disclosure);
  clock.time("output", [&] {
    hotspots::write_hotspots_geojson(layers, wards, analysis_crs, out + "/hotspots.geojson");
    hotspots::write_hotspots_csv(layers, wards, analysis_crs, out + "/hotspots.csv");
    hotspots::write_briefing(layers, wards, options.disclosure, out + "/briefing.md");
    const output::WardOutputContext context{
        wards, area, layer_counts, analysis_crs, options.title, options.disclosure, publication};
    output::write_wards_geojson(context, out + "/wards.geojson");
    output::write_wards_csv(context, out + "/wards.csv");
    output::write_wards_json(context, out + "/wards.json");
    output::write_ward_report(context, out + "/ward_profiles.md");
  });

  clock.time("briefing", [&] { write_briefing_pack(layers, area, wards, analysis_crs, options); });
  const nlohmann::ordered_json tiles_report =
      clock.time("tiles", [&] { return build_tile_archive(incidents, analysis_crs, options); });
  if (options.viewer) clock.time("viewer", [&] { copy_viewer_into(out, options); });

  const SummaryInputs summary_inputs{options, study, area, layer_counts, rows, layers, publication};
  nlohmann::ordered_json summary = make_summary(summary_inputs);
  summary["tiles"] = tiles_report;
  nlohmann::ordered_json timings = nlohmann::ordered_json::object();
  for (const auto& [stage, seconds] : clock.timings()) timings[stage] = seconds;
  timings["total"] = std::round(clock.elapsed_s() * 1e4) / 1e4;
  summary["timings_s"] = timings;
  write_summary(summary, out + "/summary.json");
  return summary;
}

}  // namespace hotspot::analyse
