// Risk surfaces (dual kernel density): the incidents' density over the density of a population
// at risk (residents or dwellings) on the same grid, with the same kernel and bandwidth, as
// CrimeStat's dual KDE and sfhotspot's hotspot_dual_kde compute them. Three measures:
// - ratio: incidents per 1,000 of the population at risk (incident density / population
//   density × 1,000);
// - log-ratio: ln(ratio / the area's ratio), the log relative risk (Kelsall & Diggle 1995):
//   0 is the area's own rate; it differs from CrimeStat's "log ratio" ln(ratio) only by the
//   constant ln(area ratio);
// - difference: CrimeStat's "relative difference": the incidents' share per km² minus the
//   population's share per km² (each density divided by its own total), in percent per km².
// Cells whose population density is under the floor are nodata: a ratio over almost nobody
// (parks, industrial estates) is noise, not risk. Pure computation.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/grid.hpp"
#include "engine/density/kde.hpp"

namespace hotspot::density {

enum class RiskMeasure { ratio, log_ratio, difference };

// "ratio", "log-ratio", "difference"; throws ConfigError listing them.
RiskMeasure parse_risk_measure(std::string_view name);
std::string risk_measure_name(RiskMeasure measure);

struct RiskOptions {
  std::string path;   // --population-at-risk FILE, or "wards": the wards and their populations
  std::string field;  // --population-at-risk-field NAME
  RiskMeasure measure = RiskMeasure::ratio;
  // Cells with fewer than this population at risk within the bandwidth (population density ×
  // π bandwidth²) are nodata.
  double floor = 100;
  bool enabled() const { return !path.empty(); }
  // Throws ConfigError for a floor that is negative or not a number.
  void validate() const;
};

struct RiskSurface {
  DensityGrid surface;                  // the measure; NaN = nodata
  double area_ratio = 0;                // incidents per 1,000 over the whole study area
  double floor_per_km2 = 0;             // the population density under which cells are nodata
  int64_t cells_below_floor = 0;        // in-area cells left nodata by the floor
  int64_t cells_without_incidents = 0;  // log-ratio only: ln 0 is undefined, so nodata
  std::string units;
};

// `incidents` and `population` are densities per km² on the same grid (NaN outside the study
// area); the totals are the incidents and population at risk in the study area.
RiskSurface risk_surface(const DensityGrid& incidents, double incidents_total,
                         const DensityGrid& population, double population_total,
                         const RiskOptions& options, double bandwidth_m);

// What the GeoTIFF says about the surface: measure, units, the population at risk (`source`, in
// words: file, layer, field), floor, nodata.
std::vector<std::pair<std::string, std::string>> risk_metadata(const RiskSurface& risk,
                                                               const RiskOptions& options,
                                                               double population_total,
                                                               const std::string& source);

}  // namespace hotspot::density
