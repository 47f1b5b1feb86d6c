#include "engine/output/svg_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hotspot::output {

namespace {

struct Projection {
  double xmin, ymax, scale;
  double px(double x) const { return (x - xmin) * scale; }
  double py(double y) const { return (ymax - y) * scale; }
};

struct Rect {
  double left, top, right, bottom;
  bool overlaps(const Rect& other) const {
    return left < other.right && other.left < right && top < other.bottom && other.top < bottom;
  }
};

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

template <typename Points>
void append_ring(std::string& path, const Points& points, const Projection& p) {
  bool first = true;
  for (const auto& point : points) {
    const double x = p.px(point[0]), y = p.py(point[1]);
    path += (first ? "M" : "L") + number(x) + " " + number(y);
    first = false;
  }
  if (!first) path += "Z";
}

std::string ward_path(const MultiPolygon& shape, const Projection& p) {
  std::string path;
  auto ring_points = [](const Ring& ring) {
    std::vector<std::array<double, 2>> points;
    points.reserve(ring.size());
    for (const Point& point : ring) points.push_back({point.x(), point.y()});
    return points;
  };
  for (const Polygon& polygon : shape) {
    append_ring(path, ring_points(polygon.outer()), p);
    for (const Ring& inner : polygon.inners()) append_ring(path, ring_points(inner), p);
  }
  return path;
}

std::string area_path(const hotspots::AreaShape& shape, const Projection& p) {
  std::string path;
  for (const hotspots::PolygonRings& part : shape)
    for (const hotspots::Ring2& ring : part.rings) append_ring(path, ring, p);
  return path;
}

// A round length for the scale bar, about a fifth of the map's width.
double scale_bar_m(double map_width_m) {
  const double target = map_width_m / 5;
  const double power = std::pow(10.0, std::floor(std::log10(target)));
  for (double step : {5.0, 2.0, 1.0})
    if (step * power <= target) return step * power;
  return power;
}

std::string scale_bar(const Projection& p, double width_px, double height_px) {
  const double metres = scale_bar_m(width_px / p.scale);
  const double length_px = metres * p.scale;
  const double x = 10, y = height_px - 12;
  const std::string label =
      metres >= 1000 ? std::to_string(static_cast<int>(std::lround(metres / 1000))) + " km"
                     : std::to_string(static_cast<int>(std::lround(metres))) + " m";
  return "<g class=\"scale\"><rect x=\"" + number(x - 4) + "\" y=\"" + number(y - 14) +
         "\" width=\"" + number(length_px + 8 + 7.0 * double(label.size())) +
         "\" height=\"20\" fill=\"#fff\" fill-opacity=\"0.85\"/><path d=\"M" + number(x) + " " +
         number(y - 4) + "V" + number(y) + "H" + number(x + length_px) + "V" + number(y - 4) +
         "\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.5\"/><text x=\"" +
         number(x + length_px + 5) + "\" y=\"" + number(y) + "\" font-size=\"10\">" + label +
         "</text></g>";
}

// ASCII letters only: UTF-8 sequences pass through unchanged.
std::string upper_case(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

bool intersects(const Box& a, const Box& b) {
  return a.min_corner().x() <= b.max_corner().x() && b.min_corner().x() <= a.max_corner().x() &&
         a.min_corner().y() <= b.max_corner().y() && b.min_corner().y() <= a.max_corner().y();
}

}  // namespace

Box padded_frame(const Box& box, double margin, double min_side_m) {
  double xmin = box.min_corner().x(), ymin = box.min_corner().y();
  double xmax = box.max_corner().x(), ymax = box.max_corner().y();
  const double pad = margin * std::max(xmax - xmin, ymax - ymin);
  xmin -= pad, ymin -= pad, xmax += pad, ymax += pad;
  const double grow_x = std::max(0.0, min_side_m - (xmax - xmin)) / 2;
  const double grow_y = std::max(0.0, min_side_m - (ymax - ymin)) / 2;
  return Box{Point{xmin - grow_x, ymin - grow_y}, Point{xmax + grow_x, ymax + grow_y}};
}

namespace {

struct ShownFrame {
  Box extent;
  double scale;  // pixels per metre
};

// The frame widened to the picture's aspect, centred, so the scale is the same both ways.
ShownFrame widen_to_picture(const Box& frame, double width_px, double height_px) {
  const double xmin = frame.min_corner().x(), ymin = frame.min_corner().y();
  const double xmax = frame.max_corner().x(), ymax = frame.max_corner().y();
  const double scale =
      std::min(width_px / std::max(xmax - xmin, 1.0), height_px / std::max(ymax - ymin, 1.0));
  const double cx = (xmin + xmax) / 2, cy = (ymin + ymax) / 2;
  return {Box{Point{cx - width_px / scale / 2, cy - height_px / scale / 2},
              Point{cx + width_px / scale / 2, cy + height_px / scale / 2}},
          scale};
}

}  // namespace

Box shown_extent(const Box& frame, double width_px, double height_px) {
  return widen_to_picture(frame, width_px, height_px).extent;
}

std::vector<MapLabel> labels_in_view(const std::vector<MapLabel>& labels, const SvgMap& map,
                                     std::initializer_list<std::string_view> kinds) {
  const Box shown = shown_extent(map.frame, map.width_px, map.height_px);
  std::vector<MapLabel> in_view;
  for (const MapLabel& label : labels)
    if (std::find(kinds.begin(), kinds.end(), label.kind) != kinds.end() &&
        bg::covered_by(Point{label.x, label.y}, shown))
      in_view.push_back(label);
  return in_view;
}

std::string draw_svg_map(const SvgMap& map) {
  const auto [frame, scale] = widen_to_picture(map.frame, map.width_px, map.height_px);
  const Projection p{frame.min_corner().x(), frame.max_corner().y(), scale};

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 " +
                    number(map.width_px) + " " + number(map.height_px) +
                    "\" role=\"img\" aria-label=\"" + xml_escape(map.title) +
                    "\" font-family=\"DejaVu Sans, sans-serif\"><title>" + xml_escape(map.title) +
                    "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
  if (map.wards) {
    std::string other, highlighted;
    for (size_t w = 0; w < map.wards->size(); ++w) {
      if (!intersects(bg::return_envelope<Box>((*map.wards)[w]), frame)) continue;
      (static_cast<int>(w) == map.highlighted_ward ? highlighted : other) +=
          ward_path((*map.wards)[w], p);
    }
    const bool focus = map.highlighted_ward >= 0;
    svg += "<path d=\"" + other + "\" fill=\"" + (focus ? "#f1f1f1" : "#fafafa") +
           "\" stroke=\"#8c8c8c\" stroke-width=\"0.8\" fill-rule=\"evenodd\"/>";
    if (!highlighted.empty())
      svg += "<path d=\"" + highlighted +
             "\" fill=\"#fff\" stroke=\"#111\" stroke-width=\"2.4\" fill-rule=\"evenodd\"/>";
  }
  std::vector<Rect> taken;
  std::string badges;
  for (const MapArea& area : map.areas) {
    if (!area.shape) continue;
    const std::string d = area_path(*area.shape, p);
    const std::string dash = area.dash.empty() ? "" : " stroke-dasharray=\"" + area.dash + "\"";
    svg += "<path d=\"" + d + "\" fill=\"" + area.hue +
           "\" fill-opacity=\"0.14\" stroke=\"#fff\" stroke-width=\"4.5\" fill-rule=\"evenodd\"/>";
    svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + area.hue +
           "\" stroke-width=\"2.2\" stroke-linejoin=\"round\"" + dash + "/>";
    const double bx = p.px(area.badge_x), by = p.py(area.badge_y);
    if (bx < 0 || by < 0 || bx > map.width_px || by > map.height_px) continue;
    taken.push_back({bx - 9, by - 9, bx + 9, by + 9});
    badges += "<g class=\"badge\"><circle cx=\"" + number(bx) + "\" cy=\"" + number(by) +
              "\" r=\"8.5\" fill=\"" + area.hue +
              "\" stroke=\"#fff\" stroke-width=\"1.6\"/><text x=\"" + number(bx) + "\" y=\"" +
              number(by + 3.4) +
              "\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"#fff\">" +
              std::to_string(area.number) + "</text></g>";
  }
  // Labels: heaviest first, each only where it overlaps nothing already placed.
  std::vector<const MapLabel*> order;
  for (const MapLabel& label : map.labels) order.push_back(&label);
  std::stable_sort(order.begin(), order.end(),
                   [](const MapLabel* a, const MapLabel* b) { return a->weight > b->weight; });
  std::string labels;
  size_t placed = 0;
  for (const MapLabel* label : order) {
    if (placed >= map.max_labels) break;
    const bool ward = label->kind == "ward";
    const std::string text = label->name;
    const double size = ward ? 8.5 : 9;
    const double width = 0.6 * size * double(text.size()) + (ward ? 0.8 * double(text.size()) : 0);
    const double x = p.px(label->x), y = p.py(label->y);
    const Rect box{x - width / 2, y - size, x + width / 2, y + 2};
    if (box.left < 2 || box.top < 2 || box.right > map.width_px - 2 ||
        box.bottom > map.height_px - 2)
      continue;
    if (std::any_of(taken.begin(), taken.end(), [&](const Rect& r) { return r.overlaps(box); }))
      continue;
    taken.push_back(box);
    ++placed;
    labels +=
        "<text x=\"" + number(x) + "\" y=\"" + number(y) +
        "\" text-anchor=\"middle\" font-size=\"" + number(size) + "\"" +
        (ward ? " fill=\"#555\" letter-spacing=\"0.8\" font-weight=\"bold\"" : " fill=\"#111\"") +
        " stroke=\"#fff\" stroke-width=\"2.6\" paint-order=\"stroke\" stroke-linejoin=\"round\">" +
        xml_escape(ward ? upper_case(text) : text) + "</text>";
  }
  svg += labels + badges + scale_bar(p, map.width_px, map.height_px) +
         // Inset by half the stroke, so all four sides of the frame print.
         "<rect x=\"1.5\" y=\"1.5\" width=\"" + number(map.width_px - 3) + "\" height=\"" +
         number(map.height_px - 3) + "\" fill=\"none\" stroke=\"#444\"/></svg>";
  return svg;
}

}  // namespace hotspot::output
