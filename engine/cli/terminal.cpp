#include "engine/cli/terminal.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace hotspot::cli {

bool show_progress(bool quiet) { return !quiet && isatty(STDERR_FILENO); }

ProgressCallback terminal_progress(bool quiet) {
  if (!show_progress(quiet)) return {};
  auto last_draw = std::make_shared<std::chrono::steady_clock::time_point>();
  return [last_draw](const ProgressEvent& event) {
    const auto now = std::chrono::steady_clock::now();
    const bool finished = event.total > 0 && event.done >= event.total;
    if (!finished && now - *last_draw < std::chrono::milliseconds(100)) return;
    *last_draw = now;
    if (finished) {
      std::fprintf(stderr, "\r%60s\r", "");  // clear the line: the stage's end is reported next
    } else if (event.total > 0) {
      std::fprintf(stderr, "\r%-10s %5.1f%% (%llu/%llu)", event.stage.c_str(),
                   100.0 * double(event.done) / double(event.total),
                   static_cast<unsigned long long>(event.done),
                   static_cast<unsigned long long>(event.total));
    } else {
      std::fprintf(stderr, "\r%-10s %llu", event.stage.c_str(),
                   static_cast<unsigned long long>(event.done));
    }
  };
}

StageClock::StageDone terminal_stages(bool quiet) {
  if (!show_progress(quiet)) return {};
  return [](const std::string& stage, const std::string& label, double seconds) {
    std::fprintf(stderr, "%-9s %-24s done in %.2f s\n", stage.c_str(), label.c_str(), seconds);
  };
}

}  // namespace hotspot::cli
