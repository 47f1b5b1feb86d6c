// plan.html: the days-of-action print pack, A4 and legible in greyscale (the briefing's style).
// A first page with the rota and how it was chosen; then one page per area in order of its first
// visit: its dates, a map (engine/output/svg_map), when incidents happen (omitted when the
// analysis gives no times), its key streets, and the profile in words of the wards it lies in.
#pragma once
#include <string>

#include "engine/plan/run.hpp"

namespace hotspot::plan {

// The whole document (self-contained: styles and SVG maps inline).
std::string plan_pack_html(const PlanResult& result);

// Writes plan_pack_html() to `path` atomically.
void write_plan_pack(const PlanResult& result, const std::string& path);

}  // namespace hotspot::plan
