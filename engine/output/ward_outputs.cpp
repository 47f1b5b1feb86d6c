#include "engine/output/ward_outputs.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/geojson_writer.hpp"
#include "engine/core/month.hpp"
#include "engine/output/ward_publication.hpp"

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

ordered_json count_if(int64_t count, bool shown) {
  return shown ? ordered_json(count) : ordered_json(nullptr);
}

// A ward's statistics for one column: everything built on a withheld count is withheld with it.
ordered_json stats_json(const profile::Stats& stats, bool shown, int rank, bool previous_shown) {
  if (!shown)
    return ordered_json{
        {"count", nullptr},          {"rate_per_1000", nullptr}, {"share_of_area", nullptr},
        {"rank", nullptr},           {"rate_ratio", nullptr},    {"ratio_low", nullptr},
        {"ratio_high", nullptr},     {"comparison", nullptr},    {"previous_count", nullptr},
        {"change_percent", nullptr}, {"withheld", true}};
  const bool previous = previous_shown && stats.previous_count >= 0;
  return ordered_json{
      {"count", stats.count},
      {"rate_per_1000", number_or_null(rounded(stats.rate_per_1000, 3))},
      {"share_of_area", rounded(stats.share_of_area, 5)},
      {"rank", rank},
      {"rate_ratio", number_or_null(rounded(stats.rate_ratio, 4))},
      {"ratio_low", number_or_null(rounded(stats.ratio_low, 4))},
      {"ratio_high", number_or_null(rounded(stats.ratio_high, 4))},
      {"comparison", profile::to_string(stats.comparison)},
      {"previous_count", previous ? ordered_json(stats.previous_count) : ordered_json(nullptr)},
      {"change_percent",
       previous ? number_or_null(rounded(stats.change_percent, 2)) : ordered_json(nullptr)}};
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
  const WardPublication& shown = context.shown;
  auto rate_if = [&](bool is_shown, double rate) {
    return is_shown ? number_or_null(rounded(rate, 3)) : ordered_json(nullptr);
  };
  const bool total_shown = shown.total_shown[w];
  row["total"] = count_if(ward.total.count, total_shown);
  row["total_rate"] = rate_if(total_shown, ward.total.rate_per_1000);
  for (size_t c = 0; c < area.categories.size(); ++c)
    row[area.categories[c]] = count_if(ward.by_category[c].count, shown.category(w, c));
  for (size_t c = 0; c < area.categories.size(); ++c)
    row[area.categories[c] + "_rate"] =
        rate_if(shown.category(w, c), ward.by_category[c].rate_per_1000);
  const LayerCounts& layers = context.layer_counts;
  for (size_t l = 0; l < layers.layers.size(); ++l) {
    const int64_t count = layers.by_ward[l][w];
    row[layers.layers[l].name] = count_if(count, shown.layer_shown[l][w]);
    row[layers.layers[l].name + "_rate"] =
        rate_if(shown.layer_shown[l][w], rate_per_1000(count, population));
  }
  row["comparison"] =
      total_shown ? ordered_json(profile::to_string(ward.total.comparison)) : ordered_json(nullptr);
  row["rate_ratio"] =
      total_shown ? number_or_null(rounded(ward.total.rate_ratio, 4)) : ordered_json(nullptr);
  row["ratio_low"] =
      total_shown ? number_or_null(rounded(ward.total.ratio_low, 4)) : ordered_json(nullptr);
  row["ratio_high"] =
      total_shown ? number_or_null(rounded(ward.total.ratio_high, 4)) : ordered_json(nullptr);
  const bool previous_shown = ward.total.previous_count >= 0 && shown.previous_total_shown[w];
  row["previous_total"] = count_if(ward.total.previous_count, previous_shown);
  row["change_percent"] = total_shown && previous_shown
                              ? number_or_null(rounded(ward.total.change_percent, 2))
                              : ordered_json(nullptr);
  row["priority"] = total_shown ? ordered_json(shown.priority_rank[w] > 0) : ordered_json(nullptr);
  row["priority_rank"] = shown.priority_rank[w];
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
  const WardPublication& shown = context.shown;
  document["public"] = disclosure.public_output;
  document["minimum_count"] = disclosure.public_output ? disclosure.minimum_count : 0;
  ordered_json counts, rates;
  for (size_t c = 0; c < area.categories.size(); ++c) {
    counts[area.categories[c]] = count_if(area.count_by_category[c], shown.area_category_shown[c]);
    rates[area.categories[c]] = shown.area_category_shown[c]
                                    ? number_or_null(rounded(area.rate_by_category[c], 3))
                                    : ordered_json(nullptr);
  }
  ordered_json area_monthly = ordered_json::array();
  for (size_t m = 0; m < area.monthly.size(); ++m)
    area_monthly.push_back(count_if(area.monthly[m], shown.area_monthly_shown[m]));
  document["area"] = {
      {"population", number_or_null(area.population)},
      {"total", count_if(area.total, shown.area_total_shown)},
      {"total_rate", shown.area_total_shown ? number_or_null(rounded(area.rate_total, 3))
                                            : ordered_json(nullptr)},
      {"counts", counts},
      {"rates", rates},
      {"monthly", area_monthly}};
  const std::vector<MultiPolygon> shapes = wards_in_wgs84(context.wards, context.analysis_crs);
  ordered_json wards = ordered_json::array();
  for (size_t w = 0; w < context.wards.size(); ++w) {
    const profile::WardProfile& ward = area.wards[w];
    Box box;
    bg::envelope(shapes[w], box);
    Point centroid(0, 0);
    bg::centroid(shapes[w], centroid);
    const bool total_shown = shown.total_shown[w];
    ordered_json by_category, mix;
    for (size_t c = 0; c < area.categories.size(); ++c) {
      const bool category_shown = shown.category(w, c);
      by_category[area.categories[c]] =
          stats_json(ward.by_category[c], category_shown,
                     shown.category_rank[w * shown.categories + c], shown.category_previous_shown);
      mix[area.categories[c]] = category_shown && total_shown
                                    ? ordered_json(rounded(ward.mix[c], 5))
                                    : ordered_json(nullptr);
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
    entry["total"] =
        stats_json(ward.total, total_shown, shown.total_rank[w], shown.previous_total_shown[w]);
    entry["categories"] = by_category;
    entry["mix"] = mix;
    ordered_json monthly = nullptr;
    if (shown.ward_monthly_shown) {
      monthly = ordered_json::array();
      for (int64_t count : ward.monthly) monthly.push_back(count);
    }
    entry["monthly"] = monthly;
    entry["hour_by_weekday"] = grid;
    entry["timed_count"] =
        disclosure.shows_hour_tables() ? ordered_json(ward.timed_count) : ordered_json(nullptr);
    entry["priority"] =
        total_shown ? ordered_json(shown.priority_rank[w] > 0) : ordered_json(nullptr);
    entry["priority_rank"] = shown.priority_rank[w];
    wards.push_back(entry);
  }
  document["wards"] = wards;
  ordered_json priority = ordered_json::array();
  for (int32_t w : shown.priority_order)
    priority.push_back(context.wards.code[static_cast<size_t>(w)]);
  document["priority_wards"] = priority;
  write_file_atomically(path, document.dump() + "\n");
}

}  // namespace hotspot::output
