#include "engine/core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace hotspot {

Progress::Progress(std::string stage, uint64_t total, bool quiet)
    : stage_(std::move(stage)), total_(total), enabled_(!quiet && isatty(STDERR_FILENO)) {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  if (total_ > 0)
    std::fprintf(stderr, "\r%-10s %5.1f%% (%llu/%llu)", stage_.c_str(), 100.0 * done / total_,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
  else
    std::fprintf(stderr, "\r%-10s %llu", stage_.c_str(), static_cast<unsigned long long>(done));
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fprintf(stderr, "\r%60s\r", "");  // clear the line: the caller reports the stage's end
}

}  // namespace hotspot
