#include "engine/output/ward_outputs.hpp"

#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/core/crs.hpp"
#include "engine/output/csv_text.hpp"

namespace hotspot::output {

using nlohmann::ordered_json;

namespace {

ordered_json number_or_null(double value) { return std::isnan(value) ? ordered_json(nullptr) : ordered_json(value); }

double rounded(double value, int decimals) {
  if (std::isnan(value)) return value;
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

double rate_per_1000(int64_t count, double population) {
  return population > 0 ? 1000.0 * static_cast<double>(count) / population : NAN;
}

// True when a count must be withheld from public outputs (1 .. minimum − 1).
bool withheld(int64_t count, int minimum) { return minimum > 0 && count > 0 && count < minimum; }

ordered_json count_or_null(int64_t count, int minimum) { return withheld(count, minimum) ? ordered_json(nullptr) : ordered_json(count); }

ordered_json stats_json(const profile::Stats& stats, int minimum) {
  if (withheld(stats.count, minimum))
    return ordered_json{{"count", nullptr}, {"rate_per_1000", nullptr}, {"share_of_area", nullptr}, {"rank", stats.rank},
                        {"rate_ratio", nullptr}, {"ratio_low", nullptr}, {"ratio_high", nullptr},
                        {"comparison", profile::to_string(stats.comparison)}, {"previous_count", nullptr}, {"change_percent", nullptr},
                        {"withheld", true}};
  return ordered_json{{"count", stats.count},
                      {"rate_per_1000", number_or_null(rounded(stats.rate_per_1000, 3))},
                      {"share_of_area", rounded(stats.share_of_area, 5)},
                      {"rank", stats.rank},
                      {"rate_ratio", number_or_null(rounded(stats.rate_ratio, 4))},
                      {"ratio_low", number_or_null(rounded(stats.ratio_low, 4))},
                      {"ratio_high", number_or_null(rounded(stats.ratio_high, 4))},
                      {"comparison", profile::to_string(stats.comparison)},
                      {"previous_count", stats.previous_count < 0 || withheld(stats.previous_count, minimum)
                                             ? ordered_json(nullptr) : ordered_json(stats.previous_count)},
                      {"change_percent", withheld(stats.previous_count, minimum) ? ordered_json(nullptr)
                                                                                 : number_or_null(rounded(stats.change_percent, 2))}};
}

void append_coordinate(std::string& out, const Point& point) {
  char buffer[64];
  const int length = std::snprintf(buffer, sizeof buffer, "[%.7f,%.7f]", point.x(), point.y());
  out.append(buffer, static_cast<size_t>(length));
}

void append_ring(std::string& out, const Ring& ring) {
  out += '[';
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i) out += ',';
    append_coordinate(out, ring[i]);
  }
  out += ']';
}

}  // namespace

std::string month_label(int32_t month_index) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", month_index / 12, month_index % 12 + 1);
  return buffer;
}

ordered_json ward_columns(const WardOutputContext& context, size_t w) {
  const profile::AreaProfile& area = context.profile;
  const profile::WardProfile& ward = area.wards[w];
  const double population = context.wards.population[w];
  ordered_json row;
  row["ward_code"] = context.wards.code[w];
  row["ward_name"] = context.wards.name[w];
  row["population"] = std::isnan(population) ? ordered_json(nullptr) : ordered_json(std::llround(population));
  const int minimum = context.minimum_count;
  auto rate_unless_withheld = [&](int64_t count, double rate) {
    return withheld(count, minimum) ? ordered_json(nullptr) : number_or_null(rounded(rate, 3));
  };
  row["total"] = count_or_null(ward.total.count, minimum);
  row["total_rate"] = rate_unless_withheld(ward.total.count, ward.total.rate_per_1000);
  for (size_t c = 0; c < area.categories.size(); ++c) row[area.categories[c]] = count_or_null(ward.by_category[c].count, minimum);
  for (size_t c = 0; c < area.categories.size(); ++c)
    row[area.categories[c] + "_rate"] = rate_unless_withheld(ward.by_category[c].count, ward.by_category[c].rate_per_1000);
  const LayerCounts& layers = context.layer_counts;
  for (size_t l = 0; l < layers.layers.size(); ++l) {
    const int64_t count = layers.by_ward[l][w];
    row[layers.layers[l].name] = count_or_null(count, minimum);
    row[layers.layers[l].name + "_rate"] = rate_unless_withheld(count, rate_per_1000(count, population));
  }
  row["comparison"] = profile::to_string(ward.total.comparison);
  row["rate_ratio"] = number_or_null(rounded(ward.total.rate_ratio, 4));
  row["ratio_low"] = number_or_null(rounded(ward.total.ratio_low, 4));
  row["ratio_high"] = number_or_null(rounded(ward.total.ratio_high, 4));
  row["previous_total"] = ward.total.previous_count < 0 ? ordered_json(nullptr) : count_or_null(ward.total.previous_count, minimum);
  row["change_percent"] = number_or_null(rounded(ward.total.change_percent, 2));
  row["priority"] = ward.priority;
  row["priority_rank"] = ward.priority_rank;
  return row;
}

std::vector<MultiPolygon> wards_in_wgs84(const WardSet& wards, const std::string& analysis_crs) {
  CoordinateTransform to_wgs84(analysis_crs, "EPSG:4326");
  std::vector<MultiPolygon> shapes;
  shapes.reserve(wards.size());
  std::vector<double> xs, ys;
  auto convert = [&](const Ring& ring, bool counter_clockwise) {
    xs.clear();
    ys.clear();
    for (const Point& point : ring) {
      xs.push_back(point.x());
      ys.push_back(point.y());
    }
    to_wgs84.transform(xs.data(), ys.data(), xs.size());
    Ring out;
    for (size_t i = 0; i < xs.size(); ++i) out.push_back(Point(xs[i], ys[i]));
    // Boost rings are clockwise; RFC 7946 wants exteriors counter-clockwise, holes clockwise.
    const bool is_clockwise = bg::area(out) > 0;
    if (is_clockwise == counter_clockwise) std::reverse(out.begin(), out.end());
    return out;
  };
  for (const MultiPolygon& shape : wards.shape) {
    MultiPolygon converted;
    for (const Polygon& polygon : shape) {
      Polygon out;
      out.outer() = convert(polygon.outer(), true);
      for (const Ring& hole : polygon.inners()) out.inners().push_back(convert(hole, false));
      converted.push_back(std::move(out));
    }
    shapes.push_back(std::move(converted));
  }
  return shapes;
}

void append_geojson_geometry(std::string& out, const MultiPolygon& shape) {
  out += "{\"type\":\"MultiPolygon\",\"coordinates\":[";
  for (size_t p = 0; p < shape.size(); ++p) {
    if (p) out += ',';
    out += '[';
    append_ring(out, shape[p].outer());
    for (const Ring& hole : shape[p].inners()) {
      out += ',';
      append_ring(out, hole);
    }
    out += ']';
  }
  out += "]}";
}

void write_wards_geojson(const WardOutputContext& context, const std::string& path) {
  const std::vector<MultiPolygon> shapes = wards_in_wgs84(context.wards, context.analysis_crs);
  std::string out = "{\"type\":\"FeatureCollection\",\"name\":\"wards\",\"features\":[\n";
  for (size_t w = 0; w < context.wards.size(); ++w) {
    ordered_json properties = ward_columns(context, w);
    for (auto it = properties.begin(); it != properties.end();) {  // RFC 7946 readers prefer absent to null
      if (it->is_null()) it = properties.erase(it);
      else ++it;
    }
    out += w ? ",\n" : "";
    out += "{\"type\":\"Feature\",\"properties\":";
    out += properties.dump();
    out += ",\"geometry\":";
    append_geojson_geometry(out, shapes[w]);
    out += '}';
  }
  out += "\n]}\n";
  write_file_atomically(path, out);
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
      if (value.is_string()) out += csv_field(value.get<std::string>());
      else if (value.is_boolean()) out += value.get<bool>() ? "true" : "false";
      else out += value.dump();
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
  for (const auto& slug : area.categories) categories.push_back({{"slug", slug}, {"title", category_title(slug)}});
  document["categories"] = categories;
  ordered_json layers = ordered_json::array();
  for (const auto& layer : context.layer_counts.layers)
    layers.push_back({{"name", layer.name},
                      {"title", layer.title},
                      {"categories", layer.categories},
                      {"hours", layer.hours ? ordered_json{layer.hours->first, layer.hours->second} : ordered_json(nullptr)}});
  document["layers"] = layers;
  document["has_population"] = area.has_population;
  document["population_note"] = area.population_note;
  const int minimum = context.minimum_count;
  document["public"] = minimum > 0;
  document["minimum_count"] = minimum;
  ordered_json counts, rates;
  for (size_t c = 0; c < area.categories.size(); ++c) {
    counts[area.categories[c]] = count_or_null(area.count_by_category[c], minimum);
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
      by_category[area.categories[c]] = stats_json(ward.by_category[c], minimum);
      mix[area.categories[c]] = withheld(ward.by_category[c].count, minimum) ? ordered_json(nullptr) : ordered_json(rounded(ward.mix[c], 5));
    }
    ordered_json grid = nullptr;
    if (ward.timed_count > 0 && minimum == 0) {
      grid = ordered_json::array();
      for (int day = 0; day < 7; ++day)
        grid.push_back(std::vector<int64_t>(ward.hour_by_weekday.begin() + day * 24, ward.hour_by_weekday.begin() + day * 24 + 24));
    }
    ordered_json entry;
    entry["code"] = context.wards.code[w];
    entry["name"] = context.wards.name[w];
    entry["population"] = number_or_null(context.wards.population[w]);
    entry["bbox"] = {rounded(box.min_corner().x(), 6), rounded(box.min_corner().y(), 6), rounded(box.max_corner().x(), 6),
                     rounded(box.max_corner().y(), 6)};
    entry["centroid"] = {rounded(centroid.x(), 6), rounded(centroid.y(), 6)};
    entry["total"] = stats_json(ward.total, minimum);
    entry["categories"] = by_category;
    entry["mix"] = mix;
    ordered_json monthly = ordered_json::array();
    for (int64_t count : ward.monthly) monthly.push_back(count_or_null(count, minimum));
    entry["monthly"] = monthly;
    entry["hour_by_weekday"] = grid;
    entry["timed_count"] = ward.timed_count;
    entry["priority"] = ward.priority;
    entry["priority_rank"] = ward.priority_rank;
    wards.push_back(entry);
  }
  document["wards"] = wards;
  ordered_json priority = ordered_json::array();
  for (int32_t w : area.priority_order) priority.push_back(context.wards.code[static_cast<size_t>(w)]);
  document["priority_wards"] = priority;
  write_file_atomically(path, document.dump() + "\n");
}

}  // namespace hotspot::output
