// Which files of a served folder may leave the machine, whatever their path resolves to. Hidden
// files and the temporary files an interrupted run leaves behind are never served; per-incident
// files (rejects.csv, incidents*) only when summary.json shows a completed run that was not public.
#pragma once
#include <filesystem>
#include <string_view>

namespace hotspot::serve {

// True for names starting with '.' (.git, .env, .incidents.tmp.geojson) and names containing
// ".tmp" in any case (out.tmp, .wards.tmp1234.geojson, tiles.pmtiles.tmp/).
bool is_hidden_or_temporary(std::string_view name);

// True for rejects.csv and names starting with "incidents" (any case): files with one row per
// incident, which a public run must not publish.
bool is_per_incident(std::string_view name);

// True only when DIR/summary.json exists, can be read and does not mark a public run (a top-level
// "public" object, or "public": true). A missing summary means the run is unfinished or unknown,
// so per-incident files stay withheld: the decision fails closed.
bool is_completed_private_run(const std::filesystem::path& root);

// Applies the rules above to every component of `relative` (a path under `root`).
bool may_serve(const std::filesystem::path& root, const std::filesystem::path& relative);

}  // namespace hotspot::serve
