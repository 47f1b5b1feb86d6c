#include "engine/plan/rota.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "engine/core/errors.hpp"

namespace hotspot::plan {

std::vector<size_t> ranking_order(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

Rota build_rota(const RotaInput& input) {
  const size_t n = input.scores.size();
  if (input.overlaps.size() != n || (!input.visited.empty() && input.visited.size() != n))
    throw UsageError("rota: one overlap row and one visit list per candidate");
  for (const auto& row : input.overlaps)
    if (row.size() != n) throw UsageError("rota: the overlap table must be square");
  if (input.weeks < 1 || input.areas_per_week < 1 || input.gap_weeks < 1)
    throw UsageError("rota: weeks, areas per week and gap must each be at least 1");

  std::vector<std::vector<int32_t>> visits = input.visited;
  visits.resize(n);
  const std::vector<size_t> order = ranking_order(input.scores);
  const int32_t gap_days = 7 * input.gap_weeks;
  Rota rota(static_cast<size_t>(input.weeks));
  for (int week = 0; week < input.weeks; ++week) {
    const int32_t day = input.start_day + 7 * week;
    std::vector<size_t>& chosen = rota[static_cast<size_t>(week)];
    for (size_t candidate : order) {
      if (chosen.size() >= static_cast<size_t>(input.areas_per_week)) break;
      const auto& seen = visits[candidate];
      if (std::any_of(seen.begin(), seen.end(),
                      [&](int32_t visit) { return std::abs(day - visit) < gap_days; }))
        continue;
      if (std::any_of(chosen.begin(), chosen.end(),
                      [&](size_t other) { return input.overlaps[candidate][other]; }))
        continue;
      chosen.push_back(candidate);
    }
    for (size_t candidate : chosen) visits[candidate].push_back(day);
  }
  return rota;
}

}  // namespace hotspot::plan
