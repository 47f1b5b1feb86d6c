// What the CLI shows on a terminal while the library works: a progress line per stage and a
// line as each stage ends. The CLI decides (stderr is a terminal and --quiet is not given); the
// library only calls the callbacks it is handed.
#pragma once
#include "engine/core/progress.hpp"
#include "engine/core/stage_clock.hpp"

namespace hotspot::cli {

// True when stderr is a terminal and the user did not ask for quiet.
bool show_progress(bool quiet);

// Draws "ingest  42.0% (5/12)" on one line, at most ten times a second; empty when not shown.
ProgressCallback terminal_progress(bool quiet);

// Prints "density   burglary   done in 0.12 s" as each step ends; empty when not shown.
StageClock::StageDone terminal_stages(bool quiet);

}  // namespace hotspot::cli
