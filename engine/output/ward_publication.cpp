#include "engine/output/ward_publication.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/suppression.hpp"

namespace hotspot::output {

namespace {

// Competition ranking ("1, 2, 2, 4") of the shown values, highest first: ties share a rank, so a
// rank never depends on ward order. Unshown values get 0.
std::vector<int> rank_shown(const std::vector<double>& key, const std::vector<uint8_t>& shown) {
  std::vector<size_t> order;
  for (size_t i = 0; i < key.size(); ++i)
    if (shown[i] && !std::isnan(key[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key[a] > key[b]; });
  std::vector<int> rank(key.size(), 0);
  for (size_t k = 0; k < order.size(); ++k)
    rank[order[k]] =
        k > 0 && key[order[k]] == key[order[k - 1]] ? rank[order[k - 1]] : static_cast<int>(k + 1);
  return rank;
}

// The rank key of a column: the rate where every ward has a population, else the count.
double rank_key(const profile::Stats& stats, bool by_rate) {
  return by_rate ? stats.rate_per_1000 : static_cast<double>(stats.count);
}

// A layer that is exactly one category on every day and hour publishes that category's counts.
int same_as_category(const LayerDefinition& layer, const profile::AreaProfile& area) {
  if (layer.categories.size() != 1 || layer.hours || !layer.weekdays.empty() || layer.from_month ||
      layer.to_month)
    return -1;
  const auto at =
      std::find(area.categories.begin(), area.categories.end(), layer.categories.front());
  return at == area.categories.end() ? -1 : static_cast<int>(at - area.categories.begin());
}

WardPublication everything(const profile::AreaProfile& area, const LayerCounts& layers) {
  const size_t wards = area.wards.size(), categories = area.categories.size();
  WardPublication p;
  p.categories = categories;
  p.category_shown.assign(wards * categories, 1);
  p.total_shown.assign(wards, 1);
  p.previous_total_shown.assign(wards, 1);
  p.layer_shown.assign(layers.layers.size(), std::vector<uint8_t>(wards, 1));
  p.area_category_shown.assign(categories, 1);
  p.area_monthly_shown.assign(area.monthly.size(), 1);
  p.total_rank.resize(wards);
  p.category_rank.resize(wards * categories);
  p.priority_rank.assign(wards, 0);
  for (size_t w = 0; w < wards; ++w) {
    p.total_rank[w] = area.wards[w].total.rank;
    for (size_t c = 0; c < categories; ++c)
      p.category_rank[w * categories + c] = area.wards[w].by_category[c].rank;
    p.priority_rank[w] = area.wards[w].priority_rank;
  }
  p.priority_order = area.priority_order;
  return p;
}

}  // namespace

WardPublication decide_ward_publication(const profile::AreaProfile& area, const LayerCounts& layers,
                                        const DisclosurePolicy& disclosure) {
  WardPublication p = everything(area, layers);
  if (!disclosure.public_output) return p;
  const size_t wards = area.wards.size(), categories = area.categories.size();
  const int64_t minimum = disclosure.minimum_count;

  // Ward × category counts with the ward totals and the area's category totals.
  std::vector<int64_t> cells(wards * categories);
  for (size_t w = 0; w < wards; ++w)
    for (size_t c = 0; c < categories; ++c)
      cells[w * categories + c] = area.wards[w].by_category[c].count;
  const TwoWayTable table = TwoWayTable::with_sums(wards, categories, std::move(cells));
  const TableMask mask = protect_table(table, minimum);
  for (size_t w = 0; w < wards; ++w) {
    p.total_shown[w] = !mask.row_total(w);
    for (size_t c = 0; c < categories; ++c) p.category_shown[w * categories + c] = !mask.cell(w, c);
  }
  for (size_t c = 0; c < categories; ++c) p.area_category_shown[c] = !mask.column_total(c);
  p.area_total_shown = !mask.grand_total();

  // Previous-period totals: one list with the area's previous total.
  std::vector<int64_t> previous(wards);
  for (size_t w = 0; w < wards; ++w)
    previous[w] = std::max<int64_t>(0, area.wards[w].total.previous_count);
  const std::vector<uint8_t> previous_withheld = protect_list(previous, minimum, true);
  for (size_t w = 0; w < wards; ++w) p.previous_total_shown[w] = !previous_withheld[w];

  // Layer columns: a layer that is one category shows what that category shows; others are a
  // list with the layer's total, withheld too wherever one of their categories is (a layer count
  // bounds the counts of its categories).
  for (size_t l = 0; l < layers.layers.size(); ++l) {
    const LayerDefinition& layer = layers.layers[l];
    if (const int c = same_as_category(layer, area); c >= 0) {
      for (size_t w = 0; w < wards; ++w)
        p.layer_shown[l][w] = p.category(w, static_cast<size_t>(c));
      continue;
    }
    std::vector<uint8_t> withheld = protect_list(layers.by_ward[l], minimum, true);
    for (size_t w = 0; w < wards; ++w)
      for (size_t c = 0; c < categories; ++c)
        if (!p.category(w, c) && std::find(layer.categories.begin(), layer.categories.end(),
                                           area.categories[c]) != layer.categories.end())
          withheld[w] = 1;
    if (std::count(withheld.begin(), withheld.end(), 1) == 1) {  // the sum would give it away
      const std::vector<int64_t>& counts = layers.by_ward[l];
      size_t smallest = wards;
      for (size_t w = 0; w < wards; ++w)
        if (!withheld[w] && (smallest == wards || counts[w] < counts[smallest])) smallest = w;
      if (smallest < wards) withheld[smallest] = 1;
    }
    for (size_t w = 0; w < wards; ++w) p.layer_shown[l][w] = !withheld[w];
  }

  // The area's monthly counts add up to its total.
  const std::vector<uint8_t> monthly_withheld =
      protect_list(area.monthly, minimum, p.area_total_shown);
  for (size_t m = 0; m < area.monthly.size(); ++m) p.area_monthly_shown[m] = !monthly_withheld[m];
  p.ward_monthly_shown = false;
  p.category_previous_shown = false;

  // Ranks among shown values only, ties sharing a rank.
  const bool by_rate = area.has_population;
  std::vector<double> key(wards);
  for (size_t w = 0; w < wards; ++w) key[w] = rank_key(area.wards[w].total, by_rate);
  p.total_rank = rank_shown(key, p.total_shown);
  for (size_t c = 0; c < categories; ++c) {
    std::vector<uint8_t> shown(wards);
    for (size_t w = 0; w < wards; ++w) {
      key[w] = rank_key(area.wards[w].by_category[c], by_rate);
      shown[w] = p.category(w, c);
    }
    const std::vector<int> rank = rank_shown(key, shown);
    for (size_t w = 0; w < wards; ++w) p.category_rank[w * categories + c] = rank[w];
  }

  // Priority wards whose total is shown, re-numbered.
  p.priority_order.clear();
  std::fill(p.priority_rank.begin(), p.priority_rank.end(), 0);
  for (int32_t w : area.priority_order)
    if (p.total_shown[static_cast<size_t>(w)]) {
      p.priority_order.push_back(w);
      p.priority_rank[static_cast<size_t>(w)] = static_cast<int>(p.priority_order.size());
    }
  return p;
}

}  // namespace hotspot::output
