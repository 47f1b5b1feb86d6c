// Statistical disclosure control: the one policy every output obeys (CSV, GeoJSON, JSON,
// GeoTIFF, PNG, tiles, markdown, the viewer's data). Outputs ask this policy, never the flags,
// so a rule cannot drift between files. Not public: everything is shown. Public:
// - counts from 1 to minimum − 1 are withheld, with everything built on them, and further counts
//   where a published total would give a withheld one away (output/ward_publication, which
//   applies core/suppression);
// - no incident points, no per-incident file, no rejected raw rows, no hour × weekday tables;
// - hotspot areas rest on at least the minimum; the density surface is zero
//   where fewer than the minimum incidents lie within the kernel's reach, and rounded to two
//   significant figures, so no single incident can be located from it;
// - sensitive categories are absent from every output, not shown as zeros.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/layer.hpp"

namespace hotspot {

struct DisclosurePolicy {
  bool public_output = false;  // --public / [output] public
  int minimum_count = 5;       // public: counts 1 .. minimum_count − 1 are withheld
  std::vector<std::string> sensitive_categories;  // public: left out of every output

  // Throws ConfigError for a minimum count under 1 or a category that is not a slug.
  void validate() const;

  // A count that must not be shown on its own (1 .. minimum − 1 in public outputs; 0 is shown).
  bool withholds(int64_t count) const {
    return public_output && count > 0 && count < minimum_count;
  }
  // The smallest number of incidents a published feature (hotspot area, density band) may rest on.
  int64_t smallest_feature(int64_t configured_minimum) const;
  bool is_sensitive(const std::string& slug) const;
  // The layers with sensitive categories taken out; a layer left with none is dropped.
  std::vector<LayerDefinition> without_sensitive(const std::vector<LayerDefinition>& layers) const;
  bool shows_incident_points() const { return !public_output; }
  bool shows_incident_records() const { return !public_output; }  // per-incident files, rejects.csv
  bool shows_hour_tables() const { return !public_output; }

  // The density fit to publish: public outputs zero every cell whose kernel reach holds fewer
  // than the minimum incidents (support_counts, per cell) and round the rest to two significant
  // figures. NaN (outside the study area) stays NaN.
  void protect_density(std::vector<double>& density_per_km2,
                       const std::vector<double>& support_counts) const;

  // What public mode does, in words, for summary.json (and, word for word, the README).
  std::vector<std::string> public_rules() const;
};

}  // namespace hotspot
