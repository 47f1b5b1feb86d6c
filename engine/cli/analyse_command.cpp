// `hotspot analyse`: options → analyse::run → a short report on stderr.
#include <iostream>
#include <memory>

#include "engine/analyse/analyse.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/interrupt.hpp"
#include "engine/cli/terminal.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/density/kernel.hpp"

namespace hotspot::cli {

void say(bool quiet, const std::string& message) {
  if (!quiet) std::cerr << message << "\n";
}

namespace {

struct AnalyseFlags {
  std::vector<std::string> incidents;
  std::string wards, population, config, out, from, to, mapping, date_order = "auto",
                                                                 encoding = "auto";
  std::string x_column, y_column, category_column, time_column, id_column, street_column, crs;
  std::string code_field, name_field, population_field;
  double priority_ratio = 1.5;
  bool public_mode = false, no_tiles = false, no_viewer = false, quiet = false;
  std::string rejects;
  int minimum_count = 5, min_zoom = 8, max_zoom = 15, threads = 2;
  double cell_m = 0, bandwidth_m = 0;
  std::string kernel, basemap, basemap_style;
  bool pdf = false, no_gpkg = false;
  std::string db, db_schema = "hotspot", incidents_sql, wards_sql;
  std::vector<std::string> sensitive;
  bool edge_correction = false;
  std::string area_budget, method, harm_weights;
  std::string baseline, peers, risk_population, risk_field, risk_measure, time_step;
  double risk_floor = 100;
  bool no_emerging = false;
};

int32_t month_option(const std::string& text, const char* flag) {
  if (const auto month = parse_month(text)) return *month;
  throw UsageError(std::string(flag) + " '" + text + "': expected YYYY-MM, e.g. 2025-04");
}

void report(const nlohmann::ordered_json& summary, const analyse::AnalyseOptions& options,
            bool quiet) {
  if (quiet) return;
  const std::string& out = options.out_dir;
  const auto& rows = summary["rows"];
  const std::string rejects = !options.rejects_path.empty() ? "see " + options.rejects_path
                              : options.disclosure.public_output
                                  ? "not listed in public mode; use --rejects FILE"
                                  : "see rejects.csv";
  std::cerr << "Rows: " << rows["read"] << " read, " << rows["accepted"] << " accepted ("
            << rows["in_wards"] << " in wards, " << rows["outside"] << " outside the study area), "
            << rows["rejected"] << " rejected (" << rejects << ")\n";
  std::cerr << "Period: " << summary["period"]["from"].get<std::string>() << " to "
            << summary["period"]["to"].get<std::string>() << "\n";
  const auto& priority = summary["wards"]["priority"];
  if (!priority.empty()) {
    std::cerr << "Priority wards (significantly above the area rate):\n";
    for (size_t i = 0; i < priority.size() && i < 5; ++i)
      std::cerr << "  " << priority[i]["rank"] << ". "
                << priority[i]["ward_name"].get<std::string>() << " ("
                << priority[i]["ward_code"].get<std::string>()
                << "): " << std::round(priority[i]["rate_ratio"].get<double>() * 100) / 100
                << "x the area rate\n";
  }
  std::cerr << "Patrol areas (ranked in hotspots.csv and briefing.md):\n";
  for (const auto& layer : summary["layers"]) {
    std::cerr << "  " << layer["title"].get<std::string>() << ": " << layer["hotspot_areas"]
              << " areas in " << layer["area_budget"].get<std::string>() << ", from "
              << layer["method"]["name"].get<std::string>();
    if (layer["when"].is_string()) std::cerr << "; " << layer["when"].get<std::string>();
    std::cerr << "\n";
  }
  for (const auto& note : summary["notes"])
    std::cerr << "Note: " << note.get<std::string>() << "\n";
  std::cerr << "Results in " << out << "\n";
}

}  // namespace

void add_analyse(CLI::App& app, Commands& commands, const std::vector<std::string>& command_line) {
  auto flags = std::make_shared<AnalyseFlags>();
  CLI::App* command = app.add_subcommand(
      "analyse", "Ward profiles, hotspots, tiles and the viewer for a study area");
  command->alias("analyze");
  auto* incidents = command->add_option(
      "--incidents", flags->incidents,
      "Incident files or folders (police.uk CSVs, CSV exports, GDAL point layers)");
  auto* wards =
      command->add_option("--wards", flags->wards, "Ward boundaries (any GDAL polygon layer)");
  auto* population =
      command->add_option("--population", flags->population, "CSV of ward_code,population");
  command->add_option("--config", flags->config,
                      "hotspot.toml with inputs, columns, period and layers");
  command->add_option("--out", flags->out, "Output folder")->required();
  auto* from =
      command->add_option("--from", flags->from, "First month of the study period (YYYY-MM)");
  auto* to = command->add_option("--to", flags->to, "Last month of the study period (YYYY-MM)");
  auto* x =
      command->add_option("--x-column", flags->x_column, "Column with x / easting / longitude");
  auto* y =
      command->add_option("--y-column", flags->y_column, "Column with y / northing / latitude");
  auto* category = command->add_option("--category-column", flags->category_column,
                                       "Column with the offence category");
  auto* time =
      command->add_option("--time-column", flags->time_column, "Column with the date and time");
  auto* id = command->add_option("--id-column", flags->id_column,
                                 "Column with the incident id (for duplicate checks)");
  auto* street = command->add_option(
      "--street-column", flags->street_column,
      "Column with the street or place (police.uk: Location), to name hotspot areas");
  auto* crs = command->add_option("--crs", flags->crs, "CRS of the x/y columns, e.g. EPSG:27700");
  command->add_option("--date-order", flags->date_order, "auto | iso | uk (dd/mm/yyyy)")
      ->check(CLI::IsMember({"auto", "iso", "uk"}));
  command
      ->add_option("--encoding", flags->encoding,
                   "Text encoding of CSV files: auto (UTF-8, Windows-1252 for rows that are "
                   "not UTF-8) | utf-8 | windows-1252")
      ->check(CLI::IsMember({"auto", "utf-8", "windows-1252"}));
  auto* code_field = command->add_option("--ward-code-field", flags->code_field,
                                         "Ward code field (default: WDxxCD, ward_code...)");
  auto* name_field = command->add_option("--ward-name-field", flags->name_field,
                                         "Ward name field (default: WDxxNM, ward_name...)");
  auto* population_field = command->add_option("--population-field", flags->population_field,
                                               "Ward layer field with residents");
  auto* mapping =
      command->add_option("--category-mapping", flags->mapping,
                          "CSV name,slug mapping a force's offence names onto categories");
  auto* ratio =
      command->add_option("--priority-ratio", flags->priority_ratio,
                          "Priority wards: at least this multiple of the area rate (default 1.5)");
  auto* public_mode =
      command->add_flag("--public", flags->public_mode,
                        "Outputs for the public: no incident points, small counts suppressed");
  auto* sensitive = command->add_option("--sensitive", flags->sensitive,
                                        "Public mode: category slugs left out of every output");
  auto* minimum = command->add_option("--minimum-count", flags->minimum_count,
                                      "Public outputs: smallest count shown (default 5)");
  auto* min_zoom =
      command->add_option("--minzoom", flags->min_zoom, "Lowest tile zoom (default 8)");
  auto* max_zoom =
      command->add_option("--maxzoom", flags->max_zoom,
                          "Highest tile zoom stored (default 15; the viewer zooms deeper)");
  auto* cell = command->add_option("--cell", flags->cell_m,
                                   "Grid cell size in metres (default 100: street level)");
  auto* bandwidth =
      command->add_option("--bandwidth", flags->bandwidth_m,
                          "The density map's bandwidth in metres (default: the chosen forecast's)");
  auto* area_budget = command->add_option(
      "--area-budget", flags->area_budget,
      "Share of the study area the patrol areas cover, e.g. 1% (default) or 5km2");
  auto* method = command->add_option(
      "--method", flags->method,
      "Forecast: auto (chosen by backtest, default) or a method such as kde-250");
  auto* harm = command->add_option("--harm-weights", flags->harm_weights,
                                   "CSV category,weight: rank patrol areas by expected harm");
  auto* kernel = command->add_option(
      "--kernel", flags->kernel, "quartic (default), epanechnikov, triangular, uniform, gaussian");
  auto* edge = command->add_flag("--edge-correction", flags->edge_correction,
                                 "Divide density by the kernel mass inside the study area");
  command->add_flag("--no-tiles", flags->no_tiles, "Skip tiles.pmtiles");
  command->add_flag("--no-gpkg", flags->no_gpkg, "Skip hotspot.gpkg");
  auto* db = command->add_option("--db", flags->db,
                                 "Also write the GeoPackage's tables to PostgreSQL/PostGIS: "
                                 "PG:\"dbname=... host=... user=...\"");
  auto* db_schema = command->add_option("--db-schema", flags->db_schema,
                                        "Schema for --db (default hotspot); its earlier tables "
                                        "are replaced in one transaction");
  auto* incidents_sql = command->add_option(
      "--incidents-sql", flags->incidents_sql,
      "SQL that selects the incidents from a database given with --incidents PG:...");
  auto* wards_sql =
      command->add_option("--wards-sql", flags->wards_sql,
                          "SQL that selects the areas from a database given with --wards PG:...");
  auto* rejects = command->add_option("--rejects", flags->rejects,
                                      "Where rejected rows (raw records) go (default "
                                      "OUT/rejects.csv; with --public only a file outside OUT)");
  command->add_flag("--no-viewer", flags->no_viewer,
                    "Do not copy the viewer into the output folder");
  auto* basemap = command->add_option(
      "--basemap", flags->basemap,
      "Basemap beneath the map: an offline FILE.pmtiles (OS Open Zoomstack, Protomaps) or a "
      "style URL");
  auto* basemap_style = command->add_option(
      "--basemap-style", flags->basemap_style,
      "MapLibre style JSON to draw the --basemap archive with (default: a plain generic style)");
  command->add_flag("--pdf", flags->pdf,
                    "Also write briefing.pdf (A4) from briefing.html with Debian's chromium");
  auto* baseline = command->add_option(
      "--baseline", flags->baseline,
      "Compare with: previous (the equal period just before; default), last-year (the same "
      "months a year earlier) or months FROM:TO (YYYY-MM:YYYY-MM)");
  auto* peers = command->add_option(
      "--peers", flags->peers,
      "CSV of reference counts (England and Most Similar Group): area,role,category,count,"
      "population[,months]; writes peers.csv and peers.md");
  auto* risk_population = command->add_option(
      "--population-at-risk", flags->risk_population,
      "Residents or dwellings (any GDAL point or polygon layer, or 'wards' for the ward "
      "populations): risk surfaces density/<layer>_risk.tif");
  auto* risk_field = command->add_option("--population-at-risk-field", flags->risk_field,
                                         "Field of --population-at-risk with the residents or "
                                         "dwellings (default: 1 per point; polygons: detected)");
  auto* risk_measure = command->add_option("--risk-measure", flags->risk_measure,
                                           "ratio (default), log-ratio or difference");
  auto* risk_floor = command->add_option(
      "--risk-floor", flags->risk_floor,
      "Risk surfaces are nodata where fewer than this population at risk lies within the "
      "bandwidth (default 100)");
  auto* time_step = command->add_option(
      "--time-step", flags->time_step,
      "Emerging hot spots: week, month, quarter, 'N days' or 'N months' (default: from the data's "
      "span, as sfhotspot)");
  command->add_flag("--no-emerging", flags->no_emerging, "Skip emerging hot spots");
  command->add_option("--threads", flags->threads,
                      "Threads (default 2; results do not depend on it)");
  command->add_flag("--quiet,-q", flags->quiet, "No progress or report on stderr");

  commands.handlers.emplace_back(command, [=] {
    analyse::AnalyseOptions options;
    if (!flags->config.empty()) analyse::load_config(flags->config, options);
    options.command_line = command_line;
    auto given = [](CLI::Option* option) { return option->count() > 0; };
    study::StudyOptions& inputs = options.inputs;
    if (given(incidents)) inputs.incidents = flags->incidents;
    if (given(wards)) inputs.wards.path = flags->wards;
    if (given(population)) inputs.wards.population_csv = flags->population;
    if (given(code_field)) inputs.wards.code_field = flags->code_field;
    if (given(name_field)) inputs.wards.name_field = flags->name_field;
    if (given(population_field)) inputs.wards.population_field = flags->population_field;
    if (given(x)) inputs.ingest.x_column = flags->x_column;
    if (given(y)) inputs.ingest.y_column = flags->y_column;
    if (given(category)) inputs.ingest.category_column = flags->category_column;
    if (given(time)) inputs.ingest.time_column = flags->time_column;
    if (given(id)) inputs.ingest.id_column = flags->id_column;
    if (given(street)) inputs.ingest.street_column = flags->street_column;
    if (given(crs)) inputs.ingest.crs = flags->crs;
    if (flags->date_order == "iso") inputs.ingest.date_order = ingest::DateOrder::iso;
    if (flags->date_order == "uk") inputs.ingest.date_order = ingest::DateOrder::day_first;
    if (flags->encoding != "auto") parse_text_encoding(flags->encoding, inputs.ingest.encoding);
    if (given(mapping)) inputs.category_mapping = flags->mapping;
    inputs.ingest.progress = terminal_progress(flags->quiet);
    inputs.threads = flags->threads;
    if (given(from)) options.profile.from_month = month_option(flags->from, "--from");
    if (given(to)) options.profile.to_month = month_option(flags->to, "--to");
    if (given(ratio)) options.profile.priority_ratio = flags->priority_ratio;
    if (given(public_mode)) options.disclosure.public_output = flags->public_mode;
    if (given(minimum)) options.disclosure.minimum_count = flags->minimum_count;
    if (given(sensitive)) options.disclosure.sensitive_categories = flags->sensitive;
    if (given(min_zoom)) options.tiles.min_zoom = flags->min_zoom;
    if (given(max_zoom)) options.tiles.max_zoom = flags->max_zoom;
    if (flags->no_tiles) options.tiles.write = false;
    if (flags->no_gpkg) options.gis.geopackage = false;
    if (given(db)) options.gis.database.connection = flags->db;
    if (given(db_schema)) options.gis.database.schema = flags->db_schema;
    if (given(incidents_sql)) inputs.ingest.sql = flags->incidents_sql;
    if (given(wards_sql)) inputs.wards.sql = flags->wards_sql;
    if (given(cell)) options.hotspots.cell_size_m = flags->cell_m;
    if (given(bandwidth)) options.hotspots.bandwidth_m = flags->bandwidth_m;
    if (given(kernel)) options.hotspots.kernel = density::parse_kernel(flags->kernel);
    if (given(area_budget))
      options.hotspots.area_budget =
          hotspots::parse_area_budget(flags->area_budget, "--area-budget");
    if (given(method)) options.hotspots.method = flags->method;
    if (given(harm)) options.hotspots.harm_weights_path = flags->harm_weights;
    if (given(edge)) options.hotspots.edge_correction = flags->edge_correction;
    options.viewer = !flags->no_viewer;
    if (given(rejects)) options.rejects_path = flags->rejects;
    if (given(basemap)) options.basemap = flags->basemap;
    if (given(basemap_style)) options.basemap_style = flags->basemap_style;
    options.briefing_pdf = flags->pdf;
    if (given(baseline)) options.profile.baseline = profile::parse_baseline(flags->baseline);
    if (given(peers)) options.peers_path = flags->peers;
    if (given(risk_population)) options.risk.path = flags->risk_population;
    if (given(risk_field)) options.risk.field = flags->risk_field;
    if (given(risk_measure))
      options.risk.measure = density::parse_risk_measure(flags->risk_measure);
    if (given(risk_floor)) options.risk.floor = flags->risk_floor;
    if (given(time_step)) options.emerging.time_step = emerging::parse_time_step(flags->time_step);
    if (flags->no_emerging) options.emerging.enabled = false;
    options.on_stage = terminal_stages(flags->quiet);
    options.out_dir = flags->out;
    remove_temporary_files_on_interrupt(options.out_dir);
    const nlohmann::ordered_json summary = analyse::run(options);
    report(summary, options, flags->quiet);
    return 0;
  });
}

}  // namespace hotspot::cli
