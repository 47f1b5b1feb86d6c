#include "engine/analyse/summary.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <algorithm>

#include "engine/core/atomic_file.hpp"
#include "engine/core/checksum.hpp"
#include "engine/core/month.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/output/ward_publication.hpp"

namespace hotspot::analyse {

using nlohmann::ordered_json;

namespace {

ordered_json file_entry(const std::string& path) {
  return ordered_json{{"path", path}, {"sha256", file_sha256(path)}};
}

}  // namespace

ordered_json count_rows(const ingest::IngestResult& ingested, int64_t rows_left_out) {
  const IncidentTable& table = ingested.table;
  const auto outside =
      static_cast<int64_t>(std::count(table.ward.begin(), table.ward.end(), kOutside));
  const auto accepted = static_cast<int64_t>(table.size());
  const auto rejected = static_cast<int64_t>(ingested.rejects.size());
  ordered_json by_reason = ordered_json::object();
  for (const auto& [reason, count] : ingested.rejects_by_reason) by_reason[reason] = count;
  const int64_t read = ingested.rows_read - rows_left_out;
  return ordered_json{{"read", read},
                      {"accepted", accepted},
                      {"rejected", rejected},
                      {"in_wards", accepted - outside},
                      {"outside", outside},
                      {"rejected_by_reason", by_reason},
                      {"without_time_of_day",
                       std::count_if(table.time_precision.begin(), table.time_precision.end(),
                                     [](TimePrecision p) { return p != TimePrecision::minute; })},
                      {"adds_up", read == accepted + rejected}};
}

namespace {

ordered_json options_section(const AnalyseOptions& options,
                             const std::vector<hotspots::LayerResult>& used) {
  const auto& ingest = options.inputs.ingest;
  ordered_json layers = ordered_json::array();
  for (const auto& result : used) {
    const LayerDefinition& layer = result.layer;
    layers.push_back({{"name", layer.name},
                      {"categories", layer.categories},
                      {"hours", layer.hours ? ordered_json{layer.hours->first, layer.hours->second}
                                            : ordered_json(nullptr)},
                      {"weekdays", layer.weekdays}});
  }
  return ordered_json{{"incident_columns",
                       {{"x", ingest.x_column},
                        {"y", ingest.y_column},
                        {"category", ingest.category_column},
                        {"time", ingest.time_column},
                        {"id", ingest.id_column},
                        {"crs", ingest.crs}}},
                      {"far_outside_m", ingest.far_outside_m},
                      {"priority_ratio", options.profile.priority_ratio},
                      {"confidence", options.profile.confidence},
                      {"public", options.disclosure.public_output},
                      {"minimum_count", options.disclosure.minimum_count},
                      {"zooms", {options.tiles.min_zoom, options.tiles.max_zoom}},
                      {"threads", options.inputs.threads},
                      {"layers", layers}};
}

}  // namespace

ordered_json make_summary(const SummaryInputs& inputs) {
  const AnalyseOptions& options = inputs.options;
  const auto& ingested = inputs.study.ingested;
  const auto& report = inputs.study.ward_report;
  const WardSet& wards = *inputs.study.wards;
  ordered_json summary;
  summary["hotspot_version"] = HOTSPOT_VERSION;
  summary["title"] = options.title;
  // A public summary names no sensitive category, not even in the command that left it out.
  ordered_json command = ordered_json::array();
  for (const std::string& argument : options.command_line)
    command.push_back(options.disclosure.is_sensitive(argument) ? std::string("(sensitive)")
                                                                : argument);
  summary["command"] = command;
  summary["config"] =
      options.config_path.empty() ? ordered_json(nullptr) : file_entry(options.config_path);

  ordered_json incident_files = ordered_json::array();
  for (const auto& file : ingested.files) {
    ordered_json entry = file_entry(file.path);
    entry["format"] = file.format;
    entry["crs"] = file.crs;
    if (options.disclosure.shows_incident_records()) {  // per-file counts include sensitive rows
      entry["rows"] = file.rows;
      entry["accepted"] = file.accepted;
    }
    incident_files.push_back(entry);
  }
  ordered_json ward_file = file_entry(options.inputs.wards.path);
  ward_file["layer"] = report.layer_name;
  ward_file["code_field"] = report.code_field;
  ward_file["name_field"] = report.name_field;
  ward_file["features"] = report.features_read;
  ward_file["crs"] = report.source_crs;
  summary["inputs"] = {{"incidents", incident_files},
                       {"wards", ward_file},
                       {"population", options.inputs.wards.population_csv.empty()
                                          ? ordered_json(report.population_source)
                                          : file_entry(options.inputs.wards.population_csv)},
                       {"category_mapping", options.inputs.category_mapping.empty()
                                                ? ordered_json(nullptr)
                                                : file_entry(options.inputs.category_mapping)}};
  summary["options"] = options_section(options, inputs.layers);
  summary["crs"] = {
      {"analysis", report.analysis_crs},
      {"incidents_transform",
       {{"operation", ingested.transform_operation.empty() ? "none (already in the analysis CRS)"
                                                           : ingested.transform_operation},
        {"accuracy_m", ingested.transform_accuracy_m}}},
      {"wards_transform",
       {{"operation", report.transform_operation}, {"accuracy_m", report.transform_accuracy_m}}}};
  summary["rows"] = inputs.rows;

  const auto& area = inputs.area;
  ordered_json priority = ordered_json::array();
  const output::WardPublication& shown = inputs.publication;
  for (int32_t w : shown.priority_order) {
    const auto& ward = area.wards[static_cast<size_t>(w)];
    priority.push_back({{"rank", shown.priority_rank[static_cast<size_t>(w)]},
                        {"ward_code", wards.code[static_cast<size_t>(w)]},
                        {"ward_name", wards.name[static_cast<size_t>(w)]},
                        {"count", ward.total.count},
                        {"rate_ratio", ward.total.rate_ratio},
                        {"ratio_low", ward.total.ratio_low}});
  }
  summary["wards"] = {{"count", wards.size()},
                      {"repaired", report.repaired},
                      {"without_population", report.wards_without_population},
                      {"notes", report.notes},
                      {"priority", priority}};
  const int32_t length = area.to_month - area.from_month + 1;
  summary["period"] = {
      {"from", month_label(area.from_month)},
      {"to", month_label(area.to_month)},
      {"previous", area.has_previous_period
                       ? ordered_json{{"from", month_label(area.from_month - length)},
                                      {"to", month_label(area.from_month - 1)}}
                       : ordered_json(nullptr)},
      {"in_wards_outside_period", area.outside_period}};
  ordered_json categories = ordered_json::object();
  for (size_t c = 0; c < area.categories.size(); ++c)
    categories[area.categories[c]] = shown.area_category_shown[c]
                                         ? ordered_json(area.count_by_category[c])
                                         : ordered_json(nullptr);
  summary["categories"] = categories;
  ordered_json notes = ingested.notes;
  if (!area.population_note.empty()) notes.push_back(area.population_note);
  const IncidentTable& table = ingested.table;  // after public mode has left sensitive rows out
  const auto untimed = static_cast<int64_t>(
      std::count_if(table.time_precision.begin(), table.time_precision.end(),
                    [](TimePrecision p) { return p != TimePrecision::minute; }));
  if (untimed > 0)
    notes.push_back(
        (options.disclosure.withholds(untimed) ? std::string("A few") : std::to_string(untimed)) +
        " accepted rows have no time of day (police.uk gives the month only): they cannot enter an "
        "hour-of-day filter, so hour-filtered layers cover all hours for them");
  summary["notes"] = notes;
  summary["versions"] = {{"hotspot", HOTSPOT_VERSION},
                         {"gdal", GDALVersionInfo("RELEASE_NAME")},
                         {"geos", GEOSversion()},
                         {"proj", proj_info().release}};
  summary["layers"] = ordered_json::array();
  for (const auto& layer : inputs.layers)
    summary["layers"].push_back(
        ordered_json::parse(hotspots::layer_summary_json(layer.summary).dump()));
  const DisclosurePolicy& disclosure = options.disclosure;
  if (disclosure.public_output)
    summary["public"] = {{"minimum_count", disclosure.minimum_count},
                         {"sensitive_categories_left_out", disclosure.sensitive_categories.size()},
                         {"rules", disclosure.public_rules()}};
  return summary;
}

void write_summary(const ordered_json& summary, const std::string& path) {
  write_file_atomically(path, summary.dump(2) + "\n");
}

}  // namespace hotspot::analyse
