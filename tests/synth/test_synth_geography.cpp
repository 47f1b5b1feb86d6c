// The synthetic wards: valid, tiling the town exactly (shared boundaries identical vertex for
// vertex), with an enclave and a MultiPolygon ward, placed in Great Britain.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>

#include "engine/synth/synth.hpp"
#include "tests/synth/synth_test_support.hpp"

using namespace hotspot;
using namespace hotspot::synth;

namespace {

using Vertex = std::pair<double, double>;
using Segment = std::pair<Vertex, Vertex>;

struct WardFile {
  std::vector<std::unique_ptr<OGRGeometry>> geometries;
  std::vector<std::string> codes, names;
};

WardFile read_wards(const std::string& path) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> dataset(GDALDataset::Open(
      path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  REQUIRE(dataset);
  WardFile wards;
  for (auto& feature : *dataset->GetLayer(0)) {
    wards.geometries.emplace_back(feature->StealGeometry());
    wards.codes.push_back(feature->GetFieldAsString("WD23CD"));
    wards.names.push_back(feature->GetFieldAsString("WD23NM"));
    CHECK(std::string(feature->GetFieldAsString("LAD23NM")) == "Hotspot Town (synthetic)");
  }
  return wards;
}

void collect_segments(const OGRLinearRing* ring, std::map<Segment, int>& segments) {
  for (int k = 0; k + 1 < ring->getNumPoints(); ++k)
    ++segments[{{ring->getX(k), ring->getY(k)}, {ring->getX(k + 1), ring->getY(k + 1)}}];
}

void collect_segments(const OGRGeometry* geometry, std::map<Segment, int>& segments) {
  auto polygon_segments = [&](const OGRPolygon* polygon) {
    collect_segments(polygon->getExteriorRing(), segments);
    for (int h = 0; h < polygon->getNumInteriorRings(); ++h)
      collect_segments(polygon->getInteriorRing(h), segments);
  };
  if (const auto* polygon = dynamic_cast<const OGRPolygon*>(geometry)) polygon_segments(polygon);
  if (const auto* multi = dynamic_cast<const OGRMultiPolygon*>(geometry))
    for (const OGRPolygon* part : *multi) polygon_segments(part);
}

}  // namespace

TEST_CASE("the demo wards are valid RFC 7946 polygons in Great Britain", "[synth]") {
  const TemporaryFolder folder("valid");
  SynthOptions options;
  options.out_dir = folder.path;
  options.incidents = 10;
  generate(options);
  const WardFile wards = read_wards(folder.path + "/wards.geojson");
  REQUIRE(wards.geometries.size() == kDemoWards);
  int multipolygons = 0, with_holes = 0;
  for (size_t w = 0; w < wards.geometries.size(); ++w) {
    INFO(wards.names[w]);
    const OGRGeometry* geometry = wards.geometries[w].get();
    CHECK(geometry->IsValid());
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    CHECK((envelope.MinX > 0.1 && envelope.MaxX < 0.5 && envelope.MinY > 51.4 &&
           envelope.MaxY < 51.8));
    if (wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon) ++multipolygons;
    if (const auto* polygon = dynamic_cast<const OGRPolygon*>(geometry)) {
      with_holes += polygon->getNumInteriorRings() > 0;
      CHECK_FALSE(
          polygon->getExteriorRing()->isClockwise());  // RFC 7946: exteriors counter-clockwise
      for (int h = 0; h < polygon->getNumInteriorRings(); ++h)
        CHECK(polygon->getInteriorRing(h)->isClockwise());
    }
    CHECK(wards.codes[w].rfind("X05", 0) == 0);
  }
  CHECK(multipolygons == 1);
  CHECK(with_holes == 2);  // the enclave's host and the host of the detached part
  CHECK(std::count(wards.names.begin(), wards.names.end(), "Town Centre") == 1);
}

TEST_CASE("shared ward boundaries are identical vertex for vertex and tile the town", "[synth]") {
  const TemporaryFolder folder("edges");
  SynthOptions options;
  options.out_dir = folder.path;
  options.incidents = 10;
  generate(options);
  const WardFile wards = read_wards(folder.path + "/wards.geojson");
  std::map<Segment, int> segments;
  for (const auto& geometry : wards.geometries) collect_segments(geometry.get(), segments);

  // Every segment is used once in each direction by two neighbours, or once on the town's
  // outline; the unmatched segments must chain into one closed outline.
  std::map<Vertex, Vertex> outline;
  size_t shared = 0;
  for (const auto& [segment, uses] : segments) {
    REQUIRE(uses == 1);
    const Segment reversed{segment.second, segment.first};
    if (segments.count(reversed))
      ++shared;
    else
      outline[segment.first] = segment.second;
  }
  CHECK(shared > 500);
  REQUIRE_FALSE(outline.empty());
  Vertex at = outline.begin()->first;
  size_t steps = 0;
  do {
    REQUIRE(outline.count(at));
    at = outline[at];
    ++steps;
  } while (at != outline.begin()->first && steps <= outline.size());
  CHECK(steps == outline.size());
}

TEST_CASE("the wards in memory are valid Boost.Geometry polygons that do not overlap", "[synth]") {
  SECTION("the demo town") {
    const WardSet wards = synth_wards(SynthOptions{});
    REQUIRE(wards.size() == kDemoWards);
    double area_sum = 0;
    MultiPolygon town;
    for (const MultiPolygon& shape : wards.shape) {
      std::string reason;
      CHECK(bg::is_valid(shape, reason));
      INFO(reason);
      area_sum += bg::area(shape);
      MultiPolygon merged;
      bg::union_(town, shape, merged);
      town = merged;
    }
    // Areas add up to the union: no overlaps (gaps are ruled out by the outline test).
    CHECK(bg::area(town) == Approx(area_sum).epsilon(1e-9));
    CHECK(area_sum / 1e6 == Approx(35 * 4.0).epsilon(0.1));  // 35 cells of about 2 km × 2 km
  }
  SECTION("a national-size set") {
    SynthOptions options;
    options.wards = 400;
    const WardSet wards = synth_wards(options);
    REQUIRE(wards.size() == 400);
    for (const MultiPolygon& shape : wards.shape) CHECK(bg::is_valid(shape));
    const double width_km = (wards.extent.max_corner().x() - wards.extent.min_corner().x()) / 1000;
    CHECK((width_km > 550 && width_km < 650));
    CHECK(std::set<std::string>(wards.name.begin(), wards.name.end()).size() == 400);
  }
}
