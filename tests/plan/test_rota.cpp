// The rota against a hand-worked case and a brute-force reference, its rules as properties over
// long random runs, and how weights and ward lists shape the candidates.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>

#include "engine/core/errors.hpp"
#include "engine/plan/candidates.hpp"
#include "engine/plan/rota.hpp"

using namespace hotspot;
using namespace hotspot::plan;

namespace {

std::vector<std::vector<bool>> no_overlaps(size_t n) {
  return std::vector<std::vector<bool>>(n, std::vector<bool>(n, false));
}

// The reference: each week, of every set of eligible, pairwise apart candidates no larger than K,
// the one whose members' ranking positions, sorted, come first in dictionary order (a longer set
// beats its own prefix). Enumerates all subsets: for a handful of candidates only.
Rota brute_force_rota(const RotaInput& in) {
  const size_t n = in.scores.size();
  std::vector<size_t> position(n);
  const std::vector<size_t> order = ranking_order(in.scores);
  for (size_t p = 0; p < n; ++p) position[order[p]] = p;
  std::vector<std::vector<int32_t>> visits = in.visited;
  visits.resize(n);
  Rota rota;
  for (int week = 0; week < in.weeks; ++week) {
    const int32_t day = in.start_day + 7 * week;
    std::vector<size_t> best_key;
    uint32_t best = 0;
    bool found = false;
    for (uint32_t mask = 0; mask < (1u << n); ++mask) {
      std::vector<size_t> members;
      bool ok = true;
      for (size_t c = 0; c < n && ok; ++c) {
        if (!(mask >> c & 1u)) continue;
        for (int32_t visit : visits[c]) ok = ok && std::abs(day - visit) >= 7 * in.gap_weeks;
        for (size_t other : members) ok = ok && !in.overlaps[c][other];
        members.push_back(c);
      }
      if (!ok || members.size() > static_cast<size_t>(in.areas_per_week)) continue;
      std::vector<size_t> key;
      for (size_t c : members) key.push_back(position[c]);
      std::sort(key.begin(), key.end());
      // Smaller positions first wins; when one key is the other's prefix, the longer wins.
      const bool better = !found || [&] {
        for (size_t i = 0; i < std::min(key.size(), best_key.size()); ++i)
          if (key[i] != best_key[i]) return key[i] < best_key[i];
        return key.size() > best_key.size();
      }();
      if (better) best = mask, best_key = key, found = true;
    }
    std::vector<size_t> chosen;
    for (size_t p : best_key) chosen.push_back(order[p]);
    for (size_t c = 0; c < n; ++c)
      if (best >> c & 1u) visits[c].push_back(day);
    rota.push_back(chosen);
  }
  return rota;
}

RotaInput random_input(std::mt19937& random, size_t n, double overlap_chance) {
  RotaInput in;
  std::uniform_real_distribution<double> score(0, 10);
  std::bernoulli_distribution overlap(overlap_chance);
  in.overlaps = no_overlaps(n);
  for (size_t a = 0; a < n; ++a) {
    // Whole numbers, so that ties happen and the tie rule is exercised too.
    in.scores.push_back(std::floor(score(random)));
    for (size_t b = a + 1; b < n; ++b) in.overlaps[a][b] = in.overlaps[b][a] = overlap(random);
  }
  in.start_day = 20000;
  return in;
}

}  // namespace

TEST_CASE("the rota takes the best areas apart from each other and rests each for the gap") {
  // A 10, B 8, C 6, D 4; A and B overlap. K = 2, gap = 2 weeks. Worked by hand:
  // week 1: A, then B overlaps A, so C.  week 2: A and C rest; B and D.
  // week 3: A and C are back (two weeks on), B and D rest.  week 4: B and D again.
  RotaInput in;
  in.scores = {10, 8, 6, 4};
  in.overlaps = no_overlaps(4);
  in.overlaps[0][1] = in.overlaps[1][0] = true;
  in.weeks = 4;
  in.areas_per_week = 2;
  in.gap_weeks = 2;
  const Rota rota = build_rota(in);
  REQUIRE(rota.size() == 4);
  CHECK(rota[0] == std::vector<size_t>{0, 2});
  CHECK(rota[1] == std::vector<size_t>{1, 3});
  CHECK(rota[2] == std::vector<size_t>{0, 2});
  CHECK(rota[3] == std::vector<size_t>{1, 3});
  CHECK(brute_force_rota(in) == rota);

  SECTION("with a gap of 3 weeks a week runs short rather than repeat an area too soon") {
    in.gap_weeks = 3;
    const Rota short_weeks = build_rota(in);
    CHECK(short_weeks[0] == std::vector<size_t>{0, 2});
    CHECK(short_weeks[1] == std::vector<size_t>{1, 3});
    CHECK(short_weeks[2].empty());
    CHECK(short_weeks[3] == std::vector<size_t>{0, 2});
  }
  SECTION("an area visited in a previous rota waits the gap from that visit") {
    in.visited = {{in.start_day - 7}, {}, {}, {}};  // A visited the week before week 1
    const Rota after_history = build_rota(in);
    CHECK(after_history[0] == std::vector<size_t>{1, 2});  // A rests; B no longer blocked
    CHECK(after_history[1] == std::vector<size_t>{0, 3});
    CHECK(brute_force_rota(in) == after_history);
  }
  SECTION("equal scores go to the area listed first") {
    in.scores = {5, 5, 5, 5};
    in.overlaps = no_overlaps(4);
    CHECK(build_rota(in)[0] == std::vector<size_t>{0, 1});
    CHECK(build_rota(in)[1] == std::vector<size_t>{2, 3});
  }
}

TEST_CASE("the rota matches the brute-force reference on small random cases") {
  std::mt19937 random(11);
  for (int trial = 0; trial < 300; ++trial) {
    std::uniform_int_distribution<int> size(1, 9), k(1, 4), gap(1, 4), weeks(1, 6);
    RotaInput in = random_input(random, static_cast<size_t>(size(random)), 0.3);
    in.areas_per_week = k(random);
    in.gap_weeks = gap(random);
    in.weeks = weeks(random);
    in.visited.resize(in.scores.size());
    std::uniform_int_distribution<int> visited(-30, 0);
    for (auto& visits : in.visited)
      if (random() % 3 == 0) visits.push_back(in.start_day + visited(random));
    INFO("trial " << trial);
    CHECK(build_rota(in) == brute_force_rota(in));
  }
}

TEST_CASE("over a long rota no area returns within the gap and no week holds overlapping areas") {
  std::mt19937 random(7);
  for (int trial = 0; trial < 40; ++trial) {
    RotaInput in = random_input(random, 40, 0.1);
    in.weeks = 52;
    in.areas_per_week = 5;
    in.gap_weeks = 1 + static_cast<int>(random() % 6);
    const Rota rota = build_rota(in);
    std::vector<int> last_week(40, -1000);
    for (size_t w = 0; w < rota.size(); ++w) {
      CHECK(rota[w].size() <= 5);
      for (size_t a : rota[w]) {
        CHECK(static_cast<int>(w) - last_week[a] >= in.gap_weeks);
        for (size_t b : rota[w]) CHECK((a == b || !in.overlaps[a][b]));
      }
      // Nothing was left out that could have come: a week short of K has no eligible area apart
      // from the rest.
      if (rota[w].size() < 5)
        for (size_t c = 0; c < 40; ++c) {
          const bool rested = static_cast<int>(w) - last_week[c] >= in.gap_weeks;
          const bool apart = std::none_of(rota[w].begin(), rota[w].end(),
                                          [&](size_t b) { return b == c || in.overlaps[c][b]; });
          CHECK_FALSE((rested && apart));
        }
      for (size_t a : rota[w]) last_week[a] = static_cast<int>(w);
    }
  }
}

TEST_CASE("the rota refuses sizes that disagree and counts under one") {
  RotaInput in;
  in.scores = {1, 2};
  in.overlaps = no_overlaps(3);
  CHECK_THROWS_AS(build_rota(in), UsageError);
  in.overlaps = no_overlaps(2);
  in.areas_per_week = 0;
  CHECK_THROWS_AS(build_rota(in), UsageError);
}

namespace {

// A square area of side `side_m` at (x, y) in the analysis CRS.
AnalysedHotspot square_area(const std::string& id, const std::string& layer, double expected,
                            double x, double y, double side_m, const std::string& ward_code) {
  AnalysedHotspot area;
  area.id = id;
  area.layer = layer;
  area.layer_title = layer;
  area.rank = 1;
  area.expected_per_month = expected;
  area.streets = {id + " Street"};
  area.ward_codes = {ward_code};
  hotspots::PolygonRings part;
  part.rings.push_back(
      {{x, y}, {x + side_m, y}, {x + side_m, y + side_m}, {x, y + side_m}, {x, y}});
  area.shape.push_back(part);
  area.footprint = to_multipolygon(area.shape);
  return area;
}

AnalysisFolder two_layer_folder() {
  AnalysisFolder folder;
  folder.dir = "test-folder";
  folder.months = 12;
  folder.layers = {{"burglary", "Burglary"}, {"anti-social-behaviour", "Anti-social behaviour"}};
  folder.hotspots.push_back(square_area("burglary-a", "burglary", 2, 0, 0, 400, "W1"));
  folder.hotspots.push_back(
      square_area("anti-social-behaviour-b", "anti-social-behaviour", 3, 5000, 0, 400, "W2"));
  // Shares a quarter of burglary-a's ground.
  folder.hotspots.push_back(
      square_area("anti-social-behaviour-c", "anti-social-behaviour", 1, 200, 200, 400, "W1"));
  AnalysedWard ward;
  ward.code = "W2";
  ward.name = "Riverside";
  ward.count = 240;
  ward.rate_ratio = 2.0;  // expected 120 a year: 120 above, 10 a month
  ward.priority_rank = 1;
  hotspots::AreaShape ward_shape;
  hotspots::PolygonRings part;
  part.rings.push_back({{4000, -1000}, {7000, -1000}, {7000, 2000}, {4000, 2000}, {4000, -1000}});
  ward_shape.push_back(part);
  ward.shape = to_multipolygon(ward_shape);
  folder.wards.push_back(ward);
  return folder;
}

std::vector<std::string> ids_by_score(const Candidates& candidates) {
  std::vector<std::string> ids;
  for (size_t c : ranking_order([&] {
         std::vector<double> scores;
         for (const Candidate& candidate : candidates.list) scores.push_back(candidate.score);
         return scores;
       }()))
    ids.push_back(candidates.list[c].id);
  return ids;
}

}  // namespace

TEST_CASE("weights reorder the candidates layer by layer") {
  const AnalysisFolder folder = two_layer_folder();
  const Candidates even = make_candidates(folder, {});
  REQUIRE(even.list.size() == 4);
  // The ward: (240 − 240 / 2) / 12 = 10 a month above the area-wide rate.
  CHECK(even.list[3].id == "ward-W2");
  CHECK(even.list[3].score == Approx(10));
  CHECK(ids_by_score(even) == std::vector<std::string>{"ward-W2", "anti-social-behaviour-b",
                                                       "burglary-a", "anti-social-behaviour-c"});
  const Candidates burglary_first = make_candidates(folder, {{"burglary", 2}, {"wards", 0.2}});
  CHECK(ids_by_score(burglary_first) ==
        std::vector<std::string>{"burglary-a", "anti-social-behaviour-b", "ward-W2",
                                 "anti-social-behaviour-c"});
  const Candidates no_asb = make_candidates(folder, {{"anti-social-behaviour", 0}});
  CHECK(ids_by_score(no_asb) == std::vector<std::string>{"ward-W2", "burglary-a"});
  CHECK_THROWS_AS(make_candidates(folder, {{"robbery", 2}}), UsageError);
}

TEST_CASE("a hotspot area overlaps the ward it lies in and any area it shares ground with") {
  const AnalysisFolder folder = two_layer_folder();
  const Candidates candidates = make_candidates(folder, {});
  const auto& o = candidates.overlaps;
  CHECK(o[0][2]);  // burglary-a and anti-social-behaviour-c share a quarter
  CHECK(o[1][3]);  // anti-social-behaviour-b lies in ward W2
  CHECK(o[3][1]);
  CHECK_FALSE(o[0][1]);
  CHECK_FALSE(o[0][3]);
  CHECK_FALSE(o[2][3]);  // in W1, not W2
  // Touching along an edge is not sharing ground.
  const MultiPolygon a = to_multipolygon({{{{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}}}});
  const MultiPolygon b =
      to_multipolygon({{{{{100, 0}, {200, 0}, {200, 100}, {100, 100}, {100, 0}}}}});
  CHECK_FALSE(share_ground(a, b));
  CHECK(share_ground(a, a));
}
