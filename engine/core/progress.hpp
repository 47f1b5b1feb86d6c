// A one-line progress display per pipeline stage on stderr. Silent when stderr is not a
// terminal or when quiet; never prints data (no locations, no ids).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace hotspot {

class Progress {
 public:
  Progress(std::string stage, uint64_t total, bool quiet);
  ~Progress();
  void update(uint64_t done);  // cheap: redraws at most ~10 times a second
  void finish();

 private:
  std::string stage_;
  uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace hotspot
