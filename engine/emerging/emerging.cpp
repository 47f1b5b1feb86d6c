#include "engine/emerging/emerging.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/parallel.hpp"
#include "engine/emerging/space_time_gi.hpp"
#include "engine/hotspots/selection.hpp"

namespace hotspot::emerging {

void EmergingOptions::validate() const {
  if (cells_per_side < 1 || cells_per_side % 2 == 0)
    throw ConfigError("the emerging cell (cells_per_side) must be an odd number of study cells");
  if (window_steps < 0) throw ConfigError("the emerging time window must be 0 or more steps");
  if (!(distance_cells >= 1))
    throw ConfigError("the emerging neighbourhood distance must be at least 1 cell");
  if (!(fdr > 0 && fdr < 1) || !(trend_alpha > 0 && trend_alpha < 1))
    throw ConfigError("the emerging significance levels must lie between 0 and 1");
  if (minimum_steps < 2) throw ConfigError("emerging hot spots need at least 2 time steps");
  if (threads < 1) throw ConfigError("emerging hot spots need at least 1 thread");
}

namespace {

// The emerging grid: blocks of `side` study cells; a block is in the study area when any of its
// cells is, and takes the ward of its centre cell (or of its first cell in the area).
struct EmergingGrid {
  GridSpec spec;
  std::vector<uint8_t> inside;
  std::vector<int32_t> ward;
};

EmergingGrid group_cells(const EmergingInputs& inputs, int side) {
  const GridSpec& study = inputs.study_grid;
  EmergingGrid grid;
  grid.spec = GridSpec{study.xmin, study.ymin, study.cell_size_m * side,
                       (study.columns + side - 1) / side, (study.rows + side - 1) / side};
  grid.inside.assign(grid.spec.cell_count(), 0);
  grid.ward.assign(grid.spec.cell_count(), kOutside);
  for (int32_t row = 0; row < grid.spec.rows; ++row)
    for (int32_t column = 0; column < grid.spec.columns; ++column) {
      const size_t cell = grid.spec.index(column, row);
      const int32_t centre_column = column * side + side / 2, centre_row = row * side + side / 2;
      if (centre_column < study.columns && centre_row < study.rows)
        grid.ward[cell] = inputs.cell_wards[study.index(centre_column, centre_row)];
      for (int32_t r = row * side; r < std::min(study.rows, (row + 1) * side); ++r)
        for (int32_t c = column * side; c < std::min(study.columns, (column + 1) * side); ++c)
          if (inputs.inside[study.index(c, r)]) {
            grid.inside[cell] = 1;
            if (grid.ward[cell] == kOutside) grid.ward[cell] = inputs.cell_wards[study.index(c, r)];
          }
    }
  return grid;
}

TimeSteps steps_for(const EmergingInputs& inputs, const EmergingOptions& options) {
  const IncidentTable& incidents = inputs.incidents;
  int64_t earliest = INT64_MAX, latest = INT64_MIN;
  bool month_only = false;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.ward[i] == kOutside) continue;
    const int64_t time_s = incidents.local_time_s[i];
    if (civil_time::month_index(time_s) > inputs.period.to_month) continue;
    earliest = std::min(earliest, time_s);
    latest = std::max(latest, time_s);
    month_only = month_only || incidents.time_precision[i] == TimePrecision::month;
  }
  if (earliest > latest) {  // no incidents: one step of the period, nothing to classify
    earliest = latest = civil_time::to_seconds(inputs.period.to_month / 12,
                                               inputs.period.to_month % 12 + 1, 1, 0, 0, 0);
    month_only = true;
  }
  return choose_time_steps(earliest, latest, inputs.period.to_month, month_only, options.time_step);
}

// Public mode: a cell's pattern is published only when each of its hot bins rests on at least
// the minimum incidents in its space-time neighbourhood.
bool rests_on_enough(const std::vector<GiBin>& series, const DisclosurePolicy& disclosure) {
  if (!disclosure.public_output) return true;
  for (const GiBin& bin : series)
    if (bin.significance > 0 && bin.local_sum < disclosure.minimum_count) return false;
  return true;
}

// The in-area cells of rows [begin, end) with a pattern, in row and column order.
std::vector<EmergingCell> classify_rows(const EmergingGrid& grid, const SpaceTimeCube& cube,
                                        const SpaceTimeGiStar& gi, const EmergingOptions& options,
                                        const DisclosurePolicy& disclosure, int32_t begin,
                                        int32_t end) {
  std::vector<EmergingCell> cells;
  const int steps = cube.steps;
  std::vector<GiBin> series;
  std::vector<double> z(static_cast<size_t>(steps));
  std::vector<int8_t> significance(static_cast<size_t>(steps));
  for (int32_t row = begin; row < end; ++row)
    for (int32_t column = 0; column < grid.spec.columns; ++column) {
      const size_t cell = grid.spec.index(column, row);
      if (!grid.inside[cell]) continue;
      gi.cell_series(column, row, series);
      EmergingCell entry;
      entry.column = column;
      entry.row = row;
      entry.ward = grid.ward[cell];
      for (int t = 0; t < steps; ++t) {
        const GiBin& bin = series[static_cast<size_t>(t)];
        z[static_cast<size_t>(t)] = bin.z;
        significance[static_cast<size_t>(t)] = bin.significance;
        entry.hot_steps += bin.significance > 0;
        entry.cold_steps += bin.significance < 0;
        entry.incidents += static_cast<int64_t>(cube.at(t, cell));
      }
      entry.final_z = z.back();
      entry.final_incidents = static_cast<int64_t>(cube.at(steps - 1, cell));
      entry.trend = mann_kendall(z);
      entry.pattern = classify(significance, entry.trend, options.trend_alpha);
      if (entry.pattern == Pattern::none) continue;
      entry.published = rests_on_enough(series, disclosure);
      cells.push_back(entry);
    }
  return cells;
}

bool is_emerging(Pattern pattern) {
  return pattern == Pattern::new_hot || pattern == Pattern::consecutive_hot ||
         pattern == Pattern::intensifying_hot;
}

// Touching (8-connected) new, consecutive or intensifying hot cells of one layer, as places;
// their incidents are counted over the cells and their neighbourhoods (the evidence the
// pattern rests on).
void find_places(const EmergingLayer& layer, const EmergingGrid& grid, const SpaceTimeCube& cube,
                 const EmergingInputs& inputs, const EmergingOptions& options,
                 std::vector<EmergingPlace>& places, int64_t* left_out) {
  const GridSpec& spec = grid.spec;
  std::vector<int32_t> at(spec.cell_count(), -1);  // index into layer.cells
  for (size_t k = 0; k < layer.cells.size(); ++k)
    if (is_emerging(layer.cells[k].pattern) && layer.cells[k].published)
      at[spec.index(layer.cells[k].column, layer.cells[k].row)] = static_cast<int32_t>(k);
  std::vector<uint8_t> seen(spec.cell_count(), 0);
  CoordinateTransform to_lonlat(inputs.analysis_crs, "EPSG:4326");
  std::vector<EmergingPlace> found;
  for (size_t start = 0; start < at.size(); ++start) {
    if (at[start] < 0 || seen[start]) continue;
    std::vector<size_t> stack{start}, members;
    seen[start] = 1;
    while (!stack.empty()) {
      const size_t cell = stack.back();
      stack.pop_back();
      members.push_back(cell);
      const auto column = static_cast<int32_t>(cell % static_cast<size_t>(spec.columns));
      const auto row = static_cast<int32_t>(cell / static_cast<size_t>(spec.columns));
      for (int32_t dy = -1; dy <= 1; ++dy)
        for (int32_t dx = -1; dx <= 1; ++dx) {
          const int32_t c = column + dx, r = row + dy;
          if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows) continue;
          const size_t next = spec.index(c, r);
          if (at[next] >= 0 && !seen[next]) seen[next] = 1, stack.push_back(next);
        }
    }
    EmergingPlace place;
    place.layer = layer.layer.name;
    place.layer_title = layer.layer.title;
    place.cells = static_cast<int>(members.size());
    place.area_km2 = double(members.size()) * spec.cell_size_m * spec.cell_size_m / 1e6;
    std::map<Pattern, int> patterns;
    std::map<int32_t, int> wards;
    // The cells and their neighbourhoods, listed (a grid-sized mask per place cost a national
    // grid's worth of memory traffic for each of thousands of places).
    std::vector<size_t> around;
    const auto reach = static_cast<int32_t>(std::floor(options.distance_cells));
    for (size_t cell : members) {
      const EmergingCell& member = layer.cells[static_cast<size_t>(at[cell])];
      place.x_m += spec.centre_x(member.column) / double(members.size());
      place.y_m += spec.centre_y(member.row) / double(members.size());
      ++patterns[member.pattern];
      if (member.ward != kOutside) ++wards[member.ward];
      for (int32_t dy = -reach; dy <= reach; ++dy)
        for (int32_t dx = -reach; dx <= reach; ++dx) {
          const int32_t c = member.column + dx, r = member.row + dy;
          if (c >= 0 && r >= 0 && c < spec.columns && r < spec.rows &&
              dx * dx + dy * dy <= options.distance_cells * options.distance_cells)
            around.push_back(spec.index(c, r));
        }
    }
    std::sort(around.begin(), around.end());
    around.erase(std::unique(around.begin(), around.end()), around.end());
    for (size_t cell : around) {
      if (!grid.inside[cell]) continue;
      place.final_incidents += static_cast<int64_t>(cube.at(cube.steps - 1, cell));
      for (int t = 0; t < cube.steps; ++t)
        place.incidents += static_cast<int64_t>(cube.at(t, cell));
    }
    // The commonest pattern (ties: new, then consecutive, then intensifying — map order).
    place.pattern = std::max_element(patterns.begin(), patterns.end(), [](auto a, auto b) {
                      return a.second < b.second;
                    })->first;
    if (!wards.empty()) {
      const int32_t ward = std::max_element(wards.begin(), wards.end(), [](auto a, auto b) {
                             return a.second < b.second;
                           })->first;
      place.ward_code = inputs.wards.code[static_cast<size_t>(ward)];
      place.ward_name = inputs.wards.name[static_cast<size_t>(ward)];
    }
    place.lon = place.x_m;
    place.lat = place.y_m;
    to_lonlat.transform(&place.lon, &place.lat, 1);
    place.counts_shown = !inputs.disclosure.withholds(place.final_incidents) &&
                         !inputs.disclosure.withholds(place.incidents);
    if (place.final_incidents < options.minimum_place_incidents) {
      ++*left_out;
      continue;
    }
    found.push_back(std::move(place));
  }
  std::stable_sort(found.begin(), found.end(), [](const EmergingPlace& a, const EmergingPlace& b) {
    if (a.final_incidents != b.final_incidents) return a.final_incidents > b.final_incidents;
    return a.cells > b.cells;
  });
  places.insert(places.end(), found.begin(), found.end());
}

}  // namespace

EmergingResult analyse_emerging(const EmergingInputs& inputs,
                                const std::vector<LayerDefinition>& layers,
                                const EmergingOptions& options) {
  options.validate();
  EmergingResult result;
  result.options = options;
  result.steps = steps_for(inputs, options);
  const TimeSteps& steps = result.steps;
  result.final_step = steps.label(steps.count - 1);
  const EmergingGrid grid = group_cells(inputs, options.cells_per_side);
  result.grid = grid.spec;
  result.cells_in_area = std::count(grid.inside.begin(), grid.inside.end(), uint8_t{1});
  const size_t cells = grid.spec.cell_count();
  const int32_t first_month = steps.unit == StepUnit::months
                                  ? static_cast<int32_t>(steps.start)
                                  : civil_time::month_index(steps.start * 86400);

  for (const LayerDefinition& definition : layers) {
    EmergingLayer layer;
    layer.layer = definition;
    const hotspots::LayerSelection selection =
        hotspots::select_layer(inputs.incidents, definition, first_month, inputs.period.to_month);
    SpaceTimeCube cube{grid.spec, steps.count, std::vector<float>(cells * steps.count, 0.0F),
                       grid.inside};
    for (size_t k = 0; k < selection.rows.size(); ++k) {
      const int step = steps.step_of(inputs.incidents.local_time_s[selection.rows[k]]);
      const double column = std::floor((selection.x[k] - grid.spec.xmin) / grid.spec.cell_size_m);
      const double row = std::floor((selection.y[k] - grid.spec.ymin) / grid.spec.cell_size_m);
      if (step < 0 ||
          !(column >= 0 && column < grid.spec.columns && row >= 0 && row < grid.spec.rows))
        continue;
      const size_t cell = grid.spec.index(static_cast<int32_t>(column), static_cast<int32_t>(row));
      if (!grid.inside[cell]) continue;
      cube.counts[cube.bin(step, cell)] += 1;
      ++layer.incidents;
    }
    if (steps.count < options.minimum_steps) {
      layer.note = "not classified: " + std::to_string(steps.count) + " time steps (" +
                   steps.length_words() + " each) are too few to tell a trend (at least " +
                   std::to_string(options.minimum_steps) + " are needed)";
      result.layers.push_back(std::move(layer));
      continue;
    }
    layer.classified = true;
    const SpaceTimeGiStar gi(cube, options.distance_cells, options.window_steps, options.fdr,
                             options.threads);
    // Rows split between threads; each chunk's cells are appended in row order, so the list
    // does not depend on the thread count.
    std::vector<std::vector<EmergingCell>> chunks(static_cast<size_t>(options.threads));
    parallel_for(static_cast<size_t>(grid.spec.rows), options.threads,
                 [&](size_t begin, size_t end, int worker) {
                   chunks[static_cast<size_t>(worker)] =
                       classify_rows(grid, cube, gi, options, inputs.disclosure,
                                     static_cast<int32_t>(begin), static_cast<int32_t>(end));
                 });
    for (auto& chunk : chunks)
      for (EmergingCell& entry : chunk) {
        if (entry.published)
          ++layer.pattern_counts[static_cast<size_t>(entry.pattern)];
        else
          ++layer.withheld_cells;
        layer.cells.push_back(entry);
      }
    if (layer.withheld_cells > 0)
      layer.note =
          std::to_string(layer.withheld_cells) + " cells whose hot steps rest on fewer than " +
          std::to_string(inputs.disclosure.minimum_count) + " incidents are left out (public mode)";
    find_places(layer, grid, cube, inputs, options, result.places, &result.places_left_out);
    result.layers.push_back(std::move(layer));
  }
  return result;
}

}  // namespace hotspot::emerging
