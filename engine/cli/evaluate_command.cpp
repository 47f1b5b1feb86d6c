// `hotspot evaluate`: fit hotspot methods on one period, score them on the next (PAI, RRI, PEI).
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/analyse/evaluation.hpp"
#include "engine/cli/commands.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::cli {

namespace {

// "2025-01:2025-06" → months, inclusive.
hotspots::MonthRange parse_range(const std::string& text, const char* flag) {
  unsigned y0 = 0, m0 = 0, y1 = 0, m1 = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4u-%2u:%4u-%2u%c", &y0, &m0, &y1, &m1, &extra) != 4 || m0 < 1 || m0 > 12 || m1 < 1 || m1 > 12)
    throw UsageError(std::string(flag) + " '" + text + "': expected FROM:TO months, e.g. 2025-01:2025-06");
  const hotspots::MonthRange range{civil_time::month_index(y0, m0), civil_time::month_index(y1, m1)};
  if (range.from_month > range.to_month) throw UsageError(std::string(flag) + " '" + text + "': FROM is after TO");
  return range;
}

}  // namespace

void add_evaluate(CLI::App& app, Commands& commands) {
  struct Flags {
    std::vector<std::string> incidents;
    std::string config, wards, crs, fit, test, out;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("evaluate", "Fit hotspots on one period and score them on the next (PAI, RRI, PEI)");
  command->add_option("--config", flags->config, "hotspot.toml (inputs, columns, layers)");
  auto* incidents = command->add_option("--incidents", flags->incidents, "Incident files or folders");
  auto* wards = command->add_option("--wards", flags->wards, "Ward boundaries");
  auto* crs = command->add_option("--crs", flags->crs, "CRS of x/y columns in a CSV export");
  command->add_option("--fit", flags->fit, "Fit period FROM:TO (YYYY-MM:YYYY-MM); default: the months before --test");
  command->add_option("--test", flags->test, "Test period FROM:TO; default: the last months (up to 12), half the data");
  command->add_option("--out", flags->out, "Output folder for evaluation.csv and evaluation.md")->required();
  command->add_flag("--quiet,-q", flags->quiet, "Do not print the table");
  commands.handlers.emplace_back(command, [=] {
    analyse::AnalyseOptions options;
    if (!flags->config.empty()) analyse::load_config(flags->config, options);
    if (incidents->count()) options.incidents = flags->incidents;
    if (wards->count()) options.wards.path = flags->wards;
    if (crs->count()) options.ingest.crs = flags->crs;
    options.out_dir = flags->out;
    options.quiet = flags->quiet;
    analyse::EvaluationPeriods periods;
    if (!flags->fit.empty()) periods.fit = parse_range(flags->fit, "--fit");
    if (!flags->test.empty()) periods.test = parse_range(flags->test, "--test");
    analyse::run_evaluation(options, periods);
    if (!flags->quiet) {
      std::ifstream table(flags->out + "/evaluation.md");
      std::cout << table.rdbuf();
    }
    return 0;
  });
}

}  // namespace hotspot::cli
