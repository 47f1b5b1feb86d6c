#include "engine/hotspots/backtest.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>

#include "engine/core/parallel.hpp"

namespace hotspot::hotspots {

namespace {

// The in-area totals of the fit and test counts: the same for every method of an origin.
struct OriginTotals {
  int64_t fit_total = 0, test_total = 0;
};

OriginTotals totals(const BacktestInputs& inputs, const std::vector<float>& fit_counts,
                    const std::vector<float>& test_counts) {
  OriginTotals sum;
  for (size_t i = 0; i < fit_counts.size(); ++i)
    if (inputs.inside[i]) {
      sum.fit_total += static_cast<int64_t>(fit_counts[i]);
      sum.test_total += static_cast<int64_t>(test_counts[i]);
    }
  return sum;
}

// The incidents in `cells`, in the fit and test windows (totals left to with_totals).
OriginScore captured_in(const std::vector<uint32_t>& cells, const std::vector<float>& fit_counts,
                        const std::vector<float>& test_counts) {
  OriginScore score;
  for (uint32_t cell : cells) {
    score.fit_captured += static_cast<int64_t>(fit_counts[cell]);
    score.captured += static_cast<int64_t>(test_counts[cell]);
  }
  score.cells = static_cast<int64_t>(cells.size());
  return score;
}

OriginScore with_totals(OriginScore score, const OriginTotals& sum) {
  score.fit_total = sum.fit_total;
  score.test_total = sum.test_total;
  return score;
}

// What a method's patrol areas capture, without the origin's totals.
OriginScore captured_by_areas(const BacktestInputs& inputs, const FitSurfaces& fit,
                              const Method& method, const std::vector<float>& test_counts,
                              std::vector<float>& expected) {
  fit.expected_into(method, expected);
  std::vector<uint32_t> cells;
  for (const PatrolArea& area : build_patrol_areas(inputs.spec, expected, fit.observed(),
                                                   inputs.inside, inputs.study_cells, inputs.areas))
    cells.insert(cells.end(), area.cells.begin(), area.cells.end());
  return captured_in(cells, fit.observed(), test_counts);
}

void add(MethodScore& total, const OriginScore& origin, int64_t study_cells) {
  total.test_total += origin.test_total;
  total.captured += origin.captured;
  total.fit_total += origin.fit_total;
  total.fit_captured += origin.fit_captured;
  total.area_share_sum += double(origin.cells) / double(std::max<int64_t>(1, study_cells));
  ++total.origins;
}

// A reference's n hottest cells for every n up to some most, as running sums: fit[n] and
// test[n] are the incidents of the fit and test windows in the n hottest (fit[0] = 0). Made
// while the origin's surfaces are at hand, so the references need no second pass over the
// origins once the chosen method (and so n) is known; score_top_cells reads one n from them.
// The ranking: the cells with a forecast, hottest first, ties to the lower cell; when fewer than
// n have one, the other in-area cells follow in the same order.
struct TopCellSums {
  std::vector<int64_t> fit, test;
};

TopCellSums top_cell_sums(const BacktestInputs& inputs, const FitSurfaces& fit,
                          const Method& method, const std::vector<float>& test_counts, int64_t most,
                          std::vector<float>& expected) {
  fit.expected_into(method, expected);
  struct Ranked {
    float value;
    uint32_t cell;
  };
  auto hotter = [](const Ranked& a, const Ranked& b) {
    return a.value != b.value ? a.value > b.value : a.cell < b.cell;
  };
  const auto wanted = static_cast<size_t>(std::max<int64_t>(0, most));
  std::vector<Ranked> ranked, rest;
  bool rest_all_zero = true;  // every in-area cell without a forecast is exactly 0
  // Only the cells at or above a floor when enough are (see ranking_floor): a kernel forecast
  // is above 0 on most of a national grid, and ranking all of it held ~120 MB.
  auto collect = [&](float at_least) {
    ranked.clear();
    rest_all_zero = true;
    for (uint32_t i = 0; i < expected.size(); ++i) {
      if (!inputs.inside[i]) continue;
      if (expected[i] > 0) {
        if (expected[i] >= at_least) ranked.push_back({expected[i], i});
      } else {
        rest_all_zero &= expected[i] == 0;
      }
    }
  };
  const float floor = wanted > 0 ? ranking_floor(inputs.spec, expected, inputs.inside, wanted) : 0;
  collect(floor);
  if (ranked.size() < wanted && floor > 0) collect(0);
  auto take_hottest = [&](std::vector<Ranked>& cells, size_t count) {
    count = std::min(count, cells.size());
    std::nth_element(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(count), cells.end(),
                     hotter);
    cells.resize(count);
    std::sort(cells.begin(), cells.end(), hotter);
  };
  take_hottest(ranked, wanted);
  if (ranked.size() < wanted) {
    // Cells without a forecast: all 0 (as counts and kernels give), they rank by cell alone and
    // are taken in grid order; otherwise (a negative value) ranked like the others.
    for (uint32_t i = 0;
         i < expected.size() && (!rest_all_zero || rest.size() < wanted - ranked.size()); ++i)
      if (inputs.inside[i] && !(expected[i] > 0)) rest.push_back({expected[i], i});
    if (!rest_all_zero) take_hottest(rest, wanted - ranked.size());
    ranked.insert(ranked.end(), rest.begin(), rest.end());
  }
  TopCellSums sums;
  sums.fit.assign(ranked.size() + 1, 0);
  sums.test.assign(ranked.size() + 1, 0);
  for (size_t k = 0; k < ranked.size(); ++k) {
    sums.fit[k + 1] = sums.fit[k] + static_cast<int64_t>(fit.observed()[ranked[k].cell]);
    sums.test[k + 1] = sums.test[k] + static_cast<int64_t>(test_counts[ranked[k].cell]);
  }
  return sums;
}

// The references' score in one origin: its n hottest cells.
OriginScore top_cells_score(const TopCellSums& sums, int64_t cells) {
  const auto count =
      std::min(static_cast<size_t>(std::max<int64_t>(0, cells)), sums.fit.size() - 1);
  OriginScore score;
  score.fit_captured = sums.fit[count];
  score.captured = sums.test[count];
  score.cells = static_cast<int64_t>(count);
  return score;
}

// The candidates in scoring steps, each a list of candidate indices: first those without a
// KDE, then, `threads` KDEs at a time (prepare computes one per worker), those that read them.
// A step's surfaces are made just before it and released after it: on a national grid, where
// each surface is 64 MB, the backtest then holds about 8 of them instead of all 13 at once, in
// as many rounds of KDEs as before. Each candidate's score is independent of the order.
std::vector<std::vector<size_t>> scoring_steps(const std::vector<Method>& candidates, int threads) {
  std::vector<std::vector<size_t>> steps(1);
  std::vector<std::pair<double, double>> kdes;  // in order of first use
  for (size_t c = 0; c < candidates.size(); ++c) {
    const Method& method = candidates[c];
    if (method.kind == Method::Kind::grid_counts) {
      steps.front().push_back(c);
      continue;
    }
    const std::pair key(method.bandwidth_m, method.half_life_months);
    if (std::find(kdes.begin(), kdes.end(), key) == kdes.end()) kdes.push_back(key);
  }
  const size_t per_step = static_cast<size_t>(std::max(1, threads));
  for (size_t first = 0; first < kdes.size(); first += per_step) {
    const size_t last = std::min(kdes.size(), first + per_step);
    steps.emplace_back();
    for (size_t c = 0; c < candidates.size(); ++c) {
      const Method& method = candidates[c];
      const std::pair key(method.bandwidth_m, method.half_life_months);
      if (method.kind != Method::Kind::grid_counts &&
          std::find(kdes.begin() + first, kdes.begin() + last, key) != kdes.begin() + last)
        steps.back().push_back(c);
    }
  }
  return steps;
}

std::string format_pai(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

double MethodScore::pai() const {
  const double share = area_share();
  if (test_total == 0 || share <= 0) return 0;
  return (double(captured) / double(test_total)) / share;
}

std::optional<double> MethodScore::rri() const {
  if (fit_captured == 0 || fit_total == 0 || test_total == 0) return std::nullopt;
  return (double(captured) / double(fit_captured)) / (double(test_total) / double(fit_total));
}

std::vector<BacktestOrigin> rolling_origins(MonthRange period, int maximum) {
  std::vector<BacktestOrigin> origins;
  for (int32_t test = std::max(period.from_month + 2, period.to_month - maximum + 1);
       test <= period.to_month; ++test)
    origins.push_back(BacktestOrigin{MonthRange{period.from_month, test - 1}, test});
  return origins;
}

OriginScore score_areas(const BacktestInputs& inputs, const FitSurfaces& fit, const Method& method,
                        const std::vector<float>& test_counts) {
  std::vector<float> expected;
  return score_areas(inputs, fit, method, test_counts, expected);
}

OriginScore score_areas(const BacktestInputs& inputs, const FitSurfaces& fit, const Method& method,
                        const std::vector<float>& test_counts, std::vector<float>& expected) {
  return with_totals(captured_by_areas(inputs, fit, method, test_counts, expected),
                     totals(inputs, fit.observed(), test_counts));
}

OriginScore score_top_cells(const BacktestInputs& inputs, const FitSurfaces& fit,
                            const Method& method, const std::vector<float>& test_counts,
                            int64_t cells) {
  std::vector<float> expected;
  return with_totals(
      top_cells_score(top_cell_sums(inputs, fit, method, test_counts, cells, expected), cells),
      totals(inputs, fit.observed(), test_counts));
}

BacktestResult backtest(const BacktestInputs& inputs, const std::vector<Method>& candidates,
                        const Method& fallback) {
  BacktestResult result;
  result.origins = rolling_origins(inputs.period);
  if (result.origins.empty()) {
    MethodScore only;
    only.method = fallback;
    result.scores.push_back(only);
    result.note =
        "the data covers " + std::to_string(inputs.period.months()) +
        (inputs.period.months() == 1 ? " month" : " months") +
        ", too few to backtest (3 are needed: 2 to fit, 1 to test), so the default method (" +
        fallback.name() + ") is used";
    return result;
  }
  result.ran = true;
  // Per origin: the fit window's surfaces step by step (see scoring_steps), each step's
  // candidates on the workers (each is independent, so the totals below do not depend on the
  // thread count), then the references' hottest cells up to the most any candidate's areas
  // cover.
  const std::array<Method, 2> reference_methods{grid_counts_reference(), kde_reference()};
  const std::vector<std::vector<size_t>> steps = scoring_steps(candidates, inputs.threads);
  const size_t origins = result.origins.size();
  std::vector<OriginScore> scores(candidates.size() * origins);
  std::vector<OriginTotals> origin_totals(origins);
  std::vector<std::array<TopCellSums, 2>> reference_sums(origins);
  // Each candidate's time in the last origin (written only by the worker that scored it).
  std::vector<double> seconds_taken(candidates.size(), 0);
  // One forecast grid per worker, reused for every candidate and reference of every origin.
  std::vector<std::vector<float>> expected_by_worker(
      static_cast<size_t>(std::max(1, inputs.threads)));
  for (size_t o = 0; o < origins; ++o) {
    const BacktestOrigin& origin = result.origins[o];
    FitSurfaces fit(inputs.points, inputs.all_crime, inputs.spec, inputs.inside, origin.fit);
    const std::vector<float> test_counts = counts_per_cell(
        inputs.points, inputs.spec, MonthRange{origin.test_month, origin.test_month});
    for (size_t s = 0; s < steps.size(); ++s) {
      const std::vector<size_t>& step = steps[s];
      std::vector<Method> methods;
      for (size_t c : step) methods.push_back(candidates[c]);
      fit.prepare(methods, inputs.threads);
      // Longest first, by the time each candidate took in the previous origin (the origins are
      // alike): the workers then finish a step together instead of one waiting on the other's
      // last candidate. The scores are stored by candidate, so the order changes none of them.
      std::vector<size_t> queue = step;
      std::stable_sort(queue.begin(), queue.end(),
                       [&](size_t a, size_t b) { return seconds_taken[a] > seconds_taken[b]; });
      std::atomic<size_t> next{0};
      parallel_workers(inputs.threads, [&](int worker) {
        std::vector<float>& expected = expected_by_worker[static_cast<size_t>(worker)];
        for (size_t k; (k = next.fetch_add(1)) < queue.size();) {
          const auto started = std::chrono::steady_clock::now();
          scores[queue[k] * origins + o] =
              captured_by_areas(inputs, fit, candidates[queue[k]], test_counts, expected);
          seconds_taken[queue[k]] =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        }
      });
      std::vector<Method> still_needed(reference_methods.begin(), reference_methods.end());
      for (size_t later = s + 1; later < steps.size(); ++later)
        for (size_t c : steps[later]) still_needed.push_back(candidates[c]);
      fit.release_unneeded(still_needed);
    }
    fit.prepare({reference_methods.begin(), reference_methods.end()}, inputs.threads);
    origin_totals[o] = totals(inputs, fit.observed(), test_counts);
    int64_t most_cells = 0;
    for (size_t c = 0; c < candidates.size(); ++c)
      most_cells = std::max(most_cells, scores[c * origins + o].cells);
    // The references on the workers too: one each.
    parallel_for(reference_methods.size(), inputs.threads,
                 [&](size_t begin, size_t end, int worker) {
                   for (size_t r = begin; r < end; ++r)
                     reference_sums[o][r] =
                         top_cell_sums(inputs, fit, reference_methods[r], test_counts, most_cells,
                                       expected_by_worker[static_cast<size_t>(worker)]);
                 });
    for (size_t c = 0; c < candidates.size(); ++c)
      scores[c * origins + o] = with_totals(scores[c * origins + o], origin_totals[o]);
  }
  for (size_t c = 0; c < candidates.size(); ++c) {
    MethodScore total;
    total.method = candidates[c];
    for (size_t o = 0; o < origins; ++o) add(total, scores[c * origins + o], inputs.study_cells);
    result.scores.push_back(total);
    // Every candidate has the same budget, so the one that captures the most unseen incidents
    // wins (PAI at different shares would favour a method that leaves the budget unspent).
    if (total.captured > result.scores[result.chosen].captured) result.chosen = c;
  }
  // The references, drawn as top cells at the chosen method's share in each origin.
  std::array<MethodScore, 2> references;
  for (size_t r = 0; r < 2; ++r) {
    references[r].method = reference_methods[r];
    references[r].reference = true;
    for (size_t o = 0; o < origins; ++o)
      add(references[r],
          with_totals(
              top_cells_score(reference_sums[o][r], scores[result.chosen * origins + o].cells),
              origin_totals[o]),
          inputs.study_cells);
  }
  result.scores.insert(result.scores.end(), references.begin(), references.end());
  const MethodScore& chosen = result.scores[result.chosen];
  const MethodScore& grid = result.scores[candidates.size()];
  const MethodScore& kde = result.scores[candidates.size() + 1];
  result.note = "chosen by backtest on " + std::to_string(result.origins.size()) +
                " months the fit never saw (" + month_label(result.origins.front().test_month) +
                " to " + month_label(result.origins.back().test_month) +
                "), where it captured the most of the unseen months' "
                "incidents: PAI " +
                format_pai(chosen.pai()) + ", against " + format_pai(grid.pai()) +
                " for plain grid counts and " + format_pai(kde.pai()) + " for a " +
                kde.method.name() + " over the same share of the area";
  return result;
}

}  // namespace hotspot::hotspots
