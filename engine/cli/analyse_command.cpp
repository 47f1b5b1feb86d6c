// `hotspot analyse`: options → analyse::run → a short report on stderr.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "engine/analyse/analyse.hpp"
#include "engine/cli/commands.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/density/kernel.hpp"

namespace hotspot::cli {

void say(bool quiet, const std::string& message) {
  if (!quiet) std::cerr << message << "\n";
}

namespace {

struct AnalyseFlags {
  std::vector<std::string> incidents;
  std::string wards, population, config, out, from, to, mapping, date_order = "auto";
  std::string x_column, y_column, category_column, time_column, id_column, crs;
  std::string code_field, name_field, population_field;
  double priority_ratio = 1.5;
  bool public_mode = false, no_tiles = false, no_viewer = false, quiet = false;
  int minimum_count = 5, min_zoom = 8, max_zoom = 16, threads = 2;
  double cell_m = 0, bandwidth_m = 0;
  std::string kernel;
  std::vector<std::string> sensitive;
  bool auto_bandwidth = false, edge_correction = false;
};

int32_t month_option(const std::string& text, const char* flag) {
  unsigned year = 0, month = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4u-%2u%c", &year, &month, &extra) != 2 || month < 1 || month > 12)
    throw UsageError(std::string(flag) + " '" + text + "': expected YYYY-MM, e.g. 2025-04");
  return civil_time::month_index(year, month);
}

void report(const nlohmann::ordered_json& summary, const std::string& out, bool quiet) {
  if (quiet) return;
  const auto& rows = summary["rows"];
  std::cerr << "Rows: " << rows["read"] << " read, " << rows["accepted"] << " accepted (" << rows["in_wards"]
            << " in wards, " << rows["outside"] << " outside the study area), " << rows["rejected"]
            << " rejected (see rejects.csv)\n";
  std::cerr << "Period: " << summary["period"]["from"].get<std::string>() << " to "
            << summary["period"]["to"].get<std::string>() << "\n";
  const auto& priority = summary["wards"]["priority"];
  if (!priority.empty()) {
    std::cerr << "Priority wards (significantly above the area rate):\n";
    for (size_t i = 0; i < priority.size() && i < 5; ++i)
      std::cerr << "  " << priority[i]["rank"] << ". " << priority[i]["ward_name"].get<std::string>() << " ("
                << priority[i]["ward_code"].get<std::string>() << "): " << std::round(priority[i]["rate_ratio"].get<double>() * 100) / 100
                << "x the area rate\n";
  }
  for (const auto& note : summary["notes"]) std::cerr << "Note: " << note.get<std::string>() << "\n";
  std::cerr << "Results in " << out << "\n";
}

}  // namespace

void add_analyse(CLI::App& app, Commands& commands, const std::vector<std::string>& command_line) {
  auto flags = std::make_shared<AnalyseFlags>();
  CLI::App* command = app.add_subcommand("analyse", "Ward profiles, hotspots, tiles and the viewer for a study area");
  command->alias("analyze");
  auto* incidents = command->add_option("--incidents", flags->incidents, "Incident files or folders (police.uk CSVs, CSV exports, GDAL point layers)");
  auto* wards = command->add_option("--wards", flags->wards, "Ward boundaries (any GDAL polygon layer)");
  auto* population = command->add_option("--population", flags->population, "CSV of ward_code,population");
  command->add_option("--config", flags->config, "hotspot.toml with inputs, columns, period and layers");
  command->add_option("--out", flags->out, "Output folder")->required();
  auto* from = command->add_option("--from", flags->from, "First month of the study period (YYYY-MM)");
  auto* to = command->add_option("--to", flags->to, "Last month of the study period (YYYY-MM)");
  auto* x = command->add_option("--x-column", flags->x_column, "Column with x / easting / longitude");
  auto* y = command->add_option("--y-column", flags->y_column, "Column with y / northing / latitude");
  auto* category = command->add_option("--category-column", flags->category_column, "Column with the offence category");
  auto* time = command->add_option("--time-column", flags->time_column, "Column with the date and time");
  auto* id = command->add_option("--id-column", flags->id_column, "Column with the incident id (for duplicate checks)");
  auto* crs = command->add_option("--crs", flags->crs, "CRS of the x/y columns, e.g. EPSG:27700");
  command->add_option("--date-order", flags->date_order, "auto | iso | uk (dd/mm/yyyy)")->check(CLI::IsMember({"auto", "iso", "uk"}));
  auto* code_field = command->add_option("--ward-code-field", flags->code_field, "Ward code field (default: WDxxCD, ward_code...)");
  auto* name_field = command->add_option("--ward-name-field", flags->name_field, "Ward name field (default: WDxxNM, ward_name...)");
  auto* population_field = command->add_option("--population-field", flags->population_field, "Ward layer field with residents");
  auto* mapping = command->add_option("--category-mapping", flags->mapping, "CSV name,slug mapping a force's offence names onto categories");
  auto* ratio = command->add_option("--priority-ratio", flags->priority_ratio, "Priority wards: at least this multiple of the area rate (default 1.5)");
  auto* public_mode = command->add_flag("--public", flags->public_mode, "Outputs for the public: no incident points, small counts suppressed");
  auto* sensitive = command->add_option("--sensitive", flags->sensitive, "Public mode: category slugs left out of every output");
  auto* minimum = command->add_option("--minimum-count", flags->minimum_count, "Public outputs: smallest count shown (default 5)");
  auto* min_zoom = command->add_option("--minzoom", flags->min_zoom, "Lowest tile zoom (default 8)");
  auto* max_zoom = command->add_option("--maxzoom", flags->max_zoom, "Highest tile zoom (default 16)");
  auto* cell = command->add_option("--cell", flags->cell_m, "Density cell size in metres (default: study area's shorter side / 150)");
  auto* bandwidth = command->add_option("--bandwidth", flags->bandwidth_m, "Density bandwidth in metres (default: 5 cells)");
  auto* kernel = command->add_option("--kernel", flags->kernel, "quartic (default), epanechnikov, triangular, uniform, gaussian");
  auto* auto_bandwidth = command->add_flag("--auto-bandwidth", flags->auto_bandwidth, "Choose the bandwidth by likelihood cross-validation");
  auto* edge = command->add_flag("--edge-correction", flags->edge_correction, "Divide density by the kernel mass inside the study area");
  command->add_flag("--no-tiles", flags->no_tiles, "Skip tiles.pmtiles");
  command->add_flag("--no-viewer", flags->no_viewer, "Do not copy the viewer into the output folder");
  command->add_option("--threads", flags->threads, "Threads (default 2; results do not depend on it)");
  command->add_flag("--quiet,-q", flags->quiet, "No progress or report on stderr");

  commands.handlers.emplace_back(command, [=] {
    analyse::AnalyseOptions options;
    if (!flags->config.empty()) analyse::load_config(flags->config, options);
    options.command_line = command_line;
    auto given = [](CLI::Option* option) { return option->count() > 0; };
    if (given(incidents)) options.incidents = flags->incidents;
    if (given(wards)) options.wards.path = flags->wards;
    if (given(population)) options.wards.population_csv = flags->population;
    if (given(code_field)) options.wards.code_field = flags->code_field;
    if (given(name_field)) options.wards.name_field = flags->name_field;
    if (given(population_field)) options.wards.population_field = flags->population_field;
    if (given(x)) options.ingest.x_column = flags->x_column;
    if (given(y)) options.ingest.y_column = flags->y_column;
    if (given(category)) options.ingest.category_column = flags->category_column;
    if (given(time)) options.ingest.time_column = flags->time_column;
    if (given(id)) options.ingest.id_column = flags->id_column;
    if (given(crs)) options.ingest.crs = flags->crs;
    if (flags->date_order == "iso") options.ingest.date_order = ingest::DateOrder::iso;
    if (flags->date_order == "uk") options.ingest.date_order = ingest::DateOrder::day_first;
    if (given(mapping)) options.category_mapping = flags->mapping;
    if (given(from)) options.profile.from_month = month_option(flags->from, "--from");
    if (given(to)) options.profile.to_month = month_option(flags->to, "--to");
    if (given(ratio)) options.profile.priority_ratio = flags->priority_ratio;
    if (given(public_mode)) options.public_mode = flags->public_mode;
    if (given(minimum)) options.minimum_count = flags->minimum_count;
    if (given(sensitive)) options.sensitive_categories = flags->sensitive;
    if (options.minimum_count < 1) throw UsageError("--minimum-count must be at least 1");
    if (given(min_zoom)) options.min_zoom = flags->min_zoom;
    if (given(max_zoom)) options.max_zoom = flags->max_zoom;
    if (given(cell)) options.hotspots.cell_size_m = flags->cell_m;
    if (given(bandwidth)) options.hotspots.bandwidth_m = flags->bandwidth_m;
    if (given(kernel)) options.hotspots.kernel = density::parse_kernel(flags->kernel);
    if (given(auto_bandwidth)) options.hotspots.auto_bandwidth = flags->auto_bandwidth;
    if (given(edge)) options.hotspots.edge_correction = flags->edge_correction;
    if (options.profile.from_month && options.profile.to_month && *options.profile.from_month > *options.profile.to_month)
      throw UsageError("--from is after --to");
    if (options.min_zoom < 0 || options.max_zoom > 22 || options.min_zoom > options.max_zoom)
      throw UsageError("zooms must satisfy 0 <= --minzoom <= --maxzoom <= 22");
    options.tiles = !flags->no_tiles;
    options.viewer = !flags->no_viewer;
    options.quiet = flags->quiet;
    if (!flags->quiet && isatty(STDERR_FILENO))
      options.on_stage = [](const std::string& stage, double seconds) {
        std::fprintf(stderr, "%-9s done in %.2f s\n", stage.c_str(), seconds);
      };
    options.threads = std::max(1, flags->threads);
    options.out_dir = flags->out;
    const nlohmann::ordered_json summary = analyse::run(options);
    report(summary, flags->out, flags->quiet);
    return 0;
  });
}

}  // namespace hotspot::cli
