#include "engine/output/place_labels.hpp"

#include <boost/geometry/algorithms/point_on_surface.hpp>
#include <boost/sort/pdqsort/pdqsort.hpp>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "engine/core/atomic_file.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/geojson_writer.hpp"

namespace hotspot::output {

namespace {

// Public weights are orders of magnitude (1, 2, 3, … for 1–9, 10–99, …): enough to let the
// busier label win a collision, not enough to count anything.
double published_weight(int64_t count, const DisclosurePolicy& disclosure) {
  return disclosure.public_output ? std::floor(std::log10(double(std::max<int64_t>(1, count)))) + 1
                                  : double(count);
}

}  // namespace

std::vector<MapLabel> place_labels(const IncidentTable& incidents, const WardSet& wards,
                                   MonthRange period, const DisclosurePolicy& disclosure) {
  std::vector<MapLabel> labels;
  std::vector<int64_t> ward_totals(wards.size(), 0);
  // (street << 32 | ward, incident) for every incident in the period with a street, sorted:
  // each street-in-ward is then one run, its incidents in table order, so its sums are added in
  // the same order as before. A hash map keyed by street and ward took three times as long on
  // 10M incidents (a cache miss for each of 1.7M keys, again and again).
  std::vector<std::pair<uint64_t, uint64_t>> keyed;
  const bool has_streets = incidents.street.size() == incidents.size();
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t ward = incidents.ward[i];
    if (ward == kOutside || !period.contains(civil_time::month_index(incidents.local_time_s[i])))
      continue;
    ++ward_totals[static_cast<size_t>(ward)];
    if (!has_streets || incidents.street[i] == 0) continue;
    keyed.emplace_back((uint64_t{incidents.street[i]} << 32) | static_cast<uint32_t>(ward), i);
  }
  boost::sort::pdqsort_branchless(keyed.begin(), keyed.end());
  for (size_t first = 0; first < keyed.size();) {
    const uint64_t key = keyed[first].first;
    double x = 0, y = 0;
    size_t end = first;
    for (; end < keyed.size() && keyed[end].first == key; ++end) {
      x += incidents.x[keyed[end].second];
      y += incidents.y[keyed[end].second];
    }
    const auto count = static_cast<int64_t>(end - first);
    first = end;
    if (disclosure.public_output && count < disclosure.minimum_count) continue;
    labels.push_back(MapLabel{"street", incidents.street_names[key >> 32],
                              published_weight(count, disclosure), x / double(count),
                              y / double(count)});
  }
  for (size_t w = 0; w < wards.size(); ++w) {
    if (wards.shape[w].empty()) continue;
    Point inside;
    bg::point_on_surface(wards.shape[w], inside);
    labels.push_back(MapLabel{"ward", wards.name[w], published_weight(ward_totals[w], disclosure),
                              inside.x(), inside.y()});
  }
  return labels;
}

LabelPositions label_positions(const std::vector<MapLabel>& labels,
                               const std::string& analysis_crs) {
  LabelPositions positions;
  positions.longitudes_deg.reserve(labels.size());
  positions.latitudes_deg.reserve(labels.size());
  for (const MapLabel& label : labels) {
    positions.longitudes_deg.push_back(label.x);
    positions.latitudes_deg.push_back(label.y);
  }
  CoordinateTransform to_lonlat(analysis_crs, "EPSG:4326");
  to_lonlat.transform(positions.longitudes_deg.data(), positions.latitudes_deg.data(),
                      labels.size());
  return positions;
}

void write_labels_geojson(const std::vector<MapLabel>& labels, const LabelPositions& positions,
                          const std::string& path) {
  if (positions.longitudes_deg.size() != labels.size() ||
      positions.latitudes_deg.size() != labels.size())
    throw std::logic_error("the label positions are not the labels'");
  // Written a piece at a time: held whole (and grown by doubling) the national run's 256 MB of
  // labels made the output stage's the highest memory of the run.
  constexpr size_t kPieceBytes = 1 << 20;
  write_pieces_atomically(path, [&](const WritePiece& write) {
    GeoJsonWriter writer("labels");
    for (size_t k = 0; k < labels.size(); ++k) {
      writer.add_point(
          {{"kind", labels[k].kind}, {"name", labels[k].name}, {"weight", labels[k].weight}},
          positions.longitudes_deg[k], positions.latitudes_deg[k]);
      if (writer.pending_bytes() >= kPieceBytes) write(writer.take_pending());
    }
    write(writer.finish());
  });
}

}  // namespace hotspot::output
