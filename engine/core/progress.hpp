// Progress reporting: the library calls a callback the caller supplies; it never decides for
// itself whether to draw (no isatty, no stderr). The CLI passes one that draws a line on
// terminals (as libosmium's ProgressBar(size, enable) and GDAL's GDALTermProgress are passed
// in). Events never carry data: no locations, ids or free text from the input.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace hotspot {

struct ProgressEvent {
  std::string stage;   // "ingest", "tiles", ...
  uint64_t done = 0;   // units finished so far
  uint64_t total = 0;  // 0 when unknown
};

using ProgressCallback = std::function<void(const ProgressEvent&)>;

// Calls `callback` when set: library code reports with report_progress(callback, ...).
inline void report_progress(const ProgressCallback& callback, const std::string& stage,
                            uint64_t done, uint64_t total) {
  if (callback) callback(ProgressEvent{stage, done, total});
}

}  // namespace hotspot
