#include "engine/output/briefing_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/categories.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/output/briefing_style.hpp"
#include "engine/output/svg_chart.hpp"
#include "engine/output/ward_report.hpp"

namespace hotspot::output {

namespace {

// The viewer's hues (viewer/page/classes.mjs, Okabe–Ito) with a line pattern each for greyscale.
constexpr const char* kHues[] = {"#0072B2", "#009E73", "#CC79A7", "#000000",
                                 "#56B4E9", "#E69F00", "#D55E00"};
constexpr const char* kDashes[] = {"", "7 3", "2 2.5", "9 3 2 3", "4 4", "1 3", "12 4"};
constexpr size_t kStyles = 7;
constexpr size_t kCloseUps = 3;

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string long_month(int32_t month_index) {
  static const char* names[] = {"January",   "February", "March",    "April",
                                "May",       "June",     "July",     "August",
                                "September", "October",  "November", "December"};
  return std::string(names[month_index % 12]) + " " + std::to_string(month_index / 12);
}

std::string period_text(const profile::AreaProfile& profile) {
  return long_month(profile.from_month) + " to " + long_month(profile.to_month);
}

// The count, or "fewer than N" where public outputs withhold it.
std::string count_text(const DisclosurePolicy& disclosure, int64_t count) {
  if (disclosure.withholds(count)) return "fewer than " + std::to_string(disclosure.minimum_count);
  return with_commas(count);
}

Box area_box(const hotspots::AreaShape& shape) {
  Box box = bg::make_inverse<Box>();
  for (const auto& part : shape)
    for (const auto& point : part.rings.front()) bg::expand(box, Point{point[0], point[1]});
  return box;
}

// The badge goes at the area's densest cell centre, which always lies inside the area.
Point badge_point(const hotspots::LayerResult& result, const hotspots::HotspotArea& area) {
  if (area.cells.empty()) {
    const Box box = area_box(area.shape);
    return Point{(box.min_corner().x() + box.max_corner().x()) / 2,
                 (box.min_corner().y() + box.max_corner().y()) / 2};
  }
  const auto columns = static_cast<uint32_t>(result.spec.columns);
  double sx = 0, sy = 0;
  for (uint32_t cell : area.cells) {
    sx += result.spec.centre_x(static_cast<int32_t>(cell % columns));
    sy += result.spec.centre_y(static_cast<int32_t>(cell / columns));
  }
  // The mean of the cell centres, moved to the nearest cell centre of the area (so it is inside).
  const double mx = sx / double(area.cells.size()), my = sy / double(area.cells.size());
  double best = INFINITY;
  Point point{mx, my};
  for (uint32_t cell : area.cells) {
    const double x = result.spec.centre_x(static_cast<int32_t>(cell % columns));
    const double y = result.spec.centre_y(static_cast<int32_t>(cell / columns));
    const double d = (x - mx) * (x - mx) + (y - my) * (y - my);
    if (d < best) best = d, point = Point{x, y};
  }
  return point;
}

MapArea map_area(const hotspots::LayerResult& result, const hotspots::HotspotArea& area,
                 size_t style) {
  const Point badge = badge_point(result, area);
  return MapArea{&area.shape, area.rank, kHues[style % kStyles], kDashes[style % kStyles],
                 badge.x(),   badge.y()};
}

std::string where_text(const BriefingInputs& in, const hotspots::HotspotArea& area) {
  const std::string streets = hotspots::streets_text(area, in.street_names, 2);
  const std::string wards = hotspots::wards_text(area, in.wards, 2);
  return (streets.empty() ? "" : "<strong>" + xml_escape(streets) + "</strong><br>") +
         xml_escape(wards);
}

std::string layer_page(const BriefingInputs& in, const hotspots::LayerResult& result,
                       size_t style) {
  const size_t shown = std::min(in.max_areas, result.areas.size());
  std::string html = "<section class=\"page\"><h1>" + xml_escape(result.title) +
                     " hotspots</h1><p class=\"sub\">" + period_text(in.profile) + " · " +
                     with_commas(result.incidents) + " incidents · " +
                     std::to_string(result.areas.size()) + " hotspot areas";
  if (result.areas.size() > shown) html += " (the top " + std::to_string(shown) + " shown)";
  html += "</p>";
  if (!result.hours_note.empty())
    html += "<p class=\"note\">This layer " + xml_escape(result.hours_note) + ".</p>";
  if (const auto places = in.emerging.find(result.layer.name);
      places != in.emerging.end() && !places->second.empty()) {
    html +=
        "<p class=\"note\"><strong>New or intensifying</strong> (emerging hot spots, month by "
        "month): ";
    for (size_t k = 0; k < places->second.size() && k < 3; ++k)
      html += (k ? "; " : "") + xml_escape(places->second[k]);
    if (places->second.size() > 3)
      html += "; and " + std::to_string(places->second.size() - 3) + " more in emerging.md";
    html += ".</p>";
  }
  if (shown == 0) return html + "<p>No hotspot areas.</p></section>";

  Box box = bg::make_inverse<Box>();
  std::vector<MapArea> areas;
  for (size_t k = 0; k < shown; ++k) {
    bg::expand(box, area_box(result.areas[k].shape));
    areas.push_back(map_area(result, result.areas[k], style));
  }
  SvgMap overview;
  overview.frame = padded_frame(box, 0.08, 3000);
  overview.width_px = 700;
  overview.height_px = 290;
  overview.wards = &in.wards.shape;
  overview.areas = areas;
  overview.labels = labels_in_view(in.labels, overview, {"ward"});
  overview.max_labels = 25;
  overview.title = result.layer.title + " hotspot areas, numbered by rank";
  html += "<figure class=\"overview\">" + draw_svg_map(overview) + "</figure>";

  html += "<div class=\"closeups\">";
  for (size_t k = 0; k < std::min(kCloseUps, shown); ++k) {
    SvgMap close;
    close.frame = padded_frame(area_box(result.areas[k].shape), 0.25, 900);
    close.width_px = 230;
    close.height_px = 165;
    close.wards = &in.wards.shape;
    close.areas = areas;
    close.labels = labels_in_view(in.labels, close, {"street", "ward"});
    close.max_labels = 9;
    close.title =
        result.layer.title + " hotspot " + std::to_string(result.areas[k].rank) + ", close up";
    html += "<figure>" + draw_svg_map(close) + "<figcaption>Area " +
            std::to_string(result.areas[k].rank) + "</figcaption></figure>";
  }
  html += "</div>";

  // "When" rests on times of day (month-only records have none).
  bool times = false;
  for (size_t k = 0; k < shown; ++k) times = times || result.areas[k].when.has_value();
  html +=
      "<table><thead><tr><th>#</th><th>Where</th><th class=\"n\">Incidents</th><th "
      "class=\"n\">Share</th><th class=\"n\">PAI</th>";
  html += times ? "<th>When</th>" : "";
  html += "<th>Change, significance</th></tr></thead><tbody>";
  for (size_t k = 0; k < shown; ++k) {
    const hotspots::HotspotArea& area = result.areas[k];
    std::string change = xml_escape(hotspots::change_text(area));
    if (change.empty())
      change =
          area.significant ? "Gi* significant (" + std::to_string(area.gi_confidence) + "%)" : "–";
    html += "<tr><td class=\"rank\"><span class=\"badge\" style=\"--hue:" +
            std::string(kHues[style % kStyles]) + "\">" + std::to_string(area.rank) +
            "</span></td><td>" + where_text(in, area) + "</td><td class=\"n count\">" +
            count_text(in.disclosure, area.incidents) + "</td><td class=\"n\">" +
            format("%.1f%%", 100 * area.share) + "</td><td class=\"n\">" +
            format("%.1f", area.pai) + "</td>";
    if (times)
      html +=
          "<td>" + (area.when ? xml_escape(hotspots::when_text(area)) : std::string("–")) + "</td>";
    html += "<td>" + change + "</td></tr>";
  }
  html +=
      "</tbody></table><p class=\"note\">Share: of the layer's incidents. PAI (predictive accuracy "
      "index): share of incidents ÷ share of the study area; above 1 means more than its size "
      "would suggest.</p></section>";
  return html;
}

std::string ward_page(const BriefingInputs& in, size_t w) {
  const profile::WardProfile& ward = in.profile.wards[w];
  const DisclosurePolicy& disclosure = in.disclosure;
  std::string html = "<section class=\"page\"><h1>" + xml_escape(in.wards.name[w]) +
                     "</h1><p class=\"sub\">" + xml_escape(in.wards.code[w]) + " · priority ward " +
                     std::to_string(ward.priority_rank) + " · " + period_text(in.profile) +
                     "</p><ul class=\"facts\">";
  if (in.wards.has_population(w))
    html += "<li>Residents: " + with_commas(std::llround(in.wards.population[w])) + "</li>";
  html += "<li>Incidents: " + count_text(disclosure, ward.total.count);
  if (!disclosure.withholds(ward.total.count) && !std::isnan(ward.total.rate_per_1000))
    html += ", " + format("%.1f", ward.total.rate_per_1000) + " per 1,000 residents";
  html += "</li>";
  if (!disclosure.withholds(ward.total.count)) {
    if (const std::string sentence = comparison_sentence(ward.total); !sentence.empty())
      html += "<li>Compared with the area: " + xml_escape(sentence) + "</li>";
    if (const std::string sentence =
            change_sentence(ward.total, in.profile.baseline ? in.profile.baseline->label : "");
        !sentence.empty() && !disclosure.withholds(ward.total.previous_count))
      html += "<li>Change: " + xml_escape(sentence) + "</li>";
  }
  std::vector<size_t> order(in.profile.categories.size());
  for (size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return ward.by_category[a].count > ward.by_category[b].count;
  });
  std::string mix;
  for (size_t k = 0; k < std::min<size_t>(3, order.size()); ++k) {
    const auto& stats = ward.by_category[order[k]];
    if (stats.count == 0 || disclosure.withholds(stats.count)) break;
    mix += (mix.empty() ? "" : ", ") + category_title(in.profile.categories[order[k]]) + " " +
           format("%.0f%%", 100 * ward.mix[order[k]]);
  }
  if (!mix.empty()) html += "<li>Crime mix: " + xml_escape(mix) + "</li>";
  // The categories significantly above the area, highest rate ratio first; a page holds five.
  std::vector<size_t> above;
  for (size_t c = 0; c < in.profile.categories.size(); ++c)
    if (ward.by_category[c].comparison == profile::Comparison::above &&
        !disclosure.withholds(ward.by_category[c].count))
      above.push_back(c);
  std::stable_sort(above.begin(), above.end(), [&](size_t a, size_t b) {
    return ward.by_category[a].rate_ratio > ward.by_category[b].rate_ratio;
  });
  for (size_t k = 0; k < std::min<size_t>(5, above.size()); ++k) {
    const auto& stats = ward.by_category[above[k]];
    html += "<li>" + xml_escape(category_title(in.profile.categories[above[k]])) + ": " +
            with_commas(stats.count) + ", " + xml_escape(comparison_sentence(stats)) + "</li>";
  }
  if (above.size() > 5)
    html += "<li>… and " + std::to_string(above.size() - 5) +
            " more categories significantly above the area (ward_profiles.md has them all)</li>";
  html += "</ul>";

  SvgMap map;
  map.frame = padded_frame(bg::return_envelope<Box>(in.wards.shape[w]), 0.06, 1200);
  map.width_px = 700;
  map.height_px = 330;
  map.wards = &in.wards.shape;
  map.highlighted_ward = static_cast<int>(w);
  map.labels = labels_in_view(in.labels, map, {"street", "ward"});
  map.max_labels = 30;
  map.title = "Map of " + in.wards.name[w] + " with its hotspot areas";
  std::string key, list;
  for (size_t l = 0; l < in.layers.size(); ++l) {
    const hotspots::LayerResult& result = in.layers[l];
    bool any = false;
    for (const hotspots::HotspotArea& area : result.areas) {
      if (std::none_of(area.wards.begin(), area.wards.end(),
                       [&](const auto& ward) { return ward.first == static_cast<int32_t>(w); }))
        continue;
      map.areas.push_back(map_area(result, area, l));
      list += "<li><span class=\"badge\" style=\"--hue:" + std::string(kHues[l % kStyles]) + "\">" +
              std::to_string(area.rank) + "</span> " + xml_escape(result.layer.title) + " area " +
              std::to_string(area.rank) + ": " + count_text(disclosure, area.incidents) +
              " incidents</li>";
      any = true;
    }
    if (any)
      key +=
          "<span class=\"key\"><svg viewBox=\"0 0 30 10\" width=\"30\" height=\"10\"><line "
          "x1=\"0\" "
          "y1=\"5\" x2=\"30\" y2=\"5\" stroke=\"" +
          std::string(kHues[l % kStyles]) + "\" stroke-width=\"2.5\" stroke-dasharray=\"" +
          kDashes[l % kStyles] + "\"/></svg> " + xml_escape(result.layer.title) + "</span>";
  }
  html += "<figure class=\"overview\">" + draw_svg_map(map) + "<figcaption>" +
          (key.empty() ? std::string("No hotspot area touches this ward.")
                       : "Hotspot areas, numbered by their rank in the layer: " + key) +
          "</figcaption></figure>";
  if (!list.empty()) html += "<ul class=\"areas\">" + list + "</ul>";
  html += "<h2>Incidents per month</h2>" +
          monthly_bars_svg(ward.monthly, in.profile.from_month, disclosure,
                           "Incidents per month in " + in.wards.name[w]);
  if (disclosure.public_output)
    html += "<p class=\"note\">Months with fewer than " + std::to_string(disclosure.minimum_count) +
            " incidents are left blank.</p>";
  return html + "</section>";
}

std::string first_page(const BriefingInputs& in) {
  std::string html = "<section class=\"page\"><h1>" + xml_escape(in.title) +
                     "</h1><p class=\"sub\">Briefing pack · " + period_text(in.profile) + " · " +
                     with_commas(in.profile.total) + " incidents in " +
                     std::to_string(in.wards.size()) + " wards</p>";
  if (in.disclosure.public_output)
    html += "<p class=\"note\">Public version: counts under " +
            std::to_string(in.disclosure.minimum_count) +
            " are not shown, and neither are times of day.</p>";
  html +=
      "<h2>How to read it</h2><ul class=\"facts\"><li>One page per hotspot layer: its areas on "
      "a map, outlined and numbered by rank (1 = most incidents expected next month), close-ups "
      "of the top three with street names, and the ranked table: where, how many, "
      "when.</li><li>One "
      "page per priority ward (significantly above the area's rate): its profile in words, a map "
      "with the hotspot areas that touch it, and its incidents per month.</li><li>Hotspot areas "
      "are patrol-sized places, a few streets each, where the most incidents are expected next "
      "month. Each layer's forecast was chosen by testing it on later months it did not see; "
      "summary.json and briefing.md give the method and its score. PAI (predictive accuracy "
      "index) is the share of incidents over the share of the area.</li></ul>";
  html +=
      "<h2>Hotspot layers</h2><table><thead><tr><th>Layer</th><th class=\"n\">Incidents</th><th "
      "class=\"n\">Hotspot areas</th><th>Area 1</th></tr></thead><tbody>";
  for (const hotspots::LayerResult& result : in.layers) {
    html += "<tr><td>" + xml_escape(result.title) + "</td><td class=\"n count\">" +
            count_text(in.disclosure, result.incidents) + "</td><td class=\"n\">" +
            std::to_string(result.areas.size()) + "</td><td>" +
            (result.areas.empty() ? std::string("–") : where_text(in, result.areas.front())) +
            "</td></tr>";
  }
  html += "</tbody></table><h2>Priority wards</h2>";
  if (in.profile.priority_order.empty()) return html + "<p>No ward is a priority.</p></section>";
  html += "<ol>";
  for (int32_t w : in.profile.priority_order) {
    const auto& total = in.profile.wards[static_cast<size_t>(w)].total;
    html += "<li>" + xml_escape(in.wards.name[static_cast<size_t>(w)]) + ": " +
            xml_escape(describe_ratio(total.rate_ratio)) + " the area rate</li>";
  }
  return html + "</ol></section>";
}

}  // namespace

std::string briefing_html(const BriefingInputs& in) {
  std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     xml_escape(in.title) + " – briefing</title><style>" +
                     std::string(kBriefingCss) + "</style></head><body>" + first_page(in);
  for (size_t l = 0; l < in.layers.size(); ++l) html += layer_page(in, in.layers[l], l);
  for (size_t k = 0; k < std::min(in.max_priority_wards, in.profile.priority_order.size()); ++k)
    html += ward_page(in, static_cast<size_t>(in.profile.priority_order[k]));
  return html + "</body></html>\n";
}

void write_briefing_html(const BriefingInputs& inputs, const std::string& path) {
  write_file_atomically(path, briefing_html(inputs));
}

}  // namespace hotspot::output
