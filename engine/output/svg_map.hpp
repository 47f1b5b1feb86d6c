// Print maps as SVG, drawn by the engine from the analysis CRS (metres, so the map is true to
// scale): ward boundaries, hotspot areas as outlines with their rank in a numbered badge, and
// text labels (street and ward names) placed without overlapping. Crisp at any print size, needs
// no WebGL, and legible in greyscale: areas differ by line pattern as well as hue.
#pragma once
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/geometry.hpp"
#include "engine/core/xml_text.hpp"
#include "engine/hotspots/polygons.hpp"

namespace hotspot::output {

struct MapLabel {
  std::string kind;  // "street" | "ward"
  std::string name;
  double weight = 0;    // incidents: the heavier label wins a collision
  double x = 0, y = 0;  // analysis CRS
};

struct MapArea {
  const hotspots::AreaShape* shape = nullptr;
  int number = 0;    // drawn in the badge
  std::string hue;   // "#0072B2"
  std::string dash;  // SVG stroke-dasharray ("" solid): tells layers apart in greyscale
  double badge_x = 0, badge_y = 0;  // analysis CRS
};

struct SvgMap {
  Box frame{Point{0, 0}, Point{0, 0}};  // analysis CRS; widened to the picture's aspect
  double width_px = 600, height_px = 400;
  const std::vector<MultiPolygon>* wards = nullptr;  // all wards, drawn where they meet the frame
  int highlighted_ward = -1;                         // drawn heavier, the rest of the map paler
  std::vector<MapArea> areas;
  std::vector<MapLabel> labels;
  size_t max_labels = 40;
  std::string title;  // the SVG's accessible name
};

// The frame around `box` with `margin` (a share of its larger side) on every side, at least
// `min_side_m` wide and tall (a close-up never zooms in past street level).
Box padded_frame(const Box& box, double margin, double min_side_m);

// What a map of `frame` at width_px × height_px shows: the frame widened to the picture's aspect
// (analysis CRS). Labels outside it are never drawn, so callers need pass only those inside.
Box shown_extent(const Box& frame, double width_px, double height_px);

// The labels of `kinds` ("street", "ward") inside what `map` shows (its frame and size set), in
// their order: a national run has over a million street labels, and a map draws a few dozen.
std::vector<MapLabel> labels_in_view(const std::vector<MapLabel>& labels, const SvgMap& map,
                                     std::initializer_list<std::string_view> kinds);

// The SVG document (an <svg> element with a scale bar), ready to inline in HTML.
std::string draw_svg_map(const SvgMap& map);

}  // namespace hotspot::output
