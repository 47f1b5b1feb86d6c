// The population at risk for risk surfaces (--population-at-risk): residents or dwellings from
// any GDAL point or polygon layer, in the analysis CRS. Points carry a weight (a field, or 1
// each: one dwelling per point); polygons carry a value that is spread over the grid cells they
// cover in proportion to the area they cover (spread_polygons).
#pragma once
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/core/grid.hpp"

namespace hotspot::density {

struct PopulationLayer {
  std::string path, layer_name;
  std::string field;  // the field read; "" when each point counts 1
  bool polygons = false;
  std::vector<double> x, y, weight;  // point features
  std::vector<MultiPolygon> shapes;  // polygon features (analysis CRS)
  std::vector<double> shape_weight;
  int64_t features = 0;
  int64_t skipped = 0;  // features without geometry or with an empty value
  double total = 0;     // the sum of the weights read
};

// Reads the first layer with points or polygons. Points without `field` count 1 each; polygons
// need a value: `field`, or a field named like population / residents / dwellings / households
// / count. Throws InputError naming the file, feature and field (never its value) for an
// unreadable file, a layer of neither points nor polygons, a missing field, a value that is not
// a number >= 0, or a layer without a CRS.
PopulationLayer read_population_layer(const std::string& path, const std::string& field,
                                      const std::string& analysis_crs);

// Weighted points at cell centres: each polygon's weight shared among the grid cells it covers,
// in proportion to the area it covers in each (scan lines, 8 per cell, exact along each line);
// a polygon too small to meet a scan line goes to the cell holding its centroid. Mass on cells
// where inside[i] == 0 (outside the study area) is dropped.
struct WeightedPoints {
  std::vector<double> x, y, weight;
};
WeightedPoints spread_polygons(const std::vector<MultiPolygon>& shapes,
                               const std::vector<double>& weights, const GridSpec& spec,
                               const std::vector<uint8_t>& inside);

}  // namespace hotspot::density
