#include "engine/hotspots/analyse_layers.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/core/civil_time.hpp"
#include "engine/density/kde.hpp"
#include "engine/hotspots/gi_star.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/join/grid_wards.hpp"

namespace hotspot::hotspots {

namespace {

GiSummary summarise_gi(const GiStarResult& gi, const HotspotOptions& options) {
  GiSummary summary{options.gi_distance_cells, gi.cells_tested, options.gi_fdr, 0, 0};
  for (int8_t c : gi.confidence) {
    summary.hot_cells_95 += c >= 95;
    summary.cold_cells_95 += c <= -95;
  }
  return summary;
}

// The density map's bandwidth: given, else the chosen forecast's, else a street-scale 250 m.
std::pair<double, std::string> map_bandwidth(const HotspotOptions& options, const Method& method) {
  if (options.bandwidth_m) return {*options.bandwidth_m, "given"};
  if (method.kind != Method::Kind::grid_counts)
    return {method.bandwidth_m, "the chosen forecast's"};
  return {250, "250 m (the chosen forecast, grid counts, has none)"};
}

// The forecast: given by slug, else chosen by backtest over the layer's own months.
void choose_method(const BacktestInputs& backtest_inputs, const HotspotOptions& options,
                   LayerSummary& summary) {
  const std::vector<Method> candidates = candidate_methods();
  const Method fallback{Method::Kind::grid_counts, 0, 0, 0, 0.3};
  if (options.method != "auto") {
    for (const Method& candidate : candidates)
      if (candidate.slug() == options.method) summary.method = candidate;
    summary.method_rule = "given (--method " + options.method + ")";
    return;
  }
  summary.backtest = backtest(backtest_inputs, candidates, fallback);
  summary.method = summary.backtest.scores[summary.backtest.chosen].method;
  summary.method_rule = summary.backtest.note;
}

// The baseline the areas' change is measured against, and the current months it is compared with.
struct ChangePeriods {
  MonthRange current;
  std::optional<MonthRange> baseline;
  std::string basis;
};

ChangePeriods change_periods(const HotspotInputs& inputs) {
  ChangePeriods periods{inputs.period, inputs.baseline, ""};
  if (inputs.baseline) {
    periods.basis = "on " + month_label(inputs.baseline->from_month) + " to " +
                    month_label(inputs.baseline->to_month);
  } else if (inputs.period.months() >= 2) {
    // No earlier data: the period's second half against its first.
    const int32_t half = inputs.period.months() / 2;
    periods.baseline = MonthRange{inputs.period.from_month, inputs.period.from_month + half - 1};
    periods.current = MonthRange{inputs.period.to_month - half + 1, inputs.period.to_month};
    periods.basis = month_label(periods.current.from_month) + " to " +
                    month_label(periods.current.to_month) + " on " +
                    month_label(periods.baseline->from_month) + " to " +
                    month_label(periods.baseline->to_month) + " (the data has no earlier period)";
  }
  return periods;
}

}  // namespace

StudyGrid make_study_grid(const HotspotInputs& inputs, const HotspotOptions& options) {
  StudyGrid grid;
  grid.choice = density::choose_grid(inputs.wards.extent, options.cell_size_m,
                                     options.bandwidth_m.value_or(250));
  grid.choice.cell_size_rule = options.cell_size_m == HotspotOptions{}.cell_size_m
                                   ? "100 m: street-level cells, whatever the study area's size"
                                   : "given";
  if (grid.choice.spec.cell_size_m > options.cell_size_m * 1.0001)
    grid.choice.cell_size_rule += " (raised to keep the grid in memory)";
  grid.cell_wards = join::ward_of_cells(grid.choice.spec, inputs.locator, inputs.threads);
  grid.inside = join::inside_mask(grid.cell_wards);
  grid.study_cells = std::count(grid.inside.begin(), grid.inside.end(), uint8_t{1});
  const IncidentTable& incidents = inputs.incidents;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.ward[i] == kOutside) continue;
    const int64_t cell = cell_of(grid.choice.spec, incidents.x[i], incidents.y[i]);
    if (cell < 0) continue;
    grid.all_crime.cell.push_back(static_cast<int32_t>(cell));
    grid.all_crime.month.push_back(civil_time::month_index(incidents.local_time_s[i]));
  }
  return grid;
}

LayerPoints layer_points(const HotspotInputs& inputs, const GridSpec& spec,
                         const LayerSelection& selection) {
  LayerPoints points;
  points.x = selection.x;
  points.y = selection.y;
  points.month.reserve(selection.rows.size());
  points.cell.reserve(selection.rows.size());
  points.weight.reserve(selection.rows.size());
  for (size_t k = 0; k < selection.rows.size(); ++k) {
    const uint32_t row = selection.rows[k];
    points.month.push_back(civil_time::month_index(inputs.incidents.local_time_s[row]));
    points.cell.push_back(cell_of(spec, selection.x[k], selection.y[k]));
    const CategoryId category = inputs.incidents.category[row];
    points.weight.push_back(
        category < inputs.harm_by_category.size() ? inputs.harm_by_category[category] : 1.0);
  }
  return points;
}

LayerOutcome analyse_layer(const HotspotInputs& inputs, const StudyGrid& grid,
                           const LayerDefinition& layer, const HotspotOptions& options,
                           StageClock& clock) {
  const GridSpec& spec = grid.choice.spec;
  LayerOutcome outcome;
  LayerResult& result = outcome.result;
  LayerSummary& summary = result.summary;
  const ChangePeriods periods = change_periods(inputs);
  const LayerSelection selection =
      select_layer(inputs.incidents, layer, inputs.period.from_month, inputs.period.to_month);
  const LayerPoints points = layer_points(inputs, spec, selection);
  PatrolAreaOptions patrol = options.patrol_areas(grid.study_area_km2());
  patrol.minimum_incidents = inputs.disclosure.smallest_feature(options.minimum_area_incidents);

  clock.time("backtest", layer.name, [&] {
    const BacktestInputs backtest_inputs{points,           grid.all_crime, spec,   grid.inside,
                                         grid.study_cells, inputs.period,  patrol, inputs.threads};
    choose_method(backtest_inputs, options, summary);
  });

  std::vector<PatrolArea> patrol_areas;
  clock.time("hotspots", layer.name, [&] {
    FitSurfaces fit(points, grid.all_crime, spec, grid.inside, inputs.period);
    fit.prepare({summary.method}, inputs.threads);
    const std::vector<float> surface = fit.expected(summary.method);
    patrol_areas =
        build_patrol_areas(spec, surface, fit.observed(), grid.inside, grid.study_cells, patrol);
    // Ranked by the chosen surface; reported as the layer's own incidents next month.
    const double scale = per_month_scale(surface, points, grid.inside, inputs.period);
    for (PatrolArea& area : patrol_areas) area.expected *= scale;
  });

  clock.time("density", layer.name, [&] {
    const auto [bandwidth_m, bandwidth_rule] = map_bandwidth(options, summary.method);
    const density::KdeOptions kde{options.kernel, bandwidth_m, options.gaussian_cutoff_sigmas,
                                  inputs.threads};
    outcome.surface = density::estimate_density(selection.x, selection.y, spec, kde);
    density::apply_study_area(outcome.surface, grid.inside, options.edge_correction, kde);
    summary.bandwidth_m = bandwidth_m;
    summary.bandwidth_rule = bandwidth_rule;
    if (inputs.disclosure.public_output) {  // what the map may show: see DisclosurePolicy
      const double reach_m =
          density::support_radius_m(options.kernel, bandwidth_m, options.gaussian_cutoff_sigmas);
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

  result.layer = layer;
  result.spec = spec;
  result.incidents = static_cast<int64_t>(selection.rows.size());
  result.hours_note = selection.hours_note;
  result.title = honest_title(layer, selection);
  summary.layer = layer;
  summary.title = result.title;
  summary.incidents = result.incidents;
  summary.untimed_records = selection.untimed;
  summary.untimed_left_out = selection.untimed_left_out;
  summary.grid = spec;
  summary.cell_size_rule = grid.choice.cell_size_rule;
  summary.budget = options.area_budget.describe();
  summary.budget_share = patrol.budget_share;
  summary.patrol = patrol;
  summary.harm_weighted = !inputs.harm_by_category.empty();
  summary.kernel = options.kernel;
  summary.edge_correction = options.edge_correction;
  if (options.kernel == density::Kernel::gaussian)
    summary.truncation_error =
        density::truncation_mass(options.kernel, options.gaussian_cutoff_sigmas);
  summary.notes = grid.choice.notes;
  summary.change_basis = periods.basis;
  const DisclosurePolicy& disclosure = inputs.disclosure;
  if (disclosure.withholds(selection.untimed) || disclosure.withholds(selection.untimed_left_out)) {
    result.hours_note =
        selection.untimed > 0
            ? hours_note(layer,
                         "fewer than " + std::to_string(disclosure.minimum_count) + " records have")
            : "a few records without a time of day are left out of this filter";
    summary.untimed_records = summary.untimed_left_out = -1;
  }
  if (disclosure.withholds(result.incidents)) summary.incidents = -1;
  summary.hours_note = result.hours_note;

  clock.time("hotspots", layer.name, [&] {
    const std::vector<double> counts = cell_counts(spec, selection.x, selection.y);
    const GiStarResult gi =
        gi_star(spec, counts, grid.inside, options.gi_distance_cells, inputs.threads);
    const LayerSelection baseline =
        periods.baseline ? select_layer(inputs.incidents, layer, periods.baseline->from_month,
                                        periods.baseline->to_month)
                         : LayerSelection{};
    // Change compares the current months only (the second half, without an earlier period).
    LayerSelection current;
    for (size_t k = 0; k < selection.rows.size(); ++k)
      if (periods.current.contains(
              civil_time::month_index(inputs.incidents.local_time_s[selection.rows[k]]))) {
        current.rows.push_back(selection.rows[k]);
        current.x.push_back(selection.x[k]);
        current.y.push_back(selection.y[k]);
      }
    const AreaInputs area_inputs{spec,
                                 gi,
                                 options.gi_fdr,
                                 inputs.incidents,
                                 selection,
                                 grid.cell_wards,
                                 grid.study_cells,
                                 layer.name};
    const int64_t minimum = disclosure.smallest_feature(options.minimum_area_incidents);
    result.areas = describe_areas(area_inputs, patrol_areas, minimum);
    if (periods.baseline) {  // each area's current months against the baseline, in its own cells
      const std::vector<int64_t> now = count_in_areas(spec, result.areas, current);
      const std::vector<int64_t> before = count_in_areas(spec, result.areas, baseline);
      const double exposure = double(periods.current.months()) / double(periods.baseline->months());
      for (size_t a = 0; a < result.areas.size(); ++a)
        result.areas[a].change = profile::compare_counts(now[a], before[a], exposure);
    }
    HourByWeekday layer_table{};
    for (uint32_t row : selection.rows)
      if (inputs.incidents.time_precision[row] == TimePrecision::minute) {
        const int64_t t = inputs.incidents.local_time_s[row];
        ++layer_table[static_cast<size_t>(civil_time::weekday(t))]
                     [static_cast<size_t>(civil_time::hour_of_day(t))];
      }
    // Public outputs carry no times of day: a window's share of a small count is the count.
    if (disclosure.shows_hour_tables()) summary.when = peak_window(layer_table);
    for (HotspotArea& area : result.areas) {  // what public outputs may say of an area
      if (!disclosure.shows_hour_tables()) {
        area.hour_by_weekday = {};
        area.timed = 0;
        area.when.reset();
      }
      if (area.change && (disclosure.withholds(area.change->current) ||
                          disclosure.withholds(area.change->baseline)))
        area.change.reset();
      if (!disclosure.shows_incident_records())
        std::erase_if(area.streets,
                      [&](const auto& street) { return disclosure.withholds(street.second); });
    }
    summary.gi = summarise_gi(gi, options);
    summary.hotspot_areas = static_cast<int64_t>(result.areas.size());
    summary.significant_areas = std::count_if(result.areas.begin(), result.areas.end(),
                                              [](const HotspotArea& a) { return a.significant; });
    for (const HotspotArea& area : result.areas) summary.areas_km2 += area.area_km2;
    summary.areas_share = summary.areas_km2 / std::max(1e-9, grid.study_area_km2());
    if (patrol_areas.size() > result.areas.size())
      summary.notes.push_back(std::to_string(patrol_areas.size() - result.areas.size()) +
                              " patrol areas with fewer than " + std::to_string(minimum) +
                              " incidents left out" +
                              (disclosure.public_output ? " (public mode)" : ""));
  });
  return outcome;
}

}  // namespace hotspot::hotspots
