#include "engine/hotspots/patrol_areas.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <boost/sort/spreadsort/integer_sort.hpp>
#include <cmath>
#include <functional>
#include <numeric>
#include <span>

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

float ranking_floor(const GridSpec& spec, const std::vector<float>& expected,
                    const std::vector<uint8_t>& inside, size_t wanted) {
  constexpr int32_t kRowStride = 16;
  std::vector<float> sample;
  for (int32_t row = 0; row < spec.rows; row += kRowStride)
    for (size_t i = spec.index(0, row), end = i + static_cast<size_t>(spec.columns); i < end; ++i)
      if (inside[i] && expected[i] > 0) sample.push_back(expected[i]);
  const size_t rank = (wanted + wanted / 2) / kRowStride + 64;
  if (sample.size() <= rank) return 0;
  std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(rank), sample.end(),
                   std::greater<float>());
  return sample[rank];
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
  // (cell << 32 | position) for every position, sorted: grid order, the cell read without an
  // indirection (sorting positions through a comparator that looked their cells up was slower).
  // A radix sort (Boost's spreadsort): the keys are unique, so any sort gives the same order,
  // and this one took ~12% off the backtest on 10M incidents against pdqsort.
  std::vector<uint64_t> by_cell(order.size());
  for (size_t position = 0; position < order.size(); ++position)
    by_cell[position] = uint64_t{order[position]} << 32 | position;
  boost::sort::spreadsort::integer_sort(by_cell.begin(), by_cell.end());
  auto cell_at = [&](size_t k) { return static_cast<uint32_t>(by_cell[k] >> 32); };
  auto position_at = [&](size_t k) { return static_cast<uint32_t>(by_cell[k]); };
  const auto columns = static_cast<uint32_t>(spec.columns);
  // Calls link(later, earlier) once for every linked pair of positions.
  auto sweep = [&](auto&& link) {
    for (size_t dy = 0; dy < half_width.size(); ++dy) {
      const auto width = static_cast<uint32_t>(half_width[dy]);
      size_t first = 0;  // the first cell at or after the window's start: it only moves forward
      for (size_t j = 0; j < by_cell.size(); ++j) {
        const uint32_t cell = cell_at(j), position = position_at(j);
        const uint32_t row = cell / columns, column = cell % columns;
        if (row + dy >= static_cast<uint32_t>(spec.rows)) break;
        const uint32_t target_row = row + static_cast<uint32_t>(dy);
        const uint32_t window_start = target_row * columns + (column > width ? column - width : 0);
        const uint32_t window_stop = target_row * columns + std::min(column + width, columns - 1);
        while (first < by_cell.size() && cell_at(first) < window_start) ++first;
        for (size_t k = first; k < by_cell.size() && cell_at(k) <= window_stop; ++k) {
          if (dy == 0 && cell_at(k) <= cell) continue;  // each pair once, never itself
          const uint32_t other = position_at(k);
          if (other < position)
            link(position, other);
          else
            link(other, position);
        }
      }
    }
  };
  // One sweep into (later, earlier) pairs, then grouped by the later position (a counting sort):
  // the sweep's short inner loops mispredict often, and sweeping once to count and again to fill
  // paid that twice.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(order.size() * 4);
  sweep([&](uint32_t later, uint32_t earlier) { pairs.emplace_back(later, earlier); });
  EarlierLinks links;
  links.start.assign(order.size() + 1, 0);
  for (const auto& pair : pairs) ++links.start[pair.first + 1];
  for (size_t p = 0; p < order.size(); ++p) links.start[p + 1] += links.start[p];
  links.cells.resize(links.start.back());
  std::vector<uint32_t> next(links.start.begin(), links.start.end() - 1);
  for (const auto& [later, earlier] : pairs) links.cells[next[later]++] = earlier;
  return links;
}

// A cell and its forecast, side by side: the passes below read the value with the cell instead
// of looking it up in a grid of millions (a cache miss each).
struct Ranked {
  float value;
  uint32_t cell;
};

// True when `a` orders before `b`: higher forecast first, then lower cell index.
bool hotter_ranked(const Ranked& a, const Ranked& b) {
  return a.value != b.value ? a.value > b.value : a.cell < b.cell;
}

// A cell's place in the ranking as one integer, so that ranking compares integers: higher
// forecast first (for a positive float, the complement of its bits falls as the float rises),
// then lower cell index. Only for forecasts above 0.
uint64_t heat_key(float value, uint32_t cell) {
  return uint64_t{~std::bit_cast<uint32_t>(value)} << 32 | cell;
}
Ranked from_heat_key(uint64_t key) {
  return {std::bit_cast<float>(~static_cast<uint32_t>(key >> 32)), static_cast<uint32_t>(key)};
}

// Grows `members` (an area's cells and their values) by its hottest neighbouring cells that no
// area holds until it has min_cells. Without `read_inside` the forecast is known to be 0 outside
// the study area, so a neighbour with a forecast is inside it: the mask is not read, a cache miss
// fewer per row of neighbours (each read of the grid around a small area is one). Each cell's free
// neighbours are read from the grid once, when the cell joins, into a frontier. Areas grow one at a
// time, so a cell free when read stays free until this area takes it; then every copy of it leaves
// the frontier.
void grow_small_area(const GridSpec& spec, const std::vector<float>& expected,
                     const std::vector<uint8_t>& inside, bool read_inside, int min_cells,
                     std::vector<bool>& taken_cells, std::vector<Ranked>& members,
                     std::vector<Ranked>& frontier) {
  frontier.clear();
  const auto columns = static_cast<uint32_t>(spec.columns);
  // Branch-free: whether a neighbour qualifies is close to random, a branch would often mispredict.
  auto add_neighbours = [&](uint32_t cell) {
    const auto row = static_cast<int32_t>(cell / columns);
    const auto column = static_cast<int32_t>(cell - static_cast<uint32_t>(row) * columns);
    size_t count = frontier.size();
    frontier.resize(count + 9);
    for (int32_t r = std::max(0, row - 1); r <= std::min(spec.rows - 1, row + 1); ++r)
      for (int32_t c = std::max(0, column - 1); c <= std::min(spec.columns - 1, column + 1); ++c) {
        const auto neighbour = static_cast<uint32_t>(spec.index(c, r));
        const float value = expected[neighbour];
        frontier[count] = {value, neighbour};
        const bool in_study_area = !read_inside || inside[neighbour] != 0;
        count += static_cast<size_t>((value > 0) & in_study_area & !taken_cells[neighbour]);
      }
    frontier.resize(count);
  };
  for (const Ranked& member : members) add_neighbours(member.cell);
  while (static_cast<int>(members.size()) < min_cells && !frontier.empty()) {
    Ranked best = frontier.front();
    for (const Ranked& candidate : frontier)
      if (hotter_ranked(candidate, best)) best = candidate;
    std::erase_if(frontier, [&](const Ranked& candidate) { return candidate.cell == best.cell; });
    taken_cells[best.cell] = true;
    members.push_back(best);
    add_neighbours(best.cell);
  }
}

// How many areas ahead the loops over a pass's areas ask for the grid cells they will read.
// The areas lie in forecast order, scattered over a grid far larger than the cache, so each
// area's reads miss it; asked for early, the misses of several areas overlap instead of
// queueing one after another (on 10M incidents a small area's growth spent ~80% of its time
// waiting on the first read of each row of neighbours).
constexpr size_t kAreasAhead = 8;

// Asks the memory system for the forecast around `cell`, two cells each way: the rows a small
// area grown from it reads. A hint only: nothing waits for it, and it changes no result.
// Always inlined: GCC 12 finds a function whose only effect is a prefetch to be pure, and drops
// every call to it.
[[gnu::always_inline]] inline void prefetch_surroundings(const GridSpec& spec,
                                                         const std::vector<float>& expected,
                                                         uint32_t cell) {
  const auto columns = static_cast<uint32_t>(spec.columns);
  const auto row = static_cast<int32_t>(cell / columns);
  const auto column = static_cast<int32_t>(cell % columns);
  const int32_t first_column = std::max(0, column - 2);
  const int32_t last_column = std::min(spec.columns - 1, column + 2);
  for (int32_t r = std::max(0, row - 2); r <= std::min(spec.rows - 1, row + 2); ++r) {
    __builtin_prefetch(&expected[spec.index(first_column, r)]);
    __builtin_prefetch(&expected[spec.index(last_column, r)]);
  }
}

// The areas of one pass, their cells (ascending within each area) in one array with a start per
// area: a pass on a national grid draws ~100,000 areas and may keep a few hundred, so only the
// kept ones are given a vector of their own.
struct DrawnAreas {
  std::vector<PatrolArea> areas;  // each one's `cells` left empty
  std::vector<uint32_t> cells;
  std::vector<uint32_t> start;  // area a's cells are cells[start[a], start[a + 1])
  std::span<const uint32_t> cells_of(size_t a) const {
    return {cells.data() + start[a], start[a + 1] - start[a]};
  }
};

// One pass: areas drawn from the cells of `order` (hottest first).
DrawnAreas draw_areas(const GridSpec& spec, const std::vector<float>& expected,
                      const std::vector<uint8_t>& inside, bool read_inside,
                      const std::vector<Ranked>& order, const PatrolAreaOptions& options) {
  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
  const auto max_cells =
      static_cast<int32_t>(std::max(1.0, std::floor(options.max_area_km2 / cell_km2)));

  // Priority flood from the peaks down: a cell joins the area of its hottest linked neighbour;
  // where it links two areas it is their saddle, and they merge only when the dip is shallow.
  std::vector<uint32_t> order_cells(order.size());
  for (size_t position = 0; position < order.size(); ++position)
    order_cells[position] = order[position].cell;
  const EarlierLinks earlier = earlier_linked(spec, order_cells, options);
  // The area of each drawn cell, by its position in `order`.
  std::vector<int32_t> area_of(order.size(), -1);
  Areas areas;
  std::vector<int32_t> touching;
  for (size_t position = 0; position < order.size(); ++position) {
    const auto [value, cell] = order[position];
    touching.clear();
    for (uint32_t k = earlier.start[position]; k < earlier.start[position + 1]; ++k)
      touching.push_back(areas.find(area_of[earlier.cells[k]]));
    std::sort(touching.begin(), touching.end());
    touching.erase(std::unique(touching.begin(), touching.end()), touching.end());
    // The neighbouring area with the highest peak first (its peak cell breaks ties).
    std::sort(touching.begin(), touching.end(), [&](int32_t a, int32_t b) {
      return hotter_ranked(
          {areas.peak[static_cast<size_t>(a)], areas.peak_cell[static_cast<size_t>(a)]},
          {areas.peak[static_cast<size_t>(b)], areas.peak_cell[static_cast<size_t>(b)]});
    });
    int32_t home = -1;
    for (int32_t area : touching) {
      if (home < 0) {
        if (areas.size[static_cast<size_t>(area)] < max_cells) home = area;
        continue;
      }
      const float lower_peak = areas.peak[static_cast<size_t>(area)];
      const bool shallow = value >= options.saddle_ratio * lower_peak;
      if (shallow &&
          areas.size[static_cast<size_t>(home)] + areas.size[static_cast<size_t>(area)] < max_cells)
        areas.merge(home, area);
    }
    if (home < 0) home = areas.make(cell, value);
    area_of[position] = home;
    ++areas.size[static_cast<size_t>(home)];
  }
  // The cells in any area, one bit per grid cell (2 MB on a national grid): a cell's neighbours
  // share its rows' cache lines, where a hash table scattered them.
  std::vector<bool> taken_cells(expected.size(), false);
  for (const Ranked& drawn : order) taken_cells[drawn.cell] = true;

  // Gather the cells of each final area, with their values, as one array with a start per area
  // (areas numbered by their hottest cell), not a vector per area: a pass draws ~100,000 areas.
  std::vector<int32_t> index_of(areas.parent.size(), -1);
  std::vector<PatrolArea> result;
  std::vector<uint32_t> area_at(order.size());  // each position's area, by number
  std::vector<uint32_t> start(1, 0);
  for (size_t position = 0; position < order.size(); ++position) {
    const auto root = static_cast<size_t>(areas.find(area_of[position]));
    if (index_of[root] < 0) {
      index_of[root] = static_cast<int32_t>(result.size());
      result.push_back(PatrolArea{{}, 0, order[position].cell, order[position].value});
      start.push_back(0);
    }
    area_at[position] = static_cast<uint32_t>(index_of[root]);
    ++start[area_at[position] + 1];
  }
  for (size_t a = 0; a < result.size(); ++a) start[a + 1] += start[a];
  std::vector<Ranked> member_cells(order.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (size_t position = 0; position < order.size(); ++position)
      member_cells[next[area_at[position]]++] = order[position];
  }
  auto members_of = [&](size_t a) {
    return std::span<const Ranked>(member_cells.data() + start[a], start[a + 1] - start[a]);
  };

  // Too small to patrol: grown by the best neighbouring cells not yet in any area, in turn
  // (hottest area first), each grown area's cells kept in `grown`.
  std::vector<std::pair<uint32_t, uint32_t>> grown_range(result.size(), {0, 0});
  std::vector<Ranked> grown, growing, frontier;
  for (size_t a = 0; a < result.size(); ++a) {
    if (a + kAreasAhead < result.size() &&
        static_cast<int>(members_of(a + kAreasAhead).size()) < options.min_cells)
      prefetch_surroundings(spec, expected, members_of(a + kAreasAhead).front().cell);
    const std::span<const Ranked> cells = members_of(a);
    if (static_cast<int>(cells.size()) >= options.min_cells) continue;
    growing.assign(cells.begin(), cells.end());
    grow_small_area(spec, expected, inside, read_inside, options.min_cells, taken_cells, growing,
                    frontier);
    grown_range[a] = {static_cast<uint32_t>(grown.size()),
                      static_cast<uint32_t>(grown.size() + growing.size())};
    grown.insert(grown.end(), growing.begin(), growing.end());
  }

  DrawnAreas drawn;
  drawn.cells.reserve(order.size() + grown.size());
  drawn.start.reserve(result.size() + 1);
  drawn.start.push_back(0);
  std::vector<Ranked> cells;
  for (size_t a = 0; a < result.size(); ++a) {
    const auto [grown_first, grown_last] = grown_range[a];
    if (grown_last > grown_first)
      cells.assign(grown.begin() + grown_first, grown.begin() + grown_last);
    else
      cells.assign(members_of(a).begin(), members_of(a).end());
    std::sort(cells.begin(), cells.end(),
              [](const Ranked& x, const Ranked& y) { return x.cell < y.cell; });
    PatrolArea& area = result[a];
    area.expected = 0;  // summed in cell order, as the cells are listed
    for (const Ranked& member : cells) {
      drawn.cells.push_back(member.cell);
      area.expected += member.value;
    }
    drawn.start.push_back(static_cast<uint32_t>(drawn.cells.size()));
  }
  drawn.areas = std::move(result);
  return drawn;
}

// True when the area's observed incidents reach `minimum` (less 1e-9 for rounding). Most areas
// reach it at their peak cell, so the rest are read only when needed: each read is a cache miss
// on a national grid. The same answer as summing every cell: the values are not negative, so
// a sum in any order is at least any partial sum, and at least each of its terms.
bool holds_enough(uint32_t peak_cell, std::span<const uint32_t> cells,
                  const std::vector<float>& observed, double minimum) {
  if (observed[peak_cell] + 1e-9 >= minimum) return true;
  double seen = 0;
  for (uint32_t cell : cells) {
    seen += observed[cell];
    if (seen + 1e-9 >= minimum) return true;
  }
  return false;
}

}  // namespace

std::vector<PatrolArea> build_patrol_areas(const GridSpec& spec, const std::vector<float>& expected,
                                           const std::vector<float>& observed,
                                           const std::vector<uint8_t>& inside, int64_t study_cells,
                                           const PatrolAreaOptions& options) {
  const auto budget_cells = static_cast<size_t>(
      std::max<double>(1, std::llround(options.budget_share * double(study_cells))));
  // Sorted as (forecast, cell) pairs, hottest first: comparing values held side by side instead
  // of looking each up in a grid of millions keeps the sort in cache. Only the hottest few budgets'
  // worth can ever be drawn: rank those, not every cell.
  const size_t wanted_prefix = 8 * budget_cells;
  const float floor = ranking_floor(spec, expected, inside, wanted_prefix);
  std::vector<uint64_t> ranked;   // heat_key of each cell at or above the floor
  bool forecast_outside = false;  // some cell outside the study area has a forecast
  // Without a branch per cell, a block at a time: whether a cell is kept is close to random on a
  // kernel forecast, and this reads every cell of the grid for every candidate of every origin.
  auto collect = [&](float at_least) {
    ranked.clear();
    constexpr size_t kBlock = 4096;
    std::array<uint64_t, kBlock> block;
    bool outside = false;
    for (size_t begin = 0; begin < expected.size(); begin += kBlock) {
      const size_t end = std::min(expected.size(), begin + kBlock);
      size_t count = 0;
      for (size_t i = begin; i < end; ++i) {
        const float value = expected[i];
        const bool positive = value > 0, in_study_area = inside[i] != 0;
        outside |= positive & !in_study_area;
        block[count] = heat_key(value, static_cast<uint32_t>(i));  // kept only when counted
        count += static_cast<size_t>(positive & in_study_area & (value >= at_least));
      }
      ranked.insert(ranked.end(), block.begin(),
                    block.begin() + static_cast<std::ptrdiff_t>(count));
    }
    forecast_outside |= outside;
  };
  collect(floor);
  // The floor was a guess from a sample; with fewer cells above it than wanted, take them all.
  if (ranked.size() < wanted_prefix && floor > 0) collect(0);
  const size_t prefix = std::min(ranked.size(), wanted_prefix);
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(prefix),
                   ranked.end());
  ranked.resize(prefix);
  // Sorted only as far as the passes read (most stop a little past one budget), in chunks that
  // at least double: ranked[0, sorted) is in final order and hotter than everything after it.
  size_t sorted = 0;
  auto sort_through = [&](size_t wanted_sorted) {
    const size_t end = std::min(ranked.size(), std::max(wanted_sorted, 2 * sorted));
    if (end <= sorted) return;
    const auto first = ranked.begin() + static_cast<std::ptrdiff_t>(sorted);
    std::nth_element(first, ranked.begin() + static_cast<std::ptrdiff_t>(end), ranked.end());
    // A radix sort: the keys are unique, so it gives the order any sort would.
    boost::sort::spreadsort::integer_sort(first, ranked.begin() + static_cast<std::ptrdiff_t>(end));
    sorted = end;
  };

  // Areas with too few observed incidents are noise: dropped, and the budget they would have
  // used goes to the next cells (a few passes, each drawing from the cells not yet ruled out).
  // One bit per grid cell (2 MB on a national grid), made when a pass first rules a cell out:
  // each pass tests every cell it reads, and a hash probe per test missed the cache.
  std::vector<bool> ruled_out;
  // The last pass's areas, and which of them are kept: only the areas finally kept are given a
  // vector of their cells (a pass on a national grid draws ~100,000 areas, most ruled out).
  DrawnAreas drawn;
  std::vector<uint32_t> kept;
  size_t wanted = budget_cells;
  for (int pass = 0; pass < 4; ++pass) {
    std::vector<Ranked> order;
    for (size_t k = 0; k < ranked.size() && order.size() < wanted; ++k) {
      if (k >= sorted) sort_through(wanted + wanted / 4);
      const Ranked cell = from_heat_key(ranked[k]);
      if (ruled_out.empty() || !ruled_out[cell.cell]) order.push_back(cell);
    }
    drawn = draw_areas(spec, expected, inside, forecast_outside, order, options);
    kept.clear();
    size_t used = 0;
    for (size_t a = 0; a < drawn.areas.size(); ++a) {
      if (a + kAreasAhead < drawn.areas.size())  // see kAreasAhead
        for (uint32_t cell : drawn.cells_of(a + kAreasAhead)) __builtin_prefetch(&observed[cell]);
      const std::span<const uint32_t> cells = drawn.cells_of(a);
      if (!holds_enough(drawn.areas[a].peak_cell, cells, observed,
                        double(options.minimum_incidents))) {
        if (ruled_out.empty()) ruled_out.assign(expected.size(), false);
        for (uint32_t cell : cells) ruled_out[cell] = true;
        continue;
      }
      used += cells.size();
      kept.push_back(static_cast<uint32_t>(a));
    }
    if (used >= budget_cells || order.size() < wanted) break;  // full, or no cells left
    wanted += budget_cells - used;
  }
  std::stable_sort(kept.begin(), kept.end(), [&](uint32_t x, uint32_t y) {
    const PatrolArea& a = drawn.areas[x];
    const PatrolArea& b = drawn.areas[y];
    if (a.expected != b.expected) return a.expected > b.expected;
    return hotter_ranked({a.peak, a.peak_cell}, {b.peak, b.peak_cell});
  });
  // Growing small areas may pass the budget: the lowest-ranked areas give way.
  std::vector<PatrolArea> areas;
  size_t used = 0;
  for (uint32_t a : kept) {
    const std::span<const uint32_t> cells = drawn.cells_of(a);
    if (used + cells.size() > budget_cells && !areas.empty()) break;
    used += cells.size();
    areas.push_back(std::move(drawn.areas[a]));
    areas.back().cells.assign(cells.begin(), cells.end());
  }
  return areas;
}

}  // namespace hotspot::hotspots
