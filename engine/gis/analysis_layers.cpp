#include "engine/gis/analysis_layers.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "engine/core/categories.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/gis/ogr_geometry.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/output/ward_publication.hpp"

namespace hotspot::gis {

using nlohmann::ordered_json;

namespace {

// The viewer's palettes (viewer/page/classes.mjs), so QGIS shows what the viewer shows.
const std::vector<std::string> kRateColours = {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20",
                                               "#bd0026"};
const std::vector<std::string> kCountColours = {"#ffffd4", "#fed98e", "#fe9929", "#d95f0e",
                                                "#993404"};
const std::vector<std::string> kLayerHues = {"#0072B2", "#009E73", "#CC79A7", "#000000",
                                             "#56B4E9", "#E69F00", "#D55E00"};

// Colours for `classes` classes spread over the ramp (classes.mjs coloursFor).
std::vector<std::string> colours_for(size_t classes, const std::vector<std::string>& ramp) {
  if (classes == 0) return {};
  if (classes == 1) return {ramp.back()};
  std::vector<std::string> colours;
  for (size_t k = 0; k < classes; ++k)
    colours.push_back(ramp[static_cast<size_t>(
        std::lround(double(k) * double(ramp.size() - 1) / double(classes - 1)))]);
  return colours;
}

// One type per column over every row, so no column mixes types: text wins over numbers, a real
// over an integer; a column with no value at all is real (a rate left empty).
std::vector<FieldSpec> fields_of(const std::vector<ordered_json>& rows) {
  std::vector<FieldSpec> fields;
  std::map<std::string, size_t> position;
  for (const ordered_json& row : rows)
    for (const auto& item : row.items())
      if (position.emplace(item.key(), fields.size()).second)
        fields.push_back(FieldSpec{item.key(), FieldType::real});
  std::vector<uint8_t> seen_text(fields.size()), seen_real(fields.size()),
      seen_integer(fields.size()), seen_boolean(fields.size());
  for (const ordered_json& row : rows)
    for (const auto& item : row.items()) {
      const size_t k = position[item.key()];
      const ordered_json& value = item.value();
      if (value.is_string()) seen_text[k] = 1;
      if (value.is_number_float()) seen_real[k] = 1;
      if (value.is_number_integer()) seen_integer[k] = 1;
      if (value.is_boolean()) seen_boolean[k] = 1;
    }
  for (size_t k = 0; k < fields.size(); ++k)
    fields[k].type = seen_text[k]      ? FieldType::text
                     : seen_real[k]    ? FieldType::real
                     : seen_integer[k] ? FieldType::integer
                     : seen_boolean[k] ? FieldType::boolean
                                       : FieldType::real;
  return fields;
}

void set_fields(OGRFeature& feature, const ordered_json& row) {
  for (const auto& item : row.items()) {
    const int index = feature.GetFieldIndex(item.key().c_str());
    if (index < 0) continue;
    const ordered_json& value = item.value();
    if (value.is_null())
      feature.SetFieldNull(index);
    else if (value.is_string())
      feature.SetField(index, value.get_ref<const std::string&>().c_str());
    else if (value.is_boolean())
      feature.SetField(index, value.get<bool>() ? 1 : 0);
    else if (value.is_number_integer())
      feature.SetField(index, static_cast<GIntBig>(value.get<int64_t>()));
    else
      feature.SetField(index, value.get<double>());
  }
}

GisLayer ward_layer(const output::WardOutputContext& context, const std::string& geography) {
  auto rows = std::make_shared<std::vector<ordered_json>>();
  for (size_t w = 0; w < context.wards.size(); ++w)
    rows->push_back(output::ward_columns(context, w));
  GisLayer layer;
  layer.name = "wards";
  layer.title = context.title + ": " + geography + " profiles (counts; rates per 1,000 residents)";
  layer.geometry = GeometryKind::multipolygon;
  layer.fields = fields_of(*rows);
  // PostgreSQL takes at most 1,600 columns and SQLite 2,000: with thousands of offence names
  // the per-category columns stay in wards.csv and the table keeps the rest.
  constexpr size_t kMaxColumns = 1500;
  if (layer.fields.size() > kMaxColumns) {
    const std::vector<std::string>& categories = context.profile.categories;
    std::erase_if(layer.fields, [&](const FieldSpec& field) {
      const std::string base =
          field.name.ends_with("_rate") ? field.name.substr(0, field.name.size() - 5) : field.name;
      return std::find(categories.begin(), categories.end(), base) != categories.end();
    });
    layer.title += "; per-category columns are in wards.csv (too many for one table)";
  }
  layer.feature_count = rows->size();
  const WardSet& wards = context.wards;
  layer.fill = [rows, &wards](size_t w, OGRFeature& feature) {
    set_fields(feature, (*rows)[w]);
    feature.SetGeometryDirectly(to_ogr(wards.shape[w]).release());
  };
  // The viewer's choropleth: the total rate per 1,000 where there is population, else the count.
  const bool by_rate = context.profile.has_population;
  LayerStyle& style = layer.style;
  style.kind = LayerStyle::Kind::ward_choropleth;
  style.value_field = by_rate ? "total_rate" : "total";
  style.value_title = by_rate ? "Incidents per 1,000 residents" : "Incidents";
  std::vector<double> values;
  for (const ordered_json& row : *rows)
    if (row[style.value_field].is_number()) values.push_back(row[style.value_field].get<double>());
  style.breaks = quantile_breaks(values, 5);
  style.colours = colours_for(style.breaks.size(), by_rate ? kRateColours : kCountColours);
  return layer;
}

GisLayer hotspot_layer(const AnalysisLayerInputs& in) {
  const std::vector<hotspots::LayerResult>& results = in.hotspot_layers;
  const hotspots::HotspotWriteContext context{in.wards.wards,
                                              in.incidents.street_names,
                                              in.wards.analysis_crs,
                                              in.disclosure,
                                              in.wards.title,
                                              in.period,
                                              {},
                                              0,
                                              {}};
  // Each area's properties are held as CBOR until the GeoPackage (written beside the tiles,
  // where a national run's memory peaks) takes them: a JSON tree per area held 1.5 KB, 79 MB
  // for a national run's 51,000 areas. CBOR gives back the same values, keys in order.
  struct Row {
    std::vector<uint8_t> properties;
    const hotspots::AreaShape* shape;
  };
  auto rows = std::make_shared<std::vector<Row>>();
  std::vector<ordered_json> properties;
  for (const hotspots::LayerResult& result : results)
    for (const hotspots::HotspotArea& area : result.areas) {
      properties.push_back(hotspots::area_properties(result, area, context));
      rows->push_back(Row{ordered_json::to_cbor(properties.back()), &area.shape});
    }
  GisLayer layer;
  layer.name = "hotspots";
  layer.title = "Hotspot areas, ranked within each layer";
  layer.geometry = GeometryKind::multipolygon;
  layer.fields = fields_of(properties);
  if (layer.fields.empty())  // no areas: still the columns a layer always has
    layer.fields = {{"id", FieldType::text}, {"layer", FieldType::text}};
  layer.feature_count = rows->size();
  layer.fill = [rows](size_t k, OGRFeature& feature) {
    set_fields(feature, ordered_json::from_cbor((*rows)[k].properties));
    feature.SetGeometryDirectly(to_ogr(*(*rows)[k].shape).release());
  };
  LayerStyle& style = layer.style;
  style.kind = LayerStyle::Kind::hotspot_outlines;
  for (size_t l = 0; l < results.size(); ++l) {
    style.category_values.push_back(results[l].layer.name);
    style.category_titles.push_back(results[l].layer.title);
    style.category_colours.push_back(kLayerHues[l % kLayerHues.size()]);
  }
  return layer;
}

// The label ("2026-03") of every month the incidents fall in, each made once.
class MonthLabels {
 public:
  explicit MonthLabels(const IncidentTable& incidents) {
    int32_t last = std::numeric_limits<int32_t>::min();
    for (const int64_t t : incidents.local_time_s) {
      const int32_t month = civil_time::month_index(t);
      first_ = std::min(first_, month);
      last = std::max(last, month);
    }
    for (int32_t month = first_; month <= last; ++month) labels_.push_back(month_label(month));
  }
  std::string_view of(int32_t month) const {
    const auto at = static_cast<size_t>(int64_t{month} - first_);
    if (month < first_ || at >= labels_.size())
      throw std::logic_error("an incident's month is outside the incidents' months");
    return labels_[at];
  }

 private:
  int32_t first_ = std::numeric_limits<int32_t>::max();
  std::vector<std::string> labels_;
};

GisLayer incident_layer(const AnalysisLayerInputs& in) {
  const IncidentTable& incidents = in.incidents;
  const WardSet& wards = in.wards.wards;
  auto hotspot_ids = std::make_shared<HotspotIdsByIncident>(
      hotspot_ids_by_incident(incidents, in.hotspot_layers, in.period));
  GisLayer layer;
  layer.name = "incidents";
  layer.title = "Incidents (not for publication): category, time, ward and hotspot areas";
  layer.geometry = GeometryKind::point;
  if (!incidents.id.empty()) layer.fields.push_back({"id", FieldType::text});
  const std::vector<FieldSpec> rest = {
      {"category", FieldType::text},  {"month", FieldType::text},
      {"date", FieldType::date},      {"occurred_at", FieldType::datetime},
      {"x_m", FieldType::real},       {"y_m", FieldType::real},
      {"ward_code", FieldType::text}, {"hotspot_ids", FieldType::text}};
  layer.fields.insert(layer.fields.end(), rest.begin(), rest.end());
  layer.feature_count = incidents.size();
  const bool with_ids = !incidents.id.empty();
  // Each month's label made once (the writer keeps views into them, see RowValues::text).
  auto months = std::make_shared<MonthLabels>(incidents);
  layer.point_row = [&incidents, &wards, hotspot_ids, months, with_ids](size_t i,
                                                                        RowValues& values) {
    if (with_ids) {
      const std::string_view id = incidents.id[i];
      if (id.empty())
        values.null();
      else
        values.text(id);
    }
    values.text(incidents.category_slugs[incidents.category[i]]);
    const int64_t t = incidents.local_time_s[i];
    const int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    const civil_time::Date date = civil_time::civil_from_days(day);
    values.text(months->of(civil_time::month_index(date.year, date.month)));
    const TimePrecision precision = incidents.time_precision[i];
    const int year = static_cast<int>(date.year);
    const int month_number = static_cast<int>(date.month), day_number = static_cast<int>(date.day);
    if (precision == TimePrecision::month)
      values.null();
    else
      values.date(year, month_number, day_number);
    if (precision == TimePrecision::minute) {
      const int64_t seconds_of_day = t - day * 86400;
      // Local civil time (Europe/London unless configured): no zone, as the table holds it.
      values.datetime(year, month_number, day_number, static_cast<int>(seconds_of_day / 3600),
                      static_cast<int>(seconds_of_day / 60 % 60));
    } else {
      values.null();
    }
    values.real(incidents.x[i]);
    values.real(incidents.y[i]);
    const int32_t ward = incidents.ward.empty() ? kOutside : incidents.ward[i];
    if (ward == kOutside)
      values.null();
    else
      values.text(wards.code[static_cast<size_t>(ward)]);
    const std::string_view ids = hotspot_ids->of(i);
    if (ids.empty())
      values.null();
    else
      values.text(ids);
  };
  layer.point_at = [&incidents](size_t i, double& x, double& y) {
    x = incidents.x[i];
    y = incidents.y[i];
  };
  layer.fill = fill_from_point_rows(layer.point_row, layer.point_at, layer.fields);
  layer.style.kind = LayerStyle::Kind::incident_points;
  return layer;
}

}  // namespace

std::string table_name(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

std::vector<double> quantile_breaks(std::vector<double> values, int classes) {
  std::erase_if(values, [](double value) { return !std::isfinite(value); });
  std::sort(values.begin(), values.end());
  std::vector<double> breaks;
  if (values.empty()) return breaks;
  const auto n = static_cast<double>(values.size());
  for (int k = 1; k <= classes; ++k) {
    const auto index = std::min<size_t>(
        values.size() - 1,
        static_cast<size_t>(std::max(0.0, std::ceil(double(k) * n / double(classes)) - 1)));
    if (breaks.empty() || values[index] > breaks.back()) breaks.push_back(values[index]);
  }
  return breaks;
}

HotspotIdsByIncident hotspot_ids_by_incident(
    const IncidentTable& incidents, const std::vector<hotspots::LayerResult>& hotspot_layers,
    MonthRange period) {
  // Every (incident, area) pair, layer by layer; sorted by incident (stably, so each incident's
  // areas stay in layer order), then joined.
  struct Hit {
    size_t incident;
    const std::string* id;
  };
  std::vector<Hit> hits;
  for (const hotspots::LayerResult& result : hotspot_layers) {
    if (result.areas.empty()) continue;
    const GridSpec& spec = result.spec;
    // The areas' cells with their area, sorted by cell: the areas cover a few per cent of the
    // grid, so this is ~1 MB where a grid-sized lookup was 64 MB on a national run, made while
    // the tiles are at their peak. A cell in two areas keeps the later one, as the grid did.
    std::vector<std::pair<uint32_t, int32_t>> area_of_cell;
    for (size_t a = 0; a < result.areas.size(); ++a)
      for (uint32_t cell : result.areas[a].cells)
        area_of_cell.emplace_back(cell, static_cast<int32_t>(a));
    std::stable_sort(area_of_cell.begin(), area_of_cell.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto area_at = [&](size_t cell) -> int32_t {
      auto after =
          std::upper_bound(area_of_cell.begin(), area_of_cell.end(), cell,
                           [](size_t wanted, const auto& entry) { return wanted < entry.first; });
      return after != area_of_cell.begin() && std::prev(after)->first == cell
                 ? std::prev(after)->second
                 : -1;
    };
    const hotspots::LayerSelection selection =
        hotspots::select_layer(incidents, result.layer, period.from_month, period.to_month);
    for (size_t k = 0; k < selection.rows.size(); ++k) {
      // The cell rule of the hotspot stage: floor((x − xmin) / cell), rows from the south.
      const double column = std::floor((selection.x[k] - spec.xmin) / spec.cell_size_m);
      const double row = std::floor((selection.y[k] - spec.ymin) / spec.cell_size_m);
      if (!(column >= 0 && column < spec.columns && row >= 0 && row < spec.rows)) continue;
      const int32_t area =
          area_at(spec.index(static_cast<int32_t>(column), static_cast<int32_t>(row)));
      if (area < 0) continue;
      hits.push_back({selection.rows[k], &result.areas[static_cast<size_t>(area)].id});
    }
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.incident < b.incident; });
  HotspotIdsByIncident ids;
  ids.start.reserve(incidents.size() + 1);
  size_t next = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    ids.start.push_back(static_cast<uint32_t>(ids.text.size()));
    for (bool first = true; next < hits.size() && hits[next].incident == i; ++next, first = false)
      ids.text += (first ? "" : ",") + *hits[next].id;
    if (ids.text.size() > std::numeric_limits<uint32_t>::max())
      throw std::length_error("the incidents' hotspot ids pass 4 GB of text");
  }
  ids.start.push_back(static_cast<uint32_t>(ids.text.size()));
  return ids;
}

std::vector<GisLayer> analysis_layers(const AnalysisLayerInputs& inputs) {
  std::vector<GisLayer> layers;
  layers.push_back(ward_layer(inputs.wards, inputs.geography));
  layers.push_back(hotspot_layer(inputs));
  if (inputs.disclosure.shows_incident_records()) layers.push_back(incident_layer(inputs));
  // Cocooning zones and plan areas go here when they exist, each as one more GisLayer.
  return layers;
}

std::vector<GisRaster> density_rasters(const std::vector<hotspots::LayerResult>& layers,
                                       const std::string& out_dir) {
  std::vector<GisRaster> rasters;
  for (const hotspots::LayerResult& result : layers)
    rasters.push_back(GisRaster{table_name("density_" + result.layer.name),
                                result.layer.title + ": kernel density (incidents per km²)",
                                out_dir + "/density/" + result.layer.name + ".tif", 0});
  return rasters;
}

}  // namespace hotspot::gis
