// plan.csv (one row per visit, with the UTF-8 byte-order mark), plan.md (the rota in words, with
// the ranking rule and weights) and plan.geojson (the chosen areas as published, one feature per
// visit), written atomically into the plan's folder.
#pragma once
#include <string>
#include <vector>

#include "engine/plan/run.hpp"

namespace hotspot::plan {

// Returns the file names written.
std::vector<std::string> write_plan_outputs(const PlanOptions& options, const PlanResult& result);

}  // namespace hotspot::plan
