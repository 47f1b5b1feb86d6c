// `hotspot nearrepeat`: the Knox test for near-repeat victimisation and cocoon zones around
// recent events; the work is nearrepeat::run_nearrepeat, this file only maps flags and reports.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/cli/study_flags.hpp"
#include "engine/cli/terminal.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/nearrepeat/run.hpp"

namespace hotspot::cli {

namespace {

int32_t day_option(const std::string& text, const char* flag) {
  if (const auto day = parse_day(text)) return *day;
  throw UsageError(std::string(flag) + " '" + text +
                   "': expected a date YYYY-MM-DD, e.g. 2026-06-01");
}

}  // namespace

void add_nearrepeat(CLI::App& app, Commands& commands) {
  struct Flags {
    StudyFlags study;
    std::string category = "burglary", from, to, distance = "euclidean", as_of, addresses,
                address_field, out;
    double spatial_bandwidth_m = 100, cocoon_distance_m = 0;
    int spatial_bands = 5, temporal_bandwidth_days = 14, temporal_bands = 5, permutations = 999,
        recent_days = 28, cocoon_days = 0;
    uint64_t seed = 1;
    bool same_location = false, public_mode = false, quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "nearrepeat",
      "Near-repeat test (Knox, as Ratcliffe's Near Repeat Calculator) and cocoon zones around "
      "recent burglaries; needs the day of each event (not police.uk)");
  flags->study.add_to(*command);
  command->add_option("--out", flags->out, "Output folder")->required();
  command->add_option("--category", flags->category, "Category slug (default burglary)");
  command->add_option("--from", flags->from, "First day of events to test (YYYY-MM-DD)");
  command->add_option("--to", flags->to, "Last day of events to test (YYYY-MM-DD)");
  command->add_option("--spatial-bandwidth", flags->spatial_bandwidth_m,
                      "Width of each distance band in metres (default 100)");
  command->add_option("--spatial-bands", flags->spatial_bands,
                      "Number of distance bands (default 5)");
  command->add_option("--temporal-bandwidth", flags->temporal_bandwidth_days,
                      "Width of each time band in days (default 14)");
  command->add_option("--temporal-bands", flags->temporal_bands,
                      "Number of time bands (default 5)");
  command->add_option("--distance", flags->distance, "euclidean (default) or manhattan");
  command->add_flag("--same-location", flags->same_location,
                    "A separate row for pairs at the very same location (as the calculator)");
  command->add_option("--permutations", flags->permutations,
                      "Monte Carlo permutations of the dates (default 999)");
  command->add_option("--seed", flags->seed, "Seed of the permutations (default 1)");
  command->add_option("--recent-days", flags->recent_days,
                      "Cocoon zones for events in the last N days (default 28)");
  command->add_option("--as-of", flags->as_of,
                      "The day the cocoon plan is for (default: the last day in the data)");
  command->add_option("--cocoon-distance", flags->cocoon_distance_m,
                      "Zone radius in metres (default: the Knox test's zone, else 200)");
  command->add_option("--cocoon-days", flags->cocoon_days,
                      "Zone length in days (default: the Knox test's zone, else 14)");
  command->add_option("--addresses", flags->addresses,
                      "Address points (any GDAL point layer): listed and counted per zone");
  command->add_option("--address-field", flags->address_field,
                      "Field with the address text (default: address, name, uprn...)");
  command->add_flag("--public", flags->public_mode,
                    "Refused: cocoon outputs are operational and never for publication");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");

  commands.handlers.emplace_back(command, [=] {
    nearrepeat::NearRepeatOptions options;
    options.public_output = flags->public_mode;
    options.inputs = flags->study.options(flags->quiet);
    options.out_dir = flags->out;
    options.selection.category = flags->category;
    if (!flags->from.empty()) options.selection.from_day = day_option(flags->from, "--from");
    if (!flags->to.empty()) options.selection.to_day = day_option(flags->to, "--to");
    nearrepeat::BandOptions& bands = options.knox.bands;
    bands.spatial_bandwidth_m = flags->spatial_bandwidth_m;
    bands.spatial_bands = flags->spatial_bands;
    bands.temporal_bandwidth_days = flags->temporal_bandwidth_days;
    bands.temporal_bands = flags->temporal_bands;
    bands.metric = nearrepeat::parse_distance_metric(flags->distance);
    bands.same_location_band = flags->same_location;
    options.knox.permutations = flags->permutations;
    options.knox.seed = flags->seed;
    options.knox.threads = options.inputs.threads;
    options.cocoon.recent_days = flags->recent_days;
    if (!flags->as_of.empty()) options.cocoon.as_of_day = day_option(flags->as_of, "--as-of");
    if (flags->cocoon_distance_m != 0) options.cocoon.distance_m = flags->cocoon_distance_m;
    if (flags->cocoon_days != 0) options.cocoon.days = flags->cocoon_days;
    options.addresses_path = flags->addresses;
    options.address_field = flags->address_field;
    options.on_stage = terminal_stages(flags->quiet);
    const nearrepeat::NearRepeatResult result = nearrepeat::run_nearrepeat(options);
    if (!flags->quiet) {
      std::cerr << result.summary << "\n";
      std::cerr << "Cocoon zones: " << result.plan.zones.size() << " "
                << nearrepeat::category_words(options.selection.category) << " from "
                << day_label(result.plan.first_day) << " to " << day_label(result.plan.as_of_day)
                << ", " << result.plan.distance_m << " m for " << result.plan.days << " days ("
                << result.plan.basis << ")";
      if (!options.addresses_path.empty())
        std::cerr << "; " << result.plan.unique_addresses << " addresses to visit";
      std::cerr << "\n";
      for (const auto& note : result.notes) std::cerr << "Note: " << note << "\n";
      for (const auto& [stage, seconds] : result.timings_s)
        if (stage == "knox")
          std::cerr << "Knox test: " << result.table.close_pairs << " close pairs, "
                    << result.table.permutations << " permutations in " << seconds << " s\n";
      std::cerr << "Results in " << flags->out << " (knox.md, knox.csv, cocoon_zones.geojson, "
                << "cocoon_zones.csv"
                << (options.addresses_path.empty() ? "" : ", cocoon_addresses.csv") << ")\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
