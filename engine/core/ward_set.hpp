// WardSet: the study area's wards (polygons in the analysis CRS, code, name, population).
// Ward index i is the position in these vectors; the join refers to wards by index.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"

namespace hotspot {

struct WardSet {
  std::vector<std::string> code;
  std::vector<std::string> name;
  std::vector<double> population;   // residents; NaN when unknown
  std::vector<MultiPolygon> shape;  // analysis CRS, valid (repaired on load)
  Box extent{Point{0, 0}, Point{0, 0}};

  size_t size() const { return code.size(); }
  bool has_population(size_t ward) const { return !std::isnan(population[ward]); }
};

}  // namespace hotspot
