#include "engine/hotspots/patrol_areas.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/cell_map.hpp"

namespace hotspot::hotspots {

namespace {

// Areas under construction, merged with union–find.
struct Areas {
  std::vector<int32_t> parent;
  std::vector<int32_t> size;
  std::vector<float> peak;
  std::vector<uint32_t> peak_cell;

  int32_t make(uint32_t cell, float value) {
    parent.push_back(static_cast<int32_t>(parent.size()));
    size.push_back(0);
    peak.push_back(value);
    peak_cell.push_back(cell);
    return parent.back();
  }
  int32_t find(int32_t a) {
    while (parent[static_cast<size_t>(a)] != a) {
      parent[static_cast<size_t>(a)] = parent[static_cast<size_t>(parent[static_cast<size_t>(a)])];
      a = parent[static_cast<size_t>(a)];
    }
    return a;
  }
  // Merges b into a (a keeps the higher peak).
  void merge(int32_t a, int32_t b) {
    parent[static_cast<size_t>(b)] = a;
    size[static_cast<size_t>(a)] += size[static_cast<size_t>(b)];
  }
};

// True when `a` orders before `b`: higher forecast first, then lower cell index.
bool hotter(const std::vector<float>& expected, uint32_t a, uint32_t b) {
  return expected[a] != expected[b] ? expected[a] > expected[b] : a < b;
}

}  // namespace

std::vector<std::pair<int32_t, int32_t>> link_offsets(double link_distance_m, double cell_size_m) {
  std::vector<std::pair<int32_t, int32_t>> offsets;
  const auto reach = static_cast<int32_t>(std::max(1.0, std::floor(link_distance_m / cell_size_m)));
  for (int32_t dy = -reach; dy <= reach; ++dy)
    for (int32_t dx = -reach; dx <= reach; ++dx) {
      if (dx == 0 && dy == 0) continue;
      // Always the 8 neighbours; further cells when their centres lie within the link distance.
      const bool touching = std::abs(dx) <= 1 && std::abs(dy) <= 1;
      if (touching ||
          (dx * dx + dy * dy) * cell_size_m * cell_size_m <= link_distance_m * link_distance_m)
        offsets.emplace_back(dx, dy);
    }
  return offsets;
}

namespace {

// For each cell of `order`, the positions of the cells before it in `order` that it links to
// (within the link distance, as link_offsets gives), as one array with a start per cell. Found
// with a sweep over the cells in grid order per row offset instead of a look-up per cell and
// offset (~50 offsets for each of ~160,000 cells on a national grid, dozens of times a layer).
struct EarlierLinks {
  std::vector<uint32_t> start;  // cell at position p links back to cells[start[p], start[p + 1])
  std::vector<uint32_t> cells;
};

EarlierLinks earlier_linked(const GridSpec& spec, const std::vector<uint32_t>& order,
                            const PatrolAreaOptions& options) {
  // The links as a column half-width per row offset dy >= 0 (link_offsets is symmetric and,
  // for each dy, a contiguous run of dx).
  std::vector<int32_t> half_width;
  for (const auto& [dx, dy] : link_offsets(options.link_distance_m, spec.cell_size_m))
    if (dy >= 0) {
      if (half_width.size() <= static_cast<size_t>(dy))
        half_width.resize(static_cast<size_t>(dy) + 1, 0);
      half_width[static_cast<size_t>(dy)] =
          std::max(half_width[static_cast<size_t>(dy)], std::abs(dx));
    }
  std::vector<uint32_t> by_cell(order.size());  // positions in grid order
  std::iota(by_cell.begin(), by_cell.end(), 0u);
  std::sort(by_cell.begin(), by_cell.end(),
            [&](uint32_t a, uint32_t b) { return order[a] < order[b]; });
  const auto columns = static_cast<uint32_t>(spec.columns);
  // Calls link(later, earlier) once for every linked pair of positions.
  auto sweep = [&](auto&& link) {
    for (size_t dy = 0; dy < half_width.size(); ++dy) {
      const auto width = static_cast<uint32_t>(half_width[dy]);
      size_t first = 0;  // the first cell at or after the window's start: it only moves forward
      for (uint32_t position : by_cell) {
        const uint32_t cell = order[position];
        const uint32_t row = cell / columns, column = cell % columns;
        if (row + dy >= static_cast<uint32_t>(spec.rows)) break;
        const uint32_t target_row = row + static_cast<uint32_t>(dy);
        const uint32_t window_start = target_row * columns + (column > width ? column - width : 0);
        const uint32_t window_stop = target_row * columns + std::min(column + width, columns - 1);
        while (first < by_cell.size() && order[by_cell[first]] < window_start) ++first;
        for (size_t k = first; k < by_cell.size() && order[by_cell[k]] <= window_stop; ++k) {
          const uint32_t other = by_cell[k];
          if (dy == 0 && order[other] <= cell) continue;  // each pair once, never itself
          if (other < position)
            link(position, other);
          else
            link(other, position);
        }
      }
    }
  };
  EarlierLinks links;
  links.start.assign(order.size() + 1, 0);
  sweep([&](uint32_t later, uint32_t) { ++links.start[later + 1]; });
  for (size_t p = 0; p < order.size(); ++p) links.start[p + 1] += links.start[p];
  links.cells.resize(links.start.back());
  std::vector<uint32_t> next(links.start.begin(), links.start.end() - 1);
  sweep([&](uint32_t later, uint32_t earlier) { links.cells[next[later]++] = earlier; });
  return links;
}

// One pass: areas drawn from the cells of `order` (hottest first).
std::vector<PatrolArea> draw_areas(const GridSpec& spec, const std::vector<float>& expected,
                                   const std::vector<uint8_t>& inside, std::vector<uint32_t> order,
                                   const PatrolAreaOptions& options) {
  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
  const auto max_cells =
      static_cast<int32_t>(std::max(1.0, std::floor(options.max_area_km2 / cell_km2)));

  // Priority flood from the peaks down: a cell joins the area of its hottest linked neighbour;
  // where it links two areas it is their saddle, and they merge only when the dip is shallow.
  const EarlierLinks earlier = earlier_linked(spec, order, options);
  // The area of each drawn cell, by its position in `order`.
  std::vector<int32_t> area_of(order.size(), -1);
  Areas areas;
  std::vector<int32_t> touching;
  for (size_t position = 0; position < order.size(); ++position) {
    const uint32_t cell = order[position];
    touching.clear();
    for (uint32_t k = earlier.start[position]; k < earlier.start[position + 1]; ++k)
      touching.push_back(areas.find(area_of[earlier.cells[k]]));
    std::sort(touching.begin(), touching.end());
    touching.erase(std::unique(touching.begin(), touching.end()), touching.end());
    // The neighbouring area with the highest peak first (its peak cell breaks ties).
    std::sort(touching.begin(), touching.end(), [&](int32_t a, int32_t b) {
      return hotter(expected, areas.peak_cell[static_cast<size_t>(a)],
                    areas.peak_cell[static_cast<size_t>(b)]);
    });
    int32_t home = -1;
    for (int32_t area : touching) {
      if (home < 0) {
        if (areas.size[static_cast<size_t>(area)] < max_cells) home = area;
        continue;
      }
      const float lower_peak = areas.peak[static_cast<size_t>(area)];
      const bool shallow = expected[cell] >= options.saddle_ratio * lower_peak;
      if (shallow &&
          areas.size[static_cast<size_t>(home)] + areas.size[static_cast<size_t>(area)] < max_cells)
        areas.merge(home, area);
    }
    if (home < 0) home = areas.make(cell, expected[cell]);
    area_of[position] = home;
    ++areas.size[static_cast<size_t>(home)];
  }
  // The cells drawn (and -2 for cells grown into an area below).
  CellMap label(order.size());
  for (size_t position = 0; position < order.size(); ++position)
    label.set(order[position], area_of[position]);

  // Gather the cells of each final area.
  std::vector<int32_t> index_of(areas.parent.size(), -1);
  std::vector<PatrolArea> result;
  for (size_t position = 0; position < order.size(); ++position) {
    const uint32_t cell = order[position];
    const int32_t root = areas.find(area_of[position]);
    if (index_of[static_cast<size_t>(root)] < 0) {
      index_of[static_cast<size_t>(root)] = static_cast<int32_t>(result.size());
      result.push_back(PatrolArea{{}, 0, cell, expected[cell]});
    }
    result[static_cast<size_t>(index_of[static_cast<size_t>(root)])].cells.push_back(cell);
  }

  // Too small to patrol: grown by the best neighbouring cells not yet in any area.
  for (PatrolArea& area : result) {
    while (static_cast<int>(area.cells.size()) < options.min_cells) {
      int64_t best = -1;
      for (uint32_t cell : area.cells) {
        const auto column = static_cast<int32_t>(cell % static_cast<uint32_t>(spec.columns));
        const auto row = static_cast<int32_t>(cell / static_cast<uint32_t>(spec.columns));
        for (int32_t dy = -1; dy <= 1; ++dy)
          for (int32_t dx = -1; dx <= 1; ++dx) {
            const int32_t c = column + dx, r = row + dy;
            if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows) continue;
            const auto neighbour = static_cast<uint32_t>(spec.index(c, r));
            if (label.contains(neighbour) || !inside[neighbour] || expected[neighbour] <= 0)
              continue;
            if (best < 0 || hotter(expected, neighbour, static_cast<uint32_t>(best)))
              best = neighbour;
          }
      }
      if (best < 0) break;  // nothing hot around it: it stays small
      label.set(static_cast<uint32_t>(best), -2);
      area.cells.push_back(static_cast<uint32_t>(best));
    }
  }

  for (PatrolArea& area : result) {
    std::sort(area.cells.begin(), area.cells.end());
    area.expected = 0;
    for (uint32_t cell : area.cells) area.expected += expected[cell];
  }
  return result;
}

}  // namespace

std::vector<PatrolArea> build_patrol_areas(const GridSpec& spec, const std::vector<float>& expected,
                                           const std::vector<float>& observed,
                                           const std::vector<uint8_t>& inside, int64_t study_cells,
                                           const PatrolAreaOptions& options) {
  const auto budget_cells = static_cast<size_t>(
      std::max<double>(1, std::llround(options.budget_share * double(study_cells))));
  // Sorted as (forecast, cell) pairs, in the order `hotter` gives: comparing values held side by
  // side instead of looking each up in a grid of millions keeps the sort in cache.
  struct Ranked {
    float value;
    uint32_t cell;
  };
  std::vector<Ranked> ranked;
  for (uint32_t i = 0; i < expected.size(); ++i)
    if (inside[i] && expected[i] > 0) ranked.push_back({expected[i], i});
  // Only the hottest few budgets' worth can ever be drawn: sort those, not every cell.
  const size_t prefix = std::min(ranked.size(), 8 * budget_cells);
  auto by_heat = [](const Ranked& a, const Ranked& b) {
    return a.value != b.value ? a.value > b.value : a.cell < b.cell;
  };
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(prefix),
                   ranked.end(), by_heat);
  ranked.resize(prefix);
  // Sorted only as far as the passes read (most stop a little past one budget), in chunks that
  // at least double: ranked[0, sorted) is in final order and hotter than everything after it.
  size_t sorted = 0;
  auto sort_through = [&](size_t wanted_sorted) {
    const size_t end = std::min(ranked.size(), std::max(wanted_sorted, 2 * sorted));
    if (end <= sorted) return;
    const auto first = ranked.begin() + static_cast<std::ptrdiff_t>(sorted);
    std::nth_element(first, ranked.begin() + static_cast<std::ptrdiff_t>(end), ranked.end(),
                     by_heat);
    std::sort(first, ranked.begin() + static_cast<std::ptrdiff_t>(end), by_heat);
    sorted = end;
  };

  // Areas with too few observed incidents are noise: dropped, and the budget they would have
  // used goes to the next cells (a few passes, each drawing from the cells not yet ruled out).
  CellMap ruled_out;
  std::vector<PatrolArea> kept;
  size_t wanted = budget_cells;
  for (int pass = 0; pass < 4; ++pass) {
    std::vector<uint32_t> order;
    for (size_t k = 0; k < ranked.size() && order.size() < wanted; ++k) {
      if (k >= sorted) sort_through(wanted + wanted / 4);
      if (!ruled_out.contains(ranked[k].cell)) order.push_back(ranked[k].cell);
    }
    std::vector<PatrolArea> drawn = draw_areas(spec, expected, inside, order, options);
    kept.clear();
    size_t used = 0;
    for (PatrolArea& area : drawn) {
      double seen = 0;
      for (uint32_t cell : area.cells) seen += observed[cell];
      if (seen + 1e-9 < double(options.minimum_incidents)) {
        for (uint32_t cell : area.cells) ruled_out.set(cell, 1);
        continue;
      }
      used += area.cells.size();
      kept.push_back(std::move(area));
    }
    if (used >= budget_cells || order.size() < wanted) break;  // full, or no cells left
    wanted += budget_cells - used;
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const PatrolArea& a, const PatrolArea& b) {
    if (a.expected != b.expected) return a.expected > b.expected;
    return hotter(expected, a.peak_cell, b.peak_cell);
  });
  // Growing small areas may pass the budget: the lowest-ranked areas give way.
  size_t used = 0, count = 0;
  for (; count < kept.size(); ++count) {
    if (used + kept[count].cells.size() > budget_cells && count > 0) break;
    used += kept[count].cells.size();
  }
  kept.resize(count);
  return kept;
}

}  // namespace hotspot::hotspots
