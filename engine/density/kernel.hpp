// Kernels for density estimation: radially symmetric 2-D kernels normalised so that each
// integrates to 1 over the plane (the truncated Gaussian to 1 − its stated truncation mass).
// Values are per m²; density code multiplies by 1e6 for incidents per km².
#pragma once
#include <string>
#include <string_view>

namespace hotspot::density {

enum class Kernel { quartic, epanechnikov, triangular, uniform, gaussian };

// "quartic" (also "biweight"), "epanechnikov", "triangular", "uniform", "gaussian".
// Throws ConfigError listing the accepted names.
Kernel parse_kernel(std::string_view name);
std::string kernel_name(Kernel kernel);

// Polynomial kernels in r² (quartic, Epanechnikov, uniform) can be accumulated row by row
// with running sums of coefficients; the others are stamped cell by cell.
bool is_polynomial(Kernel kernel);

// Radius beyond which the kernel is zero: the bandwidth for compact kernels, and
// cutoff_sigmas · bandwidth for the Gaussian (whose bandwidth is its standard deviation).
double support_radius_m(Kernel kernel, double bandwidth_m, double gaussian_cutoff_sigmas);

// The kernel's value per m² at squared distance r² (zero at and beyond the support radius).
double kernel_value_per_m2(Kernel kernel, double distance_squared_m2, double bandwidth_m,
                           double gaussian_cutoff_sigmas);

// Share of the kernel's mass that lies beyond the support radius and is therefore dropped:
// exp(−c²/2) for a Gaussian truncated at c standard deviations, 0 for the compact kernels.
double truncation_mass(Kernel kernel, double gaussian_cutoff_sigmas);

// Mean squared distance from the centre, E[r²], for a kernel of bandwidth 1. Used to move a
// bandwidth between kernels at equal spread (E[r²] = 2σ² for a Gaussian of σ = 1).
double mean_squared_radius(Kernel kernel);

}  // namespace hotspot::density
