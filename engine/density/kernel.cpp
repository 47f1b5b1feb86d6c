#include "engine/density/kernel.hpp"

#include <cmath>
#include <numbers>

#include "engine/core/errors.hpp"

namespace hotspot::density {

Kernel parse_kernel(std::string_view name) {
  if (name == "quartic" || name == "biweight") return Kernel::quartic;
  if (name == "epanechnikov") return Kernel::epanechnikov;
  if (name == "triangular") return Kernel::triangular;
  if (name == "uniform") return Kernel::uniform;
  if (name == "gaussian") return Kernel::gaussian;
  throw ConfigError("unknown kernel '" + std::string(name) +
                    "': use quartic, epanechnikov, triangular, uniform or gaussian");
}

std::string kernel_name(Kernel kernel) {
  switch (kernel) {
    case Kernel::quartic:
      return "quartic";
    case Kernel::epanechnikov:
      return "epanechnikov";
    case Kernel::triangular:
      return "triangular";
    case Kernel::uniform:
      return "uniform";
    case Kernel::gaussian:
      return "gaussian";
  }
  return "quartic";
}

bool is_polynomial(Kernel kernel) {
  return kernel == Kernel::quartic || kernel == Kernel::epanechnikov || kernel == Kernel::uniform;
}

double support_radius_m(Kernel kernel, double bandwidth_m, double gaussian_cutoff_sigmas) {
  return kernel == Kernel::gaussian ? gaussian_cutoff_sigmas * bandwidth_m : bandwidth_m;
}

double kernel_value_per_m2(Kernel kernel, double distance_squared_m2, double bandwidth_m,
                           double gaussian_cutoff_sigmas) {
  const double h2 = bandwidth_m * bandwidth_m;
  const double pi = std::numbers::pi;
  if (kernel == Kernel::gaussian) {
    // Same expression as support_radius_m, so callers testing r² < radius² agree bit for bit.
    const double radius_m = support_radius_m(kernel, bandwidth_m, gaussian_cutoff_sigmas);
    if (distance_squared_m2 >= radius_m * radius_m) return 0;
    return std::exp(-0.5 * distance_squared_m2 / h2) / (2 * pi * h2);
  }
  if (distance_squared_m2 >= h2) return 0;
  const double u2 = distance_squared_m2 / h2;
  switch (kernel) {
    case Kernel::quartic:
      return 3 / (pi * h2) * (1 - u2) * (1 - u2);
    case Kernel::epanechnikov:
      return 2 / (pi * h2) * (1 - u2);
    case Kernel::triangular:
      return 3 / (pi * h2) * (1 - std::sqrt(u2));
    case Kernel::uniform:
      return 1 / (pi * h2);
    case Kernel::gaussian:
      break;
  }
  return 0;
}

double truncation_mass(Kernel kernel, double gaussian_cutoff_sigmas) {
  if (kernel != Kernel::gaussian) return 0;
  return std::exp(-0.5 * gaussian_cutoff_sigmas * gaussian_cutoff_sigmas);
}

double mean_squared_radius(Kernel kernel) {
  // E[r²] = ∫ r² K(r) 2πr dr for bandwidth 1, from the normalised profiles above.
  switch (kernel) {
    case Kernel::quartic:
      return 1.0 / 4.0;
    case Kernel::epanechnikov:
      return 1.0 / 3.0;
    case Kernel::triangular:
      return 3.0 / 10.0;
    case Kernel::uniform:
      return 1.0 / 2.0;
    case Kernel::gaussian:
      return 2.0;
  }
  return 1;
}

}  // namespace hotspot::density
