#include "engine/hotspots/options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/categories.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"

namespace hotspot::hotspots {

namespace {

double number(const toml::node& node, const std::string& key) {
  if (auto value = node.value<double>()) return *value;
  throw ConfigError(key + " must be a number");
}

std::optional<double> positive(const toml::table& table, const std::string& name,
                               const std::string& key) {
  const toml::node* node = table.get(name);
  if (!node) return std::nullopt;
  const double value = number(*node, key);
  if (!(value > 0) || !std::isfinite(value)) throw ConfigError(key + " must be a positive number");
  return value;
}

bool boolean(const toml::table& table, const std::string& name, const std::string& key,
             bool fallback) {
  const toml::node* node = table.get(name);
  if (!node) return fallback;
  if (auto value = node->value<bool>()) return *value;
  throw ConfigError(key + " must be true or false");
}

std::string text(const toml::table& table, const std::string& name, const std::string& key,
                 const std::string& fallback) {
  const toml::node* node = table.get(name);
  if (!node) return fallback;
  if (auto value = node->value<std::string>()) return *value;
  throw ConfigError(key + " must be a string");
}

void read_density(const toml::table& table, HotspotOptions& options) {
  options.kernel = density::parse_kernel(text(table, "kernel", "density.kernel", "quartic"));
  options.cell_size_m = positive(table, "cell_size_m", "density.cell_size_m");
  if (const toml::node* node = table.get("bandwidth_m")) {
    if (node->value<std::string>() == std::optional<std::string>("auto"))
      options.auto_bandwidth = true;
    else
      options.bandwidth_m = positive(table, "bandwidth_m", "density.bandwidth_m");
  }
  options.auto_bandwidth =
      boolean(table, "auto_bandwidth", "density.auto_bandwidth", options.auto_bandwidth);
  options.edge_correction = boolean(table, "edge_correction", "density.edge_correction", false);
  if (auto cutoff = positive(table, "gaussian_cutoff_sigmas", "density.gaussian_cutoff_sigmas"))
    options.gaussian_cutoff_sigmas = *cutoff;
}

void read_hotspots(const toml::table& table, HotspotOptions& options) {
  const std::string rule = text(table, "threshold", "hotspots.threshold", "mean_sd");
  if (rule == "mean_sd")
    options.threshold_rule = ThresholdRule::mean_sd;
  else if (rule == "mean_multiple")
    options.threshold_rule = ThresholdRule::mean_multiple;
  else if (rule == "top_percent")
    options.threshold_rule = ThresholdRule::top_percent;
  else
    throw ConfigError("hotspots.threshold must be mean_sd, mean_multiple or top_percent");
  options.levels = default_levels(options.threshold_rule);
  if (const toml::array* levels = table["levels"].as_array()) {
    if (levels->size() != 3)
      throw ConfigError("hotspots.levels must list 3 numbers (classes 1, 2, 3)");
    for (size_t i = 0; i < 3; ++i) options.levels[i] = number(*levels->get(i), "hotspots.levels");
  }
  if (auto distance = positive(table, "gi_distance_cells", "hotspots.gi_distance_cells"))
    options.gi_distance_cells = std::max(1.0, *distance);
  if (auto q = positive(table, "gi_fdr", "hotspots.gi_fdr")) options.gi_fdr = std::min(*q, 0.5);
  // Disclosure control is one policy for every output: it is set in [output], never per stage.
  for (const char* moved : {"public", "minimum_count", "sensitive"})
    if (table.contains(moved))
      throw ConfigError(std::string("hotspots.") + moved +
                        " is not a hotspot setting: set it in [output] (" + moved +
                        " = ...), where it applies to every output");
  if (auto minimum = positive(table, "minimum_area_incidents", "hotspots.minimum_area_incidents"))
    options.minimum_area_incidents = static_cast<int>(*minimum);
}

int parse_weekday(const toml::node& node, const std::string& key) {
  static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (auto day = node.value<int64_t>(); day && *day >= 0 && *day < 7) return static_cast<int>(*day);
  if (auto name = node.value<std::string>())
    for (int d = 0; d < 7; ++d)
      if (name->substr(0, 3) == names[d]) return d;
  throw ConfigError(key + " must list days as 0..6 (0 = Monday) or mon..sun");
}

int32_t month_setting(const std::string& value, const std::string& key) {
  if (const auto month = parse_month(value)) return *month;
  throw ConfigError(key + " must be a month as \"YYYY-MM\", e.g. \"2025-04\"");
}

LayerDefinition read_layer(const toml::table& table, const std::string& where) {
  LayerDefinition layer;
  layer.name = text(table, "name", where + ".name", "");
  if (!is_valid_slug(layer.name))
    throw ConfigError(where + ".name must be lower-case letters, digits and hyphens");
  layer.title = text(table, "title", where + ".title", layer.name);
  const toml::array* categories = table["categories"].as_array();
  if (!categories || categories->empty())
    throw ConfigError(where + ".categories must list category slugs");
  for (const toml::node& item : *categories) {
    auto slug = item.value<std::string>();
    if (!slug || !is_valid_slug(*slug))
      throw ConfigError(where + ".categories must list category slugs");
    layer.categories.push_back(*slug);
  }
  if (const toml::array* hours = table["hours"].as_array()) {
    auto start = hours->size() == 2 ? hours->get(0)->value<int64_t>() : std::nullopt;
    auto end = hours->size() == 2 ? hours->get(1)->value<int64_t>() : std::nullopt;
    if (!start || !end || *start < 0 || *start > 23 || *end < 0 || *end > 24 || *start == *end)
      throw ConfigError(where + ".hours must be [start, end] hours 0..24, e.g. [19, 5]");
    layer.hours = std::make_pair(static_cast<int>(*start), static_cast<int>(*end % 24));
  }
  if (const toml::array* days = table["weekdays"].as_array())
    for (const toml::node& day : *days)
      layer.weekdays.push_back(parse_weekday(day, where + ".weekdays"));
  const std::string from = text(table, "from", where + ".from", "");
  const std::string to = text(table, "to", where + ".to", "");
  if (!from.empty()) layer.from_month = month_setting(from, where + ".from");
  if (!to.empty()) layer.to_month = month_setting(to, where + ".to");
  return layer;
}

}  // namespace

std::string threshold_rule_name(ThresholdRule rule) {
  switch (rule) {
    case ThresholdRule::mean_sd:
      return "mean_sd";
    case ThresholdRule::mean_multiple:
      return "mean_multiple";
    case ThresholdRule::top_percent:
      return "top_percent";
  }
  return "mean_sd";
}

void HotspotOptions::validate() const {
  if (cell_size_m && !(*cell_size_m > 0 && std::isfinite(*cell_size_m)))
    throw ConfigError(
        "the density cell size (--cell, density.cell_size_m) must be a positive number of metres");
  if (bandwidth_m && !(*bandwidth_m > 0 && std::isfinite(*bandwidth_m)))
    throw ConfigError(
        "the bandwidth (--bandwidth, density.bandwidth_m) must be a positive number of metres");
  if (!(gaussian_cutoff_sigmas > 0))
    throw ConfigError("density.gaussian_cutoff_sigmas must be positive");
  if (!(gi_distance_cells >= 1)) throw ConfigError("hotspots.gi_distance_cells must be at least 1");
  if (!(gi_fdr > 0 && gi_fdr <= 0.5)) throw ConfigError("hotspots.gi_fdr must be in (0, 0.5]");
  if (minimum_area_incidents < 1)
    throw ConfigError("hotspots.minimum_area_incidents must be at least 1");
}

std::array<double, 3> default_levels(ThresholdRule rule) {
  if (rule == ThresholdRule::top_percent) return {10, 5, 1};
  return {1, 2, 3};
}

HotspotOptions parse_hotspot_options(const toml::table& config) {
  HotspotOptions options;
  if (const toml::node* node = config.get("density")) {
    if (!node->is_table()) throw ConfigError("density must be a table ([density])");
    read_density(*node->as_table(), options);
  }
  if (const toml::node* node = config.get("hotspots")) {
    if (!node->is_table()) throw ConfigError("hotspots must be a table ([hotspots])");
    read_hotspots(*node->as_table(), options);
  }
  return options;
}

std::vector<LayerDefinition> parse_layers(const toml::table& config) {
  const toml::node* node = config.get("layer");
  if (!node) return default_layers();
  const toml::array* array = node->as_array();
  if (!array) throw ConfigError("layer must be an array of tables ([[layer]])");
  std::vector<LayerDefinition> layers;
  for (size_t i = 0; i < array->size(); ++i) {
    const std::string where = "layer[" + std::to_string(i) + "]";
    const toml::table* table = array->get(i)->as_table();
    if (!table) throw ConfigError(where + " must be a table ([[layer]])");
    layers.push_back(read_layer(*table, where));
  }
  return layers.empty() ? default_layers() : layers;
}

}  // namespace hotspot::hotspots
