#include "engine/hotspots/options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/categories.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/hotspots/forecast.hpp"

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
  if (auto cell = positive(table, "cell_size_m", "density.cell_size_m"))
    options.cell_size_m = *cell;
  options.bandwidth_m = positive(table, "bandwidth_m", "density.bandwidth_m");
  options.edge_correction = boolean(table, "edge_correction", "density.edge_correction", false);
  if (auto cutoff = positive(table, "gaussian_cutoff_sigmas", "density.gaussian_cutoff_sigmas"))
    options.gaussian_cutoff_sigmas = *cutoff;
}

void read_hotspots(const toml::table& table, HotspotOptions& options) {
  for (const char* retired : {"threshold", "levels"})
    if (table.contains(retired))
      throw ConfigError(
          std::string("hotspots.") + retired +
          " is no longer used: hotspot areas fill an area budget (hotspots.area_budget = \"1%\")");
  // Disclosure control is one policy for every output: it is set in [output], never per stage.
  for (const char* moved : {"public", "minimum_count", "sensitive"})
    if (table.contains(moved))
      throw ConfigError(std::string("hotspots.") + moved +
                        " is not a hotspot setting: set it in [output] (" + moved +
                        " = ...), where it applies to every output");
  if (const toml::node* node = table.get("area_budget")) {
    if (auto percent = node->value<double>())
      options.area_budget =
          parse_area_budget(std::to_string(*percent) + "%", "hotspots.area_budget");
    else
      options.area_budget = parse_area_budget(
          text(table, "area_budget", "hotspots.area_budget", ""), "hotspots.area_budget");
  }
  options.method = text(table, "method", "hotspots.method", options.method);
  if (auto distance = positive(table, "link_distance_m", "hotspots.link_distance_m"))
    options.link_distance_m = *distance;
  if (auto area = positive(table, "max_area_km2", "hotspots.max_area_km2"))
    options.max_area_km2 = *area;
  if (auto cells = positive(table, "min_area_cells", "hotspots.min_area_cells"))
    options.min_area_cells = static_cast<int>(*cells);
  if (auto count = positive(table, "briefing_areas", "hotspots.briefing_areas"))
    options.briefing_areas = static_cast<int>(*count);
  options.harm_weights_path =
      text(table, "harm_weights", "hotspots.harm_weights", options.harm_weights_path);
  if (auto distance = positive(table, "gi_distance_cells", "hotspots.gi_distance_cells"))
    options.gi_distance_cells = std::max(1.0, *distance);
  if (auto q = positive(table, "gi_fdr", "hotspots.gi_fdr")) options.gi_fdr = std::min(*q, 0.5);
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
  layer.untimed_title = text(table, "untimed_title", where + ".untimed_title", "");
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

double AreaBudget::share_of(double study_area_km2) const {
  const double share = km2 ? *km2 / std::max(1e-9, study_area_km2) : percent / 100;
  return std::min(1.0, share);
}

std::string AreaBudget::describe() const {
  char text[64];
  if (km2)
    std::snprintf(text, sizeof text, "%g km²", *km2);
  else
    std::snprintf(text, sizeof text, "%g%% of the study area", percent);
  return text;
}

AreaBudget parse_area_budget(const std::string& text, const std::string& key) {
  std::string compact;
  for (char c : text)
    if (c != ' ') compact.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  AreaBudget budget;
  const std::string error =
      key + " '" + text + "': expected a share such as 1% or an area such as 5km2";
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(compact, &used);
  } catch (const std::exception&) {
    throw ConfigError(error);
  }
  const std::string unit = compact.substr(used);
  if (!(value > 0) || !std::isfinite(value)) throw ConfigError(error);
  if (unit.empty() || unit == "%") {
    if (value > 100) throw ConfigError(error);
    budget.percent = value;
  } else if (unit == "km2" || unit == "km²" || unit == "sqkm") {
    budget.km2 = value;
  } else {
    throw ConfigError(error);
  }
  return budget;
}

PatrolAreaOptions HotspotOptions::patrol_areas(double study_area_km2) const {
  PatrolAreaOptions patrol;
  patrol.budget_share = area_budget.share_of(study_area_km2);
  patrol.link_distance_m = link_distance_m;
  patrol.max_area_km2 = max_area_km2;
  patrol.min_cells = min_area_cells;
  return patrol;
}

void HotspotOptions::validate() const {
  if (!(cell_size_m > 0 && std::isfinite(cell_size_m)))
    throw ConfigError(
        "the cell size (--cell, density.cell_size_m) must be a positive number of metres");
  if (bandwidth_m && !(*bandwidth_m > 0 && std::isfinite(*bandwidth_m)))
    throw ConfigError(
        "the bandwidth (--bandwidth, density.bandwidth_m) must be a positive number of metres");
  if (!(gaussian_cutoff_sigmas > 0))
    throw ConfigError("density.gaussian_cutoff_sigmas must be positive");
  if (area_budget.km2 ? !(*area_budget.km2 > 0)
                      : !(area_budget.percent > 0 && area_budget.percent <= 100))
    throw ConfigError(
        "the area budget (--area-budget) must be a share up to 100% or a positive area in km²");
  if (method != "auto") {
    bool known = false;
    std::string slugs;
    for (const Method& candidate : candidate_methods()) {
      known |= candidate.slug() == method;
      slugs += (slugs.empty() ? "" : ", ") + candidate.slug();
    }
    if (!known)
      throw ConfigError("the method (--method) '" + method + "' is not known: use auto or one of " +
                        slugs);
  }
  if (!(link_distance_m >= 0)) throw ConfigError("hotspots.link_distance_m must not be negative");
  if (!(max_area_km2 > 0)) throw ConfigError("hotspots.max_area_km2 must be positive");
  if (min_area_cells < 1) throw ConfigError("hotspots.min_area_cells must be at least 1");
  if (briefing_areas < 1) throw ConfigError("hotspots.briefing_areas must be at least 1");
  if (!(gi_distance_cells >= 1)) throw ConfigError("hotspots.gi_distance_cells must be at least 1");
  if (!(gi_fdr > 0 && gi_fdr <= 0.5)) throw ConfigError("hotspots.gi_fdr must be in (0, 0.5]");
  if (minimum_area_incidents < 1)
    throw ConfigError("hotspots.minimum_area_incidents must be at least 1");
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
