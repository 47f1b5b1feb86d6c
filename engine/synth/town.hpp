// The synthetic town's geography: wards cut from a jittered lattice whose wiggly edges are
// computed once per shared edge and reused reversed by both neighbours (so shared boundaries
// are identical vertex for vertex), one enclave ward (a hole in its host) and one ward with a
// detached part (a MultiPolygon), plus the hotspot centres the incident model draws from.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/ward_set.hpp"

namespace hotspot::synth {

struct Hotspot {
  double x_m, y_m, sigma_m, weight;
};
// Places where some categories concentrate.
enum HotspotKind { night_economy = 0, shops, burglary_cluster, parks, town_centre, kHotspotKinds };

struct Town {
  WardSet wards;  // EPSG:27700, Boost orientation (clockwise exteriors), closed rings
  std::array<std::vector<Hotspot>, kHotspotKinds> hotspots;
  // Background incidents per resident, relative (log-normal around 1): deprivation and the
  // like make some residential wards busier than others, as in real ward tables.
  std::vector<double> propensity;
  double cell_size_m = 0;
};

// The bounding box of a ward's exteriors. Hand-written: Boost's envelope trips GCC 12's
// -Wmaybe-uninitialized at -O3.
Box bounding_box(const MultiPolygon& shape);

// `ward_count` 0 means the demo town of kDemoWards wards; otherwise at least 4.
Town build_town(int ward_count, uint64_t seed);

}  // namespace hotspot::synth
