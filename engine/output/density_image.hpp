// A layer's density surface as a picture for web maps and print: reprojected from the analysis
// CRS to Web Mercator (GDAL warp, bilinear), coloured with a colour-blind-safe sequential ramp
// (ColorBrewer YlOrRd) whose opacity rises with density, transparent at zero and outside the
// study area. Guarantees: the picture shows only the surface it is given (the pipeline hands it
// the surface public mode allows), and its sidecar JSON says where it lies and what colours mean.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/grid.hpp"

namespace hotspot::output {

struct DensityRampStop {
  double density_per_km2 = 0;
  std::array<uint8_t, 4> rgba{};  // alpha 0 = clear
};

struct DensityImage {
  std::string layer;
  std::string png;            // relative to the output folder: "density/<layer>.png"
  int width = 0, height = 0;  // pixels
  // Corners in lon/lat, in MapLibre's order: top-left, top-right, bottom-right, bottom-left.
  std::array<std::array<double, 2>, 4> corners_lonlat{};
  std::vector<DensityRampStop> stops;  // ascending; colours are interpolated between them
  double peak_density_per_km2 = 0;
};

// The ramp for a surface whose highest value is `peak`: stops at 0, 4%, 16%, 36%, 64% and 100% of
// the peak (a square-root spacing, so the shoulders of sharp police.uk peaks still show).
// An empty ramp when the peak is not positive.
std::vector<DensityRampStop> density_ramp(double peak_density_per_km2);

// The colour of one density value on the ramp (linear between stops; clear at or below 0).
std::array<uint8_t, 4> ramp_colour(const std::vector<DensityRampStop>& stops,
                                   double density_per_km2);

// Writes <density_dir>/<layer>.png (RGBA, Web Mercator) and <density_dir>/<layer>.json (its
// corners, size, stops and units), both atomically, and returns what the JSON says.
// The warp runs on `threads` threads; the picture is the same for any count.
// Throws IoError when a file cannot be written.
DensityImage write_density_image(const DensityGrid& surface, const std::string& analysis_crs,
                                 const std::string& layer, const std::string& density_dir,
                                 int threads = 1);

}  // namespace hotspot::output
