#include "engine/hotspots/writers.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/density/kernel.hpp"
#include "engine/hotspots/selection.hpp"

namespace hotspot::hotspots {

namespace {

double round_to(double value, double step) { return std::round(value / step) * step; }

// An outline traced on the grid (analysis CRS) as lon/lat polygons for GeoJSON.
MultiPolygon to_lonlat(const AreaShape& shape, CoordinateTransform& transform) {
  MultiPolygon polygons;
  for (const PolygonRings& part : shape) {
    Polygon polygon;
    for (size_t r = 0; r < part.rings.size(); ++r) {
      Ring ring;
      for (const auto& p : part.rings[r]) ring.push_back(Point(p[0], p[1]));
      if (r == 0)
        polygon.outer() = std::move(ring);
      else
        polygon.inners().push_back(std::move(ring));
    }
    polygons.push_back(std::move(polygon));
  }
  return to_wgs84(polygons, transform);
}

std::string ward_codes(const HotspotArea& area, const WardSet& wards) {
  std::string text;  // codes never hold commas: joined with "," per the contract
  for (const auto& [ward, count] : area.wards)
    text += (text.empty() ? "" : ",") + wards.code[static_cast<size_t>(ward)];
  return text;
}

std::string names_joined(const std::vector<std::string>& names, size_t most) {
  std::string text;
  for (size_t k = 0; k < names.size() && k < most; ++k) text += (k ? "; " : "") + names[k];
  if (names.size() > most) text += " (+" + std::to_string(names.size() - most) + " more)";
  return text;
}

nlohmann::ordered_json number_or_null(double value, double step) {
  return std::isfinite(value) ? nlohmann::ordered_json(round_to(value, step))
                              : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string streets_text(const HotspotArea& area, const std::vector<std::string>& street_names,
                         size_t most) {
  std::vector<std::string> names;
  for (const auto& [street, count] : area.streets) names.push_back(street_names[street]);
  return names_joined(names, most);
}

std::string wards_text(const HotspotArea& area, const WardSet& wards, size_t most) {
  std::vector<std::string> names;
  for (const auto& [ward, count] : area.wards)
    names.push_back(wards.name[static_cast<size_t>(ward)]);
  return names_joined(names, most);
}

std::string when_text(const HotspotArea& area) {
  return area.when ? describe_window(*area.when) : "";
}

std::string change_text(const HotspotArea& area) {
  return area.change ? profile::describe_change(*area.change) : "";
}

CoordinateTransform& HotspotWriteContext::to_lonlat() const {
  if (!transform_) transform_ = std::make_shared<CoordinateTransform>(analysis_crs, "EPSG:4326");
  return *transform_;
}

nlohmann::ordered_json area_properties(const LayerResult& result, const HotspotArea& area,
                                       const HotspotWriteContext& context) {
  double lon = area.centre_x, lat = area.centre_y;
  context.to_lonlat().transform(&lon, &lat, 1);
  nlohmann::ordered_json p;
  p["id"] = area.id;
  p["layer"] = result.layer.name;
  p["layer_title"] = result.title;
  p["rank"] = area.rank;
  p["incidents"] = area.incidents;
  p["share"] = round_to(area.share, 1e-4);
  p["area_km2"] = round_to(area.area_km2, 1e-4);
  p["pai"] = round_to(area.pai, 1e-2);
  p["expected"] = round_to(area.expected, 1e-3);
  p["streets"] = streets_text(area, context.street_names, 5);
  p["wards"] = wards_text(area, context.wards, 5);
  p["ward_codes"] = ward_codes(area, context.wards);
  p["centre_lon"] = round_to(lon, 1e-6);
  p["centre_lat"] = round_to(lat, 1e-6);
  p["when"] = when_text(area);
  p["change"] = change_text(area);
  if (area.change) {
    p["change_ratio"] = number_or_null(area.change->rate_ratio, 1e-3);
    p["change_p"] = number_or_null(area.change->p_value, 1e-4);
  }
  p["significant"] = area.significant;
  p["gi_confidence"] = area.gi_confidence;
  p["hours_note"] = result.hours_note;
  return p;
}

void write_hotspots_geojson(const std::vector<LayerResult>& results,
                            const HotspotWriteContext& context, const std::string& path) {
  GeoJsonWriter writer("hotspots");
  for (const LayerResult& result : results)
    for (const HotspotArea& area : result.areas)
      writer.add(area_properties(result, area, context),
                 to_lonlat(area.shape, context.to_lonlat()));
  writer.write(path);
}

void write_hotspots_csv(const std::vector<LayerResult>& results, const HotspotWriteContext& context,
                        const std::string& path) {
  std::string text =
      std::string(kCsvByteOrderMark) +
      "layer,rank,id,streets,wards,ward_codes,incidents,share,area_km2,pai,expected_per_month,when,"
      "change,"
      "change_ratio,change_low,change_high,change_p,significant,gi_confidence,centre_lon,centre_"
      "lat,method,"
      "hours_note\r\n";
  char numbers[512];
  for (const LayerResult& result : results)
    for (const HotspotArea& area : result.areas) {
      double lon = area.centre_x, lat = area.centre_y;
      context.to_lonlat().transform(&lon, &lat, 1);
      auto ratio = [&](double value) {
        return area.change && std::isfinite(value) ? std::to_string(round_to(value, 1e-3))
                                                   : std::string();
      };
      text += result.layer.name + "," + std::to_string(area.rank) + "," + area.id + "," +
              csv_field(streets_text(area, context.street_names, 10)) + "," +
              csv_field(wards_text(area, context.wards, 10)) + "," +
              csv_field(ward_codes(area, context.wards)) + ",";
      std::snprintf(numbers, sizeof numbers, "%lld,%.4f,%.4f,%.2f,%.3f,",
                    static_cast<long long>(area.incidents), area.share, area.area_km2, area.pai,
                    area.expected);
      text += numbers + csv_field(when_text(area)) + "," + csv_field(change_text(area)) + ",";
      text += (area.change ? ratio(area.change->rate_ratio) : "") + "," +
              (area.change ? ratio(area.change->ratio_low) : "") + "," +
              (area.change ? ratio(area.change->ratio_high) : "") + "," +
              (area.change ? std::to_string(round_to(area.change->p_value, 1e-4)) : "") + ",";
      std::snprintf(numbers, sizeof numbers, "%s,%d,%.6f,%.6f,", area.significant ? "yes" : "no",
                    area.gi_confidence, lon, lat);
      text += numbers + csv_field(result.summary.method.name()) + "," +
              csv_field(result.hours_note) + "\r\n";
    }
  write_file_atomically(path, text);
}

void write_hotspot_hours_csv(const std::vector<LayerResult>& results, const std::string& path) {
  static const char* const kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
  std::string text = "layer,id,rank,weekday,hour,incidents\r\n";
  // Only the hours with incidents: a pivot table sums the same, and a national run's 80,000
  // areas × 168 hours (14 million rows, mostly zeros) would be past what Excel opens.
  for (const LayerResult& result : results)
    for (const HotspotArea& area : result.areas)
      for (size_t day = 0; day < 7 && area.timed > 0; ++day)
        for (size_t hour = 0; hour < 24; ++hour)
          if (const int64_t incidents = area.hour_by_weekday[day][hour]; incidents > 0)
            text += result.layer.name + "," + area.id + "," + std::to_string(area.rank) + "," +
                    kDays[day] + "," + std::to_string(hour) + "," + std::to_string(incidents) +
                    "\r\n";
  write_file_atomically(path, std::string(kCsvByteOrderMark) + text);
}

nlohmann::json layer_summary_json(const LayerSummary& s) {
  const LayerDefinition& layer = s.layer;
  nlohmann::json j;
  j["name"] = layer.name;
  j["title"] = s.title;
  j["categories"] = layer.categories;
  j["hours"] = layer.hours ? nlohmann::json::array({layer.hours->first, layer.hours->second})
                           : nlohmann::json();
  j["incidents"] =
      s.incidents >= 0 ? nlohmann::json(s.incidents) : nlohmann::json();  // null: withheld
  j["untimed_records"] =
      s.untimed_records >= 0 ? nlohmann::json(s.untimed_records) : nlohmann::json();
  j["untimed_left_out"] =
      s.untimed_left_out >= 0 ? nlohmann::json(s.untimed_left_out) : nlohmann::json();
  j["hours_note"] = s.hours_note;
  j["cell_size_m"] = std::round(s.grid.cell_size_m * 100) / 100;
  j["cell_size_rule"] = s.cell_size_rule;
  j["grid"] = {{"columns", s.grid.columns},
               {"rows", s.grid.rows},
               {"xmin", s.grid.xmin},
               {"ymin", s.grid.ymin}};
  j["method"] = {
      {"name", s.method.name()}, {"slug", s.method.slug()}, {"how_chosen", s.method_rule}};
  if (s.backtest.ran) {
    nlohmann::json table = nlohmann::json::array();
    for (size_t k = 0; k < s.backtest.scores.size(); ++k) {
      const MethodScore& score = s.backtest.scores[k];
      const auto rri = score.rri();
      table.push_back({{"method", score.method.name()},
                       {"slug", score.method.slug()},
                       {"reference", score.reference},
                       {"chosen", k == s.backtest.chosen},
                       {"pai", round_to(score.pai(), 1e-3)},
                       {"rri", rri ? nlohmann::json(round_to(*rri, 1e-3)) : nlohmann::json()},
                       {"area_share", round_to(score.area_share(), 1e-5)},
                       {"captured", score.captured},
                       {"test_incidents", score.test_total}});
    }
    nlohmann::json origins = nlohmann::json::array();
    for (const BacktestOrigin& origin : s.backtest.origins)
      origins.push_back(
          {{"fit", month_label(origin.fit.from_month) + ":" + month_label(origin.fit.to_month)},
           {"test", month_label(origin.test_month)}});
    j["backtest"] = {{"origins", origins}, {"methods", table}};
  }
  j["area_budget"] = s.budget;
  j["areas_share"] = round_to(s.areas_share, 1e-5);
  j["areas_km2"] = round_to(s.areas_km2, 1e-3);
  j["patrol_areas"] = {{"link_distance_m", s.patrol.link_distance_m},
                       {"max_area_km2", s.patrol.max_area_km2},
                       {"min_cells", s.patrol.min_cells}};
  j["harm_weighted"] = s.harm_weighted;
  j["change_basis"] = s.change_basis;
  j["when"] = s.when ? nlohmann::json(describe_window(*s.when)) : nlohmann::json();
  j["density_map"] = {{"kernel", density::kernel_name(s.kernel)},
                      {"bandwidth_m", std::round(s.bandwidth_m * 100) / 100},
                      {"bandwidth_rule", s.bandwidth_rule},
                      {"edge_correction", s.edge_correction},
                      {"units", "incidents per km²"},
                      {"tif", "density/" + layer.name + ".tif"}};
  if (s.truncation_error) j["density_map"]["truncation_error"] = *s.truncation_error;
  j["gi"] = {{"distance_cells", s.gi.distance_cells},
             {"cells_tested", s.gi.cells_tested},
             {"fdr", s.gi.fdr},
             {"hot_cells_95", s.gi.hot_cells_95},
             {"cold_cells_95", s.gi.cold_cells_95}};
  j["hotspot_areas"] = s.hotspot_areas;
  j["significant_areas"] = s.significant_areas;
  j["notes"] = s.notes;
  return j;
}

std::vector<std::pair<std::string, std::string>> density_metadata(const LayerSummary& s) {
  std::vector<std::pair<std::string, std::string>> items = {
      {"LAYER", s.layer.name},
      {"KERNEL", density::kernel_name(s.kernel)},
      {"BANDWIDTH_M", std::to_string(std::round(s.bandwidth_m * 100) / 100)},
      {"BANDWIDTH_RULE", s.bandwidth_rule},
      {"CELL_SIZE_M", std::to_string(std::round(s.grid.cell_size_m * 100) / 100)},
      {"CELL_SIZE_RULE", s.cell_size_rule},
      {"EDGE_CORRECTION", s.edge_correction ? "yes" : "no"},
      {"INCIDENTS", s.incidents >= 0 ? std::to_string(s.incidents) : "withheld (public)"},
      {"HOURS_NOTE", s.hours_note},
      {"GENERATED_BY", "hotspot"}};
  if (s.truncation_error)
    items.emplace_back("TRUNCATION_ERROR", std::to_string(*s.truncation_error));
  return items;
}

}  // namespace hotspot::hotspots
