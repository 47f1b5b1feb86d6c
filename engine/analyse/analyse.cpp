#include "engine/analyse/analyse.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <future>

#include "engine/analyse/change_stages.hpp"
#include "engine/analyse/stages.hpp"
#include "engine/analyse/summary.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/freed_memory.hpp"
#include "engine/core/parallel.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/emerging/writers.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/hotspots/harm.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/output/density_image.hpp"
#include "engine/output/place_labels.hpp"
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
  risk.validate();
  emerging.validate();
  gis.database.validate();
}

namespace {

// Public outputs leave sensitive categories out entirely: their incidents are dropped from the
// table after the join (they are still counted in rows.in_wards / rows.outside).
int64_t withhold_sensitive(IncidentTable& incidents, const DisclosurePolicy& disclosure) {
  std::vector<bool> drop(incidents.category_slugs.size(), false);
  for (size_t c = 0; c < incidents.category_slugs.size(); ++c)
    drop[c] = disclosure.is_sensitive(incidents.category_slugs[c]);
  if (!incidents.id.empty())
    incidents.id.keep_if([&](size_t i) { return !drop[incidents.category[i]]; });
  size_t kept = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (drop[incidents.category[i]]) continue;
    incidents.x[kept] = incidents.x[i];
    incidents.y[kept] = incidents.y[i];
    incidents.category[kept] = incidents.category[i];
    incidents.local_time_s[kept] = incidents.local_time_s[i];
    incidents.time_precision[kept] = incidents.time_precision[i];
    incidents.ward[kept] = incidents.ward[i];
    if (!incidents.street.empty()) incidents.street[kept] = incidents.street[i];
    ++kept;
  }
  const auto withheld = static_cast<int64_t>(incidents.size() - kept);
  incidents.x.resize(kept);
  incidents.y.resize(kept);
  incidents.category.resize(kept);
  incidents.local_time_s.resize(kept);
  incidents.time_precision.resize(kept);
  incidents.ward.resize(kept);
  if (!incidents.street.empty()) incidents.street.resize(kept);
  return withheld;
}

// Everything an earlier run may have left, so that nothing of a non-public run survives into a
// public one: the files analyse writes, the viewer, and temporary files of an interrupted run.
// Files of the user's own are left alone.
void clear_previous_outputs(const std::string& out_dir) {
  static const char* const kOutputs[] = {
      "summary.json",  // first: it marks a complete run, and must not vouch for this one
      "wards.geojson",    "wards.csv",         "wards.json",     "ward_profiles.md",
      "hotspots.geojson", "hotspots.csv",      "briefing.md",    "briefing.html",
      "briefing.pdf",     "density.geojson",   "labels.geojson", "tiles.pmtiles",
      "rejects.csv",      "hotspot_hours.csv", "incidents.csv",  "hotspot.gpkg",
      "fields.csv",       "index.html",        "peers.csv",      "peers.md",
      "emerging.csv",     "emerging.geojson",  "emerging.md"};
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

// "1 January 2018 to 30 June 2018" for the incidents in wards, or months when that is all the
// data gives ("January 2018 to June 2018 (the data gives months only)").
std::string data_range(const IncidentTable& incidents) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  int64_t first = INT64_MAX, last = INT64_MIN;
  bool days = false;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.ward[i] == kOutside) continue;
    first = std::min(first, incidents.local_time_s[i]);
    last = std::max(last, incidents.local_time_s[i]);
    days |= incidents.time_precision[i] != TimePrecision::month;
  }
  if (first > last) return "(no incidents in the wards)";
  auto date = [&](int64_t t) {
    const civil_time::Date d =
        civil_time::civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400);
    return (days ? std::to_string(d.day) + " " : std::string()) + kMonths[d.month - 1] + " " +
           std::to_string(d.year);
  };
  return date(first) + " to " + date(last) + (days ? "" : " (the data gives months only)");
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

  study::StudyOptions study_options = options.inputs;
  // The per-incident table of the GeoPackage and the database carries each incident's id.
  study_options.ingest.keep_ids = options.disclosure.shows_incident_records() &&
                                  (options.gis.geopackage || options.gis.database.enabled());
  study::Study study = study::load_study(study_options, clock);
  // Ingest's parse buffers (~0.65 GB free on a national run) are of no use to the stages after.
  return_freed_memory();
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

  // Named references, not a structured binding: lambdas below capture them (clang 14 cannot
  // capture a binding).
  const auto profiled = clock.time("profile", [&] {
    profile::ProfileOptions profile_options = options.profile;
    profile_options.threads = options.inputs.threads;
    profile::AreaProfile profile = profile::build_profiles(incidents, wards, profile_options);
    output::LayerCounts counts = count_layers(incidents, wards.size(), layer_definitions, profile);
    return std::make_pair(std::move(profile), std::move(counts));
  });
  const profile::AreaProfile& area = profiled.first;
  const output::LayerCounts& layer_counts = profiled.second;

  std::optional<MonthRange> baseline;
  if (area.has_previous_period)
    baseline =
        MonthRange{area.from_month - (area.to_month - area.from_month + 1), area.from_month - 1};
  const hotspots::HotspotInputs hotspot_inputs{
      incidents,
      wards,
      *study.locator,
      MonthRange{area.from_month, area.to_month},
      baseline,
      options.disclosure,
      options.inputs.threads,
      options.hotspots.harm_weights_path.empty()
          ? std::vector<double>{}
          : hotspots::load_harm_weights(options.hotspots.harm_weights_path,
                                        incidents.category_slugs)};
  hotspots::StudyGrid grid = clock.time(
      "density", [&] { return hotspots::make_study_grid(hotspot_inputs, options.hotspots); });
  std::optional<RiskSurfaces> risk;
  if (options.risk.enabled()) clock.time("risk", [&] { risk.emplace(options, study, grid); });
  std::vector<hotspots::LayerResult> layers;
  // A layer's density files (the GeoTIFF, and the picture: a warp and a single-threaded PNG
  // compression) are written beside the next layer's analysis, whose backtest leaves part of
  // the second core idle; one layer's at a time, so one surface more is held. Its future's
  // destructor waits for it, whatever is thrown here; get() passes on what it threw.
  std::future<void> writing_density;
  for (const LayerDefinition& layer : layer_definitions) {
    hotspots::LayerOutcome outcome =
        hotspots::analyse_layer(hotspot_inputs, grid, layer, options.hotspots, clock);
    if (risk) clock.time("risk", layer.name, [&] { risk->write(outcome, out); });
    if (writing_density.valid()) writing_density.get();
    auto write_density = [&clock, &analysis_crs, &out, &options, name = layer.name,
                          metadata = hotspots::density_metadata(outcome.result.summary),
                          surface = std::move(outcome.surface)] {
      clock.time("density", name, [&] {
        density::write_density_geotiff(surface, analysis_crs, out + "/density/" + name + ".tif",
                                       metadata, options.inputs.threads);
        output::write_density_image(surface, analysis_crs, name, out + "/density",
                                    options.inputs.threads);
      });
    };
    if (options.inputs.threads > 1)
      writing_density = std::async(std::launch::async, std::move(write_density));
    else
      write_density();
    layers.push_back(std::move(outcome.result));
    // This layer's backtest grids (~1 GB freed on a national grid) back to the kernel: the next
    // layer's would be drawn from them, but held they stack on the density written beside it.
    // Faulting them in again is cheap, as they are asked for in huge pages.
    return_freed_memory();
  }
  if (writing_density.valid()) writing_density.get();

  const output::WardPublication publication =
      output::decide_ward_publication(area, layer_counts, options.disclosure);
  // Shared: the tiles, the last to read them, free them (and their features) once read, so
  // `labels` below is read only before the tiles stage.
  std::shared_ptr<const std::vector<output::MapLabel>> shared_labels =
      std::make_shared<const std::vector<output::MapLabel>>(output::place_labels(
          incidents, wards, MonthRange{area.from_month, area.to_month}, options.disclosure));
  const std::vector<output::MapLabel>& labels = *shared_labels;
  output::LabelPositions label_positions = output::label_positions(labels, analysis_crs);
  const nlohmann::ordered_json peers =
      clock.time("peers", [&] { return write_peer_comparison(options, area, publication); });
  const std::optional<EmergingOutcome> emerging = clock.time(
      "emerging", [&] { return write_emerging(options, study, grid, area, layer_definitions); });
  // The study grid (a ward per cell, the in-area mask, each incident's cell and month: 134 MB on
  // a national grid) is not read after this: released before the GeoPackage and the tiles, where
  // memory peaks. `risk` keeps a reference to it, for its per-layer writes only, all done above.
  grid = hotspots::StudyGrid{};
  // Nor is the ward locator (34 MB on 8,000 wards): hotspot_inputs, which refers to it, is done.
  study.locator.reset();
  // New or intensifying places per layer, for the briefings (without the layer's title).
  std::map<std::string, std::vector<std::string>> emerging_places;
  if (emerging) {
    for (const LayerDefinition& layer : layer_definitions) emerging_places[layer.name];
    for (const emerging::EmergingPlace& place : emerging->result.places) {
      std::string text = emerging::describe_place(place, emerging->result.final_step);
      if (text.rfind(place.layer_title + ": ", 0) == 0) text.erase(0, place.layer_title.size() + 2);
      emerging_places[place.layer].push_back(text);
    }
  }
  auto write_output_files = [&] {
    const hotspots::HotspotWriteContext hotspot_context{wards,
                                                        incidents.street_names,
                                                        analysis_crs,
                                                        options.disclosure,
                                                        options.title,
                                                        MonthRange{area.from_month, area.to_month},
                                                        data_range(incidents),
                                                        options.hotspots.briefing_areas,
                                                        emerging_places};
    hotspots::write_hotspots_geojson(layers, hotspot_context, out + "/hotspots.geojson");
    hotspots::write_hotspots_csv(layers, hotspot_context, out + "/hotspots.csv");
    if (options.disclosure.shows_hour_tables())
      hotspots::write_hotspot_hours_csv(layers, out + "/hotspot_hours.csv");
    hotspots::write_briefing(layers, hotspot_context, out + "/briefing.md");
    const output::WardOutputContext context{
        wards, area, layer_counts, analysis_crs, options.title, options.disclosure, publication};
    output::write_wards_geojson(context, out + "/wards.geojson");
    output::write_wards_csv(context, out + "/wards.csv");
    output::write_wards_json(context, out + "/wards.json");
    output::write_ward_report(context, out + "/ward_profiles.md");
  };
  clock.time("output", [&] {
    // The street labels (1.7M, a third of this stage on a national run) are written on a
    // second worker beside the rest; the two share nothing but read-only inputs.
    parallel_for(2, options.inputs.threads, [&](size_t begin, size_t end, int) {
      for (size_t task = begin; task < end; ++task)
        if (task == 1)
          output::write_labels_geojson(labels, label_positions, out + "/labels.geojson");
        else
          write_output_files();
    });
  });

  const output::WardOutputContext ward_context{
      wards, area, layer_counts, analysis_crs, options.title, options.disclosure, publication};
  const gis::AnalysisLayerInputs gis_inputs{
      ward_context,       layers,
      incidents,          MonthRange{area.from_month, area.to_month},
      options.disclosure, study.ward_report.geography};
  // The analysis stages' grids, freed above, back to the kernel before the GeoPackage and the
  // tiles run side by side, where memory peaks (~1 GB was free in the heap at this point of a
  // national run).
  return_freed_memory();
  gis::GisOutputOptions gis_options = options.gis;
  gis_options.threads = options.inputs.threads;
  nlohmann::ordered_json tiles_report;
  // The briefing, tiles and viewer run beside the GeoPackage (see write_gis_outputs).
  gis::write_gis_outputs(gis_inputs, out, analysis_crs, gis_options, clock, [&] {
    clock.time("briefing", [&] {
      write_briefing_pack(layers, area, wards, incidents.street_names, labels, emerging_places,
                          options);
    });
    tiles_report = clock.time("tiles", [&] {
      return build_tile_archive(incidents, std::move(shared_labels), std::move(label_positions),
                                analysis_crs, options);
    });
    if (options.viewer) clock.time("viewer", [&] { copy_viewer_into(out, options); });
  });

  const SummaryInputs summary_inputs{options, study, area, layer_counts, rows, layers, publication};
  nlohmann::ordered_json summary = make_summary(summary_inputs);
  summary["tiles"] = tiles_report;
  summary["peers"] = peers;
  summary["risk"] = risk ? risk->summary() : nlohmann::ordered_json();
  summary["emerging"] = emerging ? emerging->summary : nlohmann::ordered_json();
  nlohmann::ordered_json timings = nlohmann::ordered_json::object();
  for (const auto& [stage, seconds] : clock.timings()) timings[stage] = seconds;
  timings["total"] = std::round(clock.elapsed_s() * 1e4) / 1e4;
  summary["timings_s"] = timings;
  write_summary(summary, out + "/summary.json");
  return summary;
}

}  // namespace hotspot::analyse
