#include "engine/synth/town.hpp"

#include <algorithm>
#include <string>

#include "engine/core/errors.hpp"
#include "engine/core/random.hpp"
#include "engine/synth/synth.hpp"

namespace hotspot::synth {
namespace {

using Path = std::vector<Point>;

const char* const kDemoNames[] = {
    "Southfields", "Mill Green", "Brookside", "Southgate", "Abbey Meadow", "Kingsmead",
    "Marsh End",   "Westfield",  "Hollybush", "St Mary's", "Station",      "Priory",
    "Riverside",   "Eastbrook",  "Westcliff", "Oakwood",   "Market",       "Town Centre",
    "Quayside",    "Harbour",    "Eastfield", "Hillcrest", "Beacon",       "Parkside",
    "Northgate",   "Cathedral",  "Fairview",  "Orchard",   "Highfield",    "Woodlands",
    "Greenacres",  "Northfield", "Heathside", "Moorland",  "Fenwick"};
const char* const kEnclaveName = "Castle";
const char* const kStems[] = {"Ash",    "Beck", "Birch", "Bram", "Brook", "Clay",  "Cole",  "Crane",
                              "Elm",    "Fern", "Fox",   "Glen", "Hart",  "Hazel", "Holly", "Kings",
                              "Lark",   "Lea",  "Lin",   "Mar",  "Mill",  "Moor",  "Oak",   "Pen",
                              "Quarry", "Red",  "Rye",   "Sand", "Stan",  "Thorn", "Wick",  "Wil"};
const char* const kEndings[] = {"ford",  "ton",   "ley",   "field", "wood", "bury",
                                "ham",   "well",  "dale",  "gate",  "side", "more",
                                "stead", "worth", "combe", "hurst"};

struct Lattice {
  int columns = 0, rows = 0, cells = 0;
  double cell_m = 0, origin_x = 0, origin_y = 0;
  std::vector<Point> vertices;             // (columns + 1) × (rows + 1), jittered
  std::vector<Path> horizontal, vertical;  // wiggly edges, each computed once
  const Point& vertex(int i, int j) const { return vertices[j * (columns + 1) + i]; }
};

// An edge from a to b with smooth sideways wiggles that vanish at both ends, so the edges
// meeting at a lattice vertex cannot cross.
Path wiggly_edge(const Point& a, const Point& b, int interior_points, Random& random) {
  const double dx = b.x() - a.x(), dy = b.y() - a.y();
  double amplitude[3];
  for (int k = 0; k < 3; ++k) amplitude[k] = random.uniform(-0.03, 0.03) / (k + 1);
  Path path{a};
  for (int p = 1; p <= interior_points; ++p) {
    const double t = double(p) / (interior_points + 1);
    double offset = 0;
    for (int k = 0; k < 3; ++k) offset += amplitude[k] * std::sin((k + 1) * M_PI * t);
    path.emplace_back(a.x() + t * dx - offset * dy, a.y() + t * dy + offset * dx);
  }
  path.push_back(b);
  return path;
}

Lattice build_lattice(int cells, bool demo, Random& random) {
  Lattice lattice;
  lattice.cells = cells;
  lattice.columns = std::max(7, static_cast<int>(std::ceil(std::sqrt(double(cells)))));
  lattice.rows = (cells + lattice.columns - 1) / lattice.columns;
  // The demo is a town of 2 km wards around OSGB (560000, 190000); large sets spread over
  // about 600 × 600 km of England and Wales (OSGB 120000..720000, 30000..630000).
  const bool town_scale = demo || cells <= 100;
  lattice.cell_m = town_scale ? 2000.0 : 600000.0 / lattice.columns;
  const double centre_x = town_scale ? 560000 : 420000, centre_y = town_scale ? 190000 : 330000;
  lattice.origin_x = centre_x - lattice.columns * lattice.cell_m / 2;
  lattice.origin_y = centre_y - lattice.rows * lattice.cell_m / 2;
  for (int j = 0; j <= lattice.rows; ++j)
    for (int i = 0; i <= lattice.columns; ++i) {
      const double jitter_x = random.uniform(-0.12, 0.12), jitter_y = random.uniform(-0.12, 0.12);
      lattice.vertices.emplace_back(lattice.origin_x + (i + jitter_x) * lattice.cell_m,
                                    lattice.origin_y + (j + jitter_y) * lattice.cell_m);
    }
  const int interior = demo ? 10 : 4;
  for (int j = 0; j <= lattice.rows; ++j)
    for (int i = 0; i < lattice.columns; ++i)
      lattice.horizontal.push_back(
          wiggly_edge(lattice.vertex(i, j), lattice.vertex(i + 1, j), interior, random));
  for (int j = 0; j < lattice.rows; ++j)
    for (int i = 0; i <= lattice.columns; ++i)
      lattice.vertical.push_back(
          wiggly_edge(lattice.vertex(i, j), lattice.vertex(i, j + 1), interior, random));
  return lattice;
}

void append(Path& ring, const Path& edge, bool reversed) {
  // Each edge starts where the previous one ended: skip the repeated first vertex.
  if (reversed)
    ring.insert(ring.end(), edge.rbegin() + 1, edge.rend());
  else
    ring.insert(ring.end(), edge.begin() + 1, edge.end());
}

// The cell's ring, counter-clockwise (bottom, right, top reversed, left reversed), closed.
Path cell_ring(const Lattice& lattice, int i, int j) {
  const int columns = lattice.columns;
  Path ring{lattice.vertex(i, j)};
  append(ring, lattice.horizontal[j * columns + i], false);
  append(ring, lattice.vertical[j * (columns + 1) + i + 1], false);
  append(ring, lattice.horizontal[(j + 1) * columns + i], true);
  append(ring, lattice.vertical[j * (columns + 1) + i], true);
  return ring;
}

Point cell_centre(const Lattice& lattice, int i, int j, double offset_x = 0, double offset_y = 0) {
  const Point corners[] = {lattice.vertex(i, j), lattice.vertex(i + 1, j), lattice.vertex(i, j + 1),
                           lattice.vertex(i + 1, j + 1)};
  double x = 0, y = 0;
  for (const Point& corner : corners) x += corner.x() / 4, y += corner.y() / 4;
  return Point(x + offset_x * lattice.cell_m, y + offset_y * lattice.cell_m);
}

// A wobbly closed loop (counter-clockwise) of radius about radius_m: an enclave's boundary.
Path blob(const Point& centre, double radius_m, Random& random) {
  const double phase = random.uniform(0, 2 * M_PI), wobble = random.uniform(0.05, 0.12);
  Path ring;
  for (int p = 0; p < 24; ++p) {
    const double angle = 2 * M_PI * p / 24;
    const double radius = radius_m * (1 + wobble * std::sin(3 * angle + phase));
    ring.emplace_back(centre.x() + radius * std::cos(angle), centre.y() + radius * std::sin(angle));
  }
  ring.push_back(ring.front());
  return ring;
}

Polygon make_polygon(const Path& exterior, const std::vector<Path>& holes = {}) {
  Polygon polygon;
  polygon.outer().assign(exterior.begin(), exterior.end());
  for (const Path& hole : holes) polygon.inners().emplace_back(hole.begin(), hole.end());
  bg::correct(polygon);  // Boost's orientation: clockwise exterior, counter-clockwise holes
  return polygon;
}

std::string ward_name(bool demo, int index) {
  if (demo) return index < 35 ? kDemoNames[index] : kEnclaveName;
  const int combinations = 32 * 16;
  std::string name = std::string(kStems[index % 32]) + kEndings[(index / 32) % 16];
  if (index >= combinations) {
    name += ' ';
    name += std::to_string(index / combinations + 1);
  }
  return name;
}

// One town's hotspot pattern around base cell (i, j): a night-time economy and shops in the
// centre, shops at a retail park, three residential burglary clusters and two parks.
void add_town_hotspots(const Lattice& lattice, int i, int j, double weight, Town& town) {
  auto at = [&](int di, int dj, double ox, double oy) {
    return cell_centre(lattice, i + di, j + dj, ox, oy);
  };
  auto add = [&](HotspotKind kind, const Point& point, double sigma_m, double share) {
    town.hotspots[kind].push_back(Hotspot{point.x(), point.y(), sigma_m, weight * share});
  };
  add(night_economy, at(0, 0, 0.12, -0.05), 180, 1.0);
  add(night_economy, at(1, 0, -0.1, 0.1), 150, 0.4);
  add(shops, at(0, 0, 0.05, -0.1), 250, 1.0);
  add(shops, at(-1, 0, 0.1, 0.0), 200, 0.35);
  add(shops, at(2, -2, 0.0, 0.1), 150, 0.3);
  add(burglary_cluster, at(-2, -1, 0.0, 0.0), 350, 1.0);
  add(burglary_cluster, at(0, 2, 0.1, -0.1), 300, 0.8);
  add(burglary_cluster, at(3, 1, -0.1, 0.0), 300, 0.6);
  add(parks, at(-1, 1, 0.0, 0.0), 200, 1.0);
  add(parks, at(1, -2, 0.0, 0.1), 250, 0.7);
  add(town_centre, at(0, 0, 0.05, -0.05), 450, 1.0);
}

}  // namespace

Box bounding_box(const MultiPolygon& shape) {
  Box box{Point{INFINITY, INFINITY}, Point{-INFINITY, -INFINITY}};
  for (const Polygon& polygon : shape)
    for (const Point& point : polygon.outer()) {
      box.min_corner() = Point(std::min(box.min_corner().x(), point.x()),
                               std::min(box.min_corner().y(), point.y()));
      box.max_corner() = Point(std::max(box.max_corner().x(), point.x()),
                               std::max(box.max_corner().y(), point.y()));
    }
  return box;
}

Town build_town(int ward_count, uint64_t seed) {
  const bool demo = ward_count == 0;
  if (demo) ward_count = kDemoWards;
  if (ward_count < 30 && !demo)
    throw ConfigError(
        "--wards must be at least 30 (a town needs room for its hotspots), or 0 for the demo town");
  Random random(seed ^ 0x7A3D5EEDull);
  const Lattice lattice = build_lattice(ward_count - 1, demo, random);  // + 1 enclave ward
  Town town;
  town.cell_size_m = lattice.cell_m;
  WardSet& wards = town.wards;
  std::vector<std::vector<Path>> holes(lattice.cells);
  std::vector<Path> detached(lattice.cells);

  // The first town's pattern sits on the middle cell; the enclave and the detached part too.
  const int base_i = lattice.columns / 2, base_j = lattice.rows / 2;
  const int host = base_j * lattice.columns + base_i;
  const Path enclave =
      blob(cell_centre(lattice, base_i, base_j, -0.15, 0.12), 0.12 * lattice.cell_m, random);
  holes[host].push_back(enclave);
  const int exclave_host = (base_j - 1) * lattice.columns + base_i + 2;
  const Path exclave =
      blob(cell_centre(lattice, base_i + 2, base_j - 1, 0.12, 0.0), 0.1 * lattice.cell_m, random);
  holes[exclave_host].push_back(exclave);
  detached[exclave_host + 1] = exclave;

  for (int k = 0; k < lattice.cells; ++k) {
    const int i = k % lattice.columns, j = k / lattice.columns;
    MultiPolygon shape{make_polygon(cell_ring(lattice, i, j), holes[k])};
    if (!detached[k].empty()) shape.push_back(make_polygon(detached[k]));
    wards.shape.push_back(shape);
  }
  wards.shape.push_back(MultiPolygon{make_polygon(enclave)});
  for (int w = 0; w < ward_count; ++w) {
    char code[16];
    std::snprintf(code, sizeof code, "X05%06d", w + 1);
    wards.code.push_back(code);
    wards.name.push_back(ward_name(demo, w));
    wards.population.push_back(std::round(random.uniform(4000, 12000)));
  }
  for (int w = 0; w < ward_count; ++w)
    town.propensity.push_back(std::clamp(std::exp(0.35 * random.normal()), 0.5, 2.2));
  MultiPolygon all_exteriors;
  for (const MultiPolygon& shape : wards.shape)
    all_exteriors.insert(all_exteriors.end(), shape.begin(), shape.end());
  wards.extent = bounding_box(all_exteriors);

  add_town_hotspots(lattice, base_i, base_j, 1.0, town);
  // Large sets get one town pattern per ~36 wards, placed where all its cells exist.
  const int towns = demo ? 1 : std::max(1, ward_count / 36);
  for (int t = 1; t < towns && lattice.columns >= 7 && lattice.rows >= 7; ++t) {
    const int i = 2 + static_cast<int>(random.below(lattice.columns - 5));
    const int j = 2 + static_cast<int>(random.below(lattice.rows - 5));
    add_town_hotspots(lattice, i, j, random.uniform(0.3, 1.0), town);
  }
  return town;
}

}  // namespace hotspot::synth
