// One timer handed down through the pipeline's stages (as planetiler passes one down): each
// stage's wall time is summed under its name, in the order stages first ran, and the caller's
// callback hears of each timed step's end (the CLI prints a line per step). A label tells the
// steps of one stage apart ("density" of each layer). Stages may run on several threads at once
// (the GeoPackage beside the tiles): each step's end is recorded, and the callback called, under
// a lock.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotspot {

class StageClock {
 public:
  using StageDone =
      std::function<void(const std::string& stage, const std::string& label, double seconds)>;
  explicit StageClock(StageDone on_stage = {}) : on_stage_(std::move(on_stage)) {}

  // Runs work(), adds its wall time to `stage` and returns work()'s result.
  template <typename Work>
  auto time(const std::string& stage, Work&& work) {
    return time(stage, std::string(), std::forward<Work>(work));
  }
  template <typename Work>
  auto time(const std::string& stage, const std::string& label, Work&& work) {
    const auto start = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      finish(stage, label, start);
    } else {
      auto result = work();
      finish(stage, label, start);
      return result;
    }
  }

  // Seconds since the clock was made.
  double elapsed_s() const;
  // (stage, seconds rounded to 0.1 ms) in the order the stages first ran.
  const std::vector<std::pair<std::string, double>>& timings() const { return timings_; }

 private:
  void finish(const std::string& stage, const std::string& label,
              std::chrono::steady_clock::time_point start);
  StageDone on_stage_;
  std::mutex finishing_;
  std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> timings_;
};

}  // namespace hotspot
