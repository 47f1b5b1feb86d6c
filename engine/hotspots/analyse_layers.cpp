#include "engine/hotspots/analyse_layers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "engine/density/bandwidth_cv.hpp"
#include "engine/density/kde.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/join/grid_wards.hpp"

namespace hotspot::hotspots {

namespace {

std::array<std::string, 3> class_labels(const HotspotOptions& options) {
  std::array<std::string, 3> labels;
  char text[64];
  for (size_t c = 0; c < 3; ++c) {
    const double k = options.levels[c];
    if (options.threshold_rule == ThresholdRule::mean_sd)
      std::snprintf(text, sizeof text, "above mean + %g SD", k);
    else if (options.threshold_rule == ThresholdRule::mean_multiple)
      std::snprintf(text, sizeof text, "above %g × mean", k);
    else
      std::snprintf(text, sizeof text, "top %g%% of the area", k);
    labels[c] = text;
  }
  return labels;
}

GiSummary summarise_gi(const GiStarResult& gi, const HotspotOptions& options) {
  GiSummary summary{options.gi_distance_cells, gi.cells_tested, options.gi_fdr, 0, 0};
  for (int8_t c : gi.confidence) {
    summary.hot_cells_95 += c >= 95;
    summary.cold_cells_95 += c <= -95;
  }
  return summary;
}

}  // namespace

StudyGrid make_study_grid(const HotspotInputs& inputs, const HotspotOptions& options) {
  StudyGrid grid;
  grid.choice = density::choose_grid(inputs.wards.extent, options.cell_size_m, options.bandwidth_m);
  grid.cell_wards = join::ward_of_cells(grid.choice.spec, inputs.locator, inputs.threads);
  grid.inside = join::inside_mask(grid.cell_wards);
  grid.study_cells = std::count(grid.inside.begin(), grid.inside.end(), uint8_t{1});
  return grid;
}

LayerOutcome analyse_layer(const HotspotInputs& inputs, const StudyGrid& grid,
                           const LayerDefinition& layer, const HotspotOptions& options,
                           StageClock& clock) {
  const GridSpec& spec = grid.choice.spec;
  LayerOutcome outcome;
  LayerResult& result = outcome.result;
  LayerSummary& summary = result.summary;
  const LayerSelection selection = clock.time("density", layer.name, [&] {
    LayerSelection selected =
        select_layer(inputs.incidents, layer, inputs.period.from_month, inputs.period.to_month);
    double bandwidth_m = grid.choice.bandwidth_m;
    summary.bandwidth_rule = grid.choice.bandwidth_rule;
    if (options.auto_bandwidth && !options.bandwidth_m && selected.x.size() >= 10) {
      const double shorter_side_m = std::min(spec.columns, spec.rows) * spec.cell_size_m;
      const density::BandwidthSearch search = density::cross_validated_bandwidth(
          selected.x, selected.y, options.kernel, spec.cell_size_m, shorter_side_m / 10);
      bandwidth_m = search.bandwidth_m;
      summary.bandwidth_rule = search.rule;
      summary.bandwidth_search = search.scores;
    }
    const density::KdeOptions kde{options.kernel, bandwidth_m, options.gaussian_cutoff_sigmas,
                                  inputs.threads};
    outcome.surface = density::estimate_density(selected.x, selected.y, spec, kde);
    density::apply_study_area(outcome.surface, grid.inside, options.edge_correction, kde);
    summary.bandwidth_m = bandwidth_m;
    return selected;
  });

  result.layer = layer;
  result.spec = spec;
  result.incidents = static_cast<int64_t>(selection.rows.size());
  result.hours_note = selection.hours_note;
  result.class_labels = class_labels(options);
  summary.layer = layer;
  summary.incidents = result.incidents;
  summary.untimed_records = selection.untimed;
  if (inputs.disclosure.withholds(selection.untimed)) {  // the note would quote a small count
    result.hours_note = hours_note(
        layer, "fewer than " + std::to_string(inputs.disclosure.minimum_count) + " records have");
    summary.untimed_records = -1;
  }
  if (inputs.disclosure.withholds(result.incidents)) {
    summary.incidents = -1;
  }
  summary.hours_note = result.hours_note;
  summary.kernel = options.kernel;
  summary.grid = spec;
  summary.cell_size_rule = grid.choice.cell_size_rule;
  summary.edge_correction = options.edge_correction;
  if (options.kernel == density::Kernel::gaussian)
    summary.truncation_error =
        density::truncation_mass(options.kernel, options.gaussian_cutoff_sigmas);
  summary.notes = grid.choice.notes;
  if (summary.bandwidth_m < spec.cell_size_m && grid.choice.bandwidth_m >= spec.cell_size_m)
    summary.notes.push_back("bandwidth " + std::to_string(std::lround(summary.bandwidth_m)) +
                            " m is under one cell");

  const std::vector<double> counts = cell_counts(spec, selection.x, selection.y);
  clock.time("hotspots", layer.name, [&] {
    const DensityGrid& surface = outcome.surface;
    const int64_t minimum = inputs.disclosure.smallest_feature(options.minimum_area_incidents);
    const Thresholds thresholds = class_thresholds(surface, options.threshold_rule, options.levels);
    const std::vector<uint8_t> classes = classify(surface, thresholds);
    const GiStarResult gi = gi_star(spec, counts, grid.inside, options.gi_distance_cells);
    const AreaInputs area_inputs{spec,      surface.density_per_km2, classes,
                                 gi,        options.gi_fdr,          inputs.incidents,
                                 selection, grid.cell_wards,         grid.study_cells};
    const auto components = hot_components(spec, classes);
    result.areas = describe_areas(area_inputs, components, layer.name, minimum);
    for (HotspotArea& area : result.areas) {  // what public outputs may say of an area
      if (!inputs.disclosure.shows_hour_tables()) {
        area.has_times = false;
        area.hour_by_weekday = {};
      }
      if (area.trend_last28 && (inputs.disclosure.withholds(*area.trend_last28) ||
                                inputs.disclosure.withholds(*area.trend_previous28))) {
        area.trend_last28.reset();
        area.trend_previous28.reset();
      }
    }
    summary.threshold_rule = options.threshold_rule;
    summary.levels = options.levels;
    summary.thresholds = thresholds;
    summary.gi = summarise_gi(gi, options);
    summary.hotspot_areas = static_cast<int64_t>(result.areas.size());
    summary.significant_areas = std::count_if(result.areas.begin(), result.areas.end(),
                                              [](const HotspotArea& a) { return a.significant; });
    if (components.size() > result.areas.size())
      summary.notes.push_back(std::to_string(components.size() - result.areas.size()) +
                              " hot patches with fewer than " + std::to_string(minimum) +
                              " incidents left out" +
                              (inputs.disclosure.public_output ? " (public mode)" : ""));
  });

  // From here on the surface is what may be published (the areas above used the exact one).
  clock.time("density", layer.name, [&] {
    if (inputs.disclosure.public_output) {
      const double reach_m = density::support_radius_m(options.kernel, summary.bandwidth_m,
                                                       options.gaussian_cutoff_sigmas);
      const density::KdeOptions uniform{density::Kernel::uniform, reach_m,
                                        options.gaussian_cutoff_sigmas, inputs.threads};
      std::vector<double> support =
          density::estimate_density(selection.x, selection.y, spec, uniform).density_per_km2;
      const double disc_km2 =
          std::numbers::pi * reach_m * reach_m / 1e6;  // incidents = density × disc area
      for (double& value : support) value *= disc_km2;
      inputs.disclosure.protect_density(outcome.surface.density_per_km2, support);
    }
  });
  return outcome;
}

}  // namespace hotspot::hotspots
