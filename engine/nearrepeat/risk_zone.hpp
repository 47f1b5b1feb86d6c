// The near-repeat zone a Knox table supports, and the table's finding in plain words. The zone
// grows from the first cell (the nearest spatial band, the first temporal band) along the
// distance axis while each next band's first-column cell is raised, and along the time axis
// while each next column's first-band cell is raised ("raised": Knox ratio above 1 and p below
// alpha). Its pooled Knox ratio and p-value come from the same permutations, summed over the
// zone's cells (a same-location row, when present, is inside every zone).
#pragma once
#include <cmath>
#include <string>

#include "engine/nearrepeat/knox.hpp"

namespace hotspot::nearrepeat {

struct RiskZone {
  bool found = false;     // false: the first cell is not raised (no near-repeat pattern)
  double distance_m = 0;  // pairs closer than this ...
  int days = 0;           // ... and fewer days apart than this
  int64_t observed = 0;
  double expected = 0;
  double knox_ratio = NAN;
  double p_value = NAN;
  // The first cell's figures, for the words when no zone is found.
  double first_ratio = NAN, first_p = NAN;
};

RiskZone find_risk_zone(const KnoxTable& table, double alpha = 0.05);

// "Pairs of burglaries within 200 m and 14 days of each other are 2.3 times as common as chance
// would make them (p = 0.001, 999 permutations)." or why no pattern was found.
std::string describe_risk_zone(const RiskZone& zone, const KnoxTable& table,
                               const std::string& category_words);

// "p = 0.001", or "p < 0.001" never: the Monte Carlo p is (r + 1) / (n + 1), shown to 3 decimals.
std::string format_p(double p);

}  // namespace hotspot::nearrepeat
