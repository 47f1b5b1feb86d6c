#include "engine/density/risk.hpp"

#include <cmath>
#include <numbers>

#include "engine/core/errors.hpp"

namespace hotspot::density {

RiskMeasure parse_risk_measure(std::string_view name) {
  if (name == "ratio") return RiskMeasure::ratio;
  if (name == "log-ratio" || name == "log") return RiskMeasure::log_ratio;
  if (name == "difference" || name == "diff") return RiskMeasure::difference;
  throw ConfigError("unknown risk measure '" + std::string(name) +
                    "': use ratio, log-ratio or difference");
}

std::string risk_measure_name(RiskMeasure measure) {
  switch (measure) {
    case RiskMeasure::ratio:
      return "ratio";
    case RiskMeasure::log_ratio:
      return "log-ratio";
    case RiskMeasure::difference:
      return "difference";
  }
  return "ratio";
}

void RiskOptions::validate() const {
  if (!(floor >= 0) || !std::isfinite(floor))
    throw ConfigError("the risk floor (--risk-floor) must be a number >= 0");
}

RiskSurface risk_surface(const DensityGrid& incidents, double incidents_total,
                         const DensityGrid& population, double population_total,
                         const RiskOptions& options, double bandwidth_m) {
  if (incidents.density_per_km2.size() != population.density_per_km2.size())
    throw std::logic_error("risk_surface: the two densities are on different grids");
  RiskSurface risk;
  risk.surface.spec = incidents.spec;
  risk.surface.density_per_km2.assign(incidents.density_per_km2.size(), DensityGrid::kNoData);
  risk.area_ratio = population_total > 0 ? 1000.0 * incidents_total / population_total : NAN;
  const double disc_km2 = std::numbers::pi * bandwidth_m * bandwidth_m / 1e6;
  risk.floor_per_km2 = options.floor / disc_km2;
  risk.units = options.measure == RiskMeasure::ratio ? "incidents per 1,000 population at risk"
               : options.measure == RiskMeasure::log_ratio
                   ? "ln(relative risk): 0 = the area's rate"
                   : "percent of incidents per km2 minus percent of population at risk per km2";
  for (size_t i = 0; i < risk.surface.density_per_km2.size(); ++i) {
    const double events = incidents.density_per_km2[i], people = population.density_per_km2[i];
    if (std::isnan(events) || std::isnan(people)) continue;  // outside the study area
    if (!(people >= risk.floor_per_km2) || !(people > 0)) {
      ++risk.cells_below_floor;
      continue;
    }
    double& value = risk.surface.density_per_km2[i];
    switch (options.measure) {
      case RiskMeasure::ratio:
        value = 1000.0 * events / people;
        break;
      case RiskMeasure::log_ratio:
        if (!(events > 0)) {
          ++risk.cells_without_incidents;
          break;
        }
        value = std::log(1000.0 * events / people / risk.area_ratio);
        break;
      case RiskMeasure::difference:
        value = 100.0 * (events / incidents_total - people / population_total);
        break;
    }
  }
  return risk;
}

std::vector<std::pair<std::string, std::string>> risk_metadata(const RiskSurface& risk,
                                                               const RiskOptions& options,
                                                               double population_total,
                                                               const std::string& source) {
  std::vector<std::pair<std::string, std::string>> items = {
      {"RISK_MEASURE", risk_measure_name(options.measure)},
      {"UNITS", risk.units},
      {"POPULATION_AT_RISK", source},
      {"POPULATION_TOTAL", std::to_string(std::llround(population_total))},
      {"AREA_RATE_PER_1000", std::to_string(risk.area_ratio)},
      {"FLOOR", std::to_string(options.floor) + " population at risk within the bandwidth (" +
                    std::to_string(risk.floor_per_km2) + " per km2)"},
      {"NODATA",
       "outside the study area; where the population at risk is under the floor (a ratio over "
       "almost nobody is noise, not risk)" +
           std::string(options.measure == RiskMeasure::log_ratio
                           ? "; where no incident lies within reach (ln 0 is undefined)"
                           : "")},
      {"METHOD",
       "dual kernel density: incident density over population-at-risk density, same grid, "
       "kernel and bandwidth"}};
  return items;
}

}  // namespace hotspot::density
