#include "engine/hotspots/forecast.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"
#include "engine/density/kde.hpp"

namespace hotspot::hotspots {

namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f m", value);
  return text;
}

// The weight of a fit month: 1, or halved every half_life months back from the last fit month,
// divided by the fit months' total so that every forecast speaks of one (weighted) month.
double month_weight(double half_life, int32_t month, const MonthRange& fit) {
  double total = 0;
  for (int32_t m = fit.from_month; m <= fit.to_month; ++m)
    total += half_life > 0 ? std::pow(0.5, double(fit.to_month - m) / half_life) : 1;
  const double weight = half_life > 0 ? std::pow(0.5, double(fit.to_month - month) / half_life) : 1;
  return weight / total;
}

// month_weight for each month of the fit window, in order: computed once, not once per point
// (it sums the window's weights, a pow per month, each time).
std::vector<double> month_weights(double half_life, const MonthRange& fit) {
  std::vector<double> weights;
  for (int32_t month = fit.from_month; month <= fit.to_month; ++month)
    weights.push_back(month_weight(half_life, month, fit));
  return weights;
}

}  // namespace

std::string Method::name() const {
  std::string text;
  switch (kind) {
    case Kind::grid_counts:
      text = "grid counts";
      break;
    case Kind::kde:
      text = "KDE " + metres(bandwidth_m);
      break;
    case Kind::blend: {
      char share[96];
      std::snprintf(share, sizeof share, "grid counts (%.0f%%) blended with KDE %s (%.0f%%)",
                    100 * (1 - kde_share), metres(bandwidth_m).c_str(), 100 * kde_share);
      text = share;
      break;
    }
  }
  char extra[96];
  if (all_crime_weight > 0) {
    std::snprintf(extra, sizeof extra, ", all crime as a prior (weight %g)", all_crime_weight);
    text += extra;
  }
  if (half_life_months > 0) {
    std::snprintf(extra, sizeof extra, ", recent months weighted (half-life %g months)",
                  half_life_months);
    text += extra;
  }
  return text;
}

std::string Method::slug() const {
  char text[96];
  if (kind == Kind::grid_counts)
    std::snprintf(text, sizeof text, "grid-counts");
  else if (kind == Kind::kde)
    std::snprintf(text, sizeof text, "kde-%.0f", bandwidth_m);
  else
    std::snprintf(text, sizeof text, "blend-%.0f-%.0f", bandwidth_m, 100 * kde_share);
  std::string slug = text;
  if (all_crime_weight > 0) {
    std::snprintf(text, sizeof text, "-all-%g", all_crime_weight);
    slug += text;
  }
  if (half_life_months > 0) {
    std::snprintf(text, sizeof text, "-recent-%g", half_life_months);
    slug += text;
  }
  return slug;
}

std::vector<Method> candidate_methods() {
  using Kind = Method::Kind;
  return {
      {Kind::grid_counts, 0, 0, 0, 0},   {Kind::grid_counts, 0, 0, 0, 0.1},
      {Kind::grid_counts, 0, 0, 0, 0.3}, {Kind::grid_counts, 0, 2, 0, 0.3},
      {Kind::kde, 150, 0, 1, 0},         {Kind::kde, 250, 0, 1, 0},
      {Kind::kde, 400, 0, 1, 0},         {Kind::kde, 600, 0, 1, 0},
      {Kind::blend, 150, 0, 0.1, 0},     {Kind::blend, 250, 0, 0.1, 0},
      {Kind::blend, 250, 0, 0.1, 0.3},   {Kind::blend, 250, 0, 0.5, 0},
  };
}

Method grid_counts_reference() { return {Method::Kind::grid_counts, 0, 0, 0, 0}; }
Method kde_reference() { return {Method::Kind::kde, 500, 0, 1, 0}; }

std::vector<float> counts_per_cell(const LayerPoints& points, const GridSpec& spec,
                                   MonthRange months) {
  std::vector<float> counts;
  assign_in_huge_pages(counts, spec.cell_count(), 0.0f);
  for (size_t i = 0; i < points.cell.size(); ++i)
    if (points.cell[i] >= 0 && months.contains(points.month[i]))
      counts[static_cast<size_t>(points.cell[i])] += 1;
  return counts;
}

FitSurfaces::FitSurfaces(const LayerPoints& points, const CellMonths& all_crime,
                         const GridSpec& spec, const std::vector<uint8_t>& inside, MonthRange fit)
    : points_(points), all_crime_(all_crime), spec_(spec), inside_(inside), fit_(fit) {
  observed_ = counts_per_cell(points, spec, fit);
}

void FitSurfaces::prepare(const std::vector<Method>& methods, int threads) {
  for (const Method& method : methods) {
    const double half_life = method.half_life_months;
    const std::vector<double> weights = month_weights(half_life, fit_);
    auto weight_of = [&](int32_t month) {
      return weights[static_cast<size_t>(month - fit_.from_month)];
    };
    if (method.kind != Method::Kind::kde && !counts_.count(half_life)) {
      std::vector<float> counts;
      assign_in_huge_pages(counts, spec_.cell_count(), 0.0f);
      for (size_t i = 0; i < points_.cell.size(); ++i)
        if (points_.cell[i] >= 0 && fit_.contains(points_.month[i]))
          counts[static_cast<size_t>(points_.cell[i])] +=
              static_cast<float>(points_.weight[i] * weight_of(points_.month[i]));
      counts_[half_life] = std::move(counts);
    }
    if (method.all_crime_weight > 0 && !all_crime_counts_.count(half_life)) {
      std::vector<float> counts;
      assign_in_huge_pages(counts, spec_.cell_count(), 0.0f);
      for (size_t i = 0; i < all_crime_.cell.size(); ++i)
        if (fit_.contains(all_crime_.month[i]))
          counts[static_cast<size_t>(all_crime_.cell[i])] +=
              static_cast<float>(weight_of(all_crime_.month[i]));
      all_crime_counts_[half_life] = std::move(counts);
    }
    if (method.kind != Method::Kind::grid_counts)
      kde_[{method.bandwidth_m, half_life}];  // to compute below
  }
  // The KDEs, one per worker at a time (each on one thread when there are enough of them: small
  // inputs parallelise poorly).
  std::vector<std::pair<double, double>> missing;
  for (const auto& [key, surface] : kde_)
    if (surface.empty()) missing.push_back(key);
  if (missing.empty()) return;
  // The fit window's points once, shared by the workers: their positions, and a weight column
  // per half-life. A copy for each worker (grown by doubling) held ~0.2 GB more on a national
  // layer, beside the kernels' own binned copies.
  size_t fit_points = 0;
  for (size_t i = 0; i < points_.x.size(); ++i) fit_points += fit_.contains(points_.month[i]);
  std::vector<double> x, y;
  x.reserve(fit_points);
  y.reserve(fit_points);
  std::map<double, std::vector<double>> weights_by_half_life;
  std::vector<std::pair<std::vector<double>*, std::vector<double>>> columns;  // with month weights
  for (const auto& key : missing)
    if (!weights_by_half_life.count(key.second)) {
      std::vector<double>& weights = weights_by_half_life[key.second];
      weights.reserve(fit_points);
      columns.emplace_back(&weights, month_weights(key.second, fit_));
    }
  for (size_t i = 0; i < points_.x.size(); ++i)
    if (fit_.contains(points_.month[i])) {
      x.push_back(points_.x[i]);
      y.push_back(points_.y[i]);
      const auto month = static_cast<size_t>(points_.month[i] - fit_.from_month);
      for (auto& [weights, of_month] : columns)
        weights->push_back(points_.weight[i] * of_month[month]);
    }
  // Fewer KDEs than workers (the references' own KDE): each takes the spare threads too, as the
  // kernel splits its rows between threads with identical results.
  const int workers = std::min<int>(threads, static_cast<int>(missing.size()));
  const int threads_per_kde = std::max(1, threads / std::max(1, workers));
  std::atomic<size_t> next{0};
  parallel_workers(workers, [&](int) {
    for (size_t k; (k = next.fetch_add(1)) < missing.size();) {
      // Distinct keys: no two workers touch one entry.
      density::estimate_weighted_counts(
          x, y, weights_by_half_life.at(missing[k].second), spec_,
          {density::Kernel::quartic, missing[k].first, 4.0, threads_per_kde}, kde_.at(missing[k]));
    }
  });
}

void FitSurfaces::release_unneeded(const std::vector<Method>& still_needed) {
  auto needed = [&](auto&& reads) {
    return std::any_of(still_needed.begin(), still_needed.end(), reads);
  };
  std::erase_if(counts_, [&](const auto& entry) {
    return !needed([&](const Method& m) {
      return m.kind != Method::Kind::kde && m.half_life_months == entry.first;
    });
  });
  std::erase_if(all_crime_counts_, [&](const auto& entry) {
    return !needed([&](const Method& m) {
      return m.all_crime_weight > 0 && m.half_life_months == entry.first;
    });
  });
  std::erase_if(kde_, [&](const auto& entry) {
    return !needed([&](const Method& m) {
      return m.kind != Method::Kind::grid_counts &&
             std::pair(m.bandwidth_m, m.half_life_months) == entry.first;
    });
  });
}

std::vector<float> FitSurfaces::expected(const Method& method) const {
  std::vector<float> out;
  expected_into(method, out);
  return out;
}

void FitSurfaces::expected_into(const Method& method, std::vector<float>& out) const {
  const double half_life = method.half_life_months;
  const std::vector<float>* counts =
      method.kind != Method::Kind::kde ? &counts_.at(half_life) : nullptr;
  const std::vector<float>* kde = method.kind != Method::Kind::grid_counts
                                      ? &kde_.at({method.bandwidth_m, half_life})
                                      : nullptr;
  const std::vector<float>* prior =
      method.all_crime_weight > 0 ? &all_crime_counts_.at(half_life) : nullptr;
  const float kde_share = method.kind == Method::Kind::kde ? 1.0f
                          : method.kind == Method::Kind::blend
                              ? static_cast<float>(method.kde_share)
                              : 0.0f;
  const auto prior_weight = static_cast<float>(method.all_crime_weight);
  size_in_huge_pages(out, spec_.cell_count());  // read at random by the patrol areas' passes
  // One loop per combination of terms, each without a branch per cell, so that the compiler can
  // vectorise it (this runs for every candidate on every cell of a national grid). The terms are
  // added in the same order, a missing one skipped, as a single loop with tests would.
  // Each has_* is std::true_type or std::false_type: the terms present are fixed at compile time.
  auto fill = [&](auto has_counts, auto has_kde, auto has_prior) {
    float* target = out.data();
    const uint8_t* inside = inside_.data();
    const float count_share = 1 - kde_share;
    for (size_t i = 0, n = out.size(); i < n; ++i) {
      float value = 0;
      if constexpr (has_counts) value += count_share * (*counts)[i];
      if constexpr (has_kde) value += kde_share * (*kde)[i];
      if constexpr (has_prior) value += prior_weight * (*prior)[i];
      // 0 outside the study area, as a mask on the bits (a select here stops vectorisation).
      const uint32_t keep = 0u - static_cast<uint32_t>(inside[i] != 0);
      target[i] = std::bit_cast<float>(std::bit_cast<uint32_t>(value) & keep);
    }
  };
  auto as_type = [](bool present, auto&& then) {
    present ? then(std::true_type{}) : then(std::false_type{});
  };
  as_type(counts != nullptr, [&](auto has_counts) {
    as_type(kde != nullptr, [&](auto has_kde) {
      as_type(prior != nullptr, [&](auto has_prior) { fill(has_counts, has_kde, has_prior); });
    });
  });
}

double per_month_scale(const std::vector<float>& surface, const LayerPoints& points,
                       const std::vector<uint8_t>& inside, MonthRange fit) {
  double surface_total = 0, layer_total = 0;
  for (size_t i = 0; i < surface.size(); ++i)
    if (inside[i]) surface_total += surface[i];
  for (size_t i = 0; i < points.cell.size(); ++i)
    if (points.cell[i] >= 0 && inside[static_cast<size_t>(points.cell[i])] &&
        fit.contains(points.month[i]))
      layer_total += points.weight[i];
  return surface_total > 0 ? layer_total / fit.months() / surface_total : 0;
}

}  // namespace hotspot::hotspots
