#include "engine/hotspots/analyse_layers.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/density/bandwidth_cv.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/density/kde.hpp"
#include "engine/hotspots/classes.hpp"
#include "engine/hotspots/writers.hpp"

namespace hotspot::hotspots {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::array<std::string, 3> class_labels(const HotspotOptions& options) {
  std::array<std::string, 3> labels;
  char text[64];
  for (size_t c = 0; c < 3; ++c) {
    const double k = options.levels[c];
    if (options.threshold_rule == ThresholdRule::mean_sd) std::snprintf(text, sizeof text, "above mean + %g SD", k);
    else if (options.threshold_rule == ThresholdRule::mean_multiple) std::snprintf(text, sizeof text, "above %g × mean", k);
    else std::snprintf(text, sizeof text, "top %g%% of the area", k);
    labels[c] = text;
  }
  return labels;
}

// Density bands for the `density` tile layer: quantiles of the non-zero in-area cells.
std::vector<DensityBand> density_bands(const DensityGrid& grid, const std::vector<double>& counts, int band_count,
                                       int64_t minimum_incidents) {
  std::vector<double> values;
  for (double v : grid.density_per_km2)
    if (!std::isnan(v) && v > 0) values.push_back(v);
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  std::vector<double> breaks;  // band b (1-based) holds [breaks[b-2], breaks[b-1])
  for (int b = 1; b < band_count; ++b) breaks.push_back(values[values.size() * static_cast<size_t>(b) / static_cast<size_t>(band_count)]);
  std::vector<DensityBand> bands(static_cast<size_t>(band_count));
  std::vector<std::vector<uint32_t>> cells(bands.size());
  for (size_t i = 0; i < grid.density_per_km2.size(); ++i) {
    const double v = grid.density_per_km2[i];
    if (std::isnan(v) || v <= 0) continue;
    const size_t band = static_cast<size_t>(std::upper_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
    DensityBand& b = bands[band];
    b.density_min = cells[band].empty() ? v : std::min(b.density_min, v);
    b.density_max = std::max(b.density_max, v);
    b.incidents += static_cast<int64_t>(counts[i]);
    cells[band].push_back(static_cast<uint32_t>(i));
  }
  std::vector<DensityBand> kept;
  for (size_t b = 0; b < bands.size(); ++b) {
    if (cells[b].empty() || bands[b].incidents < minimum_incidents) continue;
    bands[b].band = static_cast<int>(b + 1);
    bands[b].shape = cells_to_polygons(grid.spec, cells[b]);
    kept.push_back(std::move(bands[b]));
  }
  return kept;
}

nlohmann::json layer_summary(const LayerDefinition& layer, const LayerSelection& selection,
                             const density::GridChoice& grid, double bandwidth_m, const std::string& bandwidth_rule,
                             const HotspotOptions& options) {
  nlohmann::json s;
  s["name"] = layer.name;
  s["title"] = layer.title;
  s["categories"] = layer.categories;
  s["hours"] = layer.hours ? nlohmann::json::array({layer.hours->first, layer.hours->second}) : nlohmann::json();
  s["incidents"] = selection.rows.size();
  s["untimed_records"] = selection.untimed;
  s["hours_note"] = selection.hours_note;
  s["kernel"] = density::kernel_name(options.kernel);
  s["bandwidth_m"] = std::round(bandwidth_m * 100) / 100;
  s["bandwidth_rule"] = bandwidth_rule;
  s["cell_size_m"] = std::round(grid.spec.cell_size_m * 100) / 100;
  s["cell_size_rule"] = grid.cell_size_rule;
  s["grid"] = {{"columns", grid.spec.columns}, {"rows", grid.spec.rows}, {"xmin", grid.spec.xmin}, {"ymin", grid.spec.ymin}};
  s["units"] = "incidents per km²";
  s["edge_correction"] = options.edge_correction;
  if (options.kernel == density::Kernel::gaussian)
    s["truncation_error"] = density::truncation_mass(options.kernel, options.gaussian_cutoff_sigmas);
  s["density_tif"] = "density/" + layer.name + ".tif";
  s["notes"] = grid.notes;
  return s;
}

std::vector<std::pair<std::string, std::string>> tif_metadata(const nlohmann::json& s) {
  std::vector<std::pair<std::string, std::string>> items = {{"LAYER", s["name"].get<std::string>()},
          {"KERNEL", s["kernel"].get<std::string>()},
          {"BANDWIDTH_M", std::to_string(s["bandwidth_m"].get<double>())},
          {"BANDWIDTH_RULE", s["bandwidth_rule"].get<std::string>()},
          {"CELL_SIZE_M", std::to_string(s["cell_size_m"].get<double>())},
          {"CELL_SIZE_RULE", s["cell_size_rule"].get<std::string>()},
          {"EDGE_CORRECTION", s["edge_correction"].get<bool>() ? "yes" : "no"},
          {"INCIDENTS", std::to_string(s["incidents"].get<int64_t>())},
          {"HOURS_NOTE", s["hours_note"].get<std::string>()},
          {"GENERATED_BY", "hotspot"}};
  if (s.contains("truncation_error"))
    items.emplace_back("TRUNCATION_ERROR", std::to_string(s["truncation_error"].get<double>()));
  return items;
}

}  // namespace

std::vector<uint8_t> study_area_mask(const GridSpec& spec, const join::WardLocator& locator) {
  std::vector<uint8_t> inside(spec.cell_count(), 0);
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column)
      inside[spec.index(column, row)] = locator.locate(spec.centre_x(column), spec.centre_y(row)) != kOutside;
  return inside;
}

nlohmann::json analyse_layers(const IncidentTable& incidents, const WardSet& wards, const join::WardLocator& locator,
                              const std::string& analysis_crs, const std::vector<LayerDefinition>& layers,
                              const HotspotOptions& options, const std::string& out_dir) {
  const auto started = Clock::now();
  double density_s = 0;
  std::filesystem::create_directories(out_dir + "/density");
  const density::GridChoice grid = density::choose_grid(wards.extent, options.cell_size_m, options.bandwidth_m);
  const GridSpec& spec = grid.spec;
  const std::vector<uint8_t> inside = study_area_mask(spec, locator);
  const auto study_cells = std::count(inside.begin(), inside.end(), uint8_t{1});
  const double shorter_side_m = std::min(spec.columns, spec.rows) * spec.cell_size_m;
  const int64_t minimum = options.public_mode ? std::max(options.minimum_count, options.minimum_area_incidents)
                                              : std::max(1, options.minimum_area_incidents);
  std::vector<LayerResult> results;
  for (const LayerDefinition& layer : layers) {
    const auto layer_started = Clock::now();
    const LayerSelection selection = select_layer(incidents, locator, layer, options.from_month, options.to_month);
    double bandwidth_m = grid.bandwidth_m;
    std::string bandwidth_rule = grid.bandwidth_rule;
    nlohmann::json search_scores;
    if (options.auto_bandwidth && !options.bandwidth_m && selection.x.size() >= 10) {
      const density::BandwidthSearch search = density::cross_validated_bandwidth(
          selection.x, selection.y, options.kernel, spec.cell_size_m, shorter_side_m / 10);
      bandwidth_m = search.bandwidth_m;
      bandwidth_rule = search.rule;
      for (const auto& [h, score] : search.scores) search_scores.push_back({{"bandwidth_m", h}, {"mean_log_likelihood", score}});
    }
    density::KdeOptions kde{options.kernel, bandwidth_m, options.gaussian_cutoff_sigmas, options.threads};
    DensityGrid surface = density::estimate_density(selection.x, selection.y, spec, kde);
    density::apply_study_area(surface, inside, options.edge_correction, kde);
    LayerResult result;
    result.layer = layer;
    result.spec = spec;
    result.incidents = static_cast<int64_t>(selection.rows.size());
    result.hours_note = selection.hours_note;
    result.class_labels = class_labels(options);
    result.summary = layer_summary(layer, selection, grid, bandwidth_m, bandwidth_rule, options);
    if (!search_scores.is_null()) result.summary["bandwidth_search"] = search_scores;
    if (bandwidth_m < spec.cell_size_m && grid.bandwidth_m >= spec.cell_size_m)
      result.summary["notes"].push_back("bandwidth " + std::to_string(std::lround(bandwidth_m)) + " m is under one cell");
    density::write_density_geotiff(surface, analysis_crs, out_dir + "/density/" + layer.name + ".tif",
                                   tif_metadata(result.summary));
    density_s += seconds_since(layer_started);

    const Thresholds thresholds = class_thresholds(surface, options.threshold_rule, options.levels);
    const std::vector<uint8_t> classes = classify(surface, thresholds);
    const std::vector<double> counts = cell_counts(spec, selection.x, selection.y);
    const GiStarResult gi = gi_star(spec, counts, inside, options.gi_distance_cells);
    const AreaInputs inputs{spec, surface.density_per_km2, classes, gi, options.gi_fdr, incidents, selection, locator, study_cells};
    const auto components = hot_components(spec, classes);
    result.areas = describe_areas(inputs, components, layer.name, minimum);
    result.bands = density_bands(surface, counts, options.density_bands, options.public_mode ? minimum : 0);
    auto& s = result.summary;
    s["thresholds"] = {{"rule", threshold_rule_name(options.threshold_rule)},
                       {"description", thresholds.description},
                       {"levels", options.levels},
                       {"density_per_km2", {thresholds.density_per_km2[0], thresholds.density_per_km2[1], thresholds.density_per_km2[2]}},
                       {"mean_nonzero", thresholds.mean_nonzero},
                       {"sd_nonzero", thresholds.sd_nonzero}};
    int64_t hot = 0, cold = 0;
    for (int8_t c : gi.confidence) {
      hot += c >= 95;
      cold += c <= -95;
    }
    s["gi"] = {{"distance_cells", options.gi_distance_cells}, {"cells_tested", gi.cells_tested},
               {"fdr", options.gi_fdr}, {"hot_cells_95", hot}, {"cold_cells_95", cold}};
    s["hotspot_areas"] = result.areas.size();
    s["significant_areas"] = std::count_if(result.areas.begin(), result.areas.end(), [](const auto& a) { return a.significant; });
    if (components.size() > result.areas.size())
      s["notes"].push_back(std::to_string(components.size() - result.areas.size()) + " hot patches with fewer than " +
                           std::to_string(minimum) + " incidents left out" + (options.public_mode ? " (public mode)" : ""));
    results.push_back(std::move(result));
  }
  write_hotspots_geojson(results, wards, analysis_crs, out_dir + "/hotspots.geojson");
  write_density_geojson(results, analysis_crs, out_dir + "/density.geojson");
  write_hotspots_csv(results, wards, analysis_crs, out_dir + "/hotspots.csv");
  write_briefing(results, wards, options.public_mode, out_dir + "/briefing.md");
  nlohmann::json summary;
  summary["layers"] = nlohmann::json::array();
  for (const LayerResult& result : results) summary["layers"].push_back(result.summary);
  summary["timings_s"] = {{"density", std::round(density_s * 1e4) / 1e4},
                          {"hotspots", std::round((seconds_since(started) - density_s) * 1e4) / 1e4}};
  return summary;
}

}  // namespace hotspot::hotspots
