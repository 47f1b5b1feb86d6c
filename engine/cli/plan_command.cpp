// `hotspot plan`: a days-of-action rota from an analyse output folder (the analysis is read, not
// re-run); the work is plan::run_plan, this file only maps flags and reports.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/plan/run.hpp"

namespace hotspot::cli {

namespace {

// "burglary=2,anti-social-behaviour=1,wards=0.5" → layer → weight.
std::map<std::string, double> parse_weights(const std::string& text) {
  std::map<std::string, double> weights;
  const std::string usage =
      "--weights '" + text +
      "': give LAYER=WEIGHT pairs separated by commas, e.g. --weights "
      "burglary=2,anti-social-behaviour=1,wards=0.5 (layer names as in the analysis; wards: the "
      "priority wards)";
  size_t from = 0;
  while (from <= text.size() && !text.empty()) {
    const size_t comma = std::min(text.find(',', from), text.size());
    const std::string pair = text.substr(from, comma - from);
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) throw UsageError(usage);
    try {
      size_t used = 0;
      const double weight = std::stod(pair.substr(equals + 1), &used);
      if (used != pair.size() - equals - 1) throw UsageError(usage);
      if (!weights.emplace(pair.substr(0, equals), weight).second)
        throw UsageError("--weights gives '" + pair.substr(0, equals) + "' twice");
    } catch (const std::logic_error&) {  // std::stod: not a number
      throw UsageError(usage);
    }
    from = comma + 1;
  }
  return weights;
}

}  // namespace

void add_plan(CLI::App& app, Commands& commands) {
  struct Flags {
    std::string analysis, out, start, weights, history;
    int areas = 4, weeks = 8, gap = 3;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Days of action: a rota of K areas a week from the priority wards and the hotspot areas of "
      "an analyse output folder, with a print pack per area");
  command->add_option("--analysis", flags->analysis, "The analyse output folder")->required();
  command->add_option("--out", flags->out, "Output folder for the plan")->required();
  command->add_option("--areas", flags->areas, "Areas visited each week (default 4)");
  command->add_option("--weeks", flags->weeks, "Weeks in the rota (default 8)");
  command->add_option("--start", flags->start,
                      "Week 1's date, YYYY-MM-DD (default: the first Monday after the analysed "
                      "period; at most 13 weeks after it)");
  command->add_option("--gap", flags->gap,
                      "Weeks before an area may return (default 3: visited in week 1, again from "
                      "week 4)");
  command->add_option("--weights", flags->weights,
                      "Weights by layer, e.g. burglary=2,anti-social-behaviour=1,wards=0.5 "
                      "(default 1 each; 0 leaves a layer out)");
  command->add_option("--history", flags->history,
                      "A previous plan.csv: its areas wait --gap weeks from their last visit");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");

  commands.handlers.emplace_back(command, [=] {
    plan::PlanOptions options;
    options.analysis_dir = flags->analysis;
    options.out_dir = flags->out;
    options.areas_per_week = flags->areas;
    options.weeks = flags->weeks;
    options.gap_weeks = flags->gap;
    if (!flags->start.empty()) {
      options.start_day = parse_day(flags->start);
      if (!options.start_day)
        throw UsageError("--start '" + flags->start +
                         "' is not a date: give week 1's date as YYYY-MM-DD, e.g. 2026-11-02");
    }
    options.weights = parse_weights(flags->weights);
    options.history_path = flags->history;
    const plan::PlanResult result = plan::run_plan(options);
    if (!flags->quiet) {
      std::cerr << "Rota: " << options.weeks << " weeks from " << day_label(result.start_day)
                << ", " << result.visits.size() << " visits to " << result.candidates.list.size()
                << " candidate areas\n";
      for (const auto& note : result.notes) std::cerr << "Note: " << note << "\n";
      std::cerr << "Results in " << flags->out << " (plan.md, plan.csv, plan.geojson, plan.html)\n";
    }
    return 0;
  });
}

}  // namespace hotspot::cli
