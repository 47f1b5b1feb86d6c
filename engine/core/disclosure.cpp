#include "engine/core/disclosure.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/categories.hpp"
#include "engine/core/errors.hpp"

namespace hotspot {

void DisclosurePolicy::validate() const {
  if (minimum_count < 1)
    throw ConfigError("the minimum count (--minimum-count) must be at least 1");
  for (const auto& slug : sensitive_categories)
    if (!is_valid_slug(slug))
      throw ConfigError(
          "sensitive categories (--sensitive) must be category slugs such as domestic-abuse");
}

int64_t DisclosurePolicy::smallest_feature(int64_t configured_minimum) const {
  return public_output ? std::max<int64_t>(minimum_count, configured_minimum)
                       : std::max<int64_t>(1, configured_minimum);
}

bool DisclosurePolicy::is_sensitive(const std::string& slug) const {
  return public_output && std::find(sensitive_categories.begin(), sensitive_categories.end(),
                                    slug) != sensitive_categories.end();
}

std::vector<LayerDefinition> DisclosurePolicy::without_sensitive(
    const std::vector<LayerDefinition>& layers) const {
  std::vector<LayerDefinition> kept;
  for (LayerDefinition layer : layers) {
    std::erase_if(layer.categories, [&](const std::string& slug) { return is_sensitive(slug); });
    if (!layer.categories.empty()) kept.push_back(std::move(layer));
  }
  return kept;
}

void DisclosurePolicy::protect_density(std::vector<double>& density_per_km2,
                                       const std::vector<double>& support_counts) const {
  if (!public_output) return;
  for (size_t i = 0; i < density_per_km2.size(); ++i) {
    double& value = density_per_km2[i];
    if (std::isnan(value) || value <= 0) continue;
    if (std::lround(support_counts[i]) < minimum_count) {
      value = 0;
      continue;
    }
    const double magnitude =
        std::pow(10.0, std::floor(std::log10(value)) - 1);  // two significant figures
    value = std::round(value / magnitude) * magnitude;
  }
}

std::vector<std::string> DisclosurePolicy::public_rules() const {
  const std::string below = "1 to " + std::to_string(minimum_count - 1);
  const std::string minimum = std::to_string(minimum_count);
  return {
      "counts from " + below +
          " are withheld, and so is everything built on them (rates, shares, crime mix, "
          "rate ratios and their intervals, comparisons, priority flags, ranks, change)",
      "further counts are withheld where a published total would let a withheld count be found by "
      "subtraction "
      "(cell suppression: no withheld count is fixed by the published ones)",
      "ranks are among the shown values only, with ties sharing a rank",
      "monthly counts of single wards, times of day (hour x weekday tables, peak windows) and "
      "the number of timed incidents are left out",
      "hotspot areas rest on at least " + minimum +
          " incidents; an area's change is withheld when either of its two counts is under " +
          minimum + ", and a street is named only with at least " + minimum + " incidents",
      "the density surface is zero where fewer than " + minimum +
          " incidents lie within the kernel's reach, and rounded to two significant figures "
          "elsewhere",
      "no incident points, no per-incident file and no rejected rows (rejects.csv) are written",
      "sensitive categories are left out of every output and of the row counts",
  };
}

}  // namespace hotspot
