#include "engine/peers/writers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/json_numbers.hpp"

namespace hotspot::peers {

using nlohmann::ordered_json;

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

bool is_withheld(const PeerOutputContext& context, const CategoryPeers& row) {
  return std::find(context.withheld.begin(), context.withheld.end(), row.category) !=
         context.withheld.end();
}

// One reference's columns, prefixed (england_…, msg_…); null where withheld or absent.
void reference_columns(ordered_json& json, const std::string& prefix,
                       const std::optional<ReferenceComparison>& reference, bool shown,
                       const DisclosurePolicy& disclosure) {
  const bool present = shown && reference.has_value();
  const bool count_shown = present && !disclosure.withholds(reference->count);
  json[prefix + "count"] = count_shown ? ordered_json(reference->count) : ordered_json();
  json[prefix + "rate_per_1000"] =
      count_shown ? rounded_or_null(reference->rate_per_1000, 3) : ordered_json();
  const bool test_shown = count_shown;
  json[prefix + "ratio"] =
      test_shown ? rounded_or_null(reference->test.rate_ratio, 4) : ordered_json();
  json[prefix + "low"] =
      test_shown ? rounded_or_null(reference->test.ratio_low, 4) : ordered_json();
  json[prefix + "high"] =
      test_shown ? rounded_or_null(reference->test.ratio_high, 4) : ordered_json();
  json[prefix + "p"] = test_shown ? p_value_or_null(reference->test.p_value) : ordered_json();
  json[prefix + "comparison"] =
      test_shown ? ordered_json(profile::to_string(reference->comparison)) : ordered_json();
}

ordered_json category_row(const PeerOutputContext& context, const CategoryPeers& row) {
  const bool shown = !is_withheld(context, row);
  ordered_json json;
  json["category"] = row.category;
  json["title"] = row.title;
  json["count"] = shown ? ordered_json(row.count) : ordered_json();
  json["rate_per_1000"] = shown ? rounded_or_null(row.rate_per_1000, 3) : ordered_json();
  reference_columns(json, "england_", row.national, shown, context.disclosure);
  reference_columns(json, "msg_", row.group, shown, context.disclosure);
  json["msg_rank"] = shown && row.ranked > 0 ? ordered_json(row.rank) : ordered_json();
  json["msg_ranked"] = row.ranked > 0 ? ordered_json(row.ranked) : ordered_json();
  return json;
}

std::string cell(const ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_field(value.get<std::string>());
  return value.dump();
}

}  // namespace

std::string describe_reference(const ReferenceComparison& comparison) {
  std::string text = profile::to_string(comparison.comparison);
  if (std::isnan(comparison.test.rate_ratio)) return text;
  text += " (" + format("%.2f", comparison.test.rate_ratio) + "×, 95% CI " +
          format("%.2f", comparison.test.ratio_low) + "–" +
          (std::isinf(comparison.test.ratio_high) ? std::string("∞")
                                                  : format("%.2f", comparison.test.ratio_high));
  const double p = comparison.test.p_value;
  text += p < 0.001 ? ", p < 0.001)" : ", p = " + format("%.3f", p) + ")";
  return text;
}

void write_peers_csv(const PeerOutputContext& context, const std::string& path) {
  std::string out;
  bool header = true;
  for (const CategoryPeers& row : context.report.categories) {
    const ordered_json json = category_row(context, row);
    if (header) {
      bool first = true;
      for (const auto& item : json.items()) {
        out += (first ? "" : ",") + csv_field(item.key());
        first = false;
      }
      out += "\r\n";
      header = false;
    }
    bool first = true;
    for (const auto& item : json.items()) {
      out += (first ? "" : ",") + cell(item.value());
      first = false;
    }
    out += "\r\n";
  }
  write_file_atomically(path, std::string(kCsvByteOrderMark) + out);
}

void write_peers_markdown(const PeerOutputContext& context, const std::string& path) {
  const PeerReport& report = context.report;
  std::string out = "# Against peers: " + context.title + "\n\n";
  out += "Study period " + context.period + " (" + std::to_string(report.study_months) +
         " months). Rates are per 1,000 residents over a period of that length; the figures "
         "compared with come from " +
         report.path + ".\n\n";
  out +=
      "Each comparison is the exact conditional test of two rates: given both counts, the study "
      "area's share is binomial with the share of residents × months it holds "
      "(the same test as changes over time). *above* / *below* means p < 0.05; the ratio is the "
      "study area's rate over the reference's, with its exact 95% interval. The Most Similar "
      "Group (MSG) is pooled: its members' counts over their residents. ";
  out += report.national.empty()
             ? "The file names no national area.\n\n"
             : "The national figures (" + report.national +
                   ") include the study area itself, which makes the comparison slightly "
                   "conservative.\n\n";
  if (!report.members.empty()) {
    out += "MSG members: ";
    for (size_t i = 0; i < report.members.size(); ++i) out += (i ? ", " : "") + report.members[i];
    out += ". The rank places the study area among them (1 = highest rate).\n\n";
  }
  if (context.disclosure.public_output)
    out += "Public version: categories resting on fewer than " +
           std::to_string(context.disclosure.minimum_count) + " incidents are not shown.\n\n";
  const std::string national = report.national.empty() ? "National" : report.national;
  out += "| Category | Rate per 1,000 | " + national + " | vs " + national +
         " | MSG | vs MSG | Rank in MSG |\n";
  out += "| --- | ---: | ---: | --- | ---: | --- | --- |\n";
  for (const CategoryPeers& row : report.categories) {
    out += "| " + row.title + " | ";
    if (is_withheld(context, row)) {
      out += "not shown | | | | | |\n";
      continue;
    }
    out += format("%.2f", row.rate_per_1000) + " | ";
    for (const auto* reference : {&row.national, &row.group}) {
      if (!*reference || context.disclosure.withholds((*reference)->count)) {
        out += "– | – | ";
        continue;
      }
      out += format("%.2f", (*reference)->rate_per_1000) + " | " + describe_reference(**reference) +
             " | ";
    }
    out += row.ranked > 0 ? "rank " + std::to_string(row.rank) + " of " + std::to_string(row.ranked)
                          : std::string("–");
    out += " |\n";
  }
  if (!report.notes.empty()) {
    out += "\nNotes:\n\n";
    for (const std::string& note : report.notes) out += "- " + note + "\n";
  }
  write_file_atomically(path, out);
}

ordered_json peers_json(const PeerOutputContext& context) {
  const PeerReport& report = context.report;
  ordered_json categories = ordered_json::array();
  for (const CategoryPeers& row : report.categories)
    categories.push_back(category_row(context, row));
  return ordered_json{
      {"file", report.path},
      {"national", report.national.empty() ? ordered_json() : ordered_json(report.national)},
      {"group", report.members},
      {"study_months", report.study_months},
      {"categories", categories},
      {"notes", report.notes}};
}

}  // namespace hotspot::peers
