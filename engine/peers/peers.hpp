// The study area against its peers, as a strategic assessment shows it: per category, the rate
// per 1,000 residents against England and against a Most Similar Group (MSG), each with the
// exact test of two rates (profile::compare_counts, exposure = residents × months), classed
// above / similar / below, and the area's rank among the MSG ("rank 6 of 15"). Pure
// computation: writers.hpp turns the report into peers.csv, peers.md and summary.json.
#pragma once
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/peers/peer_file.hpp"
#include "engine/profile/change_test.hpp"
#include "engine/profile/ward_profile.hpp"

namespace hotspot::peers {

// What the study area brings: its counts per category (and in all), residents, and months.
struct StudyCounts {
  std::vector<std::string> categories;  // slugs
  std::vector<int64_t> counts;          // per category
  int64_t total = 0;
  double population = NAN;
  int months = 0;
};
StudyCounts study_counts(const profile::AreaProfile& area);

struct ReferenceComparison {
  std::string name;  // "England", or "the Most Similar Group (14 areas)"
  int64_t count = 0;
  double population = 0;  // residents (for the MSG: summed over its members)
  double months = 0;
  double rate_per_1000 = NAN;  // scaled to the study period's length
  // The study area's count against the reference's, exposure = (residents × months) of the
  // study area / of the reference: rate_ratio = study rate / reference rate, exact interval and
  // two-sided p-value.
  profile::CountChange test;
  profile::Comparison comparison = profile::Comparison::unknown;  // by test.p_value < 0.05
};

struct CategoryPeers {
  std::string category;  // slug, or kTotalCategory
  std::string title;
  int64_t count = 0;
  double rate_per_1000 = NAN;
  std::optional<ReferenceComparison> national, group;
  int rank = 0;    // among the MSG members with this category, and the study area; 1 = highest
  int ranked = 0;  // how many were ranked (0 when no member has the category)
};

struct PeerReport {
  std::string path;
  std::string national;              // the national area's name; "" when the file has none
  std::vector<std::string> members;  // the MSG members, in file order
  int study_months = 0;
  std::vector<CategoryPeers> categories;  // file order of first appearance; `total` last
  std::vector<std::string> notes;         // categories left out and why
};

// Method: for each category in the file, O = the study area's count, with exposure
// E_s = residents × months; a reference with count R and exposure E_r gives
// compare_counts(O, R, E_s / E_r). The class is above / below when p < 0.05 and the rate
// ratio is over / under 1, else similar. The MSG reference pools its members (Σ counts over
// Σ residents × months). The rank orders the members' and the study area's rates (scaled to
// a common length), highest first, ties sharing a rank. A category of the study data absent
// from the file, or in the file but not in the study data, is noted (a police.uk category
// absent from the data counts 0). Throws ConfigError when the study area has no population.
PeerReport compare_with_peers(const PeerTable& table, const StudyCounts& study,
                              double confidence = 0.95);

}  // namespace hotspot::peers
