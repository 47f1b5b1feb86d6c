// Finds wards whose interiors overlap (bad data: two years of wards in one file, or a ward
// drawn twice), with GEOS: an STRtree of the wards' envelopes; for each pair of neighbours, a
// prepared point-in-polygon test of each one's vertices and edge midpoints against the other;
// then the exact area of the intersection of the pairs found. Shared boundaries are ignored.
// Known limit: two wards that cross with no vertex or edge midpoint inside the other are missed.
#pragma once
#include <string>
#include <vector>

#include "engine/core/ward_set.hpp"

namespace hotspot::wards {

struct WardOverlap {
  size_t first = 0, second = 0;  // ward indices, first < second
  double area_m2 = 0;
  double share_of_smaller = 0;  // overlap area / the smaller ward's area, 0..1
};

// Pairs overlapping by more than `min_area_m2` and `min_share` of the smaller ward, in ward
// order.
std::vector<WardOverlap> find_overlaps(const WardSet& wards, double min_area_m2 = 1.0,
                                       double min_share = 1e-4);

}  // namespace hotspot::wards
