// `hotspot impact`: did an operation work? Before/after in its area against a comparison area
// and the same weeks last year, with displacement into a buffer ring; the work is
// impact::run_impact, this file only maps flags and reports.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/cli/study_flags.hpp"
#include "engine/cli/terminal.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/impact/run.hpp"

namespace hotspot::cli {

namespace {

// --from/--to: both days (YYYY-MM-DD) or both months (YYYY-MM, for police.uk data).
void set_period(const std::string& from, const std::string& to, impact::ImpactOptions& options) {
  const std::string usage =
      "--from '" + from + "' --to '" + to +
      "': give the operation's first and last day as YYYY-MM-DD (e.g. --from 2026-06-01 --to "
      "2026-06-14), or months as YYYY-MM for data that gives the month only (police.uk)";
  if (const auto first = parse_day(from)) {
    const auto last = parse_day(to);
    if (!last) throw UsageError(usage);
    options.unit = impact::PeriodUnit::day;
    options.from = *first;
    options.to = *last;
    return;
  }
  const auto first = parse_month(from), last = parse_month(to);
  if (!first || !last) throw UsageError(usage);
  options.unit = impact::PeriodUnit::month;
  options.from = *first;
  options.to = *last;
}

}  // namespace

void add_impact(CLI::App& app, Commands& commands) {
  struct Flags {
    StudyFlags study;
    std::string category, area, area_field, area_id, hotspot, analysis, from, to,
        comparison = "district", title, out;
    int weeks = 0;
    double buffer_m = 250;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "impact",
      "Did an operation work? Before/after in its area against a comparison area and last year "
      "(difference-in-differences), with displacement into a buffer ring (WDQ)");
  flags->study.add_to(*command);
  command->add_option("--out", flags->out, "Output folder")->required();
  command->add_option("--category", flags->category, "Category slug, e.g. anti-social-behaviour")
      ->required();
  command->add_option("--area", flags->area, "The operation's area: a polygon file (GDAL)");
  command->add_option("--area-field", flags->area_field,
                      "With --area: the field that names areas (use with --area-id)");
  command->add_option("--area-id", flags->area_id, "With --area: only the area with this id");
  command->add_option("--hotspot", flags->hotspot,
                      "The operation's area: a hotspot area id (e.g. anti-social-behaviour-1)");
  command->add_option("--analysis", flags->analysis,
                      "With --hotspot: the analyse output folder holding hotspots.geojson");
  command->add_option("--from", flags->from, "The operation's first day (YYYY-MM-DD or YYYY-MM)")
      ->required();
  command->add_option("--to", flags->to, "The operation's last day (YYYY-MM-DD or YYYY-MM)")
      ->required();
  command->add_option("--weeks", flags->weeks,
                      "Weeks compared before and from the start (default: the operation's length, "
                      "at least 4)");
  command->add_option("--buffer", flags->buffer_m,
                      "Width of the buffer ring for displacement, metres (default 250)");
  command->add_option("--comparison", flags->comparison,
                      "district (the rest of the study area; default), wards (the rest of the "
                      "wards the area touches) or a polygon FILE");
  command->add_option("--title", flags->title, "A title for impact.md, e.g. the operation's name");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");

  commands.handlers.emplace_back(command, [=] {
    impact::ImpactOptions options;
    options.inputs = flags->study.options(flags->quiet);
    options.category = flags->category;
    options.area_path = flags->area;
    options.area_id_field = flags->area_field;
    options.area_id = flags->area_id;
    if (!flags->area_id.empty() && flags->area_field.empty())
      throw UsageError("--area-id needs --area-field: the field that holds the ids");
    options.hotspot_id = flags->hotspot;
    options.analysis_dir = flags->analysis;
    set_period(flags->from, flags->to, options);
    options.weeks = flags->weeks;
    options.buffer_m = flags->buffer_m;
    if (flags->comparison == "wards") {
      options.comparison = impact::ComparisonKind::wards;
    } else if (flags->comparison == "district") {
      options.comparison = impact::ComparisonKind::district;
    } else {
      options.comparison = impact::ComparisonKind::polygon;
      options.comparison_path = flags->comparison;
    }
    options.title = flags->title;
    options.out_dir = flags->out;
    options.on_stage = terminal_stages(flags->quiet);
    const impact::ImpactResult result = impact::run_impact(options);
    if (!flags->quiet) {
      std::cerr << result.headline << "\n";
      if (!result.against_last_year.available)
        std::cerr << "No comparison with last year: " << result.against_last_year.reason << "\n";
      std::cerr << "Displacement: " << result.displacement.reading << "\n";
      for (const auto& note : result.notes) std::cerr << "Note: " << note << "\n";
      std::cerr << "Results in " << flags->out
                << " (impact.md, impact.csv, impact_areas.geojson)\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
