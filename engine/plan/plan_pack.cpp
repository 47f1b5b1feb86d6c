#include "engine/plan/plan_pack.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/xml_text.hpp"
#include "engine/output/briefing_style.hpp"
#include "engine/output/svg_map.hpp"
#include "engine/plan/words.hpp"

namespace hotspot::plan {

namespace {

// The viewer's first hue and the hue for a priority ward's hotspot areas (Okabe–Ito).
constexpr const char* kChosenHue = "#D55E00";
constexpr const char* kInsideHue = "#0072B2";

constexpr const char* kPackCss = R"css(
.when { font-size: 11pt; font-weight: bold; margin: 1mm 0 2mm; }
.visits { font-size: 10.5pt; margin: 0 0 3mm; }
ol.streets { columns: 2; padding-left: 6mm; margin: 1mm 0 3mm; }
)css";

Box shape_box(const hotspots::AreaShape& shape) {
  Box box = bg::make_inverse<Box>();
  for (const auto& part : shape)
    for (const auto& point : part.rings.front()) bg::expand(box, Point{point[0], point[1]});
  return box;
}

// A point inside the area for its badge: the centroid when it is inside, else the outer ring's
// vertex nearest to it.
Point badge_point(const MultiPolygon& shape) {
  Point centre{0, 0};
  if (shape.empty()) return centre;
  bg::centroid(shape, centre);
  if (bg::within(centre, shape)) return centre;
  double best = INFINITY;
  Point nearest = shape.front().outer().front();
  for (const Polygon& polygon : shape)
    for (const Point& p : polygon.outer())
      if (const double d = bg::comparable_distance(p, centre); d < best) best = d, nearest = p;
  return nearest;
}

output::MapArea map_area(const AnalysedHotspot& area, int number, const char* hue) {
  const Point badge = badge_point(area.footprint);
  return output::MapArea{&area.shape, number, hue, "", badge.x(), badge.y()};
}

std::string map_for(const PlanResult& result, const Candidate& c) {
  const AnalysisFolder& folder = result.folder;
  output::SvgMap map;
  std::string inside;  // the numbered hotspot areas on a ward's map
  map.width_px = 700;
  map.height_px = 400;
  map.wards = &folder.ward_shapes;
  map.max_labels = 30;
  map.title = "Map of " + c.name;
  if (c.hotspot >= 0) {
    const AnalysedHotspot& area = folder.hotspots[static_cast<size_t>(c.hotspot)];
    map.frame = output::padded_frame(shape_box(area.shape), 0.3, 900);
    map.areas.push_back(map_area(area, area.rank, kChosenHue));
  } else {
    const size_t w = static_cast<size_t>(c.ward);
    map.frame = output::padded_frame(bg::return_envelope<Box>(folder.wards[w].shape), 0.06, 1200);
    map.highlighted_ward = static_cast<int>(w);
    int number = 0;
    for (const AnalysedHotspot& area : folder.hotspots) {
      if (std::find(area.ward_codes.begin(), area.ward_codes.end(), folder.wards[w].code) ==
          area.ward_codes.end())
        continue;
      map.areas.push_back(map_area(area, ++number, kInsideHue));
      std::string title = area.layer_title.empty() ? area.layer : area.layer_title;
      inside += "<li><span class=\"badge\" style=\"--hue:" + std::string(kInsideHue) + "\">" +
                std::to_string(number) + "</span> " + xml_escape(title) + " area " +
                std::to_string(area.rank) +
                (area.streets.empty() ? "" : ", " + xml_escape(area.streets.front())) + "</li>";
    }
  }
  map.labels = output::labels_in_view(folder.labels, map, {"street", "ward"});
  return "<figure>" + output::draw_svg_map(map) + "<figcaption>" +
         (c.hotspot >= 0
              ? std::string("The area outlined, numbered by its rank in its layer.")
              : std::string("The ward drawn heavier; the hotspot areas inside it outlined and "
                            "numbered.")) +
         "</figcaption></figure>" +
         (inside.empty() ? "" : "<ul class=\"areas\">" + inside + "</ul>");
}

std::string first_page(const PlanResult& result) {
  const AnalysisFolder& folder = result.folder;
  std::string html = "<section class=\"page\"><h1>Days of action" +
                     (folder.title.empty() ? "" : ": " + xml_escape(folder.title)) +
                     "</h1><p class=\"sub\">Rota from " + short_date(result.start_day) +
                     " · from the analysis of " + folder.period_from + " to " + folder.period_to +
                     "</p>";
  if (folder.public_output)
    html += "<p class=\"note\">Public version: counts under " +
            std::to_string(folder.minimum_count) + " and times of day are not shown.</p>";
  html += "<table><thead><tr><th>Week</th><th>Date</th><th>Areas</th></tr></thead><tbody>";
  int week = 0;
  std::string cell;
  int32_t day = 0;
  auto flush = [&] {
    if (week > 0)
      html += "<tr><td>" + std::to_string(week) + "</td><td>" + short_date(day) + "</td><td>" +
              cell + "</td></tr>";
  };
  for (const PlanVisit& visit : result.visits) {
    if (visit.week != week) {
      flush();
      week = visit.week;
      day = visit.day;
      cell.clear();
    }
    const Candidate& c = result.candidates.list[visit.candidate];
    cell += (cell.empty() ? "" : "<br>") + std::string("<strong>") + xml_escape(c.name) +
            "</strong> (" + xml_escape(short_label(folder, c)) + ")";
  }
  flush();
  html += "</tbody></table><h2>How the areas were chosen</h2><p>" +
          xml_escape(ranking_rule(result.weights, result.options.areas_per_week,
                                  result.options.gap_weeks)) +
          "</p>";
  if (!result.notes.empty()) {
    html += "<ul class=\"facts\">";
    for (const std::string& note : result.notes) html += "<li>" + xml_escape(note) + "</li>";
    html += "</ul>";
  }
  return html + "</section>";
}

std::string area_page(const PlanResult& result, size_t candidate) {
  const AnalysisFolder& folder = result.folder;
  const Candidate& c = result.candidates.list[candidate];
  std::string visits;
  for (const PlanVisit& visit : result.visits)
    if (visit.candidate == candidate)
      visits += (visits.empty() ? "" : "; ") + std::string("week ") + std::to_string(visit.week) +
                " (" + short_date(visit.day) + ")";
  std::string html = "<section class=\"page\"><h1>" + xml_escape(c.name) +
                     "</h1><p class=\"sub\">" + xml_escape(c.id) + " · " +
                     xml_escape(area_summary(folder, c)) +
                     "</p><p class=\"visits\">Visits: " + visits + "</p>";
  html += map_for(result, c);
  if (const std::string when = peak_window(folder, c); !when.empty())
    html += "<h2>When</h2><p class=\"when\">" + xml_escape(when) + "</p>";
  const auto streets = key_streets(folder, c);
  if (!streets.empty()) {
    html += "<h2>Key streets</h2><ol class=\"streets\">";
    for (const std::string& street : streets) html += "<li>" + xml_escape(street) + "</li>";
    html += "</ol>";
  }
  html += "<h2>Ward profile</h2>";
  for (const AnalysedWard* ward : wards_of(folder, c)) {
    std::string text;
    for (const std::string& sentence : ward_profile(folder, *ward))
      text += (text.empty() ? "" : " ") + sentence;
    html += "<p>" + xml_escape(text) + "</p>";
  }
  if (c.hotspot >= 0) {
    const std::string& change = folder.hotspots[static_cast<size_t>(c.hotspot)].change;
    if (!change.empty())
      html += "<p class=\"note\">This area's own change on " +
              xml_escape(folder.previous_label.empty() ? "the previous period"
                                                       : folder.previous_label) +
              ": " + xml_escape(change) + ".</p>";
  }
  html += "<p class=\"note\">Why it is on the rota: " + xml_escape(c.reason) + ".</p>";
  return html + "</section>";
}

}  // namespace

std::string plan_pack_html(const PlanResult& result) {
  std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     xml_escape(result.folder.title) + " – days of action</title><style>" +
                     std::string(output::kBriefingCss) + kPackCss + "</style></head><body>" +
                     first_page(result);
  std::vector<size_t> pages;  // each area once, in order of its first visit
  for (const PlanVisit& visit : result.visits)
    if (std::find(pages.begin(), pages.end(), visit.candidate) == pages.end())
      pages.push_back(visit.candidate);
  for (size_t candidate : pages) html += area_page(result, candidate);
  return html + "</body></html>\n";
}

void write_plan_pack(const PlanResult& result, const std::string& path) {
  write_file_atomically(path, plan_pack_html(result));
}

}  // namespace hotspot::plan
