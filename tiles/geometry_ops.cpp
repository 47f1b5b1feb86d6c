// Simplification and rectangle clipping; see geometry_ops.hpp for the guarantees.
#include "tiles/geometry_ops.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace hotspot::tiles {

double twice_signed_area(const Point* points, uint32_t count) {
  double sum = 0;
  for (uint32_t i = 0, j = count - 1; i < count; j = i++)
    sum += points[j].x * points[i].y - points[i].x * points[j].y;
  return count < 3 ? 0.0 : sum;
}

bool ring_contains(const Point* ring, uint32_t count, const Point& p) {
  bool inside = false;
  for (uint32_t i = 0, j = count - 1; i < count; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

namespace {

double segment_distance_squared(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double length_squared = dx * dx + dy * dy;
  double t = length_squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / length_squared : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

// Liang-Barsky: the parameter interval [t0, t1] of segment a→b inside the rectangle.
bool clip_segment(const Point& a, const Point& b, const Rectangle& r, double& t0, double& t1) {
  t0 = 0;
  t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - r.min_x, r.max_x - a.x, a.y - r.min_y, r.max_y - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) {
      if (t > t1) return false;
      t0 = std::max(t0, t);
    } else {
      if (t < t0) return false;
      t1 = std::min(t1, t);
    }
  }
  return true;
}

Point point_at(const Point& a, const Point& b, double t, const Rectangle& r) {
  return {std::clamp(a.x + t * (b.x - a.x), r.min_x, r.max_x),
          std::clamp(a.y + t * (b.y - a.y), r.min_y, r.max_y)};
}

// Moves a crossing point exactly onto the nearest rectangle edge so perimeter positions are exact.
Point snap_to_boundary(Point p, const Rectangle& r) {
  const double distances[4] = {p.y - r.min_y, r.max_x - p.x, r.max_y - p.y, p.x - r.min_x};
  const int nearest = static_cast<int>(std::min_element(distances, distances + 4) - distances);
  if (nearest == 0)
    p.y = r.min_y;
  else if (nearest == 1)
    p.x = r.max_x;
  else if (nearest == 2)
    p.y = r.max_y;
  else
    p.x = r.min_x;
  return p;
}

}  // namespace

void Simplifier::simplify(const double* xs, const double* ys, uint32_t count, double tolerance,
                          bool closed, std::vector<uint32_t>& kept) {
  if (count == 0) return;
  const uint32_t span = closed ? count + 1 : count;  // index `count` stands for vertex 0 again
  keep_.assign(span, 0);
  keep_[0] = keep_[span - 1] = 1;
  const double tolerance_squared = tolerance * tolerance;
  stack_.clear();
  if (span > 2) stack_.emplace_back(0, span - 1);
  while (!stack_.empty()) {
    const auto [first, last] = stack_.back();
    stack_.pop_back();
    const uint32_t a = first % count, b = last % count;
    double farthest = -1;
    uint32_t farthest_index = first;
    for (uint32_t i = first + 1; i < last; ++i) {
      const double d = segment_distance_squared(xs[i], ys[i], xs[a], ys[a], xs[b], ys[b]);
      if (d > farthest) {
        farthest = d;
        farthest_index = i;
      }
    }
    if (farthest > tolerance_squared) {
      keep_[farthest_index] = 1;
      if (farthest_index - first > 1) stack_.emplace_back(first, farthest_index);
      if (last - farthest_index > 1) stack_.emplace_back(farthest_index, last);
    }
  }
  for (uint32_t i = 0; i < count; ++i)
    if (keep_[i]) kept.push_back(i);
}

double PolygonClipper::perimeter_t(const Point& p, const Rectangle& r) const {
  // Clockwise on screen (y down) from the top-left corner: top, right, bottom, left edges.
  const double width = r.max_x - r.min_x, height = r.max_y - r.min_y;
  const double distances[4] = {std::fabs(p.y - r.min_y), std::fabs(r.max_x - p.x),
                               std::fabs(r.max_y - p.y), std::fabs(p.x - r.min_x)};
  const int edge = static_cast<int>(std::min_element(distances, distances + 4) - distances);
  double t = 0;
  if (edge == 0)
    t = (p.x - r.min_x) / width;
  else if (edge == 1)
    t = 1 + (p.y - r.min_y) / height;
  else if (edge == 2)
    t = 2 + (r.max_x - p.x) / width;
  else
    t = 3 + (r.max_y - p.y) / height;
  return t >= 4 ? t - 4 : t;
}

void PolygonClipper::collect_chains(const Point* ring, uint32_t count, const Rectangle& r) {
  uint32_t start = 0;
  while (start < count && r.contains(ring[start])) ++start;
  bool in_chain = false;
  Chain chain;
  auto finish = [&] {
    chain.last = static_cast<uint32_t>(chain_points_.size());
    const Point& entry = chain_points_[chain.first];
    const Point& exit = chain_points_[chain.last - 1];
    if (chain.last - chain.first == 2 && entry.x == exit.x && entry.y == exit.y) {
      chain_points_.resize(chain.first);  // only touches the boundary
      return;
    }
    chain.entry_t = perimeter_t(entry, r);
    chain.exit_t = perimeter_t(exit, r);
    chains_.push_back(chain);
  };
  for (uint32_t i = 0; i < count; ++i) {
    const Point& a = ring[(start + i) % count];
    const Point& b = ring[(start + i + 1) % count];
    const bool b_inside = r.contains(b);
    double t0 = 0, t1 = 1;
    if (!in_chain) {
      if (!clip_segment(a, b, r, t0, t1)) {
        if (!b_inside) continue;
        t0 = 1;  // rounding missed a crossing that ends exactly on the boundary
      }
      chain.first = static_cast<uint32_t>(chain_points_.size());
      chain_points_.push_back(snap_to_boundary(point_at(a, b, t0, r), r));
      if (b_inside) {
        chain_points_.push_back(b);
        in_chain = true;
      } else {
        chain_points_.push_back(snap_to_boundary(point_at(a, b, t1, r), r));
        finish();
      }
    } else if (b_inside) {
      chain_points_.push_back(b);
    } else {
      if (!clip_segment(a, b, r, t0, t1)) t1 = 0;
      chain_points_.push_back(snap_to_boundary(point_at(a, b, t1, r), r));
      finish();
      in_chain = false;
    }
  }
}

void PolygonClipper::connect_chains(const Rectangle& r, RingSet& out) {
  entries_.clear();
  for (uint32_t c = 0; c < chains_.size(); ++c) entries_.emplace_back(chains_[c].entry_t, c);
  std::sort(entries_.begin(), entries_.end());
  const Point corners[4] = {
      {r.max_x, r.min_y}, {r.max_x, r.max_y}, {r.min_x, r.max_y}, {r.min_x, r.min_y}};
  for (uint32_t first_chain = 0; first_chain < chains_.size(); ++first_chain) {
    if (chains_[first_chain].used) continue;
    const size_t ring_start = out.points.size();
    uint32_t current = first_chain;
    for (size_t guard = 0; guard <= chains_.size(); ++guard) {
      Chain& chain = chains_[current];
      chain.used = true;
      out.points.insert(out.points.end(), chain_points_.begin() + chain.first,
                        chain_points_.begin() + chain.last);
      const double exit_t = chain.exit_t;
      auto next =
          std::lower_bound(entries_.begin(), entries_.end(), std::make_pair(exit_t, uint32_t{0}));
      if (next == entries_.end()) next = entries_.begin();
      const double entry_t = next->first;
      // Corner k sits at perimeter position k + 1; walk forward (clockwise) from exit to entry.
      const double end_t = entry_t >= exit_t ? entry_t : entry_t + 4;
      for (int k = 0; k < 8; ++k) {
        const double corner_t = k + 1;
        if (corner_t > exit_t && corner_t < end_t) out.points.push_back(corners[k % 4]);
      }
      current = next->second;
      if (current == first_chain || chains_[current].used) break;
    }
    if (out.points.size() - ring_start >= 3)
      out.close_ring(true);
    else
      out.points.resize(ring_start);
  }
}

void PolygonClipper::clip(const RingSet& polygon, const Rectangle& r, RingSet& out) {
  chain_points_.clear();
  chains_.clear();
  exteriors_.clear();
  holes_.clear();
  const Point centre{(r.min_x + r.max_x) / 2, (r.min_y + r.max_y) / 2};
  bool exterior_inside = false, exterior_covers = false, hole_covers = false;
  for (uint32_t ring = 0; ring < polygon.ring_count(); ++ring) {
    const Point* points = polygon.points.data() + polygon.starts[ring];
    const uint32_t count = polygon.starts[ring + 1] - polygon.starts[ring];
    const bool all_inside =
        std::all_of(points, points + count, [&](const Point& p) { return r.contains(p); });
    if (all_inside) {
      RingSet& target = ring == 0 ? exteriors_ : holes_;
      target.points.insert(target.points.end(), points, points + count);
      target.close_ring(ring == 0);
      if (ring == 0) exterior_inside = true;
      continue;
    }
    const size_t chains_before = chains_.size();
    collect_chains(points, count, r);
    if (chains_.size() == chains_before) {  // entirely outside: it may still enclose the rectangle
      const bool encloses = ring_contains(points, count, centre);
      if (ring == 0)
        exterior_covers = encloses;
      else
        hole_covers = hole_covers || encloses;
    }
  }
  if (chains_.empty()) {
    if (!exterior_inside && (!exterior_covers || hole_covers)) return;
    if (exterior_covers) {
      exteriors_.points.assign(
          {{r.min_x, r.min_y}, {r.max_x, r.min_y}, {r.max_x, r.max_y}, {r.min_x, r.max_y}});
      exteriors_.starts.assign({0, 4});
      exteriors_.exterior.assign({1});
    }
  } else {
    connect_chains(r, exteriors_);
  }
  // Each hole goes with the exterior piece that holds it. A hole may touch its exterior at a
  // vertex (grid-cell outlines meet at corners), so one vertex on the boundary cannot decide:
  // up to 16 of its vertices vote, and a hole is never left without an exterior.
  hole_owner_.assign(holes_.ring_count(), 0);
  if (exteriors_.ring_count() > 1) {
    for (uint32_t h = 0; h < holes_.ring_count(); ++h) {
      const Point* hole = holes_.points.data() + holes_.starts[h];
      const uint32_t hole_count = holes_.starts[h + 1] - holes_.starts[h];
      const uint32_t step = std::max<uint32_t>(1, hole_count / 16);
      uint32_t best_votes = 0;
      for (uint32_t e = 0; e < exteriors_.ring_count(); ++e) {
        const Point* exterior = exteriors_.points.data() + exteriors_.starts[e];
        const uint32_t exterior_count = exteriors_.starts[e + 1] - exteriors_.starts[e];
        uint32_t votes = 0;
        for (uint32_t v = 0; v < hole_count; v += step)
          votes += ring_contains(exterior, exterior_count, hole[v]) ? 1 : 0;
        if (votes > best_votes) {
          best_votes = votes;
          hole_owner_[h] = e;
        }
      }
    }
  }
  for (uint32_t e = 0; e < exteriors_.ring_count(); ++e) {
    const Point* exterior = exteriors_.points.data() + exteriors_.starts[e];
    const uint32_t exterior_count = exteriors_.starts[e + 1] - exteriors_.starts[e];
    out.points.insert(out.points.end(), exterior, exterior + exterior_count);
    out.close_ring(true);
    for (uint32_t h = 0; h < holes_.ring_count(); ++h) {
      if (hole_owner_[h] != e) continue;
      const Point* hole = holes_.points.data() + holes_.starts[h];
      out.points.insert(out.points.end(), hole, hole + holes_.starts[h + 1] - holes_.starts[h]);
      out.close_ring(false);
    }
  }
}

void clip_line(const Point* points, uint32_t count, const Rectangle& r, RingSet& out) {
  bool open = false;
  for (uint32_t i = 0; i + 1 < count; ++i) {
    double t0 = 0, t1 = 1;
    if (!clip_segment(points[i], points[i + 1], r, t0, t1)) {
      if (open) out.close_ring(false);
      open = false;
      continue;
    }
    if (open && t0 > 0) {
      out.close_ring(false);
      open = false;
    }
    if (!open) out.points.push_back(point_at(points[i], points[i + 1], t0, r));
    open = true;
    out.points.push_back(point_at(points[i], points[i + 1], t1, r));
    if (t1 < 1) {
      out.close_ring(false);
      open = false;
    }
  }
  if (open) out.close_ring(false);
}

}  // namespace hotspot::tiles

namespace hotspot::tiles {

namespace {

struct Segment {
  int64_t ax, ay, bx, by;
  int64_t min_x, max_x;
  uint32_t ring, index, ring_size;
};

int orientation(int64_t ax, int64_t ay, int64_t bx, int64_t by, int64_t cx, int64_t cy) {
  const int64_t cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return (cross > 0) - (cross < 0);
}

bool within_box(int64_t ax, int64_t ay, int64_t bx, int64_t by, int64_t px, int64_t py) {
  return std::min(ax, bx) <= px && px <= std::max(ax, bx) && std::min(ay, by) <= py &&
         py <= std::max(ay, by);
}

bool segments_meet(const Segment& s, const Segment& t) {
  const int o1 = orientation(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const int o2 = orientation(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const int o3 = orientation(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const int o4 = orientation(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (o1 == 0 && within_box(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)) ||
         (o2 == 0 && within_box(s.ax, s.ay, s.bx, s.by, t.bx, t.by)) ||
         (o3 == 0 && within_box(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)) ||
         (o4 == 0 && within_box(t.ax, t.ay, t.bx, t.by, s.bx, s.by));
}

bool consecutive(const Segment& s, const Segment& t) {
  if (s.ring != t.ring) return false;
  const uint32_t n = s.ring_size;
  return (s.index + 1) % n == t.index || (t.index + 1) % n == s.index;
}

}  // namespace

bool rings_are_simple(const std::vector<int32_t>& xy, const std::vector<uint32_t>& starts) {
  return find_ring_conflict(xy, starts).ring_a < 0;
}

RingConflict find_ring_conflict(const std::vector<int32_t>& xy,
                                const std::vector<uint32_t>& starts) {
  thread_local std::vector<Segment> segments;
  segments.clear();
  for (uint32_t r = 0; r + 1 < starts.size(); ++r) {
    const uint32_t first = starts[r], n = starts[r + 1] - starts[r];
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t a = first + i, b = first + (i + 1) % n;
      Segment s{xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], 0, 0, r, i, n};
      s.min_x = std::min(s.ax, s.bx);
      s.max_x = std::max(s.ax, s.bx);
      segments.push_back(s);
    }
  }
  std::sort(segments.begin(), segments.end(),
            [](const Segment& a, const Segment& b) { return a.min_x < b.min_x; });
  for (size_t i = 0; i < segments.size(); ++i)
    for (size_t j = i + 1; j < segments.size() && segments[j].min_x <= segments[i].max_x; ++j)
      if (!consecutive(segments[i], segments[j]) && segments_meet(segments[i], segments[j]))
        return {static_cast<int32_t>(segments[i].ring), static_cast<int32_t>(segments[i].index),
                static_cast<int32_t>(segments[j].ring), static_cast<int32_t>(segments[j].index)};
  return {};
}

}  // namespace hotspot::tiles
