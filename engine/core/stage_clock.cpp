#include "engine/core/stage_clock.hpp"

#include <cmath>

namespace hotspot {

double StageClock::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - created_).count();
}

void StageClock::finish(const std::string& stage, const std::string& label,
                        std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::lock_guard lock(finishing_);
  auto entry = timings_.begin();
  while (entry != timings_.end() && entry->first != stage) ++entry;
  if (entry == timings_.end()) entry = timings_.insert(timings_.end(), {stage, 0.0});
  entry->second += std::round(seconds * 1e4) / 1e4;
  if (on_stage_) on_stage_(stage, label, seconds);
}

}  // namespace hotspot
