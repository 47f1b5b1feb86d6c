#include "engine/core/disclosure.hpp"

#include <algorithm>

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

}  // namespace hotspot
