#include "engine/output/ward_outputs.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/core/month.hpp"

namespace hotspot::output {

using nlohmann::ordered_json;

namespace {

ordered_json number_or_null(double value) {
  return std::isnan(value) ? ordered_json(nullptr) : ordered_json(value);
}

double rounded(double value, int decimals) {
  if (std::isnan(value)) return value;
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

double rate_per_1000(int64_t count, double population) {
  return population > 0 ? 1000.0 * static_cast<double>(count) / population : NAN;
}

ordered_json count_or_null(int64_t count, const DisclosurePolicy& disclosure) {
  return disclosure.withholds(count) ? ordered_json(nullptr) : ordered_json(count);
}

ordered_json stats_json(const profile::Stats& stats, const DisclosurePolicy& disclosure) {
  if (disclosure.withholds(stats.count))
    return ordered_json{
        {"count", nullptr},          {"rate_per_1000", nullptr},
        {"share_of_area", nullptr},  {"rank", stats.rank},
        {"rate_ratio", nullptr},     {"ratio_low", nullptr},
        {"ratio_high", nullptr},     {"comparison", profile::to_string(stats.comparison)},
        {"previous_count", nullptr}, {"change_percent", nullptr},
        {"withheld", true}};
  return ordered_json{
      {"count", stats.count},
      {"rate_per_1000", number_or_null(rounded(stats.rate_per_1000, 3))},
      {"share_of_area", rounded(stats.share_of_area, 5)},
      {"rank", stats.rank},
      {"rate_ratio", number_or_null(rounded(stats.rate_ratio, 4))},
      {"ratio_low", number_or_null(rounded(stats.ratio_low, 4))},
      {"ratio_high", number_or_null(rounded(stats.ratio_high, 4))},
      {"comparison", profile::to_string(stats.comparison)},
      {"previous_count", stats.previous_count < 0 || disclosure.withholds(stats.previous_count)
                             ? ordered_json(nullptr)
                             : ordered_json(stats.previous_count)},
      {"change_percent", disclosure.withholds(stats.previous_count)
                             ? ordered_json(nullptr)
                             : number_or_null(rounded(stats.change_percent, 2))}};
}

}  // namespace

ordered_json ward_columns(const WardOutputContext& context, size_t w) {
  const profile::AreaProfile& area = context.profile;
  const profile::WardProfile& ward = area.wards[w];
  const double population = context.wards.population[w];
  ordered_json row;
  row["ward_code"] = context.wards.code[w];
  row["ward_name"] = context.wards.name[w];
  row["population"] =
      std::isnan(population) ? ordered_json(nullptr) : ordered_json(std::llround(population));
  const DisclosurePolicy& disclosure = context.disclosure;
  auto rate_unless_withheld = [&](int64_t count, double rate) {
    return disclosure.withholds(count) ? ordered_json(nullptr) : number_or_null(rounded(rate, 3));
  };
  row["total"] = count_or_null(ward.total.count, disclosure);
  row["total_rate"] = rate_unless_withheld(ward.total.count, ward.total.rate_per_1000);
  for (size_t c = 0; c < area.categories.size(); ++c)
    row[area.categories[c]] = count_or_null(ward.by_category[c].count, disclosure);
  for (size_t c = 0; c < area.categories.size(); ++c)
    row[area.categories[c] + "_rate"] =
        rate_unless_withheld(ward.by_category[c].count, ward.by_category[c].rate_per_1000);
  const LayerCounts& layers = context.layer_counts;
  for (size_t l = 0; l < layers.layers.size(); ++l) {
    const int64_t count = layers.by_ward[l][w];
    row[layers.layers[l].name] = count_or_null(count, disclosure);
    row[layers.layers[l].name + "_rate"] =
        rate_unless_withheld(count, rate_per_1000(count, population));
  }
  row["comparison"] = profile::to_string(ward.total.comparison);
  row["rate_ratio"] = number_or_null(rounded(ward.total.rate_ratio, 4));
  row["ratio_low"] = number_or_null(rounded(ward.total.ratio_low, 4));
  row["ratio_high"] = number_or_null(rounded(ward.total.ratio_high, 4));
  row["previous_total"] = ward.total.previous_count < 0
                              ? ordered_json(nullptr)
                              : count_or_null(ward.total.previous_count, disclosure);
  row["change_percent"] = number_or_null(rounded(ward.total.change_percent, 2));
  row["priority"] = ward.priority;
  row["priority_rank"] = ward.priority_rank;
  return row;
}

std::vector<MultiPolygon> wards_in_wgs84(const WardSet& wards, const std::string& analysis_crs) {
  CoordinateTransform to_lonlat(analysis_crs, "EPSG:4326");
  std::vector<MultiPolygon> shapes;
  shapes.reserve(wards.size());
  for (const MultiPolygon& shape : wards.shape) shapes.push_back(to_wgs84(shape, to_lonlat));
  return shapes;
}

void write_wards_geojson(const WardOutputContext& context, const std::string& path) {
  const std::vector<MultiPolygon> shapes = wards_in_wgs84(context.wards, context.analysis_crs);
  GeoJsonWriter writer("wards");
  for (size_t w = 0; w < context.wards.size(); ++w)
    writer.add(without_nulls(ward_columns(context, w)), shapes[w]);
  writer.write(path);
}

void write_wards_csv(const WardOutputContext& context, const std::string& path) {
  std::string out;
  for (size_t w = 0; w < context.wards.size(); ++w) {
    const ordered_json row = ward_columns(context, w);
    if (w == 0) {
      bool first = true;
      for (const auto& item : row.items()) {
        out += first ? "" : ",";
        out += csv_field(item.key());
        first = false;
      }
      out += "\r\n";
    }
    bool first = true;
    for (const auto& item : row.items()) {
      out += first ? "" : ",";
      first = false;
      const auto& value = item.value();
      if (value.is_null()) continue;
      if (value.is_string())
        out += csv_field(value.get<std::string>());
      else if (value.is_boolean())
        out += value.get<bool>() ? "true" : "false";
      else
        out += value.dump();
    }
    out += "\r\n";
  }
  write_file_atomically(path, out);
}

void write_wards_json(const WardOutputContext& context, const std::string& path) {
  const profile::AreaProfile& area = context.profile;
  ordered_json document;
  document["title"] = context.title;
  document["generated_by"] = std::string("hotspot ") + HOTSPOT_VERSION;
  document["period"] = {{"from", month_label(area.from_month)}, {"to", month_label(area.to_month)}};
  const int32_t length = area.to_month - area.from_month + 1;
  document["previous_period"] = area.has_previous_period
                                    ? ordered_json{{"from", month_label(area.from_month - length)},
                                                   {"to", month_label(area.from_month - 1)}}
                                    : ordered_json(nullptr);
  ordered_json months = ordered_json::array();
  for (int32_t m = area.from_month; m <= area.to_month; ++m) months.push_back(month_label(m));
  document["months"] = months;
  ordered_json categories = ordered_json::array();
  for (const auto& slug : area.categories)
    categories.push_back({{"slug", slug}, {"title", category_title(slug)}});
  document["categories"] = categories;
  ordered_json layers = ordered_json::array();
  for (const auto& layer : context.layer_counts.layers)
    layers.push_back({{"name", layer.name},
                      {"title", layer.title},
                      {"categories", layer.categories},
                      {"hours", layer.hours ? ordered_json{layer.hours->first, layer.hours->second}
                                            : ordered_json(nullptr)}});
  document["layers"] = layers;
  document["has_population"] = area.has_population;
  document["population_note"] = area.population_note;
  const DisclosurePolicy& disclosure = context.disclosure;
  document["public"] = disclosure.public_output;
  document["minimum_count"] = disclosure.public_output ? disclosure.minimum_count : 0;
  ordered_json counts, rates;
  for (size_t c = 0; c < area.categories.size(); ++c) {
    counts[area.categories[c]] = count_or_null(area.count_by_category[c], disclosure);
    rates[area.categories[c]] = number_or_null(rounded(area.rate_by_category[c], 3));
  }
  document["area"] = {{"population", number_or_null(area.population)},
                      {"total", area.total},
                      {"total_rate", number_or_null(rounded(area.rate_total, 3))},
                      {"counts", counts},
                      {"rates", rates},
                      {"monthly", area.monthly}};
  const std::vector<MultiPolygon> shapes = wards_in_wgs84(context.wards, context.analysis_crs);
  ordered_json wards = ordered_json::array();
  for (size_t w = 0; w < context.wards.size(); ++w) {
    const profile::WardProfile& ward = area.wards[w];
    Box box;
    bg::envelope(shapes[w], box);
    Point centroid(0, 0);
    bg::centroid(shapes[w], centroid);
    ordered_json by_category, mix;
    for (size_t c = 0; c < area.categories.size(); ++c) {
      by_category[area.categories[c]] = stats_json(ward.by_category[c], disclosure);
      mix[area.categories[c]] = disclosure.withholds(ward.by_category[c].count)
                                    ? ordered_json(nullptr)
                                    : ordered_json(rounded(ward.mix[c], 5));
    }
    ordered_json grid = nullptr;
    if (ward.timed_count > 0 && disclosure.shows_hour_tables()) {
      grid = ordered_json::array();
      for (int day = 0; day < 7; ++day)
        grid.push_back(std::vector<int64_t>(ward.hour_by_weekday.begin() + day * 24,
                                            ward.hour_by_weekday.begin() + day * 24 + 24));
    }
    ordered_json entry;
    entry["code"] = context.wards.code[w];
    entry["name"] = context.wards.name[w];
    entry["population"] = number_or_null(context.wards.population[w]);
    entry["bbox"] = {rounded(box.min_corner().x(), 6), rounded(box.min_corner().y(), 6),
                     rounded(box.max_corner().x(), 6), rounded(box.max_corner().y(), 6)};
    entry["centroid"] = {rounded(centroid.x(), 6), rounded(centroid.y(), 6)};
    entry["total"] = stats_json(ward.total, disclosure);
    entry["categories"] = by_category;
    entry["mix"] = mix;
    ordered_json monthly = ordered_json::array();
    for (int64_t count : ward.monthly) monthly.push_back(count_or_null(count, disclosure));
    entry["monthly"] = monthly;
    entry["hour_by_weekday"] = grid;
    entry["timed_count"] = ward.timed_count;
    entry["priority"] = ward.priority;
    entry["priority_rank"] = ward.priority_rank;
    wards.push_back(entry);
  }
  document["wards"] = wards;
  ordered_json priority = ordered_json::array();
  for (int32_t w : area.priority_order)
    priority.push_back(context.wards.code[static_cast<size_t>(w)]);
  document["priority_wards"] = priority;
  write_file_atomically(path, document.dump() + "\n");
}

}  // namespace hotspot::output
