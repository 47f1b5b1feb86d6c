#include "engine/emerging/patterns.hpp"

#include <array>

namespace hotspot::emerging {

namespace {

struct Names {
  const char* name;
  const char* slug;
};
constexpr std::array<Names, kPatterns> kNames = {{
    {"no pattern detected", "no-pattern"},
    {"new hot spot", "new-hot"},
    {"consecutive hot spot", "consecutive-hot"},
    {"intensifying hot spot", "intensifying-hot"},
    {"persistent hot spot", "persistent-hot"},
    {"diminishing hot spot", "diminishing-hot"},
    {"sporadic hot spot", "sporadic-hot"},
    {"oscillating hot spot", "oscillating-hot"},
    {"historical hot spot", "historical-hot"},
    {"new cold spot", "new-cold"},
    {"consecutive cold spot", "consecutive-cold"},
    {"intensifying cold spot", "intensifying-cold"},
    {"persistent cold spot", "persistent-cold"},
    {"diminishing cold spot", "diminishing-cold"},
    {"sporadic cold spot", "sporadic-cold"},
    {"oscillating cold spot", "oscillating-cold"},
    {"historical cold spot", "historical-cold"},
}};

// The hot pattern of a series in which +1 marks the kind of spot being classified (hot; the
// caller flips signs for cold), as an offset 1..8 from the first pattern of its kind; 0 none.
int classify_kind(const std::vector<int8_t>& significance, int trend_direction) {
  const size_t n = significance.size();
  size_t spots = 0, opposite = 0;
  for (int8_t s : significance) {
    spots += s > 0;
    opposite += s < 0;
  }
  const bool final_spot = significance[n - 1] > 0;
  const bool mostly = 10 * spots >= 9 * n;  // at least 90% of the steps
  if (!final_spot) return mostly ? 8 : 0;   // historical
  if (mostly) return trend_direction > 0 ? 3 : trend_direction < 0 ? 5 : 4;
  if (opposite > 0) return 7;  // oscillating
  if (spots == 1) return 1;    // new
  size_t run = 0;              // the final run of spots
  while (run < n && significance[n - 1 - run] > 0) ++run;
  if (run == spots && run >= 2) return 2;  // consecutive
  return 6;                                // sporadic
}

}  // namespace

std::string pattern_name(Pattern pattern) { return kNames[static_cast<size_t>(pattern)].name; }
std::string pattern_slug(Pattern pattern) { return kNames[static_cast<size_t>(pattern)].slug; }
bool is_hot(Pattern pattern) {
  return pattern >= Pattern::new_hot && pattern <= Pattern::historical_hot;
}

Pattern classify(const std::vector<int8_t>& significance, const MannKendall& trend, double alpha) {
  if (significance.empty()) return Pattern::none;
  const int direction = trend.direction(alpha);
  const int8_t final_step = significance.back();
  // Hot patterns when the final step is hot, cold when it is cold; otherwise historical ones.
  if (final_step >= 0) {
    if (const int hot = classify_kind(significance, direction); hot > 0)
      return static_cast<Pattern>(hot);
  }
  if (final_step <= 0) {
    std::vector<int8_t> flipped(significance.size());
    for (size_t t = 0; t < significance.size(); ++t)
      flipped[t] = static_cast<int8_t>(-significance[t]);
    // A cold spot "intensifies" as its z-scores fall: the trend's direction flips too.
    if (const int cold = classify_kind(flipped, -direction); cold > 0)
      return static_cast<Pattern>(8 + cold);
  }
  return Pattern::none;
}

}  // namespace hotspot::emerging
