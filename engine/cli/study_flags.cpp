#include "engine/cli/study_flags.hpp"

#include "engine/analyse/analyse.hpp"
#include "engine/cli/terminal.hpp"

namespace hotspot::cli {

void StudyFlags::add_to(CLI::App& command) {
  Values& v = *values_;
  command.add_option("--config", v.config, "hotspot.toml with the inputs and their columns");
  incidents_ = command.add_option("--incidents", v.incidents,
                                  "Incident files or folders (force CSV exports, GDAL point "
                                  "layers, police.uk CSVs)");
  wards_ = command.add_option("--wards", v.wards, "Ward boundaries (any GDAL polygon layer)");
  population_ = command.add_option("--population", v.population, "CSV of ward_code,population");
  crs_ = command.add_option("--crs", v.crs, "CRS of the x/y columns, e.g. EPSG:27700");
  x_ = command.add_option("--x-column", v.x_column, "Column with x / easting / longitude");
  y_ = command.add_option("--y-column", v.y_column, "Column with y / northing / latitude");
  category_ = command.add_option("--category-column", v.category_column, "Column with the offence");
  time_ = command.add_option("--time-column", v.time_column, "Column with the date and time");
  id_ = command.add_option("--id-column", v.id_column, "Column with the incident id");
  mapping_ = command.add_option("--category-mapping", v.mapping,
                                "CSV name,slug mapping offence names onto categories");
  command.add_option("--date-order", v.date_order, "auto | iso | uk (dd/mm/yyyy)")
      ->check(CLI::IsMember({"auto", "iso", "uk"}));
  command.add_option("--threads", v.threads, "Threads (default 2; results do not depend on it)");
}

study::StudyOptions StudyFlags::options(bool quiet) const {
  const Values& v = *values_;
  analyse::AnalyseOptions config;
  if (!v.config.empty()) analyse::load_config(v.config, config);
  study::StudyOptions inputs = config.inputs;
  auto given = [](const CLI::Option* option) { return option && option->count() > 0; };
  if (given(incidents_)) inputs.incidents = v.incidents;
  if (given(wards_)) inputs.wards.path = v.wards;
  if (given(population_)) inputs.wards.population_csv = v.population;
  if (given(crs_)) inputs.ingest.crs = v.crs;
  if (given(x_)) inputs.ingest.x_column = v.x_column;
  if (given(y_)) inputs.ingest.y_column = v.y_column;
  if (given(category_)) inputs.ingest.category_column = v.category_column;
  if (given(time_)) inputs.ingest.time_column = v.time_column;
  if (given(id_)) inputs.ingest.id_column = v.id_column;
  if (given(mapping_)) inputs.category_mapping = v.mapping;
  if (v.date_order == "iso") inputs.ingest.date_order = ingest::DateOrder::iso;
  if (v.date_order == "uk") inputs.ingest.date_order = ingest::DateOrder::day_first;
  inputs.ingest.progress = terminal_progress(quiet);
  inputs.threads = v.threads;
  return inputs;
}

}  // namespace hotspot::cli
