// `hotspot kde` as a library call: the density of one incident file (optionally one category)
// on a grid, written as a GeoTIFF. The grid covers the given extent, else the wards when given
// (cells outside them are nodata), else the middle 99% of the points plus one bandwidth, so a
// stray point far away never blows the grid up.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/core/grid.hpp"
#include "engine/core/stage_clock.hpp"
#include "engine/density/kernel.hpp"
#include "engine/study/study.hpp"

namespace hotspot::analyse {

struct KdeRunOptions {
  study::StudyOptions inputs;  // wards are optional
  std::string category;        // one category slug, or empty for all incidents
  double cell_size_m = 0;      // required
  double bandwidth_m = 0;      // required (the kernel's radius; σ for the Gaussian)
  density::Kernel kernel = density::Kernel::quartic;
  std::optional<Box> extent;  // analysis CRS metres
  std::string out_path;       // the GeoTIFF
  std::string rejects_path;   // optional rejects.csv
  StageClock::StageDone on_stage;

  void validate() const;
};

// "xmin,ymin,xmax,ymax" → a box; throws UsageError naming the option when malformed.
Box parse_extent(const std::string& text);

struct KdeRunResult {
  GridSpec grid;
  int64_t incidents = 0;  // in the density
  int64_t rejected = 0;
  std::string analysis_crs;
  std::vector<std::string> notes;
};

KdeRunResult run_kde(const KdeRunOptions& options);

}  // namespace hotspot::analyse
