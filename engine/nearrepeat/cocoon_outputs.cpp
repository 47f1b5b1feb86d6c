#include "engine/nearrepeat/cocoon_outputs.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/day.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/nearrepeat/close_pairs.hpp"

namespace hotspot::nearrepeat {

namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}

std::string ward_name(const CocoonZone& zone, const EventSet& events,
                      const std::vector<int32_t>& incident_ward, const WardSet* wards) {
  if (!wards || incident_ward.empty()) return "";
  const int32_t ward = incident_ward[events.incident[zone.event]];
  return ward == kOutside ? "outside the study area" : wards->name[static_cast<size_t>(ward)];
}

}  // namespace

MultiPolygon zone_outline(double x_m, double y_m, double distance_m, DistanceMetric metric) {
  Polygon polygon;
  const int vertices = metric == DistanceMetric::euclidean ? 64 : 4;
  // Clockwise (Boost's orientation), closed; starts due north.
  for (int i = 0; i <= vertices; ++i) {
    const double angle = 2 * M_PI * (i % vertices) / vertices;
    polygon.outer().push_back(
        Point(x_m + distance_m * std::sin(angle), y_m + distance_m * std::cos(angle)));
  }
  return MultiPolygon{polygon};
}

std::vector<std::string> write_cocoon_outputs(const std::string& out_dir, const CocoonPlan& plan,
                                              const EventSet& events,
                                              const std::vector<int32_t>& incident_ward,
                                              const WardSet* wards, const AddressSet* addresses,
                                              const std::string& analysis_crs,
                                              DistanceMetric metric) {
  CoordinateTransform to_lonlat(analysis_crs, "EPSG:4326");
  GeoJsonWriter geojson("cocoon_zones");
  std::string zones_csv =
      "zone,burglary_date,last_day,active_on_as_of,easting,northing,ward,radius_m,days" +
      std::string(addresses ? ",addresses" : "") + "\n";
  std::string addresses_csv = "zone,address,easting,northing,distance_m\n";
  for (size_t z = 0; z < plan.zones.size(); ++z) {
    const CocoonZone& zone = plan.zones[z];
    const double x = events.x_m[zone.event], y = events.y_m[zone.event];
    const bool active = zone.last_day >= plan.as_of_day;
    const std::string ward = ward_name(zone, events, incident_ward, wards);
    nlohmann::ordered_json properties;
    properties["zone"] = z + 1;
    properties["burglary_date"] = day_label(zone.day);
    properties["last_day"] = day_label(zone.last_day);
    properties["active_on_as_of"] = active;
    properties["radius_m"] = plan.distance_m;
    properties["days"] = plan.days;
    if (!ward.empty()) properties["ward"] = ward;
    if (addresses) properties["addresses"] = zone.addresses.size();
    geojson.add(properties, to_wgs84(zone_outline(x, y, plan.distance_m, metric), to_lonlat));
    zones_csv += std::to_string(z + 1) + "," + day_label(zone.day) + "," +
                 day_label(zone.last_day) + "," + (active ? "yes" : "no") + "," + metres(x) + "," +
                 metres(y) + "," + csv_field(ward) + "," + metres(plan.distance_m) + "," +
                 std::to_string(plan.days) +
                 (addresses ? "," + std::to_string(zone.addresses.size()) : "") + "\n";
    if (!addresses) continue;
    for (uint32_t a : zone.addresses) {
      const double d = distance_m(metric, addresses->x_m[a] - x, addresses->y_m[a] - y);
      addresses_csv += std::to_string(z + 1) + "," + csv_field(addresses->label[a]) + "," +
                       metres(addresses->x_m[a]) + "," + metres(addresses->y_m[a]) + "," +
                       metres(d) + "\n";
    }
  }
  std::vector<std::string> files = {"cocoon_zones.geojson", "cocoon_zones.csv"};
  geojson.write(out_dir + "/cocoon_zones.geojson");
  write_file_atomically(out_dir + "/cocoon_zones.csv", std::string(kCsvByteOrderMark) + zones_csv);
  if (addresses) {
    write_file_atomically(out_dir + "/cocoon_addresses.csv",
                          std::string(kCsvByteOrderMark) + addresses_csv);
    files.push_back("cocoon_addresses.csv");
  }
  return files;
}

}  // namespace hotspot::nearrepeat
