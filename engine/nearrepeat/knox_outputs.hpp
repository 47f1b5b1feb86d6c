// The Knox table as files: knox.csv (one row per cell, for Excel) and knox.md (the finding in
// words, then ratios, observed and expected pairs as bands × bands tables, and how to read them).
#pragma once
#include <string>

#include "engine/nearrepeat/knox.hpp"
#include "engine/nearrepeat/risk_zone.hpp"

namespace hotspot::nearrepeat {

std::string knox_csv(const KnoxTable& table);

struct KnoxReportContext {
  std::string title;           // "Near repeats: burglary"
  std::string category_words;  // "burglaries"
  std::string period;          // "2024-11-01 to 2026-10-31"
  std::string summary;         // describe_risk_zone(...)
  std::vector<std::string> notes;
  uint64_t seed = 1;
};
std::string knox_markdown(const KnoxTable& table, const RiskZone& zone,
                          const KnoxReportContext& context);

}  // namespace hotspot::nearrepeat
