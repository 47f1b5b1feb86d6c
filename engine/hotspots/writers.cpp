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

std::string joined(const std::vector<int32_t>& wards, const std::vector<std::string>& names) {
  std::string text;
  for (int32_t w : wards) text += (text.empty() ? "" : ", ") + names[static_cast<size_t>(w)];
  return text;
}

// Ward names already hold commas sometimes; codes never do. Join codes with "," per the contract.
std::string joined_codes(const std::vector<int32_t>& wards, const std::vector<std::string>& codes) {
  std::string text;
  for (int32_t w : wards) text += (text.empty() ? "" : ",") + codes[static_cast<size_t>(w)];
  return text;
}

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

std::string hour_table_json(const HotspotArea& area) {
  if (!area.has_times) return "";
  nlohmann::json table = nlohmann::json::array();
  for (const auto& day : area.hour_by_weekday) table.push_back(day);
  return table.dump();
}

}  // namespace

nlohmann::ordered_json area_properties(const LayerResult& result, const HotspotArea& area,
                                       const WardSet& wards) {
  nlohmann::ordered_json p;
  p["id"] = area.id;
  p["layer"] = result.layer.name;
  p["layer_title"] = result.layer.title;
  p["class"] = area.class_level;
  p["class_label"] = result.class_labels[static_cast<size_t>(area.class_level - 1)];
  p["rank"] = area.rank;
  p["incidents"] = area.incidents;
  p["share"] = round_to(area.share, 1e-4);
  p["area_km2"] = round_to(area.area_km2, 1e-4);
  p["pai"] = round_to(area.pai, 1e-2);
  p["peak_density"] = round_to(area.peak_density_per_km2, 1e-2);
  p["significant"] = area.significant;
  p["gi_confidence"] = area.gi_confidence;
  p["ward_names"] = joined(area.wards, wards.name);
  p["ward_codes"] = joined_codes(area.wards, wards.code);
  p["hour_by_weekday"] = hour_table_json(area);
  if (area.trend_last28) {
    p["trend_last28"] = *area.trend_last28;
    p["trend_previous28"] = *area.trend_previous28;
  }
  p["hours_note"] = result.hours_note;
  return p;
}

void write_hotspots_geojson(const std::vector<LayerResult>& results, const WardSet& wards,
                            const std::string& analysis_crs, const std::string& path) {
  CoordinateTransform transform(analysis_crs, "EPSG:4326");
  GeoJsonWriter writer;
  for (const LayerResult& result : results)
    for (const HotspotArea& area : result.areas)
      writer.add(area_properties(result, area, wards), to_lonlat(area.shape, transform));
  writer.write(path);
}

void write_hotspots_csv(const std::vector<LayerResult>& results, const WardSet& wards,
                        const std::string& analysis_crs, const std::string& path) {
  CoordinateTransform transform(analysis_crs, "EPSG:4326");
  std::string text =
      "layer,rank,id,class,class_label,incidents,share,area_km2,pai,peak_density,significant,gi_"
      "confidence,"
      "ward_codes,ward_names,trend_last28,trend_previous28,centre_lon,centre_lat,hours_note\n";
  char line[512];
  for (const LayerResult& result : results)
    for (const HotspotArea& area : result.areas) {
      // Centre: the mean of the area's cell centres (always inside or beside the area).
      double cx = 0, cy = 0;
      for (uint32_t cell : area.cells) {
        cx += result.spec.centre_x(
            static_cast<int32_t>(cell % static_cast<uint32_t>(result.spec.columns)));
        cy += result.spec.centre_y(
            static_cast<int32_t>(cell / static_cast<uint32_t>(result.spec.columns)));
      }
      cx /= double(area.cells.size());
      cy /= double(area.cells.size());
      transform.transform(&cx, &cy, 1);
      const std::string trend_last = area.trend_last28 ? std::to_string(*area.trend_last28) : "";
      const std::string trend_previous =
          area.trend_previous28 ? std::to_string(*area.trend_previous28) : "";
      std::snprintf(
          line, sizeof line, "%s,%d,%s,%d,%s,%lld,%.4f,%.4f,%.2f,%.2f,%s,%d,",
          result.layer.name.c_str(), area.rank, area.id.c_str(), area.class_level,
          csv_field(result.class_labels[static_cast<size_t>(area.class_level - 1)]).c_str(),
          static_cast<long long>(area.incidents), area.share, area.area_km2, area.pai,
          area.peak_density_per_km2, area.significant ? "yes" : "no", area.gi_confidence);
      text += line;
      text += csv_field(joined_codes(area.wards, wards.code)) + "," +
              csv_field(joined(area.wards, wards.name)) + ",";
      std::snprintf(line, sizeof line, "%s,%s,%.6f,%.6f,", trend_last.c_str(),
                    trend_previous.c_str(), cx, cy);
      text += line + csv_field(result.hours_note) + "\n";
    }
  write_file_atomically(path, text);
}

void write_briefing(const std::vector<LayerResult>& results, const WardSet& wards,
                    const DisclosurePolicy& disclosure, const std::string& path) {
  std::string text = "# Hotspot briefing\n\n";
  text +=
      "Hotspot areas are contiguous grid cells whose kernel density reaches class 1 or above; they "
      "are ranked "
      "hottest class first, then by incidents inside. PAI = share of incidents / share of the "
      "study area. "
      "Significant = at least one cell is a Gi* hot spot after false discovery rate control.\n";
  if (disclosure.public_output)
    text += "\nPublic version: areas with few incidents are left out.\n";
  char line[512];
  for (const LayerResult& result : results) {
    text += "\n## " + result.layer.title + "\n\n";
    const LayerSummary& s = result.summary;
    std::snprintf(
        line, sizeof line,
        "%s incidents; %s kernel, bandwidth %.0f m (%s), cells %.0f m (%s); classes: %s.\n",
        (s.incidents >= 0 ? with_thousands(s.incidents)
                          : "Fewer than " + std::to_string(disclosure.minimum_count))
            .c_str(),
        density::kernel_name(s.kernel).c_str(), std::round(s.bandwidth_m * 100) / 100,
        s.bandwidth_rule.c_str(), std::round(s.grid.cell_size_m * 100) / 100,
        s.cell_size_rule.c_str(), s.thresholds.description.c_str());
    text += line;
    if (!result.hours_note.empty()) text += "\n**Note:** this layer " + result.hours_note + ".\n";
    for (const std::string& note : s.notes) text += "\n**Note:** " + note + "\n";
    if (result.areas.empty()) {
      text += "\nNo hotspot areas.\n";
      continue;
    }
    text +=
        "\n| rank | class | wards | incidents | share | area km² | PAI | significant | last 28 d / "
        "previous 28 d |\n";
    text += "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (size_t k = 0; k < std::min<size_t>(10, result.areas.size()); ++k) {
      const HotspotArea& a = result.areas[k];
      // A tasking table stays readable: the first few wards, then how many more.
      std::vector<int32_t> first_wards(a.wards.begin(),
                                       a.wards.begin() + std::min<ptrdiff_t>(5, ssize(a.wards)));
      std::string ward_text = joined(first_wards, wards.name);
      if (a.wards.size() > first_wards.size())
        ward_text += " +" + std::to_string(a.wards.size() - first_wards.size()) + " more";
      const std::string trend = a.trend_last28 ? std::to_string(*a.trend_last28) + " / " +
                                                     std::to_string(*a.trend_previous28)
                                               : "–";
      const std::string significance = a.significant ? std::to_string(a.gi_confidence) + "%" : "no";
      std::snprintf(line, sizeof line, " | %lld | %.1f%% | %.2f | %.1f | ",
                    static_cast<long long>(a.incidents), 100 * a.share, a.area_km2, a.pai);
      text += "| " + std::to_string(a.rank) + " | " + std::to_string(a.class_level) + " | " +
              ward_text + line + significance + " | " + trend + " |\n";
    }
    if (result.areas.size() > 10)
      text += "\n… and " + std::to_string(result.areas.size() - 10) + " more in hotspots.csv.\n";
  }
  write_file_atomically(path, text);
}

nlohmann::json layer_summary_json(const LayerSummary& s) {
  const LayerDefinition& layer = s.layer;
  nlohmann::json j;
  j["name"] = layer.name;
  j["title"] = layer.title;
  j["categories"] = layer.categories;
  j["hours"] = layer.hours ? nlohmann::json::array({layer.hours->first, layer.hours->second})
                           : nlohmann::json();
  j["incidents"] =
      s.incidents >= 0 ? nlohmann::json(s.incidents) : nlohmann::json();  // null: withheld
  j["untimed_records"] =
      s.untimed_records >= 0 ? nlohmann::json(s.untimed_records) : nlohmann::json();
  j["hours_note"] = s.hours_note;
  j["kernel"] = density::kernel_name(s.kernel);
  j["bandwidth_m"] = std::round(s.bandwidth_m * 100) / 100;
  j["bandwidth_rule"] = s.bandwidth_rule;
  j["cell_size_m"] = std::round(s.grid.cell_size_m * 100) / 100;
  j["cell_size_rule"] = s.cell_size_rule;
  j["grid"] = {{"columns", s.grid.columns},
               {"rows", s.grid.rows},
               {"xmin", s.grid.xmin},
               {"ymin", s.grid.ymin}};
  j["units"] = "incidents per km²";
  j["edge_correction"] = s.edge_correction;
  if (s.truncation_error) j["truncation_error"] = *s.truncation_error;
  j["density_tif"] = "density/" + layer.name + ".tif";
  j["notes"] = s.notes;
  if (!s.bandwidth_search.empty()) {
    j["bandwidth_search"] = nlohmann::json::array();
    for (const auto& [h, score] : s.bandwidth_search)
      j["bandwidth_search"].push_back({{"bandwidth_m", h}, {"mean_log_likelihood", score}});
  }
  const Thresholds& t = s.thresholds;
  j["thresholds"] = {
      {"rule", threshold_rule_name(s.threshold_rule)},
      {"description", t.description},
      {"levels", s.levels},
      {"density_per_km2", {t.density_per_km2[0], t.density_per_km2[1], t.density_per_km2[2]}},
      {"mean_nonzero", t.mean_nonzero},
      {"sd_nonzero", t.sd_nonzero}};
  j["gi"] = {{"distance_cells", s.gi.distance_cells},
             {"cells_tested", s.gi.cells_tested},
             {"fdr", s.gi.fdr},
             {"hot_cells_95", s.gi.hot_cells_95},
             {"cold_cells_95", s.gi.cold_cells_95}};
  j["hotspot_areas"] = s.hotspot_areas;
  j["significant_areas"] = s.significant_areas;
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
