#include "engine/hotspots/area_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "engine/core/civil_time.hpp"

namespace hotspot::hotspots {

namespace {

// A short stable id from the layer and the area's peak cell position (metres): the same data
// gives the same ids, whatever else changes in the run.
std::string stable_id(const std::string& layer, double x, double y) {
  char key[96];
  std::snprintf(key, sizeof key, "%s:%.0f:%.0f", layer.c_str(), x, y);
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (const char* c = key; *c; ++c) {
    hash ^= static_cast<unsigned char>(*c);
    hash *= 1099511628211ull;
  }
  char id[128];
  std::snprintf(id, sizeof id, "%s-%06llx", layer.c_str(),
                static_cast<unsigned long long>(hash & 0xffffff));
  return id;
}

template <typename Key>
std::vector<std::pair<Key, int64_t>> most_first(const std::map<Key, int64_t>& counts) {
  std::vector<std::pair<Key, int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

// police.uk snaps each crime to an anonymous map point named by its street or, off-street, by a
// kind of place ("On or near Parking Area"). A patrol is sent to streets, so an area is named by
// its streets first; the kinds of place follow. These are the place kinds police.uk uses.
bool is_place_kind(std::string_view name) {
  static constexpr std::string_view kKinds[] = {"Airport/Airfield",
                                                "Bus/Coach Station",
                                                "Conference/Exhibition Centre",
                                                "Further/Higher Educational Building",
                                                "Hospital",
                                                "Motorway Service Area",
                                                "Nightclub",
                                                "Park/Open Space",
                                                "Parking Area",
                                                "Pedestrian Subway",
                                                "Petrol Station",
                                                "Police Station",
                                                "Prison",
                                                "Shopping Area",
                                                "Sports/Recreation Area",
                                                "Supermarket",
                                                "Theatre/Concert Hall",
                                                "Theme/Adventure Park"};
  return std::find(std::begin(kKinds), std::end(kKinds), name) != std::end(kKinds);
}

// Streets by incidents, then kinds of place by incidents.
std::vector<std::pair<uint32_t, int64_t>> streets_first(const std::map<uint32_t, int64_t>& counts,
                                                        const std::vector<std::string>& names) {
  std::vector<std::pair<uint32_t, int64_t>> sorted = most_first(counts);
  std::stable_partition(sorted.begin(), sorted.end(),
                        [&](const auto& street) { return !is_place_kind(names[street.first]); });
  return sorted;
}

}  // namespace

std::vector<int64_t> count_in_areas(const GridSpec& spec, const std::vector<HotspotArea>& areas,
                                    const LayerSelection& selection) {
  std::vector<int32_t> area_of(spec.cell_count(), -1);
  for (size_t a = 0; a < areas.size(); ++a)
    for (uint32_t cell : areas[a].cells) area_of[cell] = static_cast<int32_t>(a);
  std::vector<int64_t> counts(areas.size(), 0);
  for (size_t k = 0; k < selection.rows.size(); ++k) {
    const int64_t cell = cell_of(spec, selection.x[k], selection.y[k]);
    if (cell >= 0 && area_of[static_cast<size_t>(cell)] >= 0)
      ++counts[static_cast<size_t>(area_of[static_cast<size_t>(cell)])];
  }
  return counts;
}

int64_t cell_of(const GridSpec& spec, double x, double y) {
  const double column = std::floor((x - spec.xmin) / spec.cell_size_m);
  const double row = std::floor((y - spec.ymin) / spec.cell_size_m);
  if (!(column >= 0 && column < spec.columns && row >= 0 && row < spec.rows)) return -1;
  return static_cast<int64_t>(spec.index(static_cast<int32_t>(column), static_cast<int32_t>(row)));
}

std::vector<HotspotArea> describe_areas(const AreaInputs& in, const std::vector<PatrolArea>& areas,
                                        int64_t minimum_incidents) {
  const GridSpec& spec = in.spec;
  std::vector<int32_t> area_of(spec.cell_count(), -1);
  for (size_t a = 0; a < areas.size(); ++a)
    for (uint32_t cell : areas[a].cells) area_of[cell] = static_cast<int32_t>(a);

  std::vector<HotspotArea> described(areas.size());
  std::vector<std::map<int32_t, int64_t>> wards(areas.size());
  std::vector<std::map<uint32_t, int64_t>> streets(areas.size());
  std::vector<double> sum_x(areas.size(), 0), sum_y(areas.size(), 0);
  const bool has_streets = in.incidents.street.size() == in.incidents.size();
  for (size_t k = 0; k < in.selection.rows.size(); ++k) {
    const int64_t cell = cell_of(spec, in.selection.x[k], in.selection.y[k]);
    if (cell < 0 || area_of[static_cast<size_t>(cell)] < 0) continue;
    const auto a = static_cast<size_t>(area_of[static_cast<size_t>(cell)]);
    HotspotArea& area = described[a];
    const uint32_t row = in.selection.rows[k];
    ++area.incidents;
    sum_x[a] += in.selection.x[k];
    sum_y[a] += in.selection.y[k];
    ++wards[a][in.incidents.ward[row]];
    if (has_streets && in.incidents.street[row] != 0) ++streets[a][in.incidents.street[row]];
    if (in.incidents.time_precision[row] == TimePrecision::minute) {
      const int64_t t = in.incidents.local_time_s[row];
      ++area.hour_by_weekday[static_cast<size_t>(civil_time::weekday(t))]
                            [static_cast<size_t>(civil_time::hour_of_day(t))];
      ++area.timed;
    }
  }

  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
  const auto layer_total = static_cast<int64_t>(in.selection.rows.size());
  std::vector<HotspotArea> kept;
  for (size_t a = 0; a < areas.size(); ++a) {
    HotspotArea& area = described[a];
    if (area.incidents < minimum_incidents) continue;
    area.cells = areas[a].cells;
    area.expected = areas[a].expected;
    area.area_km2 = double(area.cells.size()) * cell_km2;
    area.share = layer_total > 0 ? double(area.incidents) / double(layer_total) : 0;
    const double area_share =
        double(area.cells.size()) / double(std::max<int64_t>(1, in.study_area_cells));
    area.pai = area_share > 0 ? area.share / area_share : 0;
    // Wards with incidents first (most first), then wards its cells reach without any.
    area.wards = most_first(wards[a]);
    for (uint32_t cell : area.cells) {
      const int32_t ward = in.cell_wards[cell];
      if (ward != kOutside && std::none_of(area.wards.begin(), area.wards.end(),
                                           [&](const auto& w) { return w.first == ward; }))
        area.wards.emplace_back(ward, 0);
    }
    area.streets = streets_first(streets[a], in.incidents.street_names);
    for (uint32_t cell : area.cells) {
      const double z = in.gi.z[cell];
      if (std::isnan(z) || z <= 0) continue;
      if (in.gi.q[cell] <= in.gi_fdr) area.significant = true;
      area.gi_confidence = std::max<int>(area.gi_confidence, in.gi.confidence[cell]);
    }
    // The centre: the area's cell nearest the mean of its incidents (always inside the area).
    const double mx = sum_x[a] / double(area.incidents), my = sum_y[a] / double(area.incidents);
    double best = INFINITY;
    for (uint32_t cell : area.cells) {
      const double cx =
          spec.centre_x(static_cast<int32_t>(cell % static_cast<uint32_t>(spec.columns)));
      const double cy =
          spec.centre_y(static_cast<int32_t>(cell / static_cast<uint32_t>(spec.columns)));
      const double d = (cx - mx) * (cx - mx) + (cy - my) * (cy - my);
      if (d < best) {
        best = d;
        area.centre_x = cx;
        area.centre_y = cy;
      }
    }
    area.has_times = area.timed > 0;
    if (area.has_times) area.when = peak_window(area.hour_by_weekday);
    const uint32_t peak = areas[a].peak_cell;
    area.id =
        stable_id(in.layer_name,
                  spec.centre_x(static_cast<int32_t>(peak % static_cast<uint32_t>(spec.columns))),
                  spec.centre_y(static_cast<int32_t>(peak / static_cast<uint32_t>(spec.columns))));
    area.rank = static_cast<int>(kept.size() + 1);
    area.shape = cells_to_polygons(spec, area.cells);
    kept.push_back(std::move(area));
  }
  return kept;
}

}  // namespace hotspot::hotspots
