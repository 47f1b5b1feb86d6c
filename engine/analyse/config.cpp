// hotspot.toml: the analysis configuration file (inputs, column names, period, layers).
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include "engine/analyse/analyse.hpp"
#include "engine/core/data_source.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/hotspots/options.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

namespace {

std::string relative_to(const fs::path& base, const std::string& path) {
  const fs::path given(path);
  if (is_connection_string(path)) return path;  // PG:... is not a path
  return given.is_absolute() ? path : (base / given).lexically_normal().string();
}

// "2025-03" → month index; throws ConfigError naming the key.
int32_t month_setting(const std::string& text, const std::string& key) {
  if (const auto month = parse_month(text)) return *month;
  throw ConfigError(key + " = '" + text + "': expected a month as YYYY-MM, e.g. 2025-04");
}

template <typename T>
void read(const toml::table& table, const char* key, T& target, const std::string& where) {
  if (const toml::node* node = table.get(key)) {
    auto value = node->value<T>();
    if (!value) throw ConfigError(where + "." + key + " has the wrong type");
    target = *value;
  }
}

}  // namespace

void load_config(const std::string& path, AnalyseOptions& options) {
  toml::table config;
  std::error_code error_code;
  if (fs::exists(path, error_code) && !fs::is_regular_file(path, error_code))  // a FIFO blocks
    throw InputError(path, 0, "", "is not a regular file: give a configuration file saved on disk");
  try {
    config = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    throw InputError(
        path, static_cast<int64_t>(error.source().begin.line), "",
        std::string("the configuration is not valid TOML: ") + std::string(error.description()));
  }
  const fs::path base = fs::path(path).parent_path();
  options.config_path = path;
  read(config, "title", options.title, "");
  if (const toml::table* inputs = config["inputs"].as_table()) {
    if (const toml::array* incidents = (*inputs)["incidents"].as_array())
      for (const auto& item : *incidents)
        options.inputs.incidents.push_back(relative_to(base, item.value_or(std::string())));
    std::string value;
    read(*inputs, "wards", value, "inputs");
    if (!value.empty()) options.inputs.wards.path = relative_to(base, value);
    value.clear();
    read(*inputs, "population", value, "inputs");
    if (!value.empty()) options.inputs.wards.population_csv = relative_to(base, value);
    value.clear();
    read(*inputs, "category_mapping", value, "inputs");
    if (!value.empty()) options.inputs.category_mapping = relative_to(base, value);
  }
  if (const toml::table* incidents = config["incidents"].as_table()) {
    read(*incidents, "crs", options.inputs.ingest.crs, "incidents");
    read(*incidents, "x", options.inputs.ingest.x_column, "incidents");
    read(*incidents, "y", options.inputs.ingest.y_column, "incidents");
    read(*incidents, "category", options.inputs.ingest.category_column, "incidents");
    read(*incidents, "time", options.inputs.ingest.time_column, "incidents");
    read(*incidents, "id", options.inputs.ingest.id_column, "incidents");
    read(*incidents, "street", options.inputs.ingest.street_column, "incidents");
    read(*incidents, "sql", options.inputs.ingest.sql, "incidents");
    std::string encoding;
    read(*incidents, "encoding", encoding, "incidents");
    if (!encoding.empty() && !parse_text_encoding(encoding, options.inputs.ingest.encoding))
      throw ConfigError(sanitise_for_message(path, 400) +
                        ": [incidents] encoding must be \"auto\", \"utf-8\" or \"windows-1252\"");
  }
  if (const toml::table* wards = config["wards"].as_table()) {
    read(*wards, "code_field", options.inputs.wards.code_field, "wards");
    read(*wards, "name_field", options.inputs.wards.name_field, "wards");
    read(*wards, "population_field", options.inputs.wards.population_field, "wards");
    read(*wards, "layer", options.inputs.wards.layer, "wards");
    read(*wards, "sql", options.inputs.wards.sql, "wards");
  }
  if (const toml::table* period = config["period"].as_table()) {
    std::string from, to;
    read(*period, "from", from, "period");
    read(*period, "to", to, "period");
    if (!from.empty()) options.profile.from_month = month_setting(from, "period.from");
    if (!to.empty()) options.profile.to_month = month_setting(to, "period.to");
    std::string baseline;
    read(*period, "baseline", baseline, "period");
    if (!baseline.empty())
      options.profile.baseline = profile::parse_baseline(baseline, "period.baseline");
  }
  if (const toml::table* peers = config["peers"].as_table()) {
    std::string file;
    read(*peers, "file", file, "peers");
    if (!file.empty()) options.peers_path = relative_to(base, file);
  }
  if (const toml::table* risk = config["risk"].as_table()) {
    std::string population, measure;
    read(*risk, "population", population, "risk");
    if (!population.empty())
      options.risk.path = population == "wards" ? population : relative_to(base, population);
    read(*risk, "field", options.risk.field, "risk");
    read(*risk, "measure", measure, "risk");
    if (!measure.empty()) options.risk.measure = density::parse_risk_measure(measure);
    read(*risk, "floor", options.risk.floor, "risk");
  }
  if (const toml::table* emerging = config["emerging"].as_table()) {
    read(*emerging, "enabled", options.emerging.enabled, "emerging");
    std::string step;
    read(*emerging, "time_step", step, "emerging");
    if (!step.empty())
      options.emerging.time_step = emerging::parse_time_step(step, "emerging.time_step");
  }
  if (const toml::table* profile = config["profile"].as_table())
    read(*profile, "priority_ratio", options.profile.priority_ratio, "profile");
  if (const toml::table* output = config["output"].as_table()) {
    read(*output, "public", options.disclosure.public_output, "output");
    int64_t minimum = options.disclosure.minimum_count, min_zoom = options.tiles.min_zoom,
            max_zoom = options.tiles.max_zoom;
    read(*output, "minimum_count", minimum, "output");
    read(*output, "min_zoom", min_zoom, "output");
    read(*output, "max_zoom", max_zoom, "output");
    options.disclosure.minimum_count = static_cast<int>(std::clamp<int64_t>(minimum, -1, 1000000));
    if (const toml::array* sensitive = (*output)["sensitive"].as_array())
      for (const auto& item : *sensitive)
        options.disclosure.sensitive_categories.push_back(item.value_or(std::string()));
    options.tiles.min_zoom = static_cast<int>(std::clamp<int64_t>(min_zoom, -1, 99));
    options.tiles.max_zoom = static_cast<int>(std::clamp<int64_t>(max_zoom, -1, 99));
    read(*output, "geopackage", options.gis.geopackage, "output");
  }
  if (const toml::table* database = config["database"].as_table()) {
    read(*database, "connection", options.gis.database.connection, "database");
    read(*database, "schema", options.gis.database.schema, "database");
  }
  options.layers = hotspots::parse_layers(config);
  options.hotspots = hotspots::parse_hotspot_options(config);
  if (!options.hotspots.harm_weights_path.empty())
    options.hotspots.harm_weights_path = relative_to(base, options.hotspots.harm_weights_path);
}

}  // namespace hotspot::analyse
