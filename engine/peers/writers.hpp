// peers.csv (one row per category: the study area's rate, England's and the MSG's, each
// comparison and the MSG rank), peers.md (the same in words, as a strategic assessment shows
// it) and the summary.json section. Public outputs: a category whose study count is withheld
// is withheld whole; a reference count under the minimum is withheld with its rate.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/peers/peers.hpp"

namespace hotspot::peers {

struct PeerOutputContext {
  const PeerReport& report;
  std::string title;
  std::string period;  // "2025-11 to 2026-10"
  const DisclosurePolicy& disclosure;
  std::vector<std::string> withheld;  // categories (slugs, or kTotalCategory) withheld whole
};

void write_peers_csv(const PeerOutputContext& context, const std::string& path);
void write_peers_markdown(const PeerOutputContext& context, const std::string& path);
nlohmann::ordered_json peers_json(const PeerOutputContext& context);

// "above (1.32×, 95% CI 1.10–1.58, p = 0.003)", "similar (0.97×, 95% CI 0.88–1.07)".
std::string describe_reference(const ReferenceComparison& comparison);

}  // namespace hotspot::peers
