#include "engine/peers/peers.hpp"

#include <algorithm>
#include <map>

#include "engine/core/categories.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::peers {

namespace {

struct Figures {
  int64_t count = 0;
  double population = 0;
  double exposure = 0;  // residents × months
};

ReferenceComparison compare(const std::string& name, const Figures& reference, int64_t count,
                            double study_exposure, int study_months, double confidence) {
  ReferenceComparison result;
  result.name = name;
  result.count = reference.count;
  result.population = reference.population;
  result.months = reference.exposure / reference.population;
  // Per 1,000 residents over the study period's length.
  result.rate_per_1000 = 1000.0 * double(reference.count) / reference.exposure * study_months;
  result.test = profile::compare_counts(count, reference.count, study_exposure / reference.exposure,
                                        confidence);
  if (result.test.significant(1 - confidence) && !std::isnan(result.test.rate_ratio) &&
      result.test.rate_ratio != 1)
    result.comparison =
        result.test.rate_ratio > 1 ? profile::Comparison::above : profile::Comparison::below;
  else if (result.test.significant(1 - confidence) && reference.count == 0)
    result.comparison = profile::Comparison::above;  // any count against none, significantly
  else
    result.comparison = profile::Comparison::similar;
  return result;
}

// Competition rank of `value` among `others` (highest first; ties share the better rank).
int rank_among(double value, const std::vector<double>& others) {
  return 1 + static_cast<int>(std::count_if(others.begin(), others.end(),
                                            [&](double other) { return other > value; }));
}

}  // namespace

StudyCounts study_counts(const profile::AreaProfile& area) {
  StudyCounts study;
  study.categories = area.categories;
  study.counts = area.count_by_category;
  study.total = area.total;
  study.population = area.has_population ? area.population : NAN;
  study.months = area.to_month - area.from_month + 1;
  return study;
}

PeerReport compare_with_peers(const PeerTable& table, const StudyCounts& study, double confidence) {
  if (!(study.population > 0))
    throw ConfigError(
        "a comparison with peers (--peers) needs the study area's residents: give every ward a "
        "population (--population)");
  PeerReport report;
  report.path = table.path;
  report.study_months = study.months;
  const double study_exposure = study.population * study.months;

  // Categories in file order, `total` last; each category's national and member figures.
  std::vector<std::string> order;
  std::map<std::string, std::optional<Figures>> national;
  std::map<std::string, std::vector<std::pair<std::string, Figures>>> members;
  for (const PeerRow& row : table.rows) {
    if (row.category != kTotalCategory &&
        std::find(order.begin(), order.end(), row.category) == order.end())
      order.push_back(row.category);
    const double months = row.months > 0 ? row.months : study.months;
    const Figures figures{row.count, row.population, row.population * months};
    if (row.role == PeerRole::national) {
      report.national = row.area;
      national[row.category] = figures;
    } else {
      members[row.category].emplace_back(row.area, figures);
      if (std::find(report.members.begin(), report.members.end(), row.area) == report.members.end())
        report.members.push_back(row.area);
    }
  }
  if (national.count(kTotalCategory) || members.count(kTotalCategory))
    order.push_back(kTotalCategory);

  std::vector<std::string> absent_from_data;
  for (const std::string& category : order) {
    CategoryPeers row;
    row.category = category;
    row.title = category == kTotalCategory ? "All categories" : category_title(category);
    if (category == kTotalCategory) {
      row.count = study.total;
    } else {
      const auto at = std::find(study.categories.begin(), study.categories.end(), category);
      if (at != study.categories.end()) {
        row.count = study.counts[static_cast<size_t>(at - study.categories.begin())];
      } else {
        const auto& slugs = police_uk_slugs();
        if (std::find(slugs.begin(), slugs.end(), category) == slugs.end()) {
          absent_from_data.push_back(category);
          continue;  // a category of the user's own that the data does not have: not comparable
        }
        row.count = 0;  // a police.uk category with no incidents in the study area
      }
    }
    row.rate_per_1000 = 1000.0 * double(row.count) / study.population;
    if (const auto found = national.find(category); found != national.end() && found->second)
      row.national = compare(report.national, *found->second, row.count, study_exposure,
                             study.months, confidence);
    if (const auto found = members.find(category); found != members.end()) {
      Figures pooled;
      std::vector<double> rates;
      for (const auto& [name, figures] : found->second) {
        pooled.count += figures.count;
        pooled.population += figures.population;
        pooled.exposure += figures.exposure;
        rates.push_back(double(figures.count) / figures.exposure);
      }
      const std::string name = "the Most Similar Group (" + std::to_string(found->second.size()) +
                               (found->second.size() == 1 ? " area)" : " areas)");
      row.group = compare(name, pooled, row.count, study_exposure, study.months, confidence);
      row.rank = rank_among(double(row.count) / study_exposure, rates);
      row.ranked = static_cast<int>(rates.size()) + 1;
    }
    report.categories.push_back(std::move(row));
  }
  for (const std::string& category : absent_from_data)
    report.notes.push_back("the peers file has " + category +
                           ", which the study data does not: not compared");
  for (const std::string& category : study.categories)
    if (std::find(order.begin(), order.end(), category) == order.end())
      report.notes.push_back("the peers file has no figures for " + category + ": not compared");
  return report;
}

}  // namespace hotspot::peers
