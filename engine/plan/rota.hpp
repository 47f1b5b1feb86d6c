// The days-of-action rota as a pure function of scores: each week, K areas taken greedily by
// score (ties: the lower index), skipping an area that overlaps one already taken that week or
// that was visited fewer than `gap_weeks` weeks before (or after) the week, in this rota or in a
// previous one. Deterministic; a week with too few eligible areas gets fewer slots.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hotspot::plan {

struct RotaInput {
  std::vector<double> scores;                 // one per candidate; higher goes first
  std::vector<std::vector<bool>> overlaps;    // [a][b]: a and b share ground (symmetric)
  std::vector<std::vector<int32_t>> visited;  // per candidate: days of earlier visits (history)
  int32_t start_day = 0;                      // day index of week 1
  int weeks = 8, areas_per_week = 4, gap_weeks = 3;
};

// rota[w] = the candidates chosen for week w + 1, in the order taken (slot 1 first).
using Rota = std::vector<std::vector<size_t>>;

// Throws UsageError when the input's sizes disagree or weeks, areas or gap are under 1.
Rota build_rota(const RotaInput& input);

// The order candidates are considered in: score high to low, then index.
std::vector<size_t> ranking_order(const std::vector<double>& scores);

}  // namespace hotspot::plan
