// Statistical disclosure control: the one policy every output obeys (CSV, GeoJSON, JSON,
// GeoTIFF, tiles, markdown, the viewer's data). Outputs ask this policy, never the flags, so a
// rule cannot drift between files. Not public: everything is shown.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hotspot {

struct DisclosurePolicy {
  bool public_output = false;  // --public / [output] public
  int minimum_count = 5;       // public: counts 1 .. minimum_count − 1 are withheld
  std::vector<std::string> sensitive_categories;  // public: left out of every output

  // Throws ConfigError for a minimum count under 1 or a category that is not a slug.
  void validate() const;

  // A count that must not be shown (1 .. minimum − 1 in public outputs; 0 is shown).
  bool withholds(int64_t count) const {
    return public_output && count > 0 && count < minimum_count;
  }
  // The smallest number of incidents a published feature (hotspot area, density band) may rest on.
  int64_t smallest_feature(int64_t configured_minimum) const;
  bool is_sensitive(const std::string& slug) const;
  bool shows_incident_points() const { return !public_output; }
  bool shows_hour_tables() const { return !public_output; }
};

}  // namespace hotspot
