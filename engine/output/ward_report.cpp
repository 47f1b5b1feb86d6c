#include "engine/output/ward_report.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/core/month.hpp"
#include "engine/output/ward_publication.hpp"

namespace hotspot::output {

namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

void append_ward(std::string& out, const WardOutputContext& context, size_t w) {
  const profile::AreaProfile& area = context.profile;
  const profile::WardProfile& ward = area.wards[w];
  const WardPublication& shown = context.shown;
  const bool total_shown = shown.total_shown[w];
  out += "## " + context.wards.name[w] + " (" + context.wards.code[w] + ")";
  if (shown.priority_rank[w] > 0) out += " — priority " + std::to_string(shown.priority_rank[w]);
  out += "\n\n";
  if (context.wards.has_population(w))
    out += "- Residents: " + with_commas(std::llround(context.wards.population[w])) + "\n";
  if (total_shown) {
    out += "- Incidents: " + with_commas(ward.total.count);
    if (!std::isnan(ward.total.rate_per_1000))
      out += ", " + format("%.1f", ward.total.rate_per_1000) + " per 1,000 residents";
    out += " (" + format("%.1f", 100 * ward.total.share_of_area) + "% of the area's)\n";
  } else {
    out += "- Incidents: not shown in the public version\n";
  }
  if (const std::string sentence = comparison_sentence(ward.total);
      !sentence.empty() && total_shown)
    out += "- Compared with the area: " + sentence + "\n";
  if (const std::string sentence = change_sentence(ward.total);
      !sentence.empty() && total_shown && shown.previous_total_shown[w])
    out += "- Change: " + sentence + "\n";
  // The three largest shown categories (withheld ones are skipped, never ranked against).
  std::vector<size_t> order(area.categories.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return ward.by_category[a].count > ward.by_category[b].count;
  });
  std::string mix;
  int listed = 0;
  for (size_t k = 0; k < order.size() && listed < 3 && total_shown; ++k) {
    const auto& stats = ward.by_category[order[k]];
    if (stats.count == 0 || !shown.category(w, order[k])) continue;
    mix += (mix.empty() ? "" : ", ") + category_title(area.categories[order[k]]) + " " +
           format("%.0f", 100 * ward.mix[order[k]]) + "%";
    ++listed;
  }
  if (!mix.empty()) out += "- Crime mix: " + mix + "\n";
  for (size_t c = 0; c < area.categories.size(); ++c) {
    const auto& stats = ward.by_category[c];
    if (stats.comparison != profile::Comparison::above || !shown.category(w, c)) continue;
    out += "- " + category_title(area.categories[c]) + ": " + with_commas(stats.count) + ", " +
           comparison_sentence(stats) + "\n";
  }
  out += "\n";
}

}  // namespace

std::string with_commas(int64_t value) {
  std::string digits = std::to_string(std::llabs(value)), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string comparison_sentence(const profile::Stats& stats) {
  if (stats.comparison == profile::Comparison::unknown || std::isnan(stats.rate_ratio)) return "";
  std::string text = describe_ratio(stats.rate_ratio) + " the area rate (" +
                     format("%.2f", stats.rate_ratio) + "×, 95% interval " +
                     format("%.2f", stats.ratio_low) + "–" + format("%.2f", stats.ratio_high) + ")";
  switch (stats.comparison) {
    case profile::Comparison::above:
      return text + ": significantly above";
    case profile::Comparison::below:
      return text + ": significantly below";
    default:
      return text + ": not significantly different";
  }
}

std::string change_sentence(const profile::Stats& stats) {
  if (stats.previous_count < 0) return "";
  const int64_t change = stats.count - stats.previous_count;
  std::string text = with_commas(stats.previous_count) + " in the previous period";
  if (std::isnan(stats.change_percent)) return text;
  return text + " (" + (change >= 0 ? "+" : "") + with_commas(change) + ", " +
         (change >= 0 ? "+" : "") + format("%.0f", stats.change_percent) + "%)";
}

std::string describe_ratio(double ratio) {
  if (std::isnan(ratio)) return "";
  if (ratio >= 2.75) return "about " + format("%.0f", std::round(ratio)) + " times";
  if (ratio >= 2.25) return "about two and a half times";
  if (ratio >= 2.1) return "just over double";
  if (ratio >= 1.9) return "about double";
  if (ratio >= 1.75) return "almost double";
  if (ratio >= 1.4) return "about one and a half times";
  if (ratio >= 1.1) return format("%.0f", (ratio - 1) * 100) + "% above";
  if (ratio > 0.9) return "close to";
  if (ratio > 0.6) return format("%.0f", (1 - ratio) * 100) + "% below";
  if (ratio >= 0.4) return "about half";
  if (ratio >= 0.2) return "about a third";
  return "well under a fifth of";
}

void write_ward_report(const WardOutputContext& context, const std::string& path) {
  const profile::AreaProfile& area = context.profile;
  std::string out = "# Ward profiles: " + context.title + "\n\n";
  out +=
      "Study period " + month_label(area.from_month) + " to " + month_label(area.to_month) + ". ";
  if (!context.shown.area_total_shown)
    out += "The area as a whole: fewer than " + std::to_string(context.disclosure.minimum_count) +
           " incidents. ";
  else if (area.has_population)
    out += "The area as a whole: " + with_commas(area.total) + " incidents, " +
           format("%.1f", area.rate_total) + " per 1,000 residents. ";
  else
    out += "The area as a whole: " + with_commas(area.total) + " incidents. " +
           area.population_note + " ";
  out +=
      "Comparisons divide a ward's count by the count expected at the area's rate for its "
      "population; the 95% "
      "interval is the exact Poisson (Garwood) interval, and *significantly above* means the whole "
      "interval is above 1.\n\n";
  if (context.disclosure.public_output)
    out += "Public version: counts under " + std::to_string(context.disclosure.minimum_count) +
           " are not shown.\n\n";
  // Priority wards first, then the others by rank; wards without a shown rank last, by code, so
  // the order never places a withheld count among the shown ones.
  const WardPublication& shown = context.shown;
  std::vector<size_t> order;
  for (int32_t w : shown.priority_order) order.push_back(static_cast<size_t>(w));
  std::vector<size_t> rest;
  for (size_t w = 0; w < context.wards.size(); ++w)
    if (shown.priority_rank[w] == 0) rest.push_back(w);
  std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) {
    const int rank_a = shown.total_rank[a] > 0 ? shown.total_rank[a] : INT32_MAX;
    const int rank_b = shown.total_rank[b] > 0 ? shown.total_rank[b] : INT32_MAX;
    if (rank_a != rank_b) return rank_a < rank_b;
    return rank_a == INT32_MAX && context.wards.code[a] < context.wards.code[b];
  });
  out += order.empty()
             ? "No ward is a priority: none is significantly above the area rate by the set "
               "multiple.\n\n"
             : std::to_string(order.size()) +
                   " priority wards (significantly above the area and at least the set "
                   "multiple of its rate) come first; the other wards follow by rank.\n\n";
  order.insert(order.end(), rest.begin(), rest.end());
  for (size_t w : order) append_ward(out, context, w);
  write_file_atomically(path, out);
}

}  // namespace hotspot::output
