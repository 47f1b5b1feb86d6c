// `hotspot evaluate` as a library call: the study (wards, incidents, join), then the hotspot
// methods fitted on one period and scored on the next (hotspots::evaluate).
#pragma once
#include <optional>

#include "engine/analyse/analyse.hpp"
#include "engine/hotspots/evaluate.hpp"

namespace hotspot::analyse {

struct EvaluationPeriods {
  std::optional<MonthRange> fit, test;  // unset: the data's last months split in two
};

// Writes evaluation.csv and evaluation.md into options.out_dir and returns the result.
// Throws hotspot::Error for bad input.
hotspots::EvaluationResult run_evaluation(const AnalyseOptions& options,
                                          const EvaluationPeriods& periods);

}  // namespace hotspot::analyse
