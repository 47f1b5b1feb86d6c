// `hotspot evaluate` as a library call: the analyse inputs (wards, incidents, join), then the
// hotspot methods fitted on one period and scored on the next (hotspots::evaluate).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/analyse/analyse.hpp"
#include "engine/hotspots/evaluate.hpp"

namespace hotspot::analyse {

struct EvaluationPeriods {
  std::optional<hotspots::MonthRange> fit, test;  // unset: the data's last months split in two
};

// Writes evaluation.csv and evaluation.md into options.out_dir; returns their content as JSON
// with the periods used. Throws InputError/ConfigError/UsageError for bad input.
nlohmann::json run_evaluation(const AnalyseOptions& options, const EvaluationPeriods& periods);

}  // namespace hotspot::analyse
