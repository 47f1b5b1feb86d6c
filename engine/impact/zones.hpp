// Where each incident of the category falls for an impact evaluation: the operation area, the
// buffer ring around it (within buffer_m of the area, outside it), the comparison area (the rest
// of the whole district by default, or of the wards the area touches, or a given polygon, always
// without the area and its ring), or none; and how many fall in each period. A point on the area's
// boundary is inside it (Boost.Geometry covered_by).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/ward_set.hpp"
#include "engine/impact/periods.hpp"

namespace hotspot::impact {

enum class ComparisonKind { wards, district, polygon };

struct ZoneDefinition {
  MultiPolygon area;
  double buffer_m = 250;
  ComparisonKind comparison = ComparisonKind::district;
  MultiPolygon comparison_polygon;  // for ComparisonKind::polygon
};

struct PeriodCounts {
  int64_t before = 0, after = 0, before_last_year = 0, after_last_year = 0;
};

struct ZoneCounts {
  PeriodCounts area, ring, comparison;
  std::vector<int32_t> comparison_wards;  // ComparisonKind::wards: the wards the area touches
  int64_t month_only = 0;                 // category records with the month only
};

// Month-only records are left out of day periods (and counted). Throws InputError when the
// comparison is the wards but there are none, or the area touches no ward.
ZoneCounts count_zones(const IncidentTable& incidents, int category, const ImpactPeriods& periods,
                       const ZoneDefinition& zones, const WardSet* wards);

}  // namespace hotspot::impact
