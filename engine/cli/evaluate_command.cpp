// `hotspot evaluate`: fit hotspot methods on one period, score them on the next (PAI, RRI, PEI).
#include <fstream>
#include <iostream>
#include <memory>

#include "engine/analyse/evaluation.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/terminal.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"

namespace hotspot::cli {

namespace {

// "2025-01:2025-06" → months, inclusive.
MonthRange parse_range(const std::string& text, const char* flag) {
  if (const auto range = parse_month_range(text)) return *range;
  throw UsageError(std::string(flag) + " '" + text +
                   "': expected FROM:TO months with FROM not after TO, e.g. 2025-01:2025-06");
}

}  // namespace

void add_evaluate(CLI::App& app, Commands& commands) {
  struct Flags {
    std::vector<std::string> incidents;
    std::string config, wards, crs, fit, test, out;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "evaluate", "Fit hotspots on one period and score them on the next (PAI, RRI, PEI)");
  command->add_option("--config", flags->config, "hotspot.toml (inputs, columns, layers)");
  auto* incidents =
      command->add_option("--incidents", flags->incidents, "Incident files or folders");
  auto* wards = command->add_option("--wards", flags->wards, "Ward boundaries");
  auto* crs = command->add_option("--crs", flags->crs, "CRS of x/y columns in a CSV export");
  command->add_option("--fit", flags->fit,
                      "Fit period FROM:TO (YYYY-MM:YYYY-MM); default: the months before --test");
  command->add_option("--test", flags->test,
                      "Test period FROM:TO; default: the last months (up to 12), half the data");
  command->add_option("--out", flags->out, "Output folder for evaluation.csv and evaluation.md")
      ->required();
  command->add_flag("--quiet,-q", flags->quiet, "Do not print the table");
  commands.handlers.emplace_back(command, [=] {
    analyse::AnalyseOptions options;
    if (!flags->config.empty()) analyse::load_config(flags->config, options);
    if (incidents->count()) options.inputs.incidents = flags->incidents;
    if (wards->count()) options.inputs.wards.path = flags->wards;
    if (crs->count()) options.inputs.ingest.crs = flags->crs;
    options.inputs.ingest.progress = terminal_progress(flags->quiet);
    options.on_stage = terminal_stages(flags->quiet);
    options.out_dir = flags->out;
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
