// The Emerging Hot Spot Analysis patterns on hand-made series, one per ArcGIS definition (and
// the cold mirrors), with the trend given.
#include <catch2/catch.hpp>

#include "engine/emerging/patterns.hpp"

using namespace hotspot::emerging;

namespace {

// "H" hot, "C" cold, "." neither, oldest first.
std::vector<int8_t> series(const std::string& text) {
  std::vector<int8_t> out;
  for (char c : text) out.push_back(c == 'H' ? 1 : c == 'C' ? -1 : 0);
  return out;
}

MannKendall trend(int direction) {
  MannKendall test;
  test.s = direction;
  test.p = direction == 0 ? 0.5 : 0.01;
  return test;
}

}  // namespace

TEST_CASE("each ArcGIS hot spot pattern on a hand-made series") {
  CHECK(classify(series(".........H"), trend(0)) == Pattern::new_hot);
  CHECK(classify(series("......HHHH"), trend(0)) == Pattern::consecutive_hot);
  CHECK(classify(series("........HH"), trend(1)) == Pattern::consecutive_hot);
  CHECK(classify(series(".HHHHHHHHH"), trend(1)) == Pattern::intensifying_hot);
  CHECK(classify(series("HHHHHHHHHH"), trend(0)) == Pattern::persistent_hot);
  CHECK(classify(series("HHHH.HHHHH"), trend(0)) == Pattern::persistent_hot);
  CHECK(classify(series("HHHHHHHHHH"), trend(-1)) == Pattern::diminishing_hot);
  CHECK(classify(series("..H..H...H"), trend(0)) == Pattern::sporadic_hot);
  CHECK(classify(series("HH.HH....H"), trend(1)) == Pattern::sporadic_hot);  // under 90%
  CHECK(classify(series("..C..H...H"), trend(0)) == Pattern::oscillating_hot);
  CHECK(classify(series("HHHHHHHHH."), trend(0)) == Pattern::historical_hot);
  CHECK(classify(series("HHHHHHHHH."), trend(-1)) == Pattern::historical_hot);
}

TEST_CASE("the 90% rule counts steps: 9 of 10 is enough, 8 of 10 is not") {
  CHECK(classify(series(".HHHHHHHHH"), trend(0)) == Pattern::persistent_hot);
  CHECK(classify(series("..HHHHHHHH"), trend(0)) == Pattern::consecutive_hot);
  CHECK(classify(series(".H.HHHHHHH"), trend(0)) == Pattern::sporadic_hot);
  CHECK(classify(series("HHHHHHHH.."), trend(0)) == Pattern::none);
}

TEST_CASE("cold spot patterns mirror the hot ones, the trend flipped") {
  CHECK(classify(series(".........C"), trend(0)) == Pattern::new_cold);
  CHECK(classify(series(".......CCC"), trend(0)) == Pattern::consecutive_cold);
  CHECK(classify(series("CCCCCCCCCC"), trend(-1)) == Pattern::intensifying_cold);
  CHECK(classify(series("CCCCCCCCCC"), trend(0)) == Pattern::persistent_cold);
  CHECK(classify(series("CCCCCCCCCC"), trend(1)) == Pattern::diminishing_cold);
  CHECK(classify(series("C...C.C..C"), trend(0)) == Pattern::sporadic_cold);
  CHECK(classify(series("H...C.C..C"), trend(0)) == Pattern::oscillating_cold);
  CHECK(classify(series("CCCCCCCCC."), trend(0)) == Pattern::historical_cold);
}

TEST_CASE("where ArcGIS's words leave the order open, a cold history makes a swing oscillating") {
  CHECK(classify(series("C........H"), trend(0)) == Pattern::oscillating_hot);
  CHECK(classify(series("C.......HH"), trend(0)) == Pattern::oscillating_hot);
  CHECK(classify(series(".........."), trend(1)) == Pattern::none);
  CHECK(classify({}, trend(0)) == Pattern::none);
}

TEST_CASE("pattern names and slugs") {
  CHECK(pattern_name(Pattern::intensifying_hot) == "intensifying hot spot");
  CHECK(pattern_slug(Pattern::historical_cold) == "historical-cold");
  CHECK(pattern_slug(Pattern::none) == "no-pattern");
  CHECK(is_hot(Pattern::new_hot));
  CHECK_FALSE(is_hot(Pattern::new_cold));
}
